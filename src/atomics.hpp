// atomics.hpp - the core's atomic loads and stores, ordered as the port needs.
//
// Sequentially consistent where coda's callers may run on several cores (hosted). Where
// the port says they all share one core (interrupts, RTOS threads on one Cortex-M), a
// core sees its own accesses in program order: only the compiler must keep that order,
// so no barrier instruction is paid per access.
#ifndef CODA_ATOMICS_HPP
#define CODA_ATOMICS_HPP

#include "coda/detail/atomic.hpp"

#include "port_memory.hpp"

namespace coda::detail {

// T, in a parameter that takes no part in deducing T (std::type_identity_t).
template <class T>
struct type_identity {
    using type = T;
};
template <class T>
using type_identity_t = typename type_identity<T>::type;

template <class T>
[[gnu::always_inline]] inline T load(const detail::atomic<T> &obj) noexcept {
    if constexpr (port::one_core) {
        return port::load_in_program_order(obj);
    } else {
        return obj.load();
    }
}

template <class T>
[[gnu::always_inline]] inline void store(detail::atomic<T> &obj, type_identity_t<T> value) noexcept {
    if constexpr (port::one_core) {
        port::store_in_program_order(obj, value);
    } else {
        obj.store(value);
    }
}

// A slot's fn and arg words: relaxed, since the state byte's compare-exchange orders
// them (published after the stores, claimed before the loads). Relaxed also on several
// cores: a removal's first look may meet a word being written, which decides nothing.
template <class T>
[[gnu::always_inline]] inline T load_word(const detail::atomic<T> &obj) noexcept {
    if constexpr (port::one_core) {
        return port::load_in_program_order(obj);
    } else {
        return obj.load(detail::memory_order::relaxed);
    }
}

template <class T>
[[gnu::always_inline]] inline void store_word(detail::atomic<T> &obj, type_identity_t<T> value) noexcept {
    if constexpr (port::one_core) {
        port::store_in_program_order(obj, value);
    } else {
        obj.store(value, detail::memory_order::relaxed);
    }
}

} // namespace coda::detail

#endif // CODA_ATOMICS_HPP
