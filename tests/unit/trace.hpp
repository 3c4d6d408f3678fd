// trace.hpp - the handler trace shared by the unit tests: "one(a) two(b)" says one(arg
// 'a') ran, then two(arg 'b'). Each test clears it first.
#ifndef CODA_TESTS_TRACE_HPP
#define CODA_TESTS_TRACE_HPP

#include <cstdint>
#include <ostream>
#include <string>

#include "coda/registry.hpp"

namespace coda {
// gtest prints a status by name in failure messages.
inline void PrintTo(status s, std::ostream *os) {
    switch (s) {
    case status::ok: *os << "ok"; return;
    case status::invalid: *os << "invalid"; return;
    case status::full: *os << "full"; return;
    case status::closed: *os << "closed"; return;
    }
    *os << "status(" << static_cast<int>(s) << ")";
}
} // namespace coda

namespace coda_test {

inline std::string trace;

inline void note(const std::string &what) {
    if (!trace.empty()) trace += ' ';
    trace += what;
}

// A one-letter argument, so that the trace shows which registration a call came from.
inline void *arg(char c) { return reinterpret_cast<void *>(static_cast<std::uintptr_t>(c)); }
inline char letter(void *a) { return static_cast<char>(reinterpret_cast<std::uintptr_t>(a)); }

inline void one(void *a) { note(std::string("one(") + letter(a) + ")"); }
inline void two(void *a) { note(std::string("two(") + letter(a) + ")"); }

} // namespace coda_test

#endif // CODA_TESTS_TRACE_HPP
