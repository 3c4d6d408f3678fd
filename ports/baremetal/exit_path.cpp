// exit_path.cpp - runs the CODA_ON_EXIT entries from exit(), through -Wl,--wrap=exit.
//
// Why a wrap and not atexit(): newlib's atexit may need malloc for more than 32
// entries and takes the C library's lock; it cannot be called from coda_boot (before
// .bss is initialised) nor safely from an interrupt's first registration. The wrap
// costs no RAM, pulls no malloc, works the same with newlib, newlib-nano and picolibc,
// and runs coda first: before the C library's atexit handlers and static destructors,
// so every object the handlers use is still alive. A handler that calls exit() again
// re-enters here; the nested run takes the entries left, exactly once each.
#include "coda/firmware.h"
#include "global.hpp"

extern "C" {

[[noreturn]] void __real_exit(int status);

[[noreturn]] void __wrap_exit(int status) {
    coda::detail::run_final_global(CODA_ON_EXIT);
    __real_exit(status);
}

} // extern "C"
