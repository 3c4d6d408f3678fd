// cpp_api_test.cpp - the C++ API of docs/semantics.md section 5: coda::registry<N>, add/remove of
// members and plain functions, capacity(), default triggers, scoped_registration, size.
//
// Handlers write a trace: "one(a) w1.stop" says one(arg 'a') ran, then worker w1's stop().
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <type_traits>
#include <utility>

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

struct Worker {
    std::string name;
    int stops = 0;
    int flushes = 0;
    void stop() {
        ++stops;
        note(name + ".stop");
    }
    void flush() noexcept {
        ++flushes;
        note(name + ".flush");
    }
};

void plain_a() { note("plain_a"); }
void plain_b() { note("plain_b"); }

constexpr unsigned all_triggers[] = {CODA_ON_EXIT, CODA_ON_QUICK_EXIT, CODA_ON_SIGNAL, CODA_ON_RESET,
                                     CODA_ON_BROWNOUT};

template <class Registry>
std::size_t run_every_trigger(Registry &r) {
    std::size_t n = 0;
    for (unsigned t : all_triggers) n += r.run(t);
    return n;
}

} // namespace

// ---- statuses -----------------------------------------------------------------------

static_assert(static_cast<int>(status::ok) == CODA_OK);
static_assert(static_cast<int>(status::invalid) == CODA_EINVAL);
static_assert(static_cast<int>(status::full) == CODA_EFULL);
static_assert(static_cast<int>(status::closed) == CODA_ECLOSED);

// ---- add<&T::method>(object) ------------------------------------------------------------

TEST(CppApi_Method, AddCallsTheMemberOnThatObject) {
    coda::registry<4> r;
    trace.clear();
    Worker w1{"w1"}, w2{"w2"};
    ASSERT_EQ(r.add<&Worker::stop>(w1), status::ok);
    ASSERT_EQ(r.add<&Worker::stop>(w2, CODA_ON_EXIT), status::ok);
    ASSERT_EQ(r.add<&Worker::flush>(w1, CODA_ON_EXIT), status::ok);
    EXPECT_EQ(r.pending(), 3u);
    EXPECT_EQ(r.pending(CODA_ON_EXIT), 3u);
    EXPECT_EQ(r.pending(CODA_ON_SIGNAL), 1u) << "only w1.stop holds the graceful set";
    EXPECT_EQ(r.pending(CODA_ON_BROWNOUT), 0u);
    EXPECT_EQ(r.run(CODA_ON_EXIT), 3u);
    EXPECT_EQ(r.pending(CODA_ON_SIGNAL), 0u);
    EXPECT_EQ(trace, "w1.flush w2.stop w1.stop");
    EXPECT_EQ(w1.stops, 1);
    EXPECT_EQ(w1.flushes, 1);
    EXPECT_EQ(w2.stops, 1);
    EXPECT_EQ(w2.flushes, 0);
}

TEST(CppApi_Method, AddHonoursTheTriggers) {
    coda::registry<4> r;
    trace.clear();
    Worker w{"w"};
    ASSERT_EQ(r.add<&Worker::stop>(w, CODA_ON_BROWNOUT), status::ok);
    EXPECT_EQ(r.run(CODA_ON_EXIT), 0u);
    EXPECT_EQ(r.run(CODA_ON_BROWNOUT), 1u);
    EXPECT_EQ(w.stops, 1);
}

TEST(CppApi_Method, RemoveRemovesOnlyThatMemberOfThatObject) {
    coda::registry<8> r;
    trace.clear();
    Worker w1{"w1"}, w2{"w2"};
    ASSERT_EQ(r.add<&Worker::stop>(w1), status::ok);
    ASSERT_EQ(r.add<&Worker::stop>(w2), status::ok);
    ASSERT_EQ(r.add<&Worker::flush>(w1), status::ok);
    ASSERT_EQ(r.add<&Worker::stop>(w1, CODA_ON_BROWNOUT), status::ok);
    EXPECT_EQ(r.remove<&Worker::stop>(w1), 2u);
    EXPECT_EQ(r.remove<&Worker::stop>(w1), 0u);
    EXPECT_EQ(r.pending(), 2u);
    EXPECT_EQ(run_every_trigger(r), 2u);
    EXPECT_EQ(trace, "w1.flush w2.stop");
    EXPECT_EQ(w1.stops, 0);
}

TEST(CppApi_Method, FullAndClosedAreReported) {
    coda::registry<1> r;
    Worker w{"w"};
    ASSERT_EQ(r.add<&Worker::stop>(w), status::ok);
    EXPECT_EQ(r.add<&Worker::flush>(w), status::full);
    EXPECT_EQ(r.add<&Worker::stop>(w, 0u), status::invalid);
    r.clear();
    r.seal();
    EXPECT_EQ(r.add<&Worker::stop>(w), status::closed);
    EXPECT_EQ(r.pending(), 0u);
}

// ---- add<F>() for plain void() functions -----------------------------------------------

TEST(CppApi_PlainFunction, AddCallsTheFunction) {
    coda::registry<4> r;
    trace.clear();
    ASSERT_EQ(r.add<plain_a>(), status::ok);
    ASSERT_EQ(r.add<plain_b>(CODA_ON_EXIT), status::ok);
    ASSERT_EQ(r.add<plain_a>(CODA_ON_BROWNOUT), status::ok);
    EXPECT_EQ(r.run(CODA_ON_EXIT), 2u);
    EXPECT_EQ(trace, "plain_b plain_a");
    EXPECT_EQ(r.run(CODA_ON_BROWNOUT), 1u);
    EXPECT_EQ(trace, "plain_b plain_a plain_a");
}

TEST(CppApi_PlainFunction, RemoveRemovesEveryRegistrationOfThatFunctionOnly) {
    coda::registry<8> r;
    trace.clear();
    ASSERT_EQ(r.add<plain_a>(), status::ok);
    ASSERT_EQ(r.add<plain_b>(), status::ok);
    ASSERT_EQ(r.add<plain_a>(CODA_ON_BROWNOUT), status::ok);
    ASSERT_EQ(r.add(one, arg('x'), CODA_ON_EXIT), status::ok);
    EXPECT_EQ(r.remove<plain_a>(), 2u);
    EXPECT_EQ(r.remove<plain_a>(), 0u);
    EXPECT_EQ(run_every_trigger(r), 2u);
    EXPECT_EQ(trace, "one(x) plain_b");
}

TEST(CppApi_PlainFunction, GlobalRegistry) {
    coda_clear();
    trace.clear();
    ASSERT_EQ(coda::global().add<plain_a>(CODA_ON_RESET), status::ok);
    EXPECT_EQ(coda_pending(), 1u);
    EXPECT_EQ(coda::global().remove<plain_a>(), 1u);
    ASSERT_EQ(coda::global().add<plain_b>(CODA_ON_RESET), status::ok);
    EXPECT_EQ(coda_run(CODA_ON_RESET), 1u);
    EXPECT_EQ(trace, "plain_b");
    coda_clear();
}

// ---- capacity() -------------------------------------------------------------------------

TEST(CppApi_Capacity, IsConstexprAndMatchesTheTemplateArgument) {
    static_assert(coda::registry<1>::capacity() == 1);
    static_assert(coda::registry<7>::capacity() == 7);
    static_assert(coda::registry<255>::capacity() == 255);
    static_assert(coda::registry<256>::capacity() == 256);
    static_assert(coda::registry<65535>::capacity() == 65535);
    using global_type = std::remove_reference_t<decltype(coda::global())>;
    static_assert(global_type::capacity() == CODA_CAPACITY);
    coda::registry<5> r;
    constexpr std::size_t from_type = decltype(r)::capacity();
    static_assert(from_type == 5);
    EXPECT_EQ(r.capacity(), 5u);
    EXPECT_EQ(coda::global().capacity(), coda_capacity());
    for (int i = 0; i < 5; ++i) ASSERT_EQ(r.add(one, arg('a')), status::ok);
    EXPECT_EQ(r.add(one, arg('a')), status::full);
}

// ---- default triggers: CODA_ON_GRACEFUL ---------------------------------------------------

namespace {

std::string trigger_name(unsigned t) {
    switch (t) {
    case CODA_ON_EXIT: return "exit";
    case CODA_ON_QUICK_EXIT: return "quick_exit";
    case CODA_ON_SIGNAL: return "signal";
    case CODA_ON_RESET: return "reset";
    case CODA_ON_BROWNOUT: return "brownout";
    default: return "?";
    }
}

// Registers with `add_default` on a fresh registry per trigger; names the triggers that run it.
template <class AddDefault>
std::string triggers_that_run(AddDefault add_default) {
    std::string ran;
    for (unsigned t : all_triggers) {
        coda::registry<2> r;
        EXPECT_EQ(add_default(r), status::ok);
        if (r.run(t) == 1) ran += (ran.empty() ? "" : "|") + trigger_name(t);
    }
    return ran;
}

} // namespace

TEST(CppApi_DefaultTriggers, AddFunctionDefaultsToGraceful) {
    Worker w{"w"};
    EXPECT_EQ(triggers_that_run([](coda::registry<2> &r) { return r.add(one, arg('a')); }), "exit|signal|reset");
    EXPECT_EQ(triggers_that_run([](coda::registry<2> &r) { return r.add(one); }), "exit|signal|reset");
    EXPECT_EQ(triggers_that_run([&](coda::registry<2> &r) { return r.add<&Worker::stop>(w); }), "exit|signal|reset");
    EXPECT_EQ(triggers_that_run([](coda::registry<2> &r) { return r.add<plain_a>(); }), "exit|signal|reset");
    EXPECT_EQ(w.stops, 3);
}

TEST(CppApi_DefaultTriggers, ScopedRegistrationDefaultsToGraceful) {
    EXPECT_EQ(triggers_that_run([](coda::registry<2> &r) {
                  coda::scoped_registration s(r, one, arg('a'));
                  const status result = s.result();
                  s.release();
                  return result;
              }),
              "exit|signal|reset");
}

TEST(CppApi_DefaultTriggers, CRegisterDefaultsToGraceful) {
    std::string ran;
    for (unsigned t : all_triggers) {
        coda_clear();
        ASSERT_EQ(coda_register(one, arg('a')), CODA_OK);
        if (coda_run(t) == 1) ran += std::to_string(t) + " ";
    }
    coda_clear();
    EXPECT_EQ(ran, "1 4 8 ");
}

// ---- scoped_registration -----------------------------------------------------------------

TEST(CppApi_ScopedRegistration, RemovesItsEntryOnDestructionIfStillPending) {
    coda::registry<4> r;
    trace.clear();
    ASSERT_EQ(r.add(one, arg('a'), CODA_ON_EXIT), status::ok);
    {
        coda::scoped_registration s(r, one, arg('b'), CODA_ON_EXIT);
        EXPECT_TRUE(s);
        EXPECT_EQ(s.result(), status::ok);
        EXPECT_EQ(r.pending(), 2u);
    }
    EXPECT_EQ(r.pending(), 1u);
    EXPECT_EQ(run_every_trigger(r), 1u);
    EXPECT_EQ(trace, "one(a)");
}

TEST(CppApi_ScopedRegistration, GlobalRegistry) {
    coda_clear();
    trace.clear();
    {
        coda::scoped_registration s(coda::global(), one, arg('g'));
        EXPECT_TRUE(s);
        EXPECT_EQ(coda_pending(), 1u);
    }
    EXPECT_EQ(coda_pending(), 0u);
    EXPECT_EQ(coda_run(CODA_ON_EXIT), 0u);
    coda_clear();
}

TEST(CppApi_ScopedRegistration, LeavesItAloneIfItAlreadyRan) {
    coda::registry<4> r;
    trace.clear();
    ASSERT_EQ(r.add(two, arg('x'), CODA_ON_EXIT), status::ok);
    {
        coda::scoped_registration s(r, one, arg('a'), CODA_ON_EXIT);
        EXPECT_EQ(r.run(CODA_ON_EXIT, nullptr, nullptr, nullptr), 2u);
        ASSERT_EQ(r.add(two, arg('y'), CODA_ON_EXIT), status::ok);
        EXPECT_EQ(s.reset(), 0u);  // nothing of its own is pending
        EXPECT_FALSE(s);
    }
    EXPECT_EQ(r.pending(), 1u);
    EXPECT_EQ(r.run(CODA_ON_EXIT), 1u);
    EXPECT_EQ(trace, "one(a) two(x) two(y)");
}

TEST(CppApi_ScopedRegistration, DoesNotRemoveAnIdenticalRegistrationAfterItsOwnRan) {
    // Its own entry (exit) ran; an identical (fn, arg) registered by someone else for
    // brownout is not its entry and must stay.
    coda::registry<4> r;
    trace.clear();
    ASSERT_EQ(r.add(one, arg('a'), CODA_ON_BROWNOUT), status::ok);
    {
        coda::scoped_registration s(r, one, arg('a'), CODA_ON_EXIT);
        EXPECT_EQ(r.run(CODA_ON_EXIT), 1u);
    }
    EXPECT_EQ(r.pending(), 1u);
    EXPECT_EQ(r.run(CODA_ON_BROWNOUT), 1u);
    EXPECT_EQ(trace, "one(a) one(a)");
}

TEST(CppApi_ScopedRegistration, DoesNotRemoveAnIdenticalRegistrationMadeAfterItsOwnWasRemoved) {
    coda::registry<4> r;
    trace.clear();
    {
        coda::scoped_registration s(r, one, arg('a'), CODA_ON_EXIT);
        EXPECT_EQ(r.remove(one), 1u);                                  // someone removed it
        ASSERT_EQ(r.add(one, arg('a'), CODA_ON_RESET), status::ok);  // someone else's
    }
    EXPECT_EQ(r.pending(), 1u);
    EXPECT_EQ(r.run(CODA_ON_RESET), 1u);
}

TEST(CppApi_ScopedRegistration, LeavesAnOlderIdenticalEntryInItsPlace) {
    // A plain (one, a), then two(b), then a guard of the same (one, a, exit): the guard
    // removes its own (the newest), so the run order stays two(b), one(a).
    coda::registry<4> r;
    trace.clear();
    ASSERT_EQ(r.add(one, arg('a'), CODA_ON_EXIT), status::ok);
    ASSERT_EQ(r.add(two, arg('b'), CODA_ON_EXIT), status::ok);
    {
        coda::scoped_registration s(r, one, arg('a'), CODA_ON_EXIT);
        EXPECT_EQ(r.pending(), 3u);
    }
    EXPECT_EQ(r.run(CODA_ON_EXIT), 2u);
    EXPECT_EQ(trace, "two(b) one(a)");
}

TEST(CppApi_ScopedRegistration, LeavesAnOlderIdenticalGuardsEntryInItsPlace) {
    coda::registry<4> r;
    trace.clear();
    coda::scoped_registration outer(r, one, arg('a'), CODA_ON_EXIT);
    ASSERT_EQ(r.add(two, arg('b'), CODA_ON_EXIT), status::ok);
    {
        coda::scoped_registration inner(r, one, arg('a'), CODA_ON_EXIT);
    }
    EXPECT_EQ(r.run(CODA_ON_EXIT), 2u);
    EXPECT_EQ(trace, "two(b) one(a)");
    EXPECT_EQ(outer.reset(), 0u);  // its entry ran
}

TEST(CppApi_ScopedRegistration, DoesNotRemoveTheSameTripleRegisteredAfterItsOwnRan) {
    // Its own entry ran and its slot was reused by an identical (one, a, exit) of
    // someone else's: that one is not the guard's and must stay.
    coda::registry<1> r;
    trace.clear();
    {
        coda::scoped_registration s(r, one, arg('a'), CODA_ON_EXIT);
        EXPECT_EQ(r.run(CODA_ON_EXIT), 1u);
        ASSERT_EQ(r.add(one, arg('a'), CODA_ON_EXIT), status::ok);  // the same slot: capacity 1
    }
    EXPECT_EQ(r.pending(), 1u);
    EXPECT_EQ(r.run(CODA_ON_EXIT), 1u);
    EXPECT_EQ(trace, "one(a) one(a)");
}

TEST(CppApi_ScopedRegistration, DoesNotRemoveTheSameTripleRegisteredAfterItsOwnWasRemoved) {
    coda::registry<1> r;
    {
        coda::scoped_registration s(r, one, arg('a'), CODA_ON_EXIT);
        EXPECT_EQ(r.remove(one, arg('a')), 1u);
        ASSERT_EQ(r.add(one, arg('a'), CODA_ON_EXIT), status::ok);
        EXPECT_EQ(s.reset(), 0u);
    }
    EXPECT_EQ(r.pending(), 1u);
}

TEST(CppApi_ScopedRegistration, SamePairTwiceEachScopeRemovesOnlyOne) {
    coda::registry<4> r;
    trace.clear();
    {
        coda::scoped_registration outer(r, one, arg('a'), CODA_ON_EXIT);
        {
            coda::scoped_registration inner(r, one, arg('a'), CODA_ON_EXIT);
            EXPECT_EQ(r.pending(), 2u);
        }
        EXPECT_EQ(r.pending(), 1u);
    }
    EXPECT_EQ(r.pending(), 0u);
    EXPECT_EQ(run_every_trigger(r), 0u);
}

TEST(CppApi_ScopedRegistration, RemovesItsOwnEntryNotAnIdenticalNewerOne) {
    // scoped (one, a) for exit, then a plain identical (one, a) for brownout: the
    // guard's destruction must leave the brownout one.
    coda::registry<4> r;
    trace.clear();
    {
        coda::scoped_registration s(r, one, arg('a'), CODA_ON_EXIT);
        ASSERT_EQ(r.add(one, arg('a'), CODA_ON_BROWNOUT), status::ok);
    }
    EXPECT_EQ(r.pending(), 1u);
    EXPECT_EQ(r.run(CODA_ON_EXIT), 0u);
    EXPECT_EQ(r.run(CODA_ON_BROWNOUT), 1u);
}

TEST(CppApi_ScopedRegistration, RemovesItsOwnEntryKeepingTheOrderOfTheOthers) {
    // scoped (one, a), then two(g), then a plain (one, a): after the guard dies, the
    // plain one is still the newest.
    coda::registry<4> r;
    trace.clear();
    {
        coda::scoped_registration s(r, one, arg('a'), CODA_ON_EXIT);
        ASSERT_EQ(r.add(two, arg('g'), CODA_ON_EXIT), status::ok);
        ASSERT_EQ(r.add(one, arg('a'), CODA_ON_EXIT), status::ok);
    }
    EXPECT_EQ(r.run(CODA_ON_EXIT), 2u);
    EXPECT_EQ(trace, "one(a) two(g)");
}

TEST(CppApi_ScopedRegistration, MoveTransfersOwnership) {
    coda::registry<4> r;
    trace.clear();
    {
        coda::scoped_registration first(r, one, arg('a'), CODA_ON_EXIT);
        coda::scoped_registration second(std::move(first));
        EXPECT_FALSE(first);  // NOLINT(bugprone-use-after-move): the moved-from state is the point
        EXPECT_TRUE(second);
        EXPECT_EQ(second.result(), status::ok);
        EXPECT_EQ(first.reset(), 0u);  // NOLINT(bugprone-use-after-move)
        EXPECT_EQ(r.pending(), 1u);
        {
            coda::scoped_registration third(std::move(second));
            EXPECT_FALSE(second);  // NOLINT(bugprone-use-after-move)
        }
        EXPECT_EQ(r.pending(), 0u);  // third owned it
    }
    EXPECT_EQ(r.pending(), 0u);
    EXPECT_EQ(run_every_trigger(r), 0u);
}

TEST(CppApi_ScopedRegistration, MovedFromDestructorDoesNothing) {
    coda::registry<4> r;
    coda::scoped_registration keeper;
    {
        coda::scoped_registration s(r, one, arg('a'), CODA_ON_EXIT);
        keeper = std::move(s);
    }
    EXPECT_EQ(r.pending(), 1u);
    EXPECT_TRUE(keeper);
    EXPECT_EQ(keeper.reset(), 1u);
    EXPECT_EQ(r.pending(), 0u);
}

TEST(CppApi_ScopedRegistration, MoveAssignmentDropsTheOldEntryAndTakesTheNewOne) {
    coda::registry<4> r;
    trace.clear();
    coda::scoped_registration a(r, one, arg('a'), CODA_ON_EXIT);
    coda::scoped_registration b(r, two, arg('b'), CODA_ON_EXIT);
    EXPECT_EQ(r.pending(), 2u);
    a = std::move(b);
    EXPECT_EQ(r.pending(), 1u);  // one(a) was removed
    EXPECT_TRUE(a);
    EXPECT_FALSE(b);  // NOLINT(bugprone-use-after-move)
    auto &self = a;
    a = std::move(self);  // self-move keeps it
    EXPECT_TRUE(a);
    EXPECT_EQ(r.pending(), 1u);
    EXPECT_EQ(r.run(CODA_ON_EXIT), 1u);
    EXPECT_EQ(trace, "two(b)");
}

TEST(CppApi_ScopedRegistration, ReleaseKeepsTheRegistration) {
    coda::registry<4> r;
    trace.clear();
    {
        coda::scoped_registration s(r, one, arg('a'), CODA_ON_EXIT);
        s.release();
        EXPECT_FALSE(s);
        EXPECT_EQ(s.result(), status::ok);
        EXPECT_EQ(s.reset(), 0u);
    }
    EXPECT_EQ(r.pending(), 1u);
    EXPECT_EQ(r.run(CODA_ON_EXIT), 1u);
    EXPECT_EQ(trace, "one(a)");
}

TEST(CppApi_ScopedRegistration, ResetRemovesNowAndOnlyOnce) {
    coda::registry<4> r;
    coda::scoped_registration s(r, one, arg('a'), CODA_ON_EXIT);
    EXPECT_EQ(s.reset(), 1u);
    EXPECT_FALSE(s);
    EXPECT_EQ(r.pending(), 0u);
    ASSERT_EQ(r.add(one, arg('a'), CODA_ON_EXIT), status::ok);
    EXPECT_EQ(s.reset(), 0u);
    EXPECT_EQ(r.pending(), 1u);
}

TEST(CppApi_ScopedRegistration, FullIsReportedAndTheDestructorDoesNothing) {
    coda::registry<1> r;
    trace.clear();
    ASSERT_EQ(r.add(one, arg('a'), CODA_ON_EXIT), status::ok);
    {
        coda::scoped_registration s(r, one, arg('a'), CODA_ON_EXIT);  // the same pair
        EXPECT_FALSE(s);
        EXPECT_EQ(s.result(), status::full);
        EXPECT_EQ(s.reset(), 0u);
    }
    EXPECT_EQ(r.pending(), 1u);
    EXPECT_EQ(r.run(CODA_ON_EXIT), 1u);
    EXPECT_EQ(trace, "one(a)");
}

TEST(CppApi_ScopedRegistration, InvalidIsReportedAndTheDestructorDoesNothing) {
    coda::registry<2> r;
    ASSERT_EQ(r.add(one, arg('a'), CODA_ON_EXIT), status::ok);
    {
        coda::scoped_registration null_fn(r, nullptr, arg('a'));
        EXPECT_FALSE(null_fn);
        EXPECT_EQ(null_fn.result(), status::invalid);
        coda::scoped_registration no_trigger(r, one, arg('a'), 0u);
        EXPECT_FALSE(no_trigger);
        EXPECT_EQ(no_trigger.result(), status::invalid);
        coda::scoped_registration unknown_bit(r, one, arg('a'), 0x20u);
        EXPECT_EQ(unknown_bit.result(), status::invalid);
    }
    EXPECT_EQ(r.pending(), 1u);
}

TEST(CppApi_ScopedRegistration, ClosedIsReportedAndTheDestructorDoesNothing) {
    coda::registry<2> r;
    ASSERT_EQ(r.add(one, arg('a'), CODA_ON_EXIT), status::ok);
    r.seal();
    {
        coda::scoped_registration s(r, one, arg('a'), CODA_ON_EXIT);
        EXPECT_FALSE(s);
        EXPECT_EQ(s.result(), status::closed);
    }
    EXPECT_EQ(r.pending(), 1u);
}

TEST(CppApi_ScopedRegistration, DefaultConstructedOwnsNothing) {
    coda::scoped_registration s;
    EXPECT_FALSE(s);
    EXPECT_NE(s.result(), status::ok);
    EXPECT_EQ(s.reset(), 0u);
    s.release();
    static_assert(!std::is_copy_constructible_v<coda::scoped_registration>);
    static_assert(!std::is_copy_assignable_v<coda::scoped_registration>);
    static_assert(std::is_nothrow_move_constructible_v<coda::scoped_registration>);
    static_assert(std::is_nothrow_move_assignable_v<coda::scoped_registration>);
}

TEST(CppApi_ScopedRegistration, WorksAcrossRegistriesOfDifferentCapacities) {
    coda::registry<1> small;
    coda::registry<300> big;  // 16-bit indices
    trace.clear();
    {
        coda::scoped_registration s1(small, one, arg('s'), CODA_ON_EXIT);
        coda::scoped_registration s2(big, one, arg('b'), CODA_ON_EXIT);
        ASSERT_EQ(big.add(two, arg('k'), CODA_ON_EXIT), status::ok);
        EXPECT_EQ(small.pending(), 1u);
        EXPECT_EQ(big.pending(), 2u);
    }
    EXPECT_EQ(small.pending(), 0u);
    EXPECT_EQ(big.pending(), 1u);
    EXPECT_EQ(big.run(CODA_ON_EXIT), 1u);
    EXPECT_EQ(trace, "two(k)");
}

// ---- size -------------------------------------------------------------------------------------

namespace {

// N entries of (2 pointers + a state byte + a position index of 1 byte up to 255 entries,
// 2 beyond) plus at most 8 bytes, rounded up to pointer alignment.
constexpr std::size_t size_bound(std::size_t n) {
    const std::size_t raw = n * (2 * sizeof(void *) + 1 + (n <= 255 ? 1 : 2)) + 8;
    return (raw + alignof(void *) - 1) / alignof(void *) * alignof(void *);
}

static_assert(sizeof(coda::registry<1>) <= size_bound(1));
static_assert(sizeof(coda::registry<32>) <= size_bound(32));
static_assert(sizeof(coda::registry<255>) <= size_bound(255));
static_assert(sizeof(coda::registry<256>) <= size_bound(256));
static_assert(sizeof(coda::registry<4096>) <= size_bound(4096));
static_assert(sizeof(coda::registry<65535>) <= size_bound(65535));

} // namespace

TEST(CppApi_Size, RegistryIsEntriesPlusAtMostEightBytes) {
    EXPECT_LE(sizeof(coda::registry<1>), size_bound(1));
    EXPECT_LE(sizeof(coda::registry<32>), size_bound(32));
    EXPECT_LE(sizeof(coda::registry<255>), size_bound(255));
    EXPECT_LE(sizeof(coda::registry<256>), size_bound(256));
    EXPECT_LE(sizeof(coda::registry<4096>), size_bound(4096));
    EXPECT_EQ(sizeof(coda::registry<CODA_CAPACITY>), sizeof(coda::global()));
}
