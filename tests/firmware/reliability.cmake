# The firmware reliability tests: interrupt storm, power cuts (docs/cortex-m.md, "Reliability"); included by CMakeLists.txt.

# power_cut: one image, one cut point per boot, 32 boots in one QEMU process.
coda_firmware_test(power_cut SOURCES ${_src}/power_cut.c)
coda_firmware_test(power_cut_lazy SOURCES ${_src}/power_cut.c DEFINES BOARD_NO_CODA_BOOT
                   EXPECT ${_fw}/expected/power_cut.txt)
# power_cut_sweep: a cut at every tick of the board's timer during the runs, one boot per
# cut; at the board's cut shift (cmake/boards.txt) no instruction is skipped.
coda_board_shifts("${CODA_CPU}" _tick_shift _cut_shift)
coda_firmware_test(power_cut_sweep SOURCES ${_src}/power_cut_sweep.c QEMU_ARGS -icount shift=${_cut_shift})
# cut_resolution: the sweeps' premise, checked: at that shift, one boot per tick cuts
# each instruction of a 64-NOP block at least once.
coda_firmware_test(cut_resolution SOURCES ${_src}/cut_resolution.c DEFINES BOARD_NO_CODA_BOOT BOARD_PLAIN_NMI BOARD_TICK_PC
                   QEMU_ARGS -icount shift=${_cut_shift})
# reset_cause_cut: the same cut at every instruction of the reset cause's latch and the
# report's, coda_boot()'s (_boot) or the first coda_last_reset_cause()'s (_lazy).
coda_firmware_test(reset_cause_cut_boot SOURCES ${_src}/reset_cause_cut.c DEFINES BOARD_NO_CODA_BOOT CUT_CODA_BOOT
                   EXPECT ${_fw}/expected/reset_cause_cut.txt QEMU_ARGS -icount shift=${_cut_shift})
coda_firmware_test(reset_cause_cut_lazy SOURCES ${_src}/reset_cause_cut.c DEFINES BOARD_NO_CODA_BOOT
                   EXPECT ${_fw}/expected/reset_cause_cut.txt QEMU_ARGS -icount shift=${_cut_shift})

# irq_storm: -icount makes the schedule deterministic; at the board's tick shift one
# tick is about one instruction.
coda_firmware_test(irq_storm SOURCES ${_src}/irq_storm.c DEFINES BOARD_TICK_PC QEMU_ARGS -icount shift=${_tick_shift})
# The round's check runs where exit() ends: a wrap of _exit, after coda's exit run.
target_link_options(fw_irq_storm PRIVATE -Wl,--wrap=_exit)
