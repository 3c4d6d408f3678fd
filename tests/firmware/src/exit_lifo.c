/* exit(k) runs the CODA_ON_EXIT entries newest first, each with its own argument, and the
 * machine exits with k. With WITH_ATEXIT an atexit handler is registered first: where it
 * runs depends on CODA_REPLACE_LIBC_ATEXIT (tests/firmware/libc_backend.cmake): last in
 * coda's run, or after it from the C library's own table, once coda has sealed. */
#include <stdint.h>
#include <stdlib.h>

#include "board.h"
#include "coda/cortex_m.h"

static void say(void *arg) { board_put_kv("exit handler", (unsigned)(uintptr_t)arg); }
static void never(void *arg) { board_put_kv("WRONG: ran", (unsigned)(uintptr_t)arg); }
static void registers_more(void *arg) {
    (void)arg;
    board_puts("handler registers 50\n");
    if (coda_register_on(say, (void *)50, CODA_ON_EXIT) != CODA_OK) board_puts("WRONG: register in run\n");
}
#ifdef WITH_ATEXIT
static void from_atexit(void) {
    board_put_kv("atexit handler, register gives", (unsigned)-coda_register_on(say, (void *)99, CODA_ON_EXIT));
}
#endif

int main(void) {
    board_puts("exit_lifo\n");
#ifdef WITH_ATEXIT
    if (atexit(from_atexit) != 0) board_puts("WRONG: atexit\n");
#endif
    for (uintptr_t i = 1; i <= 3; ++i) (void)coda_register_on(say, (void *)i, CODA_ON_EXIT);
    (void)coda_register_on(never, (void *)4, CODA_ON_RESET | CODA_ON_BROWNOUT);
    (void)coda_register_on(say, (void *)5, CODA_ON_ANY);
    (void)coda_register_on(never, (void *)6, CODA_ON_EXIT);
    (void)coda_register_on(registers_more, 0, CODA_ON_EXIT);
    (void)coda_register_on(say, (void *)7, CODA_ON_EXIT);
    (void)coda_register_on(say, (void *)7, CODA_ON_EXIT);
    board_put_kv("unregistered", (unsigned)coda_unregister_arg(never, (void *)6));
    board_put_kv("pending", (unsigned)coda_pending());
    exit(42);
}
