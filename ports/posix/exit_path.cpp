// exit_path.cpp - runs the global registry from exit() and quick_exit().
//
// The hooks are installed with atexit/at_quick_exit at the first registration, so the
// coda block runs where that registration stands in the C library's LIFO exit order:
// after atexit handlers and static destructors registered later, before those
// registered earlier (objects that existed when you registered are still alive).
#include <atomic>
#include <cstdio>
#include <cstdlib>

#include "coda/registry.hpp"
#include "port.hpp"

namespace {

std::atomic<bool> exit_path_armed{false};

int refuse_all(void *) { return 0; }

// Eligible exit entries still pending: a run whose budget refuses counts them as skipped.
unsigned exit_entries_pending() {
    coda_report peek{};
    (void)coda::global().run(CODA_ON_EXIT, refuse_all, nullptr, &peek);
    return peek.skipped;
}

extern "C" void coda_posix_run_exit() {
    // A handler that calls exit() again re-enters the C library's exit handlers, never
    // returning here: this fresh hook, found there, finishes the run with the others.
    if (exit_entries_pending() != 0) (void)std::atexit(coda_posix_run_exit);
    (void)coda::global().run_final(CODA_ON_EXIT);
}

extern "C" void coda_posix_run_quick_exit() {
    (void)coda::global().run_final(CODA_ON_QUICK_EXIT);
    (void)std::fflush(nullptr);  // quick_exit flushes no stdio; handlers' output must not be lost
}

} // namespace

namespace coda::port {

void registered() noexcept {
    bool expected = false;
    if (exit_path_armed.load(std::memory_order_relaxed) || !exit_path_armed.compare_exchange_strong(expected, true)) {
        return;
    }
    (void)std::atexit(coda_posix_run_exit);
    (void)std::at_quick_exit(coda_posix_run_quick_exit);
}

} // namespace coda::port
