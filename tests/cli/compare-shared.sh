#!/bin/sh
# compare-shared.sh -- `compare` of several models counts them all in one
# pass over the rows; each row of its table must equal, byte for byte, the
# table of `compare` given that model alone (counted by its own audit):
# models, a prediction column, a column with missing decisions (counted by
# its own audit inside the several), the decisions of score= threshold=;
# on the test rows of a split, on all rows, and under a filter.
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
fail() { echo "FAIL: $*"; exit 1; }

setup='load demo:loans n=3000 seed=4 bias=1.2
target approved positive=yes
sensitive group
derive p = income > 55 and debt_ratio < 0.4
derive s = income / 100
derive h = if(income > 90, NA, income > 50)
split 0.7 seed=3
train logreg as lr; wait
train logreg C=0.01 as lr2; wait'
setup=$(printf '%s' "$setup" | tr '\n' ';' | sed 's/;/; /g')

check() {   # $1: extra set-up, $2: on= option
	HOME=$tmp "$FAIRSH" -c "$setup; $1 compare lr lr2 p h score=s threshold=0.6 $2 format=csv" > many.csv 2> many.err ||
		{ cat many.err; fail "compare of several ($1 $2)"; }
	[ "$(wc -l < many.csv)" -eq 6 ] || { cat many.csv many.err; fail "five rows expected ($1 $2)"; }
	: > one.csv
	for m in lr lr2 p h 'score=s threshold=0.6'; do
		HOME=$tmp "$FAIRSH" -c "$setup; $1 compare $m $2 format=csv" > m.csv 2> m.err ||
			{ cat m.err; fail "compare $m ($1 $2)"; }
		[ -s one.csv ] || head -1 m.csv > one.csv
		sed 1d m.csv >> one.csv
	done
	cmp -s many.csv one.csv || { diff many.csv one.csv; fail "several models differ from each alone ($1 $2)"; }
}
check "" ""
check "" "on=all"
check "filter employment!=unemployed;" "on=test"
echo "compare-shared: ok"
