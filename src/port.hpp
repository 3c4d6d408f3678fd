// port.hpp - the port contract: the few primitives the portable core needs.
//
// Declared once here, defined once per port (ports/<name>/port.cpp). These are the
// only undefined symbols the core's objects may reference (checked by the freestanding
// symbol test). A new port is a new folder defining them; the core never changes.
#ifndef CODA_PORT_HPP
#define CODA_PORT_HPP

#include <atomic>
#include <cstdint>

#include "coda/coda.h"

namespace coda::port {

// Atomically: if obj == expected, obj = desired and return true; otherwise load obj
// into expected and return false. Sequentially consistent. Must be safe against any
// interrupt or signal (ARMv6-M: a few instructions with PRIMASK set).
bool compare_exchange(std::atomic<std::uint8_t> &obj, std::uint8_t &expected, std::uint8_t desired) noexcept;
bool compare_exchange(std::atomic<std::uint16_t> &obj, std::uint16_t &expected, std::uint16_t desired) noexcept;

// Called at the start of every registration, from the registering context: a hosted
// port arms its exit path here (once), so the coda block runs where the first
// registration was made in the C library's exit order. May do nothing.
void registered() noexcept;

// Calls fn(arg). Returns false when the handler failed (threw, on hosted C++ builds
// with exceptions): the port reports it on one line and nothing escapes.
bool invoke(coda_fn fn, void *arg) noexcept;

} // namespace coda::port

#endif // CODA_PORT_HPP
