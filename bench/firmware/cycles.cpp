// cycles.cpp - instructions per operation on Cortex-M, counted by SysTick under
// qemu-system-arm -icount shift=10 (one instruction = 1024 ns of virtual time, so
// SysTick, clocked by the CPU clock, advances a fixed number of ticks per instruction).
// The ticks per instruction are calibrated at start on 10000 NOPs, and every reading is
// converted to whole instructions. Each operation is measured alone (t0, call, t1); the
// same bracket around an empty call with the same arguments is subtracted, so a figure
// is the instructions inside the callee. A run is measured at N and at 0 entries:
// per handler = (I(N) - I(0)) / N. Output, over semihosting, one line per figure:
//   R <what> <capacity> <instructions> <operations>
//   S <what> <bytes>           (stack, by painting)
#include <cstddef>
#include <cstdint>
#include <new>

#include "board.h"
#include "coda/cortex_m.h"
#include "coda/registry.hpp"
#include "peers.h"

extern "C" void __call_exitprocs(int, void *);  // newlib's run of its atexit table
extern "C" int atexit(void (*)(void));

namespace {

volatile std::uint32_t &syst_csr = *reinterpret_cast<volatile std::uint32_t *>(0xE000E010u);
volatile std::uint32_t &syst_rvr = *reinterpret_cast<volatile std::uint32_t *>(0xE000E014u);
volatile std::uint32_t &syst_cvr = *reinterpret_cast<volatile std::uint32_t *>(0xE000E018u);

inline std::uint32_t now() {
    asm volatile("" ::: "memory");
    const std::uint32_t v = syst_cvr;
    asm volatile("" ::: "memory");
    return v;
}
inline std::uint32_t elapsed(std::uint32_t t0, std::uint32_t t1) { return (t0 - t1) & 0xFFFFFFu; }

std::uint32_t ticks_per_10000;  // ticks for 10000 instructions
std::uint32_t instructions(std::uint32_t ticks) {
    return static_cast<std::uint32_t>((static_cast<std::uint64_t>(ticks) * 10000u + ticks_per_10000 / 2) / ticks_per_10000);
}

// Ticks for 10000 NOPs: the two bracketing loads with and without them in between. The
// CVR address comes in a register (Thumb-1 literal pools cannot reach across 1000 NOPs).
__attribute__((noipa)) std::uint32_t calibrate(volatile std::uint32_t *cvr) {
    std::uint32_t a, b, c, d;
    asm volatile("ldr %0, [%2]\n\tldr %1, [%2]" : "=&l"(a), "=&l"(b) : "l"(cvr) : "memory");
    asm volatile("ldr %0, [%2]\n\t.rept 10000\n\tnop\n\t.endr\n\tldr %1, [%2]" : "=&l"(c), "=&l"(d) : "l"(cvr) : "memory");
    return ((c - d) & 0xFFFFFFu) - ((a - b) & 0xFFFFFFu);
}

// Instructions of one bracketed call, the bracket's own cost not subtracted.
template <class F>
__attribute__((always_inline)) inline std::uint32_t count(F f) {
    const std::uint32_t t0 = now();
    f();
    const std::uint32_t t1 = now();
    return instructions(elapsed(t0, t1));
}

void report(const char *what, unsigned capacity, std::uint32_t total, unsigned ops) {
    board_puts("R ");
    board_puts(what);
    board_puts(" ");
    board_put_uint(capacity);
    board_puts(" ");
    board_put_uint(total);
    board_puts(" ");
    board_put_uint(ops);
    board_puts("\n");
}

int args[256];
std::uint32_t loop_cost;  // the bracket around an empty call with (table, fn, arg)

extern "C" void empty_void() { asm volatile("" ::: "memory"); }

template <std::size_t N>
void coda_ops() {
    alignas(8) static unsigned char storage[sizeof(coda::registry<N>)];
    auto *r = new (storage) coda::registry<N>();
    std::uint32_t total = 0;
    for (std::size_t i = 0; i < N; ++i) total += count([&] { (void)r->add(empty_handler, &args[i], CODA_ON_EXIT); }) - loop_cost;
    report("coda_register", N, total, N);
    const std::uint32_t run_n = count([&] { (void)r->run(CODA_ON_EXIT); });
    const std::uint32_t run_0 = count([&] { (void)r->run(CODA_ON_EXIT); });
    report("coda_run", N, run_n - run_0, N);
    r = new (storage) coda::registry<N>();
    for (std::size_t i = 0; i < N; ++i) (void)r->add(empty_handler, &args[i], CODA_ON_EXIT);
    total = 0;
    for (std::size_t i = 0; i < N; ++i) total += count([&] { (void)r->remove(empty_handler, &args[i]); }) - loop_cost;
    report("coda_unregister", N, total, N);

    static naive_entry entries[N];
    naive_table t = {entries, N, 0};
    total = 0;
    for (std::size_t i = 0; i < N; ++i) total += count([&] { (void)naive_register(&t, empty_handler, &args[i]); }) - loop_cost;
    report("naive_register", N, total, N);
    const std::uint32_t nrun_n = count([&] { (void)naive_run(&t); });
    const std::uint32_t nrun_0 = count([&] { (void)naive_run(&t); });
    report("naive_run", N, nrun_n - nrun_0, N);
    for (std::size_t i = 0; i < N; ++i) (void)naive_register(&t, empty_handler, &args[i]);
    total = 0;
    for (std::size_t i = 0; i < N; ++i) total += count([&] { (void)naive_unregister(&t, empty_handler, &args[i]); }) - loop_cost;
    report("naive_unregister", N, total, N);

    // newlib-nano: a static table of 32 (_ATEXIT_SIZE), no removal. Registrations that
    // fail (table full) are not counted; the report says how many succeeded.
    total = 0;
    unsigned ok = 0;
    for (std::size_t i = 0; i < N; ++i) {
        int rc = 0;
        const std::uint32_t c = count([&] { rc = atexit(empty_void); }) - loop_cost;
        if (rc == 0) {
            total += c;
            ++ok;
        }
    }
    report("newlib_register", N, total, ok);
    const std::uint32_t lrun_n = count([&] { __call_exitprocs(0, nullptr); });
    const std::uint32_t lrun_0 = count([&] { __call_exitprocs(0, nullptr); });
    report("newlib_run", N, lrun_n - lrun_0, ok);
}

// ---- brownout: from the power-fail IRQ to the first handler ----
volatile unsigned irq_mode;
volatile std::uint32_t t_irq;
extern "C" void board_irq_handler(void) {
    if (irq_mode == 0) {
        t_irq = now();
        return;
    }
    coda_brownout();
}
void first_brownout_handler(void *) { t_irq = now(); }
void filler(void *) {}

std::uint32_t pend_and_wait(unsigned mode) {
    irq_mode = mode;
    const std::uint32_t t0 = now();
    board_pend_irq(BOARD_POWER_IRQ);
    return instructions(elapsed(t0, t_irq));
}

// Instructions from the IRQ handler's entry to the first brownout handler, with
// `older` graceful entries pending; eligible entry newest (true) or oldest (false).
void brownout_latency(unsigned older, bool newest) {
    coda_clear();
    if (!newest) (void)coda_register_on(first_brownout_handler, nullptr, CODA_ON_BROWNOUT);
    for (unsigned i = 0; i < older; ++i) (void)coda_register_on(filler, &args[i], CODA_ON_GRACEFUL);
    if (newest) (void)coda_register_on(first_brownout_handler, nullptr, CODA_ON_BROWNOUT);
    const std::uint32_t direct = pend_and_wait(0);
    const std::uint32_t via_coda = pend_and_wait(1);
    report(newest ? "brownout_first_newest" : "brownout_first_oldest", older + 1, via_coda - direct, 1);
    // The core alone: coda_run(CODA_ON_BROWNOUT) called from main to its first handler,
    // less the bracket around an empty call (no .noinit record, no budget).
    coda_clear();
    if (!newest) (void)coda_register_on(first_brownout_handler, nullptr, CODA_ON_BROWNOUT);
    for (unsigned i = 0; i < older; ++i) (void)coda_register_on(filler, &args[i], CODA_ON_GRACEFUL);
    if (newest) (void)coda_register_on(first_brownout_handler, nullptr, CODA_ON_BROWNOUT);
    const std::uint32_t t0 = now();
    (void)coda_run(CODA_ON_BROWNOUT);
    report(newest ? "core_first_newest" : "core_first_oldest", older + 1, instructions(elapsed(t0, t_irq)) - loop_cost, 1);
    coda_clear();
}

// ---- stack of a run: paint, run one empty handler, find the lowest word written ----
constexpr std::uint32_t paint = 0xC0DAC0DAu;
__attribute__((noinline)) void run_coda() { (void)coda_run(CODA_ON_EXIT); }
__attribute__((noinline)) void run_newlib() { __call_exitprocs(0, nullptr); }
naive_entry stack_entries[1];
naive_table stack_table = {stack_entries, 1, 0};
__attribute__((noinline)) void run_naive() { (void)naive_run(&stack_table); }
__attribute__((noinline)) void run_nothing() { asm volatile("" ::: "memory"); }

__attribute__((noinline)) unsigned stack_of(void (*f)()) {
    std::uint32_t sp;
    asm volatile("mov %0, sp" : "=r"(sp));
    volatile std::uint32_t *lo = reinterpret_cast<volatile std::uint32_t *>((sp - 1024u) & ~3u);
    volatile std::uint32_t *hi = reinterpret_cast<volatile std::uint32_t *>(sp & ~3u);  // no interrupt can come: safe below sp
    for (volatile std::uint32_t *p = lo; p < hi; ++p) *p = paint;
    f();
    volatile std::uint32_t *p = lo;
    while (p < hi && *p == paint) ++p;
    return static_cast<unsigned>(sp - reinterpret_cast<std::uint32_t>(p));
}

void stack_report(const char *what, unsigned bytes) {
    board_puts("S ");
    board_puts(what);
    board_puts(" ");
    board_put_uint(bytes);
    board_puts("\n");
}

} // namespace

// The brownout benchmark returns to main: no reset.
extern "C" void coda_after_brownout(void) {}

int main(void) {
    syst_rvr = 0xFFFFFFu;
    syst_cvr = 0;
    syst_csr = 5u;  // enable, CPU clock, no interrupt
    ticks_per_10000 = calibrate(&syst_cvr);
    board_put_kv("C ticks_per_10000_instructions", ticks_per_10000);
    loop_cost = count([] { (void)noop_register(args, empty_handler, &args[0]); });
    report("loop", 1, loop_cost, 1);

    coda_ops<8>();
    coda_ops<32>();
    coda_ops<256>();

    board_enable_irq(BOARD_POWER_IRQ);
    brownout_latency(0, true);
    brownout_latency(31, true);
    brownout_latency(31, false);

    const unsigned base = stack_of(run_nothing);
    (void)coda_register_on(empty_handler, nullptr, CODA_ON_EXIT);
    stack_report("coda_run", stack_of(run_coda) - base);
    (void)atexit(empty_void);
    stack_report("newlib_run", stack_of(run_newlib) - base);
    (void)naive_register(&stack_table, empty_handler, nullptr);
    stack_report("naive_run", stack_of(run_naive) - base);
    board_puts("END\n");
    board_exit(0);
}
