// atomic_loadstore.cpp - what the core needs from the CPU itself: loads and stores of
// std::atomic<uint8_t>, <uint16_t> and <uint32_t> (the claimer count) in every memory
// order, and relaxed ones of a slot's fn and arg words, must compile to plain
// instructions (ldrb/strh/ldr + dmb) on every Cortex-M, ARMv6-M included. The
// freestanding.* tests compile this alone and fail if it leaves any symbol undefined
// (an __atomic_load_1 or __atomic_store_2 call would be one). Read-modify-write
// operations are not here: ARMv6-M has no LDREX/STREX, which is why the core calls
// coda::port::compare_exchange instead (see atomic_rmw.cpp).
#include <atomic>
#include <cstdint>

extern "C" {

std::uint8_t probe_load_u8(const std::atomic<std::uint8_t> &a) { return a.load(); }
std::uint8_t probe_load_u8_acquire(const std::atomic<std::uint8_t> &a) { return a.load(std::memory_order_acquire); }
std::uint8_t probe_load_u8_relaxed(const std::atomic<std::uint8_t> &a) { return a.load(std::memory_order_relaxed); }
void probe_store_u8(std::atomic<std::uint8_t> &a, std::uint8_t v) { a.store(v); }
void probe_store_u8_release(std::atomic<std::uint8_t> &a, std::uint8_t v) { a.store(v, std::memory_order_release); }
void probe_store_u8_relaxed(std::atomic<std::uint8_t> &a, std::uint8_t v) { a.store(v, std::memory_order_relaxed); }

std::uint16_t probe_load_u16(const std::atomic<std::uint16_t> &a) { return a.load(); }
std::uint16_t probe_load_u16_acquire(const std::atomic<std::uint16_t> &a) { return a.load(std::memory_order_acquire); }
std::uint16_t probe_load_u16_relaxed(const std::atomic<std::uint16_t> &a) { return a.load(std::memory_order_relaxed); }
void probe_store_u16(std::atomic<std::uint16_t> &a, std::uint16_t v) { a.store(v); }
void probe_store_u16_release(std::atomic<std::uint16_t> &a, std::uint16_t v) { a.store(v, std::memory_order_release); }
void probe_store_u16_relaxed(std::atomic<std::uint16_t> &a, std::uint16_t v) { a.store(v, std::memory_order_relaxed); }

std::uint32_t probe_load_u32(const std::atomic<std::uint32_t> &a) { return a.load(); }
void probe_store_u32(std::atomic<std::uint32_t> &a, std::uint32_t v) { a.store(v); }

void *probe_load_arg_relaxed(const std::atomic<void *> &a) { return a.load(std::memory_order_relaxed); }
void probe_store_arg_relaxed(std::atomic<void *> &a, void *v) { a.store(v, std::memory_order_relaxed); }
using fn_ptr = void (*)(void *);
fn_ptr probe_load_fn_relaxed(const std::atomic<fn_ptr> &a) { return a.load(std::memory_order_relaxed); }
void probe_store_fn_relaxed(std::atomic<fn_ptr> &a, fn_ptr v) { a.store(v, std::memory_order_relaxed); }

void probe_fence() { std::atomic_thread_fence(std::memory_order_seq_cst); }
void probe_signal_fence() { std::atomic_signal_fence(std::memory_order_seq_cst); }

} // extern "C"
