/* port_headers.c - include/coda/posix.h, cortex_m.h, riscv.h and firmware.h, each alone, as C99
 * and (port_headers.cpp) C++17, warnings as errors: each must need nothing included
 * before it. Compiled only, for the host: the ports' declarations, not their code.
 * CODA_HEADER selects the header; included twice: the include guard must hold. */
#if CODA_HEADER == 1
#include "coda/posix.h"
#include "coda/posix.h"
int coda_port_header_check(void);
int coda_port_header_check(void) {
    int (*catch_signals)(const int *, size_t) = coda_catch_signals;
    return catch_signals != NULL ? CODA_OK : CODA_EINVAL;
}
#elif CODA_HEADER == 2
#include "coda/cortex_m.h"
#include "coda/cortex_m.h"
int coda_port_header_check(void);
int coda_port_header_check(void) {
    void (*nmi_entry)(void) = coda_nmi_entry;
    void (*nmi_handler)(void) = coda_nmi_handler;
    void (*brownout)(void) = coda_brownout;  /* firmware.h comes with it */
    return (nmi_entry != NULL && nmi_handler != NULL && brownout != NULL) ? CODA_OK : CODA_EINVAL;
}
#elif CODA_HEADER == 4
#include "coda/riscv.h"
#include "coda/riscv.h"
int coda_port_header_check(void);
int coda_port_header_check(void) {
    void (*system_reset)(void) = coda_riscv_system_reset;
    void (*brownout)(void) = coda_brownout;  /* firmware.h comes with it */
    return (system_reset != NULL && brownout != NULL) ? CODA_OK : CODA_EINVAL;
}
#else
#include "coda/firmware.h"
#include "coda/firmware.h"
int coda_port_header_check(void);
int coda_port_header_check(void) {
    void (*boot)(void) = coda_boot;
    int (*last)(struct coda_report *) = coda_last_report;
    void (*budget)(coda_budget_fn, void *) = coda_set_brownout_budget;
    unsigned (*refused)(void) = coda_libc_atexit_refused;
    unsigned (*discarded)(void) = coda_libc_atexit_discarded;
    unsigned (*cause)(void) = coda_last_reset_cause;
    unsigned (*cause_hook)(void) = coda_reset_cause;
    return (boot != NULL && last != NULL && budget != NULL && refused != NULL && discarded != NULL &&
            cause != NULL &&
            cause_hook != NULL)
               ? CODA_OK
               : CODA_EINVAL;
}
#endif
