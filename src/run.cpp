// run.cpp - runs with a budget and a report: coda_run, coda_run_budget, and the ports'
// reset and brownout runs. A run of one trigger leaves the others' entries: holes, so
// run_global links compaction (needs_compaction).
#include "global.hpp"

#include "table_impl.hpp"

namespace coda::detail {
size_t run_global(unsigned trigger, coda_budget_fn budget, void *ctx, coda_report *report) noexcept {
    needs_compaction();  // every caller runs one trigger: a hole may stay below a live entry
    return impl::run(global_table, trigger, budget, ctx, report);
}

// Overrides global.cpp's weak one: the exit path shares run_global's code, linked here
// anyway (a tail call: no frame of its own).
extern "C" void coda_detail_run_exit(unsigned trigger) noexcept { (void)run_global(trigger, nullptr, nullptr, nullptr); }
} // namespace coda::detail

extern "C" {
size_t coda_run(unsigned trigger) {
    return coda::detail::run_global(trigger, nullptr, nullptr, nullptr);
}

// run_global itself, under its C name: no frame of its own between the caller and the run.
size_t coda_run_budget(unsigned trigger, coda_budget_fn budget, void *ctx, struct coda_report *report)
    __attribute__((alias("_ZN4coda6detail10run_globalEjPFiPvES1_P11coda_report")));
} // extern "C"
