#!/usr/bin/env bash
# The demo: the auto-persisting counter firmware on a Cortex-M3, under QEMU (its board in
# cmake/boards.txt).
# Installs the Debian packages it needs (as root; otherwise it prints the apt-get line
# and stops), cross-builds the firmware with the cortex-m3 preset and runs its boots:
# events counted, a brownout saves the counter, the machine resets, the next boot
# restores it and prints coda_last_report().
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/deps.sh
source scripts/lib/boards.sh

coda_require_packages cmake ninja-build gcc-arm-none-eabi libnewlib-arm-none-eabi \
    libstdc++-arm-none-eabi-newlib qemu-system-arm

cmake --preset cortex-m3 >/dev/null
cmake --build --preset cortex-m3 --target fw_example_persist_counter >/dev/null
firmware=build/cortex-m3/tests/firmware/examples-firmware/fw_example_persist_counter.elf
board=$(coda_board_of cortex-m3)
echo "=== qemu-system-arm -M $board -kernel $firmware"
exec qemu-system-arm -M "$board" -display none -monitor none -serial null \
     -semihosting-config enable=on,target=native -kernel "$firmware"
