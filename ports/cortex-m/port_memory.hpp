// port_memory.hpp - how the core orders its atomics on this port (src/atomics.hpp).
#ifndef CODA_PORT_MEMORY_HPP
#define CODA_PORT_MEMORY_HPP

namespace coda::port {
// Every caller (main loop, interrupts, NMI, RTOS threads) runs on one core, which sees
// its own accesses in program order: compiler ordering suffices, no DMB (docs/cortex-m.md).
inline constexpr bool one_core = true;
} // namespace coda::port

#endif // CODA_PORT_MEMORY_HPP
