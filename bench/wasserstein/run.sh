#!/bin/sh
# run.sh -- benchmark of the Wasserstein-barycenter correction and 1-D W1:
# builds bench.c (gcc -O2, against the libfair.a of BUILD_DIR), runs it and
# the numpy/POT peer on the same data (written to a temporary directory), and
# prints the figures side by side as ratios. Times are best-of-7 process CPU
# time on both sides (single-threaded code; robust on a shared machine).
# usage: bench/wasserstein/run.sh [BUILD_DIR]
# Paths: BUILD_DIR (argument, else $BUILD_DIR, else the top of the source
# tree) holds a built fairsh (see bench/lib.sh); no data files are read.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
bench_build "${1:-}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gcc -std=c11 -O2 -Wall -Wextra $BENCH_CPPFLAGS "$here/bench.c" "$libfair" $BENCH_LIBS -o "$tmp/bench" $(pkg-config --libs gsl) -lm
echo "built against $libfair"
echo "machine: $(nproc) cpus, $(lscpu | sed -n 's/^Model name: *//p'); $(date -u +%Y-%m-%d)"
"$tmp/bench" "$tmp" > "$tmp/c.txt"
/usr/bin/python3 "$here/peer.py" "$tmp" > "$tmp/py.txt"
cat "$tmp/c.txt" "$tmp/py.txt"
/usr/bin/python3 - "$tmp/c.txt" "$tmp/py.txt" <<'PY'
import re, sys
c = open(sys.argv[1]).read(); p = open(sys.argv[2]).read()
def num(pat, s): return float(re.search(pat, s).group(1))
print()
print(f"{'task (1,000,000 points)':40s} {'fairsh':>9s} {'python':>9s} {'ratio':>7s}")
for K in (2, 4):
    tc = num(rf"wbary K={K} fit\+apply ([0-9.]+)", c); tp = num(rf"numpy K={K} fit\+apply ([0-9.]+)", p)
    print(f"{'barycenter fit+apply, K=%d (vs numpy)' % K:40s} {tc:9.4f} {tp:9.4f} {tp/tc:6.1f}x")
tc = num(r"(?m)^w1 ([0-9.]+)", c); tp = num(r"pot w1 ([0-9.]+)", p)
print(f"{'W1 of two samples (vs ot.wasserstein_1d)':40s} {tc:9.4f} {tp:9.4f} {tp/tc:6.1f}x")
vc = num(r"(?m)^w1 [0-9.]+ s value (\S+)", c); vp = num(r"pot w1 [0-9.]+ s value (\S+)", p)
print(f"W1 values: fairsh {vc:.15g}  POT {vp:.15g}  rel diff {abs(vc-vp)/abs(vp):.2g}")
tc = num(r"(?m)^sort ([0-9.]+)", c); tp = num(r"numpy sort ([0-9.]+)", p)
print(f"{'sort of doubles (vs np.sort)':40s} {tc:9.4f} {tp:9.4f} {tp/tc:6.1f}x")
PY
