// invoke.cpp - port::invoke, the core's one call into handlers.
//
// Compiled with -fno-exceptions (CMakeLists.txt), like the core: no unwind action of its
// own, so the forced unwind of a handler that calls pthread_exit (or is cancelled) goes
// through it and the core's run frames to the run's caller, and the thread ends (through
// the C API; registry::run is noexcept: tests/process/README.md). Compiled with
// exceptions, its own noexcept would turn that unwind into std::terminate.
#include "port.hpp"
#include "posix_port.hpp"

namespace coda::port {

bool invoke(coda_fn fn, void *arg) noexcept { return call_handler(fn, arg); }

} // namespace coda::port
