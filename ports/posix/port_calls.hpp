// port_calls.hpp - the hosted port's calls of the port contract (src/port.hpp) that are
// cheaper inline than called: the compare-exchange, a LOCK CMPXCHG where the core calls
// it, registered() and registration_ready(), one load once the exit path is armed, and
// small_code. port_memory.hpp includes this; invoke() is out of line (invoke.cpp: it
// catches what a handler throws).
#ifndef CODA_POSIX_PORT_CALLS_HPP
#define CODA_POSIX_PORT_CALLS_HPP

#include <cstdint>

#include "coda/detail/atomic.hpp"

namespace coda::port {

// Code size is no hosted concern: no call around each LOCK CMPXCHG.
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
[[gnu::always_inline]] inline bool registration_ready() noexcept {
    // Acquire: seeing true means the hooks' installation happened before this registration.
    return exit_path_armed.load(coda::detail::memory_order::acquire);
}
[[gnu::always_inline]] inline void registered() noexcept {
    if (!registration_ready()) arm_exit_path();
}
// Code size is no hosted concern: a registration's fast path beside its general one.
inline constexpr bool small_code = false;

} // namespace coda::port

#endif // CODA_POSIX_PORT_CALLS_HPP
