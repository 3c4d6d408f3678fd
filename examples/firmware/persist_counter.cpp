// persist_counter.cpp - an event counter that survives power failures and resets.
//
// Boot 1 counts events and registers two things with coda: the counter's save()
// (brownout and reset) and a logger (reset only). Then the power-fail interrupt fires:
// coda_brownout() runs the brownout entries only (save), records its report in .noinit
// and resets the machine. Boot 2 restores the counter, prints coda_last_report() and
// what ran, counts more and calls coda_reset(): save and the logger run. Boot 3 shows
// the reset's report and the counter, and exits.
#include <stdint.h>
#include <stdlib.h>

#include "board.h"
#include "coda/cortex_m.h"
#include "coda/registry.hpp"

namespace {

// The counter's home across resets: .noinit, guarded by a magic and a check word.
struct saved_counter {
    uint32_t magic;
    uint32_t count;
    uint32_t check;
    uint32_t saves;   // how many times save() ran, across boots
};
__attribute__((section(".noinit"))) volatile saved_counter saved;
constexpr uint32_t saved_magic = 0xC0047E55u;

class event_counter {
public:
    void count() noexcept { ++count_; }
    uint32_t value() const noexcept { return count_; }

    // Called by coda on brownout or reset: a few stores, no flash erase needed here.
    void save() noexcept {
        const uint32_t saves = restore_saves() + 1u;
        saved.magic = 0;
        saved.count = count_;
        saved.check = ~count_;
        saved.saves = saves;
        saved.magic = saved_magic;
        board_put_kv("  save(): counter saved", count_);
    }
    bool restore() noexcept {
        if (saved.magic != saved_magic || saved.check != ~saved.count) return false;
        count_ = saved.count;
        return true;
    }

private:
    static uint32_t restore_saves() noexcept { return saved.magic == saved_magic ? saved.saves : 0u; }
    uint32_t count_ = 0;
};

event_counter counter;

void log_reset(void *) { board_puts("  log_reset(): software reset requested, state saved\n"); }

const char *trigger_name(unsigned trigger) {
    switch (trigger) {
    case CODA_ON_RESET: return "reset";
    case CODA_ON_BROWNOUT: return "brownout";
    default: return "other";
    }
}

void count_events(unsigned events) {
    for (unsigned i = 0; i < events; ++i) counter.count();
    board_put_kv("counted events, counter now", counter.value());
}

} // namespace

// The power-fail warning (STM32 PVD, nRF POFWARN, ...): here IRQ 0, pended from software.
extern "C" void board_irq_handler(void) { coda_brownout(); }

int main() {
    const unsigned boot = board_stage() + 1u;
    board_put_kv("== boot", boot);
    if (boot == 1) saved.magic = 0;  // power-on: nothing saved yet

    coda_report last{};
    if (coda_last_report(&last)) {
        board_puts("previous boot ended by ");
        board_puts(trigger_name(last.trigger));
        board_put_kv(": handlers ran", last.ran);
        board_put_kv("  skipped", last.skipped);
        board_put_kv("  complete", last.complete);
        board_put_kv("  save() calls so far", saved.saves);
    } else {
        board_puts("no report from a previous boot\n");
    }
    board_puts(counter.restore() ? "counter restored: " : "fresh counter: ");
    board_put_uint(counter.value());
    board_puts("\n");

    if (boot == 3) exit(0);
    board_set_stage(boot);

    if (coda::global().add<&event_counter::save>(counter, CODA_ON_BROWNOUT | CODA_ON_RESET) != coda::status::ok ||
        coda_register_on(log_reset, nullptr, CODA_ON_RESET) != CODA_OK) {
        board_puts("registration failed\n");
        return 1;
    }
    if (boot == 1) {
        count_events(5);
        board_puts("power failing: IRQ fires\n");
        board_enable_irq(BOARD_POWER_IRQ);
        board_pend_irq(BOARD_POWER_IRQ);  // coda_brownout() runs save(), then resets
    } else {
        count_events(3);
        board_puts("coda_reset()\n");
        coda_reset();                     // save() and log_reset() run, then SYSRESETREQ
    }
    board_puts("not reached\n");
    return 1;
}
