// invoke.cpp - the core's port calls that are the same on every bare-metal CPU
// (src/port.hpp); the compare-exchange is the CPU folder's.
#include "port.hpp"

namespace coda::port {

// The exit path is the C library's exit hook or a link-time wrap of exit(): nothing to
// arm at registration.
void registered() noexcept {}

// Firmware builds have no exceptions: a handler that returns has succeeded.
bool invoke(coda_fn fn, void *arg) noexcept {
    fn(arg);
    return true;
}

} // namespace coda::port
