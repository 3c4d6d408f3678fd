/* The reset cause across resets: the board hook coda_reset_cause() reads a stand-in for
 * a reset-reason register (in .noinit, set by the test before each reset the way the
 * hardware would set its flags), and coda_last_reset_cause() must give this boot's value
 * whatever the test does to the register afterwards (the latch), beside a report that
 * is unchanged: power-on, coda_reset(), a reset coda did not request (watchdog, pin),
 * the brownout IRQ, an unknown cause (0), and a reset after 0xBA was written over the
 * whole .noinit section. Built with coda_boot() in the reset handler (default), before
 * the C runtime exists (BOARD_POISON_RUNTIME), without coda_boot() (BOARD_NO_CODA_BOOT:
 * the hook is called at the first coda_last_reset_cause(); one boot calls coda_boot()
 * from main), with 0xBA in .noinit at power-on (BOARD_NOINIT_GARBAGE: the first boot
 * only), and without the hook (NO_BOARD_HOOK: always 0). */
#include <stdint.h>
#include <stdlib.h>

#include "board.h"
#include "coda/cortex_m.h"
#include "report.h"

/* Stand-ins for the flags of a reset-reason register: one bit each, some high. */
#define CAUSE_POWER_ON 0x08000000u
#define CAUSE_SOFTWARE 0x10000000u
#define CAUSE_WATCHDOG 0x20000001u
#define CAUSE_BROWNOUT 0x82000000u
#define CAUSE_PIN 0x04000000u
#define REGISTER_MAGIC 0x4E6C5E70u

/* The register and the hook's calls, in .noinit: the hook may run before .data/.bss. */
struct reset_register {
    uint32_t magic;  /* not set: power-on, the register reads CAUSE_POWER_ON */
    uint32_t value;
    uint32_t calls;  /* hook calls this boot */
};
__attribute__((section(".noinit"))) static volatile struct reset_register reg;

static void register_init(void) {
    if (reg.magic == REGISTER_MAGIC) return;
    reg.value = CAUSE_POWER_ON;
    reg.calls = 0;
    reg.magic = REGISTER_MAGIC;
}

#ifndef NO_BOARD_HOOK
unsigned coda_reset_cause(void) {
    register_init();
    reg.calls = reg.calls + 1u;
    return reg.value;
}
#endif

/* What the hardware does before the reset: sets the flag of the reset to come. */
static void set_register(uint32_t value) {
    register_init();
    reg.value = value;
    reg.calls = 0;
}

/* What a board does once it has read its flags (STM32 RMVF, nRF RESETREAS written back). */
static void clear_register(void) {
    register_init();
    reg.value = 0;
}

static unsigned hook_calls(void) { return reg.magic == REGISTER_MAGIC ? reg.calls : 0u; }

static void say(void *arg) { board_put_kv("handler", (unsigned)(uintptr_t)arg); }
void board_irq_handler(void) { coda_brownout(); } /* coda_after_brownout() resets */

int main(void) {
    const unsigned stage = board_stage();
#ifdef BOARD_NO_CODA_BOOT
    /* One boot runs coda_boot() (as the firmware before an update did): the boot after,
     * without it, must read its own cause, not the one this boot latched. */
    if (stage == 2) coda_boot();
#endif
    board_put_kv("boot, stage", stage);
    board_put_kv("hook calls before the first read", hook_calls());
    board_put_kv("reset cause", coda_last_reset_cause());
    clear_register(); /* the latched cause stays */
    board_put_kv("after the register was cleared", coda_last_reset_cause());
    board_put_kv("hook calls", hook_calls());
    print_last_report();
#ifdef BOARD_NOINIT_GARBAGE
    exit(0); /* the reset handler writes 0xBA at every boot: power-on is all there is */
#endif
    switch (stage) {
    case 0: /* power-on */
        (void)coda_register_on(say, (void *)1, CODA_ON_RESET);
        set_register(CAUSE_SOFTWARE);
        board_set_stage(1);
        coda_reset();
    case 1:
        set_register(CAUSE_WATCHDOG);
        board_set_stage(2);
        board_system_reset(); /* not coda's: no report, the register says watchdog */
    case 2:
        (void)coda_register_on(say, (void *)2, CODA_ON_BROWNOUT);
        set_register(CAUSE_BROWNOUT);
        board_set_stage(3);
        board_enable_irq(BOARD_POWER_IRQ);
        board_pend_irq(BOARD_POWER_IRQ);
        board_puts("WRONG: the brownout returned\n");
        board_exit(1);
    case 3:
        set_register(0); /* the board cannot tell */
        board_set_stage(4);
        board_system_reset();
    case 4: /* a stray write over the whole of .noinit, then a pin reset */
        for (uint8_t *p = __noinit_start; p < __noinit_end; ++p) *(volatile uint8_t *)p = 0xBA;
        set_register(CAUSE_PIN);
        board_set_stage(5);
        board_system_reset();
    default:
        exit(0);
    }
}
