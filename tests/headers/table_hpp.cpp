// table_hpp.cpp - include/coda/detail/table.hpp alone, as C++17 and as C++20, with the
// project's warnings as errors. Included twice: the include guard must hold.
// Compiled only (an object library): nothing here is linked or run.
#include "coda/detail/table.hpp"
#include "coda/detail/table.hpp"

// The index type: 8 bits up to 255 entries, 16 bits beyond (registry.hpp's promise).
static_assert(sizeof(coda::detail::index_for<1>) == 1);
static_assert(sizeof(coda::detail::index_for<255>) == 1);
static_assert(sizeof(coda::detail::index_for<256>) == 2);
static_assert(sizeof(coda::detail::index_for<65535>) == 2);
// docs/semantics.md section 9: the fixed RAM of a registry is at most 8 bytes.
static_assert(sizeof(coda::detail::control<coda::detail::index_for<255>>) <= 8);
static_assert(sizeof(coda::detail::control<coda::detail::index_for<65535>>) <= 8);
// docs/semantics.md section 4: no counter wraps whatever the number of threads: the claimer count
// is a word (one unit per context inside a compaction or a removal's check).
static_assert(sizeof(coda::detail::claimer_count) == 4);
// A slot's state and triggers share one atomic byte.
static_assert(sizeof(coda::detail::meta_byte) == 1);

size_t coda_header_check_table(const coda::detail::table<coda::detail::index_for<255>> &t);
size_t coda_header_check_table(const coda::detail::table<coda::detail::index_for<255>> &t) {
    return coda::detail::pending(t) + static_cast<size_t>(coda::detail::sealed(t.ctl));
}
