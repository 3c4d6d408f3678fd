/* posix.h - the hosted POSIX port of coda: exit, quick_exit and termination signals.
 *
 * Linking coda::coda on a hosted build is all it takes for exit() and return from main
 * to run the CODA_ON_EXIT entries, and for quick_exit() to run the CODA_ON_QUICK_EXIT
 * entries. The hooks are installed at the first registration, so the coda block runs
 * where that registration stands in the C library's LIFO exit order (objects alive at
 * your first registration are still alive when your handlers run). After that run the
 * registry is sealed: later registrations return CODA_ECLOSED. Output that handlers
 * write with stdio is flushed: exit() flushes after the handlers, and the quick_exit
 * hook flushes what the handlers wrote.
 *
 * Example:
 *     static void flush_producer(void *p) { producer_flush((struct producer *)p); }
 *     coda_register_on(flush_producer, &producer, CODA_ON_EXIT | CODA_ON_SIGNAL);
 *     coda_catch_signals(NULL, 0);   // SIGTERM, SIGINT, SIGHUP
 *
 * Signals: coda_catch_signals installs a handler that runs the CODA_ON_SIGNAL entries
 * inside the signal handler (the core is async-signal-safe: lock-free, no allocation),
 * then restores the default action and re-raises the signal, so the parent sees
 * WIFSIGNALED with that signal. Handlers registered for CODA_ON_SIGNAL therefore run in
 * signal context: use async-signal-safe calls there (write, close, fsync, ...), not
 * stdio or malloc. On entry the default action of every caught signal is restored, so
 * a second termination signal during a slow cleanup ends the process at once.
 * A signal that lands inside coda_register, or during an exit run, never deadlocks and
 * never runs an entry twice.
 *
 * fork(): the child inherits the pending entries and runs them at its own exit, as
 * atexit does, with the registry's full capacity: whatever threads that do not exist
 * in the child held in it (a registration, removal or run under way) is forgotten at
 * the fork. Do not fork from a signal handler that may interrupt a coda call on the
 * same thread. _exit, abort and fatal signals run nothing.
 *
 * Handlers: one that throws is reported on one stderr line, naming it by its symbol or,
 * for a static function, as `module(+0xOFFSET)` (the offset addr2line takes), and the
 * run goes on. One that calls pthread_exit ends its thread through coda_run (the entry
 * is used up, the entries the run had not reached stay pending); through the C++
 * registry::run, which is noexcept, the C++ runtime terminates the process instead.
 */
#ifndef CODA_POSIX_H
#define CODA_POSIX_H

#include <stddef.h>

#include "coda/coda.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Catches the given termination signals (NULL/0: SIGTERM, SIGINT and SIGHUP).
 * Returns CODA_OK, or CODA_EINVAL when a signal number is invalid or cannot be caught
 * (SIGKILL, SIGSTOP); then no handler is changed. */
int coda_catch_signals(const int *signals, size_t count);

#ifdef __cplusplus
}
#endif

#endif /* CODA_POSIX_H */
