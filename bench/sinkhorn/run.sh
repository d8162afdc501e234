#!/bin/sh
# run.sh -- Sinkhorn divergence benchmark: fairsh (C) vs POT ot.sinkhorn2
# (Debian python3-pot: default and log-domain methods, and the debiased
# combination of three calls) on the same two 2,000-point clouds
# in 16 dimensions, eps 0.1, cost |x-y|^2/2, stop at 1e-6 marginal error;
# then seconds per fairrep training epoch on an Adult-sized problem.
# usage: bench/sinkhorn/run.sh [BUILD_DIR]
# Paths: BUILD_DIR (argument, else $BUILD_DIR, else the top of the source
# tree) holds a built fairsh (see bench/lib.sh); no data files are read.
set -e
# SPDX-License-Identifier: MIT
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
bench_build "${1:-}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
libs="-lgsl $(pkg-config --libs openblas 2>/dev/null || echo -lgslcblas) -lm -pthread"
for b in bench-sinkhorn bench-fairrep-epoch; do
	gcc -O2 -std=c11 $BENCH_CPPFLAGS "$here/$b.c" "$libfair" $BENCH_LIBS $libs -o "$tmp/$b"
done
# data: representation-scale clouds, N(0, 0.25^2 I) and N(0.1, 0.25^2 I)
/usr/bin/python3 - "$tmp" <<'PY'
import sys, numpy as np
rng = np.random.default_rng(0)
X = 0.25 * rng.standard_normal((2000, 16)); Y = 0.25 * rng.standard_normal((2000, 16)) + 0.1
np.savetxt(sys.argv[1] + "/X.txt", X, fmt="%.17g"); np.savetxt(sys.argv[1] + "/Y.txt", Y, fmt="%.17g")
PY
echo "machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p'), $(date -u +%Y-%m-%dT%H:%MZ)"
echo "--- one run, side by side (best of 10 calls in one process on each side; the literal solver: best of 3) ---"
# default solver (alternate=1) on 1 and 2 threads, then doc/methods.md 6.1
# literally (alternate=0, 1 thread); POT right after, same data and threshold
"$tmp/bench-sinkhorn" "$tmp/X.txt" "$tmp/Y.txt" 2000 16 0.1 1e-6 1 10 1 | tee "$tmp/c1"
"$tmp/bench-sinkhorn" "$tmp/X.txt" "$tmp/Y.txt" 2000 16 0.1 1e-6 2 10 1 | tee "$tmp/c2"
"$tmp/bench-sinkhorn" "$tmp/X.txt" "$tmp/Y.txt" 2000 16 0.1 1e-6 1 3 0 | tee "$tmp/c3"
/usr/bin/python3 "$here/pot-sinkhorn.py" "$tmp/X.txt" "$tmp/Y.txt" 0.1 1e-6 10 | tee "$tmp/pot"
# POT's numpy BLAS runs on all CPUs by default; the same on one thread
OPENBLAS_NUM_THREADS=1 /usr/bin/python3 "$here/pot-sinkhorn.py" "$tmp/X.txt" "$tmp/Y.txt" 0.1 1e-6 10 |
	sed -n 's/^POT default  /POT default1 /p' | tee -a "$tmp/pot"
/usr/bin/python3 - "$tmp" <<'PY'
import sys, re
d = sys.argv[1]
pot, potc = {}, {}
for l in open(d + "/pot"):
    pot[l.split()[1]] = float(re.search(r": ([0-9.]+) s", l).group(1))
    c = re.search(r"cpu ([0-9.]+) s", l)
    if c:
        potc[l.split()[1]] = float(c.group(1))
print("ratios fairsh / POT (below 1: fairsh faster; default1 = POT default with one BLAS thread)")
print("%-44s %10s %10s %10s %12s %14s" % ("fairsh run", "/ default", "/ default1", "/ log", "/ debiased",
                                           "cpu/default1"))
for f in ("c1", "c2", "c3"):
    for l in open(d + "/" + f):
        t = float(re.search(r": ([0-9.]+) s", l).group(1))
        c = re.search(r"cpu ([0-9.]+) s", l)
        cr = float(c.group(1)) / potc["default1"] if c and "default1" in potc else float("nan")
        print("%-44s %10.2f %10.2f %10.2f %12.2f %14.2f" % (l.split(":")[0], t / pot["default"], t / pot["default1"],
                                                          t / pot["log"], t / pot["debiased"], cr))
print("goal: S_eps+grad threads=1 / default1 <= 1.0 (cpu/default1: the same in CPU time of each process)")
PY
echo "--- fairrep epoch, Adult-sized (32,561 x 104) ---"
for div in mmd sinkhorn; do "$tmp/bench-fairrep-epoch" $div 2; done
