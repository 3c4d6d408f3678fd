// atomic_rmw.cpp - for information only (never a failure): which read-modify-write
// operations on 8- and 16-bit atomics the CPU does inline and which become libatomic /
// __atomic_* calls. On ARMv6-M (Cortex-M0/M0+) every one of them is a call, which is
// why the core never uses them and asks the port for compare_exchange instead.
#include <atomic>
#include <cstdint>

extern "C" {

bool probe_cas_u8(std::atomic<std::uint8_t> &a, std::uint8_t &e, std::uint8_t d) { return a.compare_exchange_strong(e, d); }
bool probe_cas_u16(std::atomic<std::uint16_t> &a, std::uint16_t &e, std::uint16_t d) { return a.compare_exchange_strong(e, d); }
std::uint8_t probe_exchange_u8(std::atomic<std::uint8_t> &a, std::uint8_t v) { return a.exchange(v); }
std::uint8_t probe_fetch_add_u8(std::atomic<std::uint8_t> &a) { return a.fetch_add(1); }
std::uint16_t probe_fetch_or_u16(std::atomic<std::uint16_t> &a, std::uint16_t v) { return a.fetch_or(v); }

} // extern "C"
