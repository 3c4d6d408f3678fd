/* ARMv6-M: an NMI that lands inside the PRIMASK-masked compare-exchange, after its
 * load and before its store, must not let the interrupted sequence store over what the
 * NMI wrote. coda_nmi_entry rewinds such a PC to the sequence's load.
 *
 * An NMI cannot be made to land on a chosen instruction in QEMU, so the test builds
 * that exact state: thread code executes SVC; the SVC handler rewrites its own stacked
 * frame into "the sequence was interrupted at PC, with these registers" and enters the
 * NMI vector (coda_nmi_entry) as the NMI would; the test's coda_nmi_handler plays the
 * NMI's run and writes the target; the exception return resumes the sequence. Then a
 * real NMI runs coda while thread code holds PRIMASK in the middle of registrations. */
#include <stdint.h>
#include <stdlib.h>

#include "board.h"
#include "coda/cortex_m.h"

extern uint8_t coda_cm_ras8_start[], coda_cm_ras8_end[], coda_cm_ras16_start[], coda_cm_ras16_end[];
extern uint8_t coda_cm_ras32_start[];

struct frame {
    uint32_t r0, r1, r2, r3, r12, lr, pc;
};
struct frame fake;
unsigned interrupted_cas(void);
void interrupted_cas_return(void);

__asm__(
    "    .syntax unified\n"
    "    .thumb\n"
    "    .text\n"
    "    .global interrupted_cas\n"
    "    .type interrupted_cas, %function\n"
    "    .thumb_func\n"
    "interrupted_cas:\n"
    "    push  {r4-r7, lr}\n"
    "    svc   #0\n"              /* returns into the sequence, which returns below */
    "    .global interrupted_cas_return\n"
    "    .type interrupted_cas_return, %function\n"
    "    .thumb_func\n"
    "interrupted_cas_return:\n"
    "    pop   {r4-r7, pc}\n"
    "    .global SVC_Handler\n"
    "    .type SVC_Handler, %function\n"
    "    .thumb_func\n"
    "SVC_Handler:\n"
    "    mrs   r0, msp\n"
    "    ldr   r1, =fake\n"
    "    movs  r2, #0\n"
    "1:  ldr   r3, [r1, r2]\n"
    "    str   r3, [r0, r2]\n"
    "    adds  r2, #4\n"
    "    cmp   r2, #28\n"
    "    bne   1b\n"
    "    ldr   r3, =coda_nmi_entry\n"
    "    bx    r3\n"              /* the NMI arrives now; LR is this SVC's EXC_RETURN */
    "    .ltorg\n");

static volatile uint8_t byte;
static volatile uint16_t half;
static volatile uint32_t word;
static unsigned nmi_mode; /* 8, 16, 32: write the target; 1: run coda */
static volatile unsigned nmis;

void coda_nmi_handler(void) {
    ++nmis;
    if (nmi_mode == 8) byte = 2;
    if (nmi_mode == 16) half = 0x0202;
    if (nmi_mode == 32) word = 0x02020202u;
    if (nmi_mode == 1) board_put_kv("NMI ran handlers", (unsigned)coda_run(CODA_ON_BROWNOUT));
}

/* The sequence interrupted at pc: r0 = &byte, r1 = expected (1), r2 = desired (3), r3 =
 * what its load had seen (1, before the NMI's write), r12 = the saved PRIMASK (0). It
 * returns the value it saw: 1 is a success, 2 means it saw the NMI's write and failed. */
static void case8(const char *name, uint8_t *pc, uint8_t before) {
    byte = before;
    nmi_mode = 8;
    fake = (struct frame){(uint32_t)&byte, 1u, 3u, 1u, 0u, (uint32_t)interrupted_cas_return, (uint32_t)pc};
    const unsigned result = interrupted_cas();
    board_puts(name);
    board_put_kv(": returned", result);
    board_put_kv("  value", byte);
}

/* The 16- or 32-bit sequence interrupted at its compare (start + 2), having loaded
 * `before` (also its expected value), about to store `desired`. */
static void at_compare(const char *name, unsigned bits, const volatile void *target, uint32_t before,
                       uint32_t desired, const uint8_t *start) {
    nmi_mode = bits;
    fake = (struct frame){(uint32_t)target, before, desired, before, 0u, (uint32_t)interrupted_cas_return,
                          (uint32_t)(start + 2)};
    board_put_kv(name, interrupted_cas());
}

static void say(void *arg) { board_put_kv("handler", (unsigned)(uintptr_t)arg); }

int main(void) {
    board_puts("nmi_restart\n");
    const uint8_t *s = coda_cm_ras8_start;
    board_put_kv("restartable bytes", (unsigned)(coda_cm_ras8_end - s));
    case8("at load", coda_cm_ras8_start, 1);
    case8("at compare", coda_cm_ras8_start + 2, 1);
    case8("at branch", coda_cm_ras8_start + 4, 1);
    case8("at store", coda_cm_ras8_start + 6, 1);
    case8("after store", coda_cm_ras8_end, 3); /* the store happened: value was 3 */

    half = 0x0101;
    at_compare("16-bit at compare: returned", 16, &half, 0x0101u, 0x0303u, coda_cm_ras16_start);
    board_put_kv("  value", half);
    word = 0x01010101u; /* the claimer count's compare-exchange */
    at_compare("32-bit at compare: returned", 32, &word, 0x01010101u, 0x03030303u, coda_cm_ras32_start);
    board_put_kv("  value", word);

    /* A real NMI while thread code has PRIMASK set between registrations. */
    nmi_mode = 1;
    __asm__ volatile("cpsid i" ::: "memory");
    (void)coda_register_on(say, (void *)1, CODA_ON_BROWNOUT);
    (void)coda_register_on(say, (void *)2, CODA_ON_BROWNOUT | CODA_ON_EXIT);
    board_pend_nmi();
    (void)coda_register_on(say, (void *)3, CODA_ON_BROWNOUT | CODA_ON_EXIT);
    __asm__ volatile("cpsie i" ::: "memory");
    board_put_kv("pending", (unsigned)coda_pending());
    board_put_kv("NMIs", nmis);
    exit(0);
}
