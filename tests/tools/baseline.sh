#!/bin/sh
# baseline.sh -- builds the core without the AVX2 clones (-DFAIR_NO_CLONES,
# -march=x86-64: the code every x86-64 runs when it lacks AVX2) and runs the
# unit tests of the vectorised paths on it: the CSV reader and the Sinkhorn
# solver. For a machine with AVX2, where `make check` only exercises the
# AVX2 clones. Not part of make check (it compiles the core again).
# usage: tests/tools/baseline.sh [TEST...]   (default: test-csv test-divergence)
# SPDX-License-Identifier: MIT
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
tests=${*:-test-csv test-divergence}
build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT
cflags="-O2 -std=c11 -march=x86-64 -DFAIR_NO_CLONES -D_GNU_SOURCE -I$top/include -I$top/src -I$top/src/core"
libs="$(pkg-config --libs gsl 2>/dev/null || echo "-lgsl -lgslcblas")
      $(pkg-config --libs zlib liblzma libzstd 2>/dev/null || echo "-lz -llzma -lzstd") -lm -pthread"
find "$top/src/core" -name '*.c' | sort | while read -r f; do
	echo "$f $build/$(echo "${f#$top/src/core/}" | tr / _ | sed 's/\.c$/.o/')"
done | xargs -P 2 -n 2 sh -c 'gcc '"$cflags"' -c "$0" -o "$1"'
ar rcs "$build/libfair.a" "$build"/*.o
grep -q avx2 "$build/libfair.a" && { echo "baseline: AVX2 code in the baseline build" >&2; exit 1; }
rc=0
for t in $tests; do
	gcc $cflags "$top/tests/unit/$t.c" "$build/libfair.a" $libs -o "$build/$t"
	if GSL_TEST_VERBOSE=1 top_srcdir=$top "$build/$t" > "$build/$t.log" 2>&1; then
		echo "PASS (baseline x86-64): $t ($(grep -c '^PASS' "$build/$t.log" || true) checks)"
	else
		echo "FAIL (baseline x86-64): $t"; grep -v '^PASS' "$build/$t.log" | head -20; rc=1
	fi
done
exit $rc
