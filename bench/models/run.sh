#!/bin/sh
# run.sh -- model benchmarks: fairsh logreg / linear svm vs scikit-learn on
# Adult one-hot (same preprocessing, same tolerance), printed side by side.
# Usage: bench/models/run.sh [BUILD_DIR]   (default /work/build-model)
# SPDX-License-Identifier: MIT
set -e
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-/work/build-model}
make -C "$build" -s tests/unit/model-tool
export FAIRSH_DATA=${FAIRSH_DATA:-$here/../../../shared/data}
echo "machine: $(nproc) cpus, $(lscpu | sed -n 's/^Model name: *//p')"
echo "date: $(date -u +%Y-%m-%d)"
/usr/bin/python3 "$here/bench.py" "$build/tests/unit/model-tool"
