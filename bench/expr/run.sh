#!/bin/sh
# run.sh -- expression benchmark: fairsh's expression engine against numpy and
# pandas on the same 10,000,000 rows, side by side as ratios: the best of
# REPS runs (default 5) in each of ROUNDS rounds (default 3) that alternate
# between fairsh and Python, so that a change of the machine's load in the
# middle does not favour one side. Not part of make check.
#   bench/expr/run.sh [BUILD_DIR] [ROWS]
# Paths: BUILD_DIR (argument, else $BUILD_DIR, else the top of the source
# tree) holds a built fairsh (see bench/lib.sh); the generated columns are
# kept for the next run in $TMPDIR/fairsh-bench-expr. pandas.eval uses
# numexpr when python can import it (PYTHONPATH is passed on).
set -e
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
bench_build "${1:-}"
rows=${2:-10000000}
reps=${REPS:-5}
rounds=${ROUNDS:-3}
tmp=${TMPDIR:-/tmp}/fairsh-bench-expr
mkdir -p "$tmp"
[ -f "$tmp/a-$rows.ok" ] || { /usr/bin/python3 "$here/bench-numpy.py" --gen "$tmp" "$rows" && touch "$tmp/a-$rows.ok"; }
gcc -O2 -std=c11 $BENCH_CPPFLAGS "$here/bench-expr.c" "$libfair" -lm -lpthread -o "$tmp/bench-expr"
: > "$tmp/c.txt"
: > "$tmp/py.txt"
load0=$(cut -d' ' -f1 /proc/loadavg)
r=0
while [ "$r" -lt "$rounds" ]; do
	"$tmp/bench-expr" "$tmp" "$rows" "$reps" >> "$tmp/c.txt"
	/usr/bin/python3 "$here/bench-numpy.py" "$tmp" "$rows" "$reps" >> "$tmp/py.txt"
	r=$((r + 1))
done
echo "rows: $rows, best of $reps runs in each of $rounds alternating rounds; load average $load0 at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end, on $(nproc) CPUs"
grep '^#' "$tmp/py.txt" | sort -u
# times: the best of all rounds; checksums and names: as they are
cat "$tmp/c.txt" "$tmp/py.txt" | grep -v '^#' | awk -v n="$rows" '
{ if (!($1 in v) || ($1 !~ /^(sum|kept|api)_/ && $2 + 0 < v[$1] + 0)) v[$1] = $2
  if ($1 ~ /^api_/) api[substr($1, 5)] = $2 }
END {
	base = v["c_loop_add_fresh"]
	printf "C loop r = a + b (fresh array): %.3f s = %.1f GB/s (3 x 8 bytes a row); warm array %.3f s\n\n",
	       base, 24 * n / base / 1e9, v["c_loop_add_warm"]
	printf "%-8s %9s %9s %9s %9s %9s %9s %8s %8s %8s %8s %6s %s\n", "expr", "fairsh", "filter", "column", "col 1thr",
	       "numpy", "pandas", "np/fsh", "pd/fsh", "np/col", "np/c1", "same", "pandas API"
	split("arith cmp_and cut in_cat if", names, " ")
	for (i = 1; i <= 5; i++) {
		x = names[i]
		f = v["fairsh_values_" x]; c = v["fairsh_column_" x]; p = v["numpy_" x]; q = v["pandas_" x]
		c1 = v["fairsh_column1_" x]
		s1 = v["sum_" x]; s2 = v["sum_numpy_" x]
		ok = (s1 - s2 < 1e-6 * (s2 < 0 ? -s2 : s2) + 1e-6 && s2 - s1 < 1e-6 * (s2 < 0 ? -s2 : s2) + 1e-6) ? "yes" : "NO"
		fl = v["fairsh_filter_" x]
		fs = fl != "" ? sprintf("%8.3fs", fl) : "        -"
		# a condition: numpy makes a bool array, so compare with the filter mask
		g = fl != "" ? fl : f
		printf "%-8s %8.3fs %s %8.3fs %8.3fs %8.3fs %8.3fs %7.2fx %7.2fx %7.2fx %7.2fx %6s %s\n", x, f, fs, c, c1, p, q,
		       p / g, q / g, p / c, p / c1, ok, api["pandas_" x]
	}
	printf "\nfairsh: evaluation into a new array of doubles (numpy too makes a new array);\n"
	printf "filter: a condition applied to the row mask (one byte a row, updated in place as the\n"
	printf "session does; numpy: a new bool array); the ratios of conditions use it; column:\n"
	printf "fair_expr_eval, the column derive makes (distinct values counted while stored up to 4,096,\n"
	printf "beyond that on first use; a condition: one byte a row, as numpy\047s bools); np/col:\n"
	printf "numpy against it; same: fairsh and numpy sums agree (fairsh missing-value rule)\n"
	printf "fairsh, filter and column split 10M rows between two threads (numpy uses one);\n"
	printf "col 1thr, np/c1: the same column made by one thread\n"
	printf "parse + bind, best of the runs (the first run):"
	for (i = 1; i <= 5; i++)
		printf " %s %.1f us (%.1f)%s", names[i], v["fairsh_parse_bind_" names[i]] * 1e6,
		       v["fairsh_parse_bind_first_" names[i]] * 1e6, i < 5 ? "," : "\n"
}'
