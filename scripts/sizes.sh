#!/usr/bin/env bash
# The size tables: installs what it needs (as root; otherwise prints the apt-get line and
# stops), configures each firmware preset, builds what its size test reads
# (coda_size_inputs), runs the test (firmware.size.<board>) and renders docs/sizes.md
# from the results (bench/sizes.py). Nothing here is part of the tests; they run the
# same size tests. A few minutes on 2 cores.
#   bash scripts/sizes.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/deps.sh

coda_require_packages cmake ninja-build python3 gcc-arm-none-eabi libnewlib-arm-none-eabi \
    libstdc++-arm-none-eabi-newlib picolibc-arm-none-eabi libstdc++-arm-none-eabi-picolibc clang lld \
    gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf

presets=(cortex-m0 cortex-m0-clang cortex-m3 cortex-m3-clang cortex-m4 cortex-m33 riscv32)
results=()
for preset in "${presets[@]}"; do
    echo "=== sizes: $preset"
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset" --target coda_size_inputs >/dev/null
    result=build/$preset/tests/firmware/size-results.json
    rm -f "$result"
    ctest --preset "$preset" -R '^firmware\.size\.' >/dev/null || echo "sizes: $preset: the size test failed (docs/sizes.md says so)"
    results+=("$result")
done
python3 bench/sizes.py "${results[@]}" >docs/sizes.md
echo "=== sizes: docs/sizes.md written"
