#!/bin/sh
# run.sh -- model benchmarks: fairsh logreg / linear svm vs scikit-learn on
# Adult one-hot (same preprocessing, same tolerance), printed side by side.
# Usage: bench/models/run.sh [BUILD_DIR]
# Paths: BUILD_DIR (argument, else $BUILD_DIR, else the top of the source
# tree) holds a built fairsh; the datasets are found as the tests find them
# (FAIRSH_DATA, then share/fairsh/data, then ../shared/data; see bench/lib.sh).
# SPDX-License-Identifier: MIT
set -e
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
bench_build "${1:-}"
bench_data adult.csv >/dev/null || exit 1
export top_srcdir   # model-tool and model-ref.py find Adult from it
make -C "$build" -s tests/unit/model-tool
echo "machine: $(nproc) cpus, $(lscpu | sed -n 's/^Model name: *//p')"
echo "date: $(date -u +%Y-%m-%d)"
/usr/bin/python3 "$here/bench.py" "$build/tests/unit/model-tool"
