#!/bin/sh
# weights.sh -- `weights COLUMN | none`: the checks on the column, integer
# weights against the same rows repeated (audit figures and a trained
# logistic regression must agree to rounding: a weight of 3 is a row counted
# three times), the learners and corrections that refuse weights, describe,
# save/open and history; audit's vs=, agg= and control= errors and formats.
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
PY=/usr/bin/python3
bad=0
fail() { echo "FAIL: $*"; bad=1; }
F() { HOME=$tmp "$FAIRSH" "$@"; }
# refused PREFIX 'COMMAND|MESSAGE'...: each command, after PREFIX, fails
# with MESSAGE on stderr
refused() {
	pre=$1
	shift
	for c in "$@"; do
		cmd=${c%%|*} want=${c#*|}
		F -c "$pre $cmd" > out 2> err && fail "'$cmd' succeeded"
		grep -q "$want" err || fail "'$cmd': $(cat err)"
	done
}
$PY -c 'import numpy' 2>/dev/null || { echo "python3-numpy missing"; exit 77; }

# 300 rows with weights 1..3, and the same rows repeated w times
$PY - <<'PY'
import random
random.seed(3)
rows = []
for i in range(300):
    x1, x2, g = random.gauss(0, 1), random.gauss(0, 1), random.choice("ab")
    y = 1 if x1 + 0.5 * x2 + random.gauss(0, 1) > 0 else 0
    rows.append((x1, x2, g, y, random.choice([1, 2, 3]), round(x1 + x2, 6)))
with open("w.csv", "w") as f:
    f.write("x1,x2,g,y,w,r\n")
    f.writelines(f"{a:.6f},{b:.6f},{g},{y},{w},{r}\n" for a, b, g, y, w, r in rows)
with open("dup.csv", "w") as f:
    f.write("x1,x2,g,y,w,r\n")
    f.writelines(f"{a:.6f},{b:.6f},{g},{y},1,{r}\n" for a, b, g, y, w, r in rows for _ in range(w))
PY
SET="target y; sensitive g privileged=a; features x1,x2"

# ---- the column is checked -------------------------------------------------
refused "load w.csv; $SET;" "weights g|weights column 'g' is categorical" "weights y|column 'y' is the target" \
	"weights nope|unknown column 'nope'" "derive neg = 0 - w; weights neg|row 1 has -3" \
	"derive hole = if(x1 > 0, w, NA); weights hole|is missing" \
	"derive z = 0 * w; weights z|sums to 0"
# a derived column that is the weights keeps its formula
F -c "load w.csv; $SET; derive w2 = 2 * w; weights w2; derive w2 = 3 * w" > out 2> err && fail "redefined the weights"
grep -q "w2.*the weights column" err || fail "derive over the weights: $(cat err)"
F -c "load w.csv; $SET; weights w; weights; weights none; weights" > out 2> err || fail "weights: $(cat err)"
grep -q "weights 'w': sum 598 over 300 kept rows, from 1 to 3, Kish effective size 256.2" err || fail "summary: $(cat err)"
grep -q "no sample weights: every row counts once" err || fail "weights none: $(cat err)"

# ---- integer weights = repeated rows: audit and training -------------------
F -c "load w.csv; $SET; weights w; train logreg as m; wait; audit m format=json; audit pred=y score=r format=json" > wa.json 2> err || fail "weighted: $(cat err)"
F -c "load dup.csv; $SET; train logreg as m; wait; audit m format=json; audit pred=y score=r format=json" > da.json 2> err || fail "repeated: $(cat err)"
F -c "load w.csv; $SET; train logreg as m; wait; audit m format=json" > ua.json 2> err || fail "unweighted: $(cat err)"
$PY - <<'PY' || fail "weights against repeated rows"
import json
dec = json.JSONDecoder()
def all_docs(p):
    t, i, out = open(p).read(), 0, []
    while i < len(t):
        while i < len(t) and t[i].isspace():
            i += 1
        if i >= len(t):
            break
        d, i = dec.raw_decode(t, i)
        out.append(d)
    return out
w, d, u = all_docs("wa.json"), all_docs("da.json"), all_docs("ua.json")
for a, b in zip(w, d):
    assert a["weighted"] and not b["weighted"]
    for side in ["overall"] + list(range(2)):
        ga = a["overall"] if side == "overall" else a["groups"][side]
        gb = b["overall"] if side == "overall" else b["groups"][side]
        assert ga["weight"] == gb["n"], (ga, gb)
        for k, v in gb.items():
            if k in ("n", "group") or v is None:
                continue
            # the logistic regressions agree to their convergence tolerance
            assert abs(ga[k] - v) <= 1e-6, (side, k, ga[k], v)
    for k, v in b["metrics"].items():
        assert v is None or abs(a["metrics"][k] - v) <= 1e-6, (k, a["metrics"][k], v)
# and the weights matter: the unweighted audit differs
assert abs(u[0]["overall"]["accuracy"] - w[0]["overall"]["accuracy"]) > 1e-3
PY

# ---- what cannot take weights, refused ---------------------------------------
refused "load w.csv; $SET; weights w;" \
	"train expgrad as e|expgrad sets its own row weights" "train gridsearch as e|gridsearch sets its own" \
	"train lfr as e|lfr does not use sample weights" "train ferm as e|ferm does not use sample weights" \
	"train logreg as m; wait; correct m with threshold|does not take sample weights" \
	"correct pred=y with eqodds as q|does not take sample weights"

# ---- describe, save/open and history keep them ---------------------------------
F -c "load w.csv; $SET; weights w; describe; describe w format=csv" > out 2> err || fail "describe: $(cat err)"
grep -q "^weights: w; share of the weight by group: b 307 (51.3%), a 291 (48.7%)" out || fail "describe: $(cat out)"
# the weighted mean of w itself: sum w^2 / sum w
$PY - <<'PY' || fail "describe csv: $(grep ^w, out)"
import csv
w = [float(r["w"]) for r in csv.DictReader(open("w.csv"))]
line = [l for l in open("out").read().splitlines() if l.startswith("w,numeric,weights,")][0].split(",")
assert abs(float(line[6]) - sum(w) / len(w)) < 1e-12 and abs(float(line[9]) - sum(x * x for x in w) / sum(w)) < 1e-12, line
PY
F -c "load w.csv; $SET; weights w; save wb.fsw; history save h.fsh" > out 2> err || fail "save: $(cat err)"
grep -qx "weights w" h.fsh || fail "history: $(cat h.fsh)"
F -c "open wb.fsw; audit pred=y format=json" > o.json 2> err || fail "open: $(cat err)"
grep -q '"weighted":	true' o.json || fail "reopened session not weighted"
F h.fsh > /dev/null 2> err || fail "history replay: $(cat err)"
grep -q "weights 'w': sum 598" err || fail "history replay: $(cat err)"

# ---- vs=, agg=, control= ---------------------------------------------------------
refused "load w.csv; $SET; weights w;" \
	"set convention aif360; audit pred=y vs=overall|apply to the strict and fairlearn" \
	"set convention aequitas; audit pred=y agg=mean|apply to the strict and fairlearn" \
	"audit pred=y vs=all|vs must be" \
	"audit pred=y control=g|control column 'g' is part of the sensitive attribute" \
	"audit pred=y control=y|control column 'y' is the target" \
	"audit pred=y control=w|control column 'w' is the weights" \
	"audit pred=y control=x1|control column 'x1' is numeric with 300 values; control for a banded" \
	"audit pred=y control=nope|unknown column"
F -c "load w.csv; $SET; weights w; derive band = if(x2 > 0, 'hi', 'lo'); audit pred=y score=r vs=overall agg=mean control=band" > out 2> err || fail "control text: $(cat err)"
grep -q "^Audit of .*weighted by w, each group vs overall, equalized odds as the mean of TPR and FPR" out || fail "title: $(head -1 out)"
[ "$(grep -c '^Stratum band = ' out)" = 2 ] || fail "two strata: $(grep Stratum out)"
grep -q "^demographic_parity_difference .* vs overall " out || fail "vs overall groups: $(cat out)"
F -c "load w.csv; $SET; weights w; derive band = if(x2 > 0, 'hi', 'lo'); audit pred=y score=r control=band format=csv" > out.csv 2> err || fail "control csv: $(cat err)"
$PY - <<'PY' || fail "control CSV"
import csv
rows = list(csv.DictReader(open("out.csv")))
models = sorted({r["model"] for r in rows})
assert len(models) == 3 and models[1:] == [models[0] + " @ band=hi", models[0] + " @ band=lo"], models
PY

# ---- plots: weighted rates, one panel per stratum ------------------------------
F -c "load w.csv; $SET; weights w; derive band = if(x2 > 0, 'hi', 'lo'); plot rates pred=y control=band to=r.png script=r.gp" > out 2> err || fail "plot control: $(cat err)"
grep -q "^set title '.*; band = hi' noenhanced" r.gp && grep -q "^set title '.*; band = lo' noenhanced" r.gp || fail "plot panels: $(grep title r.gp)"
# the selection rate of group b among band = hi, weighted, and its Wilson
# interval on the Kish effective size (sum w)^2 / sum w^2, as the audit's
$PY - <<'PY' || fail "weighted plot rates"
import csv, math
rows = [r for r in csv.DictReader(open("w.csv")) if float(r["x2"]) > 0 and r["g"] == "b"]
w = [float(r["w"]) for r in rows]
y = [float(r["y"]) for r in rows]
p = sum(a * b for a, b in zip(w, y)) / sum(w)
n = sum(w) ** 2 / sum(a * a for a in w)
z = 1.959963984540054
c, h = (p + z * z / (2 * n)) / (1 + z * z / n), z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
lines = open("r.gp").read().split("\n")
i = lines.index("$r0_0 << EOD")    # panel band = hi (first level), group b (first group)
x, v, lo, hi = map(float, lines[i + 1].split())
assert abs(v - p) < 1e-9 and abs(lo - (c - h)) < 1e-9 and abs(hi - (c + h)) < 1e-9, (v, lo, hi, p, c - h, c + h)
PY
F -c "load w.csv; $SET; plot tradeoff x with wasserstein control=g" > out 2> err && fail "plot tradeoff control= succeeded"
grep -q "control= applies to dist, rates, roc and calibration" err || fail "plot tradeoff control: $(cat err)"
exit $bad
