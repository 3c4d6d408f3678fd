// global.hpp - the core's view of coda::global(), a constant: the C API and the ports
// pass its address to the core, so no call builds a view on its stack.
#ifndef CODA_GLOBAL_HPP
#define CODA_GLOBAL_HPP

#include "coda/registry.hpp"

namespace coda::detail {
using global_index = index_for<CODA_CAPACITY>;
extern const table<global_index> global_table;
} // namespace coda::detail

#endif // CODA_GLOBAL_HPP
