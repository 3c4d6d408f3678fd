// worker_demo - Python's atexit.register(self._stop_background_worker), in C++.
//
// A worker object runs a background thread and registers its own stop method with
// coda. main returns without stopping it; coda stops it at exit, before the process
// ends, and the worker reports how much it did and that its thread was joined.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

#include "coda/registry.hpp"

namespace {

class background_worker {
public:
    void start() {
        thread_ = std::thread([this] { work(); });
        std::unique_lock<std::mutex> lock(mutex_);
        progress_.wait(lock, [this] { return jobs_done_ >= 3; });  // let it do some work
    }

    // Registered with coda: the clean shutdown main never calls itself.
    void stop() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_one();
        thread_.join();
        std::printf("worker: stopped cleanly after %d jobs, thread joined\n", jobs_done_);
    }

private:
    void work() {
        std::unique_lock<std::mutex> lock(mutex_);
        while (!stopping_) {
            ++jobs_done_;
            progress_.notify_one();
            wake_.wait_for(lock, std::chrono::milliseconds(1));
        }
    }

    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable progress_;
    bool stopping_ = false;
    int jobs_done_ = 0;
};

background_worker worker;  // static storage: alive until after the exit handlers

void say_goodbye() { std::printf("goodbye: handlers ran newest first\n"); }

} // namespace

int main() {
    if (coda::global().add<&say_goodbye>() != coda::status::ok) return 1;
    worker.start();
    if (coda::global().add<&background_worker::stop>(worker) != coda::status::ok) return 1;
    std::printf("main: worker running, %zu cleanup handlers pending; returning from main\n",
                coda::global().pending());
    return 0;  // exit() runs coda's exit entries: worker.stop(), then say_goodbye()
}
