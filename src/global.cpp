// global.cpp - what every program that registers on the global registry links:
// registration, the plain exit run and the seal.
#include "global.hpp"

#include "table_impl.hpp"

namespace coda::detail {
int add_global(coda_fn fn, void *arg, unsigned triggers) noexcept {
    return impl::add_as<impl::slot::pending>(global_table, fn, arg, triggers, [] { return coda_detail_make_room(); });
}

// Without an API that makes holes, the dead entries are at the top: trimming makes room.
// Nothing compacts nor counts itself then (removals link compaction.cpp, whose strong
// definition replaces this one), so the trim needs none of the claimer checks.
extern "C" [[gnu::weak]] bool coda_detail_make_room() noexcept { return impl::trim_unshared(global_table); }

// A run without budget or report, where nothing compacts or counts itself (as for the
// trim above): compaction.cpp's strong one is the general run.
extern "C" [[gnu::weak]] void coda_detail_run_plain(unsigned trigger) noexcept {
    (void)impl::run_unshared(global_table, trigger);
}

// The exit path's run: run.cpp's strong one is run_global, shared with coda_run. Called
// by a second name of run_plain, declared plainly: GCC never tail-calls a function it
// knows as weak (on Arm), and a call with a frame would add 8 bytes to the exit stack.
extern "C" void coda_detail_run_plain_linked(unsigned trigger) noexcept __asm__("coda_detail_run_plain");
extern "C" [[gnu::weak]] void coda_detail_run_exit(unsigned trigger) noexcept {
    coda_detail_run_plain_linked(trigger);
}

void seal_global() noexcept { impl::seal(global_table); }
} // namespace coda::detail
