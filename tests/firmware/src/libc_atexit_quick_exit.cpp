// libc_atexit_quick_exit.cpp - CODA_REPLACE_LIBC_ATEXIT: quick_exit(k) runs the
// at_quick_exit handlers and the CODA_ON_QUICK_EXIT entries, newest first, then _exit(k);
// atexit handlers, exit entries and static destructors do not run.
#include <stdint.h>
#include <stdlib.h>

#include "board.h"
#include "coda/cortex_m.h"

namespace {

struct device {
    ~device() { board_puts("WRONG: a static destructor ran on quick_exit\n"); }
};
device the_device;

void quick_first() { board_puts("at_quick_exit first\n"); }
void quick_third() { board_puts("at_quick_exit third\n"); }
void not_on_quick_exit() { board_puts("WRONG: an atexit handler ran on quick_exit\n"); }
void say(void *arg) { board_put_kv("coda quick exit entry", static_cast<unsigned>(reinterpret_cast<uintptr_t>(arg))); }
void never(void *) { board_puts("WRONG: an exit entry ran on quick_exit\n"); }

} // namespace

int main() {
    board_puts("libc_atexit_quick_exit\n");
    if (at_quick_exit(quick_first) != 0 || atexit(not_on_quick_exit) != 0) board_puts("WRONG: refused\n");
    (void)coda_register_on(say, reinterpret_cast<void *>(uintptr_t{2}), CODA_ON_QUICK_EXIT);
    if (at_quick_exit(quick_third) != 0) board_puts("WRONG: refused\n");
    (void)coda_register_on(never, nullptr, CODA_ON_EXIT);
    quick_exit(9);
}
