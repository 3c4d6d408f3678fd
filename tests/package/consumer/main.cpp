// The C++ half of the consumer: registers after the C handler, runs CODA_ON_EXIT by hand
// and prints the trace; the package test compares it with the LIFO order.
#include <coda/coda.h>
#include <coda/registry.hpp>

#include <cstdio>

extern "C" int register_c_handler(void);

namespace {
struct tracer {
    void stop() { std::puts("run: c++ handler (registered second)"); }
};
tracer trace;
} // namespace

int main() {
    // CODA_CAPACITY reaches users through coda::coda's interface definitions.
    static_assert(coda::registry<CODA_CAPACITY>::capacity() == CODA_CAPACITY);
    if (coda_capacity() != CODA_CAPACITY) {
        std::printf("coda_capacity() is %zu, CODA_CAPACITY is %d\n", coda_capacity(), CODA_CAPACITY);
        return 1;
    }
    std::printf("capacity %zu\n", coda_capacity());

    if (register_c_handler() != CODA_OK) return 2;
    if (coda::global().add<&tracer::stop>(trace) != coda::status::ok) return 3;

    std::size_t ran = coda_run(CODA_ON_EXIT);
    std::printf("ran %zu, pending %zu\n", ran, coda_pending());
    std::fflush(stdout);
    return ran == 2 && coda_pending() == 0 ? 0 : 4;
}
