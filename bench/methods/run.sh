#!/bin/sh
# bench/methods/run.sh -- every mitigation method of fairsh on Adult (sex)
# and COMPAS (race), same base model (logreg) and split, audited on the
# test rows with bootstrap intervals and timed; AIF360's post-processors
# side by side on the same base scores when PEERS_AIF360 names a directory
# holding the aif360 package (its fetched sources; never part of fairsh).
# Usage: bench/methods/run.sh [BUILD_DIR]
# Paths: BUILD_DIR (argument, else $BUILD_DIR, else the top of the source
# tree) holds a built fairsh; the datasets are found as the tests find them
# (FAIRSH_DATA, then share/fairsh/data, then ../shared/data; see bench/lib.sh).
# SPDX-License-Identifier: MIT
set -e
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
bench_build "${1:-}"
adult=$(bench_data adult.csv) || exit 1
compas=$(bench_data compas.csv) || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 "$here/compare.py" "$build/fairsh" "$adult" "$compas" "$tmp"
