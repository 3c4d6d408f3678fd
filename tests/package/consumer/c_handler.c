/* The C half of the consumer: coda.h from a C translation unit. */
#include <coda/coda.h>
#include <stdio.h>

static void c_handler(void *arg) {
    (void)arg;
    puts("run: c handler (registered first)");
}

int register_c_handler(void) { return coda_register(c_handler, NULL); }
