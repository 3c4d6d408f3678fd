// global.cpp - what every program that registers on the global registry links:
// registration and the plain exit run.
#include "global.hpp"

#include "table_impl.hpp"

namespace coda::detail {
int add_global(coda_fn fn, void *arg, unsigned triggers) noexcept {
    return impl::add_as<impl::slot::pending>(global_table, fn, arg, triggers, [] { return coda_detail_make_room(); });
}

// Without an API that makes holes, the dead entries are at the top: trimming makes room.
extern "C" [[gnu::weak]] bool coda_detail_make_room() noexcept { return impl::trim_room(global_table); }

namespace {
[[gnu::noinline]] std::size_t run_plain(unsigned trigger) noexcept {
    return impl::run(global_table, trigger, nullptr, nullptr, nullptr);
}
} // namespace

// The exit path's run without budget or report; run.cpp's strong one shares run_global.
[[gnu::weak]] std::size_t run_final_global(unsigned trigger) noexcept {
    return impl::run_final(global_table, trigger, run_plain);
}
} // namespace coda::detail
