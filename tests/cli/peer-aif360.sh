#!/bin/sh
# peer-aif360.sh -- AIF360's tests/test_classification_metric.py reproduced
# through the shell: its literal inputs (tests/data/aif360: entropy.csv is
# the feat/label table with its two prediction columns, between.csv the
# feat/feat2 table, multiclass.csv the three-label table) and its expected
# numbers, at its tolerance (== unless said); generalized.csv holds the
# inputs of test_generalized_binary_confusion_matrix (the label, predicted
# label and score columns side by side).
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
PY=/usr/bin/python3
D=$top_srcdir/tests/data/aif360
bad=0
fail() { echo "FAIL: $*"; bad=1; }
F() { HOME=$tmp "$FAIRSH" --batch -q "$@"; }
$PY -c 'import numpy' 2>/dev/null || { echo "SKIP: python3-numpy is not installed"; exit 77; }

# test_generalized_entropy_index, test_theil_index, test_between_all_groups:
# feat has three groups; no privileged group (AIF360 passes none)
F -c "load $D/entropy.csv as e; target label positive=1; sensitive feat;
  indices pred=pred neighbors=0 format=json to=e1.json; indices pred=pred2 neighbors=0 format=json to=e2.json" ||
	fail "indices on entropy.csv"
$PY - <<'PY' || fail "generalized entropy, Theil, between all groups"
import json
import numpy as np
e1 = json.load(open("e1.json"))["indices"]
e2 = json.load(open("e2.json"))["indices"]
# assert cm.generalized_entropy_index() == 0.2 (alpha 2, the default)
assert e1["generalized_entropy_index"] == 0.2, e1
# the second predictions: == 0.3
assert e2["generalized_entropy_index"] == 0.3, e2
# assert cm.theil_index() == 4*np.log(2)/10
assert e1["theil_index"] == 4 * np.log(2) / 10, e1
# between_all_groups_generalized_entropy_index() == 1/20*np.sum(b**2 - 1):
# AIF360's own expression rounds differently from the mean-based formula;
# the two agree within 4e-18 (the unit test test-indices pins the same)
b = np.array([1, 1, 1.25, 1.25, 1.25, 1.25, 0.75, 0.75, 0.75, 0.75])
assert abs(e1["between_all_groups_generalized_entropy_index"] - 1 / 20 * np.sum(b ** 2 - 1)) <= 4e-18, e1
PY

# test_between_group: privileged feat = 1, unprivileged feat = 0 (feat2 is
# a second protected attribute that the groups do not use)
F -c "load $D/between.csv as b; target label positive=1; sensitive feat privileged=1;
  indices pred=pred neighbors=0 format=json to=b.json" || fail "indices on between.csv"
$PY - <<'PY' || fail "between group"
import json
import numpy as np
x = json.load(open("b.json"))["indices"]
b = np.array([0.5, 0.5, 1.25, 1.25, 1.25, 1.25])
# AIF360: == 1/12*np.sum(b**2 - 1) = 0.0625; fairsh's mean-based sum lands
# one ulp (1.4e-17) away
assert abs(x["between_group_generalized_entropy_index"] - 1 / 12 * np.sum(b ** 2 - 1)) <= 1.4e-17, x
PY

# test_multiclass_confusion_matrix: labels 0 and 1 favourable, 2 not;
# privileged feat 0 and 1 together, unprivileged feat 2: one derived
# column holds the two sets. Expected {'TP': 7, 'FN': 1, 'TN': 2, 'FP': 0}
# and false_negative_rate_difference() == -0.2 (unprivileged - privileged)
F -c "load $D/multiclass.csv as m; target label positive=0,1; derive side = feat == 2;
  sensitive side privileged=0; audit pred=pred positive=0,1 disparity=fnr,fpr,tpr,tnr format=json to=m.json;
  set convention aif360; audit pred=pred positive=0,1 disparity=fnr format=json to=m2.json" ||
	fail "audit on multiclass.csv"
$PY - <<'PY' || fail "multiclass confusion matrix"
import json
m = json.load(open("m.json"))
o = m["overall"]
# n = 10, P = TP + FN = 8, N = TN + FP = 2: TPR 7/8, FNR 1/8, TNR 2/2, FPR 0/2
assert o["n"] == 10 and o["base_rate"] == 0.8, o
assert o["tpr"] == 7 / 8 and o["fnr"] == 1 / 8 and o["tnr"] == 1 and o["fpr"] == 0, o
for doc in (m, json.load(open("m2.json"))):
    d = {f["figure"]: f for f in doc["disparities"]["figures"]}["fnr"]
    assert d["reference"] == "0", d
    g = {x["group"]: x for x in d["groups"]}
    # FNR unprivileged 0/3 - privileged 1/5
    assert g["1"]["difference"] == -0.2, g
PY
# test_generalized_binary_confusion_matrix: labels 0 and 1 favourable, 2
# not; unprivileged feat 0, privileged feat 1. Expected
# round(num_generalized_true_positives(), 2) == 5.31 and
# num_generalized_false_positives() == 1.09; the other two and the groups'
# by hand: GFN = sum (1 - s) over the 8 favourable rows = 8 - 5.31,
# GTN = 2 - 1.09; feat 0: GTP 0.8 + 0.6 + 0.42 + 0.81 = 2.63, feat 1:
# GTP 0.7 + 0.8 + 0.36 + 0.82 = 2.68, GFP 0.79 + 0.3
F -c "load $D/generalized.csv as gc; target label positive=0,1; sensitive feat privileged=1;
  indices pred=pred score=score neighbors=0 format=json to=gc.json;
  indices pred=pred score=score neighbors=0 format=csv to=gc.csv; indices pred=pred neighbors=0 format=json to=gn.json" ||
	fail "indices on generalized.csv"
$PY - <<'PY' || fail "generalized confusion matrix"
import json, csv
c = json.load(open("gc.json"))["generalized_confusion"]
o = c["overall"]
assert round(o["gtp"], 2) == 5.31, o
assert o["gfp"] == 1.09, o
assert abs(o["gfn"] - (8 - 5.31)) < 1e-12 and abs(o["gtn"] - (2 - 1.09)) < 1e-12, o
g = {x["group"]: x for x in c["groups"]}
assert abs(g["0"]["gtp"] - 2.63) < 1e-12 and g["0"]["gfp"] == 0 and abs(g["1"]["gtp"] - 2.68) < 1e-12, g
assert abs(g["1"]["gfp"] - 1.09) < 1e-12 and abs(g["0"]["gtp"] + g["1"]["gtp"] - o["gtp"]) < 1e-12, g
rows = [r for r in csv.DictReader(open("gc.csv")) if r["kind"] == "generalized_confusion"]
assert len(rows) == 12 and abs(float([r for r in rows if r["name"] == "gfp" and r["group"] == ""][0]["value"]) - 1.09) < 1e-6, rows
# hard decisions without scores: no soft counts
assert "generalized_confusion" not in json.load(open("gn.json"))
PY
exit $bad
