/* .noinit garbage gives no report: 0xBA at power-on (BOARD_NOINIT_GARBAGE: the reset
 * handler fills .noinit before coda_boot), 0xBA written over the whole section before a
 * reset, and one flipped payload byte of an otherwise valid record (the checksum). */
#include <stdint.h>
#include <stdlib.h>

#include "board.h"
#include "coda/cortex_m.h"
#include "report.h"

#ifndef GARBAGE_AT_POWER_ON
static void returns(void *arg) { board_put_kv("reset handler", (unsigned)(uintptr_t)arg); }

/* Flips the low byte of `ran` (the record's fourth word) in the record being written (the
 * only word holding the record magic: the previous boot left no report), then resets the
 * machine itself. */
static void corrupts_and_resets(void *arg) {
    board_put_kv("reset handler corrupts the record and resets", (unsigned)(uintptr_t)arg);
    for (uint32_t *p = (uint32_t *)__noinit_start; p < (uint32_t *)__noinit_end; ++p) {
        if (*p == 0xC0DA5E7Eu) ((volatile uint8_t *)p)[12] ^= 0x01u;
    }
    board_set_stage(2);
    board_system_reset();
}
#endif

int main(void) {
#ifdef GARBAGE_AT_POWER_ON
    board_puts("0xBA at power-on\n");
    print_last_report();
#else
    const unsigned stage = board_stage();
    board_put_kv("boot, stage", stage);
    print_last_report();
    if (stage == 0) {
        for (uint8_t *p = __noinit_start; p < __noinit_end; ++p) *(volatile uint8_t *)p = 0xBA;
        board_set_stage(1);
        board_system_reset();
    }
    if (stage == 1) {
        (void)coda_register_on(corrupts_and_resets, (void *)1, CODA_ON_RESET);
        (void)coda_register_on(returns, (void *)2, CODA_ON_RESET);
        coda_reset();
    }
#endif
    exit(0);
}
