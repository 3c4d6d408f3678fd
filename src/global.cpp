// global.cpp - the one registry behind the C API and the ports.
#include "coda/registry.hpp"

namespace coda {
namespace {
// constinit: zero-filled static storage, no dynamic initialiser, usable from early boot.
constinit registry<CODA_CAPACITY> the_registry;
} // namespace

registry<CODA_CAPACITY> &global() noexcept { return the_registry; }
} // namespace coda
