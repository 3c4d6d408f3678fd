/* A power cut at every instruction of the reset cause's latch, the report's beside it.
 * Boots alternate. A setup boot registers two reset entries and runs coda_reset(), so
 * the next boot has a report to latch. The next boot arms the cut `n` ticks before the
 * latch (board_arm_cut, as power_cut_sweep does) and latches: coda_boot() then the first
 * coda_last_reset_cause() (CUT_CODA_BOOT: coda_boot is called first thing in main,
 * since the cut must be armed before it), or, without coda_boot, the first
 * coda_last_reset_cause() (the hook and the record's write) and coda_last_report(); the
 * tick's handler cuts the power there. The boot after it (also the next setup boot)
 * latches whole and checks: the reset cause is its own boot's (the hook returns a value
 * per boot), never the cut boot's, and the report is the setup run's (the cut came
 * before the latch consumed it) or none, never anything else. n grows by one per pair
 * of boots; under -icount shift=6 a tick is at most one instruction. The sweep ends at
 * the first latch that finishes before its cut. */
#include <stdint.h>
#include <stdlib.h>

#include "board.h"
#include "coda/cortex_m.h"
#include "report.h"

#define STATE_MAGIC 0xCA05EC07u

struct cut_state {
    uint32_t magic;
    uint32_t boot;      /* boots since power-on: the hook's value follows it */
    uint32_t tick;      /* the next cut boot's cut, in the board timer's ticks after the start */
    uint32_t cut_boot;  /* the next boot (or this one) latches under the cut */
    uint32_t cut;       /* the tick's handler cut the latch */
    uint32_t done;      /* a latch finished before its cut: the sweep is over */
    uint32_t cuts, cause_wrong, report_kept, report_none, report_wrong;
};
__attribute__((section(".noinit"))) static volatile struct cut_state state;

/* This boot's reset-reason register: a value no other boot of the sweep has. */
static unsigned cause_of(uint32_t boot) { return 0x80000000u | (boot * 0x9E3779B1u >> 1); }
unsigned coda_reset_cause(void) { return cause_of(state.boot); }

void board_tick_handler(void) {
    state.cut = 1;
    board_system_reset(); /* the power cut */
}

static void say(void *arg) { (void)arg; }

/* What the boot after a cut latch must read. */
static void check(void) {
    state.cuts = state.cuts + state.cut;
    if (coda_last_reset_cause() != cause_of(state.boot)) state.cause_wrong = state.cause_wrong + 1u;
    struct coda_report r = {99, 99, 99, 99, 99};
    if (!coda_last_report(&r)) {
        state.report_none = state.report_none + 1u;
    } else if (r.trigger == CODA_ON_RESET && r.ran == 2u && r.failed == 0u && r.skipped == 0u && r.complete == 1u) {
        state.report_kept = state.report_kept + 1u;
    } else {
        state.report_wrong = state.report_wrong + 1u;
    }
}

int main(void) {
    if (state.magic != STATE_MAGIC) {
        for (unsigned i = 0; i < sizeof state; ++i) ((volatile uint8_t *)&state)[i] = 0;
        state.magic = STATE_MAGIC;
        board_puts("reset_cause_cut\n");
    }
    state.boot = state.boot + 1u;
    if (state.cut_boot) { /* latch under the cut; the next boot checks, cut or not */
        state.cut_boot = 0;
        state.cut = 0;
        board_arm_cut(state.tick);
#ifdef CUT_CODA_BOOT
        coda_boot();
        (void)coda_last_reset_cause();
#else
        (void)coda_last_reset_cause();
        (void)coda_last_report(0);
#endif
        board_arm_cut(0);
        state.done = 1; /* not cut: the check boot next ends the sweep */
        board_system_reset();
    }
#ifdef CUT_CODA_BOOT
    coda_boot();
#endif
    if (state.tick != 0u) check();
    if (state.done) {
        /* The latch's length in ticks: a floor well below every board's (cut_resolution.c
         * checks that no instruction is skipped at this shift); each case a share of the
         * cuts. */
        print_at_least("", "cuts", state.cuts, 100u);
        board_put_kv("wrong reset cause", state.cause_wrong);
        board_put_kv("wrong report", state.report_wrong);
        print_share("", "the setup run's report (cut before the latch consumed it)", state.report_kept, state.cuts,
                    2u, "cuts");
        print_share("", "no report (cut after)", state.report_none, state.cuts, 8u, "cuts");
        state.magic = 0;
        exit(state.cause_wrong == 0u && state.report_wrong == 0u ? 0 : 1);
    }
    (void)coda_register_on(say, 0, CODA_ON_RESET);
    (void)coda_register_on(say, 0, CODA_ON_RESET);
    state.tick = state.tick + 1u;
    state.cut_boot = 1;
    coda_reset();
}
