/* startup.c - vector table, reset handler, semihosting and fault reporting for the
 * QEMU boards of the firmware tests. The reset handler calls coda_boot() first, before
 * .data and .bss exist (unless BOARD_NO_CODA_BOOT); with BOARD_POISON_RUNTIME it fills
 * .data and .bss with 0xBA first, so coda_boot cannot lean on them; with
 * BOARD_NOINIT_GARBAGE it fills .noinit with 0xBA first, as RAM may hold at power-on. */
#include <stdint.h>
#include <stdlib.h>

#include "board.h"
#include "coda/cortex_m.h"

extern uint32_t __stack_top[];
extern uint32_t __data_load[], __data_start[], __data_end[], __bss_start[], __bss_end[];
extern void (*__init_array_start[])(void), (*__init_array_end[])(void);

int main(void);
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

__attribute__((noreturn)) void Reset_Handler(void) {
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

/* ---- semihosting ---- */
static int semihost(int op, const void *arg) {
    register int r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void board_puts(const char *text) { (void)semihost(0x04, text); }

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
    (void)semihost(0x20, block); /* SYS_EXIT_EXTENDED */
    for (;;) {
    }
}

/* The C library's exit ends here, after coda's exit entries and its own handlers. */
void _exit(int status) { board_exit(status); }

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
__attribute__((weak)) void board_irq_handler(void) {
    board_puts("UNEXPECTED IRQ\n");
    board_exit(98);
}
