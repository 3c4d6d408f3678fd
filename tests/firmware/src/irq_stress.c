/* Runs from an interrupt at thousands of varied moments while the main loop registers,
 * unregisters and compacts: every registration runs exactly once or is removed exactly
 * once, never both, never twice, never lost. SysTick is the interrupt; its handler runs
 * the CODA_ON_BROWNOUT entries and picks a pseudo-random next period (QEMU -icount
 * makes the schedule deterministic). */
#include <stdint.h>
#include <stdlib.h>

#include "board.h"
#include "coda/cortex_m.h"

#define ROUNDS 3000u
#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)

static volatile uint8_t ran[ROUNDS];      /* calls of each registration's handler */
static uint8_t removed[ROUNDS];           /* removals of each registration */
static uint8_t registered[ROUNDS];        /* 1: coda_register_on returned CODA_OK */
static volatile unsigned ticks, irq_ran;
static uint32_t rng = 0x2545F491u;

static unsigned next_random(void) {
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return (unsigned)rng;
}

static void count(void *arg) { ran[(uintptr_t)arg]++; }
static void other(void *arg) { (void)arg; }

void board_tick_handler(void) {
    ++ticks;
    irq_ran += (unsigned)coda_run(CODA_ON_BROWNOUT);
    SYST_RVR = 40u + next_random() % 400u; /* the next interrupt lands somewhere else */
}

int main(void) {
    board_puts("irq_stress\n");
    SYST_RVR = 200u;
    SYST_CVR = 0u;
    SYST_CSR = 7u; /* processor clock, interrupt, enable */
    unsigned full = 0;
    for (unsigned i = 0; i < ROUNDS; ++i) {
        const int status = coda_register_on(count, (void *)(uintptr_t)i, CODA_ON_BROWNOUT);
        if (status == CODA_OK) {
            registered[i] = 1;
        } else if (status == CODA_EFULL) {
            ++full;
        } else {
            board_put_kv("WRONG: status", (unsigned)-status);
        }
        if ((next_random() & 3u) == 0) (void)coda_register_on(other, 0, CODA_ON_EXIT); /* holes to compact */
        if ((next_random() & 7u) == 0) (void)coda_unregister(other);
        if (i >= 2 && (next_random() & 1u) == 0) {
            const unsigned victim = i - 1u - next_random() % 2u;
            removed[victim] = (uint8_t)(removed[victim] + coda_unregister_arg(count, (void *)(uintptr_t)victim));
        }
    }
    SYST_CSR = 0u;
    (void)coda_run(CODA_ON_BROWNOUT); /* what the interrupt left */
    coda_clear();
    unsigned errors = 0, ran_total = 0, removed_total = 0;
    for (unsigned i = 0; i < ROUNDS; ++i) {
        const unsigned expect = registered[i] ? 1u : 0u;
        if (ran[i] + removed[i] != expect) {
            if (errors++ < 5) {
                board_put_kv("WRONG: registration", i);
                board_put_kv("  ran", ran[i]);
                board_put_kv("  removed", removed[i]);
            }
        }
        ran_total += ran[i];
        removed_total += removed[i];
    }
    board_put_kv("rounds", ROUNDS);
    board_put_kv("errors", errors);
    board_puts(ticks >= 500u ? "interrupts: at least 500\n" : "WRONG: too few interrupts\n");
    board_puts(irq_ran >= 500u ? "run by the interrupt: at least 500\n" : "WRONG: too few interrupt runs\n");
    board_puts(removed_total >= 200u ? "removed: at least 200\n" : "WRONG: too few removals\n");
    board_puts(full < ROUNDS / 10u ? "full: rare\n" : "WRONG: full too often\n");
#ifdef STRESS_DEBUG
    board_put_kv("ticks", ticks);
    board_put_kv("irq_ran", irq_ran);
    board_put_kv("ran_total", ran_total);
    board_put_kv("removed_total", removed_total);
    board_put_kv("full", full);
#endif
    (void)ran_total;
    exit(0);
}
