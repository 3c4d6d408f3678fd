// The firmware's reset and brownout record (ports/baremetal/report_record.hpp), checked on
// the host: its checksum is constexpr. A run under way moves its count on by writing ran
// and running_check(trigger) ^ ran over whatever record .noinit holds; when a brownout
// that interrupted the run has ended and returned, that is the brownout's final record,
// and the result must read as invalid, never as a report. (A final record in the running
// form itself, a run its budget stopped with nothing left to skip, becomes the running
// record of the same trigger: a true one.)
#include <gtest/gtest.h>

#include <cstdint>

#include "../../ports/baremetal/report_record.hpp"

namespace {

using coda::baremetal::checksum;
using coda::baremetal::record_magic;
using coda::baremetal::running_check;

// How many records a run of trigger inner can end with (complete, or cut short by its
// budget with 1 to 65535 entries skipped; nothing fails on firmware) carry a check equal
// to a running run's of trigger outer.
unsigned final_records_matching(unsigned inner, unsigned outer) {
    unsigned matching = checksum(record_magic, inner | 1u << 8, 0) == running_check(outer) ? 1u : 0u;
    for (std::uint32_t skipped = 1; skipped <= 0xFFFFu; ++skipped) {
        matching += checksum(record_magic, inner, skipped << 16) == running_check(outer) ? 1u : 0u;
    }
    return matching;
}

TEST(ReportRecord, NoRecordARunEndsWithMatchesTheCheckOfARunUnderWay) {
    for (const unsigned inner : {CODA_ON_RESET, CODA_ON_BROWNOUT}) {
        for (const unsigned outer : {CODA_ON_RESET, CODA_ON_BROWNOUT}) {
            EXPECT_EQ(final_records_matching(inner, outer), 0u) << "inner " << inner << ", outer " << outer;
        }
    }
}

TEST(ReportRecord, TheRunningChecksOfTheTwoTriggersDiffer) {
    EXPECT_NE(running_check(CODA_ON_RESET), running_check(CODA_ON_BROWNOUT));
}

} // namespace
