// protocol_test.cpp - the slot protocol (docs/design.md) at the moments another context
// can stop it, forced without threads.
//
// registry<N> keeps its storage private, so these tests drive the core (coda/table.hpp)
// over storage of their own. That lets them leave the table exactly as another context
// leaves it when it is stopped between two steps (a claimer still counted, a compaction
// cut short, a move half done) and then call one operation as an interrupt would: it
// runs to its end on that state. Each test names the lines of src/table.cpp it guards
// (tests/mutation lists the mutants they kill).
#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <cstdint>

#include "coda/table.hpp"
#include "trace.hpp"

namespace {

using coda_test::one;
using coda_test::trace;

// Mirrors of src/table.cpp's encoding (namespace slot, the gate bits): a meta byte is
// state | triggers << 3. StateBytesMatchTheCore checks the ones an operation can show.
constexpr std::uint8_t pending_state = 1;
constexpr std::uint8_t dead_state = 3;
constexpr std::uint8_t moving_state = 4;
constexpr std::uint8_t copy_state = 5;
constexpr std::uint8_t moved_state = 6;
constexpr std::uint8_t gate_compacting = 0x02;
constexpr std::uint8_t byte_of(std::uint8_t state, unsigned triggers) {
    return static_cast<std::uint8_t>(state | (triggers << 3));
}

// The storage of a registry<N>, owned by the test.
template <std::size_t N>
struct Storage {
    coda::detail::control<std::uint8_t> ctl{};
    std::array<coda::detail::meta_byte, N> meta{};
    std::array<coda_fn, N> fn{};
    std::array<void *, N> arg{};

    coda::detail::table<std::uint8_t> view() { return {ctl, meta.data(), fn.data(), arg.data(), N}; }
    int add(char c, unsigned triggers = CODA_ON_EXIT) { return coda::detail::add(view(), one, coda_test::arg(c), triggers); }
    std::size_t remove(char c) { return coda::detail::remove(view(), one, coda_test::arg(c), true); }
    std::size_t run(unsigned trigger = CODA_ON_EXIT) { return coda::detail::run(view(), trigger, nullptr, nullptr, nullptr); }
    std::size_t pending() { return coda::detail::pending(view()); }
    std::array<std::uint8_t, N> bytes() const {
        std::array<std::uint8_t, N> b{};
        for (std::size_t i = 0; i < N; ++i) b[i] = meta[i].load();
        return b;
    }
    // Slot `from`'s entry copied to `to` as compaction's move_entry does; `to_state`
    // and `from_state` say how far the move got.
    void move(std::uint8_t from, std::uint8_t to, std::uint8_t to_state, std::uint8_t from_state) {
        ctl.move_from.store(from);
        ctl.move_to.store(to);
        fn[to] = fn[from];
        arg[to] = arg[from];
        const unsigned triggers = meta[from].load() >> 3;
        meta[to].store(byte_of(to_state, triggers));
        meta[from].store(byte_of(from_state, from_state == moving_state ? triggers : 0));
    }
};

// [a, hole, c], top at capacity: a compaction would move c down to 1.
void a_hole_c(Storage<3> &s) {
    trace.clear();
    for (char c : {'a', 'b', 'c'}) ASSERT_EQ(s.add(c), CODA_OK);
    ASSERT_EQ(s.remove('b'), 1u);
}

// That compaction stopped inside move_entry: c's source is `source_state` (moving:
// before the retire; moved: after it, before the copy is published as pending).
void stop_moving_c(Storage<3> &s, std::uint8_t source_state) {
    a_hole_c(s);
    s.ctl.gate.store(gate_compacting);
    s.move(2, 1, copy_state, source_state);
}

} // namespace

TEST(Protocol, StateBytesMatchTheCore) {
    Storage<2> s;
    ASSERT_EQ(s.add('a', CODA_ON_BROWNOUT), CODA_OK);
    ASSERT_EQ(s.add('b', CODA_ON_BROWNOUT), CODA_OK);
    EXPECT_EQ(s.meta[0].load(), byte_of(pending_state, CODA_ON_BROWNOUT));
    EXPECT_EQ(s.remove('a'), 1u);
    EXPECT_EQ(s.meta[0].load(), byte_of(dead_state, 0));
    EXPECT_EQ(s.ctl.top.load(), 2);
}

// Invariant 5: compaction starts no move and recycles no hole while a claimer (a removal
// on another thread, or the run this registration interrupted) is counted.
// Guards compact(): `claimers.load() != 0` in the loop and before emptying.
TEST(Protocol, ACountedClaimerBlocksEveryMoveAndEveryRecycledHole) {
    Storage<3> s;
    trace.clear();
    for (char c : {'a', 'b', 'c'}) ASSERT_EQ(s.add(c), CODA_OK);
    ASSERT_EQ(s.remove('a'), 1u);
    ASSERT_EQ(s.remove('c'), 1u);  // [dead, b, dead]: b would move, slot 2 would be freed
    const auto before = s.bytes();
    s.ctl.claimers.store(1);
    EXPECT_EQ(s.add('d'), CODA_EFULL);
    EXPECT_EQ(s.bytes(), before) << "compaction moved or freed a slot under a claimer";
    EXPECT_EQ(s.ctl.top.load(), 3);
    EXPECT_EQ(s.ctl.gate.load(), 0) << "the compacting gate was not released";
    s.ctl.claimers.store(0);  // the claimer is gone: now the same registration fits
    EXPECT_EQ(s.add('d'), CODA_OK);
    EXPECT_EQ(s.run(), 2u);
    EXPECT_EQ(trace, "one(d) one(b)");
}

// A compaction cut short by a claimer at its final check leaves its last source `moved`
// below top; the next compaction must treat it as a hole. Guards compact()'s
// `state == slot::dead || state == slot::moved`.
TEST(Protocol, ASourceLeftMovedByACutShortCompactionIsAHole) {
    Storage<2> s;
    trace.clear();
    ASSERT_EQ(s.add('a'), CODA_OK);
    ASSERT_EQ(s.add('b'), CODA_OK);
    ASSERT_EQ(s.remove('a'), 1u);
    s.move(1, 0, pending_state, moved_state);  // [b, moved], top 2: the move finished
    EXPECT_EQ(s.pending(), 1u);
    EXPECT_EQ(s.add('c'), CODA_OK);
    EXPECT_EQ(s.run(), 2u);
    EXPECT_EQ(trace, "one(c) one(b)");
}

// Invariant 3 from the interrupt's side: a run that lands while a move is in flight
// finds the entry at exactly one position. Before the retire (`moving -> moved`) that
// is the source; after it, the copy, which is live only while move_to names it and the
// source is `moved`. Guards is_live()'s copy case.
TEST(Protocol, ARunInsideAMoveBeforeTheRetireTakesTheSource) {
    Storage<3> s;
    stop_moving_c(s, moving_state);  // [a, copy of c, c moving]: the compactor stopped before the retire
    EXPECT_EQ(s.pending(), 2u);
    EXPECT_EQ(s.run(), 2u);
    EXPECT_EQ(trace, "one(c) one(a)");
    EXPECT_EQ(s.pending(), 0u);
}

TEST(Protocol, ARunInsideAMoveAfterTheRetireTakesTheCopy) {
    Storage<3> s;
    stop_moving_c(s, moved_state);  // [a, copy of c, moved]: stopped before the publish
    EXPECT_EQ(s.pending(), 2u);
    EXPECT_EQ(s.run(), 2u);
    EXPECT_EQ(trace, "one(c) one(a)");
    EXPECT_EQ(s.pending(), 0u);
}

TEST(Protocol, ARemovalInsideAMoveAfterTheRetireTakesTheCopy) {
    Storage<3> s;
    stop_moving_c(s, moved_state);
    EXPECT_EQ(s.remove('c'), 1u);
    EXPECT_EQ(s.pending(), 1u);
    EXPECT_EQ(s.run(), 1u);
    EXPECT_EQ(trace, "one(a)");
}

// A lone run lowers top over the holes it leaves (O(1) per handler, design.md "Run
// cost"), stops at an entry that is still pending, and trims nothing beside another
// claimer. Guards trim_top().
TEST(Protocol, ALoneRunLowersTopOverTheHolesAtTheTop) {
    Storage<4> s;
    trace.clear();
    ASSERT_EQ(s.add('a', CODA_ON_BROWNOUT), CODA_OK);
    for (char c : {'b', 'c', 'd'}) ASSERT_EQ(s.add(c), CODA_OK);
    EXPECT_EQ(s.run(), 3u);
    EXPECT_EQ(s.ctl.top.load(), 1) << "the holes above a stayed below top";
    EXPECT_EQ(s.run(CODA_ON_BROWNOUT), 1u);
    EXPECT_EQ(s.ctl.top.load(), 0);
    EXPECT_EQ(s.ctl.gate.load(), 0);
    EXPECT_EQ(trace, "one(d) one(c) one(b) one(a)");
}

TEST(Protocol, NoTrimBesideAnotherClaimer) {
    Storage<3> s;
    for (char c : {'a', 'b', 'c'}) ASSERT_EQ(s.add(c), CODA_OK);
    s.ctl.claimers.store(1);  // e.g. a removal on another thread, still scanning
    EXPECT_EQ(s.run(), 3u);
    EXPECT_EQ(s.ctl.top.load(), 3) << "trimmed while another claimer may hold a slot's old entry";
    EXPECT_EQ(s.ctl.gate.load(), 0);
}

// The indices a move publishes are what a run landing after its retire needs to find
// the copy. A real compaction moves c from 2 to 1 (and d lands at 2); the table is then
// put back to the moment before the compactor's last step (`copy -> pending`). Guards
// move_entry()'s `move_from.store(from)`, `move_to.store(to)`.
TEST(Protocol, AMovePublishesItsSourceAndDestination) {
    Storage<3> s;
    a_hole_c(s);
    ASSERT_EQ(s.add('d'), CODA_OK);  // compacts: [a, c, d]
    EXPECT_EQ(s.ctl.move_from.load(), 2);
    EXPECT_EQ(s.ctl.move_to.load(), 1);
    s.ctl.gate.store(gate_compacting);
    s.ctl.top.store(3);
    s.meta[1].store(byte_of(copy_state, CODA_ON_EXIT));
    s.meta[2].store(byte_of(moved_state, 0));  // [a, copy of c, moved]
    EXPECT_EQ(s.run(), 2u);
    EXPECT_EQ(trace, "one(c) one(a)");
}
