// cpu.hpp - what the bare-metal runtime (ports/baremetal) asks of the CPU beyond the
// core's port contract: every CPU folder defines these two, inline.
#ifndef CODA_CPU_HPP
#define CODA_CPU_HPP

// A copy that still says what the template says would build and then neither mask
// nor reset: fill in both functions, then delete this check. The repository's
// own checks of the template define CODA_TEMPLATE_AS_IS.
#ifndef CODA_TEMPLATE_AS_IS
#error "ports/<cpu>/cpu.hpp: fill in mask_interrupts() and request_system_reset()"
#endif

namespace coda::cpu {

// Masks every interrupt software can mask, for good: coda_reset calls it after its run
// and before its seal, so nothing registers between the seal and the reset. Write the
// CPU's instruction here (Cortex-M: cpsid i; RISC-V: clear mstatus.MIE).
[[gnu::always_inline]] inline void mask_interrupts() noexcept { asm volatile("" ::: "memory"); }

// Requests a system reset and does not return (Cortex-M: AIRCR.SYSRESETREQ; a RISC-V
// board: its reset device). The template has none: it waits, as after a request.
[[noreturn]] inline void request_system_reset() noexcept {
    for (;;) {
        asm volatile("" ::: "memory");
    }
}

} // namespace coda::cpu

#endif // CODA_CPU_HPP
