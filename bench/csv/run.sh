#!/bin/sh
# run.sh -- CSV load benchmark: fairsh's fair_csv_read vs pandas.read_csv on the
# same generated file (1,000,000 x 15 by default), best of 3 runs each, plus
# peak RSS of one run of each (/usr/bin/time -v); then the same for a narrow
# file of NARROW rows x 3 columns (group, label, score; 10,000,000 by
# default, 0 to skip). Not part of make check.
# Usage: bench/csv/run.sh [BUILD_DIR] [ROWS] [NARROW]
# Paths: BUILD_DIR (argument, else $BUILD_DIR, else the top of the source
# tree) holds a built fairsh (see bench/lib.sh); no data files are read.
# The generated file is kept for the next run in $TMPDIR/fairsh-bench-csv.
set -e
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
bench_build "${1:-}"
rows=${2:-1000000}
narrow=${3:-10000000}
tmp=${TMPDIR:-/tmp}/fairsh-bench-csv
mkdir -p "$tmp"
csv="$tmp/bench-$rows.csv"
[ -f "$csv" ] || /usr/bin/python3 "$here/gen.py" "$csv" "$rows"
gcc -O2 -std=c11 $BENCH_CPPFLAGS "$here/bench-csv.c" "$libfair" $BENCH_LIBS \
	-lm -lpthread -o "$tmp/bench-csv"
cat > "$tmp/pd.py" <<'PY'
import sys, time
import pandas as pd
best = bcpu = 1e30
for _ in range(int(sys.argv[2])):
    t, c = time.perf_counter(), time.process_time()
    d = pd.read_csv(sys.argv[1])
    best = min(best, time.perf_counter() - t)
    bcpu = min(bcpu, time.process_time() - c)
print(f"pandas {best:.3f} {d.shape[0]} {d.shape[1]} {bcpu:.3f}")
PY
cat "$csv" > /dev/null    # warm the page cache for both
f=$("$tmp/bench-csv" "$csv" 3)
p=$(/usr/bin/python3 "$tmp/pd.py" "$csv" 3)
frss=$(/usr/bin/time -v "$tmp/bench-csv" "$csv" 1 2>&1 >/dev/null | awk '/Maximum resident/ {print $6}')
prss=$(/usr/bin/time -v /usr/bin/python3 "$tmp/pd.py" "$csv" 1 2>&1 >/dev/null | awk '/Maximum resident/ {print $6}')
set -- $f; ft=$2; fc=$5
set -- $p; pt=$2; pc=$5
echo "file: $csv ($(wc -c < "$csv") bytes, $rows rows x 15 cols)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs (timings are noisy when busy)"
echo "fairsh fair_csv_read : wall $ft s  cpu $fc s   peak RSS $((frss / 1024)) MB"
echo "pandas read_csv      : wall $pt s  cpu $pc s   peak RSS $((prss / 1024)) MB"
awk -v a="$pt" -v b="$ft" -v c="$pc" -v d="$fc" \
	'BEGIN { printf "speed-up (pandas/fairsh): wall %.2fx, cpu %.2fx\n", a / b, c / d }'
# decoded data: 9 numeric columns x 8 bytes + 6 categorical x 4 bytes per row
awk -v r="$frss" -v n="$rows" 'BEGIN { num = n * 9 * 8; all = num + n * 6 * 4;
	printf "fairsh peak RSS / decoded numeric data (%.0f MB): %.2f; / all decoded (%.0f MB): %.2f\n",
	num / 1048576, r * 1024 / num, all / 1048576, r * 1024 / all }'
# the physical limit: one core scanning the same mapped file (bench/csv/scan.c)
gcc -O2 -std=c11 -D_GNU_SOURCE "$here/scan.c" -o "$tmp/scan"
"$tmp/scan" "$csv" 3 | sed 's/^/limit, one core: /'
[ "$narrow" -gt 0 ] || exit 0
# the narrow file: 10M x 3 by default (bench/csv/gen-narrow.py)
ncsv="$tmp/narrow-$narrow.csv"
[ -f "$ncsv" ] || /usr/bin/python3 "$here/gen-narrow.py" "$ncsv" "$narrow"
cat "$ncsv" > /dev/null
f=$("$tmp/bench-csv" "$ncsv" 3)
p=$(/usr/bin/python3 "$tmp/pd.py" "$ncsv" 3)
set -- $f; ft=$2; fc=$5
set -- $p; pt=$2; pc=$5
echo "file: $ncsv ($(wc -c < "$ncsv") bytes, $narrow rows x 3 cols)"
echo "fairsh fair_csv_read : wall $ft s  cpu $fc s"
echo "pandas read_csv      : wall $pt s  cpu $pc s"
awk -v a="$pt" -v b="$ft" -v c="$pc" -v d="$fc" -v n="$narrow" \
	'BEGIN { printf "speed-up %d x 3 (pandas/fairsh): wall %.2fx, cpu %.2fx\n", n, a / b, c / d }'
