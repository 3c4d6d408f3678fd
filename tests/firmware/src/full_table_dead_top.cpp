/* The minimal image makes room with a trim, not counted (no compaction is linked): a full
 * table whose newest slot is dead takes one more registration. A run leaves that state
 * when a registrar reserves the next position between its claim and its release; no
 * interleaving can be stopped there on purpose, so the slot is marked dead through the
 * core's view, as that run would leave it. */
#include <stdint.h>
#include <stdlib.h>

#include "board.h"
#include "coda/cortex_m.h"
#include "global.hpp"
#include "table_impl.hpp"

namespace {
unsigned ran;
void count(void *arg) {
    ++ran;
    if (reinterpret_cast<uintptr_t>(arg) == 1) board_put_kv("handlers ran", ran);
}
} // namespace

int main() {
    board_puts("full_table_dead_top\n");
    const unsigned capacity = static_cast<unsigned>(coda_capacity());
    for (uintptr_t i = 1; i <= capacity; ++i) {
        if (coda_register(count, reinterpret_cast<void *>(i)) != CODA_OK) board_put_kv("WRONG: register", i);
    }
    board_put_kv("one more gives", static_cast<unsigned>(-coda_register(count, nullptr)));
    // The newest entry (position capacity - 1; slot numbers never move without compaction).
    coda::detail::store(coda::detail::global_table.meta[capacity - 1], coda::detail::impl::slot::dead);
    board_put_kv("with the newest slot dead, one more gives", static_cast<unsigned>(-coda_register(count, nullptr)));
    board_put_kv("pending", static_cast<unsigned>(coda_pending()));
    exit(0);
}
