// registry_hpp.cpp - include/coda/registry.hpp alone, as C++17 and as C++20, with the
// project's warnings as errors. Templates are only checked when instantiated, so both
// index widths of registry<N> (8-bit up to 255 entries, 16-bit beyond) are explicitly
// instantiated here, with the member templates and scoped_registration's constructor.
// Compiled only (an object library): nothing here is linked or run.
#include "coda/registry.hpp"
#include "coda/registry.hpp"

template class coda::registry<1>;
template class coda::registry<255>;
template class coda::registry<256>;

namespace {

struct widget {
    void stop() {}
};
void plain() {}
void handler(void *) {}

} // namespace

#if __cplusplus >= 202002L
// A registry is constant-initialised (constinit: the compiler proves it).
constinit coda::registry<8> constinit_small;
constinit coda::registry<1000> constinit_large;
#endif

int coda_header_check_registry();
int coda_header_check_registry() {
    static coda::registry<4> local;
    widget w;
    int bad = 0;
    bad += local.add<&widget::stop>(w) != coda::status::ok;
    bad += local.add<&plain>(CODA_ON_EXIT) != coda::status::ok;
    bad += local.add(handler, &w, CODA_ON_ANY) != coda::status::ok;
    {
        coda::scoped_registration guard(local, handler, nullptr, CODA_ON_RESET);
        coda::scoped_registration moved(static_cast<coda::scoped_registration &&>(guard));
        bad += !moved || moved.result() != coda::status::ok;
    }
    bad += local.remove<&widget::stop>(w) != 1;
    bad += local.remove<&plain>() != 1;
    static_assert(coda::registry<4>::capacity() == 4);
    coda::registry<CODA_CAPACITY> &global = coda::global();
    return bad + static_cast<int>(local.run(CODA_ON_EXIT) + global.pending());
}
