// c_api.cpp - the C API: direct calls into the core on coda::global()'s constant view.
#include "coda/coda.h"
#include "global.hpp"

using coda::detail::global_table;

extern "C" {

int coda_register(coda_fn fn, void *arg) { return coda_register_on(fn, arg, CODA_ON_GRACEFUL); }

int coda_register_on(coda_fn fn, void *arg, unsigned triggers) {
    return coda::detail::add_global(fn, arg, triggers);
}

size_t coda_unregister(coda_fn fn) { return coda::detail::remove(global_table, fn, nullptr, false); }

size_t coda_unregister_arg(coda_fn fn, void *arg) { return coda::detail::remove(global_table, fn, arg, true); }

size_t coda_run(unsigned trigger) { return coda::detail::run_global(trigger, nullptr, nullptr, nullptr); }

size_t coda_run_budget(unsigned trigger, coda_budget_fn budget, void *ctx, struct coda_report *report) {
    return coda::detail::run_global(trigger, budget, ctx, report);
}

size_t coda_pending(void) { return coda::detail::pending(global_table); }

size_t coda_capacity(void) { return coda::global().capacity(); }

void coda_clear(void) { coda::detail::clear(global_table); }

} // extern "C"
