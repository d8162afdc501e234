#!/bin/sh
# wasserstein-dial.sh -- the Wasserstein dial starts at the user's model:
# alpha=0 gives the audited base model's scores bit for bit also when no
# calibration rows are marked (the base used to be retrained without its
# calibration share, so alpha=0 was that retrained model: demo:hiring
# accuracy 0.7567 against the base's 0.755), alpha=1 the fully fair model;
# the description says which base the map rests on. After save and open,
# `correct` and `tradeoff` work as before saving (they failed: "cannot be
# retrained without calibration rows") and give the same scores. A group
# with one calibration row is warned about, and a large jitter= keeps
# probabilities in [0, 1] (it gave negative ones).
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
fail() { echo "FAIL: $*"; exit 1; }
F() { HOME=$tmp "$FAIRSH" --batch -c "$1" 2>&1; }
S='load demo:hiring; target hired positive=yes; sensitive gender; split 0.7; train logreg as plain; wait'

# column NAME of file FILE, one value per line
col() { awk -F, -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next } { print $k }' "$1"; }

# 1. alpha=0: the base's scores exactly; the dial's ends in the tradeoff
out=$(F "$S; correct plain with wasserstein alpha=0 as w0; correct plain with wasserstein as w1;
	export predictions p.csv plain w0 w1; compare plain format=csv; tradeoff plain with wasserstein alpha=0,1 format=csv") ||
	{ echo "$out"; fail "correct"; }
col p.csv plain_score >base.txt
col p.csv w0_score >w0.txt
cmp -s base.txt w0.txt || fail "alpha=0 is not the base model's scores"
col p.csv w1_score >w1.txt
cmp -s base.txt w1.txt && fail "alpha=1 changed nothing"
# (compare's CSV appends each metric's interval after the metrics)
plain=$(echo "$out" | grep '^plain,' | cut -d, -f2-11)
a0=$(echo "$out" | grep '^0,' | cut -d, -f2-)
[ -n "$plain" ] && [ "$plain" = "$a0" ] || { echo "$out"; fail "tradeoff alpha=0 differs from the base"; }
echo "$out" | grep -qF "model 'w1': wasserstein(plain) alpha=1; map fitted on 'plain' retrained without 350 calibration rows (calib=0.25)" ||
	{ echo "$out"; fail "the description does not say which base"; }
# marked calibration rows: the map rests on the user's model itself
out=$(F "load demo:hiring; target hired positive=yes; sensitive gender; split 0.7 calib=0.2; train logreg as plain; wait;
	correct plain with wasserstein as w") || { echo "$out"; fail "marked calibration rows"; }
echo "$out" | grep -qE "model 'w': wasserstein\(plain\) alpha=1; map fitted on 'plain' with the [0-9]+ calibration rows" ||
	{ echo "$out"; fail "the description with marked calibration rows"; }

# 2. after save and open: the same corrections (the recipe is saved)
out=$(F "$S; correct plain with wasserstein alpha=0.5 as w; export predictions a.csv w; save ws.fsw") || { echo "$out"; fail "save"; }
out=$(F "open ws.fsw; correct plain with wasserstein alpha=0.5 as w2; export predictions b.csv w2;
	tradeoff plain with wasserstein alpha=0,0.5 format=csv") || { echo "$out"; fail "correct after open"; }
col a.csv w_score >a.txt
col b.csv w2_score >b.txt
cmp -s a.txt b.txt || fail "the correction after open differs"
echo "$out" | grep -q '^0\.5,' || { echo "$out"; fail "tradeoff after open"; }

# 3. a group with one calibration row; a large jitter
awk 'BEGIN { print "x,g,y,part"
	for (i = 0; i < 400; i++) printf "%d,%s,%s,%s\n", i % 17, i % 2 ? "A" : "B", (i % 17 > 8) ? "yes" : "no", i % 5 == 0 ? "calib" : i % 5 == 1 ? "test" : "train"
	print "3,C,no,train"; print "15,C,yes,calib"; print "9,C,yes,test" }' >g.csv
out=$(F "load g.csv; target y positive=yes; sensitive g; split column=part; train logreg as m; wait;
	correct m with wasserstein as w; correct m with wasserstein jitter=5 as wj; export predictions j.csv wj") ||
	{ echo "$out"; fail "small group"; }
echo "$out" | grep -qF "warning: model 'w': group 'C' has 1 calibration row (fewer than 30): its corrected scores take at most 2 distinct values" ||
	{ echo "$out"; fail "no warning for one calibration row"; }
echo "$out" | grep -qF "group 'A'" && { echo "$out"; fail "a large group warned about"; }
col j.csv wj_score | awk '$1 != "" && ($1 < 0 || $1 > 1) { bad++ } END { exit bad > 0 }' ||
	{ col j.csv wj_score | sort -g | sed -n '1p;$p'; fail "jitter=5 gave scores outside [0, 1]"; }
echo "ok"
