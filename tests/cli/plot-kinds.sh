#!/bin/sh
# plot-kinds.sh -- every plot kind renders to PNG and SVG (and as text);
# pred=/score= columns, by=, on=, ci=, script= (a kept script gnuplot can run
# again), a regression target; the rates in the script agree with `audit`.
. "$top_srcdir/tests/cli/plot-lib.sh"

"$FAIRSH" -c "$SETUP; plot rates plain fair to=rates.png ci=200; plot rates plain fair to=rates.svg;
  plot roc plain fair to=roc.png; plot roc plain to=roc.svg;
  plot calibration plain fair to=cal.png; plot calibration plain to=cal.svg;
  plot tradeoff plain with wasserstein alpha=0,0.5,1 to=trade.png;
  plot tradeoff plain with wasserstein alpha=0,0.25,0.5,0.75,1 metric=equalized_odds_difference to=trade.svg" \
	>log 2>&1 || { cat log; fail "plots to files"; }
for f in rates roc cal trade; do check_image $f.png png; check_image $f.svg svg; done
check_clean

# the last sweep of `tradeoff` (Wasserstein alpha, FERM eps)
"$FAIRSH" -c "$SETUP; tradeoff plain with wasserstein alpha=0,0.5,1; plot tradeoff to=tl.png metric=demographic_parity_ratio script=tl.gp;
  tradeoff logreg pre=ferm eps=0,0.1; plot tradeoff to=tl.svg" >log 2>&1 || { cat log; fail "plot tradeoff of the last sweep"; }
check_image tl.png png; check_image tl.svg svg
grep -q "set label 3 'alpha=1'" tl.gp || fail "sweep labels missing"
grep -q "set xlabel 'demographic_parity_ratio'" tl.gp || fail "metric= not on the x axis"
out=$("$FAIRSH" -c "$SETUP; plot tradeoff" 2>&1) && fail "plot tradeoff without a sweep succeeded"
echo "$out" | grep -q "no trade-off sweep to plot yet" || fail "plot tradeoff without a sweep: $out"

# text versions of every kind
out=$("$FAIRSH" -c "$SETUP; plot rates plain; plot roc plain; plot calibration plain; plot tradeoff plain with wasserstein alpha=0,1" 2>&1) \
	|| fail "text plots: $out"
for t in 'selection rate, TPR and FPR' 'ROC curve per group' 'calibration per group' 'trade-off of plain'; do
	echo "$out" | grep -q "$t" || fail "text plot '$t' missing"
done

# script= keeps a complete script that gnuplot can run again
"$FAIRSH" -c "$SETUP; plot rates plain to=r.png script=r.gp" >log 2>&1 || { cat log; fail "script="; }
grep -q 'gnuplot script saved to r.gp' log || fail "script= not confirmed"
grep -q '^\$r0_0 << EOD' r.gp || fail "no inline data block in the script"
rm r.png && gnuplot r.gp && check_image r.png png
# the bars are the audit's figures: majority selection rate, TPR, FPR
"$FAIRSH" -c "$SETUP; audit plain format=csv" >audit.csv 2>&1
# (the tidy table: model,kind,name,group,value,...)
sel=$(awk -F, '$2 == "figure" && $3 == "selection_rate" && $4 == "majority" { print $5 }' audit.csv)
tpr=$(awk -F, '$2 == "figure" && $3 == "tpr" && $4 == "majority" { print $5 }' audit.csv)
got=$(sed -n '/^\$r0_0 << EOD/,/^EOD/p' r.gp | sed -n '2p;3p' | awk '{ printf "%.4f ", $2 }')
want=$(printf '%.4f %.4f ' "$sel" "$tpr")
[ "$got" = "$want" ] || fail "rates in the plot ($got) differ from the audit ($want)"
# the error bars are the audit's 95% Wilson intervals of those rates
"$FAIRSH" -c "$SETUP; audit plain format=json" >audit.json 2>&1
want=$(/usr/bin/python3 -c 'import json, re
t = open("audit.json").read()   # the set-up messages, then the audit
g = json.loads(t[re.search("^[{]", t, re.M).start():])["group_intervals"]
g = [x for x in g if x["group"] == "majority"][0]
print(" ".join("%.6f %.6f" % tuple(g[k]) for k in ("selection_rate", "tpr")))')
got=$(sed -n '/^\$r0_0 << EOD/,/^EOD/p' r.gp | sed -n '2p;3p' | awk '{ printf "%.6f %.6f ", $3, $4 }' | sed 's/ $//')
[ "$got" = "$want" ] || fail "error bars in the plot ($got) differ from the audit's intervals ($want)"
check_clean

# prediction columns, by=, on=
"$FAIRSH" -c "$SETUP; predict plain; plot dist pred=plain_pred score=plain_score to=pc.png by=employment on=all;
  plot roc pred=plain_pred score=plain_score to=pr.png; plot rates pred=plain_pred to=prr.svg by=employment" >log 2>&1 \
	|| { cat log; fail "pred= / by= plots"; }
check_image pc.png png; check_image pr.png png; check_image prr.svg svg
"$FAIRSH" -c "$SETUP; plot dist plain by=employment to=by.svg script=by.gp" >/dev/null 2>&1 || fail "by="
grep -q "'self-employed (n=" by.gp || fail "by=employment groups not in the key"

# a regression target: distribution of predictions and the per-group means
"$FAIRSH" -c "load demo:loans seed=1; target income; sensitive group; split 0.7 seed=1; train ridge as r; wait;
  plot dist r to=reg.png; plot rates r to=regr.png; plot dist r kind=density to=regd.svg" >log 2>&1 \
	|| { cat log; fail "regression plots"; }
check_image reg.png png; check_image regr.png png; check_image regd.svg svg
check_clean
exit 0
