/* The brownout budget: asked before each handler, it stops the run after two; the
 * other eligible entries are skipped and stay pending. coda_after_brownout() is
 * overridden to return, so the interrupted code goes on; a later plain reset shows the
 * recorded report (complete 0). A brownout during the exit run takes only the entries
 * the exit run has not claimed: nothing runs twice. */
#include <stdint.h>
#include <stdlib.h>

#include "board.h"
#include "coda/cortex_m.h"
#include "report.h"

static void say(void *arg) { board_put_kv("handler", (unsigned)(uintptr_t)arg); }
static int budget(void *ctx) {
    unsigned *left = (unsigned *)ctx;
    board_put_kv("budget asked, left", *left);
    if (*left == 0) return 0;
    --*left;
    return 1;
}
static unsigned left;

void board_irq_handler(void) { coda_brownout(); }
void coda_after_brownout(void) { board_puts("after brownout: returning\n"); }

static void pend_brownout(void *arg) {
    (void)arg;
    board_puts("exit handler pends the brownout\n");
    left = 10;
    board_pend_irq(BOARD_POWER_IRQ);
}

int main(void) {
    const unsigned stage = board_stage();
    board_put_kv("boot, stage", stage);
    print_last_report();
    board_enable_irq(BOARD_POWER_IRQ);
    if (stage == 0) {
        for (uintptr_t i = 1; i <= 5; ++i) (void)coda_register_on(say, (void *)i, CODA_ON_BROWNOUT);
        left = 2;
        coda_set_brownout_budget(budget, &left);
        board_pend_irq(BOARD_POWER_IRQ);
        board_put_kv("back in main, pending", (unsigned)coda_pending());
        board_set_stage(1);
        board_system_reset();
    }
    /* stage 1: a brownout in the middle of the exit run */
    coda_set_brownout_budget(budget, &left);
    (void)coda_register_on(say, (void *)21, CODA_ON_EXIT | CODA_ON_BROWNOUT);
    (void)coda_register_on(say, (void *)22, CODA_ON_EXIT);
    (void)coda_register_on(say, (void *)23, CODA_ON_BROWNOUT);
    (void)coda_register_on(pend_brownout, 0, CODA_ON_EXIT);
    (void)coda_register_on(say, (void *)25, CODA_ON_EXIT | CODA_ON_BROWNOUT);
    exit(3);
}
