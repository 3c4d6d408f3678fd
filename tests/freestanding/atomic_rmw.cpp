// atomic_rmw.cpp - for information only (never a failure): which read-modify-write
// operations on 8- and 16-bit atomics the CPU does inline and which become libatomic /
// __atomic_* calls. On ARMv6-M (Cortex-M0/M0+) every one of them is a call, which is
// why the core never uses them and asks the port for compare_exchange instead.
#include <stdint.h>

#include "coda/detail/atomic.hpp"

using coda::detail::atomic;

extern "C" {

bool probe_cas_u8(atomic<uint8_t> &a, uint8_t &e, uint8_t d) { return a.compare_exchange_strong(e, d); }
bool probe_cas_u16(atomic<uint16_t> &a, uint16_t &e, uint16_t d) { return a.compare_exchange_strong(e, d); }
uint8_t probe_exchange_u8(uint8_t &a, uint8_t v) { return __atomic_exchange_n(&a, v, __ATOMIC_SEQ_CST); }
uint8_t probe_fetch_add_u8(uint8_t &a) { return __atomic_fetch_add(&a, 1, __ATOMIC_SEQ_CST); }
uint16_t probe_fetch_or_u16(uint16_t &a, uint16_t v) { return __atomic_fetch_or(&a, v, __ATOMIC_SEQ_CST); }

} // extern "C"
