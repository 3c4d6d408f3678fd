/* report.h - prints coda_last_report() and counted floors the same way in every firmware test. */
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

/* "<indent>what: at least floor", with WRONG: when value is below it. The expected
 * output holds the floor, not the value, which moves with the code generated; build
 * with PRINT_MEASURED to see the value. */
static inline void print_at_least(const char *indent, const char *what, unsigned value, unsigned floor) {
    board_puts(indent);
    if (value < floor) board_puts("WRONG: ");
    board_puts(what);
    board_put_kv(": at least", floor);
#ifdef PRINT_MEASURED
    board_puts(indent);
    board_put_kv("  measured", value);
#endif
}

/* "<indent>what: at least 1/<divisor> of the <unit>", with WRONG: when value is below
 * total / divisor: a floor on a share of a sweep, which holds whatever the length of
 * the code swept (a floor on a count would move with the code generated). */
static inline void print_share(const char *indent, const char *what, unsigned value, unsigned total,
                               unsigned divisor, const char *unit) {
    board_puts(indent);
    if (value * divisor < total) board_puts("WRONG: ");
    board_puts(what);
    board_puts(": at least 1/");
    board_put_uint(divisor);
    board_puts(" of the ");
    board_puts(unit);
    board_puts("\n");
#ifdef PRINT_MEASURED
    board_puts(indent);
    board_put_kv("  measured", value);
    board_puts(indent);
    board_put_kv("  of", total);
#endif
}

/* "<indent>what: all", with WRONG: when a bit of `all` is missing from `seen`. */
static inline void print_all_of(const char *indent, const char *what, unsigned seen, unsigned all) {
    board_puts(indent);
    if ((seen & all) != all) board_puts("WRONG: ");
    board_puts(what);
    board_puts(": all\n");
#ifdef PRINT_MEASURED
    board_puts(indent);
    board_put_kv("  measured", seen);
#endif
}

#endif
