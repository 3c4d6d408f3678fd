// libc_atexit_on_exit.cpp - CODA_REPLACE_LIBC_ATEXIT: on_exit(fn, arg) runs fn(status,
// arg) with the status given to exit(), in one LIFO order with atexit handlers, static
// destructors and coda entries. The same function with other arguments takes no
// further function word; a function beyond CODA_ON_EXIT_FUNCTIONS distinct ones is
// refused and counted, and a refused registration never runs. Every registration
// pushes its name on a shadow stack that every run must pop.
#include <stdint.h>
#include <stdlib.h>

#include "board.h"
#include "coda/cortex_m.h"
#include "lifo_shadow.hpp"

namespace {

using lifo_shadow::ran;
using lifo_shadow::registered;

lifo_shadow::verdict the_verdict;  // first: destroyed last

struct traced {
    explicit traced(const char *name) : name_(name) { registered(name); }
    ~traced() { ran(name_); }
    const char *name_;
};
traced global_object("static object");

void with_status(int status, void *arg) {
    ran(static_cast<const char *>(arg));
    board_put_kv("  status", static_cast<unsigned>(status));
}
void atexit_handler() { ran("atexit handler"); }
void coda_entry(void *arg) { ran(static_cast<const char *>(arg)); }

// Distinct functions, to use up the function words.
template <int n>
void numbered(int status, void *arg) {
    with_status(status + n * 100, arg);
}
void never(int, void *) { board_puts("WRONG: a refused on_exit handler ran\n"); }

void add_on_exit(void (*fn)(int, void *), const char *name) {
    registered(name);
    if (on_exit(fn, const_cast<char *>(name)) != 0) board_puts("WRONG: on_exit refused\n");
}

} // namespace

int main() {
    board_puts("libc_atexit_on_exit\n");
    add_on_exit(with_status, "on_exit first");
    registered("atexit handler");
    if (atexit(atexit_handler) != 0) board_puts("WRONG: atexit refused\n");
    registered("coda entry");
    if (coda_register(coda_entry, const_cast<char *>("coda entry")) != CODA_OK) board_puts("WRONG: coda refused\n");
    add_on_exit(with_status, "on_exit again, same function");
    // with_status holds one word; CODA_ON_EXIT_FUNCTIONS - 1 more distinct functions fit.
    static_assert(CODA_ON_EXIT_FUNCTIONS == 4, "the expected output counts 4 function words");
    add_on_exit(numbered<1>, "on_exit second function");
    add_on_exit(numbered<2>, "on_exit third function");
    add_on_exit(numbered<3>, "on_exit fourth function");
    board_put_kv("a fifth function refused", static_cast<unsigned>(on_exit(never, nullptr) != 0));
    board_put_kv("a null function refused", static_cast<unsigned>(on_exit(nullptr, nullptr) != 0));
    add_on_exit(numbered<2>, "on_exit third function again");
    board_put_kv("pending", static_cast<unsigned>(coda_pending()));
    board_put_kv("refused", coda_libc_atexit_refused());
    exit(7);
}
