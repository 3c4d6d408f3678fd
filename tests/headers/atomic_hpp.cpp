// atomic_hpp.cpp - include/coda/detail/atomic.hpp alone (see CMakeLists.txt (a)).
#include "coda/detail/atomic.hpp"

// Plain bytes, halfwords and words: a registry's storage is these, zero-filled.
static_assert(sizeof(coda::detail::atomic<unsigned char>) == 1);
static_assert(sizeof(coda::detail::atomic<unsigned short>) == 2);
static_assert(sizeof(coda::detail::atomic<unsigned>) == 4);

unsigned char coda_header_check_atomic(coda::detail::atomic<unsigned char> &a);
unsigned char coda_header_check_atomic(coda::detail::atomic<unsigned char> &a) {
    unsigned char expected = 0;
    (void)a.compare_exchange_strong(expected, 1, coda::detail::memory_order::relaxed);
    a.store(expected);
    coda::detail::signal_fence();
    return a.load(coda::detail::memory_order::acquire);
}
