// global.cpp - the one registry behind the C API and the ports, and its constant view.
#include "global.hpp"

namespace coda {
namespace {
// constinit: zero-filled static storage, no dynamic initialiser, usable from early boot.
constinit registry<CODA_CAPACITY> the_registry;
} // namespace

registry<CODA_CAPACITY> &global() noexcept { return the_registry; }

namespace detail {
constinit const table<global_index> global_table = access::view(the_registry);
} // namespace detail
} // namespace coda
