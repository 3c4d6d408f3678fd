// c_api.cpp - the C API: thin calls into coda::global().
#include "coda/coda.h"
#include "coda/registry.hpp"

extern "C" {

int coda_register(coda_fn fn, void *arg) { return coda_register_on(fn, arg, CODA_ON_GRACEFUL); }

int coda_register_on(coda_fn fn, void *arg, unsigned triggers) {
    return static_cast<int>(coda::global().add(fn, arg, triggers));
}

size_t coda_unregister(coda_fn fn) { return coda::global().remove(fn); }

size_t coda_unregister_arg(coda_fn fn, void *arg) { return coda::global().remove(fn, arg); }

size_t coda_run(unsigned trigger) { return coda::global().run(trigger); }

size_t coda_run_budget(unsigned trigger, coda_budget_fn budget, void *ctx, struct coda_report *report) {
    return coda::global().run(trigger, budget, ctx, report);
}

size_t coda_pending(void) { return coda::global().pending(); }

size_t coda_capacity(void) { return coda::global().capacity(); }

void coda_clear(void) { coda::global().clear(); }

} // extern "C"
