/* A full table makes room where it must, with exactly the code the image links.
 * Default: only coda_register (the minimal image: no compaction). The newest handler
 * registers into the full table during the exit run: its own slot is free at the top,
 * so the registration must succeed and run next.
 * WITH_HOLE: coda_unregister_arg frees a slot below live entries; a registration into
 * the full table must then get it (the unregister object links compaction), never
 * CODA_EFULL with a slot free. */
#include <stdint.h>
#include <stdlib.h>

#include "board.h"
#include "coda/cortex_m.h"

static unsigned ran;

static void count(void *arg) {
    ++ran;
    if ((uintptr_t)arg == 1) board_put_kv("handlers ran", ran);
}
static void late(void *arg) {
    (void)arg;
    ++ran;
    board_puts("late handler\n");
}
static void registers_late(void *arg) {
    (void)arg;
    ++ran;
    board_put_kv("register in the exit run, full table, gives", (unsigned)-coda_register(late, 0));
}

int main(void) {
    board_puts("full_table\n");
    const uintptr_t capacity = coda_capacity();
    for (uintptr_t i = 1; i < capacity; ++i) {
        if (coda_register(count, (void *)i) != CODA_OK) board_put_kv("WRONG: register", (unsigned)i);
    }
    if (coda_register(registers_late, 0) != CODA_OK) board_puts("WRONG: register the last\n");
    board_put_kv("one more gives", (unsigned)-coda_register(count, 0));
#ifdef WITH_HOLE
    board_put_kv("unregistered", (unsigned)coda_unregister_arg(count, (void *)10));
    board_put_kv("register into the hole gives", (unsigned)-coda_register(late, 0));
    board_put_kv("one more gives", (unsigned)-coda_register(count, 0));
#endif
    board_put_kv("pending", (unsigned)coda_pending());
    exit(0);
}
