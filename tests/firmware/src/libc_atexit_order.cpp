// libc_atexit_order.cpp - CODA_REPLACE_LIBC_ATEXIT: static destructors (global objects
// and function-local statics, registered by the C++ runtime through __aeabi_atexit),
// atexit handlers and coda registrations run on exit in exact reverse order of
// registration, one LIFO. A handler that constructs a function-local static during the
// run gets its destructor run next. Every registration pushes its name on a shadow
// stack; every run must pop the top of it, and the last one (the first registered
// object) checks that nothing is left.
#include <stdint.h>
#include <stdlib.h>

#include "board.h"
#include "coda/cortex_m.h"
#include "lifo_shadow.hpp"

namespace {

using lifo_shadow::ran;
using lifo_shadow::registered;

// An object whose destructor the C++ runtime registers right after its constructor.
struct traced {
    explicit traced(const char *name) : name_(name) { registered(name); }
    ~traced() { ran(name_); }
    traced(const traced &) = delete;
    traced &operator=(const traced &) = delete;
    const char *name_;
};

lifo_shadow::verdict the_verdict;  // first: destroyed last
traced global_a("global a");
traced global_b("global b");

traced &local_one() {
    static traced one("local static one");
    return one;
}
traced &local_two() {
    static traced two("local static two");
    return two;
}
traced &local_late() {
    static traced late("local static late (built during exit)");
    return late;
}

void atexit_first() { ran("atexit first"); }
void atexit_second() {
    ran("atexit second");
    (void)local_late();  // constructed during the run: its destructor runs next
}
void coda_first(void *arg) { ran(static_cast<const char *>(arg)); }
void coda_second(void *arg) { ran(static_cast<const char *>(arg)); }
void coda_reset_only(void *) { board_puts("WRONG: a reset-only entry ran on exit\n"); }

void add_atexit(void (*fn)(), const char *name) {
    registered(name);
    if (atexit(fn) != 0) board_puts("WRONG: atexit refused\n");
}

void add_coda(coda_fn fn, const char *name, unsigned triggers) {
    registered(name);
    if (coda_register_on(fn, const_cast<char *>(name), triggers) != CODA_OK) board_puts("WRONG: coda refused\n");
}

} // namespace

int main() {
    board_puts("libc_atexit_order\n");
    add_atexit(atexit_first, "atexit first");
    add_coda(coda_first, "coda first", CODA_ON_GRACEFUL);
    (void)local_one();
    (void)local_one();  // constructed once, registered once
    if (coda_register_on(coda_reset_only, nullptr, CODA_ON_RESET) != CODA_OK) board_puts("WRONG: reset entry\n");
    add_atexit(atexit_second, "atexit second");
    add_coda(coda_second, "coda second", CODA_ON_EXIT);
    (void)local_two();
    board_put_kv("pending", static_cast<unsigned>(coda_pending()));
    board_put_kv("refused", coda_libc_atexit_refused());
    exit(7);
}
