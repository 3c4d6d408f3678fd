/* A handler that calls exit() in the middle of the exit run: the nested run takes the
 * entries left, each exactly once, and the machine exits with the nested status. */
#include <stdint.h>
#include <stdlib.h>

#include "board.h"
#include "coda/cortex_m.h"

static void say(void *arg) { board_put_kv("exit handler", (unsigned)(uintptr_t)arg); }
static void exits_again(void *arg) {
    board_put_kv("exit handler calls exit", (unsigned)(uintptr_t)arg);
    exit((int)(uintptr_t)arg);
}

int main(void) {
    board_puts("exit_nested\n");
    (void)coda_register_on(say, (void *)1, CODA_ON_EXIT);
    (void)coda_register_on(say, (void *)2, CODA_ON_EXIT);
    (void)coda_register_on(exits_again, (void *)5, CODA_ON_EXIT);
    (void)coda_register_on(say, (void *)4, CODA_ON_EXIT);
    exit(42);
}
