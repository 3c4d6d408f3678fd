/* Power cut at every step of the reset and the brownout runs. One image walks a list of
 * cut points, one per boot: it registers five entries (four eligible for the run), runs
 * coda_reset() or the brownout IRQ, and cuts the power (a system reset coda did not ask
 * for) at the point: after the k-th registration, when handler k+1 starts (k handlers
 * returned), inside handler k after it persisted its marker, when the brownout budget
 * stops after k, or after the run ended. Each handler persists a marker in .noinit. The
 * next boot checks that coda_last_report() (trigger, ran, failed, skipped, complete)
 * says exactly what the markers say, prints one line, and exercises the next point. */
#include <stdint.h>
#include <stdlib.h>

#include "board.h"
#include "coda/cortex_m.h"

#define ENTRIES 5u  /* registrations per run; entry 3 is not eligible */
#define ELIGIBLE 4u
#define STATE_MAGIC 0xC07C07C0u

enum cut_kind { CUT_REGISTRATION, CUT_BEFORE_HANDLER, CUT_INSIDE_HANDLER, CUT_BUDGET_STOP, CUT_AFTER_RUN };
struct cut_point {
    unsigned trigger;  /* CODA_ON_RESET or CODA_ON_BROWNOUT */
    enum cut_kind kind;
    unsigned k;
};

/* What survives the cuts: the point being exercised, the markers, the tally. */
struct cut_state {
    uint32_t magic;
    uint32_t point;
    uint32_t markers;  /* how many handlers persisted their marker ... */
    uint8_t order[8];  /* ... and which, in the order they ran */
    uint32_t consistent;
};
__attribute__((section(".noinit"))) static volatile struct cut_state state;

static const char *const kind_names[] = {"after registration", "after handlers", "inside handler",
                                         "budget stops after", "after the run"};

/* The cut points in order: reset run first, then brownout run. Returns how many. */
static unsigned cut_point_at(unsigned index, struct cut_point *out) {
    unsigned n = 0;
    for (unsigned r = 0; r < 2; ++r) {
        const unsigned trigger = r == 0 ? CODA_ON_RESET : CODA_ON_BROWNOUT;
        const struct { enum cut_kind kind; unsigned first, last; } spans[] = {
            {CUT_REGISTRATION, 1, ENTRIES},   {CUT_BEFORE_HANDLER, 0, ELIGIBLE - 1},
            {CUT_INSIDE_HANDLER, 1, ELIGIBLE}, {CUT_BUDGET_STOP, 0, r == 0 ? 0 : ELIGIBLE - 1},
            {CUT_AFTER_RUN, ELIGIBLE, ELIGIBLE}};
        for (unsigned s = 0; s < sizeof spans / sizeof spans[0]; ++s) {
            if (spans[s].kind == CUT_BUDGET_STOP && r == 0) continue;  /* coda_reset has no budget */
            for (unsigned k = spans[s].first; k <= spans[s].last; ++k, ++n) {
                if (n == index) *out = (struct cut_point){trigger, spans[s].kind, k};
            }
        }
    }
    return n;
}

static struct cut_point point;
static unsigned started, budget_asked;

__attribute__((noreturn)) static void power_cut(void) { board_system_reset(); }

static void persist(void *arg) {
    ++started;
    if (point.kind == CUT_BEFORE_HANDLER && started == point.k + 1u) power_cut();
    state.order[state.markers] = (uint8_t)(uintptr_t)arg;
    state.markers = state.markers + 1u;
    if (point.kind == CUT_INSIDE_HANDLER && started == point.k) power_cut();
}

static int budget(void *ctx) {
    (void)ctx;
    return !(point.kind == CUT_BUDGET_STOP && budget_asked++ == point.k);
}

void board_irq_handler(void) { coda_brownout(); }

/* Registers the five entries (cutting after the k-th if asked) and starts the run. */
__attribute__((noreturn)) static void exercise(void) {
    const unsigned t = point.trigger, other = t ^ (CODA_ON_RESET | CODA_ON_BROWNOUT);
    const unsigned triggers[ENTRIES] = {t, t | CODA_ON_EXIT, CODA_ON_EXIT, t, t | other};
    for (unsigned i = 0; i < ENTRIES; ++i) {
        if (coda_register_on(persist, (void *)(uintptr_t)(i + 1u), triggers[i]) != CODA_OK) {
            board_puts("WRONG: registration refused\n");
        }
        if (point.kind == CUT_REGISTRATION && point.k == i + 1u) power_cut();
    }
    if (t == CODA_ON_RESET) coda_reset();
    coda_set_brownout_budget(budget, 0);
    board_enable_irq(BOARD_POWER_IRQ);
    board_pend_irq(BOARD_POWER_IRQ); /* coda_after_brownout() resets: the cut after the run */
    board_puts("WRONG: the brownout returned\n");
    board_exit(1);
}

/* What the point must leave: the handlers that persisted a marker, the report's ran. */
static unsigned expected_markers(const struct cut_point *p) {
    return p->kind == CUT_REGISTRATION ? 0u : p->k;
}

static void put_field(const char *key, unsigned value) {
    board_puts(" ");
    board_puts(key);
    board_puts(" ");
    board_put_uint(value);
}

/* Checks the report against the markers the handlers persisted before the cut. */
static int consistent(const struct cut_point *p, int got, const struct coda_report *r) {
    static const uint8_t lifo[ELIGIBLE] = {5, 4, 2, 1};  /* newest first; 3 never runs */
    const unsigned markers = state.markers;
    if (markers != expected_markers(p) || markers > ELIGIBLE) return 0;
    for (unsigned i = 0; i < markers; ++i) {
        if (state.order[i] != lifo[i]) return 0;
    }
    if (p->kind == CUT_REGISTRATION) return got == 0 && coda_pending() == 0;
    const unsigned in_flight = p->kind == CUT_INSIDE_HANDLER ? 1u : 0u;  /* persisted, not returned */
    const unsigned skipped = p->kind == CUT_BUDGET_STOP ? ELIGIBLE - markers : 0u;
    return got == 1 && r->trigger == p->trigger && r->ran + in_flight == markers && r->failed == 0 &&
           r->skipped == skipped && r->complete == (p->kind == CUT_AFTER_RUN);
}

/* One line per cut point: the point, the report, the markers, the verdict. */
static void check(const struct cut_point *p, int got, const struct coda_report *r) {
    board_puts(p->trigger == CODA_ON_RESET ? "reset run, " : "brownout run, ");
    board_puts(kind_names[p->kind]);
    board_puts(" ");
    board_put_uint(p->k);
    board_puts(":");
    put_field("report", (unsigned)got);
    if (got) {
        put_field("trigger", r->trigger);
        put_field("ran", r->ran);
        put_field("failed", r->failed);
        put_field("skipped", r->skipped);
        put_field("complete", r->complete);
    }
    board_puts("; markers");
    for (unsigned i = 0; i < state.markers && i < sizeof state.order; ++i) {
        board_puts(" ");
        board_put_uint(state.order[i]);
    }
    const int ok = consistent(p, got, r);
    board_puts(ok ? ": consistent\n" : ": WRONG\n");
    if (ok) state.consistent = state.consistent + 1u;
}

int main(void) {
    struct coda_report r = {99, 99, 99, 99, 99};
    const int got = coda_last_report(&r);
    struct cut_point none;
    const unsigned points = cut_point_at(~0u, &none);
    if (state.magic != STATE_MAGIC) {
        board_puts("power_cut\n");
        board_put_kv("power-on: report", (unsigned)got);
        state.point = 0;
        state.consistent = 0;
        state.magic = STATE_MAGIC;
    } else {
        (void)cut_point_at(state.point, &point);
        check(&point, got, &r);
        state.point = state.point + 1u;
    }
    if (state.point == points) {
        board_put_kv("cut points", points);
        board_put_kv("consistent", state.consistent);
        state.magic = 0;
        exit(state.consistent == points ? 0 : 1);
    }
    (void)cut_point_at(state.point, &point);
    state.markers = 0;
    exercise();
}
