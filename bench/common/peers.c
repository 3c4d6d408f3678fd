/* peers.c - the naive array, the empty handler and the loop-cost probe. */
#include "peers.h"

int naive_register(struct naive_table *t, peer_fn fn, void *arg) {
    if (t->count == t->capacity) return -1;
    t->entries[t->count].fn = fn;
    t->entries[t->count].arg = arg;
    ++t->count;
    return 0;
}

size_t naive_unregister(struct naive_table *t, peer_fn fn, void *arg) {
    for (size_t i = t->count; i-- > 0;) {
        if (t->entries[i].fn == fn && t->entries[i].arg == arg) {
            for (size_t j = i + 1; j < t->count; ++j) t->entries[j - 1] = t->entries[j];
            --t->count;
            return 1;
        }
    }
    return 0;
}

size_t naive_run(struct naive_table *t) {
    size_t ran = 0;
    while (t->count != 0) {
        const struct naive_entry e = t->entries[--t->count];
        e.fn(e.arg);
        ++ran;
    }
    return ran;
}

int noop_register(void *t, peer_fn fn, void *arg) {
    (void)t;
    (void)fn;
    (void)arg;
    __asm__ volatile("" ::: "memory");
    return 0;
}

void empty_handler(void *arg) {
    (void)arg;
    __asm__ volatile("" ::: "memory");
}
