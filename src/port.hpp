// port.hpp - the port contract: the few primitives the portable core needs.
//
// Declared once here, defined once per port: out of line in the port's folder
// (ports/<name>/port.cpp), or inline in its port_memory.hpp, which this header includes
// first, where a call would cost more than the primitive itself (the hosted port's LOCK
// CMPXCHG, the bare-metal handler call). These are the only undefined symbols the core's
// objects may reference (checked by the freestanding symbol test). A new port is a new
// folder defining them; the core never changes.
#ifndef CODA_PORT_HPP
#define CODA_PORT_HPP

#include "coda/detail/atomic.hpp"
#include <stdint.h>

#include "coda/coda.h"
#include "port_memory.hpp"  // first: a port may define the calls below inline there

namespace coda::port {

// Atomically: if obj == expected, obj = desired; either way return the value obj held
// (== expected: it succeeded). Ordered as the port's port_memory.hpp says: sequentially
// consistent across cores, program order on one core. Must be safe against any
// interrupt or signal (ARMv6-M: a few instructions with PRIMASK set). By value, so no
// caller keeps `expected` in memory: no stack slot, no store and reload around a call.
uint8_t compare_exchange(detail::atomic<uint8_t> &obj, uint8_t expected, uint8_t desired) noexcept;
uint16_t compare_exchange(detail::atomic<uint16_t> &obj, uint16_t expected,
                               uint16_t desired) noexcept;
uint32_t compare_exchange(detail::atomic<uint32_t> &obj, uint32_t expected,
                               uint32_t desired) noexcept;

// Called before a registration that registration_ready() does not let skip it, from the
// registering context: a hosted port arms its exit path here (once), so the coda block
// runs where the first registration was made in the C library's exit order. May do nothing.
void registered() noexcept;
// True when registered() has nothing left to do: a registration's fast path then skips it
// (and the call, which would cost the path a frame). Only where small_code is false.
bool registration_ready() noexcept;

// Defined by the port as `inline constexpr bool small_code`: true where flash is scarce
// (one copy of each path), false where a path may be copied to be faster.

// Calls fn(arg). Returns false when the handler failed (threw, on hosted C++ builds
// with exceptions): the port reports it on one line and nothing escapes.
bool invoke(coda_fn fn, void *arg) noexcept;

} // namespace coda::port

#endif // CODA_PORT_HPP
