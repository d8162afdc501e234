#!/bin/sh
# run.sh -- benchmark of the Wasserstein-barycenter correction and 1-D W1:
# builds bench.c (gcc -O2, against libfair.a of BUILD when it exists, else the
# module's sources), runs it and the numpy/POT peer on the same data, and
# prints the figures side by side as ratios. Times are best-of-7 process CPU
# time on both sides (single-threaded code; robust on a shared machine).
# usage: bench/wasserstein/run.sh [BUILD_DIR]   (default /work/build-ot)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${1:-/work/build-ot}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
CFLAGS="-std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -I$top/include -I$top/src/core"
if [ -f "$build/src/core/libfair.a" ] && nm "$build/src/core/libfair.a" 2>/dev/null | grep -q ' T fair_wbary_fit$'; then
	gcc $CFLAGS "$here/bench.c" "$build/src/core/libfair.a" -o "$tmp/bench" $(pkg-config --libs gsl) -lm
	echo "built against $build/src/core/libfair.a"
else
	gcc $CFLAGS "$here/bench.c" "$top/src/core/ot/ot1d.c" "$top/src/core/ot/wbary.c" \
	    "$top/src/core/base/error.c" "$top/src/core/base/progress.c" "$top/src/core/base/param.c" -o "$tmp/bench" $(pkg-config --libs gsl) -lm
	echo "built from the module sources (no usable libfair.a in $build)"
fi
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
