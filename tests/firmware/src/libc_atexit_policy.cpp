// libc_atexit_policy.cpp - CODA_LIBC_ATEXIT=discard and =refuse: atexit, on_exit,
// at_quick_exit, __cxa_atexit and a static object's __aeabi_atexit return 0 (discard)
// or nonzero (refuse), are counted by coda_libc_atexit_discarded() or
// coda_libc_atexit_refused(), take no room in the table, and never run: exit() runs
// coda's own entries only. Built against a coda variant of each policy.
#include <stdlib.h>

#include "board.h"
#include "coda/cortex_m.h"

extern "C" int __cxa_atexit(void (*fn)(void *), void *object, void *dso);

namespace {

struct dropped_object {
    ~dropped_object() { board_puts("WRONG: a static destructor ran\n"); }
};
dropped_object global_object;

void dropped_plain() { board_puts("WRONG: an atexit handler ran\n"); }
void dropped_object_fn(void *) { board_puts("WRONG: a __cxa_atexit handler ran\n"); }
void dropped_status(int, void *) { board_puts("WRONG: an on_exit handler ran\n"); }
void coda_entry(void *arg) { board_puts(static_cast<const char *>(arg)); }

void local_static() { static dropped_object local; }

void show(const char *what, int result) {
    board_put_kv(what, static_cast<unsigned>(result != 0));
}

} // namespace

int main() {
    board_puts("libc_atexit_policy: nonzero returns\n");
    (void)coda_register(coda_entry, const_cast<char *>("coda entry one\n"));
    show("  atexit", atexit(dropped_plain));
    show("  __cxa_atexit", __cxa_atexit(dropped_object_fn, nullptr, nullptr));
    show("  on_exit", on_exit(dropped_status, nullptr));
    show("  at_quick_exit", at_quick_exit(dropped_plain));
    local_static();  // the C++ runtime ignores what __aeabi_atexit returns: counted only
    (void)coda_register(coda_entry, const_cast<char *>("coda entry two\n"));
    show("  atexit(NULL)", atexit(nullptr));  // bad input: refused under every policy
    board_put_kv("pending", static_cast<unsigned>(coda_pending()));
    board_put_kv("discarded", coda_libc_atexit_discarded());
    board_put_kv("refused", coda_libc_atexit_refused());
    exit(5);
}
