// reset.cpp - coda_reset, coda_brownout and the report that survives the reset.
//
// .noinit holds two 16-byte records: `current`, written by this boot's reset or
// brownout run (at its start, after every handler that returns, and at its end), and
// `previous`, the record latched from the last boot. A record is valid when its magic
// and checksum match; the latch consumes `current`, so a reset coda did not request
// shows no report. The run's progress comes from the budget callback, which the core
// asks before each handler: when it is asked for the k-th time, k-1 handlers returned.
#include <atomic>
#include <cstdint>

#include "coda/cortex_m.h"
#include "global.hpp"

namespace {

constexpr std::uint32_t record_magic = 0xC0DA5E7Du;
constexpr std::uint32_t booted_magic = 0xB0075EE2u;

struct record {
    std::uint32_t magic;
    std::uint8_t trigger;
    std::uint8_t complete;
    std::uint16_t ran;
    std::uint16_t failed;
    std::uint16_t skipped;
    std::uint32_t check;
};

struct noinit_block {
    record current;
    record previous;
    std::uint32_t booted;  // coda_boot ran this boot and latched already
};
static_assert(sizeof(noinit_block) <= 64, "the .noinit report block is at most 64 bytes");

// Not zeroed, not loaded: survives a system reset. Volatile: written just before one.
__attribute__((section(".noinit"), used)) volatile noinit_block coda_noinit;

bool latched;  // .bss: the latch ran this boot (cleared by the C runtime's .bss init)

// Two slots and the index of the live one: the setter fills the other slot, then flips
// the index with one store, so a brownout interrupting it reads a whole pair, old or
// new, and nothing needs interrupts masked.
struct brownout_budget {
    coda_budget_fn fn;
    void *ctx;
};
brownout_budget brownout_budgets[2];
std::atomic<std::uint8_t> live_budget;

std::uint16_t clamp16(unsigned value) { return static_cast<std::uint16_t>(value > 0xFFFFu ? 0xFFFFu : value); }

std::uint32_t checksum(std::uint32_t a, std::uint32_t b, std::uint32_t c) {
    std::uint32_t h = 0x811C9DC5u;  // FNV-1a over the three payload words
    const std::uint32_t words[3] = {a, b, c};
    for (std::uint32_t word : words) {
        for (int i = 0; i < 4; ++i) {
            h = (h ^ ((word >> (8 * i)) & 0xFFu)) * 0x01000193u;
        }
    }
    return h;
}

std::uint32_t word1(const volatile record &r) {
    return static_cast<std::uint32_t>(r.trigger) | static_cast<std::uint32_t>(r.complete) << 8 |
           static_cast<std::uint32_t>(r.ran) << 16;
}
std::uint32_t word2(const volatile record &r) {
    return static_cast<std::uint32_t>(r.failed) | static_cast<std::uint32_t>(r.skipped) << 16;
}

bool valid(const volatile record &r) {
    return r.magic == record_magic && r.check == checksum(r.magic, word1(r), word2(r));
}

void write(volatile record &r, const coda_report &report) {
    record next;  // checksummed first: the stored record is invalid only for the stores below
    next.trigger = static_cast<std::uint8_t>(report.trigger);
    next.complete = static_cast<std::uint8_t>(report.complete != 0);
    next.ran = clamp16(report.ran);
    next.failed = clamp16(report.failed);
    next.skipped = clamp16(report.skipped);
    next.check = checksum(record_magic, word1(next), word2(next));
    r.magic = 0;  // a reset in the middle of the update leaves an invalid record
    r.trigger = next.trigger;
    r.complete = next.complete;
    r.ran = next.ran;
    r.failed = next.failed;
    r.skipped = next.skipped;
    r.check = next.check;
    r.magic = record_magic;
}

// Moves `current` (if valid) to `previous` and consumes it. Needs no C runtime.
void latch() {
    volatile noinit_block &b = coda_noinit;
    if (valid(b.current)) {
        b.previous.trigger = b.current.trigger;
        b.previous.complete = b.current.complete;
        b.previous.ran = b.current.ran;
        b.previous.failed = b.current.failed;
        b.previous.skipped = b.current.skipped;
        b.previous.check = b.current.check;
        b.previous.magic = record_magic;
    } else {
        b.previous.magic = 0;
    }
    b.current.magic = 0;
}

// Latches once per boot, whether or not coda_boot ran before .bss was initialised.
void ensure_latched() {
    if (latched) return;
    latched = true;
    if (coda_noinit.booted == booted_magic) {  // coda_boot latched already this boot
        coda_noinit.booted = 0;
        return;
    }
    latch();
}

// The budget the port hands the core: records progress, then asks the user's budget.
struct progress {
    coda_report report;  // trigger and ran so far
    coda_budget_fn budget;
    void *ctx;
};

int progress_budget(void *ctx) {
    auto &p = *static_cast<progress *>(ctx);
    if (p.report.ran != 0) write(coda_noinit.current, p.report);
    if (p.budget != nullptr && p.budget(p.ctx) == 0) return 0;
    ++p.report.ran;  // granted: when asked again, this handler has returned
    return 1;
}

coda_report recorded_run(unsigned trigger, coda_budget_fn budget, void *ctx) {
    coda::detail::needs_compaction();  // a reset or brownout run passes the other triggers' entries by
    ensure_latched();
    progress p;  // field by field: -Os would turn a brace-init into a memset call
    p.report.trigger = trigger;
    p.report.ran = p.report.failed = p.report.skipped = p.report.complete = 0;
    p.budget = budget;
    p.ctx = ctx;
    write(coda_noinit.current, p.report);  // started: complete 0, ran 0
    coda_report report;                    // the core fills it whole
    (void)coda::detail::run_global(trigger, progress_budget, &p, &report);
    write(coda_noinit.current, report);
    return report;
}

[[noreturn]] void system_reset() {
    constexpr std::uintptr_t aircr = 0xE000ED0Cu;
    asm volatile("dsb" ::: "memory");
    *reinterpret_cast<volatile std::uint32_t *>(aircr) = 0x05FA0004u;  // VECTKEY | SYSRESETREQ
    asm volatile("dsb" ::: "memory");
    for (;;) {
    }
}

} // namespace

extern "C" {

void coda_boot(void) {
    latch();
    coda_noinit.booted = booted_magic;
}

int coda_last_report(struct coda_report *out) {
    ensure_latched();
    const volatile record &r = coda_noinit.previous;
    if (!valid(r)) return 0;
    if (out != nullptr) *out = {r.trigger, r.ran, r.failed, r.skipped, r.complete};
    return 1;
}

void coda_reset(void) {
    (void)recorded_run(CODA_ON_RESET, nullptr, nullptr);
    asm volatile("cpsid i" ::: "memory");
    coda::detail::seal(coda::detail::global_table);
    system_reset();
}

void coda_set_brownout_budget(coda_budget_fn budget, void *ctx) {
    const std::uint8_t next = static_cast<std::uint8_t>(live_budget.load() ^ 1u);
    brownout_budgets[next].fn = budget;
    brownout_budgets[next].ctx = ctx;
    live_budget.store(next);
}

void coda_brownout(void) {
    const brownout_budget budget = brownout_budgets[live_budget.load()];
    (void)recorded_run(CODA_ON_BROWNOUT, budget.fn, budget.ctx);
    coda_after_brownout();
}

__attribute__((weak)) void coda_after_brownout(void) { system_reset(); }

} // extern "C"
