// global.hpp - the core on coda::global(), for the C API and the ports.
//
// The hot paths (registration, a run, the exit path's final run) are compiled for the
// global registry with its view a constant (global.cpp): addresses and capacity are
// folded in and no table argument is passed. The rest goes through the shared core with
// the view's address, so no call builds a view on its stack.
#ifndef CODA_GLOBAL_HPP
#define CODA_GLOBAL_HPP

#include "coda/registry.hpp"

namespace coda::detail {
using global_index = index_for<CODA_CAPACITY>;
extern const table<global_index> global_table;

int add_global(coda_fn fn, void *arg, unsigned triggers) noexcept;
std::size_t run_global(unsigned trigger, coda_budget_fn budget, void *ctx, coda_report *report) noexcept;
std::size_t run_final_global(unsigned trigger) noexcept;
} // namespace coda::detail

#endif // CODA_GLOBAL_HPP
