/* errno_tls.c - the C library's errno is where the board's startup put it: picolibc on
 * RISC-V keeps it in thread-local storage through tp, which the startup must set (a store
 * through an unset tp faults, and the board exits 96). Every board runs it. */
#include <errno.h>

#include "board.h"

int main(void) {
    errno = 0;
    volatile int seen_before = errno;
    errno = EDOM;
    board_put_kv("errno before", (unsigned)seen_before);
    board_put_kv("errno after", errno == EDOM ? 1u : 0u);
    return 0;
}
