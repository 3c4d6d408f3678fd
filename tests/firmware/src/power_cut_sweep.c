/* A power cut at every instruction of the reset and the brownout runs. Boot n arms the
 * board's timer (board_arm_cut: above every other interrupt) n ticks before it registers
 * six entries and runs them; the tick's handler cuts the power (a system reset coda did not ask for). Under QEMU
 * -icount at the board's cut shift (cmake/boards.txt) a tick is less than an instruction, so the cuts land on every instruction
 * from the first registration to the run's own reset, inside coda's record writes too.
 * Each handler appends its id to a list in .noinit; the next boot checks the report
 * against it: valid and saying what the markers say, or none (a cut before the run, or
 * while coda rewrote its record), never anything else. A run's sweep ends at the first
 * boot whose run ended before the cut. */
#include <stdint.h>
#include <stdlib.h>

#include "board.h"
#include "coda/cortex_m.h"
#include "report.h"

#define ELIGIBLE 5u /* of the six entries: one more than the sweep needs, so the swept
                      * path stays long as coda gets faster (the cut floor below) */
#define STATE_MAGIC 0x5EE9C07Cu

struct tally {
    uint32_t cuts, none, none_after_handlers, equal, in_flight, complete, wrong;
    uint32_t equal_after, in_flight_after; /* bit m: seen with m markers persisted */
};
struct sweep_state {
    uint32_t magic;
    uint32_t run;      /* 0: reset run, 1: brownout run, 2: done */
    uint32_t tick;     /* this boot's cut, in the board timer's ticks after the start */
    uint32_t cut;      /* the tick's handler cut this boot's run */
    uint32_t markers;  /* handlers that persisted their marker ... */
    uint8_t order[8];  /* ... in the order they ran */
    struct tally tally[2];
};
__attribute__((section(".noinit"))) static volatile struct sweep_state state;

static unsigned run_trigger(unsigned run) { return run == 0u ? CODA_ON_RESET : CODA_ON_BROWNOUT; }

static void persist(void *arg) {
    state.order[state.markers] = (uint8_t)(uintptr_t)arg;
    state.markers = state.markers + 1u;
}

void board_tick_handler(void) {
    state.cut = 1;
    board_system_reset(); /* the power cut */
}
void board_irq_handler(void) { coda_brownout(); } /* coda_after_brownout() resets */

/* The markers must be the newest eligible entries, newest first (3 never runs). */
static int lifo_prefix(void) {
    static const uint8_t lifo[ELIGIBLE] = {6, 5, 4, 2, 1};
    if (state.markers > ELIGIBLE) return 0;
    for (unsigned i = 0; i < state.markers; ++i) {
        if (state.order[i] != lifo[i]) return 0;
    }
    return 1;
}

/* Files the last boot's outcome under one of the consistent cases, or under wrong. */
static void classify(volatile struct tally *t, unsigned trigger, int got, const struct coda_report *r) {
    const unsigned markers = state.markers;
    t->cuts = t->cuts + state.cut;
    if (!lifo_prefix()) {
        t->wrong = t->wrong + 1u;
    } else if (!got) {
        t->none = t->none + 1u;
        t->none_after_handlers = t->none_after_handlers + (markers != 0u);
    } else if (r->trigger != trigger || r->failed != 0u || r->skipped != 0u) {
        t->wrong = t->wrong + 1u;
    } else if (r->complete) {
        t->complete = t->complete + 1u;
        t->wrong = t->wrong + (r->ran != ELIGIBLE || markers != ELIGIBLE);
    } else if (r->ran == markers) {
        t->equal = t->equal + 1u;
        t->equal_after = t->equal_after | (1u << markers);
    } else if (r->ran + 1u == markers) {
        t->in_flight = t->in_flight + 1u; /* the handler persisted, coda had not counted it */
        t->in_flight_after = t->in_flight_after | (1u << markers);
    } else {
        t->wrong = t->wrong + 1u;
    }
}

static void print_run(unsigned run) {
    const volatile struct tally *t = &state.tally[run];
    board_puts(run == 0u ? "reset run\n" : "brownout run\n");
    /* The path's length in ticks: a floor well below every board's, which a tick coarser
     * than an instruction would fall under (cut_resolution.c checks that no instruction
     * is skipped at this shift, on a block of known length). */
    print_at_least("  ", "cuts", t->cuts, 1400u);
    board_put_kv("  inconsistent", t->wrong);
    /* Coverage of the run path: a cut landed between every two handlers and inside each,
     * each case a share of the cuts (as the path shortens, the counts do). */
    print_share("  ", "report says what the markers say", t->equal, t->cuts, 5u, "cuts");
    print_all_of("  ", "  before each eligible handler, 0 to 4 ran", t->equal_after, 0x1Fu);
    /* The window from a handler's marker to coda's count of it is the handler's return,
     * the run's scan for a due entry and its ask of the budget, which stores the count:
     * a window coda keeps short, as every cut in it reports one handler fewer. */
    print_share("  ", "  and one handler in flight (persisted, not yet counted)", t->in_flight, t->cuts, 6u, "cuts");
    print_all_of("  ", "    in each eligible handler, 1 to 5 persisted", t->in_flight_after, 0x3Eu);
    print_at_least("  ", "  and complete", t->complete, 1u);
    print_share("  ", "no report: cut before the run or while coda rewrote its record", t->none, t->cuts, 5u, "cuts");
    /* Only while the record's fields are stored: before the fix the checksum was
     * computed in that window too, and about 960 cuts of each run lost the report. */
    const unsigned lost = t->none_after_handlers;
    board_puts(lost <= 120u ? "  " : "  WRONG: ");
    board_puts("  after handlers had run: at most 120\n");
#ifdef PRINT_MEASURED
    board_put_kv("    measured", lost);
#endif
}

/* Registers the six entries and runs them; the tick cuts `tick` ticks after the start. */
__attribute__((noreturn)) static void exercise(unsigned run) {
    const unsigned t = run_trigger(run), other = t ^ (CODA_ON_RESET | CODA_ON_BROWNOUT);
    const unsigned triggers[6] = {t, t | CODA_ON_EXIT, CODA_ON_EXIT, t, t | other, t};
    board_enable_irq(BOARD_POWER_IRQ);
    state.cut = 0;
    board_arm_cut(state.tick);
    for (unsigned i = 0; i < 6u; ++i) (void)coda_register_on(persist, (void *)(uintptr_t)(i + 1u), triggers[i]);
    if (t == CODA_ON_RESET) coda_reset();
    board_pend_irq(BOARD_POWER_IRQ);
    board_puts("WRONG: the brownout returned\n");
    board_exit(1);
}

int main(void) {
    struct coda_report r = {99, 99, 99, 99, 99};
    const int got = coda_last_report(&r);
    if (state.magic != STATE_MAGIC) {
        for (unsigned i = 0; i < sizeof state; ++i) ((volatile uint8_t *)&state)[i] = 0;
        state.magic = STATE_MAGIC;
        board_puts("power_cut_sweep\n");
        board_put_kv("power-on: report", (unsigned)got);
    } else {
        classify(&state.tally[state.run], run_trigger(state.run), got, &r);
        if (!state.cut) { /* the run ended before the cut: this run's sweep is over */
            print_run(state.run);
            state.run = state.run + 1u;
            state.tick = 0;
        }
    }
    if (state.run == 2u) {
        const unsigned wrong = state.tally[0].wrong + state.tally[1].wrong;
        state.magic = 0;
        exit(wrong == 0u ? 0 : 1);
    }
    state.tick = state.tick + 1u;
    state.markers = 0;
    exercise(state.run);
}
