#!/bin/sh
# bench/ferm/run.sh -- FERM timings on Adult (linear pre-processing overhead,
# kernel FERM with random features), C side by side with sklearn.
# Usage: bench/ferm/run.sh [BUILD_DIR]
# Paths: BUILD_DIR (argument, else $BUILD_DIR, else the top of the source
# tree) holds a built fairsh; the datasets are found as the tests find them
# (FAIRSH_DATA, then share/fairsh/data, then ../shared/data; see bench/lib.sh).
set -e
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
bench_build "${1:-}"
adult=$(bench_data adult.csv) || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gcc -std=c11 -O2 $BENCH_CPPFLAGS "$here/bench-ferm.c" \
	"$libfair" $BENCH_LIBS $(pkg-config --libs gsl) -lm -lpthread -o "$tmp/bench-ferm"
"$tmp/bench-ferm" "$adult" 500
/usr/bin/python3 "$here/ferm-peer.py" "$adult"
