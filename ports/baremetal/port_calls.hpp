// port_calls.hpp - the port contract's calls that are the same on every bare-metal CPU
// (src/port.hpp), inline, and small_code: a registration arms nothing, and a run calls the handler
// itself, with no frame of a call between (less stack and fewer instructions per
// handler). The CPU folder's port_memory.hpp includes this; its compare-exchange is its own.
#ifndef CODA_BAREMETAL_PORT_CALLS_HPP
#define CODA_BAREMETAL_PORT_CALLS_HPP

#include "coda/coda.h"

namespace coda::port {

// The exit path is the C library's exit hook or a link-time wrap of exit(): nothing to
// arm at registration.
[[gnu::always_inline]] inline void registered() noexcept {}
// Flash is scarce: one copy of each path, no fast path beside it (so no registration_ready()).
inline constexpr bool small_code = true;

// Firmware builds have no exceptions: a handler that returns has succeeded.
[[gnu::always_inline]] inline bool invoke(coda_fn fn, void *arg) noexcept {
    fn(arg);
    return true;
}

} // namespace coda::port

#endif // CODA_BAREMETAL_PORT_CALLS_HPP
