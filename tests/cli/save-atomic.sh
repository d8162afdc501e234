#!/bin/sh
# save-atomic.sh -- a kill -9 at any moment of `save` leaves the previous file
# intact: a big session (200000 rows, a model, its prediction columns) is
# saved over and over while the process is killed at varying moments; after
# each kill the file must be a complete session file that `open` accepts.
tmp=$(mktemp -d) || exit 99
trap 'kill -9 $pid 2>/dev/null; rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
fail() { echo "FAIL: $*"; exit 1; }
PY=/usr/bin/python3
[ -x $PY ] || { [ -n "${CI:-}" ] && fail "no $PY"; exit 77; }

{
	echo 'load demo:loans n=200000 seed=2'
	echo 'target approved positive=yes'
	echo 'sensitive group'
	echo 'split 0.7 seed=1'
	echo 'train logreg as m'
	echo 'wait'
	echo 'predict m'
	i=0; while [ $i -lt 300 ]; do echo 'save big.json'; i=$((i + 1)); done
} > big.fsh
# a first complete file
head -8 big.fsh > first.fsh
HOME=$tmp "$FAIRSH" -f first.fsh > first.out 2>&1 || { cat first.out; fail "first save"; }
ref=$(wc -c < big.json)
[ "$ref" -gt 1000000 ] || fail "the session file is unexpectedly small ($ref bytes)"

killed=0
for delay in 0.45 0.6 0.75 0.9 1.05 1.2 1.35 1.5 1.65 1.8; do
	HOME=$tmp "$FAIRSH" -f big.fsh > run.out 2>&1 &
	pid=$!
	sleep $delay
	if kill -9 $pid 2>/dev/null; then killed=$((killed + 1)); fi
	wait $pid 2>/dev/null
	$PY -c 'import json,sys; d=json.load(open("big.json")); sys.exit(0 if d["format"]=="fairsh-workbench" and d["sessions"][0]["nrows"]==200000 else 1)' ||
		fail "big.json is damaged after kill -9 at ${delay}s"
	[ "$(wc -c < big.json)" -eq "$ref" ] || fail "big.json changed size after kill -9 at ${delay}s"
done
[ $killed -ge 5 ] || fail "only $killed runs were killed while saving"
grep -c '^saved' run.out > /dev/null || true
out=$(HOME=$tmp "$FAIRSH" -c 'open big.json; audit m format=csv' 2>&1) || { echo "$out"; fail "open after the kills"; }
echo "$out" | grep -q '^m,figure,accuracy,overall,' || { echo "$out"; fail "audit after open"; }
exit 0
