#!/bin/sh
# run.sh -- weights and control benchmark: `audit pred=p` on 10,000,000 rows
# (8 groups) unweighted, against the same audit with `weights w` and
# `control=c` (4 strata), timed by fairsh's own `set timer on` (wall time
# of each command, best of REPS in one session: the CSV is loaded once),
# side by side with numpy/pandas doing the same counts (peer.py).
# Usage: bench/weights/run.sh [BUILD_DIR] [ROWS] [REPS]
# The generated file is kept for the next run in $TMPDIR/fairsh-bench-weights.
set -e
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
bench_build "${1:-}"
rows=${2:-10000000}
reps=${3:-5}
tmp=${TMPDIR:-/tmp}/fairsh-bench-weights
mkdir -p "$tmp"
csv="$tmp/bench-$rows.csv"
[ -f "$csv" ] || /usr/bin/python3 "$here/gen.py" "$csv" "$rows"
fairsh="$build/fairsh"
times() {   # the command $2, $1 times
	i=0
	while [ $i -lt "$1" ]; do
		echo "$2"
		i=$((i + 1))
	done
}
{
	echo "set timer on"
	echo "load $csv as b"
	echo "target y"
	echo "sensitive g"
	times "$reps" "audit pred=p format=csv to=$tmp/u.csv"
	echo "weights w"
	times "$reps" "audit pred=p control=c format=csv to=$tmp/wc.csv"
	echo "weights none"
	times "$reps" "audit pred=p control=c format=csv to=$tmp/c.csv"
} > "$tmp/run.fsh"
HOME=$tmp "$fairsh" --batch --echo "$tmp/run.fsh" > "$tmp/out.txt" 2>&1
# each command's echo, then its "time: X s"
awk -v reps="$reps" '
	/^> audit pred=p format=csv/ { what = "u" }
	/^> audit pred=p control=c/ { what = (w ? "wc" : "c") }
	/^> weights w/ { w = 1; what = "" }
	/^> weights none/ { w = 0; what = "" }
	/^> (set|load|target|sensitive)/ { what = "" }
	/^time: / && what != "" { t = $2; if (!(what in best) || t < best[what]) best[what] = t }
	END {
		printf "fairsh_unweighted %.3f\nfairsh_weighted_control %.3f\nfairsh_control %.3f\n", best["u"], best["wc"], best["c"]
	}' "$tmp/out.txt" > "$tmp/f.txt"
/usr/bin/python3 "$here/peer.py" "$csv" "$reps" > "$tmp/p.txt"
cat "$tmp/f.txt" "$tmp/p.txt"
awk '{ v[$1] = $2 } END {
	u = v["fairsh_unweighted"]; wc = v["fairsh_weighted_control"]
	printf "\naudit, %s rows, 8 groups:\n", "'"$rows"'"
	printf "fairsh unweighted:                     %.3f s\n", u
	printf "fairsh weighted, control=c (4 strata): %.3f s  (%.2fx the unweighted audit)\n", wc, wc / u
	printf "fairsh unweighted, control=c:          %.3f s  (%.2fx)\n", v["fairsh_control"], v["fairsh_control"] / u
	printf "numpy unweighted counts:               %.3f s  (%.2fx fairsh)\n", v["numpy_unweighted"], v["numpy_unweighted"] / u
	printf "numpy weighted, by stratum:            %.3f s  (%.2fx fairsh weighted+control)\n", v["numpy_weighted_control"], v["numpy_weighted_control"] / wc
}' "$tmp/f.txt" "$tmp/p.txt"
