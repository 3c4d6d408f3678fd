/* table.pml - the slot protocol of src/table_impl.hpp in Promela, shared by coda.pml and
 * coda_seal.pml (tests/model/README.md says what each checks).
 *
 * One registry of N = 3 slots and one trigger, so a meta byte is its state alone and a
 * compare-exchange on it compares the state (the worst case for a stale view: a
 * recycled slot shows the same byte). Each statement is one memory operation of the
 * C++ code: a load, a store, or a compare-exchange (inside atomic { }). The claimer
 * count's compare-exchange loop is one atomic add. `order` holds the slot itself (the
 * code stores slot ^ position so that zero RAM is the identity: the same map).
 *
 * An entry is an id (1..IDS-1): its registrar writes fn = id and arg = id in two steps.
 * Ghosts (no code reads them): owner[s] is the id published in slot s, set by the
 * publishing compare-exchange; a claim records it, so a call can check that fn and arg
 * are that registration's (not torn, not another's).
 *
 * Mutations, each of which spin must reject (-DNAME; CTest model.*_rejects_<name>):
 *   RELEASE_UNCOUNTED     a run recycles its slot while a removal or compaction is counted
 *   RELEASE_SEALED        a run recycles its slot after the seal bit
 *   RELEASE_MOVED         a run recycles its slot without checking p still names it
 *   RELEASE_EMPTY_LATE    a run empties its slot after its checks, not before
 *   COMPACT_MOVES_EMPTY   compaction also moves empty (reserved) slots
 *   SWAP_UPPER_FIRST      a swap writes the upper position first
 *   TRIM_NOT_ALONE        trim without its alone() check
 *   PUBLISH_BY_STORE      add publishes by a plain store, not compare-exchange empty->pending
 *   FINAL_NO_SECOND_RUN   run_final without its second run (coda_seal.pml)
 *   COMPACT_NOT_ALONE     compaction without its alone() check at the start
 *   TRIM_ALONE_FIRST_ONLY trim checks alone() only before slot_at(top - 1), not again
 *   CLAIM_BY_STORE        a run claims by a plain store, not compare-exchange (coda.pml
 *                         -DMINIMAL: two runs take one entry, A1)
 *   REMOVE_NO_RECHECK     a removal compare-exchanges the meta of its uncounted first look
 *                         (coda.pml: X1)
 *   REMOVE_COUNTS_SCAN    a removal counts itself for its whole scan, as it once did: an
 *                         add beside one that finds nothing gets FULL (coda.pml
 *                         -DNOTHING_TO_REMOVE)
 *   TRIM_NO_SEALED_CHECK  compaction's trim recycles after the seal bit (coda_seal.pml
 *                         -DTWO_REGISTRARS: since the seal tries each slot once)
 * and three that spin passes (README.md says why): TRIM_RESTORES_DEAD (compaction's trim
 * marks a slot it could not recycle after the bit dead, not sealed), TRIM_ALONE_LATE
 * (trim checks alone() only after slot_at(top - 1): the first race, when runs trimmed),
 * COMPACT_MOVES_SEALED (compaction moves sealed slots).
 * (Two races spin found in the first version of the protocol are fixed in src/table_impl.hpp
 * and here: trim checks alone() before slot_at(top - 1) too; compaction leaves sealed
 * slots in place, as it does empty ones. README.md "What spin found".)
 */

#define N       3
#define IDS     6       /* ids 1..5; 0 is no entry */
#define NONE    255     /* no slot */
#define BOUND   40      /* the interrupt's loop steps: well above what N = 3 needs */

/* slot states (src/table_impl.hpp, namespace slot) */
#define EMPTY   0
#define PENDING 1
#define CLAIMED 2
#define DEAD    3
#define SEALED  4

/* what an add returned (ghost) */
#define NOT_YET 0
#define OK      1
#define CLOSED  2
#define FULL    3

byte order[N];          /* position -> slot */
byte meta[N];           /* per slot: its state */
byte fn[N];             /* per slot: the id written there */
byte arg[N];            /* per slot: the id again, written in a separate step */
byte top;
byte claimers;
bit  sealed;            /* gate_sealed */

/* ghosts */
byte owner[N];          /* the id last published in each slot */
byte ran[IDS];
byte removed[IDS];
byte outcome[IDS];
byte steps;             /* A5: loop steps of an atomic run (changes only inside atomic) */
bit  counting;          /* steps counts: set inside atomic runs only */

/* Every process that uses the inlines declares:
 *   byte t, s, h, seen, p, e, r, w, got, f, a; bool ok;  (and q, found, watch for runs)
 * and the inlines leave them 0 when done, so finished steps add no states. */

/* trim(t): a compaction's trim, recycling dead slots at the top positions while the
 * compaction is the only claimer counted */
inline trim() {
    do
    :: 
#if !defined(TRIM_NOT_ALONE) && !defined(TRIM_ALONE_LATE)
       if
       :: claimers != 1 -> break                            /* trim_alone_first? order frozen before slot_at */
       :: else -> skip
       fi;
#endif
       t = top;                                             /* trim_load_top */
       if
       :: t == 0 -> break
       :: else -> skip
       fi;
       s = order[t - 1];                                    /* slot_at(last) */
       if
       :: meta[s] != DEAD -> break                          /* trim_dead? */
       :: else -> skip
       fi;
#if !defined(TRIM_NOT_ALONE) && !defined(TRIM_ALONE_FIRST_ONLY)
       if
       :: claimers != 1 -> break                            /* trim_alone? */
       :: else -> skip
       fi;
#endif
       atomic { if :: meta[s] == DEAD -> meta[s] = EMPTY; ok = true :: else -> ok = false fi };  /* trim_empty */
       if
       :: !ok -> break
       :: else -> skip
       fi;
#ifndef TRIM_NO_SEALED_CHECK
       h = (sealed -> SEALED : DEAD);                       /* trim_sealed: the gate load */
       if
       :: h == SEALED ->
           ok = false                                       /* no recycling */
#ifdef TRIM_RESTORES_DEAD
           ; h = DEAD
#endif
       :: else ->
#else
       if
       :: true ->
#endif
           atomic { if :: top == t -> top = t - 1; ok = true :: else -> ok = false fi }         /* trim_lower */
       fi;
       if
       :: !ok ->
#ifdef TRIM_NO_SEALED_CHECK
           h = DEAD;
#endif
           atomic { if :: meta[s] == EMPTY -> meta[s] = h :: else -> skip fi };              /* trim_restore: sealed or dead as loaded */
           h = 0;
           break
       :: else -> h = 0; steps = steps + counting
       fi
    od;
    t = 0; s = 0; ok = false
}

/* trim_unshared(t): trim where nothing compacts and nothing is counted (the global
 * registry without compaction, src/table_impl.hpp): order is the identity, no alone()
 * check, and the dead check is the compare-exchange itself */
inline trim_unshared() {
    do
    :: t = top;                                             /* tu_load_top */
       if
       :: t == 0 -> break
       :: else -> skip
       fi;
       s = t - 1;                                           /* order is the identity */
       atomic { if :: meta[s] == DEAD -> meta[s] = EMPTY; ok = true :: else -> ok = false fi };  /* tu_empty */
       if
       :: !ok -> break
       :: else -> skip
       fi;
       h = (sealed -> SEALED : DEAD);                       /* tu_sealed: the gate load */
       if
       :: h == SEALED -> ok = false
       :: else -> atomic { if :: top == t -> top = t - 1; ok = true :: else -> ok = false fi }   /* tu_lower */
       fi;
       if
       :: !ok ->
           atomic { if :: meta[s] == EMPTY -> meta[s] = h :: else -> skip fi };              /* tu_restore */
           h = 0;
           break
       :: else -> h = 0; steps = steps + counting
       fi
    od;
    t = 0; s = 0; ok = false
}

/* compact(t): result is top < N at the end */
inline compact(result) {
    atomic { claimers++ };
#ifdef COMPACT_NOT_ALONE
    if
    :: true ->
#else
    if
    :: claimers == 1 ->                                     /* cmp_alone? */
#endif
        e = top;                                            /* cmp_end */
        w = 0;
        r = 0;
        do
        :: r < e ->
            s = order[r];                                   /* slot_at(read) */
            seen = meta[s];                                 /* cmp_state */
            if
            :: seen == DEAD -> skip                         /* a hole */
#ifdef COMPACT_MOVES_EMPTY
            :: seen != DEAD && w == r -> w = r + 1
            :: seen != DEAD && w != r ->
#elif defined(COMPACT_MOVES_SEALED)
            :: seen != DEAD && (seen == EMPTY || w == r) -> w = r + 1
            :: seen != DEAD && seen != EMPTY && w != r ->
#else
            :: seen != DEAD && (seen == EMPTY || seen == SEALED || w == r) -> w = r + 1   /* stays */
            :: seen != DEAD && seen != EMPTY && seen != SEALED && w != r ->
#endif
                h = order[w];                               /* slot_at(write): the hole */
#ifdef SWAP_UPPER_FIRST
                order[r] = h;
                order[w] = s;
#else
                order[w] = s;                               /* cmp_swap_lower */
                order[r] = h;                               /* cmp_swap_upper */
#endif
                w++
            fi;
            r++;
            s = 0; seen = 0; h = 0
        :: else -> break
        od;
        e = 0; r = 0; w = 0;
        trim()
    :: else -> skip
    fi;
    atomic { claimers-- };
    result = (top < N)                                      /* cmp_result */
}

/* claim_newest(trigger): found is the claimed slot or NONE; got is its owner (ghost).
 * watch (a ghost of the caller) gets the ids pending when the scan loads top. */
inline claim_newest(found, watch) {
    atomic {
        p = top;                                            /* cn_load_top */
        watch = 0;
        s = 0;
        do
        :: s < N -> if :: meta[s] == PENDING -> watch = watch | (1 << owner[s]) :: else -> skip fi; s++
        :: else -> break
        od;
        s = 0
    };
    found = NONE;
    do
    :: p == 0 -> break
    :: p > 0 ->
        p--;
        steps = steps + counting;
        s = order[p];                                       /* slot_at(p) */
        seen = meta[s];                                     /* cn_seen */
        if
        :: seen == PENDING ->
#ifdef CLAIM_BY_STORE
            meta[s] = CLAIMED; found = s; q = p; got = owner[s];
#else
            atomic { if :: meta[s] == seen -> meta[s] = CLAIMED; found = s; q = p; got = owner[s] :: else -> skip fi };  /* cn_claim */
#endif
            if
            :: found != NONE -> break
            :: else -> skip
            fi
        :: else -> skip
        fi;
        s = 0; seen = 0
    od;
    p = 0; s = 0; seen = 0;
    /* R1 missed nothing: an id pending at the start and still pending now was pending
       throughout (ids are never reused), so the scan had to claim it or another */
    atomic {
        if
        :: found == NONE ->
            do
            :: s < N -> assert(!(meta[s] == PENDING && (watch & (1 << owner[s])))); s++   /* R1 */
            :: else -> break
            od;
            s = 0
        :: else -> skip
        fi;
        watch = 0
    }
}

/* the handler call: exactly once, whole, and the claimed registration's */
inline call(f, a) {
    atomic {
        assert(f == a && f == got && f != 0);                                   /* A2 */
        assert(ran[f] == 0 && removed[f] == 0 && outcome[f] == OK);             /* A1 */
        ran[f]++;
        got = 0
    }
}

/* release(q, found): the run's slot, copied out, recycled if it is the newest and no
 * claimer is counted, else a hole (src/table_impl.hpp release) */
inline release() {
#ifndef RELEASE_EMPTY_LATE
    meta[found] = EMPTY;                                    /* rel_empty */
#endif
    ok = false;
    if
#ifndef RELEASE_UNCOUNTED
    :: claimers != 0 -> skip                                /* rel_claimers? */
#endif
    :: else ->
        if
#ifndef RELEASE_SEALED
        :: sealed -> skip                                   /* rel_sealed? */
#endif
        :: else ->
            if
#ifndef RELEASE_MOVED
            :: order[q] != found -> skip                    /* rel_position? */
#endif
            :: else ->
#ifdef RELEASE_EMPTY_LATE
                meta[found] = EMPTY;
#endif
                atomic { if :: top == q + 1 -> top = q; ok = true :: else -> skip fi }   /* rel_recycle */
            fi
        fi
    fi;
    if
    :: !ok ->
#ifdef RELEASE_EMPTY_LATE
        meta[found] = EMPTY;
#endif
        atomic { if :: meta[found] == EMPTY -> meta[found] = DEAD :: else -> skip fi }   /* rel_hole */
    :: else -> skip
    fi;
    ok = false; q = 0
}

/* run(trigger): claim the newest due entry, copy it out, release it, call; again from the
 * top. Not counted: a run is no claimer. */
inline run_all(watch) {
    do
    :: claim_newest(found, watch);
       if
       :: found == NONE -> break
       :: else ->
           f = fn[found];                                   /* run_copy_fn */
           a = arg[found];                                  /* run_copy_arg */
           release();
           found = NONE;
           call(f, a);
           f = 0; a = 0
       fi
    od
}

/* seal(t): the sealed bit, then every empty or dead slot sealed, one try each */
inline seal() {
    sealed = 1;                                             /* seal_bit */
    s = 0;
    do
    :: s < N ->
        seen = meta[s];                                     /* seal_seen */
        if
        :: seen == EMPTY || seen == DEAD ->
            atomic { if :: meta[s] == seen -> meta[s] = SEALED :: else -> skip fi }   /* seal_cas */
        :: else -> skip
        fi;
        s++
    :: else -> break
    od;
    s = 0; seen = 0
}

/* add(t, id): the outcome is a ghost */
inline add(id) {
    do
    :: sealed -> outcome[id] = CLOSED; break                /* add_sealed? */
    :: else ->
        t = top;                                            /* add_load_top */
        if
        :: t >= N ->
#ifdef MINIMAL
            trim_unshared(); ok = (top < N);                /* add_trim_room: no compaction linked */
#else
            compact(ok);                                    /* add_compact */
#endif
            if
            :: !ok -> outcome[id] = FULL; break
            :: else -> skip
            fi
        :: else ->
            atomic { if :: top == t -> top = t + 1; ok = true :: else -> ok = false fi };   /* add_reserve */
            if
            :: ok ->
                s = order[t];                               /* add_slot */
                fn[s] = id;                                 /* add_write_fn */
                arg[s] = id;                                /* add_write_arg */
#ifdef PUBLISH_BY_STORE
                atomic { meta[s] = PENDING; owner[s] = id; outcome[id] = OK };
#else
                atomic {                                    /* add_publish */
                    if
                    :: meta[s] == EMPTY -> meta[s] = PENDING; owner[s] = id; outcome[id] = OK
                    :: else -> outcome[id] = CLOSED
                    fi
                };
#endif
                break
            :: else -> skip
            fi
        fi;
        t = 0; s = 0; ok = false
    od;
    t = 0; s = 0; ok = false
}

/* the end state: order a permutation of the slots, [top, N) names empty (or sealed)
 * slots, nothing below top is empty (a reservation never published: lost for good)
 * and nothing is pending or claimed */
inline check_shape() {
    p = 0;
    do
    :: p < N ->
        s = 0; r = 0;
        do
        :: s < N -> r = r + (order[s] == p); s++
        :: else -> break
        od;
        assert(r == 1);                                                         /* S4 permutation */
        s = order[p];
        assert(p < top -> meta[s] != EMPTY : (meta[s] == EMPTY || meta[s] == SEALED));   /* S4 free */
        assert(meta[s] != PENDING && meta[s] != CLAIMED);
        p++
    :: else -> break
    od;
    p = 0; s = 0; r = 0
}
