// libc_atexit_reset.cpp - which triggers atexit handlers and static destructors get:
// exit only (default), or exit and coda_reset() too (CODA_LIBC_ATEXIT_ON_RESET). Boot 0
// registers a reset entry after a global object and an atexit handler, then calls
// coda_reset(); boot 1 prints the report (ran 1, or ran 3 in LIFO order) and exits.
#include <stdlib.h>

#include "board.h"
#include "coda/cortex_m.h"
#include "report.h"

namespace {

struct device {
    ~device() { board_puts("global object destroyed\n"); }
};
device the_device;

void atexit_handler() { board_puts("atexit handler\n"); }
void reset_entry(void *) { board_puts("reset entry\n"); }

} // namespace

int main() {
    const unsigned stage = board_stage();
    board_put_kv("boot, stage", stage);
    print_last_report();
    if (stage == 0) {
        board_set_stage(1);
        if (atexit(atexit_handler) != 0) board_puts("WRONG: atexit refused\n");
        (void)coda_register_on(reset_entry, nullptr, CODA_ON_RESET);
        coda_reset();
    }
    board_set_stage(0);
    exit(0);  // boot 1 registered only its global object: it is destroyed here
}
