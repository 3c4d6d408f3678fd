// program_order.hpp - the loads and word stores of one core (src/atomics.hpp, one_core)
// for any CPU: relaxed accesses between compiler barriers, kept in program order with
// every other memory access. A CPU folder's port_memory.hpp includes this, or writes
// them as one instruction each in assembly with a "memory" clobber (ports/cortex-m).
#ifndef CODA_BAREMETAL_PROGRAM_ORDER_HPP
#define CODA_BAREMETAL_PROGRAM_ORDER_HPP

#include "coda/detail/atomic.hpp"

namespace coda::port {

template <class T>
[[gnu::always_inline]] inline T load_in_program_order(const coda::detail::atomic<T> &obj) noexcept {
    coda::detail::signal_fence();
    const T value = obj.load(coda::detail::memory_order::relaxed);
    coda::detail::signal_fence();
    return value;
}
template <class T>
[[gnu::always_inline]] inline void store_in_program_order(coda::detail::atomic<T> &obj, T value) noexcept {
    coda::detail::signal_fence();
    obj.store(value, coda::detail::memory_order::relaxed);
    coda::detail::signal_fence();
}

} // namespace coda::port

#endif // CODA_BAREMETAL_PROGRAM_ORDER_HPP
