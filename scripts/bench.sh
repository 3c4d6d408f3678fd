#!/usr/bin/env bash
# The benchmarks: installs what they need (as root; otherwise prints the apt-get line and
# stops), runs the size tests first (scripts/sizes.sh: they judge docs/semantics.md
# section 9's bounds, which the page shows and does not judge again), builds the
# standalone bench/ project for the host and for Cortex-M3/M0, runs
#   - callgrind (instruction counts, twice: they must be identical),
#   - Google Benchmark (nanoseconds, median of repetitions),
#   - the firmware images under qemu-system-arm -icount shift=10 (twice: identical),
# then writes docs/benchmarks.md and docs/benchmarks-*.png and prints the tables.
# Nothing here is part of the default build or of the tests. A few minutes on 2 cores.
#   bash scripts/bench.sh            everything
#   CODA_BENCH_REPS=9 bash scripts/bench.sh   more Google Benchmark repetitions (default 5)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/deps.sh
source scripts/lib/boards.sh

coda_require_packages cmake ninja-build g++ python3 libbenchmark-dev valgrind gnuplot-nox \
    gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib \
    picolibc-arm-none-eabi qemu-system-arm

# The size tests of every firmware preset (docs/sizes.md too); the page reads two of them.
echo "=== bench: size tests (scripts/sizes.sh)"
bash scripts/sizes.sh
size_results=(build/cortex-m3/tests/firmware/size-results.json build/cortex-m0/tests/firmware/size-results.json)

build=build/bench
raw=$build/raw
reps=${CODA_BENCH_REPS:-5}
rm -rf "$raw"
mkdir -p "$raw"

logged() {  # log command...: runs it quietly, shows the log's end if it fails
    local log=$1
    shift
    "$@" >"$log" 2>&1 || { tail -n 40 "$log"; echo "bench: failed: $*" >&2; exit 1; }
}
echo "=== bench: build (host, cortex-m3, cortex-m0)"
logged "$raw/configure-host.log" cmake -S bench -B $build/host -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=gcc -DCMAKE_CXX_COMPILER=g++
logged "$raw/build-host.log" cmake --build $build/host
for cpu in cortex-m3 cortex-m0; do
    logged "$raw/configure-$cpu.log" cmake -S bench -B $build/$cpu -G Ninja -DCMAKE_BUILD_TYPE=MinSizeRel \
        -DCMAKE_TOOLCHAIN_FILE="$PWD/cmake/arm-none-eabi.cmake" -DCODA_CPU=$cpu
    logged "$raw/build-$cpu.log" cmake --build $build/$cpu
done

echo "=== bench: callgrind instruction counts (two runs)"
for run in 1 2; do
    mkdir -p "$raw/callgrind-$run"
    valgrind --tool=callgrind --collect-atstart=no --callgrind-out-file="$raw/callgrind-$run/ops.%p" \
        $build/host/host/bench_icount ops 2>>"$raw/valgrind.log"
    for k in 0 8 32 256 4096; do
        valgrind --tool=callgrind --collect-atstart=no --callgrind-out-file="$raw/callgrind-$run/glibc.%p" \
            $build/host/host/bench_icount glibc-run $k 2>>"$raw/valgrind.log"
    done
done

echo "=== bench: Google Benchmark ($reps repetitions)"
$build/host/host/bench_timing --benchmark_repetitions="$reps" --benchmark_min_time=0.05 \
    --benchmark_report_aggregates_only=true --benchmark_out="$raw/timing.json" \
    --benchmark_out_format=json >"$raw/timing.txt"

echo "=== bench: Cortex-M under QEMU -icount shift=10 (two runs)"
qemu() {  # machine elf output
    timeout 120 qemu-system-arm -M "$1" -display none -monitor none -serial null \
        -semihosting-config enable=on,target=native -icount shift=10 -kernel "$2" >"$3" 2>&1
}
for cpu in cortex-m3 cortex-m0; do
    machine=$(coda_board_of $cpu)
    fw=$build/$cpu/firmware
    for run in 1 2; do
        qemu $machine $fw/bench_cycles.elf "$raw/$cpu-cycles-$run.txt"
    done
    qemu $machine $fw/bench_capacity_newlib.elf "$raw/$cpu-capacity-newlib.txt"
    if [[ -f $fw/bench_capacity_picolibc.elf ]]; then
        qemu $machine $fw/bench_capacity_picolibc.elf "$raw/$cpu-capacity-picolibc.txt"
    fi
done

echo "=== bench: report"
python3 bench/report.py --build $build --raw "$raw" --docs docs --size-results "${size_results[@]}"
