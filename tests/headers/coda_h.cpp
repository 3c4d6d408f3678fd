// coda_h.cpp - include/coda/coda.h alone, as C++ (C++17 in tests/headers): the C API
// must compile unchanged in C++, with C linkage. Included twice: the guard must hold.
#include "coda/coda.h"
#include "coda/coda.h"

int coda_header_check_cxx();
int coda_header_check_cxx() {
    coda_report report = {0, 0, 0, 0, 0};
    coda_fn fn = nullptr;
    coda_budget_fn budget = nullptr;
    unsigned triggers = CODA_ON_GRACEFUL | CODA_ON_QUICK_EXIT | CODA_ON_BROWNOUT;
    int (*reg)(coda_fn, void *, unsigned) = coda_register_on;
    return (fn == nullptr && budget == nullptr && report.ran == 0 && triggers == CODA_ON_ANY && reg != nullptr)
               ? CODA_OK
               : CODA_EINVAL;
}
