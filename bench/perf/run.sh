#!/bin/sh
# run.sh -- the four speed comparisons side by side in one run, each as a
# ratio against its Python floor or its goal:
#   1. the `audit` command at 10M rows (8 groups, a prediction column)
#      against the numpy floor of bench/audit (pandas factorize + bincount
#      on parsed columns); goals: >= 5x, <= 0.06 s
#   2. CSV loading against pandas.read_csv (bench/csv/run.sh); goal >= 2x
#   3. the debiased Sinkhorn divergence on one thread against POT's plain
#      ot.sinkhorn2 (bench/sinkhorn/run.sh); goal <= 1.0x
#   4. start-up: `fairsh -c quit` and an interactive start to the first
#      prompt (prompt.py, on a pseudo-terminal); goal < 10 ms
# and the memory of the 10M-row session (peak RSS / decoded data; goal
# <= 1.5x). Usage: bench/perf/run.sh [--quick] [--no-peers] [BUILD_DIR]
# (--quick: 1M audit rows, and --no-peers; --no-peers: without the CSV and
# Sinkhorn parts, whose scripts take minutes). Not part of make check.
# Paths: BUILD_DIR (argument, else $BUILD_DIR, else the top of the source
# tree) holds a built fairsh (see bench/lib.sh); the generated audit data
# is kept in $TMPDIR/fairsh-bench-perf for the next run.
# SPDX-License-Identifier: MIT
set -e
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
quick=no
peers=yes
args="$*"
while [ $# -gt 0 ]; do
	case $1 in
	--quick) quick=yes; peers=no; shift ;;
	--no-peers) peers=no; shift ;;
	*) break ;;
	esac
done
bench_build "${1:-}"
fairsh="$build/fairsh"
[ -x "$fairsh" ] || { echo "bench: no fairsh binary in $build" >&2; exit 1; }
rows=10000000
[ $quick = yes ] && rows=1000000
data=${TMPDIR:-/tmp}/fairsh-bench-perf
mkdir -p "$data"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
PY=/usr/bin/python3

echo "machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p'), $(date -u +%Y-%m-%dT%H:%MZ)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (timings are noisy when the machine is busy)"
echo "command: bench/perf/run.sh $args"

# ---- 1. audit ----------------------------------------------------------------
# the same data as bench/audit/bench-numpy.py: 8 groups, base rate and
# decisions depending on the group, written once as a CSV (g, y, p)
csv="$data/audit-$rows.csv"
if [ ! -f "$csv" ]; then
	$PY - "$csv" "$rows" <<'PY'
import sys
import numpy as np
import pandas as pd
n = int(sys.argv[2]); K = 8
rng = np.random.default_rng(0)
g = rng.integers(0, K, n).astype(np.int32)
y = (rng.random(n) < 0.2 + 0.05 * g).astype(np.int8)
p = (rng.random(n) < np.where(y == 1, 0.7, 0.1) + 0.02 * g).astype(np.int8)
pd.DataFrame({"g": np.array([f"g{k}" for k in range(K)])[g], "y": y, "p": p}).to_csv(sys.argv[1], index=False)
PY
fi
reps=7
{
	echo "load $csv"
	echo "target y"
	echo "sensitive g"
	for i in $(seq $reps); do echo "audit pred=p"; done
	echo "split 0.7 seed=1"
	for i in $(seq $reps); do echo "audit pred=p"; done
} > "$out/audit.fsh"
# one command at a time: its time, and the memory after it (session.py)
$PY "$here/session.py" "$fairsh" < "$out/audit.fsh" > "$out/t" || exit 1
$PY "$here/../audit/bench-numpy.py" "$rows" > "$out/np"
awk -v reps=$reps -v rows="$rows" '
	NR == FNR { t[++n] = $1; rss[n] = $2; hwm[n] = $3; next }
	{ v[$1] = $2 }
	function best(a, b,   m, i) { m = 1e9; for (i = a; i <= b; i++) if (t[i] < m) m = t[i]; return m }
	END {
		# 1 load, 2 target, 3 sensitive, then the audits, the split, the audits
		a0 = 4; cold = t[a0]; warm = best(a0 + 1, a0 + reps - 1)
		s0 = a0 + reps + 1; scold = t[s0]; swarm = best(s0 + 1, s0 + reps - 1)
		np = v["numpy_factorize_bincount"]; nb = v["numpy_bincount_only"]
		printf "\n1. audit, %d rows, 8 groups, audit pred=p (best of %d repeated audits; the first builds the cache)\n", rows, reps - 1
		printf "   fairsh audit, all rows:          %.3f s   (first audit of the set-up %.3f s)\n", warm, cold
		printf "   fairsh audit, test rows (split): %.3f s   (first %.3f s)\n", swarm, scold
		printf "   numpy factorize + bincount:      %.3f s   -> fairsh %.1fx faster  (goal >= 5x, <= 0.06 s)\n", np, np / warm
		printf "   numpy bincount only, codes given:%.3f s   -> fairsh %.1fx faster\n", nb, nb / warm
		dec = rows * (4 + 8 + 8)   # g codes, y, p as decoded columns
		printf "   memory: decoded data (g, y, p) %.0f MB; resident after load %d MB, after the audits %d MB (%.2fx), after the split and its audits %d MB (%.2fx); peak %d MB (in the load)\n",
		       dec / 1048576, rss[1], rss[a0 + reps - 1], rss[a0 + reps - 1] * 1048576 / dec, rss[n], rss[n] * 1048576 / dec, hwm[n]
		printf "RATIO audit_vs_numpy %.2f\n", np / warm > "/dev/stderr"
		printf "RATIO audit_s %.4f\n", warm > "/dev/stderr"
		printf "RATIO memory_x %.2f\n", rss[n] * 1048576 / dec > "/dev/stderr"
	}' "$out/t" "$out/np" 2> "$out/ratios"

# ---- 2. CSV and 3. Sinkhorn (their own scripts) --------------------------------
if [ $peers = yes ]; then
	echo
	echo "2. CSV load vs pandas.read_csv (bench/csv/run.sh)"
	"$here/../csv/run.sh" "$build" > "$out/csv" 2>&1 || echo "   bench/csv/run.sh failed"
	sed 's/^/   /' "$out/csv"
	# a 10M x 3 file too, when bench/csv offers it (its third argument)
	if grep -q 'COLS\|cols' "$here/../csv/run.sh" && grep -q '\$3\|{3' "$here/../csv/run.sh"; then
		"$here/../csv/run.sh" "$build" 10000000 3 > "$out/csv3" 2>&1 && sed 's/^/   /' "$out/csv3"
	fi
	cat "$out/csv" "$out/csv3" 2>/dev/null | sed -n 's/.*speed-up (pandas\/fairsh): wall \([0-9.]*\)x.*/RATIO csv_vs_pandas \1/p' >> "$out/ratios"
	echo
	echo "3. debiased Sinkhorn divergence vs POT ot.sinkhorn2 (bench/sinkhorn/run.sh)"
	"$here/../sinkhorn/run.sh" "$build" > "$out/sk" 2>&1 || echo "   bench/sinkhorn/run.sh failed"
	sed 's/^/   /' "$out/sk"
	# the ratio table's first one-thread row: columns "/ default1" (wall,
	# POT on one BLAS thread) and "cpu/default1" (CPU time of each process)
	awk '/^ratios fairsh/ { on = 1; next } on && /threads=1/ && !done { print "RATIO sinkhorn1_vs_pot_plain", $(NF - 3), $NF; done = 1 }' \
		"$out/sk" >> "$out/ratios"
fi

# ---- 4. start-up ------------------------------------------------------------
echo
echo "4. start-up"
start() {   # $1 = label, then the command; prints the mean in ms
	label=$1
	shift
	if command -v hyperfine > /dev/null; then
		hyperfine -N -w 5 -r 100 --export-json "$out/hf.json" "$*" > /dev/null 2>&1
		ms=$($PY -c 'import json, sys; r = json.load(open(sys.argv[1]))["results"][0]; print("%.2f %.2f" % (1000 * r["mean"], 1000 * r["min"]))' "$out/hf.json")
	else
		ms=$($PY - "$@" <<'PY'
import subprocess, sys, time
ts = []
for _ in range(100):
    t = time.perf_counter(); subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL); ts.append(time.perf_counter() - t)
print("%.2f %.2f" % (1000 * sum(ts) / len(ts), 1000 * min(ts)))
PY
)
	fi
	set -- $ms
	printf "   %-44s mean %6.2f ms  min %6.2f ms\n" "$label" "$1" "$2"
	echo "RATIO startup_ms_${label%% *} $1" >> "$out/ratios"
}
start "fairsh -c quit" "$fairsh" -c quit
# the first prompt: an interactive start on a pseudo-terminal (prompt.py
# answers fairsh's terminal query as a terminal does), then quit
set -- $($PY "$here/prompt.py" "$fairsh" 50)
printf "   %-44s mean %6.2f ms  min %6.2f ms (to exit: mean %.2f ms)\n" "first prompt on a terminal" "$1" "$2" "$3"
echo "RATIO startup_ms_prompt $1" >> "$out/ratios"

echo
echo "ratios (goal in brackets):"
awk '/^RATIO audit_vs_numpy/ { printf "   audit vs numpy floor:          %6.2fx faster   [>= 5x]\n", $3 }
     /^RATIO audit_s/ { printf "   audit at %s rows:          %6.3f s         [<= 0.06 s]\n", rows, $3 }
     /^RATIO memory_x/ { printf "   session memory / decoded data: %6.2fx          [<= 1.5x]\n", $3 }
     /^RATIO csv_vs_pandas/ { printf "   CSV vs pandas.read_csv:        %6.2fx faster   [>= 2x]\n", $3 }
     /^RATIO sinkhorn1_vs_pot_plain/ { printf "   debiased Sinkhorn 1 thread / POT plain: %5.2fx (cpu %.2fx)   [<= 1.0x]\n", $3, $4 }
     /^RATIO startup_ms_fairsh/ { printf "   fairsh -c quit:                %6.2f ms        [< 10 ms]\n", $3 }
     /^RATIO startup_ms_prompt/ { printf "   start to the first prompt:     %6.2f ms        [< 10 ms]\n", $3 }' rows=$rows "$out/ratios"
