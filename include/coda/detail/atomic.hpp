// detail/atomic.hpp - the atomic type of coda's storage, on the compiler alone.
//
// Users do not include this header: registry.hpp does. coda::detail::atomic<T> is a T
// read and written only through the GCC/Clang __atomic builtins, with std::atomic's
// names for the few operations coda needs, so that the core and the public headers
// compile with no C++ library header at all (a toolchain may ship none: Debian's
// riscv64-unknown-elf GCC has only the compiler's own <stdint.h> and <stddef.h>).
// Zero-filled storage is a zero value: a registry needs no constructor to run.
//
// Lock-free where the CPU has the instructions; a port whose CPU lacks a read-modify-
// write instruction for a width does not use the builtin's (src/port.hpp: the port's
// compare_exchange).
#ifndef CODA_DETAIL_ATOMIC_HPP
#define CODA_DETAIL_ATOMIC_HPP

namespace coda::detail {

enum class memory_order : int {
    relaxed = __ATOMIC_RELAXED,
    acquire = __ATOMIC_ACQUIRE,
    release = __ATOMIC_RELEASE,
    seq_cst = __ATOMIC_SEQ_CST,
};

template <class T>
class atomic {
public:
    constexpr atomic() noexcept = default;
    constexpr atomic(T value) noexcept : value_(value) {}
    atomic(const atomic &) = delete;
    atomic &operator=(const atomic &) = delete;

    [[gnu::always_inline]] T load(memory_order order = memory_order::seq_cst) const noexcept {
        return __atomic_load_n(&value_, static_cast<int>(order));
    }
    [[gnu::always_inline]] void store(T value, memory_order order = memory_order::seq_cst) noexcept {
        __atomic_store_n(&value_, value, static_cast<int>(order));
    }
    // As std::atomic's: on failure, expected becomes the value seen. A failed
    // exchange orders as a load of the same strength (relaxed, else acquire or seq_cst).
    [[gnu::always_inline]] bool compare_exchange_strong(T &expected, T desired,
                                                        memory_order order = memory_order::seq_cst) noexcept {
        return __atomic_compare_exchange_n(&value_, &expected, desired, false, static_cast<int>(order),
                                           static_cast<int>(failure_order(order)));
    }
    // compare_exchange_strong that returns the value seen (== expected: it succeeded):
    // the port contract's form (src/port.hpp), for a CPU whose builtin is lock-free.
    [[gnu::always_inline]] T compare_exchange_seen(T expected, T desired,
                                                   memory_order order = memory_order::seq_cst) noexcept {
        (void)compare_exchange_strong(expected, desired, order);
        return expected;
    }

private:
    static constexpr memory_order failure_order(memory_order order) noexcept {
        return order == memory_order::release ? memory_order::relaxed : order;
    }

    T value_{};
};

// Keeps the compiler from moving memory accesses across it (std::atomic_signal_fence):
// all the ordering one core needs between its own accesses.
[[gnu::always_inline]] inline void signal_fence() noexcept { __atomic_signal_fence(__ATOMIC_SEQ_CST); }

} // namespace coda::detail

#endif // CODA_DETAIL_ATOMIC_HPP
