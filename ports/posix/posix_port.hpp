// posix_port.hpp - shared between the POSIX port's own files (not the core's contract).
#ifndef CODA_POSIX_PORT_HPP
#define CODA_POSIX_PORT_HPP

#include "coda/coda.h"

namespace coda::port {

// Calls fn(arg) (port.cpp). False when the handler threw: reported on one stderr line
// (docs/semantics.md, S12). Only a forced unwind (pthread_exit, cancellation) leaves it, rethrown.
bool call_handler(coda_fn fn, void *arg);

// Installs the fork child handler that gives the global registry its full capacity back
// (fork.cpp). True when installed.
bool watch_forks() noexcept;

} // namespace coda::port

#endif // CODA_POSIX_PORT_HPP
