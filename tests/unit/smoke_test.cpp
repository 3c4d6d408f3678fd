#include <gtest/gtest.h>

#include <string>

#include "coda/registry.hpp"

namespace {
std::string trace;
void mark(void *arg) { trace += static_cast<char>(reinterpret_cast<std::uintptr_t>(arg)); }
void *ch(char c) { return reinterpret_cast<void *>(static_cast<std::uintptr_t>(c)); }
} // namespace

TEST(Smoke, LifoAndCompaction) {
    coda::registry<3> r;
    trace.clear();
    ASSERT_EQ(r.add(mark, ch('a'), CODA_ON_EXIT), coda::status::ok);
    ASSERT_EQ(r.add(mark, ch('b'), CODA_ON_BROWNOUT), coda::status::ok);
    ASSERT_EQ(r.add(mark, ch('c'), CODA_ON_EXIT), coda::status::ok);
    ASSERT_EQ(r.add(mark, ch('d'), CODA_ON_EXIT), coda::status::full);
    EXPECT_EQ(r.run(CODA_ON_EXIT), 2u);
    EXPECT_EQ(trace, "ca");
    ASSERT_EQ(r.add(mark, ch('e'), CODA_ON_BROWNOUT), coda::status::ok);
    ASSERT_EQ(r.add(mark, ch('f'), CODA_ON_BROWNOUT), coda::status::ok);
    ASSERT_EQ(r.add(mark, ch('g'), CODA_ON_BROWNOUT), coda::status::full);
    EXPECT_EQ(r.run(CODA_ON_BROWNOUT), 3u);
    EXPECT_EQ(trace, "cafeb");
}
