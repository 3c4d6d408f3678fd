// fork.cpp - after fork(), the child's global registry gets back its full capacity.
//
// Only the forking thread goes on in the child: a claimer count, a reserved position, a
// claim or a half-done swap that another thread held at the fork would never be undone.
// A pthread_atfork child handler forgets them (core: recover_orphans). It cannot tell a
// context of the forking thread itself (fork() called from a signal handler that
// interrupted a coda call on that thread) from a gone one: do not fork there.
#include <pthread.h>

#include <cstdint>

#include "global.hpp"
#include "posix_port.hpp"

namespace {

std::uint8_t seen_scratch[(CODA_CAPACITY + 7) / 8];

extern "C" void coda_posix_after_fork_in_child() {
    coda::detail::needs_compaction();  // the slots it frees below live entries are holes
    coda::detail::recover_orphans(coda::detail::global_table, seen_scratch);
}

} // namespace

namespace coda::port {

bool watch_forks() noexcept { return pthread_atfork(nullptr, nullptr, coda_posix_after_fork_in_child) == 0; }

} // namespace coda::port
