// atomic_loadstore.cpp - what the core needs from the CPU itself: loads and stores of
// coda::detail::atomic<uint8_t>, <uint16_t> and <uint32_t> (include/coda/detail/atomic.hpp) (the claimer count) in every memory
// order, and relaxed ones of a slot's fn and arg words, must compile to plain
// instructions (ldrb/strh/ldr + dmb) on every Cortex-M, ARMv6-M included. The
// freestanding.* tests compile this alone and fail if it leaves any symbol undefined
// (an __atomic_load_1 or __atomic_store_2 call would be one). Read-modify-write
// operations are not here: ARMv6-M has no LDREX/STREX, which is why the core calls
// coda::port::compare_exchange instead (see atomic_rmw.cpp).
#include <stdint.h>

#include "coda/detail/atomic.hpp"

using coda::detail::atomic;
using coda::detail::memory_order;

extern "C" {

uint8_t probe_load_u8(const atomic<uint8_t> &a) { return a.load(); }
uint8_t probe_load_u8_acquire(const atomic<uint8_t> &a) { return a.load(memory_order::acquire); }
uint8_t probe_load_u8_relaxed(const atomic<uint8_t> &a) { return a.load(memory_order::relaxed); }
void probe_store_u8(atomic<uint8_t> &a, uint8_t v) { a.store(v); }
void probe_store_u8_release(atomic<uint8_t> &a, uint8_t v) { a.store(v, memory_order::release); }
void probe_store_u8_relaxed(atomic<uint8_t> &a, uint8_t v) { a.store(v, memory_order::relaxed); }

uint16_t probe_load_u16(const atomic<uint16_t> &a) { return a.load(); }
uint16_t probe_load_u16_acquire(const atomic<uint16_t> &a) { return a.load(memory_order::acquire); }
uint16_t probe_load_u16_relaxed(const atomic<uint16_t> &a) { return a.load(memory_order::relaxed); }
void probe_store_u16(atomic<uint16_t> &a, uint16_t v) { a.store(v); }
void probe_store_u16_release(atomic<uint16_t> &a, uint16_t v) { a.store(v, memory_order::release); }
void probe_store_u16_relaxed(atomic<uint16_t> &a, uint16_t v) { a.store(v, memory_order::relaxed); }

uint32_t probe_load_u32(const atomic<uint32_t> &a) { return a.load(); }
void probe_store_u32(atomic<uint32_t> &a, uint32_t v) { a.store(v); }

void *probe_load_arg_relaxed(const atomic<void *> &a) { return a.load(memory_order::relaxed); }
void probe_store_arg_relaxed(atomic<void *> &a, void *v) { a.store(v, memory_order::relaxed); }
using fn_ptr = void (*)(void *);
fn_ptr probe_load_fn_relaxed(const atomic<fn_ptr> &a) { return a.load(memory_order::relaxed); }
void probe_store_fn_relaxed(atomic<fn_ptr> &a, fn_ptr v) { a.store(v, memory_order::relaxed); }

void probe_fence() { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
void probe_signal_fence() { coda::detail::signal_fence(); }

} // extern "C"
