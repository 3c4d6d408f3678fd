// port_memory.hpp - how the core orders its atomics on this port (src/atomics.hpp), and
// how an object of the core pulls another into the link (src/global.hpp).
#ifndef CODA_PORT_MEMORY_HPP
#define CODA_PORT_MEMORY_HPP

#include <atomic>
#include <cstdint>

#include "coda/detail/atomic.hpp"

namespace coda::port {
// Hosted threads run on several cores: sequentially consistent atomics.
inline constexpr bool one_core = false;

// The port contract's compare-exchange (src/port.hpp), inline: a LOCK CMPXCHG where the
// core calls it, with no call around it (code size is no hosted concern).
inline std::uint8_t compare_exchange(coda::detail::atomic<std::uint8_t> &obj, std::uint8_t expected,
                                     std::uint8_t desired) noexcept {
    return obj.compare_exchange_seen(expected, desired);
}
inline std::uint16_t compare_exchange(coda::detail::atomic<std::uint16_t> &obj, std::uint16_t expected,
                                      std::uint16_t desired) noexcept {
    return obj.compare_exchange_seen(expected, desired);
}
inline std::uint32_t compare_exchange(coda::detail::atomic<std::uint32_t> &obj, std::uint32_t expected,
                                      std::uint32_t desired) noexcept {
    return obj.compare_exchange_seen(expected, desired);
}

// The port contract's registered() (src/port.hpp), inline: once armed, one load.
extern coda::detail::atomic<bool> exit_path_armed;  // exit_path.cpp: true once a registration installed the hooks
void arm_exit_path() noexcept;                      // exit_path.cpp: installs them (the first registration's way)
[[gnu::always_inline]] inline void registered() noexcept {
    // Acquire: seeing true means the hooks' installation happened before this registration.
    if (!exit_path_armed.load(coda::detail::memory_order::acquire)) arm_exit_path();
}

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
