// cpu.hpp - what the bare-metal runtime (ports/baremetal) asks of this CPU beyond the
// core's port contract (src/port.hpp): every CPU folder has a cpu.hpp defining these
// two, inline.
#ifndef CODA_CPU_HPP
#define CODA_CPU_HPP

#if !defined(__riscv) || __riscv_xlen != 32 || !defined(__riscv_atomic)
#error "ports/riscv is for RV32 with the A extension (LR/SC): set CODA_PORT"
#endif

#include "coda/riscv.h"  // coda_riscv_system_reset: the firmware's

namespace coda::cpu {

// Clears mstatus.MIE, masking every interrupt, for good: nothing may register between
// a reset run's seal and the reset. Machine mode (coda runs there on bare metal).
[[gnu::always_inline]] inline void mask_interrupts() noexcept {
    asm volatile(".option push\n.option arch, +zicsr\ncsrci mstatus, 8\n.option pop" ::: "memory");
}

// Requests a system reset through the board and does not return.
[[noreturn]] inline void request_system_reset() noexcept { coda_riscv_system_reset(); }

} // namespace coda::cpu

#endif // CODA_CPU_HPP
