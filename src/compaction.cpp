// compaction.cpp - the global registry's compaction, linked by needs_compaction().
#include "global.hpp"

#include "table_impl.hpp"

namespace coda::detail {
// Overrides global.cpp's weak trim: holes below live entries are moved out of the way.
extern "C" bool coda_detail_make_room() noexcept { return impl::compact(global_table); }

// The same function under the name needs_compaction() refers to: not one byte more.
extern "C" [[gnu::alias("coda_detail_make_room")]] bool coda_detail_compaction() noexcept;

// Overrides global.cpp's weak plain run, which counts on slot numbers that never move.
extern "C" void coda_detail_run_plain(unsigned trigger) noexcept {
    (void)impl::run(global_table, trigger, nullptr, nullptr, nullptr);
}
} // namespace coda::detail
