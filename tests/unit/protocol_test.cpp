// protocol_test.cpp - the slot protocol (docs/design.md) at the moments another context
// can stop it, forced without threads.
//
// registry<N> keeps its storage private, so these tests drive the core (coda/detail/table.hpp)
// over storage of their own. That lets them leave the table exactly as another context
// leaves it when it is stopped between two steps (a claimer still counted, a position
// reserved but not published, a swap of slot numbers half written) and then call one
// operation as an interrupt would: it runs to its end on that state. Each test names
// the code of src/table_impl.hpp it guards.
#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <cstdint>

#include "coda/detail/table.hpp"
#include "trace.hpp"

#if defined(__linux__)
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <new>
#endif

namespace {

using coda_test::one;
using coda_test::trace;

// Mirrors of src/table_impl.hpp's encoding: a meta byte is state | triggers << 3, an order
// byte is slot ^ position (0 names the slot of the same number), the gate's sealed bit is 1.
constexpr std::uint8_t empty = 0;
constexpr std::uint8_t pending = 1;
constexpr std::uint8_t claimed = 2;
constexpr std::uint8_t dead = 3;
constexpr std::uint8_t sealed = 4;
constexpr std::uint8_t owned = 5;
constexpr std::uint8_t gate_sealed = 0x01;
constexpr std::uint8_t meta_of(std::uint8_t state, unsigned triggers = 0) {
    return static_cast<std::uint8_t>(state | (triggers << 3));
}
constexpr std::uint8_t exit_pending = meta_of(pending, CODA_ON_EXIT);
// The order byte at position p that names slot s, and the slot a byte at p names.
constexpr std::uint8_t named(unsigned s, unsigned p) { return static_cast<std::uint8_t>(s ^ p); }
constexpr unsigned slot_named(unsigned stored, unsigned p) { return stored ^ p; }

template <std::size_t N>
using bytes = std::array<std::uint8_t, N>;

// The storage of a registry<N>, owned by the test.
template <std::size_t N>
struct Storage {
    coda::detail::control<std::uint8_t> ctl{};
    coda::detail::claimer_count claimers{};
    std::array<coda::detail::atomic<std::uint8_t>, N> order{};
    std::array<coda::detail::meta_byte, N> meta{};
    std::array<coda::detail::fn_word, N> fn{};
    std::array<coda::detail::arg_word, N> arg{};

    coda::detail::table<std::uint8_t> view() {
        return {ctl, claimers, order.data(), meta.data(), fn.data(), arg.data(), static_cast<std::uint8_t>(N)};
    }
    int add(char c, unsigned triggers = CODA_ON_EXIT) {
        return coda::detail::add(view(), one, coda_test::arg(c), triggers);
    }
    std::size_t remove(char c) { return coda::detail::remove(view(), one, coda_test::arg(c), true); }
    int add_owned(char c) { return coda::detail::add_owned(view(), one, coda_test::arg(c), CODA_ON_EXIT); }
    bool remove_owned(unsigned slot, char c, unsigned triggers = CODA_ON_EXIT) {
        return coda::detail::remove_owned(view(), slot, one, coda_test::arg(c), triggers);
    }
    std::size_t run(unsigned trigger = CODA_ON_EXIT) {
        return coda::detail::run(view(), trigger, nullptr, nullptr, nullptr);
    }
    std::size_t pending_count() { return coda::detail::pending(view()); }

    // Slot s holds a pending on-exit registration of one(c), as a registrar leaves it.
    void put(unsigned s, char c) {
        fn[s].store(one);
        arg[s].store(coda_test::arg(c));
        meta[s].store(exit_pending);
    }
    bytes<N> orders() const { return load(order); }
    bytes<N> metas() const { return load(meta); }
    static bytes<N> load(const std::array<coda::detail::atomic<std::uint8_t>, N> &a) {
        bytes<N> b{};
        for (std::size_t i = 0; i < N; ++i) b[i] = a[i].load();
        return b;
    }
};

// [a, b, c, ...] registered in order, then the letters in `gone` removed: full, with holes.
template <std::size_t N>
void fill(Storage<N> &s, const char *gone) {
    trace.clear();
    for (std::size_t i = 0; i < N; ++i) ASSERT_EQ(s.add(static_cast<char>('a' + i)), CODA_OK);
    for (const char *c = gone; *c != '\0'; ++c) ASSERT_EQ(s.remove(*c), 1u);
}

// A compaction stopped inside its swap of slot `moving` (at position `from`) down to
// position `to`: it wrote order[to] (the lower position first) but not yet order[from],
// so the slot shows at both. The compactor is still counted as a claimer.
template <std::size_t N>
void stop_inside_swap(Storage<N> &s, unsigned moving, unsigned to) {
    s.order[to].store(named(moving, to));
    s.claimers.store(1);
}

int allow_one(void *ctx) {
    auto *left = static_cast<int *>(ctx);
    return (*left)-- > 0 ? 1 : 0;
}

} // namespace

// Zero-filled storage is a valid empty registry: order all 0 names slot p at position p,
// and registrations fill slots 0, 1, 2 without writing order. Guards slot_at()'s
// `stored ^ p` and add()'s slot_at(top).
TEST(Protocol, ZeroFilledOrderIsTheIdentity) {
    Storage<3> s;
    fill(s, "");
    EXPECT_EQ(s.orders(), (bytes<3>{0, 0, 0})) << "add wrote order although nothing moved";
    EXPECT_EQ(s.metas(), (bytes<3>{exit_pending, exit_pending, exit_pending}));
    EXPECT_EQ(coda_test::letter(s.arg[2].load()), 'c');
    EXPECT_EQ(s.ctl.top.load(), 3);
    EXPECT_EQ(s.run(), 3u);
    EXPECT_EQ(trace, "one(c) one(b) one(a)");
}

// Compaction writes a slot number (as slot ^ position) only where a position changes its slot:
// a pending entry already in place keeps its 0. Guards set_slot()'s `s ^ p`. (compact()'s
// `write == read` only spares a swap in place, which would write the same bytes.)
TEST(Protocol, CompactionWritesSlotNumbersOnlyWherePositionsMove) {
    Storage<4> s;
    fill(s, "b");  // [a, hole, c, d]
    ASSERT_EQ(s.add('e'), CODA_OK);
    // c and d moved down one, the hole's slot 1 went to the top and was reused by e.
    EXPECT_EQ(s.orders(), (bytes<4>{0, named(2, 1), named(3, 2), named(1, 3)}));
    EXPECT_EQ(coda_test::letter(s.arg[1].load()), 'e');
    EXPECT_EQ(s.run(), 4u);
    EXPECT_EQ(trace, "one(e) one(d) one(c) one(a)");
}

// Holes below pending entries go up, the pending keep their order, top drops over the
// holes, and their slots are empty at positions >= top. Guards compact()'s swap and the
// trim after it (dead -> empty, top - 1).
TEST(Protocol, CompactionMovesHolesUpAndTrimsThem) {
    Storage<5> s;
    fill(s, "bd");  // [a, hole, c, hole, e]
    ASSERT_EQ(s.add('f'), CODA_OK);
    // Positions 0..2 name a, c, e; 3 and 4 the freed slots 3 and 1; f took position 3.
    EXPECT_EQ(s.orders(), (bytes<5>{0, named(2, 1), named(4, 2), 0, named(1, 4)}));
    EXPECT_EQ(s.ctl.top.load(), 4);
    EXPECT_EQ(s.metas(), (bytes<5>{exit_pending, empty, exit_pending, exit_pending, exit_pending}));
    EXPECT_EQ(coda_test::letter(s.arg[3].load()), 'f');
    EXPECT_EQ(s.run(), 4u);
    EXPECT_EQ(trace, "one(f) one(e) one(c) one(a)");
    EXPECT_EQ(s.ctl.top.load(), 0);
}

// A registrar stopped between reserving position 2 (top raised) and publishing leaves
// its slot empty below top. Compaction must leave that position its slot, so the
// registrar publishes where it reserved; holes above it are still recycled. Guards
// compact()'s `state == slot::empty` (stays), bug (1) of docs/design.md.
TEST(Protocol, CompactionLeavesAReservedPositionItsSlot) {
    Storage<5> s;
    fill(s, "bd");          // [a, hole, c, hole, e]
    s.meta[2].store(empty);  // position 2 reserved by a registrar that has not published
    ASSERT_EQ(s.add('f'), CODA_OK);
    // e moved over the hole at 3 (trimmed and reused by f); the hole at 1 stays below.
    EXPECT_EQ(s.orders(), (bytes<5>{0, 0, 0, named(4, 3), named(3, 4)}));
    EXPECT_EQ(s.ctl.top.load(), 5);
    EXPECT_EQ(s.metas(), (bytes<5>{exit_pending, dead, empty, exit_pending, exit_pending}));
    // The registrar resumes: its publish (empty -> pending) on the slot at its position.
    const unsigned mine = slot_named(s.orders()[2], 2);
    s.fn[mine].store(one);
    s.arg[mine].store(coda_test::arg('r'));
    std::uint8_t expected = empty;
    ASSERT_TRUE(s.meta[mine].compare_exchange_strong(expected, exit_pending)) << "the reserved slot was moved";
    EXPECT_EQ(s.run(), 4u);
    EXPECT_EQ(trace, "one(f) one(e) one(r) one(a)");
}

// Nothing moves and nothing is recycled while another claimer is counted (a removal or
// a compaction on another context that may hold a slot number): add reports full, and the
// same add succeeds once the claimer is gone. Guards compact()'s `if (alone(t))`.
TEST(Protocol, ACountedClaimerBlocksCompaction) {
    Storage<3> s;
    fill(s, "ac");  // [hole, b, hole]: b would move down, two slots would be freed
    s.claimers.store(1);
    EXPECT_EQ(s.add('d'), CODA_EFULL);
    EXPECT_EQ(s.orders(), (bytes<3>{0, 0, 0})) << "compaction moved a slot number under a claimer";
    EXPECT_EQ(s.metas(), (bytes<3>{dead, exit_pending, dead}));
    EXPECT_EQ(s.ctl.top.load(), 3);
    EXPECT_EQ(s.claimers.load(), 1) << "compaction did not uncount itself";
    s.claimers.store(0);
    EXPECT_EQ(s.add('d'), CODA_OK);
    EXPECT_EQ(s.run(), 2u);
    EXPECT_EQ(trace, "one(d) one(b)");
}

// A run that lands inside a swap sees the moving slot at two positions; it runs that
// entry once, newest first, and pending() counts it once. It recycles nothing (the
// compactor is counted). Guards count_due()'s count by slot, claim_newest()'s downward
// scan and release()'s claimer check.
TEST(Protocol, ARunInsideASwapRunsTheMovingEntryOnce) {
    Storage<3> s;
    fill(s, "b");              // [a, hole, c]
    stop_inside_swap(s, 2, 1);  // [a, c, c]
    EXPECT_EQ(s.pending_count(), 2u);
    EXPECT_EQ(s.run(), 2u);
    EXPECT_EQ(trace, "one(c) one(a)");
    EXPECT_EQ(s.pending_count(), 0u);
    EXPECT_EQ(s.ctl.top.load(), 3) << "recycled beside the compactor";
    EXPECT_EQ(s.metas(), (bytes<3>{dead, dead, dead}));
    EXPECT_EQ(s.claimers.load(), 1);
}

#if defined(__linux__)
// Catches the first store into a read-only page: the handler notes its offset and makes
// the page writable, so the store then completes. Only a swap writes `order`.
namespace {
std::uint8_t *watched = nullptr;
std::size_t watched_size = 0;
volatile long first_store = -1;
struct sigaction previous {};

void on_store(int sig, siginfo_t *info, void *context) {
    auto *at = static_cast<std::uint8_t *>(info->si_addr);
    if (at < watched || at >= watched + watched_size) {  // not ours: crash as before
        sigaction(sig, &previous, nullptr);
        return;
    }
    (void)context;
    first_store = at - watched;
    mprotect(watched, watched_size, PROT_READ | PROT_WRITE);
}

// A fresh zeroed page to watch.
void *watch_page() {
    watched_size = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    void *page = mmap(nullptr, watched_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    watched = page == MAP_FAILED ? nullptr : static_cast<std::uint8_t *>(page);
    return watched;
}

// Calls step() with the watched page read-only: the offset of its first store into the
// page, or -1 when it stored nothing there.
template <class Step>
long first_store_during(Step step) {
    struct sigaction catcher {};
    catcher.sa_sigaction = on_store;
    catcher.sa_flags = SA_SIGINFO;
    sigemptyset(&catcher.sa_mask);
    EXPECT_EQ(sigaction(SIGSEGV, &catcher, &previous), 0);
    first_store = -1;
    EXPECT_EQ(mprotect(watched, watched_size, PROT_READ), 0);
    step();
    EXPECT_EQ(mprotect(watched, watched_size, PROT_READ | PROT_WRITE), 0);
    EXPECT_EQ(sigaction(SIGSEGV, &previous, nullptr), 0);
    return first_store;
}

void unwatch_page() {
    munmap(watched, watched_size);
    watched = nullptr;
}
} // namespace
#endif

// The step that ARunInsideASwapRunsTheMovingEntryOnce stops at is the one a real
// compaction takes: of a swap, the lower position's slot number is written first, so
// the moving slot shows at two positions rather than at none. Guards compact()'s order
// of the two set_slot() calls.
TEST(Protocol, ASwapWritesTheLowerPositionFirst) {
#if defined(__linux__)
    void *page = watch_page();
    ASSERT_NE(page, nullptr);
    auto *order = static_cast<coda::detail::atomic<std::uint8_t> *>(page);
    for (unsigned p = 0; p < 3; ++p) new (order + p) coda::detail::atomic<std::uint8_t>(0);
    Storage<3> s;
    const coda::detail::table<std::uint8_t> t{s.ctl, s.claimers, order, s.meta.data(), s.fn.data(), s.arg.data(), 3};
    trace.clear();
    for (char c : {'a', 'b', 'c'}) ASSERT_EQ(coda::detail::add(t, one, coda_test::arg(c), CODA_ON_EXIT), CODA_OK);
    ASSERT_EQ(coda::detail::remove(t, one, coda_test::arg('b'), true), 1u);  // [a, hole, c]

    int added = CODA_EINVAL;
    const long first = first_store_during([&] { added = coda::detail::add(t, one, coda_test::arg('d'), CODA_ON_EXIT); });

    EXPECT_EQ(added, CODA_OK);  // the swap moved c down to 1
    EXPECT_EQ(first, 1) << "the swap wrote position " << first << " first";
    EXPECT_EQ(order[1].load(), named(2, 1));
    EXPECT_EQ(order[2].load(), named(1, 2));
    EXPECT_EQ(coda::detail::run(t, CODA_ON_EXIT, nullptr, nullptr, nullptr), 3u);
    EXPECT_EQ(trace, "one(d) one(c) one(a)");
    unwatch_page();
#else
    GTEST_SKIP() << "needs mprotect and SIGSEGV with si_addr (Linux)";
#endif
}

// A removal that finds nothing stores nothing, the claimer count included: a registration
// on another context may compact while it scans (docs/semantics.md, S4: a removal that finds
// nothing never makes room vanish). Only a likely match is counted, and decides.
// Guards remove()'s uncounted first look and its counted second look.
TEST(Protocol, ARemovalThatFindsNothingStoresNothing) {
#if defined(__linux__)
    void *page = watch_page();
    ASSERT_NE(page, nullptr);
    auto *claimers = new (page) coda::detail::claimer_count{};
    auto *ctl = new (claimers + 1) coda::detail::control<std::uint8_t>{};
    auto *meta = new (ctl + 1) coda::detail::meta_byte[3]{};
    Storage<3> s;
    const coda::detail::table<std::uint8_t> t{*ctl, *claimers, s.order.data(), meta, s.fn.data(), s.arg.data(), 3};
    trace.clear();
    for (char c : {'a', 'b', 'c'}) ASSERT_EQ(coda::detail::add(t, one, coda_test::arg(c), CODA_ON_EXIT), CODA_OK);

    std::size_t removed = 9;
    EXPECT_EQ(first_store_during([&] { removed = coda::detail::remove(t, one, coda_test::arg('z'), true); }), -1)
        << "a removal of an absent (fn, arg) stored into the control or a state";
    EXPECT_EQ(removed, 0u);
    EXPECT_EQ(first_store_during([&] { removed = coda::detail::remove(t, coda_test::two, nullptr, false); }), -1)
        << "a removal of an absent fn stored into the control or a state";
    EXPECT_EQ(removed, 0u);
    // A match is checked counted: the count (offset 0) is the removal's first store,
    // before the kill; and it is uncounted after.
    EXPECT_EQ(first_store_during([&] { removed = coda::detail::remove(t, one, coda_test::arg('b'), true); }), 0)
        << "a removal stored elsewhere before it counted itself";
    EXPECT_EQ(removed, 1u);
    EXPECT_EQ(claimers->load(), 0u);
    EXPECT_EQ(coda::detail::run(t, CODA_ON_EXIT, nullptr, nullptr, nullptr), 2u);
    EXPECT_EQ(trace, "one(c) one(a)");
    unwatch_page();
#else
    GTEST_SKIP() << "needs mprotect and SIGSEGV with si_addr (Linux)";
#endif
}

// The claimer count is a word: each context inside a removal's check or a compaction
// adds one, so no number of threads (nor their nesting in signal handlers) wraps it to
// a value that would let a slot be recycled under a stale view. Guards control's width.
TEST(Protocol, TheClaimerCountDoesNotWrapAtAByte) {
    Storage<3> s;
    fill(s, "ab");  // [hole, hole, c]: a compaction would free two slots
    for (std::uint32_t others : {0x100u, 0x10000u, 0xFFFFFFFEu}) {
        s.claimers.store(others);  // that many other contexts inside a check
        EXPECT_EQ(s.add('d'), CODA_EFULL) << "compaction thought itself alone beside " << others << " claimers";
        EXPECT_EQ(s.claimers.load(), others);
    }
    s.claimers.store(0);
    EXPECT_EQ(s.add('d'), CODA_OK);
}
// A trim lowers top over the dead slots at the top and empties them, and stops at an
// empty slot (a reserved position). Guards trim_unshared()'s compare-exchange from dead.
TEST(Protocol, TrimLowersTopOverDeadSlotsAndStopsAtAReservedOne) {
    Storage<4> s;
    fill(s, "cd");           // [a, b, hole, hole]
    s.meta[1].store(empty);  // position 1 reserved by a registrar that has not published
    EXPECT_TRUE(coda::detail::trim_unshared(s.view()));
    EXPECT_EQ(s.ctl.top.load(), 2) << "top must stay above the reserved position";
    EXPECT_EQ(s.metas(), (bytes<4>{exit_pending, empty, empty, empty}));
}

// A run frees each slot before the handler's call: the newest is recycled at once, so
// a LIFO run leaves the table empty and a handler can register into its own slot.
// Guards release()'s recycling.
TEST(Protocol, ARunRecyclesTheNewestSlotBeforeTheCall) {
    Storage<2> s;
    fill(s, "");  // [a, b]: full
    EXPECT_EQ(s.run(), 2u);
    EXPECT_EQ(trace, "one(b) one(a)");
    EXPECT_EQ(s.ctl.top.load(), 0);
    EXPECT_EQ(s.metas(), (bytes<2>{empty, empty}));
}

// A removal or compaction may hold a slot's old number: a run recycles nothing while one
// is counted, and leaves holes. Guards release()'s claimer check.
TEST(Protocol, ARunLeavesHolesBesideACountedClaimer) {
    Storage<3> s;
    fill(s, "");
    s.claimers.store(1);
    EXPECT_EQ(s.run(), 3u);
    EXPECT_EQ(s.ctl.top.load(), 3) << "recycled while a claimer was counted";
    EXPECT_EQ(s.metas(), (bytes<3>{dead, dead, dead}));
    s.claimers.store(0);
    EXPECT_TRUE(coda::detail::trim_unshared(s.view()));  // the holes are trimmed
    EXPECT_EQ(s.ctl.top.load(), 0);
    EXPECT_EQ(s.metas(), (bytes<3>{empty, empty, empty}));
}

// A slot below a newer entry cannot be recycled by lowering top: it becomes a hole.
// Guards release()'s compare-exchange of top from p + 1.
TEST(Protocol, ARunLeavesAHoleBelowANewerEntry) {
    Storage<2> s;
    trace.clear();
    ASSERT_EQ(s.add('a'), CODA_OK);
    ASSERT_EQ(s.add('b', CODA_ON_QUICK_EXIT), CODA_OK);  // [a, b]: b is not due on exit
    EXPECT_EQ(s.run(), 1u);
    EXPECT_EQ(trace, "one(a)");
    EXPECT_EQ(s.ctl.top.load(), 2);
    EXPECT_EQ(s.metas(), (bytes<2>{dead, meta_of(pending, CODA_ON_QUICK_EXIT)}));
}

// An image without compaction makes room by trimming: the dead entries at the top are
// recycled, each one; a hole below a live entry is out of its reach. Guards
// trim_unshared()'s loop and its room result.
TEST(Protocol, TrimUnsharedRecyclesOnlyTheDeadTop) {
    Storage<4> s;
    fill(s, "cd");  // [a, b, hole, hole]
    EXPECT_TRUE(coda::detail::trim_unshared(s.view()));
    EXPECT_EQ(s.ctl.top.load(), 2) << "both dead slots at the top are recycled";
    EXPECT_EQ(s.claimers.load(), 0u) << "trim_unshared counts nothing";
    ASSERT_EQ(s.add('e'), CODA_OK);
    ASSERT_EQ(s.add('f'), CODA_OK);  // [a, b, e, f]
    EXPECT_EQ(s.remove('b'), 1u);    // [a, hole, e, f]
    EXPECT_FALSE(coda::detail::trim_unshared(s.view())) << "no room: the hole is below live entries";
    EXPECT_EQ(s.ctl.top.load(), 4);
    EXPECT_EQ(s.run(), 3u);
    EXPECT_EQ(trace, "one(f) one(e) one(a)");
}

// The sealed bit is set and the seal's pass may already be past this slot: trim turns
// the dead slot sealed, not empty, and keeps top, so a registrar that passed the sealed
// check before the seal cannot publish there after the final run. Guards the trims'
// `closed` check, bug (2) of docs/design.md (trim_one's is guarded by the model).
TEST(Protocol, TrimAfterTheSealBitSealsTheDeadSlot) {
    Storage<2> s;
    fill(s, "b");                   // [a, hole]
    s.ctl.gate.store(gate_sealed);  // seal() stopped after its bit, before its pass
    EXPECT_FALSE(coda::detail::trim_unshared(s.view()));
    EXPECT_EQ(s.meta[1].load(), sealed);
    EXPECT_EQ(s.ctl.top.load(), 2);
    EXPECT_EQ(s.add('c'), CODA_ECLOSED);
}

// After the sealed bit a run recycles nothing: its slot becomes a hole (the seal's pass
// or nothing seals it), top stays. Guards release()'s sealed check.
TEST(Protocol, ARunAfterTheSealBitRecyclesNothing) {
    Storage<1> s;
    fill(s, "");                    // [a]: the newest
    s.ctl.gate.store(gate_sealed);  // seal() stopped after its bit, before its pass
    EXPECT_EQ(s.run(), 1u);
    EXPECT_EQ(s.meta[0].load(), dead);
    EXPECT_EQ(s.ctl.top.load(), 1);
    EXPECT_EQ(s.add('c'), CODA_ECLOSED);
}

// The minimal image's run (run_unshared: nothing compacts or counts itself there) keeps
// run()'s rules in its one loop: newest first, a handler's own registration next (docs/semantics.md, S7),
// each slot recycled before the call, a hole below a newer entry, none recycled after
// the seal bit. Guards run_unshared().
namespace {
Storage<3> *unshared_storage = nullptr;
void registers_z(void *a) {
    one(a);
    if (coda_test::letter(a) == 'b') {
        EXPECT_EQ(unshared_storage->add('z'), CODA_OK);
    }
}
} // namespace

TEST(Protocol, TheUnsharedRunKeepsTheRunRules) {
    Storage<3> s;
    unshared_storage = &s;
    trace.clear();
    for (char c : {'a', 'b', 'c'}) {
        ASSERT_EQ(coda::detail::add(s.view(), registers_z, coda_test::arg(c), CODA_ON_EXIT), CODA_OK);
    }
    EXPECT_EQ(coda::detail::run_unshared(s.view(), CODA_ON_EXIT), 4u);
    EXPECT_EQ(trace, "one(c) one(b) one(z) one(a)") << "b's registration runs next";
    EXPECT_EQ(s.ctl.top.load(), 0) << "each slot recycled as it ran";
    EXPECT_EQ(s.metas(), (bytes<3>{empty, empty, empty}));
    unshared_storage = nullptr;
}

TEST(Protocol, TheUnsharedRunLeavesHolesWhereRunLeavesThem) {
    Storage<2> s;
    trace.clear();
    ASSERT_EQ(s.add('a'), CODA_OK);
    ASSERT_EQ(s.add('b', CODA_ON_QUICK_EXIT), CODA_OK);  // [a, b]: b is not due on exit
    EXPECT_EQ(coda::detail::run_unshared(s.view(), CODA_ON_EXIT), 1u);
    EXPECT_EQ(s.metas(), (bytes<2>{dead, meta_of(pending, CODA_ON_QUICK_EXIT)})) << "a hole below b";
    EXPECT_EQ(s.ctl.top.load(), 2);
    EXPECT_EQ(coda::detail::run_unshared(s.view(), CODA_ON_QUICK_EXIT), 1u);
    EXPECT_TRUE(coda::detail::trim_unshared(s.view()));
    EXPECT_EQ(s.ctl.top.load(), 0);
    ASSERT_EQ(s.add('c'), CODA_OK);
    s.ctl.gate.store(gate_sealed);  // seal() stopped after its bit: nothing is recycled
    EXPECT_EQ(coda::detail::run_unshared(s.view(), CODA_ON_EXIT), 1u);
    EXPECT_EQ(s.meta[0].load(), dead);
    EXPECT_EQ(s.ctl.top.load(), 1);
    EXPECT_EQ(trace, "one(a) one(b) one(c)");
}

// seal() sets the bit and marks every free or dead slot sealed; pending and claimed
// entries stay their owners'. Guards seal()'s gate store and its pass over every slot.
TEST(Protocol, SealMarksFreeAndDeadSlotsOnly) {
    Storage<5> s;
    for (char c : {'a', 'b', 'c'}) ASSERT_EQ(s.add(c), CODA_OK);
    ASSERT_EQ(s.remove('b'), 1u);
    s.meta[2].store(meta_of(claimed));  // a run stopped after claiming c
    coda::detail::seal(s.view());
    EXPECT_TRUE(coda::detail::sealed(s.ctl));
    EXPECT_EQ(s.ctl.gate.load(), gate_sealed);
    EXPECT_EQ(s.metas(), (bytes<5>{exit_pending, sealed, meta_of(claimed), sealed, sealed}));
    EXPECT_EQ(s.add('d'), CODA_ECLOSED);
    EXPECT_EQ(s.ctl.top.load(), 3);
    trace.clear();
    EXPECT_EQ(s.run(), 1u);  // what was pending at the seal still runs
    EXPECT_EQ(trace, "one(a)");
}

// A registrar that passed the sealed check before the seal, then reserved a position
// whose slot the seal's pass had marked: its publish fails, it reports closed, and
// nothing of it runs. Guards add()'s publish CAS `empty -> pending`.
TEST(Protocol, APublishOnASealedSlotIsClosed) {
    Storage<2> s;
    trace.clear();
    s.meta[0].store(sealed);  // gate bit not seen: the registrar read it before the seal
    EXPECT_EQ(s.add('a'), CODA_ECLOSED);
    EXPECT_EQ(s.meta[0].load(), sealed);
    EXPECT_EQ(s.pending_count(), 0u);
    EXPECT_EQ(s.run(), 0u);
    EXPECT_EQ(trace, "");
}

// run_final: a handler's registration during the first run runs in it; after the seal
// every registration is closed, and each free slot is sealed. Guards run_final()'s
// order (run before seal) and seal() after it.
namespace {
Storage<3> *final_storage = nullptr;
int chained_status = -1;
void registers_b(void *a) {
    one(a);
    chained_status = final_storage->add('b');
}
} // namespace

TEST(Protocol, RunFinalRunsWhatHandlersRegisterThenCloses) {
    Storage<3> s;
    final_storage = &s;
    trace.clear();
    ASSERT_EQ(coda::detail::add(s.view(), registers_b, coda_test::arg('a'), CODA_ON_EXIT), CODA_OK);
    EXPECT_EQ(coda::detail::run_final(s.view(), CODA_ON_EXIT), 2u);
    EXPECT_EQ(chained_status, CODA_OK);
    EXPECT_EQ(trace, "one(a) one(b)");
    EXPECT_TRUE(coda::detail::sealed(s.ctl));
    EXPECT_EQ(s.metas(), (bytes<3>{sealed, sealed, sealed}));
    EXPECT_EQ(s.add('c'), CODA_ECLOSED);
    EXPECT_EQ(s.run(), 0u);
    final_storage = nullptr;
}

// A guard's entry is marked owned, in the slot add_owned returns; remove_owned removes
// that slot only while it holds the owned entry of exactly (fn, arg, triggers): never an
// identical plain entry, nor the slot's next registration. Guards add_as()'s state and
// remove_owned()'s exact-meta, fn and arg checks.
TEST(Protocol, RemoveOwnedTakesOnlyItsOwnSlot) {
    Storage<4> s;
    ASSERT_EQ(s.add('x'), CODA_OK);              // slot 0: a plain x
    ASSERT_EQ(s.add_owned('x'), 1);              // slot 1: the guard's x
    ASSERT_EQ(s.add('x'), CODA_OK);              // slot 2: a plain x
    EXPECT_EQ(s.metas(), (bytes<4>{exit_pending, meta_of(owned, CODA_ON_EXIT), exit_pending, empty}));
    EXPECT_FALSE(s.remove_owned(0, 'x')) << "removed a plain entry";
    EXPECT_FALSE(s.remove_owned(1, 'y')) << "removed another argument's entry";
    EXPECT_FALSE(s.remove_owned(1, 'x', CODA_ON_RESET)) << "removed another trigger set's entry";
    EXPECT_TRUE(s.remove_owned(1, 'x'));
    EXPECT_EQ(s.metas(), (bytes<4>{exit_pending, dead, exit_pending, empty}));
    EXPECT_FALSE(s.remove_owned(1, 'x')) << "removed twice";
    EXPECT_EQ(s.claimers.load(), 0);
    trace.clear();
    EXPECT_EQ(s.run(), 2u);
    EXPECT_EQ(trace, "one(x) one(x)");
}

// An owned entry runs like any pending one, and its slot, once recycled, holds the next
// registration, which remove_owned leaves alone. Guards run's claim of owned entries.
TEST(Protocol, RemoveOwnedLeavesTheSlotsNextRegistration) {
    Storage<1> s;
    trace.clear();
    ASSERT_EQ(s.add_owned('x'), 0);
    EXPECT_EQ(s.run(), 1u);
    EXPECT_EQ(trace, "one(x)");
    ASSERT_EQ(s.add('x'), CODA_OK);  // capacity 1: the same slot
    EXPECT_FALSE(s.remove_owned(0, 'x'));
    EXPECT_EQ(s.pending_count(), 1u);
}

// Compaction moves an owned entry down over a hole like a pending one, so the hole
// reaches the top and is recycled. Guards compact() moving every state but empty and sealed.
TEST(Protocol, CompactionMovesOwnedEntries) {
    Storage<2> s;
    trace.clear();
    ASSERT_EQ(s.add('a'), CODA_OK);
    ASSERT_EQ(s.add_owned('b'), 1);
    ASSERT_EQ(s.remove('a'), 1u);  // [hole, owned b]
    ASSERT_EQ(s.add('c'), CODA_OK) << "the hole below the owned entry was not compacted";
    trace.clear();
    EXPECT_EQ(s.run(), 2u);
    EXPECT_EQ(trace, "one(c) one(b)");
}

// An owned entry shown at two positions inside a swap is removed once. Guards
// remove_owned() going by slot, not by position.
TEST(Protocol, RemoveOwnedInsideASwapRemovesOnce) {
    Storage<4> s;
    s.put(0, 'x');
    s.put(1, 'y');
    ASSERT_EQ(s.ctl.top.load(), 0);
    s.ctl.top.store(2);
    ASSERT_EQ(s.add_owned('x'), 2);
    s.put(3, 'z');
    s.ctl.top.store(4);
    ASSERT_EQ(s.remove('y'), 1u);  // [x, hole, owned x, z]
    stop_inside_swap(s, 2, 1);      // [x, x(2), x(2), z]
    EXPECT_TRUE(s.remove_owned(2, 'x'));
    EXPECT_FALSE(s.remove_owned(2, 'x'));
    EXPECT_EQ(s.metas(), (bytes<4>{exit_pending, dead, dead, exit_pending}));
    EXPECT_EQ(s.claimers.load(), 1);
}

// remove by fn inside a swap: the entry at two positions counts once. Guards
// matches()' `is_due(seen, ...)` (its second position shows it dead).
TEST(Protocol, RemoveInsideASwapCountsTheEntryOnce) {
    Storage<3> s;
    fill(s, "b");              // [a, hole, c]
    stop_inside_swap(s, 2, 1);  // [a, c, c]
    EXPECT_EQ(s.remove('c'), 1u);
    EXPECT_EQ(coda::detail::remove(s.view(), one, nullptr, false), 1u);  // a, by fn alone
    EXPECT_EQ(s.pending_count(), 0u);
}

// A budget that stops the run after one handler: skipped counts the due entries by slot,
// so the entry at two positions counts once. Guards count_due() and the report.
TEST(Protocol, BudgetSkippedCountsDistinctSlotsInsideASwap) {
    Storage<4> s;
    fill(s, "b");              // [a, hole, c, d]
    stop_inside_swap(s, 2, 1);  // [a, c, c, d]
    int left = 1;
    coda_report report{};
    EXPECT_EQ(coda::detail::run(s.view(), CODA_ON_EXIT, allow_one, &left, &report), 1u);
    EXPECT_EQ(trace, "one(d)");
    EXPECT_EQ(report.ran, 1u);
    EXPECT_EQ(report.skipped, 2u) << "a and c; c shows at two positions";
    EXPECT_EQ(report.complete, 0u);
    EXPECT_EQ(s.pending_count(), 2u);
}

// After fork() the child is alone: a registrar stopped between reserving and publishing
// (slot 2 empty below top), a run stopped between its claim and its release (slot 1
// claimed) and two counted claimers would keep it from ever reusing those slots.
// recover_orphans frees them and the child has its full capacity. Guards its pass below
// top and its claimer reset.
TEST(Protocol, RecoverOrphansFreesReservationsClaimsAndClaimers) {
    Storage<4> s;
    fill(s, "");                                            // a b c d
    s.meta[1].store(meta_of(claimed));                      // a run's claim on b
    s.meta[2].store(empty);                                 // c: reserved, not published
    s.claimers.store(2);
    std::uint8_t seen[1];
    coda::detail::recover_orphans(s.view(), seen);
    EXPECT_EQ(s.metas(), (bytes<4>{exit_pending, dead, dead, exit_pending}));
    EXPECT_EQ(s.claimers.load(), 0);
    EXPECT_EQ(s.add('e'), CODA_OK);
    EXPECT_EQ(s.add('f'), CODA_OK);
    EXPECT_EQ(s.add('g'), CODA_EFULL);
    trace.clear();
    EXPECT_EQ(s.run(), 4u);
    EXPECT_EQ(trace, "one(f) one(e) one(d) one(a)");
}

// A compaction stopped inside a swap leaves slot 2 at positions 1 and 2 and the hole's
// slot 1 at none: recover_orphans gives position 2 the hole back. Guards its repair pass.
TEST(Protocol, RecoverOrphansFinishesAHalfDoneSwap) {
    Storage<4> s;
    fill(s, "b");               // [a, hole, c, d]
    stop_inside_swap(s, 2, 1);  // [a, c, c, d]
    std::uint8_t seen[1];
    coda::detail::recover_orphans(s.view(), seen);
    EXPECT_EQ(s.orders(), (bytes<4>{0, named(2, 1), named(1, 2), 0}));
    EXPECT_EQ(s.claimers.load(), 0);
    EXPECT_EQ(s.add('e'), CODA_OK);
    EXPECT_EQ(s.add('f'), CODA_EFULL);
    trace.clear();
    EXPECT_EQ(s.run(), 4u);
    EXPECT_EQ(trace, "one(e) one(d) one(c) one(a)");
}
