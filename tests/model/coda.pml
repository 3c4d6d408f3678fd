/* coda.pml - registration, compaction, removal and runs (src/table_impl.hpp, no sealing).
 *
 * Checked by tests/model/check.sh (CTest model.spin); the protocol's statements are in
 * table.pml. Processes:
 *   registrar  - two add()s; at top == N each compacts (the swaps, then trim).
 *   remover    - remove(fn): scans down, not counted, loading meta then fn; a match
 *                is counted while meta and fn are loaded again and the meta seen is
 *                compare-exchanged to dead: a slot recycled and registered again
 *                between the loads and the compare-exchange (ABA) would be removed
 *                although it holds another registration.
 *   runner     - run() on another thread: claim_newest (with trim), copy, dead, call.
 *   interrupt  - run() in an interrupt: the same inside atomic { }, so it may start
 *                between any two steps of any other process and then runs to its end.
 *   init       - a starting table, two of the three others beside the registrar (or,
 *                -DTWO_REGISTRARS, two registrars of one add each beside one of them;
 *                -DNOTHING_TO_REMOVE, one add beside a removal that matches nothing);
 *                when they are done, a quiescent run and a quiescent compaction.
 *
 * Assertions:
 *   A1 exactly once  - a call or a removal takes an id that neither ran nor was removed.
 *   A2 whole         - a call gets fn == arg == the id its claim took (not torn, not another's).
 *   R1 misses none   - a run's scan that claims nothing leaves no id pending that was
 *                      pending when it loaded top (on a thread and in the interrupt).
 *   R2 the interrupt - after the interrupt's run nothing is pending.
 *   X1 remove target - a removal claims the registration whose fn it matched.
 *   A3 nothing lost  - at the end each id added OK ran or was removed exactly once; no
 *                      add returned CLOSED (nothing is sealed); FULL ones never ran.
 *   S4 capacity      - (docs/semantics.md, S4) at the end order is a permutation, free
 *                      positions name empty slots, no slot below top is empty; a
 *                      quiescent compaction then empties the table (room for N entries
 *                      again).
 *   A5 bounded       - the interrupt's loops take at most BOUND steps.
 *   S4 no spurious FULL (-DNOTHING_TO_REMOVE) - the add beside a removal that finds
 *                      nothing succeeds: every starting table has a hole or room.
 */

#include "table.pml"

byte first_id;          /* the registrar's first id (above the preloaded ones) */
byte target;            /* the remover's fn */

proctype registrar(byte id; byte count) {
    byte t, s, h, seen, p, e, r, w, got, f, a;
    bool ok;
    do
    :: count == 0 -> break
    :: else -> add(id); id++; count--
    od;
    id = 0
}

proctype remover() {
    byte t, s, seen, p, f;
#ifdef REMOVE_COUNTS_SCAN
    atomic { claimers++ };
#endif
    p = top;                                                /* rm_load_top */
    do
    :: p == 0 -> break
    :: p > 0 ->
        p--;
        s = order[p];                                       /* slot_at(p) */
        seen = meta[s];                                     /* rm_look: not counted */
        if
        :: seen == PENDING ->
            f = fn[s];                                      /* rm_look_fn */
            if
            :: f == target ->
#ifndef REMOVE_COUNTS_SCAN
                atomic { claimers++ };                      /* remove's counted look */
#endif
#ifndef REMOVE_NO_RECHECK
                seen = meta[s];                             /* rm_seen */
                if
                :: seen == PENDING -> f = fn[s]             /* rm_fn */
                :: else -> f = 0
                fi;
#endif
                if
                :: seen == PENDING && f == target ->
                    atomic {                                /* rm_kill: pending -> dead */
                        if
                        :: meta[s] == seen ->
                            meta[s] = DEAD;
                            assert(owner[s] == target);                                 /* X1 */
                            assert(ran[target] == 0 && removed[target] == 0);           /* A1 */
                            removed[target]++
                        :: else -> skip
                        fi
                    }
                :: else -> skip
                fi;
#ifndef REMOVE_COUNTS_SCAN
                atomic { claimers-- }
#else
                skip
#endif
            :: else -> skip
            fi
        :: else -> skip
        fi;
        s = 0; seen = 0; f = 0
    od;
#ifdef REMOVE_COUNTS_SCAN
    atomic { claimers-- }
#else
    skip
#endif
}

proctype runner() {
    byte t, s, h, seen, p, e, r, w, got, f, a, found, watch, q;
    bool ok;
    run_all(watch)
}

proctype interrupt() {
    byte t, s, h, seen, p, e, r, w, got, f, a, found, watch, q;
    bool ok;
    atomic {
        counting = 1;
        run_all(watch);
        counting = 0;
        do
        :: s < N -> assert(meta[s] != PENDING); s++                                     /* R2 */
        :: else -> break
        od;
        s = 0;
        assert(steps <= BOUND);                                                         /* A5 */
        steps = 0
    }
}

init {
    byte t, s, h, seen, p, e, r, w, got, f, a, found, watch, q, i;
    bool ok;
    atomic {
        /* a starting table: full with holes (the registrar compacts) or with room; the
           last one is a state after a compaction (slot numbers no longer the identity:
           not in the minimal image, where nothing compacts) */
        if
        :: order[0] = 0; order[1] = 1; order[2] = 2;        /* [1, dead, 2] */
           meta[0] = PENDING; fn[0] = 1; arg[0] = 1; owner[0] = 1;
           meta[1] = DEAD;
           meta[2] = PENDING; fn[2] = 2; arg[2] = 2; owner[2] = 2;
           top = 3; first_id = 3
        :: order[0] = 0; order[1] = 1; order[2] = 2;        /* [dead, 1, 2] */
           meta[0] = DEAD;
           meta[1] = PENDING; fn[1] = 1; arg[1] = 1; owner[1] = 1;
           meta[2] = PENDING; fn[2] = 2; arg[2] = 2; owner[2] = 2;
           top = 3; first_id = 3
        :: order[0] = 0; order[1] = 1; order[2] = 2;        /* [1, 2, -] */
           meta[0] = PENDING; fn[0] = 1; arg[0] = 1; owner[0] = 1;
           meta[1] = PENDING; fn[1] = 2; arg[1] = 2; owner[1] = 2;
           top = 2; first_id = 3
#ifndef MINIMAL
        :: order[0] = 2; order[1] = 0; order[2] = 1;        /* slots [2: dead, 0: 1, 1: -] */
           meta[2] = DEAD;
           meta[0] = PENDING; fn[0] = 1; arg[0] = 1; owner[0] = 1;
           top = 2; first_id = 2
#endif
        fi;
        i = 1;
        do
        :: i < first_id -> outcome[i] = OK; i++
        :: else -> break
        od;
        i = 0;
        if
        :: target = 1
        :: target = first_id
        :: target = first_id + 1
        fi;
#ifdef MINIMAL
        /* the minimal image: no removal, no compaction (a full table trims, not
           counted); two registrars beside a run on a thread and one in an interrupt */
        run registrar(first_id, 1);
        run registrar(first_id + 1, 1);
        run runner();
        run interrupt()
#elif defined(NOTHING_TO_REMOVE)
        /* S4: a removal that finds nothing (no entry holds fn 0) beside one add: the
           starting tables all have a hole or room, so the add must succeed */
        target = 0;
        run registrar(first_id, 1);
        run remover()
#elif defined(TWO_REGISTRARS)
        /* two registrars, one add each, beside one other: a compaction meets the
           other's reservation */
        run registrar(first_id, 1);
        run registrar(first_id + 1, 1);
        if
        :: run remover()
        :: run runner()
        :: run interrupt()
        fi
#else
        run registrar(first_id, 2);
        if
        :: run remover(); run interrupt()
        :: run runner(); run interrupt()
        :: run remover(); run runner()
        fi
#endif
    }
    (_nr_pr == 1);
    atomic {
        run_all(watch);                                     /* the quiescent run */
        i = 1;
        do
        :: i < IDS ->
            assert(outcome[i] != CLOSED);                                               /* A3 */
            assert(outcome[i] == OK -> ran[i] + removed[i] == 1 : ran[i] + removed[i] == 0);   /* A3 */
            i++
        :: else -> break
        od;
        check_shape();                                                                  /* S4 */
#ifdef NOTHING_TO_REMOVE
        assert(outcome[first_id] == OK);                                                /* S4 no spurious FULL */
#endif
#ifdef MINIMAL
        trim_unshared();
#else
        compact(ok);
#endif
        assert(top == 0 && meta[0] == EMPTY && meta[1] == EMPTY && meta[2] == EMPTY)    /* S4 room */
    }
}
