/* coda_h.c - include/coda/coda.h alone, as C99 (-std=c99 -Wall -Wextra -Wpedantic
 * -Werror): it must need nothing included before it, and its types and constants must
 * be plain C. Included twice: the include guard must hold. */
#include "coda/coda.h"
#include "coda/coda.h"

int coda_header_check_c(void);
int coda_header_check_c(void) {
    struct coda_report report = {0, 0, 0, 0, 0};
    coda_fn fn = NULL;
    coda_budget_fn budget = NULL;
    unsigned triggers = CODA_ON_GRACEFUL | CODA_ON_QUICK_EXIT | CODA_ON_BROWNOUT;
    size_t (*count)(void) = coda_pending;
    return (fn == NULL && budget == NULL && report.ran == 0 && triggers == CODA_ON_ANY && count != NULL)
               ? CODA_OK
               : CODA_EINVAL;
}
