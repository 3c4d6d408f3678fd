#!/usr/bin/env bash
# The whole test suite: installs the Debian packages it needs (as root; otherwise it
# prints the apt-get line and stops), then runs each CMake workflow preset
# (configure, build, test). Stops at the first failing workflow.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/deps.sh

# libsqlite3-dev: examples/hosted/sqlite_orders.cpp, built with the rest;
# libstdc++-arm-none-eabi-picolibc: the C++ firmware tests on picolibc (picolibcpp.specs);
# gcc-riscv64-unknown-elf, picolibc-riscv64-unknown-elf, qemu-system-misc: the RISC-V port;
# make, pkg-config: the builds without CMake (coda.mk, coda.pc); lld: the clang firmware presets.
coda_require_packages cmake ninja-build make pkg-config g++ clang lld libgtest-dev libbenchmark-dev libsqlite3-dev \
    gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib \
    picolibc-arm-none-eabi libstdc++-arm-none-eabi-picolibc qemu-system-arm valgrind spin \
    libclang-rt-14-dev gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf qemu-system-misc

workflows=(host host-clang host-asan host-tsan cortex-m0 cortex-m3 cortex-m4 cortex-m33 cortex-m0-clang cortex-m3-clang
           riscv32)
passed=0 failed=0
for preset in "${workflows[@]}"; do
    echo "=== workflow $preset"
    start=$SECONDS
    if cmake --workflow --preset "$preset"; then
        passed=$((passed + 1))
        echo "=== workflow $preset: passed in $((SECONDS - start)) s"
    else
        failed=$((failed + 1))
        echo "=== workflow $preset: FAILED after $((SECONDS - start)) s"
        echo "=== not run: ${workflows[*]:passed + failed}"
        break
    fi
done
echo "$passed passed, $failed failed"
((failed == 0))
