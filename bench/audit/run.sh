#!/bin/sh
# run.sh -- audit benchmark: fairsh's fair_audit vs vectorised numpy on 10M rows,
# 8 groups; bootstrap timings. Usage: bench/audit/run.sh [BUILD_DIR] (default
# /work/build-metric, which must hold a built src/core/libfair.a).
set -e
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${1:-/work/build-metric}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gcc -std=c11 -O2 -D_GNU_SOURCE -I"$top/include" -I"$top/src/core" "$here/bench-audit.c" \
	"$build/src/core/libfair.a" $(pkg-config --libs gsl) -lm -o "$tmp/bench-audit"
"$tmp/bench-audit" > "$tmp/c.txt"
/usr/bin/python3 "$here/bench-numpy.py" > "$tmp/py.txt"
cat "$tmp/c.txt" "$tmp/py.txt"
awk '{ v[$1] = $2 } END {
	c = v["audit_10M_8groups"]
	printf "\nfairsh audit, 10M rows, 8 groups:        %.3f s\n", c
	printf "numpy bincount only (codes given):        %.3f s  (%.1fx slower than fairsh)\n", v["numpy_bincount_only"], v["numpy_bincount_only"] / c
	printf "numpy factorize + bincount (strings):     %.3f s  (%.1fx slower than fairsh)\n", v["numpy_factorize_bincount"], v["numpy_factorize_bincount"] / c
	printf "fairsh weighted (compensated sums):       %.3f s\n", v["audit_10M_8groups_weighted"]
	printf "bootstrap B=1000, 50k rows:               %.3f s (weighted %.3f s)\n", v["bootstrap_50k_B1000"], v["bootstrap_50k_B1000_weighted"]
	printf "regression KS/W1/W2 bootstrap B=1000 50k: %.3f s\n", v["regression_50k_B1000"]
}' "$tmp/c.txt" "$tmp/py.txt"
