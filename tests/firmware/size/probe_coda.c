/* probe_coda.c - the flash of coda's register + run + exit glue: one registration, exit. */
#include <stdlib.h>

#include "coda/coda.h"

static void handler(void *arg) { (void)arg; }

int main(void) {
    (void)coda_register_on(handler, 0, CODA_ON_EXIT);
    exit(0);
}
