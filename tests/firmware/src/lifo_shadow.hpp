// lifo_shadow.hpp - the shadow stack of the libc backend's LIFO tests: every
// registration pushes its name, every run must pop the newest pending one; a run that
// does not prints WRONG and is counted.
#ifndef CODA_TEST_LIFO_SHADOW_HPP
#define CODA_TEST_LIFO_SHADOW_HPP

#include "board.h"
#include "coda/cortex_m.h"

namespace lifo_shadow {

inline const char *names[24];
inline unsigned size;
inline unsigned mismatches;

inline void registered(const char *name) {
    if (size < sizeof names / sizeof names[0]) names[size] = name;
    ++size;
}

inline void ran(const char *name) {
    board_puts("run ");
    board_puts(name);
    if (size == 0 || names[size - 1] != name) {
        board_puts(" WRONG: not the newest pending registration");
        ++mismatches;
    }
    board_puts("\n");
    if (size != 0) --size;
}

// Define one first, so that it is destroyed last: it prints what the run left.
struct verdict {
    verdict() { registered("verdict"); }
    ~verdict() {
        ran("verdict");
        board_put_kv("mismatches", mismatches);
        board_put_kv("left pending", size);
        board_put_kv("refused", coda_libc_atexit_refused());
    }
};

} // namespace lifo_shadow

#endif // CODA_TEST_LIFO_SHADOW_HPP
