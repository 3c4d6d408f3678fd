// global_registry.cpp - coda::global(), the C++ API's way to the global registry. Its
// remove, clear and runs of one trigger can leave holes: it links compaction.
#include "global.hpp"

namespace coda {
registry<CODA_CAPACITY> &global() noexcept {
    detail::needs_compaction();
    return detail::the_registry;
}
} // namespace coda
