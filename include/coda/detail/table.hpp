// detail/table.hpp - the capacity-free core of coda, shared by every registry<N>.
//
// Users do not include this header: registry.hpp and the C API do. It is installed only
// because registry<N> owns the storage and hands the core a view of it per call, so
// the algorithm exists once whatever the capacity (see docs/design.md).
//
// Storage, all of it zero-filled in the empty state:
//   order[p]  position p (registration order: higher is newer) -> the slot it names;
//             stored as slot ^ p, so 0 names slot p and zero-filled RAM is in order
//   meta[s]   one atomic byte per slot: state (3 low bits) | trigger set (5 high bits)
//   fn[s], arg[s]  the registration, written only by the slot's owner (relaxed atomics:
//             a removal may look at them before it owns the check, see table_impl.hpp)
//   claimers  compactions and removals' checks under way
//   control   top, the sealed bit
#ifndef CODA_TABLE_HPP
#define CODA_TABLE_HPP

#include "coda/detail/atomic.hpp"
#include <stddef.h>
#include <stdint.h>

#include "coda/coda.h"

namespace coda::detail {

// The smallest index type that can hold Capacity: 8 bits up to 255 entries.
template <bool Small>
struct index_type {
    using type = uint16_t;
};
template <>
struct index_type<true> {
    using type = uint8_t;
};
template <size_t Capacity>
using index_for = typename index_type<(Capacity <= 255)>::type;

using meta_byte = detail::atomic<uint8_t>;
using fn_word = detail::atomic<coda_fn>;
using arg_word = detail::atomic<void *>;

// Fixed bookkeeping of one registry besides its claimer count: 2 bytes with 8-bit
// indices, 4 with 16-bit ones.
template <class Index>
struct control {
    detail::atomic<Index> top{};                 // positions [top, capacity) name free slots
    detail::atomic<uint8_t> gate{};         // the sealed bit
};

// Compactions under way and removals checking a match. A word: one unit per context
// inside, so no number of threads wraps it. Kept apart from control so that the byte
// arrays' tail holds control without padding.
using claimer_count = detail::atomic<uint32_t>;

// A view of one registry's storage, built for each call.
template <class Index>
struct table {
    control<Index> &ctl;
    claimer_count &claimers;
    detail::atomic<Index> *order;
    meta_byte *meta;
    fn_word *fn;
    arg_word *arg;
    Index capacity;
};

// These are defined once, in src/table.cpp (from src/table_impl.hpp), for the two index types.
template <class Index> int add(const table<Index> &t, coda_fn fn, void *arg, unsigned triggers) noexcept;
// Removes every pending entry of fn (and of arg when match_arg); returns the count.
template <class Index>
size_t remove(const table<Index> &t, coda_fn fn, void *arg, bool match_arg) noexcept;
// add for scoped_registration: the entry is marked owned; returns its slot (>= 0) or a
// negative status. remove_owned removes it by that slot, only while it is still pending.
template <class Index> int add_owned(const table<Index> &t, coda_fn fn, void *arg, unsigned triggers) noexcept;
template <class Index>
bool remove_owned(const table<Index> &t, unsigned slot, coda_fn fn, void *arg, unsigned triggers) noexcept;
template <class Index>
size_t run(const table<Index> &t, unsigned trigger, coda_budget_fn budget, void *ctx,
                coda_report *report) noexcept;
// Runs trigger's entries, seals, runs again: an exit path's last run (see registry.hpp).
template <class Index> size_t run_final(const table<Index> &t, unsigned trigger) noexcept;
// Makes room without compaction: trims the dead entries at the top; true when there is
// room now. Only for a table where nothing ever compacts or removes: the global
// registry's way when its image links no API that makes holes.
template <class Index> bool trim_unshared(const table<Index> &t) noexcept;
// run(trigger) without budget or report for the same tables (nothing compacts or
// removes): the global registry's plain run when its image links no API that makes holes.
template <class Index> size_t run_unshared(const table<Index> &t, unsigned trigger) noexcept;
template <class Index> size_t pending(const table<Index> &t) noexcept;
// The pending entries that hold a bit of trigger.
template <class Index> size_t pending_for(const table<Index> &t, unsigned trigger) noexcept;
template <class Index> void clear(const table<Index> &t) noexcept;
template <class Index> void seal(const table<Index> &t) noexcept;
template <class Index> bool sealed(const control<Index> &ctl) noexcept;
// After fork(), in the child: forgets the claimers, reservations and claims of the
// contexts that are gone and finishes a half-done swap, so the table has its full
// capacity again. Only the caller may use the table meanwhile. seen: (capacity + 7) / 8 bytes of scratch.
template <class Index> void recover_orphans(const table<Index> &t, uint8_t *seen) noexcept;
} // namespace coda::detail

#endif // CODA_TABLE_HPP
