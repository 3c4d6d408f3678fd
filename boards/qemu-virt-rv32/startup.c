/* startup.c - the QEMU virt board (RV32, machine mode) for the firmware tests: reset
 * entry, the C runtime's setup, a trap handler, semihosting output and exit, the system
 * reset (the SiFive test device), the machine software interrupt (the CLINT's MSIP) as
 * the power-fail warning and the machine timer (mtimecmp) as the tick (board_common.c:
 * what every board shares). What board.h declares and this board cannot do (an NMI)
 * exits 96: no test that needs it is built here. */
#include <stdint.h>

#include "board.h"
#include "coda/riscv.h"

void board_reset(void);

#define SIFIVE_TEST 0x00100000u /* write 0x7777: reset */
#define CLINT_MSIP 0x02000000u  /* hart 0's machine software interrupt pending bit */
#define CLINT_MTIMECMP 0x02004000u /* hart 0's timer compare, 64 bits */
#define CLINT_MTIME 0x0200BFF8u    /* the timer, 64 bits, 10 MHz */
#define MCAUSE_MSI 0x80000003u
#define MCAUSE_MTI 0x80000007u
#define MIE_MSI (1u << 3)
#define MIE_MTI (1u << 7)
#define MSTATUS_MIE (1u << 3)

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

#define CSR_READ(csr, value) __asm__ volatile(".option push\n.option arch, +zicsr\ncsrr %0, " #csr "\n.option pop" : "=r"(value))
#define CSR_WRITE(csr, value) __asm__ volatile(".option push\n.option arch, +zicsr\ncsrw " #csr ", %0\n.option pop" ::"r"(value) : "memory")
#define CSR_SET(csr, bits) __asm__ volatile(".option push\n.option arch, +zicsr\ncsrs " #csr ", %0\n.option pop" ::"r"(bits) : "memory")
#define CSR_CLEAR(csr, bits) __asm__ volatile(".option push\n.option arch, +zicsr\ncsrc " #csr ", %0\n.option pop" ::"r"(bits) : "memory")

/* The interrupts (mie bits) that preempt the power IRQ's handler and the tick's: the
 * CLINT's interrupts have no priorities, so a handler lets them in by hand (board.h:
 * the cut above the power IRQ, or the power IRQ above a storm's tick). */
static uint32_t preempt_irq, preempt_tick;
static uint32_t tick_pc;     /* the PC the tick interrupted (BOARD_TICK_PC) */
static unsigned cut_period;  /* a cut's ticks repeat (board_arm_cut); a storm's tick does not */
static unsigned context;     /* board_context() */
static void set_compare(uint64_t when);
static uint64_t mtime(void);

static void tick(void) {
#ifdef BOARD_TICK_PC
    board_tick_at(tick_pc);
#else
    board_tick_handler();
#endif
}

unsigned board_context(void) { return context; }

/* Calls handler as `inside` with the interrupts of `preempting` enabled: mepc and
 * mstatus (which a nested trap overwrites) saved around it. */
static void nest(void (*handler)(void), unsigned inside, uint32_t preempting) {
    const unsigned outer = context;
    context = inside;
    if (preempting == 0u) {
        handler();
        context = outer;
        return;
    }
    uint32_t epc, status, enabled;
    CSR_READ(mepc, epc);
    CSR_READ(mstatus, status);
    CSR_READ(mie, enabled);
    CSR_WRITE(mie, preempting);
    CSR_SET(mstatus, MSTATUS_MIE);
    handler();
    CSR_CLEAR(mstatus, MSTATUS_MIE);
    CSR_WRITE(mie, enabled);
    CSR_WRITE(mepc, epc);
    CSR_WRITE(mstatus, status);
    context = outer;
}

__attribute__((interrupt("machine"), aligned(4))) static void trap(void) {
    uint32_t cause;
    CSR_READ(mcause, cause);
    if (cause == MCAUSE_MSI) {
        *(volatile uint32_t *)CLINT_MSIP = 0u; /* taken: no longer pending */
        nest(board_irq_handler, BOARD_IN_IRQ, preempt_irq);
        return;
    }
    if (cause == MCAUSE_MTI) {
        CSR_READ(mepc, tick_pc);
        /* Handled: the next one a cut's period from now, or when the handler asks. */
        set_compare(cut_period != 0u ? mtime() + cut_period : UINT64_MAX);
        nest(tick, BOARD_IN_TICK, preempt_tick);
        return;
    }
    board_puts("UNEXPECTED EXCEPTION\n");
    board_exit(96);
}

__attribute__((noreturn, used)) void board_reset(void) {
    CSR_WRITE(mtvec, trap);
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
    (void)irq;                  /* one power-fail warning: the machine software interrupt */
    CSR_SET(mie, MIE_MSI);
    CSR_SET(mstatus, MSTATUS_MIE);
}
void board_pend_irq(unsigned irq) {
    (void)irq;
    *(volatile uint32_t *)CLINT_MSIP = 1u;
    __asm__ volatile("fence" ::: "memory");
}

/* ---- the machine timer, the tick of board.h ---- */
static uint64_t mtime(void) {
    volatile uint32_t *const time = (volatile uint32_t *)CLINT_MTIME;
    uint32_t high, low;
    do {
        high = time[1];
        low = time[0];
    } while (time[1] != high);
    return (uint64_t)high << 32 | low;
}

static void set_compare(uint64_t when) {
    volatile uint32_t *const compare = (volatile uint32_t *)CLINT_MTIMECMP;
    compare[1] = 0xFFFFFFFFu; /* no tick while the halves disagree */
    compare[0] = (uint32_t)when;
    compare[1] = (uint32_t)(when >> 32);
}

void board_next_tick(unsigned ticks) { set_compare(mtime() + ticks); }

void board_stop_ticks(void) {
    CSR_CLEAR(mie, MIE_MTI);
    set_compare(UINT64_MAX); /* and none pending */
}

static void start_ticks(unsigned ticks) {
    board_next_tick(ticks);
    CSR_SET(mie, MIE_MTI);
    CSR_SET(mstatus, MSTATUS_MIE);
}

void board_arm_cut(unsigned ticks) {
    preempt_irq = MIE_MTI; /* the cut preempts the power IRQ's handler */
    preempt_tick = 0u;
    cut_period = ticks;
    if (ticks == 0u) {
        board_stop_ticks();
    } else {
        start_ticks(ticks);
    }
}
void board_start_ticks(unsigned ticks) {
    preempt_irq = 0u;
    preempt_tick = MIE_MSI; /* the power IRQ preempts the tick's handler */
    cut_period = 0u;
    start_ticks(ticks);
}

/* board.h's NOP block, in its own section: an image that does not call it drops it. */
__asm__("    .section .text.board_nop_block, \"ax\", @progbits\n"
        "    .global board_nop_block, board_nop_block_start, board_nop_block_end\n"
        "    .type board_nop_block, @function\n"
        "board_nop_block:\n"
        "board_nop_block_start:\n"
        "    .rept 64\n" /* BOARD_NOP_BLOCK */
        "    c.nop\n"
        "    .endr\n"
        "board_nop_block_end:\n"
        "    ret\n"
        "    .text\n");

void board_unexpected(void) {
    board_puts("UNEXPECTED EXCEPTION\n");
    board_exit(96);
}
void board_pend_nmi(void) { board_unexpected(); }
void board_tick_handler(void) __attribute__((weak, alias("board_unexpected")));
