#!/bin/sh
# run.sh -- XGBoost benchmarks.
#  1. speed: fairsh's `train xgboost` / `train forest` (fair_xgb_fit, built
#     from bench-xgb.c against the libfair.a of BUILD_DIR) against Python's
#     xgboost (peer.py) on the same design matrix (Adult's training rows, and
#     a larger synthetic one), the same parameters, seed and threads: best
#     wall time and best process CPU time (every thread's) of REPS runs each,
#     alternating sides, as ratios fairsh / python (CPU time is what a shared
#     machine's load disturbs least; wall time is what a user waits). Both sides
#     time the DMatrix and the training (fairsh also evaluates the training
#     loss every round for its progress line; so does the peer, and a
#     no-evaluation peer column shows what that costs). The whole `train`
#     job through the binary (pipeline, snapshot, notice) is timed too.
#  2. the Communities and Crime demonstration (Chzhen et al. 2020): a
#     500-tree forest as the base model, Wasserstein correction, KS and MSE
#     on the test rows before and after, over SEEDS random splits.
#  3. published: the authors' own setting, from their repository
#     (github.com/lucaoneto/NIPS2020_Fairness; NIPS_DATA = its Data/
#     directory): their forest's stored predictions corrected by their code
#     (ported, published.py) and by fairsh's `correct pred=COL`, same rows.
# usage: bench/xgboost/run.sh [BUILD_DIR] [speed|crime|published|all]
# Environment: REPS (default 5), SEEDS (default 10), THREADS (default "1 2"),
# DATA (speed: default "adult syn"),
# NIPS_DATA (for `published`; skipped by `all` when unset).
# Paths: BUILD_DIR (argument, else $BUILD_DIR, else the top of the source
# tree) holds a built fairsh; the datasets are found as the tests find them.
# SPDX-License-Identifier: MIT
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
bench_build "${1:-}"
what=${2:-all}
REPS=${REPS:-5}
SEEDS=${SEEDS:-10}
THREADS=${THREADS:-1 2}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
F="$build/fairsh"
echo "built against $libfair"
echo "machine: $(nproc) cpus, $(lscpu | sed -n 's/^Model name: *//p'); load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%d)"
echo "xgboost: $(/usr/bin/python3 -c 'import xgboost; print(xgboost.__version__, xgboost.core._LIB._name)')"

if [ "$what" = speed ] || [ "$what" = all ]; then
	adult=$(bench_data adult.csv) || exit 1
	# the core's flags, as the build used them (XGBoost's -D and library)
	xflags=$(sed -n 's/^XGBOOST_CFLAGS = //p' "$build/Makefile")
	xlibs=$(sed -n 's/^XGBOOST_LIBS = //p' "$build/Makefile")
	case "$xflags" in *FAIRSH_HAVE_XGBOOST*) ;; *) echo "bench: $build was built without XGBoost" >&2; exit 1 ;; esac
	gcc -std=c11 -O2 -Wall -Wextra $BENCH_CPPFLAGS $xflags "$here/bench-xgb.c" "$libfair" -o "$tmp/bench" \
		$BENCH_LIBS $(pkg-config --libs gsl) $xlibs -lm -pthread
	set -- $("$tmp/bench" adult "$adult" "$tmp/adult.X" "$tmp/adult.y")
	an=$1 ad=$2
	/usr/bin/python3 -c "
import numpy as np
r = np.random.RandomState(7); n, d = 200000, 40
X = r.randn(n, d); X[:, :10] = np.round(X[:, :10])
y = (X[:, 0] + 0.5 * X[:, 1] * X[:, 2] - 0.3 * X[:, 3] ** 2 + r.randn(n) > 0).astype(float)
X.tofile('$tmp/syn.X'); y.tofile('$tmp/syn.y')"
	minof() { awk -v k="$1" 'NR == 1 || $k < m { m = $k } END { printf "%.3f", m }'; }
	printf '\n%-28s %3s | %-29s | %-29s\n' "" "" "wall time, best of $REPS (s)" "process CPU time, best of $REPS (s)"
	printf '%-28s %3s | %7s %7s %7s %5s | %7s %7s %7s %5s\n' "data, model (100 rounds)" thr fairsh python noeval ratio \
		fairsh python noeval ratio
	for data in ${DATA:-adult syn}; do
		case $data in adult) set -- adult "$an" "$ad" ;; syn) set -- syn 200000 40 ;; *) echo "bench: DATA: adult or syn" >&2; exit 1 ;; esac
		for model in xgboost forest; do
			for t in $THREADS; do
				: > "$tmp/c" ; : > "$tmp/p"; : > "$tmp/q"
				for r in $(seq "$REPS"); do   # alternate the sides: the machine's load moves
					"$tmp/bench" fit "$tmp/$1.X" "$tmp/$1.y" "$2" "$3" $model "$t" 1 100 >> "$tmp/c"
					/usr/bin/python3 "$here/peer.py" "$tmp/$1.X" "$tmp/$1.y" "$2" "$3" $model "$t" 1 100 >> "$tmp/p"
					/usr/bin/python3 "$here/peer.py" "$tmp/$1.X" "$tmp/$1.y" "$2" "$3" $model "$t" 1 100 noeval >> "$tmp/q"
				done
				cw=$(minof 1 < "$tmp/c") pw=$(minof 1 < "$tmp/p") qw=$(minof 1 < "$tmp/q")
				cc=$(minof 2 < "$tmp/c") pc=$(minof 2 < "$tmp/p") qc=$(minof 2 < "$tmp/q")
				printf '%-28s %3s | %7s %7s %7s %5.3f | %7s %7s %7s %5.3f\n' "$1 ($2x$3), $model" "$t" \
					"$cw" "$pw" "$qw" "$(echo "$cw $pw" | awk '{ print $1 / $2 }')" \
					"$cc" "$pc" "$qc" "$(echo "$cc $pc" | awk '{ print $1 / $2 }')"
			done
		done
	done
	echo
	echo "the whole train job through the binary on Adult (pipeline, snapshot, fit), best of $REPS:"
	for t in $THREADS; do
		best=inf
		for r in $(seq "$REPS"); do
			s=$("$F" --batch -c "load $adult; target income positive=>50K; sensitive sex; split column=split;
			    train xgboost rounds=100 threads=$t as x; wait" | sed -n 's/.*\[job x\] done in \([0-9.]*\) s.*/\1/p')
			best=$(echo "$best $s" | awk '{ print ($1 == "inf" || $2 < $1) ? $2 : $1 }')
		done
		echo "  threads=$t: train xgboost rounds=100: $best s"
	done
fi

if [ "$what" = crime ] || [ "$what" = all ]; then
	crime=$(bench_data communities.csv) || exit 1
	echo
	echo "Communities and Crime: ViolentCrimesPerPop, sensitive racepctblack > 0.06 (Chzhen et al. 2020);"
	echo "every column but state, county, community, communityname, fold; split 0.8 (calib 0.25 of it, so"
	echo "60/20/20 train/calibration/test), forest of 500 trees (max_depth 12), correct with wasserstein;"
	echo "KS and MSE on the test rows; seeds 1..$SEEDS"
	printf '%5s %9s %9s %9s %9s\n' seed mse_rf mse_fair ks_rf ks_fair
	for s in $(seq "$SEEDS"); do
		"$F" --batch -c "load $crime; target ViolentCrimesPerPop; sensitive racepctblack threshold=0.06;
		  features all-except=state,county,community,communityname,fold; split 0.8 seed=$s calib=0.25;
		  train forest trees=500 max_depth=12 threads=1 seed=$s as rf; wait; correct rf with wasserstein seed=$s as fair;
		  compare rf fair format=csv" | awk -F, -v s="$s" '$1 == "rf" { m0 = $2; k0 = $3 } $1 == "fair" { m1 = $2; k1 = $3 }
		  END { printf "%5d %9.5f %9.5f %9.4f %9.4f\n", s, m0, m1, k0, k1 }'
	done | tee "$tmp/crime.txt"
	awk '{ for (j = 2; j <= 5; j++) { s[j] += $j; q[j] += $j * $j } n++ }
	     END { printf "%5s", "mean"; for (j = 2; j <= 5; j++) printf " %9.5f", s[j] / n; printf "\n";
	           printf "%5s", "sd"; for (j = 2; j <= 5; j++) printf " %9.5f", sqrt((q[j] - s[j] * s[j] / n) / (n - 1)); printf "\n" }' "$tmp/crime.txt"
fi

if [ "$what" = published ] || { [ "$what" = all ] && [ -n "${NIPS_DATA:-}" ]; }; then
	d=${NIPS_DATA:?set NIPS_DATA to the Data directory of github.com/lucaoneto/NIPS2020_Fairness}
	# their 90% (the forest's training rows, whose predictions calibrate)
	# as calibration rows, their 10% as test rows; one row must be `train`
	{ echo "y,pred,s,split"
	  paste -d, "$d/RF_YLT.csv" "$d/RF_YLF.csv" "$d/SL.csv" | awk -F, '{ print $0 "," (NR == 1 ? "train" : "calib") }'
	  paste -d, "$d/RF_YTT.csv" "$d/RF_YTF.csv" "$d/ST.csv" | awk -F, '{ print $0 ",test" }'; } > "$tmp/nips.csv"
	"$F" --batch -c "load $tmp/nips.csv; target y; sensitive s; split column=split;
	  correct pred=pred with wasserstein as fair; export predictions $tmp/nips-pred.csv" >/dev/null
	echo
	echo "the authors' setting (their split, forest and predictions; their MSE and KS on their 199 test rows):"
	/usr/bin/python3 "$here/published.py" "$d" "$tmp/nips-pred.csv"
fi
