#!/bin/sh
# run.sh -- simulation study of the audit's intervals and tests (sim.c):
# coverage at 95% and rejection rates over R simulated audits per scenario
# (default 2000; fixed seeds). Usage:
#   bench/stats/run.sh [BUILD_DIR] [R] [R_REGRESSION] [SCENARIOS] [SEEDS]
# SCENARIOS: regression scenarios by number from 1, e.g. 5,6,7,8 (all by
# default); SEEDS: a fresh set of seeds for them, 1, 2, ... (0 by default)
# The true distances of every regression pair, checked by quadrature:
#   bench/stats/run.sh [BUILD_DIR] truth | /usr/bin/python3 bench/stats/truth-check.py
set -e
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
bench_build "${1:-}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gcc -std=c11 -O2 $BENCH_CPPFLAGS "$here/sim.c" \
	"$libfair" $BENCH_LIBS $(pkg-config --libs gsl) -lm -o "$tmp/sim"
"$tmp/sim" "${2:-2000}" "${3:-${2:-2000}}" "${4:-all}" "${5:-0}"
