// reset.cpp - coda_reset and coda_brownout: runs that record their progress in the
// report that survives the reset (report_record.hpp). The run's progress comes from the
// budget callback, which the core asks before each handler: when it is asked for the
// k-th time, k-1 handlers returned.
#include <atomic>
#include <cstdint>

#include "coda/firmware.h"
#include "atomics.hpp"
#include "cpu.hpp"
#include "global.hpp"
#include "report_record.hpp"

namespace {

using coda::baremetal::coda_noinit;
using coda::baremetal::write;

// Two slots and the index of the live one: the setter fills the other slot, then flips
// the index with one store, so a brownout interrupting it reads a whole pair, old or
// new, and nothing needs interrupts masked.
struct brownout_budget {
    coda_budget_fn fn;
    void *ctx;
};
brownout_budget brownout_budgets[2];
std::atomic<std::uint8_t> live_budget;

// The budget the port hands the core: records progress, then asks the user's budget.
struct progress {
    coda_report report;  // trigger and ran so far
    coda_budget_fn budget;
    void *ctx;
};

int progress_budget(void *ctx) {
    auto &p = *static_cast<progress *>(ctx);
    if (p.report.ran != 0) write(coda_noinit.current, p.report);
    if (p.budget != nullptr && p.budget(p.ctx) == 0) return 0;
    ++p.report.ran;  // granted: when asked again, this handler has returned
    return 1;
}

coda_report recorded_run(unsigned trigger, coda_budget_fn budget, void *ctx) {
    coda::baremetal::ensure_latched();
    progress p;  // field by field: -Os would turn a brace-init into a memset call
    p.report.trigger = trigger;
    p.report.ran = p.report.failed = p.report.skipped = p.report.complete = 0;
    p.budget = budget;
    p.ctx = ctx;
    coda::baremetal::write_started(coda_noinit.current, trigger);  // complete 0, ran 0
    coda_report report;                    // the core fills it whole
    (void)coda::detail::run_global(trigger, progress_budget, &p, &report);
    write(coda_noinit.current, report);
    return report;
}

} // namespace

extern "C" {

void coda_reset(void) {
    (void)recorded_run(CODA_ON_RESET, nullptr, nullptr);
    coda::cpu::mask_interrupts();
    coda::detail::seal_global();
    coda::cpu::request_system_reset();
}

void coda_set_brownout_budget(coda_budget_fn budget, void *ctx) {
    // One core (port_memory.hpp): program order is all a brownout on it needs, no DMB.
    const std::uint8_t next = static_cast<std::uint8_t>(coda::detail::load(live_budget) ^ 1u);
    brownout_budgets[next].fn = budget;
    brownout_budgets[next].ctx = ctx;
    coda::detail::store(live_budget, next);
}

void coda_brownout(void) {
    const brownout_budget budget = brownout_budgets[coda::detail::load(live_budget)];
    (void)recorded_run(CODA_ON_BROWNOUT, budget.fn, budget.ctx);
    coda_after_brownout();
}

__attribute__((weak)) void coda_after_brownout(void) { coda::cpu::request_system_reset(); }

} // extern "C"
