// nmi.cpp - coda_nmi_entry, the NMI vector coda's users install, and its default body.
//
// Apart from port.cpp, which every image links: the default body runs coda_brownout,
// so only an image that installs coda_nmi_entry links the brownout run.
#include "coda/cortex_m.h"

#include "exclusives.hpp"

asm(R"(
    .syntax unified
    .thumb
    .section .text.coda_nmi_entry,"ax",%progbits
    .global coda_nmi_entry
    .type coda_nmi_entry, %function
    .thumb_func
coda_nmi_entry:
)"
#if !CODA_CM_EXCLUSIVE
    // ARMv6-M: an NMI that interrupted port.cpp's compare-exchange after its load and
    // before its store resumes at the load, [coda_cm_ras*_start, coda_cm_ras*_end).
    R"(
    .macro rewind_if_inside start, end
    ldr   r2, =\start
    ldr   r3, =\end
    cmp   r1, r2
    bls   9f
    cmp   r1, r3
    bhs   9f
    str   r2, [r0, #24]
9:
    .endm
    movs  r0, #4
    mov   r1, lr
    tst   r0, r1
    beq   1f
    mrs   r0, psp
    b     2f
1:  mrs   r0, msp
2:  ldr   r1, [r0, #24]
    rewind_if_inside coda_cm_ras8_start, coda_cm_ras8_end
    rewind_if_inside coda_cm_ras16_start, coda_cm_ras16_end
    rewind_if_inside coda_cm_ras32_start, coda_cm_ras32_end
    ldr   r3, =coda_nmi_handler
    bx    r3
    .ltorg
)"
#else
    // With exclusives every exception return clears the monitor: nothing to rewind.
    R"(
    b.w   coda_nmi_handler
)"
#endif
    R"(
    .size coda_nmi_entry, . - coda_nmi_entry
    .text
)");

// Default NMI body behind coda_nmi_entry: the NMI is the power-fail warning.
extern "C" __attribute__((weak)) void coda_nmi_handler(void) { coda_brownout(); }
