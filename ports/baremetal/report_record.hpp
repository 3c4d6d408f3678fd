// report_record.hpp - the reset and brownout report that survives the reset, shared by
// report_record.cpp (coda_boot, coda_last_report) and reset.cpp (the runs that write it).
//
// .noinit holds two 16-byte records: `current`, written by this boot's reset or
// brownout run (at its start, after every handler that returns, and at its end), and
// `previous`, the record latched from the last boot. A record is valid when its magic
// and checksum match; the latch consumes `current`, so a reset coda did not request
// shows no report. Beside them, the reset cause coda_boot latched from the board's hook,
// valid (cause_check) until this boot's first coda_last_reset_cause takes it.
#ifndef CODA_BAREMETAL_REPORT_RECORD_HPP
#define CODA_BAREMETAL_REPORT_RECORD_HPP

#include <stdint.h>

#include "coda/coda.h"

namespace coda::baremetal {

// Four words, so that a store is four STRs: the report's fields packed in two (each
// count clamped to 16 bits), the magic and a checksum of the three others.
struct record {
    uint32_t magic;
    uint32_t trigger_complete_ran;  // trigger | complete << 8 | ran << 16
    uint32_t failed_skipped;        // failed | skipped << 16
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

// Stores report into coda_noinit.current so that a reset at any instruction leaves it
// valid or invalid, never wrong. (No record argument: a caller keeps no address for it.)
void write_current(const coda_report &report);
// write_current() of a run that starts (trigger CODA_ON_RESET or CODA_ON_BROWNOUT, nothing
// ran). Returns trigger: the caller passes it on to the run from the return register
// rather than keeping it in a register its frame must save (a brownout's stack).
unsigned write_started(unsigned trigger);
// Latches the last boot's record once per boot, whether or not coda_boot ran before
// .bss was initialised.
void ensure_latched();

} // namespace coda::baremetal

#endif // CODA_BAREMETAL_REPORT_RECORD_HPP
