// global.hpp - the core on the global registry: the one door of the C API and of every
// port (posix, baremetal) into it; C++ users reach the same registry through coda::global().
//
// The hot paths (registration, a run, the exit path's final run) are compiled for the
// global registry with its view a constant: addresses and capacity are folded in and no
// table argument is passed. The rest goes through the shared core with the view's
// address, so no call builds a view on its stack.
//
// A program pays for what it uses: each object below is linked only when one of its
// functions is called. Three features are reached from shared paths and come as a weak
// default overridden by a strong definition in the object that brings the feature:
//   coda_detail_make_room  global.cpp: trims; compaction.cpp: compacts (needs_compaction())
//   coda_detail_run_plain  global.cpp: a run on slot numbers that never move;
//                          compaction.cpp: the general run
//   coda_detail_run_exit   run_exit.cpp: coda_detail_run_plain; run.cpp: run_global,
//                          which a program calling coda_run or coda_reset links anyway
// global.cpp's weak ones count on what only compaction.cpp's objects break: slot numbers
// that never move (only compaction moves them) and no claimer (only compactions and
// removals count themselves, and every removal links compaction.cpp).
#ifndef CODA_GLOBAL_HPP
#define CODA_GLOBAL_HPP

#include "coda/registry.hpp"
#include "port_memory.hpp"

namespace coda::detail {
using global_index = index_for<CODA_CAPACITY>;
// The registry itself: the C++ API reaches it through coda::global(). Inline, so that
// every object of the core sees its definition (one in the link) and its view is a
// constant: a run compiled apart from it took 8 bytes more stack on Cortex-M0.
// constinit: zero-filled static storage, no dynamic initialiser, usable from early boot.
inline constinit registry<CODA_CAPACITY> the_registry;
inline constexpr table<global_index> global_table = access::view(the_registry);

int add_global(coda_fn fn, void *arg, unsigned triggers) noexcept;
// Runs trigger's entries with a budget and a report (src/run.cpp).
size_t run_global(unsigned trigger, coda_budget_fn budget, void *ctx, coda_report *report) noexcept;
// Seals the global registry (the seal's one copy for the exit paths and coda_reset).
void seal_global() noexcept;

// Makes room when top reached capacity; true when there is room now. C names: the weak
// and the strong definition, and the strong one's alias below, are named in attributes.
extern "C" bool coda_detail_make_room() noexcept;
// A run without budget or report (the exit path's, unless run.cpp is linked).
extern "C" void coda_detail_run_plain(unsigned trigger) noexcept;
// An exit path's run, without budget or report: a tail call to whichever run the image
// links (see above), so the exit path's stack is its own frame and that run's.
extern "C" void coda_detail_run_exit(unsigned trigger) noexcept;
// compaction.cpp's name for its strong coda_detail_make_room: the symbol only that
// object defines, so referring to it links the object.
extern "C" bool coda_detail_compaction() noexcept;

// Called by every function after which an entry can be gone from below a live one
// (a removal, a run of one trigger, an entry some run skips): links compaction.cpp, whose
// strong coda_detail_make_room compacts, so a full table with holes is not refused (docs/semantics.md, S4).
[[gnu::always_inline]] inline void needs_compaction() noexcept { port::pull_in<&coda_detail_compaction>(); }

// An exit path's last run: runs trigger's entries, seals, then runs those registered
// between the first run's last scan and the seal (as impl::run_final). Inline, so it
// adds no frame of its own between the exit path and the run; no count, as no exit
// path uses one.
inline void run_final_global(unsigned trigger) noexcept {
    coda_detail_run_exit(trigger);
    seal_global();
    coda_detail_run_exit(trigger);
}
} // namespace coda::detail

#endif // CODA_GLOBAL_HPP
