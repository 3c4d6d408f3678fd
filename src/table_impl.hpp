// table_impl.hpp - the slot protocol of coda, once for every capacity (see docs/design.md).
//
// Included by table.cpp, which compiles it for the two index types (every registry<N>),
// and by the global registry's objects (global.cpp, run.cpp, compaction.cpp), which
// compile the hot paths once more with its view a constant: addresses and capacity
// folded in, no table argument, so coda_run_budget passes its four arguments straight
// through.
//
// An entry lives in a slot and never moves; `order` lists the slots in registration
// order (higher position is newer). A slot's state byte decides who owns the entry: every
// change of owner is one compare-exchange on it, so a run that interrupts anything sees
// each entry whole or not at all. Compaction moves only the one-byte slot numbers.
#ifndef CODA_TABLE_IMPL_HPP
#define CODA_TABLE_IMPL_HPP

#include <stddef.h>
#include <stdint.h>

#include "coda/detail/table.hpp"
#include "atomics.hpp"
#include "port.hpp"

namespace coda::detail::impl {

// Positions and slots are mostly `unsigned` in code: Index is only their stored width,
// so a loop does not narrow to 8 or 16 bits at each step.

// Slot states (low 3 bits of the meta byte). Zero is empty, so zero-filled RAM is valid.
namespace slot {
enum : uint8_t {
    empty = 0,    // free, or reserved by a registrar that has not published it yet
    pending = 1,  // registered, waiting for a run
    claimed = 2,  // a run owns it and is copying it out
    dead = 3,     // ran or removed: a hole until it is recycled
    sealed = 4,   // the registry is sealed: no registration may publish here
    owned = 5,    // pending, made by a scoped_registration: only it removes it by slot
};
} // namespace slot
constexpr unsigned state_bits = 3;
constexpr uint8_t state_mask = (1u << state_bits) - 1;
static_assert((CODA_ON_ANY << state_bits) <= 0xFFu, "the trigger bits fit beside the state bits of the meta byte");
static_assert(slot::owned <= state_mask, "every state fits in the state bits");

constexpr uint8_t gate_sealed = 0x01u;

constexpr unsigned triggers_of(uint8_t meta) { return static_cast<unsigned>(meta >> state_bits); }
constexpr uint8_t make_meta(uint8_t state, unsigned triggers) {
    return static_cast<uint8_t>(state | (triggers << state_bits));
}
constexpr bool is_one_trigger(unsigned trigger) {
    return trigger == CODA_ON_EXIT || trigger == CODA_ON_QUICK_EXIT || trigger == CODA_ON_SIGNAL ||
           trigger == CODA_ON_RESET || trigger == CODA_ON_BROWNOUT;
}
// A pending entry holding trigger. Only a pending byte carries trigger bits (every other
// state is stored with none), so the trigger bits alone tell.
[[gnu::always_inline]] constexpr bool is_due(uint8_t meta, unsigned trigger) {
    return (triggers_of(meta) & trigger) != 0;
}

// The port's compare-exchange with compare_exchange_strong's contract: on failure, expected
// becomes what was seen. Inline, so expected stays in a register.
template <class T>
[[gnu::always_inline]] inline bool cas(detail::atomic<T> &obj, T &expected, T desired) noexcept {
    const T seen = port::compare_exchange(obj, expected, desired);
    if (seen == expected) return true;
    expected = seen;
    return false;
}
template <class T>
[[gnu::always_inline]] inline bool cas_from(detail::atomic<T> &obj, type_identity_t<T> expected,
                                            type_identity_t<T> desired) noexcept {
    return port::compare_exchange(obj, expected, desired) == expected;
}

// Adds delta to the claimer count: +1 and -1, so it never leaves [0, contexts inside].
inline void add_to(detail::atomic<uint32_t> &count, int delta) noexcept {
    uint32_t seen = load(count);
    while (!cas(count, seen, static_cast<uint32_t>(seen + static_cast<uint32_t>(delta)))) {
    }
}

// fn and arg of a slot (see load_word).
template <class Index>
[[gnu::always_inline]] inline coda_fn fn_of(const table<Index> &t, unsigned s) noexcept {
    return load_word(t.fn[s]);
}
template <class Index>
[[gnu::always_inline]] inline void *arg_of(const table<Index> &t, unsigned s) noexcept {
    return load_word(t.arg[s]);
}

// The slot at position p; order holds slot ^ p, so 0 (zero-filled RAM) names slot p and
// reading it back is one XOR, no branch.
template <class Index>
[[gnu::always_inline]] inline unsigned slot_at(const table<Index> &t, unsigned p) noexcept {
    return load(t.order[p]) ^ p;
}
// Whether other contexts may move slot numbers or hold stale views of slots: shared in
// general; unshared in the global registry of an image that links neither compaction nor
// a removal (global.cpp's weak hooks), where a position names its own slot and no claimer
// is ever counted, so the steps that guard against them are compiled out.
enum class sharing : bool { unshared, shared };

// The slot at position p, as sharing S knows it.
template <sharing S, class Index>
[[gnu::always_inline]] inline unsigned slot_of(const table<Index> &t, unsigned p) noexcept {
    if constexpr (S == sharing::shared) {
        return slot_at(t, p);
    } else {
        return p;
    }
}

template <class Index>
[[gnu::always_inline]] inline void set_slot(const table<Index> &t, unsigned p, unsigned s) noexcept {
    store(t.order[p], static_cast<Index>(s ^ p));
}

// True when the caller is the only claimer: no one else may hold a stale view of a slot,
// so a slot number may move or be recycled. The claimers are the compactions under way,
// counted before they read a slot number, and the removals checking a likely match,
// counted before they read its state again. Runs, registrations and a removal's first
// look are not counted: a claim and a publish compare the whole state byte, so a stale
// view of theirs takes nothing it did not compare, and a first look takes nothing.
// The caller counts itself: alone is a count of one.
template <class Index>
[[gnu::always_inline]] inline bool alone(const table<Index> &t) noexcept {
    return load(t.claimers) == 1;
}

// Sets the sealed bit, then marks every free or dead slot sealed, so a registrar that
// reserved a position before the bit fails to publish there. A slot recycled meanwhile
// (dead -> empty) is met empty, since the pass starts after the bit. One try per slot:
// one that changes under it was published before the bit (it runs in the final run's
// second pass), or became a hole (nothing is recycled after the bit), or was recycled
// by a trim, which checks the bit after and seals it itself.
template <class Index>
void seal(const table<Index> &t) noexcept {
    store(t.ctl.gate, gate_sealed);  // the gate holds this bit alone: a store sets it
    for (unsigned s = 0; s < t.capacity; ++s) {
        const uint8_t seen = load(t.meta[s]);
        if (seen == slot::empty || seen == slot::dead) (void)cas_from(t.meta[s], seen, uint8_t{slot::sealed});
    }
}

template <class Index>
[[gnu::always_inline]] inline bool sealed(const control<Index> &ctl) noexcept {
    return load(ctl.gate) != 0;  // the gate holds the sealed bit alone (see seal)
}

// Recycles the dead slot at the top position, lowering top over it, when the caller (a
// compaction) is alone, or unshared (nothing else counts itself there); true when it did.
// Dead -> empty first: a registrar may take it once top drops.
template <sharing S = sharing::shared, class Index>
[[gnu::always_inline]] inline bool trim_one(const table<Index> &t) noexcept {
    // Alone before reading the slot number too: a compaction under way may still be
    // swapping it (spin found the stale read); and again after, before recycling.
    if constexpr (S == sharing::shared) {
        if (!alone(t)) return false;
    }
    const Index top = load(t.ctl.top);
    if (top == 0) return false;
    detail::atomic<uint8_t> &meta = t.meta[slot_of<S>(t, top - 1u)];
    if constexpr (S == sharing::shared) {
        if (load(meta) != slot::dead || !alone(t)) return false;
    }
    if (!cas_from(meta, slot::dead, slot::empty)) return false;
    const bool closed = impl::sealed(t.ctl);
    if (!closed && cas_from(t.ctl.top, top, static_cast<Index>(top - 1))) return true;
    // Not recycled after all. Sealed: the seal's pass may have been by already, so mark
    // the slot sealed (the pass would, had it come later). Else a registrar moved top:
    // the slot stays a hole (a seal since then met it empty and sealed it, or will
    // meet it dead).
    (void)cas_from(meta, slot::empty, closed ? slot::sealed : slot::dead);
    return false;
}

// Lowers top over every dead slot at the top (see trim_one). A loop around a call: inline.
template <class Index>
[[gnu::always_inline]] inline void trim(const table<Index> &t) noexcept {
    while (trim_one(t)) {
    }
}

// Moves the dead slot numbers above the others, keeping the others' order, then trims.
// A registration's path when top reached capacity. Only a lone claimer starts: no trim
// is half done, and no other compaction or trim starts while this one is counted. Each
// swap writes the lower position first, so a downward scan meets every entry at least
// once whatever it interleaves with (docs/design.md).
template <class Index>
[[gnu::noinline]] bool compact(const table<Index> &t) noexcept {
    add_to(t.claimers, 1);
    if (alone(t)) {
        // Only registrations raise top now; a run's release may lower it over the slot it
        // emptied before the count (met empty: stays).
        const unsigned end = load(t.ctl.top);
        unsigned write = 0;
        for (unsigned read = 0; read < end; ++read) {
            const unsigned s = slot_at(t, read);
            const uint8_t state = load(t.meta[s]) & state_mask;
            if (state == slot::dead) continue;  // a hole: the next entry moves over it
            if (state == slot::empty || state == slot::sealed || write == read) {
                write = read + 1;  // empty or sealed: may be a registrar's reserved position: stays
            } else {
                const unsigned hole = slot_at(t, write);
                set_slot(t, write, s);
                set_slot(t, read, hole);
                ++write;
            }
        }
        trim(t);
    }
    add_to(t.claimers, -1);
    return load(t.ctl.top) < t.capacity;
}

// Makes room the cheap way where nothing compacts or counts itself (sharing::unshared):
// trims the dead entries at the top. True when there is room. tests/model -DMINIMAL.
template <class Index>
[[gnu::always_inline]] inline bool trim_unshared(const table<Index> &t) noexcept {
    while (trim_one<sharing::unshared>(t)) {
    }
    return load(t.ctl.top) < t.capacity;
}

constexpr int none = -1;

// A claim: the slot claimed and the position it was met at, in one register (each is
// below 65536), or none found.
struct claim {
    uint32_t bits;
    static constexpr uint32_t none_found = 0xFFFFFFFFu;
    bool found() const noexcept { return bits != none_found; }
    unsigned slot() const noexcept { return bits & 0xFFFFu; }
    unsigned position() const noexcept { return bits >> 16; }
};

// Claims the newest due entry for trigger: its slot is left `claimed`. Not counted (see
// alone): one compare-exchange of the whole byte.
template <sharing S, class Index>
[[gnu::always_inline]] inline claim claim_newest(const table<Index> &t, unsigned trigger) noexcept {
    for (unsigned p = load(t.ctl.top); p-- > 0;) {
        const unsigned s = slot_of<S>(t, p);
        const uint8_t seen = load(t.meta[s]);
        if (is_due(seen, trigger) && cas_from(t.meta[s], seen, make_meta(slot::claimed, 0))) {
            return {static_cast<uint32_t>(p) << 16 | s};
        }
    }
    return {claim::none_found};
}

// Frees the slot a run claimed (c: slot s, met at position p) once it copied the entry
// out: recycled (top lowered over it) when it is the newest and no claimer may hold a
// stale view of it, else a hole. Only its claimer touches a claimed slot, so emptying it
// is a store; emptied before the checks, so a removal or compaction counted after the
// claimer load meets it empty (each side's write precedes its read of the other's). A
// compaction keeps an empty slot where it is, so p names s until top drops.
template <sharing S, class Index>
[[gnu::always_inline]] inline void release(const table<Index> &t, claim c) noexcept {
    store(t.meta[c.slot()], slot::empty);
    constexpr bool shared = S == sharing::shared;  // unshared: no claimer, p names s
    const unsigned p = shared ? c.position() : c.slot();
    if ((shared && load(t.claimers) != 0) || impl::sealed(t.ctl) || (shared && slot_at(t, p) != c.slot()) ||
        !cas_from(t.ctl.top, static_cast<Index>(p + 1), static_cast<Index>(p))) {
        // A hole: not the newest, or a claimer may hold a stale view, or moved by a
        // compaction before it was emptied, or sealed (nothing is recycled after the bit).
        (void)cas_from(t.meta[c.slot()], slot::empty, slot::dead);
    }
}

// Copies out the entry a run claimed, releases its slot (the handler may reuse it), calls
// the handler: true when it succeeded. Inline, as claim_newest and release are: the
// run is one loop in one frame (less stack down to the handler, no call per step).
template <sharing S, class Index>
[[gnu::always_inline]] inline bool call_claimed(const table<Index> &t, claim c) noexcept {
    const coda_fn fn = fn_of(t, c.slot());
    void *const arg = arg_of(t, c.slot());
    release<S>(t, c);
    return port::invoke(fn, arg);
}

// Counts the pending entries that hold trigger, slot by slot: a slot number that a
// compaction is moving may show at two positions, a slot only once.
template <class Index>
unsigned count_due(const table<Index> &t, unsigned trigger) noexcept {
    unsigned count = 0;
    for (unsigned s = 0; s < t.capacity; ++s) count += is_due(load(t.meta[s]), trigger) ? 1 : 0;
    return count;
}

// True when an entry is due for trigger: the newest is met first, so this costs what a
// claim's scan costs (O(1) per handler of a LIFO run), unlike a count.
template <class Index>
bool any_due(const table<Index> &t, unsigned trigger) noexcept {
    for (unsigned p = load(t.ctl.top); p-- > 0;) {
        if (is_due(load(t.meta[slot_at(t, p)]), trigger)) return true;
    }
    return false;
}

// Asks the budget before the next claim, outside any claimer count (it may register),
// only while an entry is due. False when it says stop.
template <class Index>
bool claim_allowed(const table<Index> &t, unsigned trigger, coda_budget_fn budget, void *ctx) noexcept {
    return budget == nullptr || !any_due(t, trigger) || budget(ctx) != 0;
}

// What a removal takes, as two masked compares: an entry matches when its fn and arg
// equal fn and arg in the bits of the masks. Every pending entry (clear: both masks 0),
// those of fn (arg's mask 0), or of exactly (fn, arg). A null fn with a full mask takes
// nothing: no entry holds one.
struct pattern {
    uintptr_t fn, fn_mask;
    uintptr_t arg, arg_mask;
};

inline uintptr_t bits_of(coda_fn fn) noexcept { return reinterpret_cast<uintptr_t>(fn); }
inline uintptr_t bits_of(void *arg) noexcept { return reinterpret_cast<uintptr_t>(arg); }

template <class Index>
[[gnu::always_inline]] inline bool matches(const table<Index> &t, unsigned s, uint8_t seen,
                                           const pattern &m) noexcept {
    return is_due(seen, CODA_ON_ANY) && ((bits_of(fn_of(t, s)) ^ m.fn) & m.fn_mask) == 0 &&
           ((bits_of(arg_of(t, s)) ^ m.arg) & m.arg_mask) == 0;
}

// Kills every pending entry that matches m (pending to dead: a removal copies nothing
// out): removal and clear. Each entry gets a first look, not counted (a run's scan is
// not either); a match is looked at again counted, and killed by a compare-exchange of
// the state seen then: nothing is recycled while a claimer is counted, so it takes the
// entry it compared (no ABA). So a removal that finds nothing never counts itself, and
// never keeps a compaction from making room.
template <class Index>
size_t remove(const table<Index> &t, const pattern &m) noexcept {
    size_t removed = 0;
    for (unsigned p = load(t.ctl.top); p-- > 0;) {
        const unsigned s = slot_at(t, p);
        bool counted = false;
        for (;;) {  // the first look, then the counted one
            const uint8_t seen = load(t.meta[s]);
            if (!matches(t, s, seen, m)) break;
            if (counted) {
                if (cas_from(t.meta[s], seen, uint8_t{slot::dead})) ++removed;
                break;
            }
            add_to(t.claimers, 1);
            counted = true;
        }
        if (counted) add_to(t.claimers, -1);
    }
    return removed;
}

// What reserve_and_publish returns when top is at capacity: room must be made first.
constexpr int at_capacity = CODA_ECLOSED - 1;

// Reserves the position at top and publishes fn(arg) there as State (pending or owned).
// Returns CODA_OK (owned: its slot), CODA_ECLOSED, or at_capacity. No call: inline in a
// hosted registration's fast path, which then needs no frame.
template <uint8_t State, class Index>
[[gnu::always_inline]] inline int reserve_and_publish(const table<Index> &t, coda_fn fn, void *arg,
                                                      unsigned triggers) noexcept {
    for (;;) {
        if (impl::sealed(t.ctl)) return CODA_ECLOSED;
        Index top = load(t.ctl.top);
        if (top >= t.capacity) return at_capacity;
        if (!cas(t.ctl.top, top, static_cast<Index>(top + 1))) continue;
        const unsigned s = slot_at(t, top);  // empty, or sealed if the seal came first
        store_word(t.fn[s], fn);
        store_word(t.arg[s], arg);
        if (!cas_from(t.meta[s], slot::empty, make_meta(State, triggers))) return CODA_ECLOSED;
        return State == slot::owned ? static_cast<int>(s) : CODA_OK;
    }
}

// Registration the general way: the port's once-only work, then reserve_and_publish,
// making room each time top is at capacity (make_room: compact, or trim_unshared where
// no hole is made); CODA_EFULL when there is none.
template <uint8_t State, class Index, class MakeRoom>
[[gnu::always_inline]] inline int add_making_room(const table<Index> &t, coda_fn fn, void *arg, unsigned triggers,
                                                  MakeRoom make_room) noexcept {
    port::registered();
    for (;;) {
        const int got = reserve_and_publish<State>(t, fn, arg, triggers);
        if (got != at_capacity) return got;
        if (!make_room()) return CODA_EFULL;
    }
}

// add_making_room out of line: the slow path of a port that pays code for speed.
template <uint8_t State, class Index, class MakeRoom>
[[gnu::noinline]] int add_slowly(const table<Index> &t, coda_fn fn, void *arg, unsigned triggers,
                                  MakeRoom make_room) noexcept {
    return add_making_room<State>(t, fn, arg, triggers, make_room);
}

// Publishes fn(arg) as State (pending or owned). Returns CODA_OK (owned: its slot), or a
// negative status. State is a template argument, so add's code is the same as without owned.
// Where code size matters (port::small_code), the general way alone; elsewhere a fast
// path first: reserve_and_publish with no call (so no frame) when the port is ready and
// there is room, the same source inlined twice.
template <uint8_t State, class Index, class MakeRoom>
[[gnu::always_inline]] inline int add_as(const table<Index> &t, coda_fn fn, void *arg, unsigned triggers,
                                         MakeRoom make_room) noexcept {
    if (fn == nullptr || triggers == 0 || (triggers & ~CODA_ON_ANY) != 0) return CODA_EINVAL;
    if constexpr (!port::small_code) {
        if (port::registration_ready()) {
            const int got = reserve_and_publish<State>(t, fn, arg, triggers);
            if (got != at_capacity) return got;
        }
        return add_slowly<State>(t, fn, arg, triggers, make_room);
    } else {
        return add_making_room<State>(t, fn, arg, triggers, make_room);
    }
}

template <class Index>
[[gnu::always_inline]] inline int add(const table<Index> &t, coda_fn fn, void *arg, unsigned triggers) noexcept {
    return add_as<slot::pending>(t, fn, arg, triggers, [&t] { return compact(t); });
}

// A scoped_registration's add: its entry is marked owned, and it keeps the slot.
template <class Index>
int add_owned(const table<Index> &t, coda_fn fn, void *arg, unsigned triggers) noexcept {
    return add_as<slot::owned>(t, fn, arg, triggers, [&t] { return compact(t); });
}

template <class Index>
size_t remove(const table<Index> &t, coda_fn fn, void *arg, bool match_arg) noexcept {
    constexpr uintptr_t all = ~uintptr_t{0};
    return remove(t, pattern{bits_of(fn), all, bits_of(arg), match_arg ? all : 0});
}

// Removes the owned entry in slot s if it is still pending and still (fn, arg, triggers).
// Counted as a claimer, so the slot is not recycled while fn and arg are compared.
template <class Index>
bool remove_owned(const table<Index> &t, unsigned s, coda_fn fn, void *arg, unsigned triggers) noexcept {
    const uint8_t mine = make_meta(slot::owned, triggers);
    add_to(t.claimers, 1);
    const bool removed = load(t.meta[s]) == mine && fn_of(t, s) == fn && arg_of(t, s) == arg &&
                         cas_from(t.meta[s], mine, uint8_t{slot::dead});
    add_to(t.claimers, -1);
    return removed;
}

// The run loop. OneTrigger: the caller has made sure trigger is exactly one known bit
// (an exit path's constant), so the loop does not test it.
template <sharing S, bool OneTrigger = false, class Index>
[[gnu::always_inline]] inline size_t run(const table<Index> &t, unsigned trigger, coda_budget_fn budget, void *ctx,
                coda_report *report) noexcept {
    unsigned ran = 0;
    unsigned failed = 0;
    bool complete = true;
    // Not exactly one known bit: nothing to run. Asked once, not per handler (-Os does
    // not hoist the call out of the loop itself).
    const bool known = OneTrigger || is_one_trigger(trigger);
    // Restart from the top after each call: a handler's own registration runs next.
    while (known) {
        if (!claim_allowed(t, trigger, budget, ctx)) {
            complete = false;
            break;
        }
        const claim c = claim_newest<S>(t, trigger);
        if (!c.found()) break;
        // In a LIFO run the slot is the newest, so recycled at once: O(1) per handler.
        if (call_claimed<S>(t, c)) {
            ++ran;
        } else {
            ++failed;
        }
    }
    if (report != nullptr) *report = {trigger, ran, failed, complete ? 0 : count_due(t, trigger), complete ? 1u : 0u};
    return static_cast<size_t>(ran) + failed;
}

template <class Index>
[[gnu::always_inline]] inline size_t run(const table<Index> &t, unsigned trigger, coda_budget_fn budget, void *ctx,
                                              coda_report *report) noexcept {
    return run<sharing::shared>(t, trigger, budget, ctx, report);
}

// run() without budget or report where nothing compacts or counts itself
// (sharing::unshared): the exit run of an image that links no API making holes.
// trigger: exactly one bit (an exit path's constant; coda_run checks its own).
template <class Index>
[[gnu::always_inline]] inline size_t run_unshared(const table<Index> &t, unsigned trigger) noexcept {
    return run<sharing::unshared, true>(t, trigger, nullptr, nullptr, nullptr);
}

// An exit path's last run: runs trigger's entries, seals, runs them again. run(trigger)
// and seal_it() are the caller's: out of line where their code is shared, so that it is
// not copied in here.
template <class Run, class Seal>
size_t run_final(unsigned trigger, Run run, Seal seal_it) noexcept {
    const size_t ran = run(trigger);
    seal_it();
    return ran + run(trigger);
}

// Makes the table whole when the caller is the only context left of all that were
// inside it (a fork's child): no claimer counted, no reservation or claim held, no swap
// half done. seen: scratch of (capacity + 7) / 8 bytes.
template <class Index>
void recover_orphans(const table<Index> &t, uint8_t *seen) noexcept {
    for (unsigned i = 0; i < (t.capacity + 7u) / 8u; ++i) seen[i] = 0;
    // A compaction stopped inside a swap left its slot at two positions and the hole's
    // slot at none: the upper position gets the hole back, as the swap's second store would.
    int twice_at = none;
    for (unsigned p = 0; p < t.capacity; ++p) {
        const unsigned s = slot_at(t, p);
        if ((seen[s / 8] & (1u << (s % 8))) != 0) twice_at = static_cast<int>(p);
        seen[s / 8] = static_cast<uint8_t>(seen[s / 8] | (1u << (s % 8)));
    }
    for (unsigned s = 0; twice_at != none && s < t.capacity; ++s) {
        if ((seen[s / 8] & (1u << (s % 8))) == 0) set_slot(t, static_cast<unsigned>(twice_at), s);
    }
    // Below top, an empty slot is a reservation or a run's release, a claimed one a run's
    // claim: their owners are gone.
    for (unsigned p = 0, top = load(t.ctl.top); p < top; ++p) {
        detail::atomic<uint8_t> &meta = t.meta[slot_at(t, p)];
        const uint8_t state = load(meta) & state_mask;
        if (state == slot::empty || state == slot::claimed) store(meta, slot::dead);
    }
    store(t.claimers, 0);
}

template <class Index>
size_t pending(const table<Index> &t) noexcept {
    return count_due(t, CODA_ON_ANY);  // every pending entry holds some trigger
}

} // namespace coda::detail::impl

#endif // CODA_TABLE_IMPL_HPP
