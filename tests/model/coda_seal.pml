/* coda_seal.pml - sealing and the final run (src/table_impl.hpp: add, seal, run_final).
 *
 * Checked by tests/model/check.sh (CTests model.spin_seal, model.spin_seal_two_registrars);
 * the protocol's statements are in table.pml. Processes:
 *   registrar  - one add() (the sealed check, reserve, write, publish by compare-exchange
 *                empty -> pending; compact() when top == N); its outcome is a ghost.
 *   final_run  - run_final() on a thread: run, seal (the bit, then the pass), run.
 *   final_irq  - run_final() in an interrupt: the same inside atomic { }, so it may start
 *                between any two steps of the registrar and runs to its end.
 *   init       - a starting table, then one registrar with final_run or final_irq, or
 *                (-DTWO_REGISTRARS) two registrars with final_run; waits for them all
 *                and checks the outcome. run_final is the last run there is.
 *
 * Assertions (besides A1, A2 and R1 at each call and scan, in table.pml; S1 to S3 are
 * this model's names, not the rules S1 to S3 of docs/semantics.md):
 *   S1 nothing lost  - every preloaded entry and every add that returned OK ran exactly
 *                      once by the end (CODA_OK promises a run).
 *   S2 closed is out - an add that returned CLOSED (or FULL) never ran.
 *   S3 table shape   - as S4 of coda.pml: order a permutation, nothing pending or claimed,
 *                      no empty slot below top, [top, N) empty or sealed.
 *   A5 bounded       - the interrupt's loops take at most BOUND steps.
 */

#include "table.pml"

proctype registrar(byte id) {
    byte t, s, h, seen, p, e, r, w, got, f, a;
    bool ok;
    add(id)
}

/* run_final(trigger): run, seal, run */
proctype final_run() {
    byte t, s, h, seen, p, e, r, w, got, f, a, found, watch, q;
    bool ok;
    run_all(watch);                                         /* final_first_run */
    seal();                                                 /* final_seal */
#ifndef FINAL_NO_SECOND_RUN
    run_all(watch)                                          /* final_second_run */
#endif
}

proctype final_irq() {
    byte t, s, h, seen, p, e, r, w, got, f, a, found, watch, q;
    bool ok;
    atomic {
        counting = 1;
        run_all(watch);
        seal();
#ifndef FINAL_NO_SECOND_RUN
        run_all(watch);
#endif
        counting = 0;
        assert(steps <= BOUND);                                                         /* A5 */
        steps = 0
    }
}

init {
    byte t, s, h, seen, p, e, r, w, got, f, a, i, first_id;
    bool ok;
    atomic {
        /* a starting table: room left, or full with a hole (a registrar compacts); the
           last one is a state after a compaction (slot numbers no longer the identity:
           not in the minimal image, where nothing compacts) */
        if
        :: order[0] = 0; order[1] = 1; order[2] = 2;        /* [1, -, -] */
           meta[0] = PENDING; fn[0] = 1; arg[0] = 1; owner[0] = 1;
           top = 1; first_id = 2
        :: order[0] = 0; order[1] = 1; order[2] = 2;        /* [1, 2, -] */
           meta[0] = PENDING; fn[0] = 1; arg[0] = 1; owner[0] = 1;
           meta[1] = PENDING; fn[1] = 2; arg[1] = 2; owner[1] = 2;
           top = 2; first_id = 3
        :: order[0] = 0; order[1] = 1; order[2] = 2;        /* [1, dead, 2] */
           meta[0] = PENDING; fn[0] = 1; arg[0] = 1; owner[0] = 1;
           meta[1] = DEAD;
           meta[2] = PENDING; fn[2] = 2; arg[2] = 2; owner[2] = 2;
           top = 3; first_id = 3
#ifndef MINIMAL
        :: order[0] = 1; order[1] = 2; order[2] = 0;        /* slots [1: dead, 2: dead, 0: -] */
           meta[1] = DEAD; meta[2] = DEAD;
           top = 2; first_id = 1
#endif
        fi;
        i = 1;
        do
        :: i < first_id -> outcome[i] = OK; i++
        :: else -> break
        od;
        run registrar(first_id);
        if
#ifdef TWO_REGISTRARS
        :: run registrar(first_id + 1); run final_run()
#else
        :: run final_run()
        :: run final_irq()
#endif
        fi
    }
    (_nr_pr == 1);
    atomic {
        i = 1;
        do
        :: i < IDS ->
            assert(outcome[i] == OK -> ran[i] == 1 : ran[i] == 0);                      /* S1, S2 */
            i++
        :: else -> break
        od;
        check_shape()                                                                   /* S3 */
    }
}
