// port_memory.hpp - the template's memory layer: how the core orders its atomics
// (src/atomics.hpp) and how one object of the core pulls another into the link
// (src/global.hpp). Every port folder has one; the core includes it by this name.
#ifndef CODA_PORT_MEMORY_HPP
#define CODA_PORT_MEMORY_HPP

#include "coda/detail/atomic.hpp"

#include "../baremetal/port_calls.hpp"     // registered(), small_code, invoke()
// load_in_program_order and store_in_program_order, the accesses one_core asks for: this
// generic form is right for any CPU; a port may write them as one instruction each in
// assembly with a "memory" clobber instead (ports/cortex-m/port_memory.hpp).
#include "../baremetal/program_order.hpp"

namespace coda::port {
// Set it to false if two cores may call coda at once: the core then uses sequentially
// consistent atomics and the two accesses of program_order.hpp are not used. True (a single core, its
// interrupts and RTOS threads): a core sees its own accesses in program order, so only
// the compiler must keep that order, and no barrier instruction is paid.
inline constexpr bool one_core = true;

// Makes the object file that calls this need Function, so the linker loads the archive
// member that defines it. This form takes its address (an instruction or two); a port
// can do it for no byte with a zero-size relocation of its ABI's NONE type
// (ports/cortex-m: R_ARM_NONE; RISC-V: R_RISCV_NONE).
template <auto Function>
[[gnu::always_inline]] inline void pull_in() noexcept {
    asm volatile("" ::"r"(Function));
}
} // namespace coda::port

#endif // CODA_PORT_MEMORY_HPP
