/* cortex_m.h - coda on bare-metal Cortex-M: the firmware API (coda/firmware.h, included
 * here) and what only this CPU has, the NMI entry.
 *
 * Linked into coda::coda when cross-compiling with cmake/arm-none-eabi.cmake. Runs on
 * ARMv6-M (Cortex-M0/M0+), ARMv7-M (M3, M4, M7) and ARMv8-M (M23, M33).
 *
 * Example (on an M0, whose power-fail warning is wired to NMI):
 *     // the vector table's NMI slot: coda_nmi_entry (in place of NMI_Handler)
 *     void coda_nmi_handler(void) { coda_brownout(); }  // what it calls: this is the default
 *
 * Guarantees and rules:
 *  - ARMv6-M has no LDREX/STREX: coda masks interrupts (PRIMASK) for 5 instructions per
 *    compare-exchange. PRIMASK does not mask NMI, so when an NMI handler runs coda
 *    (coda_brownout, coda_run, ...) install coda_nmi_entry as the NMI vector: it restarts
 *    a compare-exchange the NMI interrupted, then calls coda_nmi_handler(). ARMv7-M and
 *    ARMv8-M (M23 included) use exclusive loads and stores and mask nothing.
 *  - A system reset (coda_reset, coda_after_brownout's default) is AIRCR.SYSRESETREQ.
 */
#ifndef CODA_CORTEX_M_H
#define CODA_CORTEX_M_H

#include "coda/firmware.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Optional NMI vector (needed on ARMv6-M when an NMI handler calls coda): restarts a
 * masked compare-exchange the NMI interrupted, then calls coda_nmi_handler(). */
void coda_nmi_entry(void);
/* Weak: what coda_nmi_entry calls. Default: coda_brownout(). */
void coda_nmi_handler(void);

#ifdef __cplusplus
}
#endif

#endif /* CODA_CORTEX_M_H */
