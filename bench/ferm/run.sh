#!/bin/sh
# bench/ferm/run.sh -- FERM timings on Adult (linear pre-processing overhead,
# kernel FERM with random features), C side by side with sklearn.
# Usage: bench/ferm/run.sh [BUILD_DIR]   (default /work/build-ferm)
set -e
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${1:-/work/build-ferm}
data=${FAIRSH_DATA:-$top/../shared/data}
gcc -std=c11 -O2 -D_GNU_SOURCE -I"$top/include" -I"$top/src/core" "$here/bench-ferm.c" \
	"$build/src/core/libfair.a" $(pkg-config --libs gsl) -lm -lpthread -o "$build/bench-ferm"
"$build/bench-ferm" "$data/adult.csv" 500
/usr/bin/python3 "$here/ferm-peer.py" "$data/adult.csv"
