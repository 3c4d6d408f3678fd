/* coda_brownout() from the power-fail interrupt (pended from software through NVIC
 * ISPR): only the CODA_ON_BROWNOUT entries run, newest first; the report is recorded,
 * coda_after_brownout()'s default resets the machine, and the next boot reads it. */
#include <stdint.h>
#include <stdlib.h>

#include "board.h"
#include "coda/cortex_m.h"
#include "report.h"

static void say(void *arg) { board_put_kv("brownout handler", (unsigned)(uintptr_t)arg); }
static void never(void *arg) { board_put_kv("WRONG: ran", (unsigned)(uintptr_t)arg); }

void board_irq_handler(void) { coda_brownout(); }

int main(void) {
    const unsigned stage = board_stage();
    board_put_kv("boot, stage", stage);
    print_last_report();
    if (stage == 0) {
        (void)coda_register_on(say, (void *)1, CODA_ON_BROWNOUT);
        (void)coda_register_on(never, (void *)2, CODA_ON_GRACEFUL);
        (void)coda_register_on(say, (void *)3, CODA_ON_BROWNOUT | CODA_ON_RESET);
        (void)coda_register_on(never, (void *)4, CODA_ON_EXIT);
        (void)coda_register_on(say, (void *)5, CODA_ON_ANY);
        board_set_stage(1);
        board_enable_irq(BOARD_POWER_IRQ);
        board_pend_irq(BOARD_POWER_IRQ);
        board_puts("WRONG: the brownout returned\n");
        board_exit(1);
    }
    exit(0);
}
