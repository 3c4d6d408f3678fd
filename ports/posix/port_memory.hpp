// port_memory.hpp - how the core orders its atomics on this port (src/atomics.hpp).
#ifndef CODA_PORT_MEMORY_HPP
#define CODA_PORT_MEMORY_HPP

namespace coda::port {
// Hosted threads run on several cores: sequentially consistent atomics.
inline constexpr bool one_core = false;
} // namespace coda::port

#endif // CODA_PORT_MEMORY_HPP
