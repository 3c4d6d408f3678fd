// reset.cpp - coda_reset and coda_brownout: runs that record their progress in the
// report that survives the reset (report_record.hpp). The run's progress comes from the
// budget callback, which the core asks before each handler: when it is asked for the
// k-th time, k-1 handlers returned.
#include <stdint.h>

#include "coda/firmware.h"
#include "atomics.hpp"
#include "cpu.hpp"
#include "global.hpp"
#include "report_record.hpp"

namespace {

using coda::baremetal::coda_noinit;
using coda::baremetal::write_current;

// Two slots and the index of the live one: the setter fills the other slot, then flips
// the index with one store, so a brownout interrupting it reads a whole pair, old or
// new, and nothing needs interrupts masked.
struct brownout_budget {
    coda_budget_fn fn;
    void *ctx;
};
brownout_budget brownout_budgets[2];
coda::detail::atomic<uint8_t> live_budget;

// A recorded run's state: the progress the budget below records, the user's budget, and
// the core's final report. Static, not on the stack: the run's stack is then
// coda_reset's or coda_brownout's frame and the core's run, nothing between
// (docs/semantics.md section 9). One for each run that may be under way at once: a
// reset run, a brownout run over it, and a second brownout run over that one (the NMI's
// coda_brownout over the power-fail interrupt's, when coda_after_brownout returns).
struct recorded {
    coda_report report;  // ran: the budget's asks so far; the core writes the final report here
    coda_budget_fn budget;
    void *ctx;
    uint32_t check;  // running_check(trigger), for write_progress
};
recorded reset_run;
recorded brownout_runs[2];
coda::detail::atomic<uint8_t> brownouts_under_way;

// Adds delta to brownouts_under_way; returns the count before. A load and a store, no
// compare-exchange: a brownout that interrupts between them has ended (or reset the
// machine) before this one goes on, and left the count as it found it.
uint8_t count_brownouts(int delta) {
    const uint8_t before = coda::detail::load(brownouts_under_way);
    coda::detail::store(brownouts_under_way, static_cast<uint8_t>(before + delta));
    return before;
}

// The budget the port hands the core: records progress, then asks the user's budget.
// When asked for the k-th time, k-1 handlers returned. A leaf but for the user's budget,
// which it tail-calls where the compiler can (not Thumb-1): no frame under the core's run.
int progress_budget(void *ctx) {
    auto &r = *static_cast<recorded *>(ctx);
    const unsigned ran = r.report.ran;
    // When asked again, this handler has returned; a refusal ends the run, whose final
    // report replaces this count.
    r.report.ran = ran + 1;
    if (ran != 0) coda::baremetal::write_progress(r.check, ran);  // the first time, the started record says 0
    return r.budget == nullptr ? 1 : r.budget(r.ctx);  // nonzero: one more
}

// The state of a new Trigger run: the reset run's, or a free brownout run's (counted in
// until brownout_done).
template <unsigned Trigger>
[[gnu::always_inline]] inline recorded &state_for() {
    if constexpr (Trigger == CODA_ON_BROWNOUT) {
        // A third at once (a handler calling coda_brownout) shares the second's state.
        return brownout_runs[count_brownouts(+1) == 0 ? 0 : 1];
    } else {
        return reset_run;
    }
}

// Runs Trigger's entries (CODA_ON_RESET or CODA_ON_BROWNOUT), recording their progress.
// Every field is set after the latch's call, so no value is kept across it.
template <unsigned Trigger>
[[gnu::always_inline]] inline void recorded_run() {
    coda::baremetal::ensure_latched();
    recorded &r = state_for<Trigger>();
    r.report.ran = 0;  // the rest of the report is the core's, written when the run ends
    r.check = coda::baremetal::running_check(Trigger);
    if constexpr (Trigger == CODA_ON_BROWNOUT) {
        const brownout_budget &live = brownout_budgets[coda::detail::load(live_budget)];
        r.budget = live.fn;  // the pair as it is now: a setter fills the other slot
        r.ctx = live.ctx;
    } else {
        r.budget = nullptr;
        r.ctx = nullptr;
    }
    const unsigned running = coda::baremetal::write_started(Trigger);  // complete 0, ran 0
    (void)coda::detail::run_global(running, progress_budget, &r, &r.report);  // the last ask is done
    write_current(r.report);  // the core's final report
}

} // namespace

extern "C" {

void coda_reset(void) {
    recorded_run<CODA_ON_RESET>();
    coda::cpu::mask_interrupts();
    coda::detail::seal_global();
    coda::cpu::request_system_reset();
}

void coda_set_brownout_budget(coda_budget_fn budget, void *ctx) {
    // One core (port_memory.hpp): program order is all a brownout on it needs, no DMB.
    const uint8_t next = static_cast<uint8_t>(coda::detail::load(live_budget) ^ 1u);
    brownout_budgets[next].fn = budget;
    brownout_budgets[next].ctx = ctx;
    coda::detail::store(live_budget, next);
}

void coda_brownout(void) {
    recorded_run<CODA_ON_BROWNOUT>();
    (void)count_brownouts(-1);  // its state is free again
    coda_after_brownout();
}

__attribute__((weak)) void coda_after_brownout(void) { coda::cpu::request_system_reset(); }

} // extern "C"
