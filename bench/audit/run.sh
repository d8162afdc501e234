#!/bin/sh
# run.sh -- audit benchmark: fairsh's fair_audit vs vectorised numpy on 10M rows,
# 8 groups; bootstrap timings. Usage: bench/audit/run.sh [BUILD_DIR]
# Paths: BUILD_DIR (argument, else $BUILD_DIR, else the top of the source
# tree) holds a built fairsh (see bench/lib.sh); no data files are read.
set -e
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
bench_build "${1:-}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gcc -std=c11 -O2 $BENCH_CPPFLAGS "$here/bench-audit.c" \
	"$libfair" $BENCH_LIBS $(pkg-config --libs gsl) -lm -o "$tmp/bench-audit"
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
