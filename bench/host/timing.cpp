// timing.cpp - nanoseconds per operation with Google Benchmark (bench.sh takes the
// median of the repetitions). <peer>_<op>/N: each iteration times 4096 operations of one
// kind on 4096/N tables of capacity N, prepared untimed (manual time):
//   register    into fresh tables, N each
//   run         one run of each full table (N empty handlers)
//   unregister  N removals from each full table, oldest first
// glibc_atexit registers one handler per iteration (a fixed number: they all run, empty,
// at exit). *_concurrent: T threads register into one shared table; a thread that finds
// it full clears it (coda) or resets it (naive array, which needs a mutex to be shared).
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>
#include <mutex>
#include <new>

#include "coda/registry.hpp"
#include "peers.h"

namespace {

int args[4096];
extern "C" void empty_void() { __asm__ volatile("" ::: "memory"); }


constexpr std::size_t batch = 4096;  // operations timed per iteration, whatever N

// One iteration: batch / N tables of capacity N are prepared untimed (fresh, or fresh
// and filled), then one kind of operation on all of them is timed (manual time), so the
// clock's own cost is spread over 4096 operations and nothing is derived by subtraction.
template <std::size_t N, int What>  // 0 register, 1 run, 2 unregister
void BM_coda(benchmark::State &state) {
    constexpr std::size_t tables = batch / N;
    alignas(64) static unsigned char storage[tables][sizeof(coda::registry<N>)];
    coda::registry<N> *r[tables];
    for (auto _ : state) {
        for (std::size_t k = 0; k < tables; ++k) {
            r[k] = new (storage[k]) coda::registry<N>();
            if constexpr (What != 0) {
                for (std::size_t i = 0; i < N; ++i) (void)r[k]->add(empty_handler, &args[i], CODA_ON_EXIT);
            }
        }
        benchmark::ClobberMemory();
        const auto t0 = std::chrono::steady_clock::now();
        for (std::size_t k = 0; k < tables; ++k) {
            if constexpr (What == 0) {
                for (std::size_t i = 0; i < N; ++i) benchmark::DoNotOptimize(r[k]->add(empty_handler, &args[i], CODA_ON_EXIT));
            } else if constexpr (What == 1) {
                benchmark::DoNotOptimize(r[k]->run(CODA_ON_EXIT));
            } else {
                for (std::size_t i = 0; i < N; ++i) benchmark::DoNotOptimize(r[k]->remove(empty_handler, &args[i]));
            }
        }
        benchmark::ClobberMemory();
        const auto t1 = std::chrono::steady_clock::now();
        state.SetIterationTime(std::chrono::duration<double>(t1 - t0).count());
    }
}

template <std::size_t N, int What>
void BM_naive(benchmark::State &state) {
    constexpr std::size_t tables = batch / N;
    static naive_entry entries[tables][N];
    naive_table t[tables];
    for (auto _ : state) {
        for (std::size_t k = 0; k < tables; ++k) {
            t[k] = {entries[k], N, 0};
            if constexpr (What != 0) {
                for (std::size_t i = 0; i < N; ++i) (void)naive_register(&t[k], empty_handler, &args[i]);
            }
        }
        benchmark::ClobberMemory();
        const auto t0 = std::chrono::steady_clock::now();
        for (std::size_t k = 0; k < tables; ++k) {
            if constexpr (What == 0) {
                for (std::size_t i = 0; i < N; ++i) benchmark::DoNotOptimize(naive_register(&t[k], empty_handler, &args[i]));
            } else if constexpr (What == 1) {
                benchmark::DoNotOptimize(naive_run(&t[k]));
            } else {
                for (std::size_t i = 0; i < N; ++i) benchmark::DoNotOptimize(naive_unregister(&t[k], empty_handler, &args[i]));
            }
        }
        benchmark::ClobberMemory();
        const auto t1 = std::chrono::steady_clock::now();
        state.SetIterationTime(std::chrono::duration<double>(t1 - t0).count());
    }
}

void BM_glibc_atexit(benchmark::State &state) {
    for (auto _ : state) benchmark::DoNotOptimize(atexit(empty_void));
}

template <std::size_t N>
void BM_coda_concurrent(benchmark::State &state) {
    static constinit coda::registry<N> shared;
    if (state.thread_index() == 0) shared.clear();
    for (auto _ : state) {
        if (shared.add(empty_handler, &args[state.thread_index()], CODA_ON_EXIT) != coda::status::ok) shared.clear();
    }
}

// Registrations alone: a table big enough for every registration of the run, cleared
// before the threads start (untimed), so no clear is inside the measurement.
constexpr std::size_t roomy = 65535;
constexpr std::size_t roomy_per_thread = 30000;  // two threads: 60000 <= roomy
constinit coda::registry<roomy> roomy_table;

void BM_coda_concurrent_no_clear(benchmark::State &state) {
    if (state.thread_index() == 0) roomy_table.clear();
    for (auto _ : state) {
        if (roomy_table.add(empty_handler, &args[state.thread_index()], CODA_ON_EXIT) != coda::status::ok) {
            state.SkipWithError("the table filled up: no room left without a clear");
            break;
        }
    }
}

// The clear that makes room, on its own: a full table of 256 entries cleared, per entry.
void BM_coda_clear(benchmark::State &state) {
    static constinit coda::registry<256> full;
    for (auto _ : state) {
        state.PauseTiming();
        for (std::size_t i = 0; i < 256; ++i) (void)full.add(empty_handler, &args[0], CODA_ON_EXIT);
        state.ResumeTiming();
        full.clear();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * 256);
}

template <std::size_t N>
void BM_naive_mutex_concurrent(benchmark::State &state) {
    static naive_entry entries[N];
    static naive_table t = {entries, N, 0};
    static std::mutex lock;
    for (auto _ : state) {
        std::lock_guard<std::mutex> guard(lock);
        if (naive_register(&t, empty_handler, &args[state.thread_index()]) != 0) t.count = 0;
    }
}

void BM_glibc_atexit_concurrent(benchmark::State &state) {
    for (auto _ : state) benchmark::DoNotOptimize(atexit(empty_void));
}

#define CODA_BENCH_CAP(N)                                                           \
    BENCHMARK(BM_coda<N, 0>)->Name("coda_register/" #N)->UseManualTime();            \
    BENCHMARK(BM_coda<N, 1>)->Name("coda_run/" #N)->UseManualTime();                 \
    BENCHMARK(BM_coda<N, 2>)->Name("coda_unregister/" #N)->UseManualTime();          \
    BENCHMARK(BM_naive<N, 0>)->Name("naive_register/" #N)->UseManualTime();          \
    BENCHMARK(BM_naive<N, 1>)->Name("naive_run/" #N)->UseManualTime();               \
    BENCHMARK(BM_naive<N, 2>)->Name("naive_unregister/" #N)->UseManualTime();
CODA_BENCH_CAP(8)
CODA_BENCH_CAP(32)
CODA_BENCH_CAP(256)
CODA_BENCH_CAP(4096)

// A fixed count: each registration stays until exit (glibc has no removal).
BENCHMARK(BM_glibc_atexit)->Name("glibc_atexit")->Iterations(200000);
BENCHMARK(BM_coda_concurrent<256>)->Name("coda_concurrent/256")->ThreadRange(1, 2)->UseRealTime();
BENCHMARK(BM_naive_mutex_concurrent<256>)->Name("naive_mutex_concurrent/256")->ThreadRange(1, 2)->UseRealTime();
BENCHMARK(BM_glibc_atexit_concurrent)->Name("glibc_atexit_concurrent")->ThreadRange(1, 2)->Iterations(100000)->UseRealTime();
BENCHMARK(BM_coda_concurrent_no_clear)->Name("coda_concurrent_no_clear/65535")->ThreadRange(1, 2)
    ->Iterations(roomy_per_thread)->UseRealTime();
BENCHMARK(BM_coda_clear)->Name("coda_clear/256");

} // namespace

BENCHMARK_MAIN();
