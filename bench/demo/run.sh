#!/bin/sh
# bench/demo/run.sh -- demo generation and data-spec steps, fairsh (C) vs a
# numpy/pandas/sklearn peer, side by side. Usage: bench/demo/run.sh [N] [BUILD_DIR]
# Paths: BUILD_DIR (argument, else $BUILD_DIR, else the top of the source
# tree) holds a built fairsh (see bench/lib.sh); no data files are read.
# SPDX-License-Identifier: MIT
set -e
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
n=${1:-1000000}
bench_build "${2:-}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gcc -std=c11 -O2 $BENCH_CPPFLAGS "$here/bench-spec.c" \
    "$libfair" $BENCH_LIBS -lgsl -lgslcblas -lm -o "$tmp/bench-spec"
best() {  # best of 3 runs, per line
	for r in 1 2 3; do "$@"; done | awk '{ if (!($1 in m) || $2 < m[$1]) m[$1] = $2; if (!($1 in o)) { o[$1] = ++k; name[k] = $1 } }
	    END { for (i = 1; i <= k; i++) print name[i], m[name[i]] }'
}
best "$tmp/bench-spec" "$n" > "$tmp/c.txt"
best /usr/bin/python3 "$here/bench-spec.py" "$n" > "$tmp/py.txt"
echo "n=$n rows (best of 3, seconds)"
printf '%-15s %10s %10s %8s\n' step fairsh python py/c
join "$tmp/c.txt" "$tmp/py.txt" 2>/dev/null | awk '{ printf "%-15s %10.4f %10.4f %8.1f\n", $1, $2, $3, $3 / $2 }' ||
	paste "$tmp/c.txt" "$tmp/py.txt"
