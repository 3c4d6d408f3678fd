/* coda_reset(): the CODA_ON_RESET entries run newest first, the machine resets, and the
 * next boot reads their report; a reset coda did not request leaves no report.
 * Built three ways: coda_boot() in the reset handler (default), with .data/.bss filled
 * with 0xBA before coda_boot() (BOARD_POISON_RUNTIME: it needs no C runtime), and
 * without coda_boot() (BOARD_NO_CODA_BOOT: coda_last_report latches by itself). */
#include <stdint.h>
#include <stdlib.h>

#include "board.h"
#include "coda/cortex_m.h"
#include "report.h"

static int initialised = 1; /* .data: must read 1 after boot whatever coda_boot did */
static void say(void *arg) { board_put_kv("reset handler", (unsigned)(uintptr_t)arg); }
static void never(void *arg) { board_put_kv("WRONG: ran", (unsigned)(uintptr_t)arg); }

int main(void) {
    const unsigned stage = board_stage();
    board_put_kv("boot, stage", stage);
    if (initialised != 1) board_puts("WRONG: .data\n");
    print_last_report();
    switch (stage) {
    case 0:
        (void)coda_register_on(say, (void *)1, CODA_ON_RESET);
        (void)coda_register_on(never, (void *)2, CODA_ON_EXIT | CODA_ON_BROWNOUT);
        (void)coda_register_on(say, (void *)3, CODA_ON_GRACEFUL);
        (void)coda_register(say, (void *)4);
        board_set_stage(1);
        coda_reset();
    case 1:
        board_put_kv("pending after reset", (unsigned)coda_pending());
        board_set_stage(2);
        board_system_reset(); /* not coda's: the next boot has no report */
    default:
        coda_clear(); /* exit runs nothing */
        exit(0);
    }
}
