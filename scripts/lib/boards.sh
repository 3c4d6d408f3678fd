# shellcheck shell=bash
# Sourced by scripts/bench.sh and scripts/demo.sh.
#
# coda_board_of CPU
#   Prints the QEMU board (boards/<board>/) of CPU from cmake/boards.txt, the one table;
#   fails when the table has no row for it. The callers run Cortex-M boards, whose board
#   is also their qemu-system-arm -M.
coda_board_of() {
    local table
    table="$(dirname "${BASH_SOURCE[0]}")/../../cmake/boards.txt"
    awk -v cpu="$1" '$1 == cpu { print $2; found = 1 } END { exit !found }' "$table"
}
