#!/bin/sh
# run.sh -- build the libFuzzer targets with clang straight from the sources
# and run each for FUZZ_SECONDS (default 60) on a copy of its seed corpus.
# Prints, per target, the executions and the crashes found, and a total.
#   FUZZ_SECONDS=600 tests/fuzz/run.sh            all targets
#   tests/fuzz/run.sh csv cmdline                  some targets
# Environment: FUZZ_BUILD (a directory for binaries and working corpora,
# default a temporary one, removed at the end), CC (default clang).
# Exit status 0: no crash; 1: a crash (the input is kept as FUZZ_BUILD/crash-*
# and copied to the current directory); 77: clang/libFuzzer not available.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
secs=${FUZZ_SECONDS:-60}
CC=${CC:-clang}
targets=${*:-csv zread cmdline gnuplot-escape session expr check filter}
if [ -n "${FUZZ_BUILD:-}" ]; then
	build=$FUZZ_BUILD; mkdir -p "$build" || exit 99
else
	build=$(mktemp -d) || exit 99
	trap 'rm -rf "$build"' EXIT
fi
if ! command -v "$CC" >/dev/null 2>&1 ||
   ! echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }' |
     "$CC" -x c -fsanitize=fuzzer - -o "$build/probe" 2>/dev/null; then
	echo "fuzz: $CC with libFuzzer is not available (install clang and libclang-rt-dev)"
	[ -n "${CI:-}" ] && exit 1
	exit 77
fi
flags="-g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
       -I$top/include -I$top/src -I$top/src/core -pthread"
gsl_libs="$(pkg-config --libs gsl 2>/dev/null || echo "-lgsl -lgslcblas") -lcjson
          $(pkg-config --libs zlib liblzma libzstd 2>/dev/null || echo "-lz -llzma -lzstd")
          $(pkg-config --libs sqlite3 2>/dev/null || echo "-lsqlite3") -ldl"
core=$top/src/core

sources() {   # the sources each target is built from
	case $1 in
	csv|zread) echo "$core/data/csv.c $core/data/csv-load.c $core/data/csv-frame.c $core/data/csv-io.c $core/data/csv-util.c $core/data/zread.c $core/data/frame.c $core/base/error.c $core/base/buf.c $core/base/progress.c $core/base/wfile.c" ;;
	cmdline) echo "$top/src/cli/tokenize.c $core/base/buf.c" ;;
	gnuplot-escape) echo "$top/src/plot/script.c $top/src/plot/script-kinds.c $(lib_objects)" ;;
	session) echo "$top/src/json/json-param.c $(lib_objects)" ;;
	check) echo "$(lib_objects)" ;;
	expr) echo "$core/data/expr-parse.c $core/data/expr-lex.c $core/data/expr-print.c $core/base/nearest.c $core/data/expr-bind.c $core/data/expr-check.c $core/data/expr-compile.c $core/data/expr-emit.c $core/data/expr-eval.c $core/data/expr-run.c $core/data/expr-sql.c $core/data/csv-util.c $core/data/frame.c $core/base/error.c $core/base/buf.c" ;;
	filter) echo "$core/data/spec-rows.c $core/data/spec-util.c $core/data/expr-parse.c $core/data/expr-lex.c $core/data/expr-print.c $core/base/nearest.c $core/data/expr-bind.c $core/data/expr-check.c $core/data/expr-compile.c $core/data/expr-emit.c $core/data/expr-eval.c $core/data/expr-run.c $core/data/expr-sql.c $core/data/csv-util.c $core/data/frame.c $core/base/error.c $core/base/buf.c" ;;
	esac
}

lib_objects() {   # the whole core (the libfair.a sources of mk/*.am), compiled once
	mkdir -p "$build/obj"
	for c in $(cd "$top" && grep -ho 'src/core/[a-z]*/[A-Za-z0-9_-]*\.c' mk/*.am | sort -u); do
		o="$build/obj/$(basename "$c" .c).o"
		[ -f "$o" ] || echo "$top/$c $o"
	done | xargs -r -n 2 -P "$(nproc 2>/dev/null || echo 2)" sh -c \
		"$CC $(echo $flags | sed 's/fuzzer,/fuzzer-no-link,/') -c \"\$0\" -o \"\$1\"" >&2 || return 1
	ls "$build"/obj/*.o | tr '\n' ' '
}

total=0
crashes=0
status=0
for t in $targets; do
	src=$(sources "$t")
	if [ ! -f "$here/fuzz-$t.c" ] || [ -z "$src" ]; then
		echo "fuzz-$t: no such target"; status=1; continue
	fi
	# shellcheck disable=SC2086
	if ! $CC $flags "$here/fuzz-$t.c" $src $gsl_libs -lm -o "$build/fuzz-$t" 2>"$build/fuzz-$t.cc.log"; then
		echo "fuzz-$t: build failed"; cat "$build/fuzz-$t.cc.log"; status=1; continue
	fi
	mkdir -p "$build/corpus-$t"
	cp "$here/corpus/$t/"* "$build/corpus-$t/" 2>/dev/null
	max_len=4096
	[ "$t" = csv ] && max_len=16384
	[ "$t" = zread ] && max_len=8192
	[ "$t" = session ] && max_len=65536
	t0=$(date +%s)
	(cd "$build" && ./"fuzz-$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=$max_len \
		-print_final_stats=1 -artifact_prefix="$build/crash-$t-" "corpus-$t") >"$build/fuzz-$t.log" 2>&1
	rc=$?
	el=$(($(date +%s) - t0))
	runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$build/fuzz-$t.log" | tail -n 1)
	[ -z "$runs" ] && runs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\)/\1/p' "$build/fuzz-$t.log" | tail -n 1)
	runs=${runs:-0}
	ncrash=$(ls "$build" | grep -c "^crash-$t-")
	cov=$(grep -o 'cov: [0-9]*' "$build/fuzz-$t.log" | tail -n 1)
	printf 'fuzz-%-15s %10s executions in %ss, %s, %d crash(es)\n' "$t" "$runs" "$el" "${cov:-cov: ?}" "$ncrash"
	total=$((total + runs))
	if [ $rc -ne 0 ] || [ "$ncrash" -gt 0 ]; then
		crashes=$((crashes + ncrash))
		status=1
		grep -E -A 25 'ERROR|runtime error|deadly signal' "$build/fuzz-$t.log" | head -n 40
		cp "$build"/crash-"$t"-* . 2>/dev/null && echo "fuzz-$t: crashing input copied to $(pwd)"
	fi
done
echo "fuzz: $total executions in total, $crashes crash(es)"
exit $status
