/* riscv.h - coda on bare-metal RISC-V: the firmware API (coda/firmware.h, included here)
 * and the one hook the RISC-V port asks of the firmware, the system reset.
 *
 * Linked into coda::coda when cross-compiling with cmake/riscv-unknown-elf.cmake. Runs
 * on RV32 with the A extension, in machine mode, on one hart (docs/riscv.md).
 *
 * Example (QEMU virt: the SiFive test device resets the machine):
 *     void coda_riscv_system_reset(void) {
 *         *(volatile uint32_t *)0x100000 = 0x7777;
 *         for (;;) {}
 *     }
 *
 * Guarantees and rules:
 *  - A compare-exchange of a byte or a halfword clears mstatus.MIE for a load, a compare
 *    and a store; a word's is LR/SC. A resumable NMI (Smrnmi) that runs coda is not
 *    supported: nothing restarts the masked sequence under it.
 *  - A system reset (coda_reset, coda_after_brownout's default) is this hook.
 */
#ifndef CODA_RISCV_H
#define CODA_RISCV_H

#include "coda/firmware.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Resets the machine and does not return: RISC-V defines no reset request, so the
 * firmware (or its board support) does it with its board's device. */
__attribute__((__noreturn__)) void coda_riscv_system_reset(void);

#ifdef __cplusplus
}
#endif

#endif /* CODA_RISCV_H */
