/* An interrupt storm, one round per boot: the board's timer (board.h's tick) fires
 * every few hundred instructions (QEMU -icount: its period counts instructions, so the
 * schedule is deterministic) and its handler registers and removes entries, while main
 * registers, removes and then calls exit(). The tick pends the brownout IRQ (higher priority: it nests on top and
 * runs coda_brownout) at varied ticks, and once inside the exit run. Each round uses
 * another tick period, so the interrupt lands at many points of the protocol.
 *
 * A ledger accounts for every registration: one that returned CODA_OK ran exactly once
 * (in the exit run, in a brownout, or in the drain after exit for a brownout-only entry)
 * or was removed exactly once; one refused never ran. The tick also classifies where it
 * landed (registration, compaction, removal, exit run) by the interrupted PC. A wrap
 * of _exit (after coda's exit run, whichever C library atexit is linked) checks the
 * round, keeps the tally in .noinit and resets the machine for the next round. */
#include <stdint.h>
#include <stdlib.h>

#include "board.h"
#include "coda/cortex_m.h"
#include "report.h"

#define ROUNDS 768u /* enough to land on most PCs of the (short) exit run on every board;
                        * the per-round floors below grew with it (x2 from 256, x1.5 from 512) */
#define MAIN_OPS 96u
#define MAIN_IDS 0u /* id ranges: each context numbers its own registrations */
#define TICK_IDS 160u
#define IRQ_IDS 704u
#define IDS 768u
#define CAPACITY 32u /* CODA_CAPACITY of the firmware builds */

/* Who ran a handler: the exit run, the drain after it, the tick (never), the brownout. */
enum context { BY_EXIT, BY_DRAIN, BY_TICK, BY_BROWNOUT, CONTEXTS };
/* What main is doing; where the tick landed (a compaction is seen by the tick itself). */
enum phase { IDLE, REGISTERING, REMOVING, EXITING, DRAINING };
enum landing { IN_REGISTRATION, IN_COMPACTION, IN_REMOVAL, IN_EXIT_RUN, LANDINGS };
enum outcome { NOT_TRIED, ACCEPTED, FULL, CLOSED, INVALID };

/* The ledger: each byte is written by one context only (no read-modify-write races). */
static uint8_t wanted[IDS];          /* triggers asked for, stored before the call */
static uint8_t outcome[IDS];         /* what coda_register_on returned */
static uint8_t ran[CONTEXTS][IDS];   /* calls of the handler, by context */
static uint8_t removed[2][IDS];      /* removals: by main [0], by the tick [1] */
static unsigned next_id[3] = {MAIN_IDS, TICK_IDS, IRQ_IDS};
static const unsigned id_end[3] = {TICK_IDS, IRQ_IDS, IDS};

static volatile unsigned phase, in_exit_handler;
static unsigned round_no, base_period, brownout_every;
static unsigned ticks, exit_ticks, brownouts, exit_ran, exit_ran_at_brownout = ~0u;
static unsigned brownout_ran, last_brownout_ran;
static uint32_t rng;

/* Across rounds, in .noinit: the round, the tally, and where the tick landed. */
#define POINTS 4096u /* halfword PCs in the first 8 KiB of flash (the image's code) */
struct storm_state {
    uint32_t magic;
    uint32_t round;
    uint32_t errors, twice, accepted, by_exit, by_brownout, removals, drained, refused;
    uint32_t runs_ended, reports_checked, reports_consistent, inside_exit_run;
    uint32_t last_brownout_ran;
    uint8_t landed[LANDINGS][POINTS / 8u];
};
__attribute__((section(".noinit"))) static struct storm_state st;
#define STORM_MAGIC 0x5702A11Fu

static unsigned next_random(void) {
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return (unsigned)rng;
}

static void chain(unsigned context);

/* Where a handler runs: thread code runs only the exit run and the drain after it. */
static unsigned running_context(void) {
    const unsigned context = board_context();
    if (context == BOARD_IN_TICK) return BY_TICK;
    if (context == BOARD_IN_IRQ) return BY_BROWNOUT;
    return phase == DRAINING ? BY_DRAIN : BY_EXIT;
}

/* The handler of every registration: records who ran it, works a little, and one in
 * seven registers another entry from where it runs. */
static void mark(void *arg) {
    const unsigned id = (unsigned)(uintptr_t)arg, context = running_context();
    ++ran[context][id];
    if (context == BY_EXIT) in_exit_handler = 1;
    if (context == BY_BROWNOUT) ++brownout_ran;
    for (volatile unsigned spin = 0; spin < 8u; ++spin) {
    }
    if (id % 7u == 3u && context != BY_TICK) chain(context == BY_BROWNOUT ? 2u : 0u);
    if (context == BY_EXIT) {
        ++exit_ran;
        in_exit_handler = 0;
    }
}

/* Registers mark for a fresh id of `owner` (0 main, 1 the tick, 2 the brownout). */
static int add(unsigned owner, unsigned triggers) {
    if (next_id[owner] >= id_end[owner]) return CODA_EINVAL;
    const unsigned id = next_id[owner]++;
    wanted[id] = (uint8_t)triggers;
    const int status = coda_register_on(mark, (void *)(uintptr_t)id, triggers);
    outcome[id] = status == CODA_OK ? ACCEPTED : status == CODA_EFULL ? FULL : status == CODA_ECLOSED ? CLOSED : INVALID;
    return status;
}

/* Main's mix has exit-only entries (they pile up until the exit run); the tick's has
 * none, or the table would stay full and every registration would try to compact. */
static unsigned pick_triggers(unsigned owner) {
    static const uint8_t mix[4] = {CODA_ON_BROWNOUT, CODA_ON_EXIT | CODA_ON_BROWNOUT, CODA_ON_BROWNOUT, CODA_ON_EXIT};
    return mix[next_random() % (owner == 0u ? 4u : 3u)];
}

static void chain(unsigned owner) { (void)add(owner, owner == 2u ? CODA_ON_EXIT | CODA_ON_BROWNOUT : CODA_ON_EXIT); }

/* Removes one of the ten newest registrations of owner's range (by remover 0 or 1). */
static void remove_recent(unsigned owner, unsigned remover) {
    const unsigned first = owner == 0u ? MAIN_IDS : TICK_IDS, back = 1u + next_random() % 10u, top = next_id[owner];
    if (top < first + back) return;
    const unsigned victim = top - back;
    removed[remover][victim] = (uint8_t)(removed[remover][victim] +
                                         coda_unregister_arg(mark, (void *)(uintptr_t)victim));
}

static void note_landing(unsigned where, uint32_t pc) {
    const uint32_t point = (pc & 0x0FFFFFFFu) >> 1; /* flash offset: AN505 flash is at 0x10000000 */
    if (point < POINTS) st.landed[where][point / 8u] |= (uint8_t)(1u << (point % 8u));
}

static void pend_brownout_if(unsigned now) {
    if (now) board_pend_irq(BOARD_POWER_IRQ); /* preempts this handler at once */
}

/* The tick, called with the PC it interrupted (board.h, BOARD_TICK_PC). */
void board_tick_at(uint32_t pc) {
    ++ticks;
    const unsigned seen = phase;
    const unsigned in_exit = seen == EXITING ? exit_ticks++ : ~0u;
    const unsigned when = next_random() % 3u;
    const unsigned brownout_now = in_exit == round_no % 3u || (seen != EXITING && ticks % brownout_every == 0u);
    pend_brownout_if(brownout_now && when == 0u);
    const int status = next_random() & 1u ? add(1, pick_triggers(1)) : CODA_EINVAL;
    /* Refused with room left while main registers: main holds the compaction gate. */
    const unsigned compacting = status == CODA_EFULL && seen == REGISTERING && coda_pending() < CAPACITY;
    if (seen == REGISTERING) note_landing(compacting ? IN_COMPACTION : IN_REGISTRATION, pc);
    if (seen == REMOVING) note_landing(IN_REMOVAL, pc);
    if (seen == EXITING && !in_exit_handler) note_landing(IN_EXIT_RUN, pc); /* coda's claims, not a handler */
    pend_brownout_if(brownout_now && when == 1u);
    if (next_random() % 4u == 0u) remove_recent(next_random() & 1u, 1);
    pend_brownout_if(brownout_now && when == 2u);
    /* The next interrupt comes a period of main's instructions after this one ends (a
     * brownout may have outlasted a period), a little earlier or later each time. */
    board_next_tick(base_period + next_random() % 32u);
}

void board_irq_handler(void) {
    ++brownouts;
    if (phase == EXITING) exit_ran_at_brownout = exit_ran;
    const unsigned before = brownout_ran;
    coda_brownout();
    last_brownout_ran = brownout_ran - before;
}
void coda_after_brownout(void) {} /* the supply came back: return to the interrupted code */

/* Checks one registration; counts it in the tally. True when it is accounted for. */
static int accounted(unsigned id) {
    const unsigned total = ran[BY_EXIT][id] + ran[BY_DRAIN][id] + ran[BY_TICK][id] + ran[BY_BROWNOUT][id] +
                           removed[0][id] + removed[1][id];
    const unsigned triggers = wanted[id];
    if (outcome[id] != ACCEPTED) {
        st.refused += outcome[id] == FULL || outcome[id] == CLOSED;
        return total == 0 && outcome[id] != INVALID;
    }
    st.accepted++;
    st.twice += total > 1u;
    st.by_exit += ran[BY_EXIT][id];
    st.by_brownout += ran[BY_BROWNOUT][id];
    st.removals += removed[0][id] + removed[1][id];
    st.drained += ran[BY_DRAIN][id];
    return total == 1 && ran[BY_TICK][id] == 0 && (ran[BY_EXIT][id] == 0 || (triggers & CODA_ON_EXIT)) &&
           (ran[BY_BROWNOUT][id] == 0 || (triggers & CODA_ON_BROWNOUT)) &&
           (ran[BY_DRAIN][id] == 0 || !(triggers & CODA_ON_EXIT)); /* the exit run left no exit entry */
}

static void check_ledger(void) {
    for (unsigned owner = 0; owner < 3u; ++owner) {
        const unsigned first = owner == 0u ? MAIN_IDS : owner == 1u ? TICK_IDS : IRQ_IDS;
        for (unsigned id = first; id < next_id[owner]; ++id) {
            if (accounted(id)) continue;
            if (st.errors++ < 5u) {
                board_put_kv("WRONG: round", round_no);
                board_put_kv("  registration", id);
                board_put_kv("  outcome", outcome[id]);
                board_put_kv("  ran by exit", ran[BY_EXIT][id]);
                board_put_kv("  ran by brownout", ran[BY_BROWNOUT][id]);
                board_put_kv("  ran by drain", ran[BY_DRAIN][id]);
                board_put_kv("  removed", removed[0][id] + removed[1][id]);
            }
        }
        if (next_id[owner] >= id_end[owner] && st.errors++ < 5u) board_put_kv("WRONG: ids used up by", owner);
    }
}

static unsigned landed(unsigned where) {
    unsigned count = 0;
    for (unsigned i = 0; i < POINTS / 8u; ++i) {
        for (unsigned bits = st.landed[where][i]; bits != 0; bits &= bits - 1u) ++count;
    }
    return count;
}

static void summary(void) {
    board_put_kv("rounds", ROUNDS);
    board_put_kv("registrations not accounted for", st.errors);
    board_put_kv("  of which ran or went more than once", st.twice);
    board_put_kv("exit runs that ended", st.runs_ended);
    board_put_kv("brownout reports checked", st.reports_checked);
    board_put_kv("  consistent with the ledger", st.reports_consistent);
    print_at_least("", "accepted registrations", st.accepted, 60000u);
    print_at_least("", "ran in the exit run", st.by_exit, 6000u);
    print_at_least("", "ran in a brownout", st.by_brownout, 30000u);
    print_at_least("", "removed", st.removals, 9000u);
    print_at_least("", "brownout-only entries left to the drain", st.drained, 1200u);
    print_at_least("", "refused (full or closed)", st.refused, 3000u);
    print_at_least("", "rounds with a brownout inside the exit run", st.inside_exit_run, ROUNDS * 3u / 4u);
    print_at_least("", "distinct PCs interrupted in a registration", landed(IN_REGISTRATION), 120u);
    print_at_least("", "  in a compaction", landed(IN_COMPACTION), 50u);
    print_at_least("", "  in a removal", landed(IN_REMOVAL), 80u);
    print_at_least("", "  in exit(), outside the handlers (the run's claims)", landed(IN_EXIT_RUN), 150u);
}

/* Where exit() ends (-Wl,--wrap=_exit): after coda's exit run, which has ended. It
 * takes no table slot, so the storm sees CODA_CAPACITY slots with or without
 * CODA_REPLACE_LIBC_ATEXIT. */
void __wrap__exit(int status);
void __wrap__exit(int status) {
    (void)status;
    board_stop_ticks();
    phase = DRAINING;
    st.runs_ended++;
    (void)coda_run(CODA_ON_EXIT);     /* must find nothing: checked per entry */
    (void)coda_run(CODA_ON_BROWNOUT); /* the brownout-only entries still pending */
    if (coda_pending() != 0u && st.errors++ < 5u) board_puts("WRONG: entries pending after the drain\n");
    check_ledger();
    st.inside_exit_run += exit_ran_at_brownout != ~0u && exit_ran > exit_ran_at_brownout;
    st.last_brownout_ran = brownouts != 0u ? last_brownout_ran : ~0u;
    if (++st.round < ROUNDS) board_system_reset();
    summary();
    st.magic = 0;
    board_exit(st.errors == 0u && st.runs_ended == ROUNDS && st.reports_consistent == st.reports_checked ? 0 : 1);
}

/* The previous round's last brownout recorded its run: trigger 16, complete, and the
 * handlers the ledger saw it run. */
static void check_report(void) {
    struct coda_report r = {0, 0, 0, 0, 0};
    const int got = coda_last_report(&r);
    if (st.round == 0u || st.last_brownout_ran == ~0u) return;
    st.reports_checked++;
    st.reports_consistent += got == 1 && r.trigger == CODA_ON_BROWNOUT && r.complete == 1u &&
                             r.ran == st.last_brownout_ran && r.failed == 0u && r.skipped == 0u;
}

int main(void) {
    if (st.magic != STORM_MAGIC) {
        for (unsigned i = 0; i < sizeof st; ++i) ((uint8_t *)&st)[i] = 0;
        st.magic = STORM_MAGIC;
        board_puts("irq_storm\n");
    }
    check_report();
    round_no = st.round;
    rng = 0x2545F491u ^ (round_no * 0x9E3779B9u);
    base_period = 200u + (round_no * 53u) % 500u; /* 200..699 ticks, about as many instructions */
    brownout_every = 3u + round_no % 12u;
    board_enable_irq(BOARD_POWER_IRQ);
    board_start_ticks(base_period); /* below the brownout IRQ: it nests on the tick's handler */
    for (unsigned op = 0; op < MAIN_OPS; ++op) {
        phase = REGISTERING;
        (void)add(0, pick_triggers(0));
        phase = REMOVING;
        if (next_random() & 1u) remove_recent(0, 0);
        phase = IDLE;
    }
    phase = EXITING;
    exit(0);
}
