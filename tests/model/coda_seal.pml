/* coda_seal.pml - sealing and the final run (src/table.cpp add, seal, run_final).
 *
 * Checked by tests/model/check.sh (CTest: model.spin_seal). It includes coda.pml for
 * the slot protocol (take, is_live, trim_top, claim_newest, compact, move_entry: the
 * same statements, docs/design.md "The model") and replaces its processes with:
 *   registrar  - add() as it is with sealing: the sealed check before reserving
 *                (add_sealed), reserve top by compare-exchange, write fn, write arg,
 *                publish, the sealed re-check (add_recheck) and the take-back
 *                compare-exchange pending -> dead (add_take_back); compact() at top == N.
 *                One add each; its outcome (OK, CLOSED, FULL) is a ghost.
 *   final_run  - run_final() on a thread: run, seal (the gate's sealed bit), run.
 *   final_irq  - run_final() in an interrupt: the same inside atomic { }, so it may
 *                start between any two steps of the registrar and runs to its end.
 *   init       - picks a starting table and one of: two registrars + final_run, one
 *                registrar + final_run, one registrar + final_irq; waits for them all
 *                and checks the outcome (no quiescent run of its own: run_final is the
 *                last run there is).
 *
 * Assertions (besides A1 exactly once and A2 not torn at each call, in coda.pml):
 *   S1 nothing lost   - every preloaded entry and every add that returned OK ran
 *                       exactly once by the end (CODA_OK promises a run).
 *   S2 closed is out  - an add that returned CLOSED (or FULL) never ran.
 *   S3 table shape    - at the end nothing is live, [top, N) is empty and no slot below
 *                       top is empty (a slot below top is empty only while its
 *                       registrar writes it: an empty one at the end is lost for good).
 *   A4 LIFO and A5 bounded for the interrupt, as in coda.pml.
 *
 * Mutations (-DNAME, each must be rejected; tests/mutation/mutate.py BY_MODEL):
 *   NO_SEALED_RECHECK     add_no_sealed_recheck     no re-check after publishing
 *   RECHECK_BY_STORE      add_sealed_recheck_store  take-back by plain store
 *   TOP_PLAIN_STORE       add_top_plain_store       top reserved by load + store
 *   COMPACT_NO_TOP_CHECK  compact_no_top_check      (in coda.pml) no end < N check
 *   TRIM_NO_RESTORE       trim_no_restore           (in coda.pml) no hole restore
 *   FINAL_NO_SECOND_RUN   -                         run_final without its second run
 */

#define CODA_SEAL_MODEL
#include "coda.pml"

#define NONE    0
#define OK      1
#define CLOSED  2
#define FULL    3

bit  sealed;            /* gate_sealed: set once by seal(), never cleared */
byte outcome[IDS];      /* ghost: what each id's add returned */
byte first_id;          /* ids below it are preloaded (registered before the final run) */

/* add(t, id): one registration, as src/table.cpp add() does it */
proctype registrar(byte id) {
    byte t, seen, c, end, r, w, mf, mt;
    bool ok, gate, result, mok;
    do
    :: sealed -> outcome[id] = CLOSED; break                /* add_sealed */
    :: else ->
        t = top;                                            /* add_load_top */
        if
        :: t >= N ->
            compact(result);                                /* add_compact */
            if
            :: !result -> outcome[id] = FULL; break         /* CODA_EFULL */
            :: else -> skip
            fi
        :: else ->
#ifdef TOP_PLAIN_STORE
            top = t + 1; ok = true;                         /* the mutation */
#else
            atomic { if :: top == t -> top = t + 1; ok = true :: else -> ok = false fi };   /* add_reserve */
#endif
            if
            :: ok ->
#ifndef ADD_NOT_COUNTED
                claimers++;                                 /* counted while it may take back */
#endif
                fn[t] = id;                                 /* add_write_fn */
                arg[t] = id;                                /* add_write_arg */
                atomic { st[t] = PENDING; registered[id] = true };                          /* add_publish */
#ifdef NO_SEALED_RECHECK
                outcome[id] = OK;                           /* the mutation */
#else
                if
                :: sealed ->                                /* add_recheck */
#ifdef RECHECK_BY_STORE
                    st[t] = DEAD; ok = true;                /* the mutation */
#else
                    atomic { if :: st[t] == PENDING -> st[t] = DEAD; ok = true :: else -> ok = false fi };  /* add_take_back */
#endif
                    if
                    :: ok -> outcome[id] = CLOSED
                    :: else -> outcome[id] = OK             /* the final run owns it: it ran */
                    fi
                :: else -> outcome[id] = OK
                fi;
#endif
#ifndef ADD_NOT_COUNTED
                claimers--;
#endif
                break
            :: else -> skip
            fi
        fi;
        t = 0; seen = 0; c = 0; end = 0; r = 0; w = 0; mf = 0; mt = 0; ok = false; gate = false; result = false; mok = false
    od
}

/* run_final(trigger): run, seal, run */
proctype final_run() {
    byte p, seen, f, a, t, c, mf, mt;
    bool live, ok, found, gate;
    run_all();                                              /* final_first_run */
    sealed = 1;                                             /* final_seal */
#ifndef FINAL_NO_SECOND_RUN
    run_all()                                               /* final_second_run */
#endif
}

proctype final_irq() {
    byte p, seen, f, a, t, c, mf, mt;
    bool live, ok, found, gate;
    atomic {
        last_called = 255;
        checking_lifo = true;
        steps = 0;
        run_all();
        sealed = 1;
#ifndef FINAL_NO_SECOND_RUN
        run_all();
#endif
        checking_lifo = false;
        assert(steps <= BOUND);                                         /* A5 */
        steps = 0; last_called = 0
    }
}

/* a plain run() on another thread (no seal) */
proctype runner() {
    byte p, seen, f, a, t, c, mf, mt;
    bool live, ok, found, gate;
    run_all()
}

bool quiescent_end;     /* two registrars and a runner: init does the final run */

init {
    byte p, seen, f, a, t, c, mf, mt, i;
    bool live, ok, found, gate;
    atomic {
        if
        :: st[0] = PENDING; fn[0] = 1; arg[0] = 1;                      /* [1, -, -] */
           top = 1; first_id = 2
        :: st[0] = PENDING; fn[0] = 1; arg[0] = 1;                      /* [1, 2, -] */
           st[1] = PENDING; fn[1] = 2; arg[1] = 2;
           top = 2; first_id = 3
        :: st[0] = PENDING; fn[0] = 1; arg[0] = 1;                      /* [1, dead, 2] */
           st[1] = DEAD;
           st[2] = PENDING; fn[2] = 2; arg[2] = 2;
           top = 3; first_id = 3
        fi;
        i = 1;
        do
        :: i < first_id -> registered[i] = true; outcome[i] = OK; i++
        :: else -> break
        od;
        run registrar(first_id);
        if
#ifdef TWO_REGISTRARS
        :: run registrar(first_id + 1); run final_run()     /* the take-back ABA (design.md) */
#endif
        :: run final_run()
        :: run final_irq()
        :: run registrar(first_id + 1); run runner(); quiescent_end = true
        fi
    }
    (_nr_pr == 1);
    atomic {
        if
        :: quiescent_end -> run_all(); sealed = 1           /* exit after they are done */
        :: else -> skip
        fi;
        i = 1;
        do
        :: i < IDS ->
            assert(outcome[i] == OK -> ran[i] == 1 : ran[i] == 0);                          /* S1, S2 */
            i++
        :: else -> break
        od;
        p = 0;
        do
        :: p < N ->
            assert(p < top -> st[p] != EMPTY : st[p] == EMPTY);                             /* S3 */
            assert(st[p] != PENDING && st[p] != MOVING && !(st[p] == COPY && move_to == p && st[move_from] == MOVED));
            p++
        :: else -> break
        od
    }
}
