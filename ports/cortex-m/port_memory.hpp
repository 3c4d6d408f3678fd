// port_memory.hpp - how the core orders its atomics on this port (src/atomics.hpp), and
// how an object of the core pulls another into the link (src/global.hpp).
#ifndef CODA_PORT_MEMORY_HPP
#define CODA_PORT_MEMORY_HPP

#include "coda/detail/atomic.hpp"

#include "../baremetal/port_calls.hpp"  // registered(), small_code, invoke()

namespace coda::port {
// Every caller (main loop, interrupts, NMI, RTOS threads) runs on one core, which sees
// its own accesses in program order: compiler ordering suffices, no DMB (docs/cortex-m.md).
inline constexpr bool one_core = true;

// A load the compiler keeps in program order with every other memory access (the
// "memory" clobber), as one core needs (src/atomics.hpp): an LDRB, LDRH or LDR. A relaxed
// atomic load between two signal fences does the same but leaves a zero-extension
// after each load of a byte or halfword (GCC 12): 2 bytes of code each; and a word's
// address is computed apart, where an LDR takes [base, index, LSL #2] itself. Low
// registers: ARMv6-M has no other LDRB/LDRH.
template <class T>
[[gnu::always_inline]] inline T load_in_program_order(const coda::detail::atomic<T> &obj) noexcept {
    static_assert(sizeof(T) == 1 || sizeof(T) == 2 || sizeof(T) == 4, "the core loads bytes, halfwords and words");
    if constexpr (sizeof(T) == 4) {
        T value;
        asm volatile("ldr %0, %1" : "=l"(value) : "m"(obj) : "memory");
        return value;
    } else {
        unsigned value;
        if constexpr (sizeof(T) == 1) {
            asm volatile("ldrb %0, %1" : "=l"(value) : "m"(obj) : "memory");
        } else {
            asm volatile("ldrh %0, %1" : "=l"(value) : "m"(obj) : "memory");
        }
        if (value > static_cast<T>(~T{})) __builtin_unreachable();  // tells the compiler it is zero-extended
        return static_cast<T>(value);
    }
}

// clang makes every atomic access on ARMv6-M (no exclusive access) a call: there the
// store below of a byte or halfword is a volatile one, not the __atomic builtin (GCC
// inlines the builtin, and its code is smaller than the volatile store's).
#if defined(__clang__) && defined(__ARM_ARCH_6M__)
inline constexpr bool plain_narrow_stores = true;
#else
inline constexpr bool plain_narrow_stores = false;
#endif

// A store kept in program order: a word's an STR that takes an indexed address (a
// relaxed atomic store computes it apart); a byte's or halfword's a relaxed store
// between compiler barriers.
template <class T>
[[gnu::always_inline]] inline void store_in_program_order(coda::detail::atomic<T> &obj, T value) noexcept {
    static_assert(sizeof(T) == 1 || sizeof(T) == 2 || sizeof(T) == 4, "the core stores bytes, halfwords and words");
    static_assert(sizeof(obj) == sizeof(T), "an atomic is its value alone");
    if constexpr (sizeof(T) == 4) {
        asm volatile("str %1, %0" : "=m"(obj) : "l"(value) : "memory");
    } else {
        coda::detail::signal_fence();
        if constexpr (plain_narrow_stores) {
            *reinterpret_cast<volatile T *>(&obj) = value;
        } else {
            obj.store(value, coda::detail::memory_order::relaxed);
        }
        coda::detail::signal_fence();
    }
}

// Makes the object file that calls this need Function, for no byte of code: a zero-size
// R_ARM_NONE relocation. The linker then loads the archive member that defines it.
template <auto Function>
[[gnu::always_inline]] inline void pull_in() noexcept {
    asm(".reloc ., R_ARM_NONE, %c0" ::"i"(Function));
}
} // namespace coda::port

#endif // CODA_PORT_MEMORY_HPP
