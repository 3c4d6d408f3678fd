// c_api_holes.cpp - the C calls after which an entry can be gone from below a live one:
// removals, and entries of chosen triggers (a run of another trigger passes them by).
// Their object links compaction (needs_compaction).
#include "coda/coda.h"
#include "global.hpp"

using coda::detail::global_table;
using coda::detail::needs_compaction;

extern "C" {

int coda_register_on(coda_fn fn, void *arg, unsigned triggers) {
    needs_compaction();
    return coda::detail::add_global(fn, arg, triggers);
}

size_t coda_unregister(coda_fn fn) {
    needs_compaction();
    return coda::detail::remove(global_table, fn, nullptr, false);
}

size_t coda_unregister_arg(coda_fn fn, void *arg) {
    needs_compaction();
    return coda::detail::remove(global_table, fn, arg, true);
}

void coda_clear(void) {
    needs_compaction();
    coda::detail::clear(global_table);
}

} // extern "C"
