/* report.h - prints coda_last_report() the same way in every firmware test. */
#ifndef CODA_TEST_REPORT_H
#define CODA_TEST_REPORT_H

#include "board.h"
#include "coda/cortex_m.h"

static inline void print_last_report(void) {
    struct coda_report r = {99, 99, 99, 99, 99};
    const int got = coda_last_report(&r);
    board_put_kv("last report", (unsigned)got);
    if (got) {
        board_put_kv("  trigger", r.trigger);
        board_put_kv("  ran", r.ran);
        board_put_kv("  failed", r.failed);
        board_put_kv("  skipped", r.skipped);
        board_put_kv("  complete", r.complete);
    }
}

#endif
