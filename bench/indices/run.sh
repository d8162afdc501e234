#!/bin/sh
# run.sh -- `indices` against AIF360's way of computing the same numbers
# (numpy for the entropy indices, scikit-learn's NearestNeighbors with
# algorithm='ball_tree' for consistency) on Adult, in one run, as ratios.
# Features: AIF360's own test setup (tests/sklearn/test_metrics.py: age,
# education-num, capital-gain, capital-loss, hours-per-week), raw and
# standardised; decisions: the income column itself (AIF360's
# ClassificationMetric.consistency reads the labels).
# Usage: bench/indices/run.sh [BUILD_DIR]
set -e
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
bench_build "${1:-}"
adult=$(bench_data adult.csv) || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
feats=age,education-num,capital-gain,capital-loss,hours-per-week
setup="load $adult
target income positive=>50K
sensitive sex privileged=Male"
# best of 3 wall-clock seconds of a fairsh script
best() {
	printf '%s\n%s\n' "$setup" "$1" > "$tmp/s.fsh"
	b=
	for i in 1 2 3; do
		s=$(date +%s.%N)
		"$build/fairsh" --batch -f "$tmp/s.fsh" > /dev/null
		e=$(date +%s.%N)
		b=$(echo "$s $e ${b:-1e9}" | awk '{ t = $2 - $1; print (t < $3 ? t : $3) }')
	done
	echo "$b"
}
load=$(best "")
ent=$(best "indices pred=income neighbors=0")
raw=$(best "indices pred=income features=$feats neighbors=5")
sc=$(best "indices pred=income features=$feats neighbors=5 scale=yes")
/usr/bin/python3 "$here/bench-sklearn.py" "$adult" > "$tmp/py.txt"
cat "$tmp/py.txt"
echo "$load $ent $raw $sc" | awk -v py="$(cat "$tmp/py.txt" | tr '\n' ' ')" '{
	split(py, p, " ")
	for (i = 1; i < 20; i += 2) v[p[i]] = p[i + 1]
	e = $2 - $1; r = $3 - $1; s = $4 - $1
	printf "\nAdult, 48,842 rows, k = 5 (best of 3, load time taken out)\n"
	printf "entropy indices:          fairsh %.3f s (audit + indices, within the noise of loading)  numpy %.3f s\n", e, v["entropy"]
	printf "consistency, raw:         fairsh %.3f s  sklearn %.3f s  (sklearn / fairsh %.1f)\n", r - e, v["consistency_raw"], v["consistency_raw"] / (r - e)
	printf "consistency, scaled:      fairsh %.3f s  sklearn %.3f s  (sklearn / fairsh %.1f)\n", s - e, v["consistency_scaled"], v["consistency_scaled"] / (s - e)
}'
