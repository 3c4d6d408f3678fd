/* probe_exit.c - one registration and exit(): the flash of the exit path is read from
 * this image with nm (with coda: PROBE_CODA, coda_register as docs/semantics.md section 9 says;
 * else the C library's atexit). */
#include <stdlib.h>

#ifdef PROBE_CODA
#include "coda/coda.h"
static void handler(void *arg) { (void)arg; }
int main(void) {
    (void)coda_register(handler, 0);
    exit(0);
}
#else
static void handler(void) {}
int main(void) {
    (void)atexit(handler);
    exit(0);
}
#endif
