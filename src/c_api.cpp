// c_api.cpp - the C calls that leave no hole: direct calls into the core on the global
// registry's constant view. The others are in c_api_holes.cpp and run.cpp.
#include "coda/coda.h"
#include "global.hpp"

extern "C" {

int coda_register(coda_fn fn, void *arg) { return coda::detail::add_global(fn, arg, CODA_ON_GRACEFUL); }

size_t coda_pending(void) { return coda::detail::pending(coda::detail::global_table); }

size_t coda_capacity(void) { return CODA_CAPACITY; }

} // extern "C"
