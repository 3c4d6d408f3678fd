/* A reset in the middle of a reset run, after every k: the next boot's report shows
 * complete 0 and the k handlers that had returned. Boot k (0..3) makes the (k+1)-th
 * handler of its run reset the machine itself; boot 4's run completes. */
#include <stdint.h>
#include <stdlib.h>

#include "board.h"
#include "coda/cortex_m.h"

#define HANDLERS 4u
static unsigned stage;
static unsigned position;

static void step(void *arg) {
    ++position;
    if (position == stage + 1u) {
        board_put_kv("  handler resets the machine, position", position);
        board_set_stage(stage + 1u);
        board_system_reset();
    }
    board_put_kv("  handler returns", (unsigned)(uintptr_t)arg);
}

int main(void) {
    stage = board_stage();
    struct coda_report r = {0, 0, 0, 0, 0};
    const int got = coda_last_report(&r);
    board_put_kv("boot", stage);
    board_put_kv("  report", (unsigned)got);
    if (got) {
        board_put_kv("  trigger", r.trigger);
        board_put_kv("  ran", r.ran);
        board_put_kv("  complete", r.complete);
    }
    if (stage > HANDLERS) exit(0);
    for (uintptr_t i = 1; i <= HANDLERS; ++i) (void)coda_register_on(step, (void *)i, CODA_ON_RESET);
    board_set_stage(stage + 1u);
    coda_reset();
}
