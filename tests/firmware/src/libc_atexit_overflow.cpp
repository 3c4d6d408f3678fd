// libc_atexit_overflow.cpp - CODA_REPLACE_LIBC_ATEXIT with more registrations than
// CODA_CAPACITY: once the table is full, atexit, at_quick_exit and a static object's
// destructor (__aeabi_atexit) are refused, coda_libc_atexit_refused() counts exactly
// those, and every registration that was accepted still runs on exit, newest first.
#include <stdint.h>
#include <stdlib.h>

#include "board.h"
#include "coda/cortex_m.h"

namespace {

unsigned coda_entries;    // accepted coda registrations: 1..coda_entries
unsigned next_expected;   // the coda entry that must run next
unsigned out_of_order;
unsigned coda_ran;

struct first_object {
    ~first_object() {
        board_put_kv("first object destroyed last, every accepted coda entry ran", coda_ran == coda_entries);
        board_put_kv("out of order", out_of_order);
        board_put_kv("refused", coda_libc_atexit_refused());
    }
};
first_object first;

struct refused_object {
    ~refused_object() { board_puts("WRONG: a refused destructor ran\n"); }
};
void construct_refused_static() { static refused_object late; }

void count_run(void *arg) {
    if (static_cast<unsigned>(reinterpret_cast<uintptr_t>(arg)) != next_expected) ++out_of_order;
    --next_expected;
    ++coda_ran;
}
void atexit_a() { board_puts("atexit a\n"); }
void atexit_b() { board_puts("atexit b\n"); }
void refused_handler() { board_puts("WRONG: a refused handler ran\n"); }

void show(const char *what, int result) {
    board_puts(what);
    board_puts(result != 0 ? " refused\n" : " WRONG: accepted\n");
}

} // namespace

int main() {
    board_puts("libc_atexit_overflow\n");
    coda_entries = static_cast<unsigned>(coda_capacity()) - 3u;  // + first + atexit a, b = capacity
    for (unsigned i = 1; i <= coda_entries; ++i) {
        if (coda_register_on(count_run, reinterpret_cast<void *>(static_cast<uintptr_t>(i)), CODA_ON_EXIT) != CODA_OK)
            board_puts("WRONG: coda refused\n");
    }
    next_expected = coda_entries;
    if (atexit(atexit_a) != 0 || atexit(atexit_b) != 0) board_puts("WRONG: atexit a, b refused\n");
    board_put_kv("pending = capacity", static_cast<unsigned>(coda_pending() == coda_capacity()));
    board_put_kv("refused", coda_libc_atexit_refused());
    show("atexit", atexit(refused_handler));
    show("at_quick_exit", at_quick_exit(refused_handler));
    construct_refused_static();  // the C++ runtime ignores __aeabi_atexit's failure: counted
    board_put_kv("coda_register gives", static_cast<unsigned>(-coda_register_on(count_run, nullptr, CODA_ON_EXIT)));
    board_put_kv("refused", coda_libc_atexit_refused());
    exit(3);
}
