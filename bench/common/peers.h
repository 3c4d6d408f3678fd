/* peers.h - the hand-written peers coda is compared with, compiled apart (peers.c) so
 * that the benchmarks call them as opaque functions, as they call coda. */
#ifndef CODA_BENCH_PEERS_H
#define CODA_BENCH_PEERS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef void (*peer_fn)(void *arg);

/* A naive, unsynchronised LIFO array: what one writes by hand in ten lines. */
struct naive_entry {
    peer_fn fn;
    void *arg;
};
struct naive_table {
    struct naive_entry *entries;
    size_t capacity;
    size_t count;
};
int naive_register(struct naive_table *t, peer_fn fn, void *arg);   /* 0 or -1 when full */
size_t naive_unregister(struct naive_table *t, peer_fn fn, void *arg); /* newest match */
size_t naive_run(struct naive_table *t);                              /* newest first */

/* The measuring loop's own cost: an empty call with the same arguments. */
int noop_register(void *t, peer_fn fn, void *arg);
/* The handler every peer runs: returns at once. */
void empty_handler(void *arg);

#ifdef __cplusplus
}
#endif

#endif
