/* capacity.c - how many atexit registrations the C library takes before it refuses
 * (the size of its static table, to divide that table's RAM by). Prints one line:
 *   P atexit_capacity <n>          (stops counting at 4096) */
#include <stdlib.h>

#include "board.h"

static void handler(void) {}

int main(void) {
    unsigned n = 0;
    while (n < 4096u && atexit(handler) == 0) ++n;
    board_put_kv("P atexit_capacity", n);
    board_exit(0);
}
