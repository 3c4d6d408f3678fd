// registry_fuzz.cpp - libFuzzer target: coda::registry<N> checked step by step against a
// reference model of the rules (docs/semantics.md, S1-S10 and S13; S11 for seal()).
//
// The input is a little program. Byte 0 picks the capacity N (1, 2, 3, 8, 255 or 256);
// each following op byte picks add / remove(fn) / remove(fn, arg) / run / run with a
// budget / clear / pending / seal / scoped_registration, and its operands come from
// the next bytes. Handlers 4..7 act on the registry from inside a run (add, remove,
// nested run, clear), reading their action from the input too, so nesting is fuzzed.
//
// The model (tests/common/reference_model.hpp, shared with the differential test) is a
// vector of {fn, arg, triggers} in registration order, updated in
// lockstep with the registry (it is not a second run of the program): every status,
// count, report and pending() value is compared at once, and every handler call the
// registry makes is checked to be the model's newest pending entry eligible for the
// run in progress (S1, S2, S7, S8, S9), which the model then drops. A budget call must
// come with an eligible entry waiting (S13). Any difference aborts with a message.
//
// Built only with clang (-fsanitize=fuzzer,address,undefined); see tests/fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

#include "coda/registry.hpp"
#include "reference_model.hpp"

namespace {

[[noreturn]] void fail(const char *what, long expected, long got) {
    std::fprintf(stderr, "coda fuzz: MISMATCH: %s: model %ld, registry %ld\n", what, expected, got);
    std::abort();
}
void check(const char *what, long expected, long got) {
    if (expected != got) fail(what, expected, got);
}

// ---- the input ------------------------------------------------------------------
struct input {
    const std::uint8_t *data;
    std::size_t size;
    std::size_t at = 0;
    bool empty() const { return at >= size; }
    std::uint8_t byte() { return at < size ? data[at++] : 0; }
};

// ---- the reference model: tests/common/reference_model.hpp ----------------------------
using coda_test::one_trigger;
using entry = coda_test::reference_entry;
using model = coda_test::reference_model;

// ---- the system under test, behind one interface for every capacity ---------------
struct subject {
    virtual ~subject() = default;
    virtual int add(coda_fn fn, void *arg, unsigned triggers) = 0;
    virtual std::size_t remove(coda_fn fn) = 0;
    virtual std::size_t remove(coda_fn fn, void *arg) = 0;
    virtual std::size_t run(unsigned trigger, coda_budget_fn budget, void *ctx, coda_report *report) = 0;
    virtual std::size_t pending() = 0;
    virtual void clear() = 0;
    virtual void seal() = 0;
    virtual std::size_t scoped(coda_fn fn, void *arg, unsigned triggers, int &status) = 0;
};

template <std::size_t N>
struct real final : subject {
    std::unique_ptr<coda::registry<N>> reg = std::make_unique<coda::registry<N>>();
    int add(coda_fn fn, void *arg, unsigned triggers) override { return static_cast<int>(reg->add(fn, arg, triggers)); }
    std::size_t remove(coda_fn fn) override { return reg->remove(fn); }
    std::size_t remove(coda_fn fn, void *arg) override { return reg->remove(fn, arg); }
    std::size_t run(unsigned trigger, coda_budget_fn budget, void *ctx, coda_report *report) override {
        return budget == nullptr && report == nullptr ? reg->run(trigger) : reg->run(trigger, budget, ctx, report);
    }
    std::size_t pending() override { return reg->pending(); }
    void clear() override { reg->clear(); }
    void seal() override { reg->seal(); }
    std::size_t scoped(coda_fn fn, void *arg, unsigned triggers, int &status) override {
        coda::scoped_registration guard(*reg, fn, arg, triggers);
        status = static_cast<int>(guard.result());
        return guard.reset();
    }
};

// ---- the fuzzing session (one per input) -------------------------------------------
constexpr int fn_count = 8;
constexpr int fn_adder = 4, fn_remover = 5, fn_runner = 6, fn_clearer = 7;
constexpr int max_depth = 4;  // nested runs
constexpr int max_actions = 48;  // handler actions per input: bounds the work

struct run_frame {
    unsigned trigger;
    unsigned calls;
};

struct budget_ctx {
    int allow;
    int asked;
};

struct session {
    input in;
    model m;
    subject *s = nullptr;
    std::vector<run_frame> runs;  // the runs in progress, innermost last
    int actions = 0;

    unsigned triggers_from(std::uint8_t b) {
        switch (b >> 5) {
        case 0: return 0u;  // invalid: zero
        case 1: return (b & 0x1Fu) | 0x20u;  // invalid: an unknown bit
        case 2:
        case 3: return 1u << (b % 5);  // one trigger
        default: return b & 0x1Fu;  // any set (0 is invalid)
        }
    }
    unsigned run_trigger_from(std::uint8_t b) {
        if (b < 232) return 1u << (b % 5);
        static constexpr unsigned odd[8] = {0u, 0x03u, 0x1Fu, 0x20u, 0x80u, 0x18u, 0x80000000u, 0x100u};
        return odd[b % 8];
    }

    void do_add() {
        const std::uint8_t f = in.byte();
        const int fn = f % 17 == 16 ? -1 : f % fn_count;  // -1: a null fn
        const int arg = in.byte() % 6;
        unsigned triggers = triggers_from(in.byte());
        if (!runs.empty() && (f & 0x80u) != 0 && triggers != 0 && (triggers & ~CODA_ON_ANY) == 0) {
            triggers |= runs.back().trigger & CODA_ON_ANY;  // eligible for the run in progress (S7)
        }
        const int expected = m.add(fn, arg, triggers);
        check("add status", expected, s->add(fn_of(fn), arg_ptr(arg), triggers));
    }
    void do_remove_fn() {
        const int fn = in.byte() % fn_count;
        const std::size_t expected = m.erase_if([&](const entry &e) { return e.fn == fn; });
        check("remove(fn) count", static_cast<long>(expected), static_cast<long>(s->remove(fn_of(fn))));
    }
    void do_remove_arg() {
        const int fn = in.byte() % fn_count;
        const int arg = in.byte() % 6;
        const std::size_t expected = m.erase_if([&](const entry &e) { return e.fn == fn && e.arg == arg; });
        check("remove(fn, arg) count", static_cast<long>(expected),
              static_cast<long>(s->remove(fn_of(fn), arg_ptr(arg))));
    }
    void do_clear() {
        m.entries.clear();
        s->clear();
    }
    void do_scoped() {
        const int fn = in.byte() % fn_count;
        const int arg = in.byte() % 6;
        const unsigned triggers = triggers_from(in.byte());
        const int expected_status = m.add(fn, arg, triggers);
        const bool expected_removed = expected_status == CODA_OK;  // its own entry: the newest
        if (expected_removed) m.entries.pop_back();
        int status = 0;
        const std::size_t removed = s->scoped(fn_of(fn), arg_ptr(arg), triggers, status);
        check("scoped_registration status", expected_status, status);
        check("scoped_registration reset", expected_removed ? 1 : 0, static_cast<long>(removed));
    }
    void do_run(bool with_budget) {
        const unsigned trigger = run_trigger_from(in.byte());
        const std::uint8_t how = in.byte();
        budget_ctx budget{how % 5, 0};
        const bool want_report = with_budget || (how & 0x80u) != 0;
        coda_report report{0xDEADu, 77, 77, 77, 77};
        const unsigned eligible_before = one_trigger(trigger) ? m.eligible(trigger) : 0;
        runs.push_back({trigger, 0});
        const std::size_t n = s->run(trigger, with_budget ? budget_fn : nullptr, with_budget ? &budget : nullptr,
                                     want_report ? &report : nullptr);
        const run_frame frame = runs.back();
        runs.pop_back();
        check("run return = handlers called", frame.calls, static_cast<long>(n));
        if (!one_trigger(trigger)) {
            check("run of a bad trigger calls nothing", 0, static_cast<long>(n));
            if (want_report) check("report.complete (bad trigger)", 1, report.complete);
            return;
        }
        const unsigned left = m.eligible(trigger);
        const bool stopped = with_budget && left > 0;
        if (!with_budget) check("eligible entries left after a run without budget", 0, left);
        if (with_budget) {
            // S13: asked once before each handler; the last answer was 0 exactly when it stopped.
            check("budget asked", static_cast<long>(frame.calls) + (stopped ? 1 : 0), budget.asked);
            if (!stopped && eligible_before == 0) check("budget asked with nothing eligible", 0, budget.asked);
        }
        if (want_report) {
            check("report.trigger", trigger, report.trigger);
            check("report.ran", frame.calls, report.ran);
            check("report.failed", 0, report.failed);
            check("report.complete", stopped ? 0 : 1, report.complete);
            check("report.skipped", stopped ? left : 0, report.skipped);
        }
    }

    void do_op(std::uint8_t op) {
        switch (op % 16) {
        case 0:
        case 1:
        case 2:
        case 3:
        case 4: do_add(); break;
        case 5:
        case 6: do_remove_fn(); break;
        case 7:
        case 8: do_remove_arg(); break;
        case 9:
        case 10: do_run(false); break;
        case 11:
        case 12: do_run(true); break;
        case 13: do_clear(); break;
        case 14: do_scoped(); break;
        case 15:
            if (op == 0xFF) {
                m.sealed = true;
                s->seal();
            }
            break;
        }
        check("pending()", static_cast<long>(m.entries.size()), static_cast<long>(s->pending()));
    }

    // A handler call from the registry: it must be the model's newest eligible entry.
    void on_call(int fn, int arg) {
        if (runs.empty()) fail("a handler was called outside any run", 0, fn);
        run_frame &frame = runs.back();
        const long i = m.newest(frame.trigger);
        if (i < 0) fail("handler called with nothing eligible pending (fn id)", -1, fn);
        const entry expected = m.entries[static_cast<std::size_t>(i)];
        check("handler called (fn id): newest eligible first", expected.fn, fn);
        check("handler called (arg)", expected.arg, arg);
        m.entries.erase(m.entries.begin() + i);  // claimed before the call (S9)
        ++frame.calls;
        check("pending() inside a handler", static_cast<long>(m.entries.size()), static_cast<long>(s->pending()));
        if (fn < fn_adder || actions >= max_actions || in.empty()) return;
        ++actions;
        const std::uint8_t b = in.byte();
        switch (fn) {
        case fn_adder:
            do_add();
            if ((b & 1u) != 0) do_add();
            break;
        case fn_remover:
            if ((b & 1u) != 0) {
                do_remove_fn();
            } else {
                do_remove_arg();
            }
            break;
        case fn_runner:
            if (runs.size() < max_depth) do_run((b & 1u) != 0);
            break;
        case fn_clearer:
            if ((b & 1u) != 0) do_clear();
            break;
        }
        check("pending() after a handler's action", static_cast<long>(m.entries.size()),
              static_cast<long>(s->pending()));
    }

    static int budget_fn(void *ctx);
    static coda_fn fn_of(int id);
    static void *arg_ptr(int arg) { return reinterpret_cast<void *>(static_cast<std::uintptr_t>(arg) * 8u); }
};

session *g_session = nullptr;

int session::budget_fn(void *ctx) {
    auto *b = static_cast<budget_ctx *>(ctx);
    ++b->asked;
    // Asked before a handler starts: one must be waiting (S13).
    if (g_session->m.newest(g_session->runs.back().trigger) < 0) fail("budget asked with nothing eligible", 0, 1);
    if (b->allow > 0) {
        --b->allow;
        return 1;
    }
    return 0;
}

template <int Id>
void handler(void *arg) {
    g_session->on_call(Id, static_cast<int>(reinterpret_cast<std::uintptr_t>(arg) / 8u));
}

coda_fn session::fn_of(int id) {
    static constexpr coda_fn fns[fn_count] = {handler<0>, handler<1>, handler<2>, handler<3>,
                                              handler<4>, handler<5>, handler<6>, handler<7>};
    return id < 0 ? nullptr : fns[id];
}

template <std::size_t N>
void fuzz_one(session &ses) {
    real<N> r;
    ses.s = &r;
    ses.m.capacity = N;
    while (!ses.in.empty()) ses.do_op(ses.in.byte());
    // The end: a final run of every trigger (sealed or not) must leave nothing pending.
    for (unsigned t = 1; t <= CODA_ON_BROWNOUT; t <<= 1) {
        ses.runs.push_back({t, 0});
        const std::size_t n = r.run(t, nullptr, nullptr, nullptr);
        const run_frame frame = ses.runs.back();
        ses.runs.pop_back();
        check("final run count", frame.calls, static_cast<long>(n));
    }
    check("pending() at the end", 0, static_cast<long>(r.pending()));
    check("model pending at the end", 0, static_cast<long>(ses.m.entries.size()));
    ses.s = nullptr;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    if (size == 0) return 0;
    session ses{{data, size}, {}, nullptr, {}, 0};
    g_session = &ses;
    switch (ses.in.byte() % 6) {
    case 0: fuzz_one<1>(ses); break;
    case 1: fuzz_one<2>(ses); break;
    case 2: fuzz_one<3>(ses); break;
    case 3: fuzz_one<8>(ses); break;
    case 4: fuzz_one<255>(ses); break;
    default: fuzz_one<256>(ses); break;
    }
    g_session = nullptr;
    return 0;
}
