// table.cpp - the slot protocol of coda, once for every capacity (see docs/design.md).
//
// Positions hold entries in registration order: higher is newer. A slot's state byte is
// the only thing that decides who owns it; every ownership change is one compare-exchange
// on that byte, so a run that interrupts anything sees each entry whole or not at all.
#include <cstddef>
#include <cstdint>

#include "coda/table.hpp"
#include "port.hpp"

namespace coda::detail {
namespace {

// Positions are mostly `unsigned` in code: Index is only their stored width, so a loop
// does not narrow to 8 or 16 bits at each step.

// Slot states (low 3 bits of the meta byte). Zero is empty, so zero-filled RAM is valid.
namespace slot {
enum : std::uint8_t {
    empty = 0,    // free; below top only while its registrar writes it
    pending = 1,  // registered, waiting for a run
    claimed = 2,  // a run or removal owns it and is copying it out
    dead = 3,     // ran or removed: a hole until compaction recycles it
    moving = 4,   // pending, being copied down by compaction (still claimable here)
    copy = 5,     // the copy at the move's destination (claimable once the source is moved)
    moved = 6,    // the source of a finished copy: a hole
};
} // namespace slot
constexpr unsigned state_bits = 3;
constexpr std::uint8_t state_mask = 0x07u;

// Gate bits (control::gate).
constexpr std::uint8_t gate_sealed = 0x01u;
constexpr std::uint8_t gate_compacting = 0x02u;

constexpr std::uint8_t state_of(std::uint8_t meta) { return meta & state_mask; }
constexpr unsigned triggers_of(std::uint8_t meta) { return static_cast<unsigned>(meta >> state_bits); }
constexpr std::uint8_t make_meta(std::uint8_t state, unsigned triggers) {
    return static_cast<std::uint8_t>(state | (triggers << state_bits));
}
constexpr bool is_one_trigger(unsigned trigger) {
    return trigger != 0 && (trigger & ~CODA_ON_ANY) == 0 && (trigger & (trigger - 1)) == 0;
}

// The port's compare-exchange with std::atomic's contract: on failure, expected
// becomes what was seen. Inline, so expected stays in a register.
template <class T>
[[gnu::always_inline]] inline bool cas(std::atomic<T> &obj, T &expected, T desired) noexcept {
    const T seen = port::compare_exchange(obj, expected, desired);
    if (seen == expected) return true;
    expected = seen;
    return false;
}

bool try_set_bits(std::atomic<std::uint8_t> &gate, std::uint8_t bits) noexcept {
    std::uint8_t seen = gate.load();
    while ((seen & bits) == 0) {
        if (cas(gate, seen, static_cast<std::uint8_t>(seen | bits))) return true;
    }
    return false;
}

// Adds delta (mod 256) to a byte: claimers +1/-1, and the gate's compacting bit off,
// which is subtracting it since only its holder clears it. One loop for the three.
void add_to(std::atomic<std::uint8_t> &byte, int delta) noexcept {
    std::uint8_t seen = byte.load();
    while (!cas(byte, seen, static_cast<std::uint8_t>(seen + delta))) {
    }
}

void clear_compacting(std::atomic<std::uint8_t> &gate) noexcept { add_to(gate, -static_cast<int>(gate_compacting)); }

// Counts a scanning run or removal, so compaction never starts a move under it (why:
// a claimer may overlap at most one move, which rules out ABA on a copy slot).
template <class Index>
class claimer_scope {
public:
    explicit claimer_scope(control<Index> &ctl) noexcept : ctl_(ctl) { add_to(ctl_.claimers, 1); }
    ~claimer_scope() { add_to(ctl_.claimers, -1); }
    claimer_scope(const claimer_scope &) = delete;
    claimer_scope &operator=(const claimer_scope &) = delete;

private:
    control<Index> &ctl_;
};

// True when the entry seen at position p is pending (wherever a move has it right now).
template <class Index>
bool is_live(const table<Index> &t, unsigned p, std::uint8_t seen) noexcept {
    switch (state_of(seen)) {
    case slot::pending:
    case slot::moving:
        return true;
    case slot::copy:
        return t.ctl.move_to.load() == p && state_of(t.meta[t.ctl.move_from.load()].load()) == slot::moved;
    default:
        return false;
    }
}

// Takes the live entry seen at p away from everyone else; true when the caller owns it.
template <class Index>
bool take(const table<Index> &t, unsigned p, std::uint8_t seen) noexcept {
    return cas(t.meta[p], seen, make_meta(slot::claimed, triggers_of(seen)));
}

// Moves the pending entry `seen` from position from down to the hole at to.
// True when it now lives at to (or was claimed there); false to re-examine from.
template <class Index>
bool move_entry(const table<Index> &t, unsigned from, unsigned to, std::uint8_t seen) noexcept {
    const unsigned triggers = triggers_of(seen);
    t.ctl.move_from.store(static_cast<Index>(from));
    t.ctl.move_to.store(static_cast<Index>(to));
    if (!cas(t.meta[from], seen, make_meta(slot::moving, triggers))) return false;
    t.fn[to] = t.fn[from];
    t.arg[to] = t.arg[from];
    t.meta[to].store(make_meta(slot::copy, triggers));
    std::uint8_t was_moving = make_meta(slot::moving, triggers);
    if (!cas(t.meta[from], was_moving, make_meta(slot::moved, 0))) {
        t.meta[to].store(make_meta(slot::dead, 0));  // a claimer took it at the source
        return false;
    }
    std::uint8_t was_copy = make_meta(slot::copy, triggers);
    (void)cas(t.meta[to], was_copy, make_meta(slot::pending, triggers));
    return true;
}

// Slides pending entries down over the holes and lowers top. Called by a registration
// that found top at capacity; never waits: a second compactor just reports no room.
// Out of line: a rare path, kept out of add's frame (and separate in size reports).
template <class Index>
[[gnu::noinline]] bool compact(const table<Index> &t) noexcept {
    if (!try_set_bits(t.ctl.gate, gate_compacting)) return false;
    const unsigned end = t.ctl.top.load();
    if (end < t.capacity) {  // another compactor or a run made room: top is moving again
        clear_compacting(t.ctl.gate);
        return true;
    }
    unsigned write = 0;
    for (unsigned read = 0; read < end;) {
        const std::uint8_t seen = t.meta[read].load();
        const std::uint8_t state = state_of(seen);
        if (state == slot::dead || state == slot::moved) {
            ++read;  // a hole
        } else if (state != slot::pending || write == read) {
            write = ++read;  // stays where it is
        } else if (t.ctl.claimers.load() != 0) {
            write = ++read;  // a claimer is scanning: no new move
        } else if (move_entry(t, read, write, seen)) {
            ++write;
            ++read;
        }  // else: the entry changed under the move; look at it again
    }
    if (t.ctl.claimers.load() != 0) {  // a removal may be reading a hole's old entry
        clear_compacting(t.ctl.gate);
        return false;
    }
    for (unsigned p = write; p < end; ++p) t.meta[p].store(slot::empty);
    t.ctl.top.store(static_cast<Index>(write));
    clear_compacting(t.ctl.gate);
    return write < t.capacity;
}

// Counts the live entries that hold trigger; with stop_at_first, says whether there is one.
template <class Index>
unsigned count_live(const table<Index> &t, unsigned trigger, bool stop_at_first) noexcept {
    unsigned count = 0;
    for (unsigned p = t.ctl.top.load(); p-- > 0;) {
        const std::uint8_t seen = t.meta[p].load();
        if ((triggers_of(seen) & trigger) != 0 && is_live(t, p, seen)) {
            ++count;
            if (stop_at_first) break;
        }
    }
    return count;
}

// Lowers top over the holes at the top, so that a run costs O(1) per handler. Only a
// lone claimer does it (invariant 5), and never beside a compaction (it takes the gate).
template <class Index>
void trim_top(const table<Index> &t) noexcept {
    if (t.ctl.claimers.load() != 1 || !try_set_bits(t.ctl.gate, gate_compacting)) return;
    for (Index top = t.ctl.top.load(); top > 0; top = t.ctl.top.load()) {
        const Index last = static_cast<Index>(top - 1);
        const std::uint8_t seen = t.meta[last].load();
        if (state_of(seen) != slot::dead && state_of(seen) != slot::moved) break;
        // A claimer that came in since the first check may hold `last`'s old entry (read
        // before a compaction moved it): recycling the slot now could let it claim a new one.
        if (t.ctl.claimers.load() != 1) break;
        t.meta[last].store(slot::empty);  // first: a registrar may take `last` once top drops
        Index expected = top;
        if (!cas(t.ctl.top, expected, last)) {
            t.meta[last].store(seen);  // a registration moved top: `last` stays a hole
            break;
        }
    }
    clear_compacting(t.ctl.gate);
}

struct claimed_entry {
    coda_fn fn;
    void *arg;
};

// Claims the newest live entry for trigger into out; false when there is none. It counts
// itself a claimer without a claimer_scope, so no object (no stack slot) sits in the
// run's frame; one exit, so the count drops exactly once.
template <class Index>
bool claim_newest(const table<Index> &t, unsigned trigger, claimed_entry &out) noexcept {
    add_to(t.ctl.claimers, 1);
    trim_top(t);
    bool found = false;
    // Index, not unsigned, here: with few registers (ARMv6-M) it keeps run's frame smaller.
    for (Index p = t.ctl.top.load(); !found && p-- > 0;) {
        std::uint8_t seen = t.meta[p].load();
        while ((triggers_of(seen) & trigger) != 0 && is_live(t, p, seen)) {
            if (take(t, p, seen)) {
                out = {t.fn[p], t.arg[p]};
                t.meta[p].store(make_meta(slot::dead, 0));  // freed before the call: the handler may reuse it
                found = true;
                break;
            }
            seen = t.meta[p].load();
        }
    }
    add_to(t.ctl.claimers, -1);
    return found;
}

// Asks the budget before the next claim, outside any claimer scope (it may register),
// only while an entry is due. False when it says stop: report.skipped counts what stays.
template <class Index>
bool claim_allowed(const table<Index> &t, unsigned trigger, coda_budget_fn budget, void *ctx,
                   coda_report &report) noexcept {
    if (budget == nullptr || count_live(t, trigger, true) == 0 || budget(ctx) != 0) return true;
    report.skipped = count_live(t, trigger, false);
    report.complete = 0;
    return false;
}

// Claims and kills every live entry for which match(p) holds: removal and clear.
template <class Index, class Match>
std::size_t remove_matching(const table<Index> &t, Match match) noexcept {
    claimer_scope<Index> scope(t.ctl);
    std::size_t removed = 0;
    // Newest first, and downwards so that an entry compaction moves down is met once.
    for (unsigned p = t.ctl.top.load(); p-- > 0;) {
        std::uint8_t seen = t.meta[p].load();
        while (is_live(t, p, seen) && match(p)) {
            if (take(t, p, seen)) {
                t.meta[p].store(make_meta(slot::dead, 0));
                ++removed;
                break;
            }
            seen = t.meta[p].load();
        }
    }
    return removed;
}

} // namespace

template <class Index>
int add(const table<Index> &t, coda_fn fn, void *arg, unsigned triggers) noexcept {
    if (fn == nullptr || triggers == 0 || (triggers & ~CODA_ON_ANY) != 0) return CODA_EINVAL;
    port::registered();
    for (;;) {
        if (sealed(t.ctl)) return CODA_ECLOSED;
        Index top = t.ctl.top.load();
        if (top >= t.capacity) {
            if (!compact(t)) return CODA_EFULL;
            continue;
        }
        if (!cas(t.ctl.top, top, static_cast<Index>(top + 1))) continue;
        // Counted until its re-check is over: no trim or compaction recycles the slot
        // meanwhile, so a take-back can only meet this registration's own entry.
        add_to(t.ctl.claimers, 1);
        t.fn[top] = fn;
        t.arg[top] = arg;
        const std::uint8_t published = make_meta(slot::pending, triggers);
        t.meta[top].store(published);
        // Sealed while we wrote: take it back unless the final run already owns it.
        std::uint8_t seen = published;
        const int status = sealed(t.ctl) && cas(t.meta[top], seen, make_meta(slot::dead, 0)) ? CODA_ECLOSED : CODA_OK;
        add_to(t.ctl.claimers, -1);
        return status;
    }
}

template <class Index>
std::size_t remove(const table<Index> &t, coda_fn fn, void *arg, bool match_arg) noexcept {
    return remove_matching(t, [&](unsigned p) { return t.fn[p] == fn && (!match_arg || t.arg[p] == arg); });
}

template <class Index>
bool remove_oldest(const table<Index> &t, coda_fn fn, void *arg, unsigned triggers) noexcept {
    claimer_scope<Index> scope(t.ctl);
    for (;;) {
        // Find it scanning downwards (the direction in which a moved entry is met once).
        bool found = false;
        unsigned oldest = 0;
        std::uint8_t oldest_seen = 0;
        for (unsigned p = t.ctl.top.load(); p-- > 0;) {
            const std::uint8_t seen = t.meta[p].load();
            if (is_live(t, p, seen) && triggers_of(seen) == triggers && t.fn[p] == fn && t.arg[p] == arg) {
                found = true;
                oldest = p;
                oldest_seen = seen;
            }
        }
        if (!found) return false;
        if (take(t, oldest, oldest_seen)) {
            t.meta[oldest].store(make_meta(slot::dead, 0));
            return true;
        }  // it changed under us (ran, removed or moved): look again
    }
}

template <class Index>
std::size_t run(const table<Index> &t, unsigned trigger, coda_budget_fn budget, void *ctx,
                coda_report *report) noexcept {
    coda_report local = {trigger, 0, 0, 0, 1};
    claimed_entry entry;
    // Restart from the top after each call: a handler's own registration runs next. The
    // budget is asked outside any claimer scope (it may register), only while one is due.
    if (is_one_trigger(trigger)) {  // else not exactly one known bit: nothing to run
        for (; claim_allowed(t, trigger, budget, ctx, local) && claim_newest(t, trigger, entry);) {
            if (port::invoke(entry.fn, entry.arg)) {
                ++local.ran;
            } else {
                ++local.failed;
            }
        }
    }
    if (report != nullptr) *report = local;
    return static_cast<std::size_t>(local.ran) + local.failed;
}

template <class Index>
std::size_t run_final(const table<Index> &t, unsigned trigger) noexcept {
    const std::size_t ran = run(t, trigger, nullptr, nullptr, nullptr);
    seal(t.ctl);
    return ran + run(t, trigger, nullptr, nullptr, nullptr);
}

template <class Index>
std::size_t pending(const table<Index> &t) noexcept {
    return count_live(t, CODA_ON_ANY, false);  // every live entry holds some trigger
}

template <class Index>
void clear(const table<Index> &t) noexcept {
    (void)remove_matching(t, [](unsigned) { return true; });
}

template <class Index>
void seal(control<Index> &ctl) noexcept {
    (void)try_set_bits(ctl.gate, gate_sealed);
}

template <class Index>
bool sealed(const control<Index> &ctl) noexcept {
    return (ctl.gate.load() & gate_sealed) != 0;
}

// The two index types: 8 bits up to 255 entries, 16 bits beyond.
template int add<std::uint8_t>(const table<std::uint8_t> &, coda_fn, void *, unsigned) noexcept;
template std::size_t remove<std::uint8_t>(const table<std::uint8_t> &, coda_fn, void *, bool) noexcept;
template bool remove_oldest<std::uint8_t>(const table<std::uint8_t> &, coda_fn, void *, unsigned) noexcept;
template std::size_t run<std::uint8_t>(const table<std::uint8_t> &, unsigned, coda_budget_fn, void *,
                                       coda_report *) noexcept;
template std::size_t run_final<std::uint8_t>(const table<std::uint8_t> &, unsigned) noexcept;
template std::size_t pending<std::uint8_t>(const table<std::uint8_t> &) noexcept;
template void clear<std::uint8_t>(const table<std::uint8_t> &) noexcept;
template void seal<std::uint8_t>(control<std::uint8_t> &) noexcept;
template bool sealed<std::uint8_t>(const control<std::uint8_t> &) noexcept;

template int add<std::uint16_t>(const table<std::uint16_t> &, coda_fn, void *, unsigned) noexcept;
template std::size_t remove<std::uint16_t>(const table<std::uint16_t> &, coda_fn, void *, bool) noexcept;
template bool remove_oldest<std::uint16_t>(const table<std::uint16_t> &, coda_fn, void *, unsigned) noexcept;
template std::size_t run<std::uint16_t>(const table<std::uint16_t> &, unsigned, coda_budget_fn, void *,
                                        coda_report *) noexcept;
template std::size_t run_final<std::uint16_t>(const table<std::uint16_t> &, unsigned) noexcept;
template std::size_t pending<std::uint16_t>(const table<std::uint16_t> &) noexcept;
template void clear<std::uint16_t>(const table<std::uint16_t> &) noexcept;
template void seal<std::uint16_t>(control<std::uint16_t> &) noexcept;
template bool sealed<std::uint16_t>(const control<std::uint16_t> &) noexcept;

} // namespace coda::detail
