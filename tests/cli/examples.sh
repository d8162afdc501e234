#!/bin/sh
# examples.sh -- every workshop command file under share/fairsh/examples runs
# without error and prints its audit.
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
bad=0
for f in "$top_srcdir"/share/fairsh/examples/*.fsh; do
	if ! HOME=$tmp "$FAIRSH" --batch "$f" >"$tmp/out" 2>&1; then
		echo "FAIL: $f"; cat "$tmp/out"; bad=1; continue
	fi
	grep -q -E 'demographic_parity|ks_unfairness' "$tmp/out" || { echo "FAIL: $f printed no metrics"; bad=1; }
done
exit $bad
