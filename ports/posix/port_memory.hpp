// port_memory.hpp - how the core orders its atomics on this port (src/atomics.hpp), and
// how an object of the core pulls another into the link (src/global.hpp).
#ifndef CODA_PORT_MEMORY_HPP
#define CODA_PORT_MEMORY_HPP

#include "coda/detail/atomic.hpp"

#include "port_calls.hpp"  // compare_exchange() and registered(), inline

namespace coda::port {
// Hosted threads run on several cores: sequentially consistent atomics.
inline constexpr bool one_core = false;

// Not used here (one_core is false): what src/atomics.hpp would call on one core.
template <class T>
inline T load_in_program_order(const coda::detail::atomic<T> &obj) noexcept {
    return obj.load();
}
template <class T>
inline void store_in_program_order(coda::detail::atomic<T> &obj, T value) noexcept {
    obj.store(value);
}

// Makes the object file that calls this need Function: the linker then loads the archive
// member that defines it. Position-independent code cannot name a symbol in a zero-size
// relocation, so this takes its address (one instruction; size is not a hosted concern).
template <auto Function>
[[gnu::always_inline]] inline void pull_in() noexcept {
    asm volatile("" ::"r"(Function));
}
} // namespace coda::port

#endif // CODA_PORT_MEMORY_HPP
