// probe_libc_atexit.cpp - a small C++ firmware for the flash/RAM comparison of
// CODA_REPLACE_LIBC_ATEXIT: static objects with destructors (global and function-local),
// atexit handlers and one coda registration, then exit. Built with and without the option.
#include <stdlib.h>

#include "coda/coda.h"

namespace {

volatile unsigned sink;

struct device {
    explicit device(unsigned id) : id_(id) { sink = id_; }
    ~device() { sink = id_; }
    unsigned id_;
};

device uart(1);
device spi(2);
device i2c(3);

device &flash_driver() {
    static device flash(4);
    return flash;
}

void flush_log() { sink = 5; }
void stop_clocks() { sink = 6; }
void save_state(void *) { sink = 7; }

} // namespace

#ifndef CODA_REPLACE_LIBC_ATEXIT
// What projects add today when -nostartfiles leaves newlib without it (picolibc has one).
__attribute__((visibility("hidden"))) void *__dso_handle = nullptr;
#endif

int main() {
    (void)flash_driver();
    (void)atexit(flush_log);
    (void)atexit(stop_clocks);
    (void)coda_register_on(save_state, nullptr, CODA_ON_EXIT);
    exit(0);
}
