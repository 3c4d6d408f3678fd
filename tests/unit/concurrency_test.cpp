// concurrency_test.cpp - coda::registry<N> hammered by threads (docs/semantics.md section 4, S9).
//
// Every add attempt carries a unique id as its argument. Handlers count, per id, how
// often they ran; removers count what they removed, using only ids (and functions) of
// their own thread so that every removal is attributable. When the threads are done,
// the main thread runs every trigger once more; then each successful add must be
// accounted for exactly once (ran once, or removed once), nothing may have run twice or
// without a successful add, and pending() must be 0. The final runs are single-threaded,
// so they also check that the order of what survived is still newest first.
//
// Sizes are iterations, not time: CODA_STRESS_SCALE=<n> multiplies them.
#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "coda/registry.hpp"

namespace {

constexpr std::array<unsigned, 5> all_triggers = {CODA_ON_EXIT, CODA_ON_QUICK_EXIT, CODA_ON_SIGNAL, CODA_ON_RESET,
                                                  CODA_ON_BROWNOUT};

std::size_t scale() {
    const char *text = std::getenv("CODA_STRESS_SCALE");
    if (text == nullptr) return 1;
    const long value = std::strtol(text, nullptr, 10);
    return value > 0 ? static_cast<std::size_t>(value) : 1;
}

struct rng {
    std::uint64_t state;
    std::uint32_t next() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return static_cast<std::uint32_t>(state >> 11);
    }
    std::uint32_t below(std::uint32_t n) { return next() % n; }
};

void *arg_of(std::size_t id) { return reinterpret_cast<void *>(static_cast<std::uintptr_t>(id + 1)); }
std::size_t id_of(void *arg) { return static_cast<std::size_t>(reinterpret_cast<std::uintptr_t>(arg)) - 1; }

// Who did what with each id. Set up by the main thread before the threads start.
struct ledger {
    explicit ledger(std::size_t ids)
        : size(ids), added(new std::atomic<std::uint8_t>[ids]()), ran(new std::atomic<std::uint32_t>[ids]()),
          removed(new std::atomic<std::uint32_t>[ids]()) {}

    std::size_t size;
    std::unique_ptr<std::atomic<std::uint8_t>[]> added;  // the add returned ok
    std::unique_ptr<std::atomic<std::uint32_t>[]> ran;  // handler calls
    std::unique_ptr<std::atomic<std::uint32_t>[]> removed;  // remove(fn, arg) said 1
    std::atomic<std::size_t> calls{0};  // every handler call
    std::atomic<std::size_t> bogus{0};  // calls with an argument no add ever used
    std::atomic<std::size_t> returned{0};  // sum of what run() returned
    std::atomic<std::size_t> max_pending{0};  // the largest pending() any thread saw
    std::atomic<std::size_t> remove_overcount{0};  // remove(fn, unique arg) returned > 1
    // S2: thread T's handlers were only registered with T's ids [T * ids_per_thread,
    // (T + 1) * ids_per_thread), the chained handler only with chain ids. A call that
    // pairs a function with another registration's argument is a torn or mixed entry.
    std::size_t ids_per_thread = 0;  // 0: not checked
    std::atomic<std::size_t> mismatched{0};
    // Handler re-registration (chain entries): ids [chain_begin, chain_end).
    std::size_t chain_begin = 0, chain_end = 0;
    std::atomic<std::size_t> chain_next{0};
    // Probe entries (see probe_mid_stream): ids [probe_begin, probe_end), brownout only;
    // runners leave CODA_ON_BROWNOUT alone while the probe is not done.
    std::size_t probe_begin = 0, probe_end = 0;
    std::atomic<bool> probe_pending{false};
    void *registry = nullptr;
    std::size_t (*add_chained)(void *registry, std::size_t id, unsigned triggers) = nullptr;
};

ledger *g_ledger = nullptr;
// Written by the main thread only while no other thread runs: the final runs' call order.
std::vector<std::size_t> *g_final_order = nullptr;
// Per thread: the ids this thread's outermost runs called, in order.
thread_local std::vector<std::size_t> *t_claims = nullptr;
thread_local int t_nesting = 0;

void note_pending(std::size_t n) {
    std::size_t seen = g_ledger->max_pending.load();
    while (n > seen && !g_ledger->max_pending.compare_exchange_weak(seen, n)) {
    }
}

constexpr int chained_owner = -1;
constexpr int probe_owner = -2;

void record_call(void *arg, int owner) {
    ledger &l = *g_ledger;
    l.calls.fetch_add(1);
    const std::size_t id = id_of(arg);
    if (id >= l.size) {
        l.bogus.fetch_add(1);
        return;
    }
    const bool in_range = owner == chained_owner ? id >= l.chain_begin && id < l.chain_end
                          : owner == probe_owner ? id >= l.probe_begin && id < l.probe_end
                                                 : l.ids_per_thread == 0 || id / l.ids_per_thread == static_cast<std::size_t>(owner);
    if (!in_range) {
        l.mismatched.fetch_add(1);
    }
    l.ran[id].fetch_add(1);
    if (t_claims != nullptr && t_nesting == 0) t_claims->push_back(id);
    if (g_final_order != nullptr) g_final_order->push_back(id);
}

// One handler per adding thread, so that remove(fn) counts are attributable.
template <int Thread>
void own_handler(void *arg) {
    record_call(arg, Thread);
}
// A handler that registers a new entry (a chain id) while a run is in progress.
template <int Thread>
void chain_handler(void *arg) {
    record_call(arg, Thread);
    ledger &l = *g_ledger;
    const std::size_t id = l.chain_next.fetch_add(1);
    if (id >= l.chain_end) return;
    rng r{id * 0x9E3779B97F4A7C15ull + 1};
    l.add_chained(l.registry, id, 1u + r.below(31));
}
void chained_handler(void *arg) { record_call(arg, chained_owner); }
void probe_handler(void *arg) { record_call(arg, probe_owner); }

constexpr std::array<coda_fn, 6> own_fns = {own_handler<0>, own_handler<1>, own_handler<2>,
                                            own_handler<3>, own_handler<4>, own_handler<5>};
constexpr std::array<coda_fn, 6> chain_fns = {chain_handler<0>, chain_handler<1>, chain_handler<2>,
                                              chain_handler<3>, chain_handler<4>, chain_handler<5>};

template <std::size_t N>
std::size_t add_chained(void *registry, std::size_t id, unsigned triggers) {
    auto &reg = *static_cast<coda::registry<N> *>(registry);
    if (reg.add(chained_handler, arg_of(id), triggers) == coda::status::ok) {
        g_ledger->added[id].store(1);
        return 1;
    }
    return 0;
}

// Everyone waits until all threads are up, so they really overlap.
class start_line {
public:
    explicit start_line(int n) : waiting_(n) {}
    void arrive() {
        waiting_.fetch_sub(1);
        while (waiting_.load() > 0) std::this_thread::yield();
    }

private:
    std::atomic<int> waiting_;
};

// ---------------------------------------------------------------------------------
// Interrupts: a per-thread timer sends SIGUSR1 to its own thread, so the handler lands at
// random points of that thread's add, remove and compaction. The handler registers an
// entry (a chain id) and now and then runs the exit entries: section 4 allows both in
// interrupts, whatever coda call they interrupt.
void *g_signal_registry = nullptr;
std::size_t (*g_signal_run)(void *registry, unsigned trigger) = nullptr;
std::atomic<std::size_t> g_signals{0};

void on_signal(int) {
    const int saved = errno;
    ledger &l = *g_ledger;
    const std::size_t n = g_signals.fetch_add(1);
    const std::size_t id = l.chain_next.fetch_add(1);
    if (id < l.chain_end) l.add_chained(l.registry, id, (n & 1) != 0 ? CODA_ON_EXIT : CODA_ON_SIGNAL);
    if (n % 2 == 0) l.returned.fetch_add(g_signal_run(g_signal_registry, CODA_ON_EXIT));
    errno = saved;
}

template <std::size_t N>
std::size_t run_from_signal(void *registry, unsigned trigger) {
    return static_cast<coda::registry<N> *>(registry)->run(trigger);
}

// A SIGUSR1 delivered to the calling thread: the "interrupt" of the hosted tests.
sigevent signal_to_this_thread() {
    sigevent event{};
    event.sigev_notify = SIGEV_THREAD_ID;
    event.sigev_signo = SIGUSR1;
#ifdef sigev_notify_thread_id
    event.sigev_notify_thread_id = gettid();
#else
    event._sigev_un._tid = gettid();  // glibc before 2.35 names it only this way
#endif
    return event;
}

class thread_timer {
public:
    explicit thread_timer(long period_ns) {
        if (period_ns <= 0) return;
        sigevent event = signal_to_this_thread();
        if (timer_create(CLOCK_MONOTONIC, &event, &timer_) != 0) {
            ADD_FAILURE() << "timer_create failed";
            return;
        }
        armed_ = true;
        itimerspec spec{};
        spec.it_value.tv_nsec = period_ns;
        spec.it_interval.tv_nsec = period_ns;
        timer_settime(timer_, 0, &spec, nullptr);
    }
    ~thread_timer() {
        if (armed_) timer_delete(timer_);
    }
    thread_timer(const thread_timer &) = delete;
    thread_timer &operator=(const thread_timer &) = delete;

private:
    timer_t timer_{};
    bool armed_ = false;
};

// ---------------------------------------------------------------------------------
// An adding thread: adds with its own ids, removes some of them again.
struct adder_plan {
    int thread;  // 0..5: picks own_fns[thread]
    std::size_t first_id, iterations;
    unsigned add_pct, remove_arg_pct, remove_fn_pct;  // the rest: pending()
    unsigned chain_pct;  // of adds: use the chain handler
    unsigned brownout_only_pct;  // of adds: only CODA_ON_BROWNOUT (left for the end)
    long interrupt_ns = 0;  // nonzero: a SIGUSR1 "interrupt" at this period, on this thread
    bool probe = false;  // this adder makes a full (and with probe_holds a removal) certain: see probe_mid_stream
    bool probe_holds = false;  // also holds two probe entries from before the start: one removed, one for the end
};

struct adder_result {
    std::size_t adds_ok = 0, adds_full = 0, removed_by_fn = 0, removed_by_arg = 0;
    std::size_t probe_ok = 0, probe_full = 0, probe_removed = 0;
};

// Probe entries are brownout only. Nothing runs CODA_ON_BROWNOUT until the probe is done
// and only the probing adder removes them, so each stays pending until that thread removes it.
template <std::size_t N>
void remove_probe(coda::registry<N> &reg, std::size_t id, adder_result &out) {
    const std::size_t n = reg.remove(probe_handler, arg_of(id));
    EXPECT_EQ(n, 1u) << "probe entry " << id << " was pending (nothing else runs or removes it), yet remove said " << n;
    g_ledger->removed[id].fetch_add(static_cast<std::uint32_t>(n));
    out.probe_removed += n;
}

template <std::size_t N>
void hold_probes(coda::registry<N> &reg, adder_result &out) {
    ledger &l = *g_ledger;
    for (std::size_t id = l.probe_begin; id < l.probe_begin + 2; ++id) {
        EXPECT_EQ(reg.add(probe_handler, arg_of(id), CODA_ON_BROWNOUT), coda::status::ok) << "an empty table refused";
        l.added[id].store(1);
        ++out.probe_ok;
    }
}

// In the middle of the probing adder's stream, with every other thread still at work: it
// removes a held entry, then adds probe entries until one gets full (each ok leaves one
// more pending, so by S4 that takes at most N + 1 adds) and removes those again.
template <std::size_t N>
void probe_mid_stream(coda::registry<N> &reg, const adder_plan &plan, adder_result &out) {
    ledger &l = *g_ledger;
    if (plan.probe_holds) remove_probe(reg, l.probe_begin, out);
    const std::size_t first = l.probe_begin + 2;
    std::size_t end = first;
    bool full = false;
    while (!full && end < l.probe_end) {
        const coda::status s = reg.add(probe_handler, arg_of(end), CODA_ON_BROWNOUT);
        if (s == coda::status::ok) {
            l.added[end++].store(1);
            ++out.probe_ok;
        } else if (s == coda::status::full) {
            full = true;
            ++out.probe_full;
        } else {
            ADD_FAILURE() << "probe add returned " << static_cast<int>(s);
            break;
        }
    }
    EXPECT_TRUE(full) << (end - first) << " probe entries pending at once, yet no add said full (capacity " << N << ")";
    for (std::size_t id = first; id < end; ++id) remove_probe(reg, id, out);
    l.probe_pending.store(false);  // the held entry left may run from now on: a call either way
}

template <std::size_t N>
void adder(coda::registry<N> &reg, const adder_plan &plan, adder_result &out, start_line &start) {
    ledger &l = *g_ledger;
    rng r{0xA11CE5ull + static_cast<std::uint64_t>(plan.thread) * 7919u};
    struct mine {
        std::size_t id;
        coda_fn fn;
    };
    std::vector<mine> maybe_pending;
    const coda_fn own = own_fns[static_cast<std::size_t>(plan.thread)];
    if (plan.probe_holds) hold_probes(reg, out);  // before the start line: nobody else has touched the table
    start.arrive();
    thread_timer interrupts(plan.interrupt_ns);
    for (std::size_t i = 0; i < plan.iterations; ++i) {
        if (plan.probe && i == plan.iterations / 2) probe_mid_stream(reg, plan, out);
        const std::uint32_t roll = r.below(100);
        if (roll < plan.add_pct) {
            const std::size_t id = plan.first_id + i;
            const coda_fn fn = r.below(100) < plan.chain_pct ? chain_fns[static_cast<std::size_t>(plan.thread)] : own;
            const unsigned triggers = r.below(100) < plan.brownout_only_pct ? CODA_ON_BROWNOUT : 1u + r.below(15);
            // Full also while another thread compacts: try again at once a few times
            // (registrations racing into compaction is what this is about), then step
            // back so that a preempted compactor can finish.
            coda::status s = reg.add(fn, arg_of(id), triggers);
            for (int again = 0; again < 16 && s == coda::status::full; ++again) s = reg.add(fn, arg_of(id), triggers);
            if (s == coda::status::ok) {
                l.added[id].store(1);
                ++out.adds_ok;
                maybe_pending.push_back({id, fn});
            } else if (s == coda::status::full) {
                ++out.adds_full;
                std::this_thread::yield();
            } else {
                ADD_FAILURE() << "add returned " << static_cast<int>(s);
            }
        } else if (roll < plan.add_pct + plan.remove_arg_pct) {
            if (maybe_pending.empty()) continue;
            // Mostly the oldest ones: they sit under newer entries, so removing them
            // leaves holes that compaction has to slide entries over.
            const std::size_t at = r.below(4) == 0 ? r.below(static_cast<std::uint32_t>(maybe_pending.size()))
                                                   : r.below(std::min<std::uint32_t>(
                                                         4, static_cast<std::uint32_t>(maybe_pending.size())));
            const mine m = maybe_pending[at];
            maybe_pending.erase(maybe_pending.begin() + static_cast<std::ptrdiff_t>(at));
            const std::size_t n = reg.remove(m.fn, arg_of(m.id));
            if (n > 1) l.remove_overcount.fetch_add(1);
            if (n >= 1) {
                l.removed[m.id].fetch_add(static_cast<std::uint32_t>(n));
                out.removed_by_arg += n;
            }
        } else if (roll < plan.add_pct + plan.remove_arg_pct + plan.remove_fn_pct) {
            out.removed_by_fn += reg.remove(own);
        } else {
            note_pending(reg.pending());
        }
    }
}

// A running thread: runs single triggers, sometimes with a budget, sometimes bad ones.
struct runner_plan {
    int thread;
    std::size_t iterations;
    unsigned trigger_mask;  // the triggers it may run
    unsigned yield_pct;  // how often it steps back (lets compaction move entries)
};

int one_more(void *ctx) {
    auto *left = static_cast<int *>(ctx);
    return (*left)-- > 0 ? 1 : 0;
}

template <std::size_t N>
void runner(coda::registry<N> &reg, const runner_plan &plan, start_line &start, const std::atomic<int> &adding) {
    ledger &l = *g_ledger;
    rng r{0x5EED0000ull + static_cast<std::uint64_t>(plan.thread) * 104729u};
    start.arrive();
    // At least `iterations`, and on while the adding threads are busy (they are bounded).
    for (std::size_t i = 0; i < plan.iterations || adding.load() > 0; ++i) {
        const unsigned mask = l.probe_pending.load() ? plan.trigger_mask & ~CODA_ON_BROWNOUT : plan.trigger_mask;
        unsigned t = 0;
        do {
            t = all_triggers[r.below(5)];
        } while ((t & mask) == 0);
        const std::uint32_t roll = r.below(100);
        std::size_t n = 0;
        if (roll < 60) {
            n = reg.run(t);
        } else if (roll < 90) {
            int left = static_cast<int>(r.below(4));
            coda_report report{};
            n = reg.run(t, one_more, &left, &report);
            if (report.ran != n || report.failed != 0 || report.trigger != t) ADD_FAILURE() << "bad report";
        } else if (roll < 95) {
            n = reg.run(t | CODA_ON_QUICK_EXIT | CODA_ON_EXIT);  // not one bit: runs nothing
            if (n != 0) ADD_FAILURE() << "a run of several bits ran " << n;
        } else {
            note_pending(reg.pending());
        }
        l.returned.fetch_add(n);
        if (r.below(100) < plan.yield_pct) std::this_thread::yield();
    }
}

// ---------------------------------------------------------------------------------
// The final runs and the books.
template <std::size_t N>
void final_runs_and_audit(coda::registry<N> &reg, const std::vector<adder_plan> &plans,
                          const std::vector<adder_result> &results) {
    ledger &l = *g_ledger;
    // Single-threaded now: each trigger once, recording the order. Chain handlers may
    // register entries for a trigger that already ran: then go round again (chain ids
    // are bounded, and the chain entries' order is not checked).
    std::vector<std::size_t> order;
    std::vector<std::vector<std::size_t>> per_trigger;
    for (int pass = 0; pass < 100; ++pass) {
        std::size_t ran = 0;
        for (unsigned t : all_triggers) {
            order.clear();
            g_final_order = &order;
            const std::size_t n = reg.run(t);
            g_final_order = nullptr;
            l.returned.fetch_add(n);
            ran += n;
            if (pass == 0) per_trigger.push_back(order);
        }
        if (ran == 0) break;
    }
    EXPECT_EQ(reg.pending(), 0u) << "entries left pending after every trigger ran";

    // Within one run, an adding thread's own entries (ids rising with its adds) must
    // come newest first: compaction may move entries, never reorder them.
    for (std::size_t t = 0; t < per_trigger.size(); ++t) {
        for (const adder_plan &p : plans) {
            std::size_t previous = SIZE_MAX;
            for (std::size_t id : per_trigger[t]) {
                if (id < p.first_id || id >= p.first_id + p.iterations) continue;
                EXPECT_LT(id, previous) << "final run of trigger 0x" << std::hex << all_triggers[t] << std::dec
                                        << ": thread " << p.thread << "'s id " << id << " ran after its older id "
                                        << previous << " (not newest first)";
                if (id >= previous) break;
                previous = id;
            }
        }
    }

    std::size_t ran_total = 0, twice = 0, never_added_ran = 0, lost = 0, ran_and_removed = 0;
    std::string examples;
    for (std::size_t id = 0; id < l.size; ++id) {
        const std::uint32_t ran = l.ran[id].load(), removed = l.removed[id].load();
        ran_total += ran;
        if (ran > 1) ++twice;
        if (l.added[id].load() == 0 && (ran != 0 || removed != 0)) ++never_added_ran;
        if (ran != 0 && removed != 0) ++ran_and_removed;
        const bool chain_or_probe = id >= l.chain_begin && id < l.probe_end;  // the two ranges are adjacent
        if (l.added[id].load() != 0 && ran == 0 && removed == 0 && chain_or_probe) {
            ++lost;  // chain entries are never removed, probe entries only when counted: they must have run
            if (examples.size() < 200) examples += " " + std::to_string(id);
        }
        if (ran > 1 && examples.size() < 200) examples += " twice:" + std::to_string(id);
    }
    EXPECT_EQ(twice, 0u) << "entries that ran more than once:" << examples;
    EXPECT_EQ(never_added_ran, 0u) << "ran or removed without a successful add";
    EXPECT_EQ(ran_and_removed, 0u) << "ran and also counted as removed";
    EXPECT_EQ(lost, 0u) << "chain or probe entries added but neither run nor removed:" << examples;
    EXPECT_EQ(l.bogus.load(), 0u) << "handlers called with an argument no add used";
    EXPECT_EQ(l.mismatched.load(), 0u) << "handlers called with the argument of another registration (S2)";
    EXPECT_EQ(l.remove_overcount.load(), 0u) << "remove(fn, unique arg) removed more than one";
    EXPECT_EQ(l.returned.load(), l.calls.load()) << "run() return values do not add up to the handler calls";
    EXPECT_EQ(ran_total, l.calls.load() - l.bogus.load());

    // Per adding thread: every successful add ran, or was removed by arg, or by fn.
    for (std::size_t i = 0; i < plans.size(); ++i) {
        const adder_plan &p = plans[i];
        std::size_t added = 0, ran = 0, removed = 0;
        std::string missing;
        for (std::size_t id = p.first_id; id < p.first_id + p.iterations; ++id) {
            if (l.added[id].load() == 0) continue;
            ++added;
            ran += l.ran[id].load();
            removed += l.removed[id].load();
            if (l.ran[id].load() == 0 && l.removed[id].load() == 0 && missing.size() < 200) {
                missing += " " + std::to_string(id);
            }
        }
        EXPECT_EQ(added, results[i].adds_ok);
        EXPECT_EQ(removed, results[i].removed_by_arg);
        EXPECT_EQ(added, ran + removed + results[i].removed_by_fn)
            << "thread " << p.thread << ": " << added << " added, " << ran << " ran, " << removed
            << " removed by arg, " << results[i].removed_by_fn
            << " removed by fn; ids neither run nor removed by arg:" << missing;
    }

    // S4 after all that history: room for exactly N entries, not one more.
    std::size_t fitted = 0;
    for (std::size_t i = 0; i < N; ++i) fitted += reg.add(chained_handler, arg_of(0), CODA_ON_EXIT) == coda::status::ok;
    EXPECT_EQ(fitted, N) << "an empty table after the threads did not take its full capacity";
    EXPECT_EQ(reg.add(chained_handler, arg_of(0), CODA_ON_EXIT), coda::status::full);
    EXPECT_EQ(reg.pending(), N);
    reg.clear();
    EXPECT_EQ(reg.pending(), 0u);
}

template <std::size_t N>
struct hammer_config {
    std::vector<adder_plan> adders;
    std::vector<runner_plan> runners;
    std::size_t chain_ids = 0;
};

struct hammer_outcome {
    std::size_t adds_ok = 0, adds_full = 0, removed = 0, calls = 0, max_pending = 0, interrupts = 0;
    std::size_t probe_ok = 0, probe_full = 0, probe_removed = 0, chained_ok = 0;  // adds_full, removed include the probe's
};

template <std::size_t N>
hammer_outcome hammer(const hammer_config<N> &config) {
    auto reg = std::make_unique<coda::registry<N>>();
    std::size_t ids = 0;
    for (const adder_plan &p : config.adders) ids = std::max(ids, p.first_id + p.iterations);
    constexpr std::size_t probe_ids = N + 3;  // two held, then up to N + 1 to fill the table
    ledger l(ids + config.chain_ids + probe_ids);
    // Plans put thread t's ids at [t * iterations, (t + 1) * iterations).
    l.ids_per_thread = config.adders.empty() ? 0 : config.adders.front().iterations;
    for (const adder_plan &p : config.adders) {
        if (p.first_id != static_cast<std::size_t>(p.thread) * l.ids_per_thread || p.iterations != l.ids_per_thread) {
            l.ids_per_thread = 0;
        }
    }
    l.chain_begin = l.chain_next = ids;
    l.chain_end = ids + config.chain_ids;
    l.probe_begin = l.chain_end;
    l.probe_end = l.probe_begin + probe_ids;
    const auto probes = std::count_if(config.adders.begin(), config.adders.end(), [](const adder_plan &p) { return p.probe; });
    EXPECT_LE(probes, 1) << "probe ids are for one adder";
    l.probe_pending = probes > 0;
    l.registry = reg.get();
    l.add_chained = add_chained<N>;
    g_ledger = &l;

    bool interrupts = false;
    for (const adder_plan &p : config.adders) interrupts = interrupts || p.interrupt_ns > 0;
    struct sigaction previous {};
    if (interrupts) {
        g_signals = 0;
        g_signal_registry = reg.get();
        g_signal_run = run_from_signal<N>;
        struct sigaction action {};
        action.sa_handler = on_signal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        sigaction(SIGUSR1, &action, &previous);
    }

    std::vector<adder_result> results(config.adders.size());
    start_line start(static_cast<int>(config.adders.size() + config.runners.size()));
    std::atomic<int> adding{static_cast<int>(config.adders.size())};
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < config.adders.size(); ++i) {
        threads.emplace_back([&, i] {
            adder(*reg, config.adders[i], results[i], start);
            adding.fetch_sub(1);
        });
    }
    for (const runner_plan &p : config.runners) {
        threads.emplace_back([&, p] { runner(*reg, p, start, adding); });
    }
    for (std::thread &t : threads) t.join();
    if (interrupts) {
        sigaction(SIGUSR1, &previous, nullptr);
        g_signal_run = nullptr;
        g_signal_registry = nullptr;
    }

    EXPECT_LE(l.max_pending.load(), N) << "pending() said more than the capacity while the threads ran";
    final_runs_and_audit(*reg, config.adders, results);

    hammer_outcome out;
    for (const adder_result &r : results) {
        out.adds_ok += r.adds_ok;
        out.adds_full += r.adds_full;
        out.removed += r.removed_by_arg + r.removed_by_fn;
        out.probe_ok += r.probe_ok;
        out.probe_full += r.probe_full;
        out.probe_removed += r.probe_removed;
    }
    out.adds_full += out.probe_full;
    out.removed += out.probe_removed;
    for (std::size_t id = l.chain_begin; id < l.chain_end; ++id) out.chained_ok += l.added[id].load();
    out.calls = l.calls.load();
    out.max_pending = l.max_pending.load();
    out.interrupts = interrupts ? g_signals.load() : 0;
    g_ledger = nullptr;
    return out;
}

void print(const char *name, const hammer_outcome &o) {
    std::printf("[ concurrency ] %s: %zu adds ok, %zu full, %zu removed, %zu handler calls, max pending() %zu,"
                " %zu interrupts; probe %zu ok, %zu full, %zu removed; %zu chained adds ok\n",
                name, o.adds_ok, o.adds_full, o.removed, o.calls, o.max_pending, o.interrupts, o.probe_ok,
                o.probe_full, o.probe_removed, o.chained_ok);
}

} // namespace

// Two threads add and remove their own entries while two threads run every trigger;
// some handlers register new entries from inside the runs.
TEST(Concurrency, AddRemoveRunAccounting) {
    const std::size_t iterations = 6000 * scale();
    hammer_config<64> config;
    for (int t = 0; t < 2; ++t) {
        config.adders.push_back({t, static_cast<std::size_t>(t) * iterations, iterations, 60, 25, 3, 10, 0, 0L,
                                 t == 0, t == 0});
    }
    for (int t = 0; t < 2; ++t) config.runners.push_back({t, iterations, CODA_ON_ANY, 0});
    config.chain_ids = iterations;
    const hammer_outcome o = hammer(config);
    print("add/remove/run, capacity 64", o);
    // Certain whatever the scheduler does (it only decides how much more): the probe removed
    // a held entry, the other one ran (a runner's or the final brownout run), and its fill
    // got full; full means top reached 64, so 64 registrations (of any thread) returned ok.
    EXPECT_GE(o.adds_ok + o.probe_ok + o.chained_ok, 64u);
    EXPECT_GT(o.calls, 0u);
    EXPECT_GT(o.removed, 0u);
    EXPECT_GT(o.adds_full, 0u);
}

// A small table with entries that wait for the end (brownout only) under entries that
// run and entries that are removed: registrations keep finding the table at capacity
// and compact it, sliding pending entries over holes, while other threads run and remove.
template <std::size_t N>
void compaction_under_load(bool interrupts) {
    const std::size_t iterations = 6000 * scale();
    hammer_config<N> config;
    // More adding threads than cores: a registration preempted on its way into
    // compaction is the case that matters most here.
    for (int t = 0; t < 6; ++t) {
        config.adders.push_back({t, static_cast<std::size_t>(t) * iterations, iterations, 55, 35, 1, 5, 15,
                                 interrupts ? 50000L : 0L, t == 0});
    }
    // The runner steps back now and then: compaction recycles no hole while a run or a
    // removal is scanning, so a runner that never pauses starves registration at top == N.
    config.runners.push_back({0, iterations, CODA_ON_EXIT | CODA_ON_SIGNAL | CODA_ON_RESET | CODA_ON_QUICK_EXIT, 30});
    config.chain_ids = 4 * iterations;
    const hammer_outcome o = hammer(config);
    const std::string name = "compaction, capacity " + std::to_string(N) + (interrupts ? ", interrupts" : "");
    print(name.c_str(), o);
    // top only comes down by compaction: this many adds means it compacted many times.
    // Every adder's own entries leave again (its removals, the runner), so only a registry
    // that stops making room keeps this under 4N; a full is certain (the probe's).
    EXPECT_GT(o.adds_ok, 4 * N);
    EXPECT_GT(o.adds_full, 0u);
}

TEST(Concurrency, CompactionUnderRunsAndRemovalsCapacity4) { compaction_under_load<4>(false); }
TEST(Concurrency, CompactionUnderRunsAndRemovalsCapacity8) { compaction_under_load<8>(false); }
TEST(Concurrency, CompactionUnderRunsAndRemovalsCapacity16) { compaction_under_load<16>(false); }

// The same, with SIGUSR1 "interrupts" landing at random moments in the adding threads;
// each stalls its thread briefly and runs the exit entries from the signal handler.
TEST(Concurrency, CompactionWithSignalInterruptsCapacity8) { compaction_under_load<8>(true); }
TEST(Concurrency, CompactionWithSignalInterruptsCapacity16) { compaction_under_load<16>(true); }

// Several threads run the same trigger of a full table at once (some through a budget,
// some handlers starting nested runs of another trigger): each entry runs exactly once,
// and each thread's own calls come newest first.
namespace {
constexpr std::size_t full_n = 255;
coda::registry<full_n> *g_full = nullptr;

void nested_signal_run(void *arg) {
    record_call(arg, 0);
    ++t_nesting;
    g_ledger->returned.fetch_add(g_full->run(CODA_ON_SIGNAL));
    --t_nesting;
}
} // namespace

TEST(Concurrency, ParallelRunsOfAFullTable) {
    const std::size_t rounds = 60 * scale();
    auto reg = std::make_unique<coda::registry<full_n>>();
    g_full = reg.get();
    std::size_t total_calls = 0;
    for (std::size_t round = 0; round < rounds; ++round) {
        ledger l(full_n);
        l.ids_per_thread = full_n;  // every entry has thread 0's handler
        g_ledger = &l;
        rng r{round + 1};
        // All entries run on exit; some also on signal; a few start a nested signal run.
        for (std::size_t id = 0; id < full_n; ++id) {
            const unsigned triggers = CODA_ON_EXIT | (r.below(2) == 0 ? CODA_ON_SIGNAL : 0u);
            const coda_fn fn = r.below(16) == 0 ? nested_signal_run : own_handler<0>;
            ASSERT_EQ(reg->add(fn, arg_of(id), triggers), coda::status::ok);
            l.added[id].store(1);
        }
        ASSERT_EQ(reg->pending(), full_n);
        ASSERT_EQ(reg->add(own_handler<0>, arg_of(0), CODA_ON_EXIT), coda::status::full);

        constexpr int threads_n = 4;
        start_line start(threads_n);
        std::array<std::vector<std::size_t>, threads_n> claims;
        std::vector<std::thread> threads;
        for (int t = 0; t < threads_n; ++t) {
            threads.emplace_back([&, t] {
                start.arrive();
                std::size_t n = 0;
                if (t == 0) {
                    n = reg->run(CODA_ON_SIGNAL);
                    t_claims = &claims[0];  // from here on, newest first
                    n += reg->run(CODA_ON_EXIT);
                } else if (t == 1) {
                    t_claims = &claims[1];
                    for (;;) {  // one handler at a time
                        int left = 1;
                        coda_report report{};
                        n += reg->run(CODA_ON_EXIT, one_more, &left, &report);
                        if (report.complete != 0) break;
                    }
                } else {
                    t_claims = &claims[static_cast<std::size_t>(t)];
                    n = reg->run(CODA_ON_EXIT);
                }
                l.returned.fetch_add(n);
                t_claims = nullptr;
            });
        }
        for (std::thread &t : threads) t.join();

        EXPECT_EQ(reg->pending(), 0u);
        std::size_t once = 0;
        for (std::size_t id = 0; id < full_n; ++id) once += l.ran[id].load() == 1;
        EXPECT_EQ(once, full_n) << "round " << round << ": entries did not all run exactly once";
        EXPECT_EQ(l.calls.load(), full_n) << "round " << round;
        EXPECT_EQ(l.returned.load(), full_n) << "round " << round << ": run() results do not add up";
        EXPECT_EQ(l.mismatched.load() + l.bogus.load(), 0u) << "round " << round << ": wrong arguments";
        // No adds during the runs: every claim by a thread is older than its previous one.
        for (std::size_t t = 0; t < claims.size(); ++t) {
            EXPECT_TRUE(std::is_sorted(claims[t].rbegin(), claims[t].rend()) &&
                        std::adjacent_find(claims[t].begin(), claims[t].end()) == claims[t].end())
                << "round " << round << ": thread " << t << " did not take entries newest first";
        }
        total_calls += l.calls.load();
        g_ledger = nullptr;
        if (HasFailure()) break;
    }
    g_full = nullptr;
    std::printf("[ concurrency ] parallel runs of a full table (255): %zu rounds, %zu handler calls\n", rounds,
                total_calls);
}

// S11 against registrations in flight: threads keep registering while the main thread
// seals the registry and makes the final run. Every registration that returned ok must
// have run in that final run (after it nothing runs again); the others got closed.
// One round in ten is a witness: the seal waits for some thread's first ok and each
// thread makes its last registration after the seal, so ok and closed both happen
// whatever the scheduler does. The other rounds leave the seal's timing to it: a seal
// among the threads' first registrations is the race that finds the most.
TEST(Concurrency, SealRacingRegistrations) {
    const std::size_t rounds = 300 * scale();
    constexpr std::size_t n = 255;
    constexpr int threads_n = 3;
    constexpr std::size_t per_thread = 80;  // 3 x 80 < 255: never full
    std::size_t ok_total = 0, closed_total = 0;
    for (std::size_t round = 0; round < rounds; ++round) {
        auto reg = std::make_unique<coda::registry<n>>();
        ledger l(threads_n * per_thread);
        l.ids_per_thread = per_thread;
        g_ledger = &l;
        start_line start(threads_n + 1);
        std::array<std::size_t, threads_n> ok{}, closed{};
        const bool witness = round % 10 == 0;
        std::atomic<bool> is_sealed{false}, some_ok{false};
        std::atomic<int> at_last{0};  // witness round: threads waiting to make their last registration
        std::vector<std::thread> threads;
        for (int t = 0; t < threads_n; ++t) {
            threads.emplace_back([&, t] {
                const auto tt = static_cast<std::size_t>(t);
                start.arrive();
                for (std::size_t i = 0; i < per_thread; ++i) {
                    const bool last = i + 1 == per_thread;
                    if (last && witness) {
                        at_last.fetch_add(1);
                        is_sealed.wait(false);  // asleep: the threads still registering get the CPU
                    }
                    const std::size_t id = tt * per_thread + i;
                    const coda::status s = reg->add(own_fns[tt], arg_of(id), CODA_ON_EXIT);
                    if (s == coda::status::ok) {
                        l.added[id].store(1);
                        if (ok[tt]++ == 0 && witness) some_ok.store(true);  // only there: a store here shifts the race
                    } else if (s == coda::status::closed) {
                        ++closed[tt];
                    } else {
                        ADD_FAILURE() << "add returned " << static_cast<int>(s);
                    }
                    if (last && witness) {
                        EXPECT_EQ(s, coda::status::closed) << "round " << round << ": added after the seal";
                    }
                }
            });
        }
        start.arrive();
        rng r{round + 7};
        // No yield (it costs a time slice); at_last only ends the wait when no add said ok.
        while (witness && !some_ok.load() && at_last.load() < threads_n) std::atomic_signal_fence(std::memory_order_seq_cst);
        for (std::uint32_t spin = r.below(4000); spin > 0; --spin) std::atomic_signal_fence(std::memory_order_seq_cst);
        reg->seal();
        l.returned.fetch_add(reg->run(CODA_ON_EXIT));  // the final run, at once: the race is seal to run
        is_sealed.store(true);
        is_sealed.notify_all();
        for (std::thread &t : threads) t.join();

        std::size_t lost = 0, wrong = 0;
        for (std::size_t id = 0; id < l.size; ++id) {
            const bool added = l.added[id].load() != 0;
            const std::uint32_t ran = l.ran[id].load();
            if (added && ran != 1) ++lost;
            if (!added && ran != 0) ++wrong;
        }
        EXPECT_EQ(lost, 0u) << "round " << round << ": registrations returned ok after or during sealing"
                            << " but the final run did not run them (pending now: " << reg->pending() << ")";
        EXPECT_EQ(wrong, 0u) << "round " << round << ": ran without a successful registration";
        EXPECT_EQ(l.mismatched.load() + l.bogus.load(), 0u) << "round " << round << ": wrong arguments";
        EXPECT_EQ(l.returned.load(), l.calls.load());
        EXPECT_EQ(reg->add(own_fns[0], arg_of(0), CODA_ON_EXIT), coda::status::closed);
        for (int t = 0; t < threads_n; ++t) {
            ok_total += ok[static_cast<std::size_t>(t)];
            closed_total += closed[static_cast<std::size_t>(t)];
        }
        g_ledger = nullptr;
        if (HasFailure()) break;
    }
    std::printf("[ concurrency ] seal racing registrations: %zu rounds, %zu ok, %zu closed\n", rounds, ok_total,
                closed_total);
    EXPECT_GT(ok_total, 0u);
    EXPECT_GT(closed_total, 0u);
}

// S11 and section 4 together, on one thread: the exit path interrupts a registration.
// A one-shot timer sends SIGUSR1 to the registering thread at a random moment; its
// handler seals the registry and makes the final run, as a port's exit path would.
// A registration it interrupted must come out either run by that final run or closed,
// never ok-and-pending (sealing re-checks after publishing).
// The timer is armed once the first registration returned ok, its delay drawn from the
// measured length of a stream; if it has not fired by the last registration, the
// registrar sends SIGUSR1 to itself (delivered before pthread_kill returns). So every
// round cuts a stream (ok, then closed); how many cuts the timer made is printed.
namespace {
coda::registry<255> *g_exit_registry = nullptr;
std::atomic<int> g_exit_done{0};
std::atomic<int> g_exit_by_timer{0};
void exit_path_signal(int, siginfo_t *info, void *) {
    if (g_exit_done.load() != 0) return;  // one exit path per round: a late timer signal finds it taken
    const int saved = errno;
    g_exit_registry->seal();
    g_ledger->returned.fetch_add(g_exit_registry->run(CODA_ON_EXIT));
    g_exit_by_timer.store(info->si_code == SI_TIMER ? 1 : 0);
    g_exit_done.store(1);
    errno = saved;
}

// One round's registrar, on a thread of its own: 200 registrations. The timer is armed
// after the first, to fire after lead_ns + [0, window_ns); the exit path comes by the last
// at the latest. window_ns 0: a dry round (the timer is armed far off) that measures how
// long arming it takes and how long registrations 2-200 take.
constexpr std::size_t interrupt_stream = 200;
struct stream_result {
    std::size_t ok = 0, closed = 0;
    long arm_ns = 0, stream_ns = 0;
};
stream_result registrar_stream(coda::registry<255> &reg, ledger &l, std::uint64_t seed, long lead_ns,
                               long window_ns) {
    stream_result out;
    std::thread registrar([&] {
        rng r{seed};
        sigevent event = signal_to_this_thread();
        timer_t timer{};
        ASSERT_EQ(timer_create(CLOCK_MONOTONIC, &event, &timer), 0);
        using clock = std::chrono::steady_clock;
        clock::time_point first_returned{}, armed{};
        for (std::size_t id = 0; id < interrupt_stream; ++id) {
            if (window_ns > 0 && id + 1 == interrupt_stream && g_exit_done.load() == 0) {
                (void)pthread_kill(pthread_self(), SIGUSR1);  // the timer was late: the exit path comes now
                while (g_exit_done.load() == 0) std::this_thread::yield();  // TSan may defer it to its next call
            }
            const coda::status s = reg.add(own_fns[0], arg_of(id), CODA_ON_EXIT);
            if (s == coda::status::ok) {
                l.added[id].store(1);
                ++out.ok;
            } else if (s == coda::status::closed) {
                ++out.closed;
            } else {
                ADD_FAILURE() << "add returned " << static_cast<int>(s);
            }
            if (id == 0) {
                EXPECT_EQ(s, coda::status::ok) << "nothing had sealed yet";
                itimerspec spec{};
                if (window_ns > 0) {
                    spec.it_value.tv_nsec = lead_ns + static_cast<long>(r.below(static_cast<std::uint32_t>(window_ns)));
                } else {
                    spec.it_value.tv_sec = 100;  // a dry round: never fires
                }
                first_returned = clock::now();
                timer_settime(timer, 0, &spec, nullptr);
                armed = clock::now();
            }
        }
        const auto ns = [](clock::duration d) {
            return static_cast<long>(std::chrono::duration_cast<std::chrono::nanoseconds>(d).count());
        };
        out.stream_ns = ns(clock::now() - armed);
        out.arm_ns = ns(armed - first_returned);
        timer_delete(timer);
    });
    registrar.join();
    return out;
}

// The timer's lead and range: medians of a few dry rounds on this build and machine
// (arming it can take longer than the registrations: virtual machines).
std::pair<long, long> timer_range() {
    std::array<long, 5> arm{}, stream{};
    for (std::size_t i = 0; i < arm.size(); ++i) {
        auto reg = std::make_unique<coda::registry<255>>();
        ledger l(interrupt_stream);
        const stream_result dry = registrar_stream(*reg, l, 1, 0, 0);
        arm[i] = dry.arm_ns;
        stream[i] = dry.stream_ns;
    }
    std::sort(arm.begin(), arm.end());
    std::sort(stream.begin(), stream.end());
    return {std::clamp(arm[arm.size() / 2], 1L, 100'000'000L), std::clamp(stream[stream.size() / 2], 1000L, 100'000'000L)};
}
} // namespace

TEST(Concurrency, SealAndFinalRunFromAnInterrupt) {
    const std::size_t rounds = 400 * scale();
    constexpr std::size_t per_round = interrupt_stream;
    const auto [lead_ns, window_ns] = timer_range();
    struct sigaction action {}, previous{};
    action.sa_sigaction = exit_path_signal;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    sigaction(SIGUSR1, &action, &previous);
    std::size_t rounds_run = 0, ok_total = 0, closed_total = 0, interrupted_mid_stream = 0, cut_by_timer = 0;
    for (std::size_t round = 0; round < rounds; ++round) {
        auto reg = std::make_unique<coda::registry<255>>();
        ledger l(per_round);
        l.ids_per_thread = per_round;
        g_ledger = &l;
        g_exit_registry = reg.get();
        g_exit_done = 0;
        g_exit_by_timer = 0;
        const stream_result stream = registrar_stream(*reg, l, round * 31 + 5, lead_ns, window_ns);
        const std::size_t ok = stream.ok, closed = stream.closed;

        std::size_t lost = 0, wrong = 0;
        for (std::size_t id = 0; id < per_round; ++id) {
            const bool added = l.added[id].load() != 0;
            if (added && l.ran[id].load() != 1) ++lost;
            if (!added && l.ran[id].load() != 0) ++wrong;
        }
        EXPECT_EQ(lost, 0u) << "round " << round << ": " << lost
                            << " registrations returned ok but the final run (in the interrupt) did not run"
                               " them; pending now "
                            << reg->pending();
        EXPECT_EQ(wrong, 0u) << "round " << round;
        EXPECT_EQ(l.mismatched.load() + l.bogus.load(), 0u) << "round " << round << ": wrong arguments";
        EXPECT_EQ(reg->pending(), 0u) << "round " << round;
        EXPECT_EQ(l.returned.load(), l.calls.load()) << "round " << round;
        EXPECT_EQ(g_exit_done.load(), 1) << "round " << round << ": the exit path never ran";
        ++rounds_run;
        ok_total += ok;
        closed_total += closed;
        if (ok > 0 && closed > 0) ++interrupted_mid_stream;
        cut_by_timer += static_cast<std::size_t>(g_exit_by_timer.load());
        g_ledger = nullptr;
        g_exit_registry = nullptr;
        if (HasFailure()) break;
    }
    sigaction(SIGUSR1, &previous, nullptr);
    std::printf("[ concurrency ] seal and final run from an interrupt: %zu rounds (%zu cut a stream of"
                " registrations, %zu of them by the timer, delays %ld + 0-%ld ns), %zu ok, %zu closed\n",
                rounds_run, interrupted_mid_stream, cut_by_timer, lead_ns, window_ns, ok_total, closed_total);
    EXPECT_EQ(interrupted_mid_stream, rounds_run) << "the first registration is ok and the last closed, by design";
}

namespace {
void kept_handler(void *) {}
void never_registered(void *) {}
} // namespace

// S4: a removal that finds nothing never makes room vanish. A thread removes a
// function that was never registered, without pause, while this one empties a full
// table and refills it (each add meets the table at top == N with holes: it compacts).
// Every add has a hole to take, so none may get full. Before issue 12 a removal counted
// itself for its whole scan and the compaction beside it gave up.
TEST(Concurrency, ARemovalThatFindsNothingNeverCausesFull) {
    constexpr std::size_t N = 8;
    auto reg = std::make_unique<coda::registry<N>>();
    std::atomic<bool> stop{false};
    std::atomic<std::size_t> scans{0};
    std::thread remover([&] {
        while (!stop.load()) {
            if (reg->remove(never_registered) != 0) ADD_FAILURE() << "removed what was never registered";
            scans.fetch_add(1);
        }
    });
    while (scans.load() == 0) std::this_thread::yield();  // it is scanning before the first add
    const std::size_t rounds = 20000 * scale();
    std::size_t full = 0;
    for (std::size_t round = 0; round < rounds; ++round) {
        for (std::size_t i = 0; i < N; ++i) full += reg->add(kept_handler, arg_of(i)) == coda::status::full;
        for (std::size_t i = 0; i < N; i += 2) (void)reg->remove(kept_handler, arg_of(i));  // holes
        for (std::size_t i = 0; i < N; i += 2) full += reg->add(kept_handler, arg_of(i)) == coda::status::full;
        reg->clear();
    }
    stop.store(true);
    remover.join();
    std::printf("[ concurrency ] %zu rounds of refills beside %zu removals that found nothing\n", rounds, scans.load());
    EXPECT_EQ(full, 0u) << "registrations refused while the table had holes, beside a removal that found nothing";
    EXPECT_EQ(reg->pending(), 0u);
}
