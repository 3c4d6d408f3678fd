// port_memory.hpp - how the core orders its atomics on this port (src/atomics.hpp), and
// how an object of the core pulls another into the link (src/global.hpp).
#ifndef CODA_PORT_MEMORY_HPP
#define CODA_PORT_MEMORY_HPP

#include "../baremetal/port_calls.hpp"     // registered(), small_code, invoke()
#include "../baremetal/program_order.hpp"  // the loads and stores one_core asks for: LBU, LHU, LW; SW

namespace coda::port {
// Every caller (main loop, interrupts, RTOS threads) runs on one hart, which sees its
// own accesses in program order: compiler ordering suffices, no FENCE.
inline constexpr bool one_core = true;

// Makes the object file that calls this need Function, for no byte of code: a zero-size
// R_RISCV_NONE relocation. The linker then loads the archive member that defines it.
template <auto Function>
[[gnu::always_inline]] inline void pull_in() noexcept {
    asm(".reloc ., R_RISCV_NONE, %0" ::"i"(Function));
}
} // namespace coda::port

#endif // CODA_PORT_MEMORY_HPP
