#!/bin/sh
# bench/stream/run.sh -- an audit of a CSV file three ways, side by side:
# fairsh's streaming audit (attach FILE + audit: one pass, constant
# memory), fairsh load + audit (every row in memory), and the peers'
# pandas.read_csv (the four columns the audit needs) + numpy. Wall time and
# peak memory (GNU time's maximum resident set) of the whole process, for
# each size given in rows (default 10000000); the file is written by gen.c
# (about 48 bytes a row: 10 GB is 215000000 rows). LOAD_MAX=N (default
# 20000000) and PEER_MAX=N (default 20000000) run load and pandas only up
# to N rows (they hold the rows in memory). GZ=1 also streams a gzip copy.
# The streaming and loaded audits must print the same selection rates, and
# pandas the same to 1e-12. Needs python3-pandas.
# Usage: bench/stream/run.sh [ROWS ...] from the build directory; DIR=path
# for the data files (default a temporary directory, removed at the end).
set -e
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
FAIRSH=${FAIRSH:-./fairsh}
FAIRSH=$(cd "$(dirname "$FAIRSH")" && pwd)/$(basename "$FAIRSH")
sizes=${*:-10000000}
dir=${DIR:-$(mktemp -d)}
mkdir -p "$dir"
trap 'rm -f "$dir"/bench.csv "$dir"/bench.csv.gz "$dir"/gen' EXIT
cc -O2 -o "$dir/gen" "$top_srcdir/bench/stream/gen.c"
T() { /usr/bin/time -f "%e %M" -o "$dir/time" "$@" > "$dir/out" 2>"$dir/err" || { cat "$dir/err"; exit 1; }
      cat "$dir/time"; }
row() { printf '%-11s %-14s %8s %9s %9.1f %7.2f %8.2f\n' "$1" "$2" "$3" "$4" "$(echo "$5 / 1024" | bc -l)" \
	"$(echo "$4 / $6" | bc -l)" "$(echo "$5 / $7" | bc -l)"; }
printf '%-11s %-14s %8s %9s %9s %7s %8s\n' rows path GB seconds peak_MB x_time x_memory
for n in $sizes; do
	"$dir/gen" "$n" > "$dir/bench.csv"
	gb=$(echo "$(stat -c %s "$dir/bench.csv") / 1000000000" | bc -l | xargs printf '%.2f')
	printf 'attach %s\ntarget y\nsensitive grp,sex\naudit pred=p format=csv\n' "$dir/bench.csv" > "$dir/stream.fsh"
	printf 'load %s\ntarget y\nsensitive grp,sex\naudit pred=p format=csv\n' "$dir/bench.csv" > "$dir/load.fsh"
	set -- $(T "$FAIRSH" --batch -f "$dir/stream.fsh"); st=$1; sm=$2
	grep '^pred=p,figure,selection_rate' "$dir/out" | sort > "$dir/stream.sr"
	row "$n" stream "$gb" "$st" "$sm" "$st" "$sm"
	if [ -n "${GZ:-}" ]; then
		gzip -1 -c "$dir/bench.csv" > "$dir/bench.csv.gz"
		printf 'attach %s\ntarget y\nsensitive grp,sex\naudit pred=p format=csv\n' "$dir/bench.csv.gz" > "$dir/gz.fsh"
		set -- $(T "$FAIRSH" --batch -f "$dir/gz.fsh"); zt=$1; zm=$2
		grep '^pred=p,figure,selection_rate' "$dir/out" | sort | cmp -s - "$dir/stream.sr" ||
			{ echo "gzip stream and plain stream disagree"; exit 1; }
		row "$n" stream-gzip "$gb" "$zt" "$zm" "$st" "$sm"
		rm -f "$dir/bench.csv.gz"
	fi
	if [ "$n" -le "${LOAD_MAX:-20000000}" ]; then
		set -- $(T "$FAIRSH" --batch -f "$dir/load.fsh"); lt=$1; lm=$2
		grep '^pred=p,figure,selection_rate' "$dir/out" | sort > "$dir/load.sr"
		cmp -s "$dir/stream.sr" "$dir/load.sr" || { echo "stream and load disagree"; exit 1; }
		row "$n" load+audit "$gb" "$lt" "$lm" "$st" "$sm"
	fi
	if [ "$n" -le "${PEER_MAX:-20000000}" ]; then
		set -- $(T /usr/bin/python3 "$top_srcdir/bench/stream/peer.py" "$dir/bench.csv"); yt=$1; ym=$2
		/usr/bin/python3 - "$dir/out" "$dir/stream.sr" <<'PY'
import sys
peer = {l.rsplit(" ", 2)[0]: float(l.split()[-2]) for l in open(sys.argv[1])}
ours = {l.split(",")[3]: float(l.split(",")[4]) for l in open(sys.argv[2]) if l.split(",")[3] != "overall"}
assert peer.keys() == ours.keys(), (peer.keys(), ours.keys())
assert all(abs(peer[k] - ours[k]) < 1e-12 for k in peer), "pandas disagrees"
PY
		row "$n" pandas+numpy "$gb" "$yt" "$ym" "$st" "$sm"
	fi
	rm -f "$dir/bench.csv"
done
