// signals.cpp - coda_catch_signals: run the CODA_ON_SIGNAL entries, then die by the signal.
#include <signal.h>

#include <atomic>
#include <cstddef>

#include "coda/posix.h"
#include "global.hpp"

namespace {

constexpr int default_signals[] = {SIGTERM, SIGINT, SIGHUP};
constexpr std::size_t max_caught = 64;

// Written before the handlers are installed, read only by the handler.
int caught[max_caught];
std::atomic<std::size_t> caught_count{0};

void restore_defaults() noexcept {
    struct sigaction action {};
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    const std::size_t count = caught_count.load();
    for (std::size_t i = 0; i < count; ++i) (void)sigaction(caught[i], &action, nullptr);
}

extern "C" void coda_posix_on_signal(int signal_number) {
    // A second caught signal from here on takes the default action: death, at once.
    restore_defaults();
    sigset_t unblock;
    sigemptyset(&unblock);
    const std::size_t count = caught_count.load();
    for (std::size_t i = 0; i < count; ++i) sigaddset(&unblock, caught[i]);
    (void)pthread_sigmask(SIG_UNBLOCK, &unblock, nullptr);

    (void)coda::detail::run_global(CODA_ON_SIGNAL, nullptr, nullptr, nullptr);
    (void)raise(signal_number);  // default action restored: the parent sees WIFSIGNALED
}

bool catchable(int signal_number) noexcept {
    return signal_number > 0 && signal_number < NSIG && signal_number != SIGKILL && signal_number != SIGSTOP;
}

} // namespace

extern "C" int coda_catch_signals(const int *signals, size_t count) {
    if (signals == nullptr || count == 0) {
        signals = default_signals;
        count = sizeof default_signals / sizeof default_signals[0];
    }
    if (count > max_caught) return CODA_EINVAL;
    for (std::size_t i = 0; i < count; ++i) {
        if (!catchable(signals[i])) return CODA_EINVAL;
    }
    caught_count.store(0);
    for (std::size_t i = 0; i < count; ++i) caught[i] = signals[i];
    caught_count.store(count);

    struct sigaction action {};
    action.sa_handler = coda_posix_on_signal;
    sigemptyset(&action.sa_mask);
    for (std::size_t i = 0; i < count; ++i) sigaddset(&action.sa_mask, signals[i]);  // one at a time
    action.sa_flags = SA_RESTART;
    for (std::size_t i = 0; i < count; ++i) {
        if (sigaction(signals[i], &action, nullptr) != 0) return CODA_EINVAL;
    }
    return CODA_OK;
}
