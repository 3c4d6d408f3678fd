/* firmware.h - coda on bare metal, whatever the CPU: exit, software reset, brownout,
 * and what ended the previous boot (coda's report, the board's reset cause).
 *
 * Linked into coda::coda when cross-compiling for a bare-metal CPU (ports/baremetal with
 * the CPU's folder: ports/cortex-m). The CPU's own header (coda/cortex_m.h) includes
 * this one and adds what only that CPU has.
 *
 * Example (a power-fail interrupt and a watchdog-friendly software reset):
 *     void Reset_Handler(void) {
 *         coda_boot();                     // first thing: latches last boot's report
 *         ... copy .data, zero .bss, constructors, main() ...
 *     }
 *     void PVD_IRQHandler(void) { coda_brownout(); }   // STM32 PVD, nRF POFWARN, ...
 *
 *     coda_register_on(save_counter, &counter, CODA_ON_BROWNOUT);
 *     coda_register_on(log_reset, NULL, CODA_ON_RESET);
 *     struct coda_report last;
 *     if (coda_last_report(&last)) { ... last.trigger, last.ran, last.complete ... }
 *     if (coda_last_reset_cause() & RCC_CSR_IWDGRSTF) { ... }   // the board's hook below
 *     coda_reset();                        // runs the reset entries, then a system reset
 *
 * Guarantees and rules:
 *  - exit(status) (newlib, newlib-nano, picolibc) runs the CODA_ON_EXIT entries, seals
 *    the registry, then ends as the C library ends (stdio flush, _exit). The hook is
 *    __call_exitprocs, which the C library's exit calls first (CODA_REPLACE_LIBC_ATEXIT,
 *    the default; link option -Wl,--undefined=__call_exitprocs), or with the option OFF
 *    -Wl,--wrap=exit (then the C library's own atexit handlers run after coda's).
 *    coda::coda adds the link option to every target linking it; without CMake, add it.
 *  - coda_reset() and coda_brownout() record their report in .noinit RAM (at most 64
 *    bytes with the reset cause; magic + checksum), updated after every handler that
 *    returns: a reset in the middle of a run shows complete == 0 and the handlers that
 *    had returned. The linker script must place the section ".noinit" (NOLOAD) in RAM
 *    that a reset does not clear. Which resets keep that RAM depends on the part
 *    (power-on and brownout resets usually do not): docs/cortex-m.md, "Which resets
 *    keep .noinit". The reset cause says what the report cannot: power-on, pin,
 *    watchdog, brownout, lockup, as the board's reset-reason register tells it.
 *  - CODA_REPLACE_LIBC_ATEXIT (CMake option, ON by default): atexit, __cxa_atexit,
 *    __aeabi_atexit (every static object with a destructor), on_exit and at_quick_exit
 *    are coda registrations (triggers CODA_ON_EXIT, or CODA_ON_EXIT | CODA_ON_RESET with
 *    CODA_LIBC_ATEXIT_ON_RESET; on_exit: CODA_ON_EXIT; at_quick_exit:
 *    CODA_ON_QUICK_EXIT), so exit() runs them and coda_register'ed entries in one LIFO
 *    order, and quick_exit() runs the quick exit ones then _exit. No malloc, no second
 *    table: the C library's atexit code is not linked. When the table is full (or
 *    sealed) they return nonzero, as C allows, and coda_libc_atexit_refused() counts
 *    them: check it, e.g. once after main's setup:
 *        if (coda_libc_atexit_refused() != 0) { ... raise CODA_CAPACITY ... }
 *    The build defines CODA_REPLACE_LIBC_ATEXIT=1 for users of coda::coda then.
 *  - on_exit(fn, arg) calls fn(status, arg) with the status of the exit() that runs it.
 *    Each distinct function given to on_exit takes one of CODA_ON_EXIT_FUNCTIONS words
 *    (CMake cache variable, default 4) for good; the same function with other
 *    arguments takes none. With all taken, a new function is refused and counted.
 *  - CODA_LIBC_ATEXIT (CMake cache variable) says what the C library's registrations
 *    become: `table` (the default, above), `discard` (they return 0 and are dropped:
 *    no table room, nothing runs; coda_libc_atexit_discarded() counts them; for a
 *    firmware that never exits and should not pay for static destructors) or `refuse`
 *    (they return nonzero and coda_libc_atexit_refused() counts them; to check at boot
 *    that nothing registers behind the project's back). coda_register is unchanged.
 *  - No heap, no stdio, no libc call outside exit itself.
 */
#ifndef CODA_FIRMWARE_H
#define CODA_FIRMWARE_H

#include "coda/coda.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Call first thing in the reset handler (before .data/.bss init and constructors; it
 * needs no C runtime), or never: latches the previous boot's report for
 * coda_last_report, clears the record for this boot, and latches coda_reset_cause()
 * for coda_last_reset_cause. */
void coda_boot(void);

/* 1 and the report of the previous boot's reset or brownout run; 0 when there is
 * none (power-on, a reset coda did not request) or the .noinit RAM holds garbage. */
int coda_last_report(struct coda_report *out);

/* Weak board hook: the board's reset-reason register, as is (STM32 RCC->CSR, nRF52
 * NRF_POWER->RESETREAS, SAM RSTC->RCAUSE, ...); 0 = unknown. Default: returns 0. Called
 * once per boot: by coda_boot(), so before .data, .bss and constructors exist (read
 * registers and constants; no .data, .bss or constructed object), or, in a firmware
 * that does not call coda_boot(), by the first coda_last_reset_cause(). Clearing the
 * flags for the next boot (RMVF, writing RESETREAS back) is the board's choice; do it
 * after the latch. */
unsigned coda_reset_cause(void);

/* What coda_reset_cause() returned for this boot, the same on every call: the value
 * coda_boot() latched, or, when coda_boot() did not run this boot, the value of the
 * hook at this function's first call (call it early, before the board clears its
 * flags). 0 when the hook is not provided or returned 0 (unknown). Never a value from
 * garbage in .noinit (guarded by a check word), and, as long as coda_boot() is called
 * in every boot or in none (and not after this function), never one from an earlier
 * boot: a boot that calls coda_boot() and never reads the cause, followed by one that
 * does not call coda_boot(), would read the earlier boot's. */
unsigned coda_last_reset_cause(void);

/* Runs the CODA_ON_RESET entries, records the report, requests a system reset (the
 * CPU's: AIRCR.SYSRESETREQ on Cortex-M). */
__attribute__((__noreturn__)) void coda_reset(void);

/* Call from the power-fail interrupt handler: runs the CODA_ON_BROWNOUT entries under
 * the budget set below, records the report, then calls coda_after_brownout(). */
void coda_brownout(void);

/* The budget of coda_brownout (NULL: no limit): asked before each handler starts,
 * e.g. "is the supply still above the flash-write threshold?". A brownout interrupting
 * this call uses the old pair or the new one, never a mix; call it from one context.
 * A brownout handler may store to RAM that survives (.noinit, backup SRAM) and write a
 * few peripheral registers (outputs to a safe state); it must not start what it cannot
 * finish before the supply drops (a flash erase or write, a wait with no bound).
 * Example, a budget that stops when the supply comparator says the time is up:
 *     static int supply_ok(void *ctx) { (void)ctx; return (PWR->CSR & PWR_CSR_PVDO) == 0; }
 *     coda_set_brownout_budget(supply_ok, NULL);     // STM32F1: PVDO = VDD below PVD level
 * docs/cortex-m.md ("Writing brownout handlers") sizes a budget from the hold-up time. */
void coda_set_brownout_budget(coda_budget_fn budget, void *ctx);

/* Weak hook called by coda_brownout after its run. Default: system reset. Define it to
 * wait for the supply to recover, sleep, or return to the interrupted code. */
void coda_after_brownout(void);

/* With CODA_REPLACE_LIBC_ATEXIT: how many atexit, on_exit, at_quick_exit, __cxa_atexit
 * and __aeabi_atexit registrations were refused (table full, sealed, NULL handler, no
 * on_exit function word left, or CODA_LIBC_ATEXIT=refuse) since boot, saturating at
 * 255. A nonzero value means a destructor or handler will not run. */
unsigned coda_libc_atexit_refused(void);

/* With CODA_REPLACE_LIBC_ATEXIT and CODA_LIBC_ATEXIT=discard: how many of those
 * registrations (on_exit included) were accepted and dropped since boot, saturating at
 * 255. 0 under the other policies. */
unsigned coda_libc_atexit_discarded(void);

#ifdef __cplusplus
}
#endif

#endif /* CODA_FIRMWARE_H */
