// icount.cpp - instructions per operation, counted by callgrind (deterministic).
//
// Run under: valgrind --tool=callgrind --collect-atstart=no --callgrind-out-file=DIR/cg.%p
//   bench_icount ops          every in-process measurement, one callgrind dump each
//   bench_icount glibc-run K  registers K atexit handlers between a "start" and a "stop"
//                             handler and returns from main: glibc's exit-time run
// Each measurement toggles collection on around a loop of K operations and dumps the
// count under a name (CALLGRIND_DUMP_STATS_AT); bench.sh reads the dumps and divides.
// Removals go oldest first (the naive array must then scan and shift). The loop's own cost is dumped apart as
// "loop_K" (an empty call with the same arguments) and subtracted by bench.sh. A run is
// measured at K and at 0 entries: per handler = (I(K) - I(0)) / K, for every peer alike.
#include <valgrind/callgrind.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

#include "coda/registry.hpp"
#include "peers.h"

namespace {

int args[4096];

extern "C" void empty_void() { __asm__ volatile("" ::: "memory"); }
extern "C" int __cxa_atexit(void (*)(void *), void *, void *);
extern "C" void *__dso_handle;

void dump(const char *what, std::size_t k) {
    char name[96];
    std::snprintf(name, sizeof name, "%s_%zu", what, k);
    CALLGRIND_DUMP_STATS_AT(name);
}
#define MEASURE(what, k, code)      \
    do {                            \
        CALLGRIND_ZERO_STATS;       \
        CALLGRIND_TOGGLE_COLLECT;   \
        code;                       \
        CALLGRIND_TOGGLE_COLLECT;   \
        dump(what, k);              \
    } while (0)

template <std::size_t N>
void coda_ops() {
    alignas(64) static unsigned char storage[sizeof(coda::registry<N>)];
    auto *r = new (storage) coda::registry<N>();
    MEASURE("loop", N, for (std::size_t i = 0; i < N; ++i) (void)noop_register(r, empty_handler, &args[i]));
    MEASURE("coda_register", N,
            for (std::size_t i = 0; i < N; ++i) (void)r->add(empty_handler, &args[i], CODA_ON_EXIT));
    MEASURE("coda_run", N, (void)r->run(CODA_ON_EXIT));
    MEASURE("coda_run_empty", N, (void)r->run(CODA_ON_EXIT));  // empty now
    r = new (storage) coda::registry<N>();
    for (std::size_t i = 0; i < N; ++i) (void)r->add(empty_handler, &args[i], CODA_ON_EXIT);
    MEASURE("coda_unregister", N, for (std::size_t i = 0; i < N; ++i) (void)r->remove(empty_handler, &args[i]));
    // Registration into a table whose holes must first be compacted (after removals
    // from the middle): the amortised worst case of registration.
    r = new (storage) coda::registry<N>();
    for (std::size_t i = 0; i < N; ++i) (void)r->add(empty_handler, &args[i], CODA_ON_EXIT);
    for (std::size_t i = 0; i < N; i += 2) (void)r->remove(empty_handler, &args[i]);
    MEASURE("coda_register_compacting", N / 2,
            for (std::size_t i = 0; i < N; i += 2) (void)r->add(empty_handler, &args[i], CODA_ON_EXIT));

    static naive_entry entries[N];
    naive_table t = {entries, N, 0};
    MEASURE("naive_register", N, for (std::size_t i = 0; i < N; ++i) (void)naive_register(&t, empty_handler, &args[i]));
    MEASURE("naive_run", N, (void)naive_run(&t));
    MEASURE("naive_run_empty", N, (void)naive_run(&t));
    for (std::size_t i = 0; i < N; ++i) (void)naive_register(&t, empty_handler, &args[i]);
    MEASURE("naive_unregister", N, for (std::size_t i = 0; i < N; ++i) (void)naive_unregister(&t, empty_handler, &args[i]));

    // glibc: atexit has no capacity (it allocates blocks of 32); these handlers stay
    // registered and run, empty, when this process exits.
    MEASURE("glibc_register", N,
            for (std::size_t i = 0; i < N; ++i) (void)atexit(empty_void));
    // __cxa_atexit: function and argument, like coda (atexit passes NULL and __dso_handle).
    MEASURE("glibc_cxa_register", N,
            for (std::size_t i = 0; i < N; ++i) (void)__cxa_atexit(empty_handler, &args[i], __dso_handle));
}

std::size_t glibc_k = 0;
void start_handler() { CALLGRIND_ZERO_STATS; CALLGRIND_TOGGLE_COLLECT; }
void stop_handler() {
    CALLGRIND_TOGGLE_COLLECT;
    dump("glibc_run", glibc_k);
}

} // namespace

int main(int argc, char **argv) {
    if (argc >= 2 && std::strcmp(argv[1], "ops") == 0) {
        // Warm-up, not measured: the POSIX port arms its exit hooks at the first
        // registration, and the dynamic linker binds atexit at its first call.
        {
            coda::registry<1> warm;
            (void)warm.add(empty_handler, nullptr, CODA_ON_EXIT);
            (void)warm.remove(empty_handler);
            (void)warm.run(CODA_ON_EXIT);
            (void)atexit(empty_void);
        }
        coda_ops<8>();
        coda_ops<32>();
        coda_ops<256>();
        coda_ops<4096>();
        return 0;
    }
    if (argc >= 3 && std::strcmp(argv[1], "glibc-run") == 0) {
        // Oldest first: stop runs last, start runs first; between them, K handlers.
        glibc_k = std::strtoul(argv[2], nullptr, 10);
        (void)atexit(stop_handler);
        for (std::size_t i = 0; i < glibc_k; ++i) (void)atexit(empty_void);
        (void)atexit(start_handler);
        return 0;
    }
    std::fprintf(stderr, "usage: bench_icount ops | glibc-run K   (under valgrind --tool=callgrind)\n");
    return 2;
}
