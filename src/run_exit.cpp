// run_exit.cpp - the exit path's run where run.cpp is not linked: the plain run, a tail
// call (src/global.hpp). Its own object: here coda_detail_run_plain is declared, not
// defined weak, and GCC never tail-calls a function it knows as weak (on Arm); a call
// with a frame would add one to the exit run's stack. Before run.cpp in the archive
// (CMakeLists.txt): the linker takes the first member that defines the symbol, and an
// image that calls no run of its own must not load run.o for it.
#include "global.hpp"

namespace coda::detail {
extern "C" [[gnu::weak]] void coda_detail_run_exit(unsigned trigger) noexcept { coda_detail_run_plain(trigger); }
} // namespace coda::detail
