/* board_common.c - what every QEMU board of the firmware tests does alike: the C
 * runtime's setup after the CPU's reset entry, output and exit through semihosting (each board's startup.c gives board_semihost, its CPU's call
 * into the debugger: BKPT 0xAB on Cortex-M, the EBREAK sequence on RISC-V), and the
 * test's own state across resets in .noinit. */
#include <stdint.h>
#include <stdlib.h>

#include "board.h"
#include "coda/firmware.h"

extern uint32_t __data_load[], __data_start[], __data_end[], __bss_start[], __bss_end[];
extern void (*__init_array_start[])(void), (*__init_array_end[])(void);
int main(void);

/* coda_boot() first, before .data and .bss exist (unless BOARD_NO_CODA_BOOT); with
 * BOARD_POISON_RUNTIME .data and .bss are 0xBA then, so coda_boot cannot lean on them;
 * with BOARD_NOINIT_GARBAGE .noinit is 0xBA, as RAM may hold at power-on. */
void board_start(void) {
#ifdef BOARD_POISON_RUNTIME
    for (uint8_t *p = (uint8_t *)__data_start; p < (uint8_t *)__bss_end; ++p) *(volatile uint8_t *)p = 0xBA;
#endif
#ifdef BOARD_NOINIT_GARBAGE
    for (uint8_t *p = __noinit_start; p < __noinit_end; ++p) *(volatile uint8_t *)p = 0xBA;
#endif
#ifndef BOARD_NO_CODA_BOOT
    coda_boot();
#endif
    for (uint32_t *src = __data_load, *dst = __data_start; dst < __data_end;) *dst++ = *src++;
    for (uint32_t *dst = __bss_start; dst < __bss_end;) *dst++ = 0;
    for (void (**init)(void) = __init_array_start; init < __init_array_end; ++init) (*init)();
    exit(main());
}

void board_puts(const char *text) { (void)board_semihost(0x04, text); } /* SYS_WRITE0 */

void board_put_uint(unsigned value) {
    char digits[12];
    char *p = digits + sizeof digits - 1;
    *p = '\0';
    do {
        *--p = (char)('0' + value % 10u);
        value /= 10u;
    } while (value != 0);
    board_puts(p);
}

void board_put_kv(const char *key, unsigned value) {
    board_puts(key);
    board_puts(" ");
    board_put_uint(value);
    board_puts("\n");
}

void board_exit(int status) {
    const uint32_t block[2] = {0x20026u /* ADP_Stopped_ApplicationExit */, (uint32_t)status};
    (void)board_semihost(0x20, block); /* SYS_EXIT_EXTENDED */
    for (;;) {
    }
}

void _exit(int status) { board_exit(status); }

/* ---- the test's own state across resets ---- */
struct board_state {
    uint32_t magic;
    uint32_t stage;
};
__attribute__((section(".noinit"))) static volatile struct board_state board_state;
#define BOARD_STATE_MAGIC 0x57A6E5EDu

unsigned board_stage(void) { return board_state.magic == BOARD_STATE_MAGIC ? board_state.stage : 0u; }
void board_set_stage(unsigned stage) {
    board_state.stage = stage;
    board_state.magic = BOARD_STATE_MAGIC;
}

__attribute__((weak)) void board_irq_handler(void) {
    board_puts("UNEXPECTED IRQ\n");
    board_exit(98);
}
