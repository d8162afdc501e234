#!/bin/sh
# run.sh -- compressed CSV load benchmark: fairsh's fair_csv_read (a thread
# decompresses while the parser reads) against pandas.read_csv on the same
# file, for gzip, xz and zstd copies of the bench/csv data (1,000,000 x 15 by
# default), best of 3 loads each in one process, plus the plain CSV and the
# time of decompression alone (fair_zdecompress) for reference. pandas reads
# .zst through python3-zstandard. Not part of make check.
# Usage: bench/csvz/run.sh [BUILD_DIR] [ROWS]
# Paths: BUILD_DIR (argument, else $BUILD_DIR, else the top of the source
# tree) holds a built fairsh (see bench/lib.sh); no data files are read. The
# generated files are kept for the next run in $TMPDIR/fairsh-bench-csvz.
set -e
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
bench_build "${1:-}"
rows=${2:-1000000}
tmp=${TMPDIR:-/tmp}/fairsh-bench-csvz
mkdir -p "$tmp"
csv="$tmp/bench-$rows.csv"
[ -f "$csv" ] || /usr/bin/python3 "$bench_top/bench/csv/gen.py" "$csv" "$rows"
[ -f "$csv.gz" ] || gzip -6 -c "$csv" >"$csv.gz"
[ -f "$csv.xz" ] || xz -6 -T1 -c "$csv" >"$csv.xz"
[ -f "$csv.zst" ] || zstd -q -3 -c "$csv" >"$csv.zst"
gcc -O2 -std=c11 $BENCH_CPPFLAGS "$here/bench-csvz.c" "$libfair" $BENCH_LIBS -lm -o "$tmp/bench-csvz"
cat >"$tmp/pd.py" <<'PY'
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
echo "data: $csv ($(wc -c <"$csv") bytes, $rows rows x 15 cols); gzip -6 $(wc -c <"$csv.gz"), xz -6 $(wc -c <"$csv.xz"), zstd -3 $(wc -c <"$csv.zst") bytes"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs (timings are noisy when busy)"
printf '%-8s %12s %12s %12s %12s %10s %14s\n' file fairsh_wall fairsh_cpu pandas_wall pandas_cpu ratio unpack_only
for f in "$csv" "$csv.gz" "$csv.xz" "$csv.zst"; do
	cat "$f" >/dev/null   # warm the page cache for both
	set -- $("$tmp/bench-csvz" "$f" 3); ft=$2; fc=$5
	set -- $(/usr/bin/python3 "$tmp/pd.py" "$f" 3); pt=$2; pc=$5
	u=-
	case $f in *.csv) ;; *) set -- $("$tmp/bench-csvz" --unpack "$f" 3); u="$2 s" ;; esac
	awk -v n="${f##*.}" -v ft="$ft" -v fc="$fc" -v pt="$pt" -v pc="$pc" -v u="$u" \
		'BEGIN { printf "%-8s %10.3f s %10.3f s %10.3f s %10.3f s %9.2fx %14s\n", n, ft, fc, pt, pc, pt / ft, u }'
done
