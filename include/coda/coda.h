/* coda.h - the C API of coda: a fixed-capacity, allocation-free cleanup registry.
 *
 * coda is atexit done right for firmware and hosted programs: a LIFO table of
 * (function, argument) pairs, sized at compile time by CODA_CAPACITY, run exactly
 * once from exit, quick_exit, a termination signal, a software reset or a brownout.
 *
 * Example:
 *     static void close_log(void *file) { fclose((FILE *)file); }
 *     ...
 *     if (coda_register(close_log, log_file) != CODA_OK) { ... }
 *     coda_register_on(save_counter, &counter, CODA_ON_BROWNOUT | CODA_ON_RESET);
 *
 * Guarantees:
 *  - No heap, no locks, no libc calls: the table is static storage, zero-filled is empty,
 *    so every call works from static constructors and from early boot.
 *  - Runs (coda_run, coda_run_budget and the ports' exit, signal, reset and brownout
 *    paths) never wait: they are safe in interrupt handlers of any priority, NMI
 *    included, and in POSIX signal handlers, whatever coda call they interrupt.
 *  - Registration, removal and clear are safe from any number of threads and from
 *    maskable interrupts; a registration interrupted by a run is either run whole or
 *    left pending, never seen half-written.
 *  - Each registration runs at most once, across all triggers, nested runs and threads.
 *    An entry is claimed (and stops being pending) before its handler is called.
 *  - Newest first (LIFO); a handler may register (its eligible entry runs next) and
 *    unregister (a removed pending entry does not run).
 *  - Bad input gets a status, never a crash: CODA_EINVAL, CODA_EFULL, CODA_ECLOSED.
 */
#ifndef CODA_CODA_H
#define CODA_CODA_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef void (*coda_fn)(void *arg);

/* Triggers: bit flags. A registration names the set of triggers it runs on. */
#define CODA_ON_EXIT       0x01u /* exit(), return from main                    */
#define CODA_ON_QUICK_EXIT 0x02u /* quick_exit()                                */
#define CODA_ON_SIGNAL     0x04u /* termination signal caught by the POSIX port */
#define CODA_ON_RESET      0x08u /* coda_reset(): the software-reset hook        */
#define CODA_ON_BROWNOUT   0x10u /* coda_brownout(): the power-fail interrupt    */
#define CODA_ON_GRACEFUL   (CODA_ON_EXIT | CODA_ON_SIGNAL | CODA_ON_RESET)
#define CODA_ON_ANY        0x1Fu

/* Status codes: negative, so that counts and statuses never mix up. */
#define CODA_OK        0
#define CODA_EINVAL  (-1) /* fn is NULL, or triggers is 0 or has unknown bits        */
#define CODA_EFULL   (-2) /* CODA_CAPACITY registrations are already pending         */
#define CODA_ECLOSED (-3) /* the process is past its final run: it would never run   */

/* Registers fn(arg) for the graceful triggers (exit, signal, reset). */
int coda_register(coda_fn fn, void *arg);
/* Registers fn(arg) for the given set of trigger bits. */
int coda_register_on(coda_fn fn, void *arg, unsigned triggers);
/* Removes every pending registration of fn, whatever its argument; returns the count. */
size_t coda_unregister(coda_fn fn);
/* Removes the pending registrations of exactly (fn, arg); returns the count. */
size_t coda_unregister_arg(coda_fn fn, void *arg);
/* Runs the pending entries whose trigger set holds `trigger` (one bit), newest first;
 * returns how many handlers were called. Never seals the registry. */
size_t coda_run(unsigned trigger);
/* Number of pending registrations. */
size_t coda_pending(void);
/* CODA_CAPACITY: how many registrations may be pending at once. */
size_t coda_capacity(void);
/* Drops every pending registration without running any. */
void coda_clear(void);

struct coda_report {
    unsigned trigger;  /* the trigger that ran                                       */
    unsigned ran;      /* handlers that returned                                     */
    unsigned failed;   /* handlers that threw (hosted C++ builds with exceptions)     */
    unsigned skipped;  /* eligible handlers left pending because the budget said stop */
    unsigned complete; /* 1 when the run reached its end, 0 when it was cut short    */
};

/* Asked before each handler starts: nonzero lets one more handler start. */
typedef int (*coda_budget_fn)(void *ctx);

/* coda_run with a budget (NULL: no limit) and an optional report (may be NULL). */
size_t coda_run_budget(unsigned trigger, coda_budget_fn budget, void *ctx,
                       struct coda_report *report);

#ifdef __cplusplus
}
#endif

#endif /* CODA_CODA_H */
