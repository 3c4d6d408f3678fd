// port.cpp - the RISC-V compare-exchange, the core's one CPU primitive (src/port.hpp);
// registered(), small_code and invoke() are the bare-metal runtime's
// (ports/baremetal/port_calls.hpp).
//
// Words: the __atomic builtin's inline LR.W/SC.W loop. An interrupt's own compare-
// exchange between the two ends in an SC of its own, which makes this SC fail (the A
// extension: an SC fails when another SC came between it and its LR on the same hart),
// and the loop retries; coda never writes a word it compare-exchanges with a plain store.
//
// Bytes and halfwords: GCC 12 calls __atomic_compare_exchange_1/2 for them and bare-metal
// RISC-V has no libatomic; an LR/SC on the aligned word around them would also write back
// its neighbours, and an interrupt may store to a neighbour with a plain store (an order
// byte beside a state byte, the sealed bit beside `top`) with no SC after it. So: load,
// compare and store with mstatus.MIE clear, restored as it was after.
#include <stdint.h>

#include "port.hpp"

namespace coda::port {
namespace {

template <class T>
[[gnu::always_inline]] inline T masked_compare_exchange(coda::detail::atomic<T> &obj, T expected, T desired) {
    unsigned long previous;
    asm volatile(".option push\n.option arch, +zicsr\ncsrrci %0, mstatus, 8\n.option pop"
                 : "=r"(previous)::"memory");
    const T seen = obj.load(coda::detail::memory_order::relaxed);  // nothing else runs on the hart now
    if (seen == expected) obj.store(desired, coda::detail::memory_order::relaxed);
    asm volatile(".option push\n.option arch, +zicsr\ncsrs mstatus, %0\n.option pop" ::"r"(previous & 8u)
                 : "memory");
    return seen;
}

} // namespace

uint8_t compare_exchange(coda::detail::atomic<uint8_t> &obj, uint8_t expected, uint8_t desired) noexcept {
    return masked_compare_exchange(obj, expected, desired);
}

uint16_t compare_exchange(coda::detail::atomic<uint16_t> &obj, uint16_t expected, uint16_t desired) noexcept {
    return masked_compare_exchange(obj, expected, desired);
}

// One hart (port_memory.hpp): program order suffices, no .aq/.rl.
uint32_t compare_exchange(coda::detail::atomic<uint32_t> &obj, uint32_t expected, uint32_t desired) noexcept {
    return obj.compare_exchange_seen(expected, desired, coda::detail::memory_order::relaxed);
}

} // namespace coda::port
