#!/bin/sh
# plot-snapshots.sh -- properties of every kind of plot, kept under test
# instead of pixel snapshots: each kind written as PNG at two sizes has
# exactly that size (the IHDR chunk); the text plots fit their size; the
# data blocks of the rates script are the audit's figures and its error
# bars the audit's per-group Wilson intervals; before/after panels share one
# y range; four models are laid out 2 x 2; integer scores get one bin per
# value; a randomised classifier's dist plot points to its decision rates.
. "$top_srcdir/tests/cli/plot-lib.sh"

# png_size FILE: "W H" from the IHDR chunk
png_size() { od -An -tu1 -j16 -N8 "$1" | awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4, $5 * 16777216 + $6 * 65536 + $7 * 256 + $8 }'; }

S="$SETUP; train logreg pre=ferm as ferm; train expgrad as eg; wait"
cmds=""
for size in 900x500 600x350; do
	for k in "dist" "dist kind=density" "dist kind=ecdf" "rates" "roc" "calibration"; do
		f=$(echo "$k" | tr -c 'a-z0-9\n' '_')
		cmds="$cmds; plot $k plain fair to=$f-$size.png size=$size"
	done
	cmds="$cmds; plot tradeoff to=tradeoff-$size.png size=$size"
done
out=$("$FAIRSH" -c "$S; tradeoff plain with wasserstein alpha=0,0.5,1 format=csv$cmds" 2>&1) || { echo "$out" | tail; fail "plots"; }
n=0
for f in *.png; do
	want=${f##*-}; want=${want%.png}
	check_image "$f" png
	[ "$(png_size "$f")" = "${want%x*} ${want#*x}" ] || fail "$f is $(png_size "$f"), not $want"
	n=$((n + 1))
done
[ "$n" -eq 14 ] || fail "$n PNG files, not 14"

# text plots fit their size, for every kind
for size in 80x24 100x30; do
	for k in "dist" "dist kind=ecdf" "rates" "roc" "calibration"; do
		out=$("$FAIRSH" -c "$SETUP; set plot.terminal dumb; plot $k plain fair size=$size" 2>&1) || fail "text plot $k: $out"
		txt=$(echo "$out" | sed -n '/per group\|ROC curve\|calibration per/,$p')
		w=$(echo "$txt" | awk '{ if (length($0) > m) m = length($0) } END { print m }')
		l=$(echo "$txt" | wc -l)
		[ "$w" -le "${size%x*}" ] || fail "text plot $k at $size is $w columns wide"
		[ "$l" -le "${size#*x}" ] || fail "text plot $k at $size has $l lines"
	done
done

# the rates script's data are the audit's: rate and Wilson interval per group
out=$("$FAIRSH" -c "$SETUP; plot rates plain to=r.png script=r.gp; audit plain format=json" 2>&1) || { echo "$out"; fail "rates and audit"; }
echo "$out" | sed -n '/^{/,/^}/p' > a.json
/usr/bin/python3 - r.gp a.json <<'PY' || fail "the rates plot's data differ from the audit's figures"
import json, re, sys
gp = open(sys.argv[1]).read(); a = json.load(open(sys.argv[2]))
figs = ['selection_rate', 'tpr', 'fpr']
for k, g in enumerate(a['groups']):
    m = re.search(r'\$r0_%d << EOD\n(.*?)EOD\n' % k, gp, re.S)
    assert m, k
    rows = [list(map(float, l.split())) for l in m.group(1).strip().split('\n')]
    ci = [x for x in a['group_intervals'] if x['group'] == g['group']][0]
    for (x, v, lo, hi), f in zip(rows, figs):
        assert abs(v - g[f]) < 1e-9, (g['group'], f, v, g[f])
        assert abs(lo - ci[f][0]) < 1e-8 and abs(hi - ci[f][1]) < 1e-8, (g['group'], f, lo, hi, ci[f])
PY

# shared axes: one y range for the before/after panels; 2 x 2 for four models
"$FAIRSH" -c "$S; plot dist plain fair to=d.png script=d.gp; plot rates plain ferm eg fair to=r4.png script=r4.gp" >/dev/null 2>&1 ||
	fail "shared axes scripts"
[ "$(grep -c '^set yrange' d.gp)" -eq 1 ] || fail "the dist panels do not share one y range"
top=$(sed -n 's/^set yrange \[0:\(.*\)\]/\1/p' d.gp)
max=$(awk '/^[$][a-z0-9_]* << EOD/ { b = 1; next } /^EOD/ { b = 0; next } b && $2 > m { m = $2 } END { print m }' d.gp)
awk -v t="$top" -v m="$max" 'BEGIN { exit !(t >= m && t <= m * 1.06) }' || fail "y range $top does not fit the highest bar $max"
grep -q '^set multiplot layout 2,2' r4.gp || fail "four models are not 2 x 2"
grep -q '^set key bmargin' r4.gp || fail "the rates key is not under the panels"

# integer scores: one bin per value, on the integers
awk 'BEGIN { print "s,y,g"; for (i = 0; i < 300; i++) printf "%d,%s,%s\n", 1 + i % 10, i % 3 ? "yes" : "no", i % 2 ? "a" : "b" }' > dec.csv
"$FAIRSH" -c "load dec.csv; target y positive=yes; sensitive g; plot dist score=s threshold=5 to=dec.png script=dec.gp" >/dev/null 2>&1 ||
	fail "decile plot"
grep -q '^# histograms: 10 equal bins of width 1 on \[0.5, 10.5\]' dec.gp || { grep '^# hist' dec.gp; fail "decile bins"; }

# a randomised classifier has no score distribution: the message says where its decision rates are
out=$("$FAIRSH" -c "$S; plot dist eg" 2>&1) && fail "dist of a randomised classifier"
echo "$out" | grep -qF "decides at random (each row's decision is drawn), so it has no scores to plot; 'plot rates eg' shows its decision rates" ||
	{ echo "$out" | tail -2; fail "randomised classifier message"; }
check_clean
exit 0
