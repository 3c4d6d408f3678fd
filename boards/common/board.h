/* board.h - what a firmware test may ask of its QEMU board: semihosting output and exit,
 * interrupts pended from software, a system reset, and .noinit state across resets. */
#ifndef CODA_TEST_BOARD_H
#define CODA_TEST_BOARD_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* From the board's reset entry, with a stack: coda_boot, the C runtime, main, exit. */
__attribute__((__noreturn__)) void board_start(void);
/* The board's semihosting call (startup.c): op and its argument, the result. */
int board_semihost(int op, const void *arg);
void board_puts(const char *text);               /* semihosting SYS_WRITE0 */
void board_put_uint(unsigned value);             /* decimal */
void board_put_kv(const char *key, unsigned value); /* "key value\n" */
__attribute__((__noreturn__)) void board_exit(int status); /* qemu exits with status */
__attribute__((__noreturn__)) void board_system_reset(void); /* the board's reset (AIRCR.SYSRESETREQ), not coda */

/* The interrupt the tests use as the power-fail warning (IRQ BOARD_POWER_IRQ). */
#define BOARD_POWER_IRQ 0u
void board_enable_irq(unsigned irq);
void board_pend_irq(unsigned irq);               /* NVIC ISPR (works on ARMv6-M too) */
void board_pend_nmi(void);                       /* ICSR.NMIPENDSET */
/* Every external interrupt lands here (weak default: report and exit 98). */
void board_irq_handler(void);

/* SVC and PendSV land on weak handlers a test may define; default: exit 96. */
void board_unexpected(void);
void SVC_Handler(void);
void PendSV_Handler(void);

/* The board's timer (SysTick on Cortex-M, the CLINT's machine timer on RISC-V), counted
 * in its ticks: at the icount shift of cmake/boards.txt a tick is at most one instruction.
 * Its interrupt calls the test's board_tick_handler (weak default: exit 96), or, with
 * BOARD_TICK_PC defined, board_tick_at with the PC it interrupted (for tests that note
 * where an interrupt landed). */
void board_tick_handler(void);
void board_tick_at(uint32_t pc);

/* A straight-line block of BOARD_NOP_BLOCK 16-bit NOPs, then a return: the i-th NOP at
 * board_nop_block_start + i (cut_resolution.c cuts each one). */
#define BOARD_NOP_BLOCK 64u
void board_nop_block(void);
extern const uint16_t board_nop_block_start[], board_nop_block_end[];

/* Where the caller runs: thread code, the tick's handler or the power IRQ's (the
 * innermost, when one preempted the other). */
enum { BOARD_IN_THREAD, BOARD_IN_TICK, BOARD_IN_IRQ };
unsigned board_context(void);

/* The power cut of the sweep tests: the timer, above every other interrupt (the power
 * IRQ's handler included), fires `ticks` ticks from now (and every `ticks` after), into
 * the test's handler, which cuts the power (board_system_reset). 0 stops it. */
void board_arm_cut(unsigned ticks);
/* A storm's timer: below the power IRQ, which preempts its handler; the first tick
 * `ticks` from now. */
void board_start_ticks(unsigned ticks);
/* From the tick handler: the next tick `ticks` after now, the current one handled. */
void board_next_tick(unsigned ticks);
void board_stop_ticks(void); /* and drops a tick pending */

/* The .noinit region, from the linker script: filled as a test wishes. */
extern uint8_t __noinit_start[], __noinit_end[];

/* A test's own state across resets, in .noinit: the stage after power-on is 0. */
unsigned board_stage(void);
void board_set_stage(unsigned stage);

#ifdef __cplusplus
}
#endif

#endif /* CODA_TEST_BOARD_H */
