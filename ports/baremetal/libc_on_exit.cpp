// libc_on_exit.cpp - on_exit on coda's table (CODA_REPLACE_LIBC_ATEXIT): fn(status, arg)
// gets the status exit() was called with, in the one LIFO order with every other entry.
//
// An entry holds a function and its argument; an on_exit handler needs the status too
// and a different call. Rather than mark each entry, each distinct on_exit function is
// bound, once and for good, to one of CODA_ON_EXIT_FUNCTIONS trampolines, and its entry
// stores (trampoline, arg): an on_exit entry costs the RAM of any entry, plus one word
// per distinct function. Binding is a compare-exchange on a free word; nothing unbinds,
// so it needs no lock. The status is recorded by this object's __call_exitprocs, which
// replaces libc_atexit.cpp's weak one when on_exit is linked. on_exit handlers run on
// exit only (a reset or quick_exit has no exit status).
#include <stdint.h>

#include "coda/detail/atomic.hpp"
#include "coda/firmware.h"
#include "atomics.hpp"
#include "global.hpp"
#include "libc_atexit.hpp"
#include "port.hpp"

#ifndef CODA_ON_EXIT_FUNCTIONS
#define CODA_ON_EXIT_FUNCTIONS 4
#endif

namespace {

using status_fn = void (*)(int, void *);
static_assert(sizeof(status_fn) == sizeof(uint32_t), "a function is bound as a 32-bit word");
constexpr unsigned function_slots = CODA_ON_EXIT_FUNCTIONS;
static_assert(function_slots >= 1, "CODA_ON_EXIT_FUNCTIONS must be at least 1");

// The bound functions; 0: free. Read in program order (one core, src/atomics.hpp): an
// entry is published after its function was bound.
coda::detail::atomic<uint32_t> bound[function_slots];
volatile int exit_status;                          // of the exit() running the table

uint32_t word_of(status_fn fn) { return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(fn)); }

// One body for every trampoline, so each of them is two instructions.
[[gnu::noinline]] void call_bound(void *arg, unsigned slot) {
    const auto fn = reinterpret_cast<status_fn>(static_cast<uintptr_t>(coda::detail::load(bound[slot])));
    fn(exit_status, arg);
}

template <unsigned slot>
void trampoline(void *arg) {
    call_bound(arg, slot);
}

// at[slot] is trampoline<slot>, for every slot below count (std::make_integer_sequence,
// which needs <utility>: this runtime needs no C++ library header).
template <unsigned count, unsigned... slot>
struct trampoline_table : trampoline_table<count - 1, count - 1, slot...> {};
template <unsigned... slot>
struct trampoline_table<0, slot...> {
    static constexpr coda_fn at[] = {&trampoline<slot>...};
};
using trampolines = trampoline_table<function_slots>;

// The trampoline bound to fn, binding a free one if fn has none; null when all are
// taken, or fn is null. Under a policy that stores nothing, nothing is bound: any
// trampoline stands in, as the policy drops or refuses the registration unseen.
coda_fn bind(status_fn fn) {
    if (fn == nullptr) return nullptr;
    if constexpr (!coda::libc_atexit::stores) return trampolines::at[0];
    const uint32_t word = word_of(fn);
    for (unsigned slot = 0; slot < function_slots; ++slot) {
        uint32_t seen = coda::detail::load(bound[slot]);
        if (seen == 0) seen = coda::port::compare_exchange(bound[slot], 0, word);
        if (seen == 0 || seen == word) return trampolines::at[slot];  // bound now, or before
    }
    return nullptr;
}

} // namespace

extern "C" {

int on_exit(void (*fn)(int, void *), void *arg) {
    return coda::libc_atexit::add(bind(fn), arg, CODA_ON_EXIT);
}

// libc_atexit.cpp's exit path, which also keeps the status for the trampolines.
void __call_exitprocs(int status, void *dso) {
    (void)dso;
    exit_status = status;
    coda::detail::run_final_global(CODA_ON_EXIT);
}

} // extern "C"
