// port.cpp - the Cortex-M compare-exchange, the core's one CPU primitive (see
// docs/cortex-m.md); registered(), small_code and invoke() are the
// bare-metal runtime's (ports/baremetal/port_calls.hpp, inline).
//
// With exclusive loads and stores (ARMv7-M, ARMv8-M mainline and baseline) the
// compare-exchange is the __atomic builtin's inline LDREXB/STREXB loop: no interrupt is masked,
// and an exception between the two makes STREX fail and the loop retry.
//
// Without them (ARMv6-M) it is five instructions with PRIMASK set. PRIMASK does not
// mask NMI, so the sequence is restartable: coda_nmi_entry rewinds an NMI's stacked PC
// to the sequence's load when it interrupted after the load and before the store, so
// the NMI's own claims can never be overwritten by a stale compare (nmi.cpp).
#include <stdint.h>

#include "coda/cortex_m.h"
#include "port.hpp"

#include "exclusives.hpp"

#if !CODA_CM_EXCLUSIVE
// The three coda::port::compare_exchange overloads themselves (by their mangled names:
// r0 = &obj, r1 = expected, r2 = desired; r0 returns the value seen). No stack.
// [coda_cm_ras*_start, coda_cm_ras*_end) is the restartable part: after the load,
// before the store; a failed compare branches straight to the end.
asm(R"(
    .syntax unified
    .thumb
    .section .text._ZN4coda4port16compare_exchangeERNS_6detail6atomicIhEEhh,"ax",%progbits
    .global _ZN4coda4port16compare_exchangeERNS_6detail6atomicIhEEhh
    .type _ZN4coda4port16compare_exchangeERNS_6detail6atomicIhEEhh, %function
    .thumb_func
_ZN4coda4port16compare_exchangeERNS_6detail6atomicIhEEhh:
    uxtb  r1, r1
    mrs   r12, primask
    cpsid i
    .global coda_cm_ras8_start
coda_cm_ras8_start:
    ldrb  r3, [r0]
    cmp   r3, r1
    bne   coda_cm_ras8_end
    strb  r2, [r0]
    .global coda_cm_ras8_end
coda_cm_ras8_end:
    msr   primask, r12
    movs  r0, r3
    bx    lr
    .size _ZN4coda4port16compare_exchangeERNS_6detail6atomicIhEEhh, . - _ZN4coda4port16compare_exchangeERNS_6detail6atomicIhEEhh

    .section .text._ZN4coda4port16compare_exchangeERNS_6detail6atomicItEEtt,"ax",%progbits
    .global _ZN4coda4port16compare_exchangeERNS_6detail6atomicItEEtt
    .type _ZN4coda4port16compare_exchangeERNS_6detail6atomicItEEtt, %function
    .thumb_func
_ZN4coda4port16compare_exchangeERNS_6detail6atomicItEEtt:
    uxth  r1, r1
    mrs   r12, primask
    cpsid i
    .global coda_cm_ras16_start
coda_cm_ras16_start:
    ldrh  r3, [r0]
    cmp   r3, r1
    bne   coda_cm_ras16_end
    strh  r2, [r0]
    .global coda_cm_ras16_end
coda_cm_ras16_end:
    msr   primask, r12
    movs  r0, r3
    bx    lr
    .size _ZN4coda4port16compare_exchangeERNS_6detail6atomicItEEtt, . - _ZN4coda4port16compare_exchangeERNS_6detail6atomicItEEtt

    .section .text._ZN4coda4port16compare_exchangeERNS_6detail6atomicImEEmm,"ax",%progbits
    .global _ZN4coda4port16compare_exchangeERNS_6detail6atomicImEEmm
    .type _ZN4coda4port16compare_exchangeERNS_6detail6atomicImEEmm, %function
    .thumb_func
_ZN4coda4port16compare_exchangeERNS_6detail6atomicImEEmm:
    mrs   r12, primask
    cpsid i
    .global coda_cm_ras32_start
coda_cm_ras32_start:
    ldr   r3, [r0]
    cmp   r3, r1
    bne   coda_cm_ras32_end
    str   r2, [r0]
    .global coda_cm_ras32_end
coda_cm_ras32_end:
    msr   primask, r12
    movs  r0, r3
    bx    lr
    .size _ZN4coda4port16compare_exchangeERNS_6detail6atomicImEEmm, . - _ZN4coda4port16compare_exchangeERNS_6detail6atomicImEEmm
    .global _ZN4coda4port16compare_exchangeERNS_6detail6atomicIjEEjj
    .type _ZN4coda4port16compare_exchangeERNS_6detail6atomicIjEEjj, %function
    .set _ZN4coda4port16compare_exchangeERNS_6detail6atomicIjEEjj, _ZN4coda4port16compare_exchangeERNS_6detail6atomicImEEmm

    .text
)");

static_assert(sizeof(coda::detail::atomic<uint8_t>) == 1 && sizeof(coda::detail::atomic<uint16_t>) == 2 &&
                  sizeof(coda::detail::atomic<uint32_t>) == 4,
              "atomics of 8, 16 and 32 bits must be plain bytes, halfwords and words");
static_assert(__is_same(uint32_t, unsigned long) || __is_same(uint32_t, unsigned int),
              "the assembly names the 32-bit one for uint32_t as unsigned long (GCC) and unsigned int (clang)");
#endif

#if CODA_CM_EXCLUSIVE
// One core (port_memory.hpp): the exclusive pair needs no DMB around it. Out of line, so
// the call itself keeps the compiler from moving memory accesses across it.
#include "compare_exchange_lock_free.inc"
#endif  // else: defined in assembly above
