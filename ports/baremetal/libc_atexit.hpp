// libc_atexit.hpp - what the libc backend's objects share (CODA_REPLACE_LIBC_ATEXIT).
#ifndef CODA_LIBC_ATEXIT_HPP
#define CODA_LIBC_ATEXIT_HPP

#include "coda/coda.h"

// CODA_LIBC_ATEXIT (CMake): what becomes of the C library's registrations.
#ifndef CODA_LIBC_ATEXIT_POLICY
#define CODA_LIBC_ATEXIT_POLICY table
#endif

namespace coda::libc_atexit {

enum class policy {
    table,    // stored on coda's table, run LIFO with coda's entries
    discard,  // accepted (0) and dropped, counted: a firmware that never exits
    refuse,   // refused (nonzero) and counted: nothing may register behind coda's back
};
inline constexpr policy chosen = policy::CODA_LIBC_ATEXIT_POLICY;
// Whether a registration reaches the table (only then is an on_exit function bound).
inline constexpr bool stores = chosen == policy::table;

using plain_fn = void (*)();
// Registers fn(arg) for triggers as the policy says: 0, or nonzero and counted. A null
// fn (bad input, or nothing to call it through) is refused under every policy.
int add(coda_fn fn, void *arg, unsigned triggers);
// The same for a void() handler.
int add_plain(plain_fn fn, unsigned triggers);

} // namespace coda::libc_atexit

#endif // CODA_LIBC_ATEXIT_HPP
