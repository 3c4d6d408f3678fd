// scenarios.cpp - the child processes of the process tests: one scenario per run.
//
//     coda_process_scenarios SCENARIO [ARG]
//
// Each scenario registers entries in coda::global() and then ends the process in one
// way (return from main, exit, quick_exit, _exit, abort, a signal, ...). Handlers write
// with write(2) on fd 1, unbuffered, so the order of the output is the order of the
// calls; the quick_exit scenario uses stdio on purpose (the port must flush it).
// process_test.cpp runs each scenario in a fresh process and checks its exact stdout
// and how it ended. A scenario that sees an unexpected status writes
// "unexpected: ..." and ends with _exit(99) (or 98 for setup failures).
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include <cxxabi.h>

#include "coda/coda.h"
#include "coda/posix.h"
#include "global.hpp"  // fork_with_threads_inside: the state other threads leave

namespace {

// ---------------------------------------------------------------------------------
// Output: async-signal-safe, unbuffered, whole strings.

void put_fd(int fd, const char *text) noexcept {
    for (std::size_t left = std::strlen(text); left > 0;) {
        const ssize_t wrote = ::write(fd, text, left);
        if (wrote <= 0) return;
        text += wrote;
        left -= static_cast<std::size_t>(wrote);
    }
}

void put(const char *text) noexcept { put_fd(STDOUT_FILENO, text); }

// Formats a signed number into buf (at least 24 bytes); async-signal-safe.
const char *format_number(char *buf, std::size_t size, long long value) noexcept {
    char *end = buf + size - 1;
    *end = '\0';
    char *p = end;
    const bool negative = value < 0;
    unsigned long long magnitude =
        negative ? 0ull - static_cast<unsigned long long>(value) : static_cast<unsigned long long>(value);
    do {
        *--p = static_cast<char>('0' + magnitude % 10u);
        magnitude /= 10u;
    } while (magnitude != 0 && p > buf + 1);
    if (negative) *--p = '-';
    return p;
}

// Writes prefix, the number and suffix as one write(2), so concurrent writers never
// interleave inside a line.
void put_line(const char *prefix, long long value, const char *suffix) noexcept {
    char line[96];
    char digits[24];
    const char *number = format_number(digits, sizeof digits, value);
    std::size_t n = 0;
    for (const char *part : {prefix, number, suffix}) {
        for (; *part != '\0' && n < sizeof line - 1; ++part) line[n++] = *part;
    }
    line[n] = '\0';
    put(line);
}

[[noreturn]] void fail(const char *what, long long value) noexcept {
    put_line(what, value, "\n");
    ::_exit(99);
}

// Every registration a scenario makes must succeed unless the scenario says otherwise.
void must(int status, const char *what) noexcept {
    if (status != CODA_OK) fail(what, status);
}

void *text(const char *s) noexcept { return const_cast<char *>(s); }

void *id_arg(std::uintptr_t id) noexcept { return reinterpret_cast<void *>(id); }

std::uintptr_t arg_id(void *arg) noexcept { return reinterpret_cast<std::uintptr_t>(arg); }

// A prefix every print_arg output starts with: the fork scenario sets it in the child.
const char *volatile output_prefix = "";

// The common handler: writes its argument, a C string.
void print_arg(void *arg) {
    char line[128];
    std::size_t n = 0;
    const char *prefix = output_prefix;
    for (const char *part : {prefix, static_cast<const char *>(arg)}) {
        for (; *part != '\0' && n < sizeof line - 1; ++part) line[n++] = *part;
    }
    line[n] = '\0';
    put(line);
}

// Writes its argument, a number, as "PREFIX<id>\n" where PREFIX is "m" (signal marker).
void print_marker(void *arg) { put_line("m", static_cast<long long>(arg_id(arg)), "\n"); }

// Writes its argument, a number, on its own line.
void print_id(void *arg) { put_line("", static_cast<long long>(arg_id(arg)), "\n"); }

// Threads are detached: the process ends while they run or after they finished, and
// nobody joins them (TSan would call a finished, unjoined thread a leak).
void start_detached(void *(*body)(void *), void *arg) noexcept {
    pthread_attr_t attr;
    pthread_t thread;
    if (pthread_attr_init(&attr) != 0 || pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED) != 0 ||
        pthread_create(&thread, &attr, body, arg) != 0) {
        put("pthread_create failed\n");
        ::_exit(98);
    }
    (void)pthread_attr_destroy(&attr);
}

// ---------------------------------------------------------------------------------
// Normal termination: return from main, exit(k), a handler calling exit(j).

// Exit entries run newest first, each with its own argument; the same pair registered
// twice runs twice; entries for other triggers do not run.
int return_from_main(int, char **) {
    must(coda_register(print_arg, text("a\n")), "register a: ");
    must(coda_register_on(print_arg, text("quick-only\n"), CODA_ON_QUICK_EXIT), "register quick-only: ");
    must(coda_register_on(print_arg, text("signal-only\n"), CODA_ON_SIGNAL), "register signal-only: ");
    must(coda_register_on(print_arg, text("b\n"), CODA_ON_EXIT), "register b: ");
    must(coda_register_on(print_arg, text("twice\n"), CODA_ON_EXIT), "register twice#1: ");
    must(coda_register_on(print_arg, text("twice\n"), CODA_ON_EXIT), "register twice#2: ");
    must(coda_register_on(print_arg, text("c\n"), CODA_ON_ANY), "register c: ");
    put("main returns\n");
    return 0;
}

// exit(k) with k = argv[2]: the entries run, the status is k.
int exit_with(int argc, char **argv) {
    const int code = argc > 2 ? std::atoi(argv[2]) : 0;
    must(coda_register(print_arg, text("a\n")), "register a: ");
    must(coda_register_on(print_arg, text("b\n"), CODA_ON_EXIT), "register b: ");
    put_line("exit(", code, ")\n");
    std::exit(code);
}

void exiting_handler(void *) {
    put("exiting handler calls exit(9)\n");
    std::exit(9);
}

// A handler calls exit(9) in the middle of the run started by exit(4): the entries not
// yet run still run, once each, and the status is 9.
int handler_calls_exit(int, char **) {
    must(coda_register(print_arg, text("a\n")), "register a: ");
    must(coda_register_on(print_arg, text("b\n"), CODA_ON_EXIT), "register b: ");
    must(coda_register_on(exiting_handler, nullptr, CODA_ON_EXIT), "register exiting: ");
    must(coda_register(print_arg, text("c\n")), "register c: ");
    must(coda_register(print_arg, text("d\n")), "register d: ");
    put("exit(4)\n");
    std::exit(4);
}

// ---------------------------------------------------------------------------------
// Abnormal termination: nothing runs.

void register_everything() noexcept {
    must(coda_register_on(print_arg, text("any\n"), CODA_ON_ANY), "register any: ");
    must(coda_register(print_arg, text("graceful\n")), "register graceful: ");
    must(coda_register_on(print_arg, text("exit\n"), CODA_ON_EXIT), "register exit: ");
    must(coda_register_on(print_arg, text("signal\n"), CODA_ON_SIGNAL), "register signal: ");
    must(coda_catch_signals(nullptr, 0), "coda_catch_signals: ");
}

int underscore_exit(int, char **) {
    register_everything();
    put("_exit(6)\n");
    ::_exit(6);
}

int abort_process(int, char **) {
    register_everything();
    put("abort()\n");
    std::abort();
}

int sigkill_self(int, char **) {
    register_everything();
    put("raise(SIGKILL)\n");
    (void)::raise(SIGKILL);
    put("unexpected: alive after SIGKILL\n");
    return 99;
}

// ---------------------------------------------------------------------------------
// quick_exit: only the quick-exit entries, and their stdio output is flushed.

void printf_arg(void *arg) { std::printf("%s", static_cast<const char *>(arg)); }

int quick_exit_runs_quick_entries(int, char **) {
    // stdout is a pipe, hence fully buffered anyway; make sure of it.
    (void)std::setvbuf(stdout, nullptr, _IOFBF, 4096);
    must(coda_register_on(printf_arg, text("q1\n"), CODA_ON_QUICK_EXIT), "register q1: ");
    must(coda_register_on(printf_arg, text("exit-only\n"), CODA_ON_EXIT), "register exit-only: ");
    must(coda_register(printf_arg, text("graceful\n")), "register graceful: ");
    must(coda_register_on(printf_arg, text("both\n"), CODA_ON_QUICK_EXIT | CODA_ON_EXIT), "register both: ");
    must(coda_register_on(printf_arg, text("q2\n"), CODA_ON_QUICK_EXIT), "register q2: ");
    std::printf("main calls quick_exit(5)\n");
    std::quick_exit(5);
}

extern "C" void after_quick_exit_block() {
    put_line("late at_quick_exit handler: coda_register_on -> ",
             coda_register_on(print_arg, text("never\n"), CODA_ON_QUICK_EXIT), "\n");
}

// An at_quick_exit handler registered before coda's hook runs after the coda block and
// finds the registry sealed.
int quick_exit_seals(int, char **) {
    if (std::at_quick_exit(after_quick_exit_block) != 0) fail("at_quick_exit failed: ", 0);
    must(coda_register_on(print_arg, text("q\n"), CODA_ON_QUICK_EXIT), "register q: ");
    put("quick_exit(0)\n");
    std::quick_exit(0);
}

// ---------------------------------------------------------------------------------
// glibc's order test (stdlib/tst-atexit): every slot used, handlers registering.

void order_0(void *) { put("0"); }
void order_1(void *) { put("1"); }
void order_2(void *) {
    put("2");
    must(coda_register_on(order_1, nullptr, CODA_ON_EXIT), "\nhandler 2 registers 1: ");
}
void order_3(void *) {
    put("3");
    must(coda_register_on(order_2, nullptr, CODA_ON_EXIT), "\nhandler 3 registers 2: ");
    must(coda_register_on(order_0, nullptr, CODA_ON_EXIT), "\nhandler 3 registers 0: ");
}
void order_final(void *) {
    put("\n");
    ::_exit(7);
}

int glibc_order(int, char **) {
    const std::size_t capacity = coda_capacity();
    if (capacity != CODA_CAPACITY || capacity < 7) fail("unexpected capacity: ", static_cast<long long>(capacity));
    const coda_fn first[] = {order_final, order_1, order_3, order_1, order_2, order_1, order_3};
    for (coda_fn fn : first) must(coda_register_on(fn, nullptr, CODA_ON_EXIT), "register: ");
    for (std::size_t i = 7; i < capacity; ++i) must(coda_register_on(order_0, nullptr, CODA_ON_EXIT), "register 0: ");
    if (coda_pending() != capacity) fail("unexpected pending: ", static_cast<long long>(coda_pending()));
    if (coda_register_on(order_0, nullptr, CODA_ON_EXIT) != CODA_EFULL) fail("not full after capacity entries", 0);
    return 0;
}

// ---------------------------------------------------------------------------------
// A handler registering when the table is full gets CODA_EFULL; the run goes on.

void extra_handler(void *) { put("extra\n"); }
void never_handler(void *) { put("unexpected: never_handler ran\n"); }
void fill_handler(void *) { put("f"); }
void greedy_handler(void *) {
    // The run freed this handler's slot before calling it: one registration fits.
    const int first = coda_register_on(extra_handler, nullptr, CODA_ON_EXIT);
    const int second = coda_register_on(never_handler, nullptr, CODA_ON_EXIT);
    put_line("greedy: first ", first, "");
    put_line(", second ", second, "\n");
}

int full_from_handler(int, char **) {
    const std::size_t capacity = coda_capacity();
    if (capacity < 3) fail("capacity too small: ", static_cast<long long>(capacity));
    must(coda_register_on(print_arg, text("\ntail\n"), CODA_ON_EXIT), "register tail: ");
    for (std::size_t i = 2; i < capacity; ++i) must(coda_register_on(fill_handler, nullptr, CODA_ON_EXIT), "fill: ");
    must(coda_register_on(greedy_handler, nullptr, CODA_ON_EXIT), "register greedy: ");
    put_line("pending ", static_cast<long long>(coda_pending()), "\n");
    return 0;
}

// ---------------------------------------------------------------------------------
// Termination signals.

// Sleeps in short steps rather than pause(): ThreadSanitizer defers a signal to the
// thread's next intercepted call, and one landing just before pause() waited forever.
[[noreturn]] void wait_forever() {
    for (;;) {
        const timespec step{0, 10'000'000};
        (void)::nanosleep(&step, nullptr);
    }
}

[[noreturn]] void ready_and_wait() {
    put("ready\n");
    wait_forever();
}

// argv[2]: "default" -> coda_catch_signals(NULL, 0); "usr1" -> {SIGUSR1}.
int signal_entries(int argc, char **argv) {
    must(coda_register(print_arg, text("graceful\n")), "register graceful: ");
    must(coda_register_on(print_arg, text("exit-only\n"), CODA_ON_EXIT), "register exit-only: ");
    must(coda_register_on(print_arg, text("signal-1\n"), CODA_ON_SIGNAL), "register signal-1: ");
    must(coda_register_on(print_arg, text("quick-only\n"), CODA_ON_QUICK_EXIT), "register quick-only: ");
    must(coda_register_on(print_arg, text("signal-2\n"), CODA_ON_SIGNAL | CODA_ON_BROWNOUT), "register signal-2: ");
    if (argc > 2 && std::strcmp(argv[2], "usr1") == 0) {
        const int usr1[] = {SIGUSR1};
        must(coda_catch_signals(usr1, 1), "coda_catch_signals(SIGUSR1): ");
    } else {
        must(coda_catch_signals(nullptr, 0), "coda_catch_signals: ");
    }
    ready_and_wait();
}

void slow_handler(void *) {
    put("slow\n");
    unsigned left = 10;
    while (left > 0) left = ::sleep(left);
    put("woke\n");
}

// The signal run is slow; a second SIGINT must end the process at once.
int slow_signal_handler(int, char **) {
    must(coda_register_on(print_arg, text("older\n"), CODA_ON_SIGNAL), "register older: ");
    must(coda_register_on(slow_handler, nullptr, CODA_ON_SIGNAL), "register slow: ");
    must(coda_catch_signals(nullptr, 0), "coda_catch_signals: ");
    ready_and_wait();
}

// An exit handler raises SIGTERM in the middle of the exit run: the signal run runs
// the signal entries still pending, none twice, and the process dies by SIGTERM.
void raising_handler(void *) {
    put("raise(SIGTERM)\n");
    (void)::raise(SIGTERM);
    put("unexpected: alive after SIGTERM\n");
}

int signal_during_exit(int, char **) {
    must(coda_catch_signals(nullptr, 0), "coda_catch_signals: ");
    must(coda_register(print_arg, text("a\n")), "register a: ");
    must(coda_register_on(print_arg, text("signal-only\n"), CODA_ON_SIGNAL), "register signal-only: ");
    must(coda_register_on(raising_handler, nullptr, CODA_ON_EXIT), "register raising: ");
    must(coda_register(print_arg, text("b\n")), "register b: ");
    must(coda_register_on(print_arg, text("exit-only\n"), CODA_ON_EXIT), "register exit-only: ");
    put("exit(0)\n");
    std::exit(0);
}

// SIGTERM lands while a thread registers and unregisters in a tight loop.
// argv[2] "registrar": only the registrar thread takes the signal, so it interrupts
// coda_register / coda_unregister on that very thread; "main": only the main thread
// takes it, so the signal run races the registrar on another CPU.
bool storm_on_registrar = true;

void *storm_loop(void *) {
    sigset_t caught;
    sigemptyset(&caught);
    for (int s : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&caught, s);
    (void)pthread_sigmask(storm_on_registrar ? SIG_UNBLOCK : SIG_BLOCK, &caught, nullptr);
    for (std::uintptr_t id = 1;; ++id) {
        const int status = coda_register_on(print_marker, id_arg(id), CODA_ON_SIGNAL);
        if (status != CODA_OK && status != CODA_EFULL) fail("unexpected: storm register: ", status);
        if (!storm_on_registrar || id % 4 != 0) {
            (void)coda_unregister_arg(print_marker, id_arg(id));
        }  // else: left pending for a while; the next iteration's removal takes it
        if (storm_on_registrar && id % 4 == 1) (void)coda_unregister(print_marker);
        if (id == 1) put("ready\n");
    }
    return nullptr;
}

int signal_storm(int argc, char **argv) {
    storm_on_registrar = !(argc > 2 && std::strcmp(argv[2], "main") == 0);
    must(coda_catch_signals(nullptr, 0), "coda_catch_signals: ");
    // The oldest signal entry: "end" is the signal run's last line, so a run that hung is seen.
    must(coda_register_on(print_arg, text("end\n"), CODA_ON_SIGNAL), "register end: ");
    sigset_t caught;
    sigemptyset(&caught);
    for (int s : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&caught, s);
    if (storm_on_registrar) (void)pthread_sigmask(SIG_BLOCK, &caught, nullptr);
    start_detached(storm_loop, nullptr);
    wait_forever();
}

// ---------------------------------------------------------------------------------
// Threads.

pthread_barrier_t exit_barrier;

void *exit_at_barrier(void *) {
    (void)pthread_barrier_wait(&exit_barrier);
    std::exit(0);
}

// Eight threads call exit(0) at the same moment: each entry runs at most once.
int threads_exit_together(int, char **) {
    static const char *const names[] = {"h0\n", "h1\n", "h2\n", "h3\n", "h4\n", "h5\n", "h6\n", "h7\n"};
    for (const char *name : names) must(coda_register_on(print_arg, text(name), CODA_ON_EXIT), "register: ");
    constexpr unsigned threads = 8;
    if (pthread_barrier_init(&exit_barrier, nullptr, threads) != 0) fail("pthread_barrier_init failed", 0);
    put("threads start\n");
    for (unsigned i = 0; i < threads; ++i) {
        start_detached(exit_at_barrier, nullptr);
    }
    wait_forever();
}

constexpr unsigned registrar_threads = 64;
constexpr unsigned registrations_per_thread = 40;
std::atomic<unsigned> registrars_started{0};

void *register_while_exiting(void *arg) {
    const std::uintptr_t thread = arg_id(arg);
    registrars_started.fetch_add(1);
    for (std::uintptr_t i = 0; i < registrations_per_thread; ++i) {
        const std::uintptr_t id = thread * 1000u + i + 1u;
        for (;;) {
            const int status = coda_register_on(print_id, id_arg(id), CODA_ON_EXIT);
            if (status == CODA_OK) break;
            if (status == CODA_ECLOSED) return nullptr;
            if (status != CODA_EFULL) fail("unexpected: register: ", status);
            (void)sched_yield();
        }
    }
    return nullptr;
}

// 64 threads register in a loop while main exits: no crash, no entry run twice.
int exit_while_threads_register(int, char **) {
    for (unsigned t = 0; t < registrar_threads; ++t) start_detached(register_while_exiting, id_arg(t));
    while (registrars_started.load() < registrar_threads) (void)sched_yield();
    put("exit(0)\n");
    std::exit(0);
}

// A registration racing the end of the final run (exit or quick_exit). Every
// registration that returned CODA_OK must run: CODA_OK promises a run, CODA_ECLOSED
// says "it would never run". One registrar thread answers each handler call of the
// final run: the handler (which only logs to memory) waits until the registrar is about
// to register, then returns, so the registration races the run's next scan, which is
// often its last one. The registrar stops at CODA_ECLOSED, or after 256 registrations.
// A checker installed with atexit / at_quick_exit before coda's hooks (so it runs after
// the coda block and the seal) compares what was accepted with what ran.
// argv: [2] "exit" or "quick", [3] extra busy-loop iterations before a handler returns.
namespace race {
constexpr std::size_t max_steps = 256;
std::uint32_t accepted[max_steps];    // written by the registrar
std::atomic<std::size_t> accepted_count{0};
std::uint32_t ran[max_steps + 1];     // written by the final run
std::atomic<std::size_t> ran_count{0};
std::atomic<unsigned> calls{0};       // handler calls in the final run
std::atomic<unsigned> answered{0};    // the last call the registrar answered
std::atomic<bool> retired{false};     // the registrar stopped: handlers do not wait
std::atomic<bool> stop{false};        // set by the checker: the final run is over
std::atomic<bool> started{false};
std::atomic<unsigned> spin_sink{0};
unsigned trigger = CODA_ON_EXIT;
unsigned hand_over_delay = 0;

void hand_over() {
    const unsigned call = calls.fetch_add(1) + 1;
    // Busy (the registrar answers within a microsecond on another CPU); yield after a short
    // while, in case it shares this CPU (loaded machine): a spin would hold it off a time slice.
    for (long spins = 0; spins < 2001000 && answered.load() < call && !retired.load(); ++spins) {
        if (spins > 20000) (void)sched_yield();
    }
    for (unsigned spin = 0; spin < hand_over_delay; ++spin) spin_sink.fetch_add(1, std::memory_order_relaxed);
}

void log_run(void *arg) {
    const std::size_t i = ran_count.fetch_add(1);
    if (i < sizeof ran / sizeof ran[0]) ran[i] = static_cast<std::uint32_t>(arg_id(arg));
    hand_over();
}

void oldest_entry(void *) {
    put("oldest entry\n");
    hand_over();
}

void *registrar(void *) {
    started.store(true);
    unsigned seen = 0;
    std::size_t n = 0;
    for (std::uint32_t id = 1; n < max_steps; ++id) {
        for (long spins = 0; calls.load() == seen && !stop.load(); ++spins) {
            if (spins > 20000) (void)sched_yield();  // soon, as in hand_over
        }
        if (stop.load()) break;
        seen = calls.load();
        answered.store(seen);
        const int status = coda_register_on(log_run, id_arg(id), trigger);
        if (status == CODA_OK) {
            accepted[n++] = id;
            accepted_count.store(n);
        } else if (status == CODA_ECLOSED) {
            break;
        } else if (status != CODA_EFULL) {
            fail("unexpected: register: ", status);
        }
    }
    retired.store(true);
    return nullptr;
}

extern "C" void check_after_coda_block() {
    stop.store(true);
    for (int waited_ms = 0; waited_ms < 5000 && !retired.load(); ++waited_ms) ::usleep(1000);
    if (!retired.load()) put("unexpected: the registrar still registers after the final run\n");
    const std::size_t ran_n = ran_count.load();
    if (ran_n > sizeof ran / sizeof ran[0]) fail("unexpected: too many runs: ", static_cast<long long>(ran_n));
    const std::size_t accepted_n = accepted_count.load();
    std::size_t lost = 0;
    std::size_t twice = 0;
    for (std::size_t i = 0; i < accepted_n; ++i) {
        std::size_t times = 0;
        for (std::size_t j = 0; j < ran_n; ++j) times += ran[j] == accepted[i] ? 1u : 0u;
        if (times == 0) put_line("lost: CODA_OK but never ran: id ", accepted[i], "\n");
        lost += times == 0 ? 1u : 0u;
        twice += times > 1 ? 1u : 0u;
    }
    put_line("accepted ", static_cast<long long>(accepted_n), "");
    put_line(", ran ", static_cast<long long>(ran_n), "");
    put_line(", lost ", static_cast<long long>(lost), "");
    put_line(", twice ", static_cast<long long>(twice), "\n");
}
} // namespace race

int registrations_racing_the_final_run(int argc, char **argv) {
    const bool quick = argc > 2 && std::strcmp(argv[2], "quick") == 0;
    if (argc > 3) race::hand_over_delay = static_cast<unsigned>(std::atoi(argv[3]));
    race::trigger = quick ? CODA_ON_QUICK_EXIT : CODA_ON_EXIT;
    const int installed = quick ? std::at_quick_exit(race::check_after_coda_block)
                                : std::atexit(race::check_after_coda_block);
    if (installed != 0) fail("atexit failed", 0);
    // The first registration arms coda's hooks: after the checker, so before it at exit.
    must(coda_register_on(race::oldest_entry, nullptr, race::trigger), "register oldest: ");
    start_detached(race::registrar, nullptr);
    while (!race::started.load()) (void)sched_yield();
    if (quick) {
        put("quick_exit(0)\n");
        std::quick_exit(0);
    }
    put("exit(0)\n");
    std::exit(0);
}

// ---------------------------------------------------------------------------------
// fork: the child inherits the pending entries and runs them at its own exit.

int fork_inherits(int, char **) {
    must(coda_register(print_arg, text("p1\n")), "register p1: ");
    must(coda_register_on(print_arg, text("p2\n"), CODA_ON_EXIT), "register p2: ");
    const pid_t child = ::fork();
    if (child < 0) fail("fork failed", 0);
    if (child == 0) {
        output_prefix = "child:";
        must(coda_register_on(print_arg, text("c1\n"), CODA_ON_EXIT), "child register c1: ");
        std::exit(0);
    }
    int status = 0;
    if (::waitpid(child, &status, 0) != child) fail("waitpid failed", 0);
    if (WIFEXITED(status)) {
        put_line("parent: child exited with ", WEXITSTATUS(status), "\n");
    } else {
        put_line("parent: child ended by signal ", WIFSIGNALED(status) ? WTERMSIG(status) : -1, "\n");
    }
    must(coda_register_on(print_arg, text("p3\n"), CODA_ON_EXIT), "register p3: ");
    return 0;
}

// fork while other threads were inside the global registry: left as a removal, a
// registration and a compaction stopped at the fork would leave it (set through the
// core's view: a thread cannot be stopped there on purpose). The child must still hold
// exactly CODA_CAPACITY entries: the port's fork child handler forgets the gone threads.
int fork_with_threads_inside(int, char **) {
    must(coda_register_on(print_arg, text("p1\n"), CODA_ON_QUICK_EXIT), "register p1: ");
    must(coda_register_on(print_arg, text("p2\n"), CODA_ON_QUICK_EXIT), "register p2: ");
    const coda::detail::table<coda::detail::global_index> &t = coda::detail::global_table;
    t.claimers.store(t.claimers.load() + 2);  // a removal and a compaction under way (nothing else runs)
    t.ctl.top.store(static_cast<coda::detail::global_index>(t.ctl.top.load() + 1));  // a reserved position, not published
    t.meta[0].store(static_cast<std::uint8_t>(2));  // p1 claimed by a run (state `claimed`, src/table_impl.hpp)
    const pid_t child = ::fork();
    if (child < 0) fail("fork failed", 0);
    if (child == 0) {
        output_prefix = "child:";
        long accepted = 0;
        while (coda_register_on(print_arg, text("c\n"), CODA_ON_EXIT) == CODA_OK) ++accepted;
        put_line("child: pending ", static_cast<long long>(coda_pending()), "\n");
        put_line("child: accepted ", accepted, "\n");
        coda_clear();
        std::quick_exit(0);
    }
    int status = 0;
    if (::waitpid(child, &status, 0) != child) fail("waitpid failed", 0);
    put_line("parent: child exited with ", WIFEXITED(status) ? WEXITSTATUS(status) : -1, "\n");
    ::_exit(0);
}

// ---------------------------------------------------------------------------------
// Static destructors and the exit order.

// Its destructor registers after the exit run: CODA_ECLOSED.
struct registers_when_destroyed {
    const char *name;
    ~registers_when_destroyed() {
        const int status = coda_register_on(print_arg, text("unexpected: late entry ran\n"), CODA_ON_EXIT);
        put(name);
        put_line(": coda_register_on -> ", status, "\n");
    }
};

// A function-local static constructed before the first registration: its destructor
// was queued (__cxa_atexit) before coda's atexit hook, so it runs after the coda block,
// when the registry is sealed.
int static_destructor_after_run(int, char **) {
    static registers_when_destroyed early{"early static destructor"};
    must(coda_register_on(print_arg, text("exit entry\n"), CODA_ON_EXIT), "register: ");
    put("main returns\n");
    return 0;
}

// A static constructed after the first registration: its destructor runs before the
// coda block, so its registration succeeds and runs in that block.
struct registers_before_run {
    ~registers_before_run() {
        const int status = coda_register_on(print_arg, text("registered by destructor\n"), CODA_ON_EXIT);
        put_line("late static destructor: coda_register_on -> ", status, "\n");
    }
};

int static_destructor_before_run(int, char **) {
    must(coda_register_on(print_arg, text("first entry\n"), CODA_ON_EXIT), "register: ");
    static registers_before_run late;
    put("main returns\n");
    return 0;
}

// ---------------------------------------------------------------------------------
// A throwing handler: one stderr line naming it, the run goes on, the status stays.

} // namespace

// Exported (the executable is linked with ENABLE_EXPORTS) so that dladdr can name it.
extern "C" void coda_scenario_throwing_handler(void *) {
    put("throwing handler\n");
    throw std::runtime_error("boom");
}

namespace {

int throwing_handler(int, char **) {
    must(coda_register(print_arg, text("a\n")), "register a: ");
    must(coda_register_on(coda_scenario_throwing_handler, nullptr, CODA_ON_EXIT), "register thrower: ");
    must(coda_register(print_arg, text("b\n")), "register b: ");
    put("exit(3)\n");
    std::exit(3);
}

// A throwing handler with internal linkage (no dynamic symbol: dladdr finds no name):
// the stderr line names its module and its offset there, as nm and addr2line show it.
void coda_scenario_static_thrower(void *) {
    put("static throwing handler\n");
    throw std::runtime_error("static boom");
}

int static_throwing_handler(int, char **) {
    must(coda_register_on(print_arg, text("a\n"), CODA_ON_EXIT), "register a: ");
    must(coda_register_on(coda_scenario_static_thrower, nullptr, CODA_ON_EXIT), "register thrower: ");
    put("exit(3)\n");
    std::exit(3);
}

// ---------------------------------------------------------------------------------
// A handler that ends its thread (pthread_exit: a forced unwind, not an exception).

void ends_its_thread(void *) {
    put("handler calls pthread_exit\n");
    ::pthread_exit(nullptr);
}

struct says_when_unwound {
    says_when_unwound() = default;
    says_when_unwound(const says_when_unwound &) = delete;
    says_when_unwound &operator=(const says_when_unwound &) = delete;
    ~says_when_unwound() { put("thread cleanup ran\n"); }
};

// Through coda_run, which is not noexcept: this frame's cleanup runs as the thread
// unwinds. (Not registry::run: noexcept, see tests/process/README.md.)
void *run_exit_entries(void *) {
    const says_when_unwound guard;
    (void)coda_run(CODA_ON_EXIT);
    put("unexpected: the run returned\n");
    return nullptr;
}

// A thread runs the exit entries; the handler in the middle calls pthread_exit: that
// thread ends (joinable, joined), its entry is consumed, the older one stays pending and
// runs at exit.
int handler_ends_its_thread(int, char **) {
    must(coda_register_on(print_arg, text("older\n"), CODA_ON_EXIT), "register older: ");
    must(coda_register_on(ends_its_thread, nullptr, CODA_ON_EXIT), "register pthread_exit handler: ");
    must(coda_register_on(print_arg, text("newer\n"), CODA_ON_EXIT), "register newer: ");
    pthread_t thread;
    if (pthread_create(&thread, nullptr, run_exit_entries, nullptr) != 0) fail("pthread_create failed", 0);
    void *result = text("not set");
    if (pthread_join(thread, &result) != 0) fail("pthread_join failed", 0);
    put(result == nullptr ? "thread joined: pthread_exit(NULL)\n" : "unexpected: thread result\n");
    put_line("pending ", static_cast<long long>(coda_pending()), "\n");
    put("main returns\n");
    return 0;
}

// ---------------------------------------------------------------------------------
// The first registration arms the exit path. Test hooks in this program's own atexit.

namespace interposed_atexit {
thread_local bool hold_next = false;  // park this thread's next atexit call, forever
thread_local int raise_in_next = 0;   // raise this signal inside this thread's next atexit call
thread_local bool inside = false;     // this thread is inside atexit
std::atomic<bool> held{false};        // a thread is parked inside atexit

extern "C" void call_atexit_function(void *fn) noexcept {
    void (*function)() = nullptr;
    std::memcpy(&function, &fn, sizeof function);
    function();
}
} // namespace interposed_atexit

} // namespace

extern void *__dso_handle;  // this module's handle (crtbegin), as the C library's atexit passes to __cxa_atexit

// Replaces the C library's atexit (glibc keeps it in libc_nonshared.a, linked only when
// nothing defines it) for every caller in this program, coda's port included. It does
// what glibc's does, a __cxa_atexit call, plus the hooks above.
extern "C" int atexit(void (*fn)()) noexcept {
    using namespace interposed_atexit;
    if (inside) {  // the C library holds a lock that is not recursive here: a real deadlock
        put("unexpected: atexit entered again on the same thread (from a signal handler)\n");
        ::_exit(99);
    }
    inside = true;
    if (raise_in_next != 0) {
        const int signal_number = raise_in_next;
        raise_in_next = 0;
        (void)::raise(signal_number);
    }
    if (hold_next) {
        hold_next = false;
        held.store(true);
        wait_forever();
    }
    void *target = nullptr;
    static_assert(sizeof target == sizeof fn, "function and data pointers differ in size");
    std::memcpy(&target, &fn, sizeof target);
    // A module handle that is never null: ThreadSanitizer's __cxa_atexit drops the argument without one.
    const int status = abi::__cxa_atexit(call_atexit_function, target, &__dso_handle);
    inside = false;
    return status;
}

namespace {

// One thread's first registration is parked inside the atexit call that arms the exit
// path, forever. Another registration made meanwhile must still run: it returned
// CODA_OK. argv[2] "exit": exit(0) follows; "quick": quick_exit(0), a quick-exit entry.
void *first_registration_held_in_atexit(void *) {
    interposed_atexit::hold_next = true;
    const int status = coda_register_on(print_arg, text("unexpected: the held registration ran\n"), CODA_ON_ANY);
    put_line("unexpected: the held registration returned ", status, "\n");
    return nullptr;
}

int registration_while_arming(int argc, char **argv) {
    const bool quick = argc > 2 && std::strcmp(argv[2], "quick") == 0;
    start_detached(first_registration_held_in_atexit, nullptr);
    while (!interposed_atexit::held.load()) (void)sched_yield();
    must(coda_register_on(print_arg, text("registered while the first registration arms\n"),
                          quick ? CODA_ON_QUICK_EXIT : CODA_ON_EXIT),
         "register: ");
    if (quick) {
        put("quick_exit(0)\n");
        std::quick_exit(0);
    }
    put("exit(0)\n");
    std::exit(0);
}

extern "C" void register_from_signal_handler(int) {
    put_line("signal handler: coda_register_on -> ",
             coda_register_on(print_arg, text("registered by the signal handler\n"), CODA_ON_EXIT), "\n");
}

// SIGUSR1 is raised inside the atexit call of the first registration; its handler
// registers. No deadlock (the C library's atexit is never entered twice on one thread),
// and both entries run at exit.
int signal_while_arming(int, char **) {
    struct sigaction action {};
    action.sa_handler = register_from_signal_handler;
    sigemptyset(&action.sa_mask);
    if (sigaction(SIGUSR1, &action, nullptr) != 0) fail("sigaction failed", 0);
    interposed_atexit::raise_in_next = SIGUSR1;
    must(coda_register_on(print_arg, text("first registration\n"), CODA_ON_EXIT), "register first: ");
    put("exit(0)\n");
    std::exit(0);
}

// ---------------------------------------------------------------------------------

struct scenario {
    const char *name;
    int (*run)(int argc, char **argv);
};

constexpr scenario scenarios[] = {
    {"return_from_main", return_from_main},
    {"exit_with", exit_with},
    {"handler_calls_exit", handler_calls_exit},
    {"underscore_exit", underscore_exit},
    {"abort", abort_process},
    {"sigkill", sigkill_self},
    {"quick_exit", quick_exit_runs_quick_entries},
    {"quick_exit_seals", quick_exit_seals},
    {"glibc_order", glibc_order},
    {"full_from_handler", full_from_handler},
    {"signal", signal_entries},
    {"slow_signal", slow_signal_handler},
    {"signal_during_exit", signal_during_exit},
    {"signal_storm", signal_storm},
    {"threads_exit_together", threads_exit_together},
    {"exit_while_threads_register", exit_while_threads_register},
    {"registrations_racing_the_final_run", registrations_racing_the_final_run},
    {"fork", fork_inherits},
    {"fork_with_threads_inside", fork_with_threads_inside},
    {"static_destructor_after_run", static_destructor_after_run},
    {"static_destructor_before_run", static_destructor_before_run},
    {"throwing_handler", throwing_handler},
    {"static_throwing_handler", static_throwing_handler},
    {"handler_ends_its_thread", handler_ends_its_thread},
    {"registration_while_arming", registration_while_arming},
    {"signal_while_arming", signal_while_arming},
};

} // namespace

int main(int argc, char **argv) {
    if (argc >= 2) {
        for (const scenario &s : scenarios) {
            if (std::strcmp(argv[1], s.name) == 0) return s.run(argc, argv);
        }
    }
    put_fd(STDERR_FILENO, "usage: coda_process_scenarios SCENARIO [ARG]\nscenarios:");
    for (const scenario &s : scenarios) {
        put_fd(STDERR_FILENO, " ");
        put_fd(STDERR_FILENO, s.name);
    }
    put_fd(STDERR_FILENO, "\n");
    return 125;
}
