// exit_path.cpp - runs the global registry from exit() and quick_exit().
//
// The hooks are installed with atexit/at_quick_exit at the first registration, so the
// coda block runs where that registration stands in the C library's LIFO exit order:
// after atexit handlers and static destructors registered later, before those
// registered earlier (objects that existed when you registered are still alive).
//
// Arming: a registration returns only after hooks are installed, its own or ones whose
// installation it has seen finished (exit_path_armed). Registrations racing the first
// one each install their own: the block runs at the newest of those hooks, the others
// find it done. Signals are blocked during the installation, so a signal handler that
// registers never enters atexit again on the same thread (glibc's lock there is not
// recursive). tests/process/README.md, "Arming the exit path".
#include <signal.h>

#include <cstdio>
#include <cstdlib>

#include "global.hpp"
#include "port.hpp"
#include "posix_port.hpp"

namespace {

// Left unblocked while arming: a fault there must still reach the program's handler.
constexpr int synchronous_faults[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGSYS};

extern "C" void coda_posix_run_exit() {
    // A handler that calls exit() again re-enters the C library's exit handlers, never
    // returning here: this fresh hook, found there, finishes the run with the others.
    if (coda::detail::pending_for(coda::detail::global_table, CODA_ON_EXIT) != 0) {
        (void)std::atexit(coda_posix_run_exit);
    }
    coda::detail::run_final_global(CODA_ON_EXIT);
}

extern "C" void coda_posix_run_quick_exit() {
    coda::detail::run_final_global(CODA_ON_QUICK_EXIT);
    (void)std::fflush(nullptr);  // quick_exit flushes no stdio; handlers' output must not be lost
}

} // namespace

namespace coda::port {

// True once some registration has installed the hooks (and both calls returned 0).
constinit coda::detail::atomic<bool> exit_path_armed{false};

// registered()'s slow path: not seen armed, so install hooks of our own before the
// registration may succeed.
void arm_exit_path() noexcept {
    sigset_t all;
    sigset_t previous;
    (void)sigfillset(&all);
    for (int fault : synchronous_faults) (void)sigdelset(&all, fault);
    (void)pthread_sigmask(SIG_BLOCK, &all, &previous);
    const bool hooked = std::atexit(coda_posix_run_exit) == 0 && std::at_quick_exit(coda_posix_run_quick_exit) == 0;
    (void)watch_forks();  // a fork's child gets its full capacity back (fork.cpp); repeating it is harmless
    if (hooked) exit_path_armed.store(true, coda::detail::memory_order::release);  // else the next registration tries again
    (void)pthread_sigmask(SIG_SETMASK, &previous, nullptr);
}

} // namespace coda::port
