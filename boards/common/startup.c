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
#ifdef BOARD_TICK_PC
/* SysTick hands the test the PC it interrupted: main runs on MSP, so the exception
 * frame's PC is at MSP + 24 (board.h, board_tick_at). */
__asm__("    .syntax unified\n"
        "    .thumb\n"
        "    .text\n"
        "    .global board_tick_handler\n"
        "    .type board_tick_handler, %function\n"
        "    .thumb_func\n"
        "board_tick_handler:\n"
        "    mrs   r0, msp\n"
        "    ldr   r0, [r0, #24]\n"
        "    ldr   r1, =board_tick_at\n"
        "    bx    r1\n" /* LR still holds EXC_RETURN */
        "    .ltorg\n");
#else
void board_tick_handler(void) __attribute__((weak, alias("board_unexpected")));
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
    SVC_Handler, other_exception, 0, PendSV_Handler, board_tick_handler,
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

/* ---- SysTick, the tick of board.h ---- */
#define SHPR3 (*(volatile uint32_t *)0xE000ED20u)     /* SysTick's priority: bits 31..24 */
#define NVIC_IPR0 (*(volatile uint32_t *)0xE000E400u) /* IRQ 0's (BOARD_POWER_IRQ): bits 7..0 */
#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)
#define ICSR (*(volatile uint32_t *)0xE000ED04u)

static void start_systick(unsigned ticks) {
    SYST_RVR = ticks;
    SYST_CVR = 0u;
    SYST_CSR = 7u; /* processor clock, interrupt, enable */
}

void board_arm_cut(unsigned ticks) {
    SHPR3 &= 0x00FFFFFFu;                     /* SysTick at the highest priority */
    NVIC_IPR0 = (NVIC_IPR0 & ~0xFFu) | 0x80u; /* the power IRQ below it */
    if (ticks == 0u) {
        board_stop_ticks();
    } else {
        start_systick(ticks);
    }
}
void board_start_ticks(unsigned ticks) {
    SHPR3 = (SHPR3 & 0x00FFFFFFu) | 0xC0000000u; /* SysTick at the lowest priority */
    NVIC_IPR0 = NVIC_IPR0 & ~0xFFu;             /* the power IRQ at the highest: it nests */
    start_systick(ticks);
}
void board_next_tick(unsigned ticks) {
    SYST_RVR = ticks;
    SYST_CVR = 0u;
    ICSR = 1u << 25; /* PENDSTCLR: a tick that came during the handler is dropped */
}
unsigned board_context(void) {
    unsigned ipsr;
    __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
    ipsr &= 0x1FFu; /* the active exception's number */
    return ipsr == 0u ? BOARD_IN_THREAD : ipsr == 15u ? BOARD_IN_TICK : BOARD_IN_IRQ;
}

void board_stop_ticks(void) {
    SYST_CSR = 0u;
    ICSR = 1u << 25; /* PENDSTCLR */
}

/* board.h's NOP block, in its own section: an image that does not call it drops it. */
__asm__("    .syntax unified\n"
        "    .thumb\n"
        "    .section .text.board_nop_block, \"ax\", %progbits\n"
        "    .global board_nop_block, board_nop_block_start, board_nop_block_end\n"
        "    .type board_nop_block, %function\n"
        "    .thumb_func\n"
        "board_nop_block:\n"
        "board_nop_block_start:\n"
        "    .rept 64\n" /* BOARD_NOP_BLOCK */
        "    nop\n"
        "    .endr\n"
        "board_nop_block_end:\n"
        "    bx lr\n"
        "    .text\n");

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
