// port_memory.hpp - how the core orders its atomics on this port (src/atomics.hpp), and
// how an object of the core pulls another into the link (src/global.hpp).
#ifndef CODA_PORT_MEMORY_HPP
#define CODA_PORT_MEMORY_HPP

namespace coda::port {
// Every caller (main loop, interrupts, NMI, RTOS threads) runs on one core, which sees
// its own accesses in program order: compiler ordering suffices, no DMB (docs/cortex-m.md).
inline constexpr bool one_core = true;

// Makes the object file that calls this need Function, for no byte of code: a zero-size
// R_ARM_NONE relocation. The linker then loads the archive member that defines it.
template <auto Function>
[[gnu::always_inline]] inline void pull_in() noexcept {
    asm(".reloc ., R_ARM_NONE, %c0" ::"i"(Function));
}
} // namespace coda::port

#endif // CODA_PORT_MEMORY_HPP
