/* probe_coda.c - the flash of coda's minimal image: one coda_register, then exit.
 * Built again with PROBE_<API> defined for the increment of that API, and with
 * PROBE_ALL for every API at once: every API the image had when the core was split into
 * objects, whose size is the bound of that row (the split must not grow it). APIs added
 * since (on_exit, coda_last_reset_cause) have their own rows only. Linked, never run. */
#include <stdlib.h>

#include "coda/cortex_m.h"

static void handler(void *arg) { (void)arg; }
#if defined(PROBE_LIBC_ATEXIT) || defined(PROBE_AT_QUICK_EXIT) || defined(PROBE_ALL)
static void plain_handler(void) {}
#endif
#if defined(PROBE_ON_EXIT)
static void status_handler(int status, void *arg) { (void)status; (void)arg; }
#endif
#if defined(PROBE_RUN_BUDGET) || defined(PROBE_ALL)
static int budget(void *ctx) { return ctx != 0; }
#endif

/* Keeps every call below reachable, so the compiler links each one. */
static volatile int which __attribute__((unused)); /* unused by the minimal probe */

int main(void) {
    (void)coda_register(handler, 0);
#if defined(PROBE_REGISTER_ON) || defined(PROBE_ALL)
    if (which == 1) (void)coda_register_on(handler, 0, CODA_ON_RESET);
#endif
#if defined(PROBE_UNREGISTER) || defined(PROBE_ALL)
    if (which == 2) (void)coda_unregister(handler);
#endif
#if defined(PROBE_UNREGISTER_ARG) || defined(PROBE_ALL)
    if (which == 3) (void)coda_unregister_arg(handler, 0);
#endif
#if defined(PROBE_CLEAR) || defined(PROBE_ALL)
    if (which == 4) coda_clear();
#endif
#if defined(PROBE_RUN) || defined(PROBE_ALL)
    if (which == 5) (void)coda_run(CODA_ON_RESET);
#endif
#if defined(PROBE_RUN_BUDGET) || defined(PROBE_ALL)
    if (which == 6) {
        struct coda_report report;
        (void)coda_run_budget(CODA_ON_RESET, budget, 0, &report);
    }
#endif
#if defined(PROBE_PENDING) || defined(PROBE_ALL)
    if (which == 7) which = (int)coda_pending();
#endif
#if defined(PROBE_LAST_REPORT) || defined(PROBE_ALL)
    if (which == 8) {
        struct coda_report report;
        which = coda_last_report(&report);
    }
#endif
#if defined(PROBE_BROWNOUT) || defined(PROBE_ALL)
    if (which == 9) coda_brownout();
#endif
#if defined(PROBE_LIBC_ATEXIT) || defined(PROBE_ALL)
    if (which == 10) (void)atexit(plain_handler);
#endif
#if defined(PROBE_ON_EXIT)
    if (which == 15) (void)on_exit(status_handler, 0);
#endif
#if defined(PROBE_AT_QUICK_EXIT) || defined(PROBE_ALL)
    if (which == 12) (void)at_quick_exit(plain_handler);
#endif
#if defined(PROBE_BOOT) || defined(PROBE_ALL)
    if (which == 13) coda_boot();
#endif
#if defined(PROBE_LAST_RESET_CAUSE)
    if (which == 14) which = (int)coda_last_reset_cause();
#endif
#if defined(PROBE_RESET) || defined(PROBE_ALL)
    if (which == 11) coda_reset();
#endif
    exit(0);
}
