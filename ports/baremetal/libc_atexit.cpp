// libc_atexit.cpp - the C library's atexit family on coda's table (CODA_REPLACE_LIBC_ATEXIT).
//
// atexit, __cxa_atexit, __aeabi_atexit (every static object with a destructor),
// at_quick_exit (libc_quick_exit.cpp) and on_exit (libc_on_exit.cpp) become coda
// registrations, so they run LIFO with coda_register'ed entries, need no malloc and no
// second table. __call_exitprocs, the hook newlib's and picolibc's exit() call first, is
// coda's exit path: the C library's own atexit objects (__register_exitproc,
// __call_exitprocs, _global_atexit, on_exit) are never pulled into the link.
// CODA_LIBC_ATEXIT picks what a registration becomes (libc_atexit.hpp): stored (table),
// accepted and dropped (discard), or refused (refuse). A refused registration returns
// nonzero, as C allows; refused and discarded ones are counted.
#include <stdint.h>

#include "atomics.hpp"  // the core's loads, in program order on one core
#include "coda/detail/atomic.hpp"
#include "coda/firmware.h"
#include "global.hpp"
#include "libc_atexit.hpp"
#include "port.hpp"

#ifndef CODA_LIBC_ATEXIT_TRIGGERS
#define CODA_LIBC_ATEXIT_TRIGGERS CODA_ON_EXIT
#endif

namespace {

using coda::libc_atexit::plain_fn;
using coda::libc_atexit::policy;

// Registrations refused and discarded since boot, each saturating at 255 (a byte: the
// compare-exchange the core uses). One object: a compiler that aligns each variable to a
// word (RISC-V GCC's -malign-data=xlen) would give two bytes a word each.
coda::detail::atomic<uint8_t> counts[2];
coda::detail::atomic<uint8_t> &refused = counts[0];
coda::detail::atomic<uint8_t> &discarded = counts[1];

void count(coda::detail::atomic<uint8_t> &counter) {
    uint8_t seen = coda::detail::load(counter);  // the exchange orders
    while (seen != 0xFFu) {
        const uint8_t held = coda::port::compare_exchange(counter, seen, static_cast<uint8_t>(seen + 1u));
        if (held == seen) return;
        seen = held;  // an interrupt counted meanwhile: count on top of it
    }
}

[[maybe_unused]] int refuse() {  // the table policy's only
    count(refused);
    return -1;
}

// A void() handler travels in the argument slot, so an atexit entry costs no more RAM
// than any other. The route is fn -> uintptr_t -> void* and back: pointer <-> integer
// of the same width keeps the bits (C++ [expr.reinterpret.cast]/4-5; GCC documents the
// integer <-> pointer mappings as bit-preserving), never a direct function <-> object cast.
static_assert(sizeof(plain_fn) == sizeof(uintptr_t) && sizeof(void *) == sizeof(uintptr_t),
              "a function pointer must fit the argument slot");

void *pack(plain_fn fn) { return reinterpret_cast<void *>(reinterpret_cast<uintptr_t>(fn)); }

void call_packed(void *packed) { reinterpret_cast<plain_fn>(reinterpret_cast<uintptr_t>(packed))(); }

} // namespace

int coda::libc_atexit::add(coda_fn fn, void *arg, unsigned triggers) {
    if constexpr (chosen == policy::table) {
        return coda::detail::add_global(fn, arg, triggers) == CODA_OK ? 0 : refuse();  // null: CODA_EINVAL
    } else {
        const bool dropped = chosen == policy::discard && fn != nullptr;  // else refused
        count(dropped ? discarded : refused);
        return dropped ? 0 : -1;
    }
}

int coda::libc_atexit::add_plain(plain_fn fn, unsigned triggers) {
    return add(fn == nullptr ? nullptr : call_packed, pack(fn), triggers);
}

extern "C" {

int atexit(void (*fn)(void)) { return coda::libc_atexit::add_plain(fn, CODA_LIBC_ATEXIT_TRIGGERS); }

// The C++ runtime's registration of a static object's destructor; the DSO handle has no
// meaning in a statically linked firmware.
int __cxa_atexit(void (*fn)(void *), void *object, void *dso) {
    (void)dso;
    return coda::libc_atexit::add(fn, object, CODA_LIBC_ATEXIT_TRIGGERS);
}

// The ARM EABI spelling g++ emits (arguments in another order).
int __aeabi_atexit(void *object, void (*fn)(void *), void *dso) { return __cxa_atexit(fn, object, dso); }

// What exit() calls first (newlib, newlib-nano, picolibc), before it flushes stdio and
// calls _exit: coda's exit path when the option is on (no -Wl,--wrap=exit then). A
// handler that calls exit() re-enters here; the nested run takes the entries left.
// Weak: libc_on_exit.cpp's, linked with on_exit, also keeps the status for its handlers.
__attribute__((weak)) void __call_exitprocs(int status, void *dso) {
    (void)status;
    (void)dso;
    coda::detail::run_final_global(CODA_ON_EXIT);
}

// Static destructors name their DSO through it; crtbegin.o (not linked with
// -nostartfiles) or picolibc may define it too, so this one is weak.
__attribute__((weak, visibility("hidden"))) void *__dso_handle = nullptr;

unsigned coda_libc_atexit_refused(void) { return coda::detail::load(refused); }

unsigned coda_libc_atexit_discarded(void) { return coda::detail::load(discarded); }

} // extern "C"
