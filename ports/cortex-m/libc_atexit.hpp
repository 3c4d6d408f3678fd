// libc_atexit.hpp - what the libc backend's two objects share (CODA_REPLACE_LIBC_ATEXIT).
#ifndef CODA_LIBC_ATEXIT_HPP
#define CODA_LIBC_ATEXIT_HPP

namespace coda::libc_atexit {
using plain_fn = void (*)();
// Registers a void() handler for triggers; 0, or nonzero and counted when refused.
int add_plain(plain_fn fn, unsigned triggers);
} // namespace coda::libc_atexit

#endif // CODA_LIBC_ATEXIT_HPP
