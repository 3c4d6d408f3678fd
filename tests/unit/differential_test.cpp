// differential_test.cpp - coda::registry<N> against a plain reference model.
//
// The model is a std::vector of {fn id, arg, triggers} in registration order, capped at
// N, with its own run loop written from the rules (docs/semantics.md, S1-S10 and S13):
//   repeat: take the newest pending entry whose triggers hold t; if there is none the
//   run is complete; else ask the budget (if any) and stop when it says 0, counting the
//   eligible entries left as skipped; else erase the entry and call its handler.
// So a handler's own eligible registration runs next (S7), an entry it removes never
// runs (S8), and a nested run cannot run anything twice (S9).
//
// Both worlds execute the same random script (ops and the handlers' re-entrant actions
// draw from one RNG reseeded at every op) and each writes a trace: every status, count,
// report, pending() value and handler call (fn id, arg) in order. The traces must be
// equal. A mismatch prints capacity, seed and op index; replay one sequence with
//     CODA_DIFF_REPLAY=<capacity>:<seed> coda_unit_tests --gtest_filter='Differential*'
// and run more sequences with CODA_DIFF_SCALE=<multiplier> (default 1; sanitized
// builds run a quarter of the sequences).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "coda/registry.hpp"
#include "reference_model.hpp"

namespace {

// ---------------------------------------------------------------------------------
// Handlers: ids 0..3 only record their call; 4..7 also act on the registry.
constexpr int fn_none = -1;  // a null coda_fn
constexpr int fn_adder = 4;  // registers 1-2 entries (maybe eligible for the run in progress)
constexpr int fn_remover = 5;  // remove(fn) or remove(fn, arg) of a random entry
constexpr int fn_runner = 6;  // a nested run of a random trigger, maybe with a budget
constexpr int fn_clearer = 7;  // clear(): drops everything still pending
constexpr int fn_count = 8;
constexpr int arg_count = 6;  // args are the pointers 0..5 (0 is nullptr)

enum class kind : int { add, remove_fn, remove_arg, run, run_more, pending, clear, seal, call, runaway };

struct event {
    std::uint32_t op;
    kind what;
    std::int64_t v[8];
    bool operator==(const event &o) const {
        return op == o.op && what == o.what && std::memcmp(v, o.v, sizeof v) == 0;
    }
};

std::string describe(const event &e) {
    std::ostringstream s;
    s << "op " << e.op << ": ";
    const auto *v = e.v;
    switch (e.what) {
    case kind::add:
        s << "add(fn" << v[0] << ", arg" << v[1] << ", triggers 0x" << std::hex << v[2] << std::dec
          << ") -> status " << v[3];
        break;
    case kind::remove_fn: s << "remove(fn" << v[0] << ") -> " << v[1]; break;
    case kind::remove_arg: s << "remove(fn" << v[0] << ", arg" << v[1] << ") -> " << v[2]; break;
    case kind::run:
        s << "run(trigger 0x" << std::hex << v[0] << std::dec << ", mode " << v[1] << ", budget " << v[2]
          << ") -> " << v[3] << " report{ran " << v[4] << " failed " << v[5] << " skipped " << v[6]
          << " complete " << v[7] << "}";
        break;
    case kind::run_more:
        s << "  ... that run's report.trigger 0x" << std::hex << v[0] << std::dec << ", budget asked " << v[1];
        break;
    case kind::pending: s << "pending() -> " << v[0]; break;
    case kind::clear: s << "clear()"; break;
    case kind::seal: s << "seal()"; break;
    case kind::call:
        s << "  call fn" << v[0] << "(arg" << v[1] << ") in run of 0x" << std::hex << v[2] << std::dec
          << ", pending() there " << v[3] << ", budget asked " << v[4];
        break;
    case kind::runaway: s << "RUNAWAY: too many handler calls in one op, cleared"; break;
    }
    return s.str();
}

struct budget_ctx {
    int allow;  // how many more handlers may start
    int asked;  // how many times the budget was asked
};

int budget_fn(void *ctx) {
    auto *b = static_cast<budget_ctx *>(ctx);
    ++b->asked;
    if (b->allow > 0) {
        --b->allow;
        return 1;
    }
    return 0;
}

using coda_test::one_trigger;

// What a batch of sequences exercised (counted in the model), so that a change to the
// script that stops reaching a rule shows up as a failure rather than a silent pass.
struct tally {
    std::size_t add_ok = 0, add_full = 0, add_invalid = 0, add_closed = 0;
    std::size_t compactions = 0, compactions_moving = 0;  // compactions that slid entries down
    std::size_t handler_add_eligible = 0;  // S7: registered from a handler, eligible for its run
    std::size_t handler_add_other = 0;  // registered from a handler, not eligible
    std::size_t handler_add_full = 0;  // S7: full inside a handler, the run went on
    std::size_t handler_removed = 0;  // S8: entries removed by a handler
    std::size_t nested_runs = 0, nested_same_trigger = 0;  // S9
    std::size_t budget_stops = 0, budget_skipped = 0;  // S13
    std::size_t handler_calls = 0;

    void operator+=(const tally &o) {
        const std::size_t *from = reinterpret_cast<const std::size_t *>(&o);
        std::size_t *to = reinterpret_cast<std::size_t *>(this);
        for (std::size_t i = 0; i < sizeof(tally) / sizeof(std::size_t); ++i) to[i] += from[i];
    }
};

// ---------------------------------------------------------------------------------
// A world: the model or the real registry, behind the same operations. The script
// (execute_op) and the handlers' behaviour (on_call) are shared code.
class world {
public:
    explicit world(std::size_t capacity) : capacity_(capacity) {}
    virtual ~world() = default;
    world(const world &) = delete;
    world &operator=(const world &) = delete;

    virtual int add(int fn, int arg, unsigned triggers) = 0;
    virtual std::size_t remove_fn(int fn) = 0;
    virtual std::size_t remove_arg(int fn, int arg) = 0;
    // mode 0: run(t); 1: run(t, null, null, &report); 2: with budget and report;
    // 3: with budget, null report.
    virtual std::size_t run(unsigned trigger, int mode, budget_ctx *budget, coda_report *report) = 0;
    virtual std::size_t pending() = 0;
    virtual void clear() = 0;
    virtual void seal() = 0;

    std::vector<event> trace;
    tally stats;
    std::size_t capacity() const { return capacity_; }

    void record(kind what, std::initializer_list<std::int64_t> values) {
        event e{op_, what, {}};
        std::size_t i = 0;
        for (std::int64_t x : values) e.v[i++] = x;
        trace.push_back(e);
    }

    // ---- the script -------------------------------------------------------------
    void execute_op(std::uint64_t seed, std::uint32_t op, int add_weight) {
        op_ = op;
        rng_ = seed * 0x9E3779B97F4A7C15ull + op;
        actions_left_ = 12;
        calls_this_op_ = 0;
        const int r = pick(100);
        if (seed % 8 == 7 && op == 150) {  // every 8th sequence is sealed here, at least
            seal();
            record(kind::seal, {});
        } else if (r < add_weight) {
            do_add(random_fn(), pick(arg_count), random_triggers());
        } else if (r < add_weight + 4) {
            // a burst: often fills the table and goes on (full), so compaction happens at any N
            // and, run at once, makes the handlers' own registrations meet a full table.
            const std::size_t room = capacity_ - std::min(capacity_, pending());
            const bool fill = pick(2) == 0;
            if (fill) {  // until 1-3 adds got full (bounded: a sealed table never gets full)
                int fulls = 1 + pick(3);
                for (std::size_t i = 0; fulls > 0 && i < 2 * room + 8; ++i) {
                    const int status = do_add(random_fn(), pick(arg_count), random_triggers());
                    if (status == CODA_EFULL) --fulls;
                    if (status == CODA_ECLOSED) break;
                }
            } else {
                const int n = 1 + pick(static_cast<int>(std::min<std::size_t>(capacity_ + 3, 16)));
                for (int i = 0; i < n; ++i) do_add(random_fn(), pick(arg_count), random_triggers());
            }
            if (fill && pick(2) == 0) do_run(random_run_trigger(), pick(4), pick(6));
        } else if (r < add_weight + 14) {
            do_remove_fn(random_fn());
        } else if (r < add_weight + 26) {
            do_remove_arg(random_fn(), pick(arg_count));
        } else if (r < add_weight + 30) {
            do_clear();
        } else if (r < add_weight + 31 && pick(20) == 0) {  // sealed: ~10% of sequences
            seal();
            record(kind::seal, {});
        } else {
            do_run(random_run_trigger(), pick(4), pick(6));
        }
        record(kind::pending, {static_cast<std::int64_t>(pending())});
    }

    // ---- the handlers' behaviour ------------------------------------------------
    void on_call(int fn, int arg, const budget_ctx *budget) {
        // pending() here is O(capacity): ask it in small tables and around the acting handlers.
        const bool ask = capacity_ <= 64 || fn >= fn_adder;
        record(kind::call, {fn, arg, running_.empty() ? -1 : static_cast<std::int64_t>(running_.back()),
                            ask ? static_cast<std::int64_t>(pending()) : -1, budget == nullptr ? -1 : budget->asked});
        if (++calls_this_op_ > 4 * capacity_ + 200) {
            // Only a broken registry gets here (e.g. one that runs an entry forever).
            record(kind::runaway, {});
            actions_left_ = 0;
            clear();
            return;
        }
        ++stats.handler_calls;
        if (fn < fn_adder || actions_left_ <= 0) return;
        --actions_left_;
        const unsigned current = running_.back();
        switch (fn) {
        case fn_adder: {
            const int n = 1 + pick(2);
            for (int i = 0; i < n; ++i) {
                unsigned triggers = random_triggers();
                const int how = pick(3);
                if (how == 0) triggers |= current;  // eligible: must run next (S7)
                if (how == 1 && (triggers & ~current & CODA_ON_ANY) != 0) triggers &= ~current;  // not eligible
                do_add(random_fn(), pick(arg_count), triggers);
            }
            break;
        }
        case fn_remover:
            if (pick(2) == 0) {
                do_remove_fn(random_fn());
            } else {
                do_remove_arg(random_fn(), pick(arg_count));
            }
            break;
        case fn_runner: {
            // Mostly another trigger; sometimes the same one (nothing may run twice).
            const int how = pick(4);
            const unsigned t = how == 0 ? current : random_run_trigger();
            do_run(t, pick(4), pick(4));
            break;
        }
        case fn_clearer:
            if (pick(2) == 0) do_clear();
            break;
        default: break;
        }
    }

protected:
    std::vector<unsigned> running_;  // triggers of the runs in progress, innermost last

private:
    // splitmix64: cheap to reseed at every op, unlike std::mt19937_64.
    int pick(int n) {
        std::uint64_t z = (rng_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        z ^= z >> 31;
        return static_cast<int>(z % static_cast<std::uint64_t>(n));
    }

    int random_fn() {
        const int r = pick(100);
        if (r < 2) return fn_none;
        if (r < 64) return r % 4;
        if (r < 76) return fn_adder;
        if (r < 88) return fn_remover;
        if (r < 98) return fn_runner;
        return fn_clearer;
    }
    unsigned random_triggers() {
        const int r = pick(100);
        if (r < 3) return 0u;
        if (r < 6) return (1u + static_cast<unsigned>(pick(31))) | (1u << (5 + pick(27)));  // unknown bit
        if (r < 40) return 1u << pick(5);
        return 1u + static_cast<unsigned>(pick(31));
    }
    unsigned random_run_trigger() {
        static constexpr std::array<unsigned, 8> odd = {0u, 0x03u, 0x1Fu, 0x20u, 0x80u, 0x100u, 0x80000000u, 0x18u};
        if (pick(100) < 88) return 1u << pick(5);
        return odd[static_cast<std::size_t>(pick(static_cast<int>(odd.size())))];
    }

    int do_add(int fn, int arg, unsigned triggers) {
        const int status = add(fn, arg, triggers);
        switch (status) {
        case CODA_OK: ++stats.add_ok; break;
        case CODA_EFULL: ++stats.add_full; break;
        case CODA_EINVAL: ++stats.add_invalid; break;
        default: ++stats.add_closed; break;
        }
        if (!running_.empty() && status == CODA_OK) {
            ++((triggers & running_.back()) != 0 ? stats.handler_add_eligible : stats.handler_add_other);
        }
        if (!running_.empty() && status == CODA_EFULL) ++stats.handler_add_full;
        record(kind::add, {fn, arg, static_cast<std::int64_t>(triggers), status});
        return status;
    }
    void do_remove_fn(int fn) {
        const std::size_t n = remove_fn(fn);
        if (!running_.empty()) stats.handler_removed += n;
        record(kind::remove_fn, {fn, static_cast<std::int64_t>(n)});
    }
    void do_remove_arg(int fn, int arg) {
        const std::size_t n = remove_arg(fn, arg);
        if (!running_.empty()) stats.handler_removed += n;
        record(kind::remove_arg, {fn, arg, static_cast<std::int64_t>(n)});
    }
    void do_clear() {
        clear();
        record(kind::clear, {});
    }
    void do_run(unsigned trigger, int mode, int allow) {
        budget_ctx budget{allow, 0};
        coda_report report{0xDEADu, 77, 77, 77, 77};
        if (!running_.empty()) {
            ++stats.nested_runs;
            if (running_.back() == trigger) ++stats.nested_same_trigger;
        }
        running_.push_back(trigger);
        const std::size_t n = run(trigger, mode, mode >= 2 ? &budget : nullptr, mode == 1 || mode == 2 ? &report : nullptr);
        running_.pop_back();
        const bool has_report = mode == 1 || mode == 2;
        if (!has_report) report = coda_report{0, 0, 0, 0, 0};
        if (mode == 2 && report.complete == 0) {
            ++stats.budget_stops;
            stats.budget_skipped += report.skipped;
        }
        record(kind::run, {static_cast<std::int64_t>(trigger), mode, mode >= 2 ? allow : -1,
                           static_cast<std::int64_t>(n), report.ran, report.failed, report.skipped, report.complete});
        record(kind::run_more, {has_report ? static_cast<std::int64_t>(report.trigger) : -1, mode >= 2 ? budget.asked : -1});
    }

    std::size_t capacity_;
    std::uint32_t op_ = 0;
    std::uint64_t rng_ = 0;
    int actions_left_ = 0;
    std::size_t calls_this_op_ = 0;
};

// ---------------------------------------------------------------------------------
// The reference model.
class model final : public world {
public:
    explicit model(std::size_t capacity) : world(capacity) { ref_.capacity = capacity; }

    int add(int fn, int arg, unsigned triggers) override {
        const int status = ref_.add(fn, arg, triggers);
        stats.compactions = ref_.compactions;  // the registry compacts where the model says
        stats.compactions_moving = ref_.compactions_moving;
        return status;
    }
    std::size_t remove_fn(int fn) override {
        return ref_.erase_if([&](const coda_test::reference_entry &e) { return e.fn == fn; });
    }
    std::size_t remove_arg(int fn, int arg) override {
        return ref_.erase_if([&](const coda_test::reference_entry &e) { return e.fn == fn && e.arg == arg; });
    }
    std::size_t run(unsigned trigger, int, budget_ctx *budget, coda_report *report) override {
        coda_report local{trigger, 0, 0, 0, 0};
        if (!one_trigger(trigger)) {
            local.complete = 1;
        } else {
            for (;;) {
                ref_.trim();  // before each claim, as the registry (the compaction tally)
                const long newest = ref_.newest(trigger);
                if (newest < 0) {
                    local.complete = 1;
                    break;
                }
                if (budget != nullptr && budget_fn(budget) == 0) {
                    local.skipped = ref_.eligible(trigger);
                    break;
                }
                const coda_test::reference_entry taken = ref_.take(static_cast<std::size_t>(newest));
                on_call(taken.fn, taken.arg, budget);
                ++local.ran;
            }
        }
        if (report != nullptr) *report = local;
        return local.ran;
    }
    std::size_t pending() override { return ref_.entries.size(); }
    void clear() override { ref_.entries.clear(); }
    void seal() override { ref_.sealed = true; }

private:
    coda_test::reference_model ref_;  // tests/common/reference_model.hpp, shared with the fuzz target
};

// ---------------------------------------------------------------------------------
// The real registry. Handlers find the world (and the budget of the run in progress)
// through these: the tests are single-threaded.
world *g_real = nullptr;
std::vector<const budget_ctx *> g_budgets;

void *arg_ptr(int arg) { return reinterpret_cast<void *>(static_cast<std::uintptr_t>(arg)); }
int arg_id(void *arg) { return static_cast<int>(reinterpret_cast<std::uintptr_t>(arg)); }

template <int Id>
void real_handler(void *arg) {
    g_real->on_call(Id, arg_id(arg), g_budgets.back());
}

constexpr std::array<coda_fn, fn_count> real_fns = {real_handler<0>, real_handler<1>, real_handler<2>,
                                                     real_handler<3>, real_handler<4>, real_handler<5>,
                                                     real_handler<6>, real_handler<7>};

coda_fn fn_of(int id) { return id == fn_none ? nullptr : real_fns[static_cast<std::size_t>(id)]; }

template <std::size_t N>
class real final : public world {
public:
    real() : world(N), reg_(std::make_unique<coda::registry<N>>()) { g_real = this; }
    ~real() override { g_real = nullptr; }
    real(const real &) = delete;
    real &operator=(const real &) = delete;

    int add(int fn, int arg, unsigned triggers) override {
        return static_cast<int>(reg_->add(fn_of(fn), arg_ptr(arg), triggers));
    }
    std::size_t remove_fn(int fn) override { return reg_->remove(fn_of(fn)); }
    std::size_t remove_arg(int fn, int arg) override { return reg_->remove(fn_of(fn), arg_ptr(arg)); }
    std::size_t run(unsigned trigger, int mode, budget_ctx *budget, coda_report *report) override {
        g_budgets.push_back(budget);
        std::size_t n = 0;
        if (mode == 0) {
            n = reg_->run(trigger);
        } else {
            n = reg_->run(trigger, budget == nullptr ? nullptr : budget_fn, budget, report);
        }
        g_budgets.pop_back();
        return n;
    }
    std::size_t pending() override { return reg_->pending(); }
    void clear() override { reg_->clear(); }
    void seal() override { reg_->seal(); }

private:
    std::unique_ptr<coda::registry<N>> reg_;
};

// ---------------------------------------------------------------------------------
struct outcome {
    bool ok = true;
    std::string message;
    std::size_t events = 0;
    tally stats;
};

constexpr std::uint32_t ops_per_sequence = 200;

std::uint64_t seed_for(std::size_t capacity, std::size_t i) { return 0xC0DA0000ull + capacity * 1000003ull + i; }

template <std::size_t N>
outcome run_sequence(std::uint64_t seed, bool verbose) {
    const int add_weight = 20 + static_cast<int>(seed % 4) * 10;  // 20..50%: sparse to crowded tables
    model m(N);
    for (std::uint32_t op = 0; op < ops_per_sequence; ++op) m.execute_op(seed, op, add_weight);
    real<N> r;
    g_budgets.assign(1, nullptr);
    std::size_t checked = 0;
    for (std::uint32_t op = 0; op < ops_per_sequence; ++op) {
        r.execute_op(seed, op, add_weight);
        if (r.trace.size() > m.trace.size()) break;
        while (checked < r.trace.size() && r.trace[checked] == m.trace[checked]) ++checked;
        if (checked < r.trace.size()) break;  // the first difference is reported below
    }
    outcome out;
    out.events = m.trace.size();
    out.stats = m.stats;
    const std::size_t n = std::min(m.trace.size(), r.trace.size());
    std::size_t first = 0;
    while (first < n && m.trace[first] == r.trace[first]) ++first;
    if (verbose) {
        for (const event &e : r.trace) std::printf("%s\n", describe(e).c_str());
    }
    if (first == n && m.trace.size() == r.trace.size()) return out;
    std::ostringstream s;
    const std::uint32_t op = first < m.trace.size() ? m.trace[first].op : r.trace[first].op;
    s << "capacity " << N << " seed " << seed << " op " << op << " (event " << first << ")\n"
      << "  replay: CODA_DIFF_REPLAY=" << N << ":" << seed << " coda_unit_tests --gtest_filter='Differential*'\n"
      << "  context (both agree):\n";
    for (std::size_t i = first > 12 ? first - 12 : 0; i < first; ++i) s << "    " << describe(m.trace[i]) << "\n";
    s << "  model expected: " << (first < m.trace.size() ? describe(m.trace[first]) : "(end of trace)") << "\n";
    s << "  registry did:   " << (first < r.trace.size() ? describe(r.trace[first]) : "(end of trace)") << "\n";
    out.ok = false;
    out.message = s.str();
    return out;
}

#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
constexpr std::size_t sanitized_divisor = 4;  // single-threaded: sanitizers add little here
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer)
constexpr std::size_t sanitized_divisor = 4;
#else
constexpr std::size_t sanitized_divisor = 1;
#endif
#else
constexpr std::size_t sanitized_divisor = 1;
#endif

// How many sequences to run: the default counts, a quarter under ASan or TSan, times
// CODA_DIFF_SCALE when set.
std::size_t sequences_for(std::size_t base) {
    std::size_t n = std::max<std::size_t>(std::min<std::size_t>(base, 30), base / sanitized_divisor);
    const char *text = std::getenv("CODA_DIFF_SCALE");
    if (text == nullptr) return n;
    const long value = std::strtol(text, nullptr, 10);
    return value > 0 ? n * static_cast<std::size_t>(value) : n;
}

// CODA_DIFF_REPLAY=<capacity>:<seed> runs that one sequence, verbosely, in the test of
// that capacity.
bool replay(std::size_t capacity, std::uint64_t &seed) {
    const char *text = std::getenv("CODA_DIFF_REPLAY");
    if (text == nullptr) return false;
    char *end = nullptr;
    const unsigned long long cap = std::strtoull(text, &end, 10);
    if (end == nullptr || *end != ':') return false;
    if (cap != capacity) {
        seed = 0;
        return true;  // replaying another capacity: run nothing here
    }
    seed = std::strtoull(end + 1, nullptr, 10);
    return true;
}

template <std::size_t N>
void differential(std::size_t sequences) {
    std::uint64_t seed = 0;
    if (replay(N, seed)) {
        if (seed == 0) GTEST_SKIP() << "replaying another capacity";
        const outcome o = run_sequence<N>(seed, true);
        EXPECT_TRUE(o.ok) << o.message;
        return;
    }
    sequences = sequences_for(sequences);
    const auto start = std::chrono::steady_clock::now();
    std::size_t events = 0;
    tally total;
    for (std::size_t i = 0; i < sequences; ++i) {
        const outcome o = run_sequence<N>(seed_for(N, i), false);
        events += o.events;
        total += o.stats;
        if (!o.ok) {
            ADD_FAILURE() << "registry and model differ after " << i << " clean sequences\n" << o.message;
            return;  // one report per capacity is enough
        }
    }
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::printf("[ differential ] capacity %zu: %zu sequences x %u ops, %zu checked events, %.0f ms\n"
                "    adds ok %zu full %zu invalid %zu closed %zu; compactions %zu (moving %zu);"
                " handler calls %zu, handler adds eligible %zu other %zu full %zu, removed by handlers %zu;"
                " nested runs %zu (same trigger %zu); budget stops %zu (skipped %zu)\n",
                N, sequences, ops_per_sequence, events, ms, total.add_ok, total.add_full, total.add_invalid,
                total.add_closed, total.compactions, total.compactions_moving, total.handler_calls,
                total.handler_add_eligible, total.handler_add_other, total.handler_add_full, total.handler_removed,
                total.nested_runs, total.nested_same_trigger, total.budget_stops, total.budget_skipped);
    // The script must reach every rule it claims to check.
    EXPECT_GT(total.add_full, 0u);
    EXPECT_GT(total.add_invalid, 0u);
    EXPECT_GT(total.add_closed, 0u);
    if (N > 1) {  // one slot: nothing to slide, and a running handler leaves nothing to remove
        EXPECT_GT(total.compactions_moving, 0u);
        EXPECT_GT(total.handler_removed, 0u);
    }
    EXPECT_GT(total.handler_add_eligible, 0u);
    EXPECT_GT(total.handler_add_other, 0u);
    EXPECT_GT(total.handler_add_full, 0u);
    EXPECT_GT(total.nested_runs, 0u);
    EXPECT_GT(total.nested_same_trigger, 0u);
    EXPECT_GT(total.budget_stops, 0u);
    EXPECT_GT(total.budget_skipped, 0u);
}

} // namespace

TEST(Differential, Capacity1) { differential<1>(400); }
TEST(Differential, Capacity2) { differential<2>(400); }
TEST(Differential, Capacity3) { differential<3>(400); }
TEST(Differential, Capacity8) { differential<8>(600); }
TEST(Differential, Capacity32) { differential<32>(600); }
TEST(Differential, Capacity255) { differential<255>(250); }
TEST(Differential, Capacity256) { differential<256>(250); }
TEST(Differential, Capacity1000) { differential<1000>(70); }

// S4 and S13 together, in a sequential history: a budget callback is user code called
// by the run, like a handler. One that registers while the table has room (holes under
// pending entries, top at capacity) must get ok, as a handler does, not full.
namespace {
coda::registry<4> *g_room_registry = nullptr;
int g_room_status = 1;  // status of the registration made from inside the run
void room_mark(void *) {}
void room_register() {
    if (g_room_status == 1) g_room_status = static_cast<int>(g_room_registry->add(room_mark, arg_ptr(9), CODA_ON_EXIT));
}
int registering_budget(void *) {
    room_register();
    return 1;
}
void registering_handler(void *) { room_register(); }

// slots: 0 exit, 1 signal, 2 exit, 3 signal; the exit run leaves holes at 0 and 2 under
// pending entries, and top stays at capacity (slot 3 is pending). Then a signal run.
int register_during_signal_run(bool from_budget) {
    coda::registry<4> reg;
    g_room_registry = &reg;
    g_room_status = 1;
    const coda_fn signal_fn = from_budget ? room_mark : registering_handler;
    EXPECT_EQ(reg.add(room_mark, arg_ptr(0), CODA_ON_EXIT), coda::status::ok);
    EXPECT_EQ(reg.add(signal_fn, arg_ptr(1), CODA_ON_SIGNAL), coda::status::ok);
    EXPECT_EQ(reg.add(room_mark, arg_ptr(2), CODA_ON_EXIT), coda::status::ok);
    EXPECT_EQ(reg.add(signal_fn, arg_ptr(3), CODA_ON_SIGNAL), coda::status::ok);
    EXPECT_EQ(reg.run(CODA_ON_EXIT), 2u);
    EXPECT_EQ(reg.pending(), 2u);
    coda_report report{};
    EXPECT_EQ(reg.run(CODA_ON_SIGNAL, from_budget ? registering_budget : nullptr, nullptr, &report), 2u);
    EXPECT_EQ(report.complete, 1u);
    EXPECT_EQ(reg.pending(), g_room_status == CODA_OK ? 1u : 0u);
    g_room_registry = nullptr;
    return g_room_status;
}
} // namespace

TEST(Differential, HandlerMayRegisterWhenThereIsRoom) {
    EXPECT_EQ(register_during_signal_run(false), CODA_OK);
}

TEST(Differential, BudgetCallbackMayRegisterWhenThereIsRoom) {
    EXPECT_EQ(register_during_signal_run(true), CODA_OK)
        << "2 of 4 pending, yet a registration from the budget callback was refused (-2: CODA_EFULL);"
           " the same registration from a handler gets CODA_OK";
}
