// semantics_test.cpp - one or more named tests per rule S1..S14 of docs/semantics.md (section 3).
//
// Handlers write a trace: "one(a) two(b) h" says one(arg 'a') ran, then two(arg 'b'),
// then the step named h. Tests on the global registry (C API) clear it first and last;
// it is never sealed here. Sealing and everything a handler does to its own registry
// uses local coda::registry<N> objects.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "coda/coda.h"
#include "coda/registry.hpp"
#include "trace.hpp"

namespace {

using coda::status;
using coda_test::arg;
using coda_test::letter;
using coda_test::note;
using coda_test::one;
using coda_test::trace;
using coda_test::two;

// A named step with a body: lets a handler register, remove or run while it runs.
struct Step {
    std::string name;
    std::function<void()> body;
};
void step(void *a) {
    auto *s = static_cast<Step *>(a);
    note(s->name);
    if (s->body) s->body();
}

// Clears the global registry (and the trace) for a test, and again when it ends, so
// nothing is left for the exit path of the test process.
struct GlobalRegistry {
    GlobalRegistry() {
        coda_clear();
        trace.clear();
    }
    ~GlobalRegistry() { coda_clear(); }
    GlobalRegistry(const GlobalRegistry &) = delete;
    GlobalRegistry &operator=(const GlobalRegistry &) = delete;
};

// Runs every trigger once, in a fixed order; returns the handlers called.
template <class Registry>
std::size_t run_every_trigger(Registry &r) {
    std::size_t n = 0;
    for (unsigned t : {CODA_ON_EXIT, CODA_ON_QUICK_EXIT, CODA_ON_SIGNAL, CODA_ON_RESET, CODA_ON_BROWNOUT}) n += r.run(t);
    return n;
}

std::size_t run_every_trigger_global() {
    std::size_t n = 0;
    for (unsigned t : {CODA_ON_EXIT, CODA_ON_QUICK_EXIT, CODA_ON_SIGNAL, CODA_ON_RESET, CODA_ON_BROWNOUT}) n += coda_run(t);
    return n;
}

// A budget that grants `grants` handlers, then says stop; counts how often it is asked.
struct Budget {
    int grants = 0;
    int asked = 0;
};
int budget(void *ctx) {
    auto *b = static_cast<Budget *>(ctx);
    ++b->asked;
    if (b->grants <= 0) return 0;
    --b->grants;
    return 1;
}

} // namespace

// ---- S1 LIFO --------------------------------------------------------------------

TEST(S1_Lifo, NewestRegistrationRunsFirst) {
    GlobalRegistry g;
    ASSERT_EQ(coda_register_on(one, arg('a'), CODA_ON_EXIT), CODA_OK);
    ASSERT_EQ(coda_register_on(two, arg('b'), CODA_ON_EXIT), CODA_OK);
    ASSERT_EQ(coda_register_on(one, arg('c'), CODA_ON_EXIT), CODA_OK);
    ASSERT_EQ(coda_register_on(two, arg('d'), CODA_ON_EXIT), CODA_OK);
    EXPECT_EQ(coda_run(CODA_ON_EXIT), 4u);
    EXPECT_EQ(trace, "two(d) one(c) two(b) one(a)");
    EXPECT_EQ(coda_pending(), 0u);
}

TEST(S1_Lifo, OrderHoldsAcrossHolesLeftByRemovalsAndOtherTriggers) {
    coda::registry<4> r;
    trace.clear();
    ASSERT_EQ(r.add(one, arg('a'), CODA_ON_EXIT), status::ok);
    ASSERT_EQ(r.add(one, arg('b'), CODA_ON_BROWNOUT), status::ok);
    ASSERT_EQ(r.add(one, arg('c'), CODA_ON_EXIT), status::ok);
    ASSERT_EQ(r.add(one, arg('d'), CODA_ON_EXIT), status::ok);
    EXPECT_EQ(r.remove(one, arg('c')), 1u);
    EXPECT_EQ(r.run(CODA_ON_BROWNOUT), 1u);
    // The table had 4 entries at the top: these two compact the holes away.
    ASSERT_EQ(r.add(one, arg('e'), CODA_ON_EXIT), status::ok);
    ASSERT_EQ(r.add(one, arg('f'), CODA_ON_EXIT), status::ok);
    EXPECT_EQ(r.run(CODA_ON_EXIT), 4u);
    EXPECT_EQ(trace, "one(b) one(f) one(e) one(d) one(a)");
}

// ---- S2 each call gets its own argument ------------------------------------------

TEST(S2_OwnArgument, EachCallGetsTheArgumentOfItsRegistration) {
    GlobalRegistry g;
    ASSERT_EQ(coda_register_on(one, arg('x'), CODA_ON_EXIT), CODA_OK);
    ASSERT_EQ(coda_register_on(one, arg('y'), CODA_ON_EXIT), CODA_OK);
    ASSERT_EQ(coda_register_on(one, arg('z'), CODA_ON_EXIT), CODA_OK);
    EXPECT_EQ(coda_run(CODA_ON_EXIT), 3u);
    EXPECT_EQ(trace, "one(z) one(y) one(x)");
}

namespace {
int *last_seen_counter = nullptr;
void bump(void *a) {
    last_seen_counter = static_cast<int *>(a);
    if (a != nullptr) ++*static_cast<int *>(a);
}
} // namespace

TEST(S2_OwnArgument, PointerArgumentsReachTheirOwnObjectsAndNullIsPassedThrough) {
    coda::registry<4> r;
    int counters[3] = {0, 0, 0};
    ASSERT_EQ(r.add(bump, &counters[0], CODA_ON_RESET), status::ok);
    ASSERT_EQ(r.add(bump, &counters[1], CODA_ON_RESET), status::ok);
    ASSERT_EQ(r.add(bump, &counters[1], CODA_ON_RESET), status::ok);
    ASSERT_EQ(r.add(bump, nullptr, CODA_ON_RESET), status::ok);
    last_seen_counter = &counters[2];
    EXPECT_EQ(r.run(CODA_ON_RESET, nullptr, nullptr, nullptr), 4u);
    EXPECT_EQ(counters[0], 1);
    EXPECT_EQ(counters[1], 2);
    EXPECT_EQ(counters[2], 0);
    EXPECT_EQ(last_seen_counter, &counters[0]);  // the oldest ran last
}

// ---- S3 the same (fn, arg) many times ---------------------------------------------

TEST(S3_Duplicates, SamePairRegisteredThreeTimesRunsThreeTimes) {
    GlobalRegistry g;
    ASSERT_EQ(coda_register(one, arg('a')), CODA_OK);
    ASSERT_EQ(coda_register(one, arg('a')), CODA_OK);
    ASSERT_EQ(coda_register(two, arg('b')), CODA_OK);
    ASSERT_EQ(coda_register(one, arg('a')), CODA_OK);
    EXPECT_EQ(coda_pending(), 4u);
    EXPECT_EQ(coda_run(CODA_ON_EXIT), 4u);
    EXPECT_EQ(trace, "one(a) two(b) one(a) one(a)");
    EXPECT_EQ(coda_run(CODA_ON_SIGNAL), 0u);  // each ran once, across triggers too
}

TEST(S3_Duplicates, EachDuplicateIsASeparatePendingEntry) {
    coda::registry<8> r;
    trace.clear();
    for (int i = 0; i < 5; ++i) ASSERT_EQ(r.add(one, arg('a'), CODA_ON_EXIT), status::ok);
    EXPECT_EQ(r.pending(), 5u);
    Budget b{2, 0};
    EXPECT_EQ(r.run(CODA_ON_EXIT, budget, &b, nullptr), 2u);
    EXPECT_EQ(r.pending(), 3u);
    EXPECT_EQ(r.run(CODA_ON_EXIT), 3u);
    EXPECT_EQ(trace, "one(a) one(a) one(a) one(a) one(a)");
}

// ---- S4 capacity ------------------------------------------------------------------

TEST(S4_Capacity, GlobalHoldsExactlyCodaCapacityThenFull) {
    GlobalRegistry g;
    ASSERT_EQ(coda_capacity(), static_cast<std::size_t>(CODA_CAPACITY));
    for (std::size_t i = 0; i < coda_capacity(); ++i) ASSERT_EQ(coda_register_on(one, arg('a'), CODA_ON_EXIT), CODA_OK) << i;
    EXPECT_EQ(coda_pending(), coda_capacity());
    EXPECT_EQ(coda_register_on(two, arg('z'), CODA_ON_EXIT), CODA_EFULL);
    EXPECT_EQ(coda_register_on(two, arg('z'), CODA_ON_BROWNOUT), CODA_EFULL);
    EXPECT_EQ(coda_pending(), coda_capacity());
    EXPECT_EQ(coda_run(CODA_ON_BROWNOUT), 0u);
    EXPECT_EQ(coda_run(CODA_ON_EXIT), coda_capacity());
    EXPECT_EQ(trace.find("two"), std::string::npos) << "a rejected registration ran: " << trace;
}

TEST(S4_Capacity, FullRegistrationChangesNothing) {
    coda::registry<3> r;
    trace.clear();
    ASSERT_EQ(r.add(one, arg('a'), CODA_ON_EXIT), status::ok);
    ASSERT_EQ(r.add(one, arg('b'), CODA_ON_BROWNOUT), status::ok);
    ASSERT_EQ(r.add(one, arg('c'), CODA_ON_EXIT), status::ok);
    EXPECT_EQ(r.add(two, arg('x'), CODA_ON_EXIT), status::full);
    EXPECT_EQ(r.add(two, arg('y'), CODA_ON_ANY), status::full);
    EXPECT_EQ(r.pending(), 3u);
    EXPECT_EQ(r.remove(two), 0u);
    EXPECT_EQ(run_every_trigger(r), 3u);
    EXPECT_EQ(trace, "one(c) one(a) one(b)");
}

namespace {

// A reference for the S4 histories: the pending entries, oldest first.
struct Entry {
    std::uintptr_t id;
    unsigned triggers;
};

std::vector<std::uintptr_t> ran_ids;
void numbered(void *a) { ran_ids.push_back(reinterpret_cast<std::uintptr_t>(a)); }
void *id_arg(std::uintptr_t id) { return reinterpret_cast<void *>(id); }

template <std::size_t N>
class History {
public:
    History() : r_(std::make_unique<coda::registry<N>>()) { ran_ids.clear(); }

    // Adds until full; checks that exactly N - pending fit and that the rejected ones
    // left the registry as it was.
    void fill(unsigned (*triggers_for)(std::uintptr_t)) {
        const std::size_t room = N - model_.size();
        ASSERT_EQ(r_->pending(), model_.size());
        for (std::size_t i = 0; i < room; ++i) {
            const std::uintptr_t id = next_id_++;
            ASSERT_EQ(r_->add(numbered, id_arg(id), triggers_for(id)), status::ok)
                << "only " << model_.size() << " of " << N << " fit";
            model_.push_back({id, triggers_for(id)});
        }
        ASSERT_EQ(r_->pending(), N);
        for (unsigned t : {CODA_ON_EXIT, CODA_ON_BROWNOUT, CODA_ON_ANY}) {
            EXPECT_EQ(r_->add(numbered, id_arg(rejected_id), t), status::full) << "entry " << N + 1 << " fit";
        }
        EXPECT_EQ(r_->pending(), N);
        EXPECT_EQ(r_->remove(numbered, id_arg(rejected_id)), 0u) << "a rejected registration was stored";
    }

    // Runs `trigger` granting at most `grants` handlers (-1: no budget); checks the
    // LIFO order against the reference.
    void run(unsigned trigger, int grants = -1) {
        std::vector<std::uintptr_t> expected;
        for (std::size_t i = model_.size(); i-- > 0;) {
            if ((model_[i].triggers & trigger) == 0) continue;
            if (grants >= 0 && expected.size() == static_cast<std::size_t>(grants)) break;
            expected.push_back(model_[i].id);
            model_.erase(model_.begin() + static_cast<std::ptrdiff_t>(i));
        }
        ran_ids.clear();
        Budget b{grants, 0};
        const std::size_t n = grants >= 0 ? r_->run(trigger, budget, &b, nullptr) : r_->run(trigger);
        EXPECT_EQ(n, expected.size());
        EXPECT_EQ(ran_ids, expected);
        EXPECT_EQ(r_->pending(), model_.size());
    }

    // Removes `count` pending entries spread over the middle of the table.
    void remove_spread(std::size_t count) {
        if (count == 0 || model_.empty()) return;
        const std::size_t stride = model_.size() / count > 0 ? model_.size() / count : 1;
        std::size_t removed = 0;
        for (std::size_t i = model_.size(); i-- > 0 && removed < count;) {
            if (i % stride != stride / 2) continue;
            EXPECT_EQ(r_->remove(numbered, id_arg(model_[i].id)), 1u);
            model_.erase(model_.begin() + static_cast<std::ptrdiff_t>(i));
            ++removed;
        }
        EXPECT_EQ(r_->pending(), model_.size());
    }

    void clear() {
        r_->clear();
        model_.clear();
        EXPECT_EQ(r_->pending(), 0u);
    }

    std::size_t pending() const { return model_.size(); }

private:
    static constexpr std::uintptr_t rejected_id = 0xdead;
    std::unique_ptr<coda::registry<N>> r_;
    std::vector<Entry> model_;
    std::uintptr_t next_id_ = 1;
};

unsigned exit_or_brownout(std::uintptr_t id) { return id % 2 == 0 ? CODA_ON_EXIT : CODA_ON_BROWNOUT; }
unsigned every_third_both(std::uintptr_t id) {
    return id % 3 == 0 ? (CODA_ON_EXIT | CODA_ON_BROWNOUT) : exit_or_brownout(id);
}
unsigned exit_only(std::uintptr_t) { return CODA_ON_EXIT; }

// Interleaved runs of two triggers leave holes under and between the other trigger's
// entries; removals and budget-cut runs punch more. After each, exactly N fit again.
// Tables above 256 run and remove at most 64 entries per step (a run rescans from the
// top, so running all of 4096 is slow under sanitizers); fills still cover every slot.
template <std::size_t N>
void any_history_leaves_room_for_exactly_n() {
    constexpr bool big = N > 256;
    constexpr int all = big ? 64 : -1;  // -1: a plain run, no budget
    History<N> h;
    h.fill(exit_or_brownout);
    h.remove_spread(1);                 // exactly one hole, in the middle
    h.fill(exit_or_brownout);
    h.run(CODA_ON_BROWNOUT, 1);         // exactly one hole, near the top
    h.fill(exit_only);
    h.run(CODA_ON_EXIT, all);           // holes under the brownout entries
    h.fill(exit_or_brownout);           // compacts; new exit entries above old brownout ones
    h.run(CODA_ON_BROWNOUT, 1);         // a hole near the top
    h.remove_spread(big ? 64 : N / 3);  // holes in the middle
    h.fill(every_third_both);
    h.run(CODA_ON_BROWNOUT, static_cast<int>(big ? 21 : N / 3));
    h.run(CODA_ON_EXIT, static_cast<int>(big ? 16 : N / 4));
    h.remove_spread(big ? 32 : N / 2);
    h.fill(exit_or_brownout);
    h.run(CODA_ON_EXIT, all);
    h.run(CODA_ON_BROWNOUT, all);
    if (!big) {
        EXPECT_EQ(h.pending(), 0u);
    }
    h.clear();
    h.fill(exit_only);                  // every slot was used and is now a hole
    h.run(CODA_ON_EXIT, all);
    h.fill(exit_only);
    h.clear();
}

} // namespace

TEST(S4_Capacity, AnyHistoryLeavesRoomForExactlyN_1) { any_history_leaves_room_for_exactly_n<1>(); }
TEST(S4_Capacity, AnyHistoryLeavesRoomForExactlyN_2) { any_history_leaves_room_for_exactly_n<2>(); }
TEST(S4_Capacity, AnyHistoryLeavesRoomForExactlyN_3) { any_history_leaves_room_for_exactly_n<3>(); }
TEST(S4_Capacity, AnyHistoryLeavesRoomForExactlyN_32) { any_history_leaves_room_for_exactly_n<32>(); }
TEST(S4_Capacity, AnyHistoryLeavesRoomForExactlyN_255) { any_history_leaves_room_for_exactly_n<255>(); }
TEST(S4_Capacity, AnyHistoryLeavesRoomForExactlyN_256) { any_history_leaves_room_for_exactly_n<256>(); }
TEST(S4_Capacity, AnyHistoryLeavesRoomForExactlyN_4096) { any_history_leaves_room_for_exactly_n<4096>(); }

TEST(S4_Capacity, RoomFreedByARunningHandlerIsUsableAtOnce) {
    // A running handler is not pending, so a full table has room for its own call.
    coda::registry<2> r;
    trace.clear();
    status inner = status::invalid;
    Step h{"h", [&] { inner = r.add(one, arg('n'), CODA_ON_BROWNOUT); }};
    ASSERT_EQ(r.add(one, arg('a'), CODA_ON_EXIT), status::ok);
    ASSERT_EQ(r.add(step, &h, CODA_ON_EXIT), status::ok);
    EXPECT_EQ(r.run(CODA_ON_EXIT, nullptr, nullptr, nullptr), 2u);
    EXPECT_EQ(inner, status::ok);
    EXPECT_EQ(r.pending(), 1u);
    EXPECT_EQ(r.run(CODA_ON_BROWNOUT), 1u);
    EXPECT_EQ(trace, "h one(a) one(n)");
}

// ---- S5 bad input ------------------------------------------------------------------

TEST(S5_BadInput, NullFunctionIsInvalidAndStoresNothing) {
    GlobalRegistry g;
    EXPECT_EQ(coda_register(nullptr, arg('a')), CODA_EINVAL);
    EXPECT_EQ(coda_register_on(nullptr, arg('a'), CODA_ON_EXIT), CODA_EINVAL);
    EXPECT_EQ(coda_register_on(nullptr, nullptr, CODA_ON_ANY), CODA_EINVAL);
    EXPECT_EQ(coda_pending(), 0u);
    EXPECT_EQ(run_every_trigger_global(), 0u);
}

TEST(S5_BadInput, ZeroOrUnknownTriggerBitsAreInvalidAndStoreNothing) {
    GlobalRegistry g;
    for (unsigned bad : {0u, 0x20u, 0x80000000u, CODA_ON_EXIT | 0x20u, CODA_ON_ANY | 0x80000000u, ~0u}) {
        EXPECT_EQ(coda_register_on(one, arg('a'), bad), CODA_EINVAL) << "triggers " << bad;
    }
    EXPECT_EQ(coda_pending(), 0u);
    EXPECT_EQ(coda_unregister(one), 0u);
    EXPECT_EQ(run_every_trigger_global(), 0u);
    EXPECT_EQ(trace, "");
}

TEST(S5_BadInput, LocalRegistryRejectsTheSameAndKeepsItsEntries) {
    coda::registry<2> r;
    trace.clear();
    ASSERT_EQ(r.add(one, arg('a'), CODA_ON_EXIT), status::ok);
    EXPECT_EQ(r.add(nullptr), status::invalid);
    EXPECT_EQ(r.add(one, arg('b'), 0u), status::invalid);
    EXPECT_EQ(r.add(one, arg('b'), 0x20u), status::invalid);
    EXPECT_EQ(r.add(one, arg('b'), 0x80000000u), status::invalid);
    EXPECT_EQ(r.pending(), 1u);
    ASSERT_EQ(r.add(one, arg('c'), CODA_ON_EXIT), status::ok);  // the room is all still there
    EXPECT_EQ(run_every_trigger(r), 2u);
    EXPECT_EQ(trace, "one(c) one(a)");
}

// ---- S6 unregister -------------------------------------------------------------------

TEST(S6_Unregister, UnregisterRemovesEveryRegistrationOfFnWhateverArg) {
    GlobalRegistry g;
    ASSERT_EQ(coda_register_on(one, arg('a'), CODA_ON_EXIT), CODA_OK);
    ASSERT_EQ(coda_register_on(two, arg('a'), CODA_ON_EXIT), CODA_OK);
    ASSERT_EQ(coda_register_on(one, arg('b'), CODA_ON_BROWNOUT), CODA_OK);
    ASSERT_EQ(coda_register_on(one, nullptr, CODA_ON_EXIT), CODA_OK);
    ASSERT_EQ(coda_register_on(two, arg('c'), CODA_ON_EXIT), CODA_OK);
    ASSERT_EQ(coda_register_on(one, arg('a'), CODA_ON_ANY), CODA_OK);
    EXPECT_EQ(coda_unregister(one), 4u);
    EXPECT_EQ(coda_pending(), 2u);
    EXPECT_EQ(coda_unregister(one), 0u);
    EXPECT_EQ(run_every_trigger_global(), 2u);
    EXPECT_EQ(trace, "two(c) two(a)");
}

TEST(S6_Unregister, UnregisterArgRemovesOnlyExactPairs) {
    GlobalRegistry g;
    ASSERT_EQ(coda_register_on(one, arg('a'), CODA_ON_EXIT), CODA_OK);
    ASSERT_EQ(coda_register_on(one, arg('b'), CODA_ON_EXIT), CODA_OK);
    ASSERT_EQ(coda_register_on(two, arg('a'), CODA_ON_EXIT), CODA_OK);
    ASSERT_EQ(coda_register_on(one, arg('a'), CODA_ON_BROWNOUT), CODA_OK);
    ASSERT_EQ(coda_register_on(one, arg('c'), CODA_ON_EXIT), CODA_OK);
    EXPECT_EQ(coda_unregister_arg(one, arg('a')), 2u);
    EXPECT_EQ(coda_unregister_arg(one, arg('a')), 0u);
    EXPECT_EQ(coda_unregister_arg(one, arg('z')), 0u);
    EXPECT_EQ(coda_unregister_arg(two, arg('b')), 0u);
    EXPECT_EQ(coda_unregister_arg(one, nullptr), 0u);
    EXPECT_EQ(coda_pending(), 3u);
    EXPECT_EQ(run_every_trigger_global(), 3u);
    EXPECT_EQ(trace, "one(c) two(a) one(b)");
}

TEST(S6_Unregister, NothingToRemoveReturnsZero) {
    coda::registry<4> r;
    EXPECT_EQ(r.remove(one), 0u);
    EXPECT_EQ(r.remove(one, arg('a')), 0u);
    ASSERT_EQ(r.add(two, arg('a'), CODA_ON_EXIT), status::ok);
    EXPECT_EQ(r.remove(one), 0u);
    EXPECT_EQ(r.remove(one, arg('a')), 0u);
    EXPECT_EQ(r.pending(), 1u);
}

TEST(S6_Unregister, AHandlerThatHasRunIsNotCounted) {
    GlobalRegistry g;
    ASSERT_EQ(coda_register_on(one, arg('a'), CODA_ON_EXIT), CODA_OK);
    ASSERT_EQ(coda_register_on(one, arg('b'), CODA_ON_BROWNOUT), CODA_OK);
    EXPECT_EQ(coda_run(CODA_ON_EXIT), 1u);
    EXPECT_EQ(coda_unregister_arg(one, arg('a')), 0u);
    EXPECT_EQ(coda_unregister(one), 1u);  // only b, which is still pending
    EXPECT_EQ(coda_unregister(one), 0u);
    EXPECT_EQ(coda_run(CODA_ON_BROWNOUT), 0u);
    EXPECT_EQ(trace, "one(a)");
}

namespace {
std::size_t removed_self_by_pair = 99;
std::size_t removed_by_fn = 99;
void removes_itself(void *a) {
    note(std::string("removes_itself(") + letter(a) + ")");
    removed_self_by_pair = coda_unregister_arg(removes_itself, a);
    removed_by_fn = coda_unregister(removes_itself);
}
} // namespace

TEST(S6_Unregister, ARunningHandlerIsNotCounted) {
    GlobalRegistry g;
    ASSERT_EQ(coda_register_on(removes_itself, arg('a'), CODA_ON_EXIT), CODA_OK);
    ASSERT_EQ(coda_register_on(removes_itself, arg('b'), CODA_ON_BROWNOUT), CODA_OK);
    ASSERT_EQ(coda_register_on(removes_itself, arg('c'), CODA_ON_EXIT), CODA_OK);
    EXPECT_EQ(coda_run(CODA_ON_EXIT), 1u);
    EXPECT_EQ(removed_self_by_pair, 0u);  // c itself is running: not pending
    EXPECT_EQ(removed_by_fn, 2u);         // a and b were
    EXPECT_EQ(trace, "removes_itself(c)");
    EXPECT_EQ(coda_pending(), 0u);
}

// ---- S7 registering from a handler ------------------------------------------------

TEST(S7_RegisterFromHandler, NewEligibleEntryRunsNextBeforeOlderOnes) {
    coda::registry<8> r;
    trace.clear();
    status first = status::invalid, second = status::invalid;
    Step h{"h", [&] {
               first = r.add(one, arg('n'), CODA_ON_EXIT);
               second = r.add(one, arg('m'), CODA_ON_EXIT | CODA_ON_BROWNOUT);
           }};
    ASSERT_EQ(r.add(one, arg('a'), CODA_ON_EXIT), status::ok);
    ASSERT_EQ(r.add(one, arg('b'), CODA_ON_EXIT), status::ok);
    ASSERT_EQ(r.add(step, &h, CODA_ON_EXIT), status::ok);
    ASSERT_EQ(r.add(one, arg('c'), CODA_ON_EXIT), status::ok);
    EXPECT_EQ(r.run(CODA_ON_EXIT), 6u);
    EXPECT_EQ(first, status::ok);
    EXPECT_EQ(second, status::ok);
    EXPECT_EQ(trace, "one(c) h one(m) one(n) one(b) one(a)");
    EXPECT_EQ(r.pending(), 0u);
}

TEST(S7_RegisterFromHandler, ChainOfRegistrationsRunsInGlibcOrder) {
    coda::registry<4> r;
    trace.clear();
    Step h3{"h3", nullptr};
    Step h2{"h2", [&] { ASSERT_EQ(r.add(step, &h3, CODA_ON_SIGNAL), status::ok); }};
    Step h1{"h1", [&] { ASSERT_EQ(r.add(step, &h2, CODA_ON_SIGNAL), status::ok); }};
    ASSERT_EQ(r.add(one, arg('a'), CODA_ON_SIGNAL), status::ok);
    ASSERT_EQ(r.add(step, &h1, CODA_ON_SIGNAL), status::ok);
    ASSERT_EQ(r.add(one, arg('b'), CODA_ON_SIGNAL), status::ok);
    EXPECT_EQ(r.run(CODA_ON_SIGNAL), 5u);
    EXPECT_EQ(trace, "one(b) h1 h2 h3 one(a)");
}

TEST(S7_RegisterFromHandler, NonEligibleEntryStaysPending) {
    coda::registry<8> r;
    trace.clear();
    Step h{"h", [&] { ASSERT_EQ(r.add(one, arg('q'), CODA_ON_BROWNOUT), status::ok); }};
    ASSERT_EQ(r.add(one, arg('a'), CODA_ON_EXIT), status::ok);
    ASSERT_EQ(r.add(step, &h, CODA_ON_EXIT), status::ok);
    EXPECT_EQ(r.run(CODA_ON_EXIT), 2u);
    EXPECT_EQ(trace, "h one(a)");
    EXPECT_EQ(r.pending(), 1u);
    EXPECT_EQ(r.run(CODA_ON_BROWNOUT), 1u);
    EXPECT_EQ(trace, "h one(a) one(q)");
}

TEST(S7_RegisterFromHandler, FullTableGivesEfullAndTheRunGoesOn) {
    coda::registry<3> r;
    trace.clear();
    status first = status::invalid, second = status::invalid, third = status::invalid;
    Step h{"h", [&] {
               first = r.add(one, arg('n'), CODA_ON_EXIT);   // takes the slot h ran from
               second = r.add(one, arg('o'), CODA_ON_EXIT);  // no room left
               third = r.add(one, arg('p'), CODA_ON_BROWNOUT);
           }};
    ASSERT_EQ(r.add(one, arg('a'), CODA_ON_EXIT), status::ok);
    ASSERT_EQ(r.add(one, arg('b'), CODA_ON_EXIT), status::ok);
    ASSERT_EQ(r.add(step, &h, CODA_ON_EXIT), status::ok);
    coda_report report{};
    EXPECT_EQ(r.run(CODA_ON_EXIT, nullptr, nullptr, &report), 4u);
    EXPECT_EQ(first, status::ok);
    EXPECT_EQ(second, status::full);
    EXPECT_EQ(third, status::full);
    EXPECT_EQ(trace, "h one(n) one(b) one(a)");
    EXPECT_EQ(report.ran, 4u);
    EXPECT_EQ(report.complete, 1u);
    EXPECT_EQ(r.pending(), 0u);
    EXPECT_EQ(run_every_trigger(r), 0u);
}

TEST(S7_RegisterFromHandler, GlobalRegistryFromCApi) {
    GlobalRegistry g;
    static int registrations_from_handler = 0;
    registrations_from_handler = 0;
    struct Local {
        static void registers(void *) {
            note("registers");
            if (coda_register_on(one, arg('n'), CODA_ON_RESET) == CODA_OK) ++registrations_from_handler;
        }
    };
    ASSERT_EQ(coda_register_on(one, arg('a'), CODA_ON_RESET), CODA_OK);
    ASSERT_EQ(coda_register_on(Local::registers, nullptr, CODA_ON_RESET), CODA_OK);
    EXPECT_EQ(coda_run(CODA_ON_RESET), 3u);
    EXPECT_EQ(registrations_from_handler, 1);
    EXPECT_EQ(trace, "registers one(n) one(a)");
}

// ---- S8 unregistering from a handler ----------------------------------------------

TEST(S8_UnregisterFromHandler, RemovedPendingEntryDoesNotRun) {
    coda::registry<8> r;
    trace.clear();
    std::size_t removed_pair = 99, removed_fn = 99;
    Step h{"h", [&] {
               removed_pair = r.remove(one, arg('b'));
               removed_fn = r.remove(two);
           }};
    ASSERT_EQ(r.add(one, arg('a'), CODA_ON_EXIT), status::ok);
    ASSERT_EQ(r.add(one, arg('b'), CODA_ON_EXIT), status::ok);
    ASSERT_EQ(r.add(two, arg('c'), CODA_ON_EXIT), status::ok);
    ASSERT_EQ(r.add(two, arg('d'), CODA_ON_BROWNOUT), status::ok);
    ASSERT_EQ(r.add(step, &h, CODA_ON_EXIT), status::ok);
    ASSERT_EQ(r.add(one, arg('e'), CODA_ON_EXIT), status::ok);
    EXPECT_EQ(r.run(CODA_ON_EXIT), 3u);
    EXPECT_EQ(removed_pair, 1u);
    EXPECT_EQ(removed_fn, 2u);
    EXPECT_EQ(trace, "one(e) h one(a)");
    EXPECT_EQ(r.pending(), 0u);
    EXPECT_EQ(r.run(CODA_ON_BROWNOUT), 0u);
}

TEST(S8_UnregisterFromHandler, ClearFromHandlerEndsTheRun) {
    coda::registry<4> r;
    trace.clear();
    Step h{"h", [&] { r.clear(); }};
    ASSERT_EQ(r.add(one, arg('a'), CODA_ON_EXIT), status::ok);
    ASSERT_EQ(r.add(step, &h, CODA_ON_EXIT), status::ok);
    EXPECT_EQ(r.run(CODA_ON_EXIT), 1u);
    EXPECT_EQ(trace, "h");
    EXPECT_EQ(r.pending(), 0u);
}

// ---- S9 exactly once ----------------------------------------------------------------

TEST(S9_ExactlyOnce, NestedRunOfTheSameTriggerRunsNothingTwice) {
    coda::registry<8> r;
    trace.clear();
    std::size_t nested = 99;
    int depth = 0;
    Step h{"h", [&] {
               if (depth++ == 0) nested = r.run(CODA_ON_EXIT);  // at most one level, even if broken
           }};
    ASSERT_EQ(r.add(one, arg('a'), CODA_ON_EXIT), status::ok);
    ASSERT_EQ(r.add(one, arg('b'), CODA_ON_EXIT), status::ok);
    ASSERT_EQ(r.add(step, &h, CODA_ON_EXIT), status::ok);
    ASSERT_EQ(r.add(one, arg('c'), CODA_ON_EXIT), status::ok);
    EXPECT_EQ(r.run(CODA_ON_EXIT), 2u);  // c and h; b and a ran in the nested run
    EXPECT_EQ(nested, 2u);
    EXPECT_EQ(trace, "one(c) h one(b) one(a)");
    EXPECT_EQ(r.pending(), 0u);
}

TEST(S9_ExactlyOnce, NestedRunOfAnotherTriggerRunsNothingTwice) {
    coda::registry<8> r;
    trace.clear();
    std::size_t nested = 99;
    int depth = 0;
    Step h{"h", [&] {
               if (depth++ == 0) nested = r.run(CODA_ON_BROWNOUT);
           }};
    ASSERT_EQ(r.add(one, arg('a'), CODA_ON_EXIT | CODA_ON_BROWNOUT), status::ok);
    ASSERT_EQ(r.add(one, arg('b'), CODA_ON_BROWNOUT), status::ok);
    ASSERT_EQ(r.add(one, arg('x'), CODA_ON_EXIT), status::ok);
    ASSERT_EQ(r.add(step, &h, CODA_ON_EXIT | CODA_ON_BROWNOUT), status::ok);
    ASSERT_EQ(r.add(one, arg('c'), CODA_ON_EXIT | CODA_ON_BROWNOUT), status::ok);
    EXPECT_EQ(r.run(CODA_ON_EXIT), 3u);  // c, h, x
    EXPECT_EQ(nested, 2u);               // b, a
    EXPECT_EQ(trace, "one(c) h one(b) one(a) one(x)");
    EXPECT_EQ(r.pending(), 0u);
    EXPECT_EQ(run_every_trigger(r), 0u);
}

TEST(S9_ExactlyOnce, HandlerRunningEveryTriggerNeverMeetsItself) {
    GlobalRegistry g;
    static int calls = 0;
    calls = 0;
    struct Local {
        static void reenters(void *) {
            ++calls;
            note("reenters");
            if (calls > 3) return;  // bounded even if it is called again
            run_every_trigger_global();
        }
    };
    ASSERT_EQ(coda_register_on(Local::reenters, nullptr, CODA_ON_ANY), CODA_OK);
    ASSERT_EQ(coda_register_on(one, arg('a'), CODA_ON_ANY), CODA_OK);
    ASSERT_EQ(coda_register_on(Local::reenters, nullptr, CODA_ON_ANY), CODA_OK);
    EXPECT_EQ(coda_run(CODA_ON_QUICK_EXIT), 1u);
    EXPECT_EQ(calls, 2);
    // The newest reenters runs on quick-exit; its nested exit run takes one(a), then
    // the oldest reenters, whose own nested runs find nothing left.
    EXPECT_EQ(trace, "reenters one(a) reenters");
    EXPECT_EQ(coda_pending(), 0u);
}

TEST(S9_ExactlyOnce, EntryWithSeveralTriggersRunsOnTheFirstOnly) {
    coda::registry<4> r;
    trace.clear();
    ASSERT_EQ(r.add(one, arg('a'), CODA_ON_ANY), status::ok);
    ASSERT_EQ(r.add(one, arg('b'), CODA_ON_EXIT | CODA_ON_BROWNOUT), status::ok);
    EXPECT_EQ(r.run(CODA_ON_BROWNOUT), 2u);
    EXPECT_EQ(run_every_trigger(r), 0u);
    EXPECT_EQ(trace, "one(b) one(a)");
}

// ---- S10 trigger filter ---------------------------------------------------------------

TEST(S10_TriggerFilter, RunsOnlyEntriesHoldingTheTriggerOthersStayInOrder) {
    GlobalRegistry g;
    ASSERT_EQ(coda_register_on(one, arg('a'), CODA_ON_EXIT), CODA_OK);
    ASSERT_EQ(coda_register_on(one, arg('b'), CODA_ON_BROWNOUT), CODA_OK);
    ASSERT_EQ(coda_register_on(one, arg('c'), CODA_ON_EXIT | CODA_ON_RESET), CODA_OK);
    ASSERT_EQ(coda_register_on(one, arg('d'), CODA_ON_BROWNOUT | CODA_ON_RESET), CODA_OK);
    ASSERT_EQ(coda_register_on(one, arg('e'), CODA_ON_QUICK_EXIT), CODA_OK);
    ASSERT_EQ(coda_register_on(one, arg('f'), CODA_ON_BROWNOUT), CODA_OK);
    ASSERT_EQ(coda_register(one, arg('g')), CODA_OK);  // graceful: exit, signal, reset

    EXPECT_EQ(coda_run(CODA_ON_EXIT), 3u);
    EXPECT_EQ(trace, "one(g) one(c) one(a)");
    EXPECT_EQ(coda_pending(), 4u);
    trace.clear();
    EXPECT_EQ(coda_run(CODA_ON_SIGNAL), 0u);
    EXPECT_EQ(coda_run(CODA_ON_BROWNOUT), 3u);
    EXPECT_EQ(trace, "one(f) one(d) one(b)");
    trace.clear();
    EXPECT_EQ(coda_run(CODA_ON_RESET), 0u);
    EXPECT_EQ(coda_run(CODA_ON_QUICK_EXIT), 1u);
    EXPECT_EQ(trace, "one(e)");
    EXPECT_EQ(coda_pending(), 0u);
}

TEST(S10_TriggerFilter, NotExactlyOneKnownBitRunsNothing) {
    GlobalRegistry g;
    ASSERT_EQ(coda_register_on(one, arg('a'), CODA_ON_ANY), CODA_OK);
    ASSERT_EQ(coda_register_on(one, arg('b'), CODA_ON_EXIT), CODA_OK);
    ASSERT_EQ(coda_register_on(one, arg('c'), CODA_ON_QUICK_EXIT), CODA_OK);
    for (unsigned t : {0u, CODA_ON_EXIT | CODA_ON_QUICK_EXIT, 0x20u, CODA_ON_ANY, CODA_ON_GRACEFUL, 0x80000000u,
                       CODA_ON_EXIT | 0x20u, ~0u}) {
        EXPECT_EQ(coda_run(t), 0u) << "trigger " << t;
        coda_report report{};
        report.ran = 77;
        EXPECT_EQ(coda_run_budget(t, nullptr, nullptr, &report), 0u) << "trigger " << t;
        EXPECT_EQ(report.ran, 0u);
        EXPECT_EQ(report.skipped, 0u);
    }
    EXPECT_EQ(coda_pending(), 3u);
    EXPECT_EQ(trace, "");
    EXPECT_EQ(coda_run(CODA_ON_EXIT), 2u);
    EXPECT_EQ(trace, "one(b) one(a)");
}

TEST(S10_TriggerFilter, EachSingleTriggerSelectsItsOwnEntries) {
    const unsigned triggers[] = {CODA_ON_EXIT, CODA_ON_QUICK_EXIT, CODA_ON_SIGNAL, CODA_ON_RESET, CODA_ON_BROWNOUT};
    coda::registry<5> r;
    trace.clear();
    for (unsigned i = 0; i < 5; ++i) ASSERT_EQ(r.add(one, arg(static_cast<char>('a' + i)), triggers[i]), status::ok);
    for (unsigned i = 5; i-- > 0;) {
        EXPECT_EQ(r.run(triggers[i]), 1u);
        EXPECT_EQ(r.pending(), i);
    }
    EXPECT_EQ(trace, "one(e) one(d) one(c) one(b) one(a)");
}

// ---- S11 sealing ----------------------------------------------------------------------

TEST(S11_Seal, SealedRegistryRejectsRegistrationsAndKeepsItsEntries) {
    coda::registry<4> r;
    trace.clear();
    ASSERT_EQ(r.add(one, arg('a'), CODA_ON_EXIT), status::ok);
    EXPECT_FALSE(r.sealed());
    r.seal();
    EXPECT_TRUE(r.sealed());
    EXPECT_EQ(r.add(one, arg('b'), CODA_ON_EXIT), status::closed);
    EXPECT_EQ(r.add(two, arg('c'), CODA_ON_ANY), status::closed);
    EXPECT_EQ(r.pending(), 1u);
    r.seal();  // sealing twice is harmless
    EXPECT_EQ(r.add(one, arg('d'), CODA_ON_BROWNOUT), status::closed);
    EXPECT_EQ(run_every_trigger(r), 1u);
    EXPECT_EQ(trace, "one(a)");
    EXPECT_EQ(r.add(one, arg('e'), CODA_ON_EXIT), status::closed);
    EXPECT_TRUE(r.sealed());
}

TEST(S11_Seal, HandlerRegisteringAfterSealGetsClosedAndTheRunGoesOn) {
    coda::registry<4> r;
    trace.clear();
    status from_handler = status::ok;
    Step h{"h", [&] { from_handler = r.add(one, arg('n'), CODA_ON_EXIT); }};
    ASSERT_EQ(r.add(one, arg('a'), CODA_ON_EXIT), status::ok);
    ASSERT_EQ(r.add(step, &h, CODA_ON_EXIT), status::ok);
    r.seal();
    EXPECT_EQ(r.run(CODA_ON_EXIT), 2u);
    EXPECT_EQ(from_handler, status::closed);
    EXPECT_EQ(trace, "h one(a)");
    EXPECT_EQ(r.pending(), 0u);
}

TEST(S11_Seal, DirectRunNeverSeals) {
    coda::registry<4> r;
    trace.clear();
    ASSERT_EQ(r.add(one, arg('a'), CODA_ON_EXIT), status::ok);
    EXPECT_EQ(r.run(CODA_ON_EXIT), 1u);
    EXPECT_EQ(run_every_trigger(r), 0u);
    EXPECT_EQ(r.run(CODA_ON_EXIT, nullptr, nullptr, nullptr), 0u);
    EXPECT_FALSE(r.sealed());
    ASSERT_EQ(r.add(one, arg('b'), CODA_ON_EXIT), status::ok);
    EXPECT_EQ(r.run(CODA_ON_EXIT), 1u);
    EXPECT_EQ(trace, "one(a) one(b)");
}

TEST(S11_Seal, DirectRunOfTheGlobalRegistryNeverSeals) {
    GlobalRegistry g;
    ASSERT_EQ(coda_register_on(one, arg('a'), CODA_ON_EXIT), CODA_OK);
    ASSERT_EQ(coda_register_on(one, arg('b'), CODA_ON_QUICK_EXIT), CODA_OK);
    EXPECT_EQ(run_every_trigger_global(), 2u);
    EXPECT_EQ(coda_run_budget(CODA_ON_EXIT, nullptr, nullptr, nullptr), 0u);
    EXPECT_FALSE(coda::global().sealed());
    ASSERT_EQ(coda_register_on(one, arg('c'), CODA_ON_EXIT), CODA_OK);
    ASSERT_EQ(coda_register(one, arg('d')), CODA_OK);
    EXPECT_EQ(coda_pending(), 2u);
}

// ---- S12 throwing handlers --------------------------------------------------------------

namespace {

void throws_runtime_error(void *) {
    note("throws_runtime_error");
    throw std::runtime_error("disk on fire");
}
void throws_int(void *) {
    note("throws_int");
    throw 42;
}

std::vector<std::string> lines_containing(const std::string &text, const std::string &word) {
    std::vector<std::string> found;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(start, end - start);
        if (line.find(word) != std::string::npos) found.push_back(line);
        start = end + 1;
    }
    return found;
}

std::string hex_address(coda_fn fn) {
    static const char digits[] = "0123456789abcdef";
    auto value = reinterpret_cast<std::uintptr_t>(fn);
    std::string text = "0x";
    for (std::size_t i = 2 * sizeof value; i-- > 0;) text += digits[(value >> (4 * i)) & 0xFu];
    return text;
}

} // namespace

TEST(S12_ThrowingHandler, StdExceptionIsCountedAsFailedAndTheRunGoesOn) {
    coda::registry<4> r;
    trace.clear();
    ASSERT_EQ(r.add(one, arg('a'), CODA_ON_EXIT), status::ok);
    ASSERT_EQ(r.add(throws_runtime_error, nullptr, CODA_ON_EXIT), status::ok);
    ASSERT_EQ(r.add(one, arg('b'), CODA_ON_EXIT), status::ok);
    coda_report report{};
    testing::internal::CaptureStderr();
    const std::size_t called = r.run(CODA_ON_EXIT, nullptr, nullptr, &report);
    const std::string err = testing::internal::GetCapturedStderr();
    EXPECT_EQ(called, 3u);
    EXPECT_EQ(report.trigger, CODA_ON_EXIT);
    EXPECT_EQ(report.ran, 2u);
    EXPECT_EQ(report.failed, 1u);
    EXPECT_EQ(report.skipped, 0u);
    EXPECT_EQ(report.complete, 1u);
    EXPECT_EQ(trace, "one(b) throws_runtime_error one(a)");
    EXPECT_EQ(r.pending(), 0u);
    const auto lines = lines_containing(err, "threw");
    ASSERT_EQ(lines.size(), 1u) << err;
    EXPECT_NE(lines[0].find("disk on fire"), std::string::npos) << lines[0];
    EXPECT_NE(lines[0].find(hex_address(throws_runtime_error)), std::string::npos) << lines[0];
}

TEST(S12_ThrowingHandler, NonStdExceptionIsCountedAsFailedAndTheRunGoesOn) {
    GlobalRegistry g;
    ASSERT_EQ(coda_register_on(one, arg('a'), CODA_ON_SIGNAL), CODA_OK);
    ASSERT_EQ(coda_register_on(throws_int, nullptr, CODA_ON_SIGNAL), CODA_OK);
    coda_report report{};
    testing::internal::CaptureStderr();
    const std::size_t called = coda_run_budget(CODA_ON_SIGNAL, nullptr, nullptr, &report);
    const std::string err = testing::internal::GetCapturedStderr();
    EXPECT_EQ(called, 2u);
    EXPECT_EQ(report.ran, 1u);
    EXPECT_EQ(report.failed, 1u);
    EXPECT_EQ(report.complete, 1u);
    EXPECT_EQ(trace, "throws_int one(a)");
    const auto lines = lines_containing(err, "threw");
    ASSERT_EQ(lines.size(), 1u) << err;
    EXPECT_NE(lines[0].find(hex_address(throws_int)), std::string::npos) << lines[0];
}

TEST(S12_ThrowingHandler, OneLinePerFailureAndPlainRunCountsThem) {
    coda::registry<8> r;
    trace.clear();
    ASSERT_EQ(r.add(throws_int, nullptr, CODA_ON_RESET), status::ok);
    ASSERT_EQ(r.add(one, arg('a'), CODA_ON_RESET), status::ok);
    ASSERT_EQ(r.add(throws_runtime_error, nullptr, CODA_ON_RESET), status::ok);
    ASSERT_EQ(r.add(throws_int, nullptr, CODA_ON_BROWNOUT), status::ok);
    testing::internal::CaptureStderr();
    const std::size_t called = r.run(CODA_ON_RESET);  // no report: must not throw either
    const std::string err = testing::internal::GetCapturedStderr();
    EXPECT_EQ(called, 3u);
    EXPECT_EQ(trace, "throws_runtime_error one(a) throws_int");
    const auto lines = lines_containing(err, "threw");
    ASSERT_EQ(lines.size(), 2u) << err;
    EXPECT_NE(lines[0].find(hex_address(throws_runtime_error)), std::string::npos) << lines[0];
    EXPECT_NE(lines[1].find(hex_address(throws_int)), std::string::npos) << lines[1];
    EXPECT_EQ(r.pending(), 1u);  // the brownout one is untouched
}

// External linkage, so that a symbol lookup can find its name.
void coda_semantics_test_named_thrower(void *);
void coda_semantics_test_named_thrower(void *) { throw std::logic_error("named"); }

TEST(S12_ThrowingHandler, StderrLineNamesTheHandler) {
    // S12: one stderr line names the handler. The address alone does not name it.
    coda::registry<2> r;
    ASSERT_EQ(r.add(coda_semantics_test_named_thrower, nullptr, CODA_ON_EXIT), status::ok);
    testing::internal::CaptureStderr();
    EXPECT_EQ(r.run(CODA_ON_EXIT), 1u);
    const std::string err = testing::internal::GetCapturedStderr();
    const auto lines = lines_containing(err, "threw");
    ASSERT_EQ(lines.size(), 1u) << err;
    EXPECT_NE(lines[0].find("coda_semantics_test_named_thrower"), std::string::npos) << lines[0];
}

// ---- S13 budget ---------------------------------------------------------------------------

TEST(S13_Budget, BudgetForKHandlersRunsKAndSkipsTheRest) {
    coda::registry<8> r;
    trace.clear();
    ASSERT_EQ(r.add(one, arg('a'), CODA_ON_BROWNOUT), status::ok);
    ASSERT_EQ(r.add(one, arg('b'), CODA_ON_BROWNOUT), status::ok);
    ASSERT_EQ(r.add(one, arg('x'), CODA_ON_EXIT), status::ok);
    ASSERT_EQ(r.add(one, arg('c'), CODA_ON_BROWNOUT | CODA_ON_EXIT), status::ok);
    ASSERT_EQ(r.add(one, arg('d'), CODA_ON_BROWNOUT), status::ok);
    ASSERT_EQ(r.add(one, arg('y'), CODA_ON_RESET), status::ok);
    Budget b{2, 0};
    coda_report report{};
    EXPECT_EQ(r.run(CODA_ON_BROWNOUT, budget, &b, &report), 2u);
    EXPECT_EQ(trace, "one(d) one(c)");
    EXPECT_EQ(report.trigger, CODA_ON_BROWNOUT);
    EXPECT_EQ(report.ran, 2u);
    EXPECT_EQ(report.failed, 0u);
    EXPECT_EQ(report.skipped, 2u);  // a and b; x and y are not eligible
    EXPECT_EQ(report.complete, 0u);
    EXPECT_EQ(b.asked, 3);  // before each of the two handlers, then the "stop"
    EXPECT_EQ(r.pending(), 4u);

    EXPECT_EQ(r.run(CODA_ON_BROWNOUT, nullptr, nullptr, &report), 2u);
    EXPECT_EQ(report.complete, 1u);
    EXPECT_EQ(report.skipped, 0u);
    EXPECT_EQ(trace, "one(d) one(c) one(b) one(a)");
    EXPECT_EQ(r.run(CODA_ON_EXIT), 1u);  // x; c ran already
    EXPECT_EQ(trace, "one(d) one(c) one(b) one(a) one(x)");
}

TEST(S13_Budget, ZeroBudgetRunsNothingAndSkipsAllEligible) {
    GlobalRegistry g;
    ASSERT_EQ(coda_register_on(one, arg('a'), CODA_ON_RESET), CODA_OK);
    ASSERT_EQ(coda_register_on(one, arg('b'), CODA_ON_EXIT), CODA_OK);
    ASSERT_EQ(coda_register_on(one, arg('c'), CODA_ON_RESET), CODA_OK);
    Budget b{0, 0};
    coda_report report{};
    report.complete = 1;
    EXPECT_EQ(coda_run_budget(CODA_ON_RESET, budget, &b, &report), 0u);
    EXPECT_EQ(report.ran, 0u);
    EXPECT_EQ(report.skipped, 2u);
    EXPECT_EQ(report.complete, 0u);
    EXPECT_EQ(b.asked, 1);
    EXPECT_EQ(trace, "");
    EXPECT_EQ(coda_pending(), 3u);
    EXPECT_EQ(coda_run(CODA_ON_RESET), 2u);
    EXPECT_EQ(trace, "one(c) one(a)");
}

TEST(S13_Budget, NullBudgetIsUnlimitedAndComplete) {
    coda::registry<8> r;
    trace.clear();
    for (char c : {'a', 'b', 'c', 'd', 'e'}) ASSERT_EQ(r.add(one, arg(c), CODA_ON_QUICK_EXIT), status::ok);
    coda_report report{};
    EXPECT_EQ(r.run(CODA_ON_QUICK_EXIT, nullptr, nullptr, &report), 5u);
    EXPECT_EQ(report.trigger, CODA_ON_QUICK_EXIT);
    EXPECT_EQ(report.ran, 5u);
    EXPECT_EQ(report.skipped, 0u);
    EXPECT_EQ(report.complete, 1u);
    EXPECT_EQ(trace, "one(e) one(d) one(c) one(b) one(a)");
}

TEST(S13_Budget, BudgetLargeEnoughCompletes) {
    coda::registry<4> r;
    trace.clear();
    ASSERT_EQ(r.add(one, arg('a'), CODA_ON_EXIT), status::ok);
    ASSERT_EQ(r.add(one, arg('b'), CODA_ON_EXIT), status::ok);
    Budget b{10, 0};
    coda_report report{};
    EXPECT_EQ(r.run(CODA_ON_EXIT, budget, &b, &report), 2u);
    EXPECT_EQ(report.ran, 2u);
    EXPECT_EQ(report.skipped, 0u);
    EXPECT_EQ(report.complete, 1u);
    EXPECT_EQ(b.grants, 8);
}

TEST(S13_Budget, ReportMayBeNull) {
    coda::registry<4> r;
    trace.clear();
    ASSERT_EQ(r.add(one, arg('a'), CODA_ON_EXIT), status::ok);
    ASSERT_EQ(r.add(one, arg('b'), CODA_ON_EXIT), status::ok);
    Budget b{1, 0};
    EXPECT_EQ(r.run(CODA_ON_EXIT, budget, &b, nullptr), 1u);
    EXPECT_EQ(trace, "one(b)");
    EXPECT_EQ(r.pending(), 1u);
    EXPECT_EQ(r.run(CODA_ON_EXIT, nullptr, nullptr, nullptr), 1u);
    EXPECT_EQ(trace, "one(b) one(a)");
}

TEST(S13_Budget, BudgetGetsItsContextAndHandlersMayRegisterUnderIt) {
    coda::registry<8> r;
    trace.clear();
    Step h{"h", [&] { ASSERT_EQ(r.add(one, arg('n'), CODA_ON_BROWNOUT), status::ok); }};
    ASSERT_EQ(r.add(one, arg('a'), CODA_ON_BROWNOUT), status::ok);
    ASSERT_EQ(r.add(step, &h, CODA_ON_BROWNOUT), status::ok);
    Budget b{2, 0};
    coda_report report{};
    EXPECT_EQ(r.run(CODA_ON_BROWNOUT, budget, &b, &report), 2u);
    EXPECT_EQ(trace, "h one(n)");  // the new entry counts against the budget like any other
    EXPECT_EQ(report.skipped, 1u);
    EXPECT_EQ(report.complete, 0u);
    EXPECT_EQ(r.pending(), 1u);
}

TEST(S13_Budget, FailedHandlersCountAgainstTheBudget) {
    coda::registry<4> r;
    trace.clear();
    ASSERT_EQ(r.add(one, arg('a'), CODA_ON_EXIT), status::ok);
    ASSERT_EQ(r.add(throws_int, nullptr, CODA_ON_EXIT), status::ok);
    Budget b{1, 0};
    coda_report report{};
    testing::internal::CaptureStderr();
    EXPECT_EQ(r.run(CODA_ON_EXIT, budget, &b, &report), 1u);
    (void)testing::internal::GetCapturedStderr();
    EXPECT_EQ(report.ran, 0u);
    EXPECT_EQ(report.failed, 1u);
    EXPECT_EQ(report.skipped, 1u);
    EXPECT_EQ(report.complete, 0u);
    EXPECT_EQ(trace, "throws_int");
}

// ---- S14 constant initialisation ------------------------------------------------------------

namespace {

// A global object whose constructor runs before main and uses two registries. It is
// defined before the local registry it uses: had that registry a dynamic initialiser,
// it would run after this constructor and wipe what it registered.
struct EarlyUser {
    EarlyUser() noexcept;
    status local_status = status::invalid;
    std::size_t local_pending = 0;
    status global_status = status::invalid;
    std::size_t global_pending = 0;
};
EarlyUser early_user;

constinit static coda::registry<8> early_registry;  // must compile: constant-initialised

int early_marker = 0;
std::size_t early_local_runs = 0;
void *early_local_arg = nullptr;
void early_local_handler(void *a) {
    ++early_local_runs;
    early_local_arg = a;
}
std::size_t early_global_runs = 0;
void *early_global_arg = nullptr;
void early_global_handler(void *a) {
    ++early_global_runs;
    early_global_arg = a;
}

// What main found, recorded before the first test (other tests clear the global
// registry) by a gtest environment the same constructor registers. Once only, so that
// --gtest_repeat sees the same record.
struct AtMain {
    bool recorded = false;
    std::size_t local_pending = 0, local_ran = 0;
    std::size_t global_ran = 0;
} at_main;

class EarlyCheck : public testing::Environment {
public:
    void SetUp() override {
        if (at_main.recorded) return;
        at_main.recorded = true;
        at_main.local_pending = early_registry.pending();
        at_main.local_ran = early_registry.run(CODA_ON_EXIT);
        at_main.global_ran = coda::global().run(CODA_ON_BROWNOUT);
    }
};

EarlyUser::EarlyUser() noexcept {
    local_status = early_registry.add(early_local_handler, &early_marker, CODA_ON_EXIT);
    local_pending = early_registry.pending();
    global_status = coda::global().add(early_global_handler, &early_marker, CODA_ON_BROWNOUT);
    global_pending = coda::global().pending();
    testing::AddGlobalTestEnvironment(new EarlyCheck);
}

} // namespace

TEST(S14_ConstantInit, LocalRegistryWorksFromAnEarlierStaticConstructor) {
    EXPECT_EQ(early_user.local_status, status::ok);
    EXPECT_EQ(early_user.local_pending, 1u);
    ASSERT_TRUE(at_main.recorded);
    EXPECT_EQ(at_main.local_pending, 1u);  // still there at main: not wiped by a late initialiser
    EXPECT_EQ(at_main.local_ran, 1u);
    EXPECT_EQ(early_local_runs, 1u);
    EXPECT_EQ(early_local_arg, &early_marker);
    EXPECT_EQ(early_registry.pending(), 0u);
}

TEST(S14_ConstantInit, GlobalRegistryWorksFromAStaticConstructor) {
    EXPECT_EQ(early_user.global_status, status::ok);
    EXPECT_GE(early_user.global_pending, 1u);
    ASSERT_TRUE(at_main.recorded);
    EXPECT_EQ(at_main.global_ran, early_user.global_pending);  // all still pending at main
    EXPECT_EQ(early_global_runs, 1u);
    EXPECT_EQ(early_global_arg, &early_marker);
}

TEST(S14_ConstantInit, DefaultConstructedRegistryIsEmptyAndUsable) {
    static constinit coda::registry<3> zeroed;
    EXPECT_EQ(zeroed.pending(), 0u);
    EXPECT_FALSE(zeroed.sealed());
    EXPECT_EQ(run_every_trigger(zeroed), 0u);
    ASSERT_EQ(zeroed.add(one, arg('z'), CODA_ON_EXIT), status::ok);
    EXPECT_EQ(zeroed.pending(), 1u);
    zeroed.clear();
}
