/* exit(k) runs the CODA_ON_EXIT entries newest first, each with its own argument, then
 * the C library's atexit handlers (coda seals first), and the machine exits with k. */
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
static void after_coda(void) {
    board_put_kv("atexit after coda, register gives", (unsigned)-coda_register_on(say, (void *)99, CODA_ON_EXIT));
}

int main(void) {
    board_puts("exit_lifo\n");
    if (atexit(after_coda) != 0) board_puts("WRONG: atexit\n");
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
