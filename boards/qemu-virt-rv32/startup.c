/* startup.c - the QEMU virt board (RV32, machine mode) for the firmware tests: reset
 * entry, the C runtime's setup, a trap handler, semihosting output and exit, the system
 * reset (the SiFive test device) and the machine software interrupt (the CLINT's MSIP) as
 * the power-fail warning (board_common.c: what every board shares). What board.h declares and this board cannot do (an NMI, the
 * SysTick of the Cortex-M boards' sweeps) exits 96: no test that needs it is built here. */
#include <stdint.h>

#include "board.h"
#include "coda/riscv.h"

void board_reset(void);

#define SIFIVE_TEST 0x00100000u /* write 0x7777: reset */
#define CLINT_MSIP 0x02000000u  /* hart 0's machine software interrupt pending bit */
#define MCAUSE_MSI 0x80000003u

/* The reset entry: gp and sp, then C. */
__asm__(".section .text.start, \"ax\"\n"
        ".global _start\n"
        "_start:\n"
        ".option push\n"
        ".option norelax\n"
        "    la gp, __global_pointer$\n"
        ".option pop\n"
        "    la sp, __stack_top\n"
        "    la tp, __tls_base\n" /* the C library's thread-local data (errno) */
        "    j board_reset\n"
        ".text\n");

static void csr_set_mie(uint32_t bits) {
    __asm__ volatile(".option push\n.option arch, +zicsr\ncsrs mie, %0\n.option pop" ::"r"(bits) : "memory");
}
static void csr_set_mstatus(uint32_t bits) {
    __asm__ volatile(".option push\n.option arch, +zicsr\ncsrs mstatus, %0\n.option pop" ::"r"(bits) : "memory");
}

__attribute__((interrupt("machine"), aligned(4))) static void trap(void) {
    uint32_t cause;
    __asm__ volatile(".option push\n.option arch, +zicsr\ncsrr %0, mcause\n.option pop" : "=r"(cause));
    if (cause == MCAUSE_MSI) {
        *(volatile uint32_t *)CLINT_MSIP = 0u; /* taken: no longer pending */
        board_irq_handler();
        return;
    }
    board_puts("UNEXPECTED EXCEPTION\n");
    board_exit(96);
}

__attribute__((noreturn, used)) void board_reset(void) {
    __asm__ volatile(".option push\n.option arch, +zicsr\ncsrw mtvec, %0\n.option pop" ::"r"(trap) : "memory");
    board_start();
}

/* RISC-V semihosting: the call is these three uncompressed instructions together. */
int board_semihost(int op, const void *arg) {
    register int a0 __asm__("a0") = op;
    register const void *a1 __asm__("a1") = arg;
    __asm__ volatile(".option push\n.option norvc\n.balign 16\n"
                     "slli x0, x0, 0x1f\nebreak\nsrai x0, x0, 7\n.option pop"
                     : "+r"(a0)
                     : "r"(a1)
                     : "memory");
    return a0;
}

void board_system_reset(void) {
    *(volatile uint32_t *)SIFIVE_TEST = 0x7777u;
    for (;;) {
    }
}

/* The port's system reset (coda/riscv.h): this board's device. */
void coda_riscv_system_reset(void) { board_system_reset(); }

void board_enable_irq(unsigned irq) {
    (void)irq;                    /* one power-fail warning: the machine software interrupt */
    csr_set_mie(1u << 3);         /* MSIE */
    csr_set_mstatus(1u << 3);     /* MIE */
}
void board_pend_irq(unsigned irq) {
    (void)irq;
    *(volatile uint32_t *)CLINT_MSIP = 1u;
    __asm__ volatile("fence" ::: "memory");
}

void board_unexpected(void) {
    board_puts("UNEXPECTED EXCEPTION\n");
    board_exit(96);
}
void board_pend_nmi(void) { board_unexpected(); }
void board_arm_cut(unsigned ticks) {
    (void)ticks;
    board_unexpected();
}
