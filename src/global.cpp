// global.cpp - the one registry behind the C API and the ports, and its constant view.
#include "global.hpp"

#include "table_impl.hpp"

namespace coda {
namespace {
// constinit: zero-filled static storage, no dynamic initialiser, usable from early boot.
constinit registry<CODA_CAPACITY> the_registry;
} // namespace

registry<CODA_CAPACITY> &global() noexcept { return the_registry; }

namespace detail {
// constexpr here (declared extern in global.hpp): the hot paths below fold it in.
constexpr table<global_index> global_table = access::view(the_registry);

int add_global(coda_fn fn, void *arg, unsigned triggers) noexcept { return impl::add(global_table, fn, arg, triggers); }

std::size_t run_global(unsigned trigger, coda_budget_fn budget, void *ctx, coda_report *report) noexcept {
    return impl::run(global_table, trigger, budget, ctx, report);
}

std::size_t run_final_global(unsigned trigger) noexcept {
    return impl::run_final(global_table, trigger, [](unsigned which) { return run_global(which, nullptr, nullptr, nullptr); });
}
} // namespace detail
} // namespace coda
