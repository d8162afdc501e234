#!/bin/sh
# report-decisions.sh -- `report` of decisions read from columns, as audit
# takes them: a prediction column named like a model (compare's way) and
# the options pred=/score= threshold= direction=, beside a model. On toy12
# (tests/cli/audit-toy12.fsh) with target y positive=0, so the positive
# class is y = 0 (F rows 4-6, M rows 9-12):
#   yhat read in y's labels (yhat = 0 is a positive decision):
#     F: yhat 0 in rows 3 5 6: SR 3/6, TPR 2/3 (5 6), FPR 1/3 (3)
#     M: yhat 0 in rows 11 12: SR 2/6, TPR 2/4, FPR 0/2
#   score=p threshold=0.3 direction=lower (p <= 0.3 is positive):
#     F: rows 5 6: SR 2/6, TPR 2/3, FPR 0/3
#     M: rows 11 12: SR 2/6, TPR 2/4, FPR 0/2
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
fail() { echo "FAIL: $*"; bad=1; }
bad=0
cp "$top_srcdir/tests/data/toy12.csv" toy.csv

HOME=$tmp "$FAIRSH" -c 'load toy.csv as toy; target y positive=0; sensitive sex;
  report dec.json yhat score=p threshold=0.3 direction=lower ci=0 plots=no' > out.txt 2>&1 ||
	{ cat out.txt; echo "FAIL: report"; exit 1; }
grep -q "wrote the audit report of 2 sets of decisions to 'dec.json'" out.txt || fail "message: $(cat out.txt)"

# "model<TAB>group<TAB>metric<TAB>value" lines of the JSON report's audits
/usr/bin/python3 - > vals.txt <<'PY' || fail "dec.json does not parse"
import json
r = json.load(open("dec.json"))
for a in r["audits"]:
    for g in [dict(a["overall"], group="overall")] + a["groups"]:
        for k in ("selection_rate", "tpr", "fpr"):
            print(a["model"], g["group"], k, repr(g[k]), sep="\t")
PY
val() { awk -F'\t' -v m="$1" -v g="$2" -v k="$3" '$1 == m && $2 == g && $3 == k { print $4; exit }' vals.txt; }
near() {   # $1 model, $2 group, $3 metric, $4 a/b
	v=$(val "$1" "$2" "$3")
	awk -v v="$v" -v e="$4" 'BEGIN { split(e, f, "/"); d = v - f[1] / f[2]; exit !(v != "" && d < 1e-12 && d > -1e-12) }' ||
		fail "$1 $2 $3 = '$v', expected $4"
}
near yhat F selection_rate 3/6; near yhat F tpr 2/3; near yhat F fpr 1/3
near yhat M selection_rate 2/6; near yhat M tpr 2/4; near yhat M fpr 0/2
grep -q '^p <= 0.3	' vals.txt || { cat vals.txt; fail "the score decision is named by its rule"; }
# the score decision's rates exactly (the JSON numbers round-trip): 2/6, 2/3, 0, 2/4
/usr/bin/python3 - <<'PY' || fail "p <= 0.3: F SR 2/6, F TPR 2/3, F FPR 0/3, M TPR 2/4"
import json
r = json.load(open("dec.json"))
a = [a for a in r["audits"] if a["model"] == "p <= 0.3"][0]
g = {x["group"]: x for x in a["groups"]}
assert g["F"]["selection_rate"] == 2 / 6, g["F"]["selection_rate"]
assert g["F"]["tpr"] == 2 / 3, g["F"]["tpr"]
assert g["F"]["fpr"] == 0, g["F"]["fpr"]
assert g["M"]["tpr"] == 2 / 4, g["M"]["tpr"]
assert [x["description"] for x in r["audits"] if x["model"] == "yhat"] == ["decisions yhat (positive = 0)"]
PY

# Markdown beside a model, with plots when gnuplot is there: a hard
# decision has no score distribution, the score decision has both plots
HOME=$tmp "$FAIRSH" -c 'load toy.csv as toy; target y positive=0; sensitive sex; train logreg as m; wait;
  report dec.md m yhat score=p threshold=0.3 direction=lower ci=0' > md.txt 2>&1 ||
	{ cat md.txt; echo "FAIL: report md"; exit 1; }
grep -q "wrote the audit report of 1 model and 2 sets of decisions to 'dec.md'" md.txt || fail "md message: $(cat md.txt)"
for h in '## Model m' '## Decisions yhat' '## Decisions p <= 0.3'; do
	grep -qx "$h" dec.md || fail "Markdown lacks '$h'"
done
grep -qF '| metric | m | yhat | p <= 0.3 |' dec.md || fail "comparison columns of the model and the decisions"
if command -v gnuplot > /dev/null 2>&1; then
	grep -q '(no plot dist: decisions without scores)' dec.md || fail "the missing dist plot is not explained"
	[ -s dec-yhat-rates.png ] || fail "rates plot of yhat"
	[ -s dec-p____0_3-dist.png ] && [ -s dec-p____0_3-rates.png ] || { ls; fail "plots of the score decision"; }
	[ -e dec-yhat-dist.png ] && fail "a dist plot of hard decisions"
fi

# errors: a column that cannot be read in the target's labels; a word that
# is neither a model nor a column; score= without threshold=
HOME=$tmp "$FAIRSH" -c 'load toy.csv as toy; target y; sensitive sex; report e.md p ci=0 plots=no' > e1.txt 2>&1 &&
	fail "a score column read as decisions"
grep -q "prediction column 'p' has values that are not values of target 'y': 0.05, 0.1," e1.txt || fail "the values found are not named: $(cat e1.txt)"
HOME=$tmp "$FAIRSH" -c 'load toy.csv as toy; target y; sensitive sex; report e.md nosuch ci=0 plots=no' > e2.txt 2>&1 &&
	fail "an unknown model"
grep -q "nosuch" e2.txt || fail "unknown name not named: $(cat e2.txt)"
[ -e e.md ] && fail "a report was written after an error"
exit $bad
