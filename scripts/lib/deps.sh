# shellcheck shell=bash
# Sourced by scripts/test.sh and scripts/demo.sh.
#
# coda_require_packages PACKAGE...
#   Makes sure the Debian packages are installed. Asks dpkg which are missing, so a
#   second run never calls apt. As root: apt-get update, then apt-get install the missing
#   ones, noninteractively. Otherwise: prints the apt-get line to run and returns 1.
coda_require_packages() {
    local pkg missing=()
    for pkg in "$@"; do
        if [[ "$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null)" != installed ]]; then
            missing+=("$pkg")
        fi
    done
    ((${#missing[@]} == 0)) && return 0

    if ((EUID != 0)); then
        echo "coda: these Debian packages are missing: ${missing[*]}" >&2
        echo "coda: install them, then run this script again:" >&2
        echo "sudo apt-get install -y ${missing[*]}" >&2
        return 1
    fi
    echo "coda: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update && apt-get install -y "${missing[@]}"
}
