#!/usr/bin/env bash
# run_short.sh FUZZER SOURCE_DIR WORK_DIR SECONDS - the CTest test fuzz.short.
# 1. Runs every input in SOURCE_DIR/regressions (crashes found earlier): each must pass.
# 2. Fuzzes for SECONDS with a fixed seed, starting from SOURCE_DIR/corpus; the inputs it
#    finds go to WORK_DIR/corpus (the committed corpus is never written). A crash fails
#    the test and leaves the input in WORK_DIR (crash-*): add it to regressions/.
set -euo pipefail
fuzzer=${1:?fuzzer} src=${2:?source dir} work=${3:?work dir} seconds=${4:-20}
rm -rf "$work"
mkdir -p "$work/corpus"
cd "$work"
shopt -s nullglob
regressions=()
for f in "$src"/regressions/*; do
    [[ "$(basename "$f")" == README.md ]] || regressions+=("$f")
done
if ((${#regressions[@]} > 0)); then
    echo "fuzz.short: ${#regressions[@]} regression inputs"
    "$fuzzer" -runs=1 "${regressions[@]}"
fi
echo "fuzz.short: fuzzing for $seconds s (seed 1) from $src/corpus"
set +e
"$fuzzer" -max_total_time="$seconds" -seed=1 -print_final_stats=1 -artifact_prefix="$work/" \
    "$work/corpus" "$src/corpus" >"$work/fuzz.log" 2>&1
status=$?
set -e
grep -vE '^#[0-9]+ +(NEW|REDUCE)|# Uses: ' "$work/fuzz.log" | tail -60
if compgen -G "$work/crash-*" >/dev/null || compgen -G "$work/leak-*" >/dev/null ||
    compgen -G "$work/timeout-*" >/dev/null || compgen -G "$work/oom-*" >/dev/null; then
    echo "fuzz.short: FAIL: the fuzzer found a failing input: $(ls "$work"/{crash,leak,timeout,oom}-* 2>/dev/null)" >&2
    exit 1
fi
exit "$status"
