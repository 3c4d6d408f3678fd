// libc_quick_exit.cpp - at_quick_exit and quick_exit on coda's table (CODA_REPLACE_LIBC_ATEXIT).
//
// Apart from libc_atexit.cpp, which every image with the backend links: quick_exit's
// entries are passed by exit's run and exit's by quick_exit's, leaving holes, so this
// object links compaction. Both are defined together, as in the C libraries, so the C
// library's quick_exit object is never linked beside them.
#include "coda/firmware.h"
#include "global.hpp"
#include "libc_atexit.hpp"

extern "C" {

[[noreturn]] void _exit(int status);

int at_quick_exit(void (*fn)(void)) {
    coda::detail::needs_compaction();
    return coda::libc_atexit::add_plain(fn, CODA_ON_QUICK_EXIT);
}

[[noreturn]] void quick_exit(int status) {
    coda::detail::run_final_global(CODA_ON_QUICK_EXIT);
    _exit(status);
}

} // extern "C"
