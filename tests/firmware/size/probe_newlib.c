/* probe_newlib.c - the same with the C library's own atexit (no coda linked). */
#include <stdlib.h>

static void handler(void) {}

int main(void) {
    (void)atexit(handler);
    exit(0);
}
