/* cut_resolution.c - the resolution the power-cut sweeps count on: under their QEMU
 * -icount shift, a timer cut armed one tick later per boot lands on every instruction
 * of a straight-line block, none skipped. power_cut_sweep and reset_cause_cut claim "a
 * cut at every instruction" of the code they sweep; this checks the claim on a block of
 * known length (the board's NOP block, board.h), so their own floors need not stand in
 * for it. Boot n arms the cut n ticks before the block; the tick records the interrupted
 * PC and resets; the first boot that gets through the block checks that every NOP was
 * interrupted at least once. */
#include <stdint.h>
#include <stdlib.h>

#include "board.h"
#include "report.h"

#define SLED BOARD_NOP_BLOCK
#define STATE_MAGIC 0xC075E501u

struct resolution_state {
    uint32_t magic;
    uint32_t tick;
    uint32_t hit[SLED / 32u]; /* bit i: a cut landed on the i-th NOP */
};
__attribute__((section(".noinit"))) static volatile struct resolution_state state;

/* The tick (board.h, BOARD_TICK_PC): notes a cut on the block, then cuts the power. */
void board_tick_at(uint32_t pc) {
    const uint32_t start = (uint32_t)(uintptr_t)board_nop_block_start, end = (uint32_t)(uintptr_t)board_nop_block_end;
    if (pc >= start && pc < end) {
        const uint32_t i = (pc - start) / 2u;
        state.hit[i / 32u] = state.hit[i / 32u] | (1u << (i % 32u));
    }
    board_system_reset(); /* the power cut */
}


int main(void) {
    if (state.magic != STATE_MAGIC) {
        state.magic = STATE_MAGIC;
        state.tick = 0;
        for (unsigned w = 0; w < SLED / 32u; ++w) state.hit[w] = 0;
        board_puts("cut_resolution\n");
    }
    state.tick = state.tick + 1u;
    board_arm_cut(state.tick);
    board_nop_block();
    board_arm_cut(0); /* through the block uncut: the sweep is over */
    unsigned cut = 0;
    for (unsigned w = 0; w < SLED / 32u; ++w) {
        for (uint32_t bits = state.hit[w]; bits != 0u; bits &= bits - 1u) ++cut;
    }
    print_all_of("", "each of 64 straight-line instructions cut at least once", cut == SLED ? 1u : 0u, 1u);
#ifdef PRINT_MEASURED
    board_put_kv("  instructions cut", cut);
    board_put_kv("  boots", state.tick);

#endif
    state.magic = 0;
    exit(cut == SLED ? 0 : 1);
}
