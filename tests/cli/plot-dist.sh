#!/bin/sh
# plot-dist.sh -- `plot dist`: the text (dumb terminal) plot matches the
# expected text exactly; histogram, density and ECDF to PNG and SVG; the
# demo ends with the before/after plot; no temporary files are left.
. "$top_srcdir/tests/cli/plot-lib.sh"

out=$("$FAIRSH" -c "$SETUP; plot dist plain fair size=100x30" 2>&1) || fail "plot dist failed: $out"
echo "$out" | sed -n '/score distribution per group/,$p' >actual
diff -u "$top_srcdir/tests/cli/plot-dist.expected" actual || fail "text plot differs from plot-dist.expected"
# sized from COLUMNS / LINES when size= is not given
out=$(COLUMNS=80 LINES=25 "$FAIRSH" -c "$SETUP; plot dist plain kind=ecdf" 2>&1) || fail "ecdf text plot: $out"
w=$(echo "$out" | sed -n '/empirical CDF/,$p' | awk '{ if (length($0) > m) m = length($0) } END { print m }')
[ "$w" -le 80 ] && [ "$w" -ge 60 ] || fail "text plot is $w columns wide for COLUMNS=80"
n=$(echo "$out" | sed -n '/empirical CDF/,$p' | wc -l)
[ "$n" -le 25 ] || fail "text plot has $n lines for LINES=25"
check_clean

"$FAIRSH" -c "$SETUP; plot dist plain fair to=hist.png; plot dist plain fair kind=density to=dens.png;
  plot dist plain fair kind=ecdf to=ecdf.png; plot dist plain fair to=hist.svg size=1000x600;
  plot dist plain fair kind=density to=dens.svg; plot dist plain fair kind=ecdf to=ecdf.svg;
  plot dist fair to=dist.pdf bins=25 on=all" >log 2>&1 || { cat log; fail "plot dist to files"; }
for f in hist dens ecdf; do check_image $f.png png; check_image $f.svg svg; done
check_image dist.pdf pdf
grep -q 'width="1000"' hist.svg || fail "size=1000x600 not applied to the SVG"
grep -q 'plot written to hist.png' log || fail "no confirmation message"
check_clean

# the density plot states the bandwidth of each group
"$FAIRSH" -c "$SETUP; plot dist plain kind=density to=d.svg script=d.gp" >/dev/null 2>&1 || fail "density script"
grep -q "majority (n=1030, h=0\.0[0-9]*)" d.gp || fail "bandwidth not stated in the key"
# probabilities: the density is reflected at 0 and 1, drawn on [0, 1] and has
# area 1 there (trapezoid rule over each group's data block)
grep -q "reflected at 0 and 1" d.gp || fail "density of probabilities not reflected"
awk '/<< EOD/ { blk = $1; n = 0; a = 0; next }
     /^EOD/ { if (a < 0.995 || a > 1.005 || x0 != 0 || xl != 1) { printf "%s: area %.4f on [%g, %g]\n", blk, a, x0, xl; bad = 1 }
              blk = ""; next }
     blk != "" { if (n) a += ($1 - xp) * ($2 + yp) / 2; else x0 = $1; xp = $1; yp = $2; xl = $1; n++ }
     END { exit bad }' d.gp || fail "reflected density: area over [0, 1] is not 1"
grep -q "Silverman" d.gp || fail "bandwidth rule not stated"

# the demo ends with the distribution plot, as text when there is no terminal
out=$("$FAIRSH" --demo </dev/null 2>&1) || fail "fairsh --demo failed: $out"
echo "$out" | grep -q 'fairsh> plot dist plain fair' || fail "demo does not plot"
echo "$out" | grep -q 'score distribution per group of group, test rows' || fail "demo plot missing"
echo "$out" | grep -q 'That was the demo' || fail "demo did not finish"
check_clean
exit 0
