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

void seal_global() noexcept { impl::seal(global_table); }
} // namespace coda::detail
