#!/usr/bin/env bash
# check.sh - runs spin on a Promela model of coda's slot protocol (tests/model/README.md).
#
#   check.sh pass   MODEL.pml [-DNAME ...]   exhaustive check; fails on any error
#   check.sh reject MODEL.pml [-DNAME ...]   expects spin to find an assertion violation
#
# Steps: spin -a (generate pan.c), gcc pan.c -DSAFETY -DCOLLAPSE, ./pan. Works in a
# scratch directory. Fails (never skips) when spin or gcc is missing.
set -euo pipefail
mode=${1:?usage: check.sh pass|reject MODEL.pml [-DNAME ...]}
model=${2:?usage: check.sh pass|reject MODEL.pml [-DNAME ...]}
shift 2
defines=("$@")
case "$mode" in pass | reject) ;; *) echo "check.sh: mode must be pass or reject" >&2; exit 2 ;; esac

if ! command -v spin >/dev/null 2>&1; then
    echo "check.sh: FAIL: 'spin' is not installed: install the Debian package 'spin' (apt-get install spin)" >&2
    exit 1
fi
if ! command -v gcc >/dev/null 2>&1; then
    echo "check.sh: FAIL: 'gcc' is not installed (needed to compile spin's pan.c): apt-get install gcc" >&2
    exit 1
fi

src_dir=$(cd "$(dirname "$model")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/coda-spin.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp "$src_dir"/*.pml "$work"/
cd "$work"
name=$(basename "$model")
start=$SECONDS

spin "${defines[@]}" -a "$name" >spin.log 2>&1 || { cat spin.log; echo "check.sh: FAIL: spin -a $name failed" >&2; exit 1; }
# -DSAFETY: assertions and invalid end states (no liveness: A5 bounds the interrupt's
# loops by an assertion instead); -DCOLLAPSE: compressed state storage.
gcc -O2 -DSAFETY -DCOLLAPSE -DMEMLIM=4096 -o pan pan.c 2>gcc.log || { cat gcc.log; echo "check.sh: FAIL: gcc pan.c" >&2; exit 1; }
set +e
./pan -m100000 -w26 >pan.log 2>&1
set -e
grep -vE '^(Depth=|\s*$)' pan.log | sed -n '1,/^Stats on memory/p'
errors=$(sed -n 's/.*errors: \([0-9]*\).*/\1/p' pan.log | tail -1)
states=$(sed -n 's/^ *\([0-9e.+]*\) states, stored.*/\1/p' pan.log | tail -1)
echo "check.sh: $name ${defines[*]}: ${states:-?} states stored, errors: ${errors:-?}, $((SECONDS - start)) s"

if grep -q 'max search depth too small' pan.log; then
    echo "check.sh: FAIL: search depth too small (raise -m in check.sh)" >&2
    exit 1
fi
if [[ -z "$errors" ]]; then
    echo "check.sh: FAIL: could not read pan's result" >&2
    cat pan.log >&2
    exit 1
fi
if [[ "$mode" == pass ]]; then
    if [[ "$errors" != 0 ]]; then
        echo "check.sh: FAIL: spin found a violation; the counterexample (spin -t -p):" >&2
        spin "${defines[@]}" -t -p -g "$name" 2>&1 | grep -E 'proc|assert|violated' | grep -vE '\[[a-z]+ = 0\]' | tail -150 >&2
        exit 1
    fi
    echo "check.sh: PASS: no assertion violation, no invalid end state"
else
    if [[ "$errors" == 0 ]] || ! grep -q 'assertion violated' pan.log; then
        echo "check.sh: FAIL: spin accepted the broken model $name: the model no longer detects its mutation" >&2
        exit 1
    fi
    grep 'assertion violated' pan.log
    echo "check.sh: PASS: spin rejects $name as expected"
fi
