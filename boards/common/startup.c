/* startup.c - vector table, reset handler, semihosting call and fault reporting for the
 * Cortex-M QEMU boards of the firmware tests; the reset handler goes on in board_start
 * (board_common.c: what every board shares, coda_boot first). */
#include <stdint.h>

#include "board.h"
#include "coda/cortex_m.h"

extern uint32_t __stack_top[];

void Reset_Handler(void);
void HardFault_Handler(void);
static void other_exception(void);
void SVC_Handler(void) __attribute__((weak, alias("board_unexpected")));
void PendSV_Handler(void) __attribute__((weak, alias("board_unexpected")));
#ifdef BOARD_SYSTICK_PC
/* SysTick hands the test the PC it interrupted: main runs on MSP, so the exception
 * frame's PC is at MSP + 24 (board.h, board_systick_at). */
__asm__("    .syntax unified\n"
        "    .thumb\n"
        "    .text\n"
        "    .global SysTick_Handler\n"
        "    .type SysTick_Handler, %function\n"
        "    .thumb_func\n"
        "SysTick_Handler:\n"
        "    mrs   r0, msp\n"
        "    ldr   r0, [r0, #24]\n"
        "    ldr   r1, =board_systick_at\n"
        "    bx    r1\n" /* LR still holds EXC_RETURN */
        "    .ltorg\n");
#else
void SysTick_Handler(void) __attribute__((weak, alias("board_unexpected")));
#endif

#define BOARD_IRQS 32
typedef void (*vector)(void);
__attribute__((section(".vectors"), used)) const vector board_vectors[16 + BOARD_IRQS] = {
    (vector)(uintptr_t)__stack_top,
    Reset_Handler,
#ifdef BOARD_PLAIN_NMI
    other_exception,  /* size probes: no coda in the vector table */
#else
    coda_nmi_entry,   /* restarts an interrupted ARMv6-M compare-exchange, then coda_nmi_handler */
#endif
    HardFault_Handler,
    other_exception, other_exception, other_exception, 0, 0, 0, 0,
    SVC_Handler, other_exception, 0, PendSV_Handler, SysTick_Handler,
    [16 ... 16 + BOARD_IRQS - 1] = board_irq_handler,
};

__attribute__((noreturn)) void Reset_Handler(void) { board_start(); }

/* ---- semihosting ---- */
int board_semihost(int op, const void *arg) {
    register int r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void board_system_reset(void) {
    __asm__ volatile("dsb" ::: "memory");
    *(volatile uint32_t *)0xE000ED0Cu = 0x05FA0004u;
    __asm__ volatile("dsb" ::: "memory");
    for (;;) {
    }
}

void board_enable_irq(unsigned irq) { *(volatile uint32_t *)(0xE000E100u + 4u * (irq / 32u)) = 1u << (irq % 32u); }
void board_pend_irq(unsigned irq) {
    *(volatile uint32_t *)(0xE000E200u + 4u * (irq / 32u)) = 1u << (irq % 32u);
    __asm__ volatile("dsb\n\tisb" ::: "memory");
}
void board_pend_nmi(void) {
    *(volatile uint32_t *)0xE000ED04u = 1u << 31;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
}

void board_arm_cut(unsigned ticks) {
    *(volatile uint32_t *)0xE000ED20u &= 0x00FFFFFFu; /* SHPR3: SysTick at the highest priority */
    *(volatile uint32_t *)0xE000E014u = ticks;        /* SYST_RVR */
    *(volatile uint32_t *)0xE000E018u = 0u;           /* SYST_CVR */
    *(volatile uint32_t *)0xE000E010u = ticks != 0u ? 7u : 0u; /* SYST_CSR: CPU clock, interrupt */
}

/* ---- faults ---- */
void HardFault_Handler(void) {
    board_puts("HARDFAULT\n");
    board_exit(97);
}
void board_unexpected(void) {
    board_puts("UNEXPECTED EXCEPTION\n");
    board_exit(96);
}
static void other_exception(void) { board_unexpected(); }
