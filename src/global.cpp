// global.cpp - the one registry behind the C API and the ports, and its constant view.
#include "global.hpp"

#include "table_impl.hpp"

namespace coda {
namespace {
// constinit: zero-filled static storage, no dynamic initialiser, usable from early boot.
constinit registry<CODA_CAPACITY> the_registry;
constexpr detail::table<detail::global_index> the_view = detail::access::view(the_registry);
} // namespace

registry<CODA_CAPACITY> &global() noexcept { return the_registry; }

namespace detail {
constinit const table<global_index> global_table = the_view;

int add_global(coda_fn fn, void *arg, unsigned triggers) noexcept { return impl::add(the_view, fn, arg, triggers); }

std::size_t run_global(unsigned trigger, coda_budget_fn budget, void *ctx, coda_report *report) noexcept {
    return impl::run(the_view, trigger, budget, ctx, report);
}

std::size_t run_final_global(unsigned trigger) noexcept {
    return impl::run_final(the_view, trigger, [](unsigned which) { return run_global(which, nullptr, nullptr, nullptr); });
}
} // namespace detail
} // namespace coda
