// cpu.hpp - what the bare-metal runtime (ports/baremetal) asks of this CPU beyond the
// core's port contract (src/port.hpp): every CPU folder has a cpu.hpp defining these
// two, inline, as port_memory.hpp defines the core's memory order.
#ifndef CODA_CPU_HPP
#define CODA_CPU_HPP

#include <stdint.h>

static_assert(__ARM_ARCH_PROFILE == 'M', "ports/cortex-m is for M-profile CPUs (AIRCR, PRIMASK): set CODA_PORT");

namespace coda::cpu {

// Masks every interrupt software can mask (PRIMASK: all but NMI and HardFault), for
// good: nothing may register between a reset run's seal and the reset.
[[gnu::always_inline]] inline void mask_interrupts() noexcept { asm volatile("cpsid i" ::: "memory"); }

// Requests a system reset (AIRCR.SYSRESETREQ) and waits for it.
[[noreturn]] inline void request_system_reset() noexcept {
    constexpr uintptr_t aircr = 0xE000ED0Cu;
    asm volatile("dsb" ::: "memory");
    *reinterpret_cast<volatile uint32_t *>(aircr) = 0x05FA0004u;  // VECTKEY | SYSRESETREQ
    asm volatile("dsb" ::: "memory");
    for (;;) {
    }
}

} // namespace coda::cpu

#endif // CODA_CPU_HPP
