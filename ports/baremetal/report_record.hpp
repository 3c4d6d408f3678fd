// report_record.hpp - the reset and brownout report that survives the reset, shared by
// report_record.cpp (coda_boot, coda_last_report) and reset.cpp (the runs that write it).
//
// .noinit holds two 20-byte records: `current`, written by this boot's reset or
// brownout run (whole at its start and at its end, its count of handlers alone after
// every handler that returns), and `previous`, the record latched from the last boot. A
// record is valid when its magic and checksum match; the latch consumes `current`, so a
// reset coda did not request shows no report. Beside them, the reset cause coda_boot
// latched from the board's hook, valid (cause_check) until this boot's first
// coda_last_reset_cause takes it.
#ifndef CODA_BAREMETAL_REPORT_RECORD_HPP
#define CODA_BAREMETAL_REPORT_RECORD_HPP

#include <stdint.h>

#include "coda/coda.h"

namespace coda::baremetal {

// Five words, so that a store is five STRs: the magic; the report's trigger and complete
// packed in one, failed and skipped in another (each clamped to 16 bits); ran; and a
// check: the checksum of the magic and the two packed words, XOR ran. So a run under way
// moves its count on with two stores, ran then check (its started check XOR ran), and no
// checksum to compute (write_progress).
struct record {
    uint32_t magic;
    uint32_t trigger_complete;  // trigger | complete << 8
    uint32_t failed_skipped;    // failed | skipped << 16
    uint32_t ran;
    uint32_t check;
};
struct noinit_block {
    record current;
    record previous;
    uint32_t booted;  // coda_boot ran this boot and latched already
    uint32_t cause;        // coda_reset_cause() as this boot latched it
    uint32_t cause_check;  // cause ^ cause_magic: coda_boot latched it, not yet taken
};
static_assert(sizeof(noinit_block) <= 64, "the .noinit report block is at most 64 bytes");

// Not zeroed, not loaded: survives a system reset. Volatile: written just before one.
extern volatile noinit_block coda_noinit;

constexpr uint32_t record_magic = 0xC0DA5E7Eu;  // the five-word record

// FNV-1a's step over a whole word, folded down after its multiply (which mixes only
// upward): a few instructions per word.
constexpr uint32_t fnv_step(uint32_t h, uint32_t word) {
    h = (h ^ word) * 0x01000193u;
    return h ^ (h >> 16);
}
// Three steps written out: a loop over an array would keep the array on the stack.
constexpr uint32_t checksum(uint32_t a, uint32_t b, uint32_t c) {
    return fnv_step(fnv_step(fnv_step(0x811C9DC5u, a), b), c);
}
// The check of a run's record while it is under way (trigger, not complete, nothing
// failed or skipped), before the XOR with ran: a constant per trigger.
constexpr uint32_t running_check(unsigned trigger) { return checksum(record_magic, trigger, 0); }

// Stores report into coda_noinit.current so that a reset at any instruction leaves it
// valid or invalid, never wrong. (No record argument: a caller keeps no address for it.)
void write_current(const coda_report &report);
// The record of the run under way moved on to ran (check: running_check(its trigger)):
// two stores and nothing to compute, as the runs' budget callback calls it under the
// core's run. A cut between the stores leaves ran and check unmatched: invalid. Over the
// final record of a brownout that interrupted this run and returned, the stores leave an
// invalid record, or this run's own when that one ended in its running form
// (tests/unit/report_record_test.cpp: no other record a run ends with matches).
[[gnu::always_inline]] inline void write_progress(uint32_t check, unsigned ran) {
    volatile record &r = coda_noinit.current;
    r.ran = ran;
    r.check = check ^ ran;
}
// write_current() of a run that starts (trigger CODA_ON_RESET or CODA_ON_BROWNOUT, nothing
// ran). Returns trigger: the caller passes it on to the run from the return register
// rather than keeping it in a register its frame must save (a brownout's stack).
unsigned write_started(unsigned trigger);
// Latches the last boot's record once per boot, whether or not coda_boot ran before
// .bss was initialised.
void ensure_latched();

} // namespace coda::baremetal

#endif // CODA_BAREMETAL_REPORT_RECORD_HPP
