// report_record.cpp - the .noinit report record (report_record.hpp): its checksum, its
// latch at boot, coda_boot and coda_last_report; the reset cause, its weak board hook and
// coda_last_reset_cause. Apart from reset.cpp, so that a firmware that reads the report
// links no run.
#include "report_record.hpp"

#include "coda/firmware.h"

namespace coda::baremetal {
namespace {

constexpr uint32_t booted_magic = 0xB0075EE2u;
constexpr uint32_t cause_magic = 0x5EC0DA5Au;  // nonzero: cause_check == cause is invalid

bool latched;  // .bss: the latch ran this boot (cleared by the C runtime's .bss init)
// .bss: this boot's coda_last_reset_cause took the cause. Volatile: ordered with the
// .noinit stores, for a call that interrupts the first one.
volatile bool cause_taken;

constexpr uint16_t clamp16(unsigned value) {
    return static_cast<uint16_t>(value > 0xFFFFu ? 0xFFFFu : value);
}

// The words of a record of report.
constexpr uint32_t head_of(const coda_report &report) {
    return (report.trigger & 0xFFu) | (report.complete != 0 ? 1u : 0u) << 8;
}
constexpr uint32_t counts_of(const coda_report &report) {
    return clamp16(report.failed) | static_cast<uint32_t>(clamp16(report.skipped)) << 16;
}

// A record of report, checksummed.
constexpr record make_record(const coda_report &report) {
    record next{};
    next.trigger_complete = head_of(report);
    next.failed_skipped = counts_of(report);
    next.ran = report.ran;
    next.check = checksum(record_magic, next.trigger_complete, next.failed_skipped) ^ next.ran;
    return next;
}

// A reset in the middle leaves an invalid record: the magic goes first to 0, last back.
// By words, not a record: one built whole would sit on the stack, under the run's frame.
[[gnu::always_inline]] inline void store(volatile record &r, uint32_t head, uint32_t counts, uint32_t ran,
                                         uint32_t check) {
    // The checksum computed before the magic goes: nothing orders plain arithmetic
    // against volatile stores, and clang computed it inside the window (M0: about twice
    // the reports lost to a cut, power_cut_sweep).
    asm volatile("" : "+r"(check));
    r.magic = 0;
    r.trigger_complete = head;
    r.failed_skipped = counts;
    r.ran = ran;
    r.check = check;
    r.magic = record_magic;
}
void store(volatile record &r, const record &next) {
    store(r, next.trigger_complete, next.failed_skipped, next.ran, next.check);
}

bool valid(const volatile record &r) {
    // The magic matched: checksummed as the constant it is (one FNV step folded away).
    return r.magic == record_magic && (r.check ^ r.ran) == checksum(record_magic, r.trigger_complete, r.failed_skipped);
}

// Moves `current` (if valid) to `previous` and consumes it. Needs no C runtime.
void latch() {
    volatile noinit_block &b = coda_noinit;
    b.previous.magic = 0;  // no report, unless current is one
    if (valid(b.current)) {
        // ran and check first: a brownout rewriting current between the copies (lazy
        // latch) then mixes in only words equal to those copied, or leaves them unmatched.
        b.previous.ran = b.current.ran;
        b.previous.check = b.current.check;
        b.previous.trigger_complete = b.current.trigger_complete;
        b.previous.failed_skipped = b.current.failed_skipped;
        b.previous.magic = record_magic;
    }
    b.current.magic = 0;
}

} // namespace

__attribute__((section(".noinit"), used)) volatile noinit_block coda_noinit;

void write_current(const coda_report &report) {
    const uint32_t head = head_of(report);
    const uint32_t counts = counts_of(report);
    // Checksummed first: the record is invalid only for the stores.
    store(coda_noinit.current, head, counts, report.ran, checksum(record_magic, head, counts) ^ report.ran);
}

unsigned write_started(unsigned trigger) {
    volatile record &r = coda_noinit.current;
    // Checksummed by the compiler: the first handler of a brownout starts sooner.
    constexpr record reset = make_record({CODA_ON_RESET, 0, 0, 0, 0});
    constexpr record brownout = make_record({CODA_ON_BROWNOUT, 0, 0, 0, 0});
    if (trigger == CODA_ON_RESET) {
        store(r, reset);  // a branch each: a selected record would be built on the stack
    } else {
        store(r, brownout);
    }
    return trigger;
}

void ensure_latched() {
    if (latched) return;
    latched = true;
    if (coda_noinit.booted == booted_magic) {  // coda_boot latched already this boot
        coda_noinit.booted = 0;
        return;
    }
    latch();
}

} // namespace coda::baremetal

using coda::baremetal::coda_noinit;

extern "C" {

void coda_boot(void) {
    const uint32_t cause = coda_reset_cause();  // before the C runtime, as coda_boot
    coda_noinit.cause = cause;
    coda_noinit.cause_check = cause ^ coda::baremetal::cause_magic;  // valid until taken
    coda::baremetal::latch();
    coda_noinit.booted = coda::baremetal::booted_magic;
}

int coda_last_report(struct coda_report *out) {
    coda::baremetal::ensure_latched();
    const volatile coda::baremetal::record &r = coda_noinit.previous;
    if (!coda::baremetal::valid(r)) return 0;
    if (out != nullptr) {
        const uint32_t head = r.trigger_complete;
        const uint32_t counts = r.failed_skipped;
        *out = {head & 0xFFu, r.ran, counts & 0xFFFFu, counts >> 16, (head >> 8) & 0xFFu};
    }
    return 1;
}

unsigned coda_last_reset_cause(void) {
    volatile coda::baremetal::noinit_block &b = coda_noinit;
    if (coda::baremetal::cause_taken) return b.cause;
    uint32_t cause = b.cause;
    if (b.cause_check != (cause ^ coda::baremetal::cause_magic)) {
        cause = coda_reset_cause();  // not latched by this boot's coda_boot: the board says it now
        b.cause = cause;
    }
    coda::baremetal::cause_taken = true;
    b.cause_check = cause;  // taken, so invalid: a later boot without coda_boot asks the board
    return cause;
}

__attribute__((weak)) unsigned coda_reset_cause(void) { return 0; }

} // extern "C"
