/* coda.pml - a Promela model of coda's slot protocol (src/table.cpp, docs/design.md).
 *
 * Checked by tests/model/check.sh (CTest: model.spin). The mapping from the labels
 * below to the lines of src/table.cpp is in docs/design.md, section "The model".
 *
 * What is modelled: one registry of N = 3 slots, one trigger (every entry is eligible
 * for every run), no sealing (coda_seal.pml includes this file for that), no budget.
 * Each statement is one memory operation of the C++ code (a load, a store, or a
 * compare-exchange inside atomic { }), so spin explores every interleaving of them.
 * Processes:
 *   registrar  - add(): reserve top by compare-exchange, write fn, write arg, publish;
 *                when top == N, compact(): the gate bit, the scan with the read/write
 *                cursors, the claimers checks, and move_entry's five steps.
 *   remover    - remove(fn): claimers++, downward scan, is_live, compare fn, claim by
 *                compare-exchange, dead, claimers--.
 *   runner     - run() on another thread: claim_newest (claimers++, trim_top, downward
 *                scan, claim, copy fn/arg out, dead, claimers--), then "call".
 *   interrupt  - run() in an interrupt handler: the same code inside atomic { }, so it
 *                may start between any two steps of any other process and then runs to
 *                its end without them (it never waits for what it interrupted).
 *   init       - picks a starting table, starts the others, waits for them, then does a
 *                final quiescent run and checks that nothing was lost.
 *
 * An entry is an id (1..4). Its registrar writes fn = id and arg = id in two steps, so
 * a torn read shows fn != arg. Ghost arrays count, per id, its runs and removals.
 *
 * Assertions:
 *   A1 exactly once    - at each call and each removal: that id never ran nor was removed.
 *   A2 not torn        - a call reads fn == arg == a registered id.
 *   A3 nothing lost    - at the end every registered id ran or was removed exactly once
 *                        (pending ones are run by the final quiescent run) and an add
 *                        that returned full registered nothing.
 *   A4 LIFO            - a run that nothing interleaves with (the interrupt, the final
 *                        run) calls ids in strictly decreasing registration order.
 *   A5 bounded         - the interrupt's loops take at most BOUND steps (it never spins
 *                        waiting for the code it interrupted); spin also reports any
 *                        invalid end state (a process stuck).
 *   A6 table shape     - at the end, slots at or above top are empty, none below is live.
 *
 * coda_broken.pml includes this file with one mutation switched on; the test expects
 * spin to find an assertion violation there.
 */

#define N       3
#define IDS     5       /* ids 1..4; 0 is "no entry" */
#define BOUND   24      /* the interrupt's scan/trim steps: well above what N = 3 needs */

/* slot states (src/table.cpp, namespace slot) */
#define EMPTY   0
#define PENDING 1
#define CLAIMED 2
#define DEAD    3
#define MOVING  4
#define COPY    5
#define MOVED   6

byte st[N];             /* meta[p] state bits (one trigger: the trigger bits are constant) */
byte fn[N];             /* fn[p]  : the id of the entry written there */
byte arg[N];            /* arg[p] : the id again, written in a separate step */
byte top;
byte move_from;
byte move_to;
byte claimers;
bit  compacting;        /* gate_compacting */

/* ghosts */
byte ran[IDS];
byte removed[IDS];
bool registered[IDS];
byte last_called = 255; /* A4: the previous id called by the run being checked */
bool checking_lifo;      /* set only inside atomic runs: the interrupt and the final run */
byte steps;             /* A5: loop steps of the checked run (changes only inside atomic) */

/* ---- shared pieces, inlined into each process ------------------------------------ */

/* is_live(t, p, seen): three separate loads for a copy (move_to, move_from, meta). */
inline is_live(p, seen, live) {
    if
    :: seen == PENDING || seen == MOVING -> live = true
    :: seen == COPY ->
        mt = move_to;
        if
        :: mt == p -> mf = move_from; live = (st[mf] == MOVED)
        :: else -> live = false
        fi
    :: else -> live = false
    fi
}

/* take(t, p, seen): compare-exchange seen -> claimed. */
inline take(p, seen, ok) {
#ifdef BROKEN_CLAIM_BY_STORE
    st[p] = CLAIMED; ok = true
#else
    atomic {
        if
        :: st[p] == seen -> st[p] = CLAIMED; ok = true
        :: else -> ok = false
        fi
    }
#endif
}

/* a handler call: exactly once (A1), not torn (A2), LIFO when checked (A4) */
inline call(f, a) {
    atomic {
        assert(f == a && f != 0 && registered[f]);          /* A2 */
        assert(ran[f] == 0 && removed[f] == 0);             /* A1 */
        ran[f]++;
        if
        :: checking_lifo -> assert(f < last_called); last_called = f   /* A4 */
        :: else -> skip
        fi
    }
}

/* trim_top(t): only a lone claimer, under the compacting gate. */
inline trim_top() {
    c = claimers;
    if
    :: c == 1 ->
        atomic { if :: compacting == 0 -> compacting = 1; gate = true :: else -> gate = false fi };
        if
        :: gate ->
            do
            :: t = top;
               if
               :: t == 0 -> break
               :: else -> skip
               fi;
               seen = st[t - 1];
               if
               :: seen != DEAD && seen != MOVED -> break
               :: else -> skip
               fi;
#ifndef NO_TRIM_RECHECK
               /* a claimer that came in since the first check may hold
                  this slot's old entry (read before a move): do not recycle it */
               c = claimers;
               if
               :: c != 1 -> break
               :: else -> skip
               fi;
#endif
trim_empty:    st[t - 1] = EMPTY;
trim_lower:    atomic { if :: top == t -> top = t - 1; ok = true :: else -> ok = false fi };
               if
#ifdef TRIM_NO_RESTORE
               :: !ok -> break                       /* the mutation: the hole stays empty */
#else
               :: !ok -> st[t - 1] = seen; break     /* trim_restore */
#endif
               :: else -> steps = steps + checking_lifo
               fi
            od;
            compacting = 0
        :: else -> skip
        fi
    :: else -> skip
    fi
}

/* claim_newest + the call: one round of run(). found is false when nothing was left. */
inline claim_newest(found) {
    found = false;
    claimers++;                                      /* claimer_scope */
    trim_top();
    p = top;
run_scan:
    do
    :: p == 0 -> break
    :: p > 0 ->
        p--;
        steps = steps + checking_lifo;
        seen = st[p];
        do
        :: is_live(p, seen, live);
           if
           :: live ->
run_take:       take(p, seen, ok);
                if
                :: ok ->
run_copy_fn:        f = fn[p];
run_copy_arg:       a = arg[p];
run_dead:           st[p] = DEAD;
                    found = true;
                    break
                :: else -> seen = st[p]               /* it changed: look again */
                fi
           :: else -> break
           fi
        od;
        if
        :: found -> break
        :: else -> skip
        fi
    od;
    claimers--;                                      /* ~claimer_scope */
    if
    :: found -> call(f, a)
    :: else -> skip
    fi;
    p = 0; seen = 0; f = 0; a = 0; t = 0; c = 0; mf = 0; mt = 0; live = false; ok = false; gate = false
}

inline run_all() {
    do
    :: claim_newest(found);
       if
       :: !found -> break
       :: else -> skip
       fi
    od
}

/* move_entry(t, from, to, seen) */
inline move_entry(from, to, seen, moved_ok) {
          move_from = from;     /* mv_from */
mv_to:    move_to = to;
mv_start: atomic {
              if
              :: st[from] == seen -> st[from] = MOVING; ok = true
              :: else -> ok = false
              fi
          };
          if
          :: !ok -> moved_ok = false
          :: else ->
mv_fn:        fn[to] = fn[from];
mv_arg:       arg[to] = arg[from];
#ifdef BROKEN_COPY_PUBLISHED_PENDING
mv_copy:      st[to] = PENDING;     /* the mutation: the copy is claimable at once */
#else
mv_copy:      st[to] = COPY;
#endif
mv_retire:    atomic {
                  if
                  :: st[from] == MOVING -> st[from] = MOVED; ok = true
                  :: else -> ok = false
                  fi
              };
              if
              :: !ok ->
mv_kill:          st[to] = DEAD; moved_ok = false   /* a claimer took it at the source */
              :: else ->
mv_publish:       atomic { if :: st[to] == COPY -> st[to] = PENDING :: else -> skip fi };
                  moved_ok = true
              fi
          fi
}

/* compact(t): result true when the caller may retry the registration */
inline compact(result) {
    atomic { if :: compacting == 0 -> compacting = 1; gate = true :: else -> gate = false fi };
    if
    :: !gate -> result = false
    :: else ->
        end = top;
        if
#ifdef COMPACT_NO_TOP_CHECK
        :: false -> skip                                          /* the mutation */
#else
        :: end < N -> compacting = 0; result = true
#endif
        :: else ->
            w = 0; r = 0;
            do
            :: r < end ->
                seen = st[r];
                if
                :: seen == DEAD || seen == MOVED -> r++           /* a hole */
                :: seen != DEAD && seen != MOVED && (seen != PENDING || w == r) ->
                    r++; w = r                                    /* stays */
                :: seen == PENDING && w != r ->
cmp_claimers:       c = claimers;
                    if
                    :: c != 0 -> r++; w = r                       /* no new move */
                    :: c == 0 ->
                        move_entry(r, w, seen, mok);
                        if
                        :: mok -> w++; r++
                        :: else -> skip                           /* look again */
                        fi
                    fi
                fi
            :: else -> break
            od;
cmp_final_claimers:
            c = claimers;
            if
            :: c != 0 -> compacting = 0; result = false
            :: else ->
                r = w;
                do
                :: r < end -> st[r] = EMPTY; r++                   /* cmp_empty */
                :: else -> break
                od;
cmp_top:        top = w;
                compacting = 0;
                result = (w < N)
            fi
        fi
    fi
}

/* ---- processes --------------------------------------------------------------- */

/* coda_seal.pml includes the shared part above and has processes of its own */
#ifndef CODA_SEAL_MODEL

byte first_id;          /* the registrar's first id (above the preloaded ones) */
byte remove_target;

proctype registrar(byte count) {
    byte id, t, seen, c, end, r, w, mf, mt;
    bool ok, gate, result, mok;
    id = first_id;
    do
    :: count == 0 -> break
    :: count > 0 ->
        do
        :: t = top;                                         /* add_load_top */
           if
           :: t >= N ->
add_compact:        compact(result);
                    if
                    :: !result -> break                     /* CODA_EFULL */
                    :: else -> skip                         /* continue */
                    fi
           :: else ->
add_reserve:        atomic { if :: top == t -> top = t + 1; ok = true :: else -> ok = false fi };
                    if
                    :: ok ->
add_write_fn:           fn[t] = id;
add_write_arg:          arg[t] = id;
add_publish:            atomic { st[t] = PENDING; registered[id] = true };
                        break                               /* CODA_OK */
                    :: else -> skip                         /* continue */
                    fi
           fi
        od;
        t = 0; seen = 0; c = 0; end = 0; r = 0; w = 0; mf = 0; mt = 0; ok = false; gate = false; result = false; mok = false;
        id++;
        count--
    od;
    id = 0
}

proctype remover() {
    byte p, seen, f, mf, mt;
    bool live, ok;
    claimers++;
    p = top;
rm_scan:
    do
    :: p == 0 -> break
    :: p > 0 ->
        p--;
        seen = st[p];
        do
        :: is_live(p, seen, live);
           if
           :: !live -> break
           :: else -> skip
           fi;
rm_fn:     f = fn[p];
           if
           :: f != remove_target -> break
           :: else -> skip
           fi;
rm_take:   take(p, seen, ok);
           if
           :: ok ->
rm_dead:        atomic {
                    st[p] = DEAD;
                    assert(f != 0 && ran[f] == 0 && removed[f] == 0);   /* A1 */
                    removed[f]++
                };
                break
           :: else -> seen = st[p]
           fi
        od;
        seen = 0; f = 0; live = false; ok = false
    od;
    claimers--;
    mf = 0; mt = 0
}

proctype runner() {
    byte p, seen, f, a, t, c, mf, mt;
    bool live, ok, found, gate;
    run_all()
}

proctype interrupt() {
    byte p, seen, f, a, t, c, mf, mt;
    bool live, ok, found, gate;
    atomic {
        last_called = 255;
        checking_lifo = true;
        steps = 0;
        run_all();
        checking_lifo = false;
        assert(steps <= BOUND);                                         /* A5 */
        steps = 0; last_called = 0
    }
}

init {
    byte p, seen, f, a, t, c, mf, mt, i;
    bool live, ok, found, gate;
    /* a starting table: top == N with holes (compaction has to move), or room left */
    atomic {
        if
        :: st[0] = PENDING; fn[0] = 1; arg[0] = 1;                      /* [1, dead, 2] */
           st[1] = DEAD;
           st[2] = PENDING; fn[2] = 2; arg[2] = 2;
           top = 3; first_id = 3
        :: st[0] = DEAD;                                                /* [dead, 1, 2] */
           st[1] = PENDING; fn[1] = 1; arg[1] = 1;
           st[2] = PENDING; fn[2] = 2; arg[2] = 2;
           top = 3; first_id = 3
        :: st[0] = PENDING; fn[0] = 1; arg[0] = 1;                      /* [1, 2, -] */
           st[1] = PENDING; fn[1] = 2; arg[1] = 2;
           top = 2; first_id = 3
        :: st[0] = DEAD; st[1] = DEAD;                                  /* [dead, dead, 1] */
           st[2] = PENDING; fn[2] = 1; arg[2] = 1;
           top = 3; first_id = 2
        fi;
        i = 1;
        do
        :: i < first_id -> registered[i] = true; i++
        :: else -> break
        od;
        if
        :: remove_target = 1
        :: remove_target = 2
        :: remove_target = first_id
        fi;
        /* who takes part: the registrar always; the others in every combination that
           keeps the state space small enough for a test */
        run registrar(2);
        if
        :: run remover(); run interrupt()
        :: run runner(); run interrupt()
        :: run remover(); run runner()
        fi
    }
    (_nr_pr == 1);
    /* the final quiescent run (exit): every pending entry, newest first */
    atomic {
        last_called = 255;
        checking_lifo = true;
        run_all();
        checking_lifo = false;
        i = 1;
        do
        :: i < IDS ->
            assert(registered[i] -> ran[i] + removed[i] == 1 : ran[i] + removed[i] == 0);   /* A3 */
            i++
        :: else -> break
        od;
        p = 0;
        do
        :: p < N ->
            assert(p < top || st[p] == EMPTY);                                            /* A6 */
            assert(st[p] != PENDING && st[p] != MOVING && !(st[p] == COPY && move_to == p && st[move_from] == MOVED));
            p++
        :: else -> break
        od
    }
}
#endif /* CODA_SEAL_MODEL */
