// counter - the example from Python's atexit documentation, in C++:
//
//     try:
//         with open('counterfile') as infile:
//             _count = int(infile.read())
//     except FileNotFoundError:
//         _count = 0
//     ...
//     atexit.register(savecounter)
//
// The count is read from "counterfile" at start-up and saved back at exit by a member
// function registered with coda::global().add<&counter::save>(c), so each run carries
// on from the last: "count: 1", then "count: 2", then "count: 3".
#include <cstdio>

#include "coda/registry.hpp"

namespace {

class counter {
public:
    explicit counter(const char *path) : path_(path) {
        if (std::FILE *in = std::fopen(path_, "r")) {
            if (std::fscanf(in, "%d", &count_) != 1) count_ = 0;
            std::fclose(in);
        }
    }

    void increment() { ++count_; }
    int value() const { return count_; }

    // Registered with coda: runs at exit, after main has returned.
    void save() {
        std::FILE *out = std::fopen(path_, "w");
        if (out == nullptr) {
            std::perror(path_);
            return;
        }
        std::fprintf(out, "%d\n", count_);
        if (std::fclose(out) != 0) std::perror(path_);
    }

private:
    const char *path_;
    int count_ = 0;
};

counter c{"counterfile"};  // static storage: alive until after the exit handlers

} // namespace

int main() {
    // Default triggers, but no signals are caught here: save runs at exit, where stdio is fine.
    if (coda::global().add<&counter::save>(c) != coda::status::ok) return 1;
    c.increment();
    std::printf("count: %d\n", c.value());
    return 0;  // exit() runs c.save()
}
