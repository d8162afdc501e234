#!/bin/sh
# vs-control.sh -- vs=, agg= and control= on compare, check and report, read
# by audit's code: compare of two prediction columns equals their two audits
# stratum by stratum, check gates every stratum, report has a section per
# stratum; the values against numpy; strata without rows of a group noted.
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
PY=/usr/bin/python3
bad=0
fail() { echo "FAIL: $*"; bad=1; }
F() { HOME=$tmp "$FAIRSH" -q "$@"; }
$PY -c 'import numpy' 2>/dev/null || { echo "python3-numpy missing"; exit 77; }

# 600 rows, groups a, b, c; bands hi and lo hold every group, band "two"
# only a and b (c has no row there), band "solo" only a (one group: not
# audited); two prediction columns
$PY - <<'PY'
import random
random.seed(21)
with open("d.csv", "w") as f:
    f.write("g,band,y,p1,p2\n")
    for i in range(600):
        band = random.choice(["hi", "lo", "two", "solo"])
        g = "a" if band == "solo" else random.choice("ab" if band == "two" else "abc")
        y = int(random.random() < (0.3 if g == "a" else 0.5 if g == "b" else 0.6))
        p1 = y if random.random() < 0.75 else 1 - y
        p2 = int(random.random() < (0.5 if band == "hi" else 0.35) + (0.1 if g == "c" else 0))
        f.write(f"{g},{band},{y},{p1},{p2}\n")
PY
SET="load d.csv; target y; sensitive g"
OPTS="vs=overall agg=mean control=band"

# ---- compare = the audits, model by model and stratum by stratum ------------
F -c "$SET; compare p1 p2 $OPTS format=json" > cmp.json 2> cmp.err || fail "compare json: $(cat cmp.err)"
F -c "$SET; audit pred=p1 $OPTS format=json" > a1.json 2> a1.err || fail "audit p1: $(cat a1.err)"
F -c "$SET; audit pred=p2 $OPTS format=json" > a2.json 2> /dev/null || fail "audit p2"
F -c "$SET; compare p1 p2 format=json" > plain.json 2> /dev/null || fail "compare plain"
$PY - <<'PY' || fail "compare against audit and numpy"
import json, csv
import numpy as np
rows = list(csv.DictReader(open("d.csv")))
cmp = {r["model"]: r for r in json.load(open("cmp.json"))["rows"]}
plain = {r["model"]: r for r in json.load(open("plain.json"))["rows"]}
names = sorted(cmp)
want = ["p1", "p1 @ band=hi", "p1 @ band=lo", "p1 @ band=two", "p2", "p2 @ band=hi", "p2 @ band=lo", "p2 @ band=two"]
assert names == want, names
def close(a, b, tol=1e-12):
    return (a is None and b is None) or abs(a - b) <= tol
def ref(col, band):
    # vs=overall: the largest |figure(group) - figure(overall)| over the
    # groups with rows; agg=mean: equalized odds = the mean of the TPR and
    # FPR ones
    sel = [r for r in rows if band is None or r["band"] == band]
    y = np.array([int(r["y"]) for r in sel]); p = np.array([int(r[col]) for r in sel])
    g = np.array([r["g"] for r in sel])
    def figs(m):
        return p[m].mean(), p[m & (y == 1)].mean(), p[m & (y == 0)].mean()
    o = figs(np.ones(len(sel), bool))
    gs = [figs(g == k) for k in sorted(set(g))]
    d = [max(abs(f[i] - o[i]) for f in gs) for i in range(3)]
    r = [min(min(f[i] / o[i], o[i] / f[i]) for f in gs) for i in range(3)]
    return {"demographic_parity_difference": d[0], "demographic_parity_ratio": r[0],
            "equal_opportunity_difference": d[1], "equalized_odds_difference": (d[1] + d[2]) / 2,
            "equalized_odds_ratio": (r[1] + r[2]) / 2}
for n, a in (("p1", "a1.json"), ("p2", "a2.json")):
    au = json.load(open(a))
    assert au["vs"] == "overall" and au["agg"] == "mean"
    strata = {s["stratum"]: s for s in au["control"]["strata"]}
    assert strata["solo"]["audit"] is None and "one group" in strata["solo"]["reason"], strata["solo"]
    for band in (None, "hi", "lo", "two"):
        c = cmp[n if band is None else f"{n} @ band={band}"]
        m = au["metrics"] if band is None else strata[band]["audit"]["metrics"]
        for k, v in m.items():
            if k in c:
                assert close(c[k], v), (n, band, k, c[k], v)
        for k, v in ref(n, band).items():
            assert close(c[k], v), (n, band, k, c[k], v)
    # and the options matter: between the groups, max, the values differ
    assert not close(plain[n]["demographic_parity_difference"], cmp[n]["demographic_parity_difference"])
PY
grep -q "band=two x 'c'" cmp.err || fail "no note on band two without c: $(cat cmp.err)"
grep -q "band=solo (not audited" a1.err || fail "no note on band solo: $(cat a1.err)"
# ---- each group vs overall: Fairlearn's by-group difference and ratio ------
$PY - <<'PY' || fail "to_overall against numpy"
import json, csv
import numpy as np
rows = list(csv.DictReader(open("d.csv")))
au = json.load(open("a1.json"))
def check(to, band):
    sel = [r for r in rows if band is None or r["band"] == band]
    y = np.array([int(r["y"]) for r in sel]); p = np.array([int(r["p1"]) for r in sel])
    g = np.array([r["g"] for r in sel])
    fn = {"selection_rate": lambda m: p[m].mean(), "tpr": lambda m: p[m & (y == 1)].mean(),
          "fpr": lambda m: p[m & (y == 0)].mean()}
    assert [f["figure"] for f in to] == ["selection_rate", "tpr", "fpr"], to
    for f in to:
        o = fn[f["figure"]](np.ones(len(sel), bool))
        assert abs(f["overall"] - o) < 1e-12
        assert sorted(e["group"] for e in f["groups"]) == sorted(set(g)), (band, f["groups"])
        for e in f["groups"]:
            v = fn[f["figure"]](g == e["group"])
            assert abs(e["value"] - v) < 1e-12 and abs(e["difference"] - (v - o)) < 1e-12, (band, e)
            assert abs(e["ratio"] - min(v / o, o / v)) < 1e-12, (band, e)
    return to
to = check(au["to_overall"], None)
# the metric is the largest |difference| (MetricFrame.difference(method="to_overall"))
assert abs(au["metrics"]["demographic_parity_difference"] - max(abs(e["difference"]) for e in to[0]["groups"])) < 1e-12
for s in au["control"]["strata"]:
    if s["audit"] is not None:
        check(s["audit"]["to_overall"], s["stratum"])
PY
F -c "$SET; audit pred=p1 vs=overall" > vo.txt 2> /dev/null || fail "audit vs=overall text"
grep -q "^Each group vs overall" vo.txt || fail "no to-overall table: $(cat vo.txt)"
grep -Eq "^overall +600 +0\.4217 +0 +1\.000 +0\.6531 +0 +1\.000" vo.txt || fail "overall row: $(grep ^overall vo.txt)"
F -c "$SET; audit pred=p1 format=json" 2> /dev/null | grep -q to_overall && fail "to_overall without vs=overall"

F -c "$SET; compare p1 p2 $OPTS format=csv" > cmp.csv 2> /dev/null || fail "compare csv"
$PY - <<'PY' || fail "compare csv = json"
import csv, json
c = {r["model"]: r for r in csv.DictReader(open("cmp.csv"))}
j = {r["model"]: r for r in json.load(open("cmp.json"))["rows"]}
assert sorted(c) == sorted(j), (sorted(c), sorted(j))
for m in j:
    assert abs(float(c[m]["equalized_odds_difference"]) - j[m]["equalized_odds_difference"]) < 1e-9, m
PY
# text: the title says what is compared, and one comparison per stratum
F -c "$SET; set width 0; compare p1 p2 $OPTS" > cmp.txt 2> /dev/null || fail "compare text"
grep -q "^Comparison on all rows, each group vs overall, equalized odds as the mean of TPR and FPR" cmp.txt ||
	fail "compare title: $(head -2 cmp.txt)"
for b in hi lo two; do
	grep -q "^Stratum band = $b:" cmp.txt || fail "no stratum $b: $(cat cmp.txt)"
done
grep -q "^Stratum band = solo: 'p1' not audited (the sensitive attribute has one group" cmp.txt ||
	fail "stratum solo: $(grep solo cmp.txt)"
F -c "$SET; compare p1 vs=all" > /dev/null 2> err && fail "compare vs=all succeeded"
grep -q "vs must be" err || fail "compare vs=all: $(cat err)"
F -c "$SET; compare p1 control=g" > /dev/null 2> err && fail "compare control=g succeeded"
grep -q "control column 'g' is part of the sensitive attribute" err || fail "compare control=g: $(cat err)"

# ---- check: one check per stratum, the audit's values ------------------------
F -c "$SET; check demographic_parity_difference <= 0.5 pred=p2 $OPTS format=json" > chk.json 2> chk.err
[ $? = 3 ] || fail "check with an unaudited stratum did not fail the gate: $(cat chk.err)"
F -c "$SET; check demographic_parity_difference <= 0.5 pred=p2 $OPTS inconclusive=pass format=json" > chk2.json 2> /dev/null ||
	fail "check inconclusive=pass: exit $?"
$PY - <<'PY' || fail "check against audit"
import json
ch = json.load(open("chk.json"))
au = json.load(open("a2.json"))
recs = {c["model"]: c for c in ch["checks"]}
assert sorted(recs) == ["pred=p2", "pred=p2 @ band=hi", "pred=p2 @ band=lo", "pred=p2 @ band=solo",
                        "pred=p2 @ band=two"], sorted(recs)
assert ch["tests"] == 5 and ch["failed"] == 1, (ch["tests"], ch["failed"])
assert abs(recs["pred=p2"]["value"] - au["metrics"]["demographic_parity_difference"]) < 1e-12
for s in au["control"]["strata"]:
    r = recs["pred=p2 @ band=" + s["stratum"]]
    if s["audit"] is None:
        assert r["status"] == "inconclusive" and "stratum not audited" in r["reason"], r
    else:
        assert r["status"] == "pass", r
        assert abs(r["value"] - s["audit"]["metrics"]["demographic_parity_difference"]) < 1e-12, r
ch2 = json.load(open("chk2.json"))
assert ch2["failed"] == 0 and ch2["tests"] == 5, ch2
PY
# a limit only the largest value breaks: the gate fails on that one alone
lim=$($PY -c '
import json
a = json.load(open("a2.json"))
v = sorted([a["metrics"]["demographic_parity_difference"]] +
           [s["audit"]["metrics"]["demographic_parity_difference"] for s in a["control"]["strata"] if s["audit"]])
assert v[-1] - v[-2] > 1e-6, v
print(repr((v[-1] + v[-2]) / 2))')
F -c "$SET; check demographic_parity_difference <= $lim pred=p2 $OPTS inconclusive=pass" > chk.txt 2> /dev/null
[ $? = 3 ] || fail "check at $lim passed"
[ "$(grep -c '^FAIL' chk.txt)" = 1 ] || fail "check at $lim: $(cat chk.txt)"
[ "$(grep -c '^PASS' chk.txt)" = 3 ] || fail "check at $lim: $(cat chk.txt)"

# ---- report: a section per stratum, the descriptions say vs and agg ---------
F -c "$SET; report r.json p1 p2 $OPTS ci=0 plots=no" > /dev/null 2> rep.err || fail "report: $(cat rep.err)"
$PY - <<'PY' || fail "report json"
import json
d = json.load(open("r.json"))
au = {a["model"]: a for a in d["audits"]}
assert sorted(au) == ["p1", "p1 @ band=hi", "p1 @ band=lo", "p1 @ band=two", "p2", "p2 @ band=hi", "p2 @ band=lo",
                      "p2 @ band=two"], sorted(au)
a1 = json.load(open("a1.json"))
assert "each group vs overall" in au["p1"]["description"] and "mean of TPR and FPR" in au["p1"]["description"]
assert au["p1 @ band=hi"]["vs"] == "overall"
st = {s["stratum"]: s["audit"] for s in a1["control"]["strata"]}
for b in ("hi", "lo", "two"):
    for k, v in st[b]["metrics"].items():
        w = au["p1 @ band=" + b]["metrics"][k]
        assert (v is None and w is None) or abs(v - w) < 1e-12, (b, k, v, w)
PY
F -c "$SET; report r.md p1 $OPTS ci=0 plots=no" > /dev/null 2> /dev/null || fail "report md"
grep -q "p1 @ band=two" r.md || fail "report md has no stratum section"
# the report's "Each group vs overall" table (Markdown and HTML) carries the
# audit's to_overall values (printed to 4 significant digits)
F -c "$SET; audit pred=p1 vs=overall format=json" > o.json 2> /dev/null || fail "audit vs=overall json"
F -c "$SET; report o.md p1 vs=overall ci=0 plots=no; report o.html p1 vs=overall ci=0 plots=no" \
	> /dev/null 2> o.err || fail "report vs=overall: $(cat o.err)"
grep -q "<h3>Each group vs overall</h3>" o.html || fail "report html has no to-overall table"
$PY - <<'PY' || fail "report's to-overall table against the audit's JSON"
import json
j = json.load(open("o.json"))["to_overall"]
lines = open("o.md").read().split("### Each group vs overall\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
head = [c.strip() for c in lines[0].strip("|").split("|")]
rows = {r[0]: r for r in ([c.strip() for c in l.strip("|").split("|")] for l in lines[2:])}
checked = 0
for f in j:
    for g in f["groups"]:
        r = rows[g["group"]]
        for key, col in (("value", f["figure"]), ("difference", f["figure"] + "_diff"), ("ratio", f["figure"] + "_ratio")):
            v, shown = g[key], float(r[head.index(col)])
            assert abs(v - shown) <= 5e-4 * max(abs(v), 1e-3), (g["group"], col, v, shown)
            checked += 1
assert checked == 3 * 3 * 3, checked   # 3 figures x 3 groups x value/diff/ratio
PY
F -c "$SET; audit pred=p1 vs=overall format=csv" > o.csv 2> /dev/null || fail "audit vs=overall csv"
$PY - <<'PY' || fail "the tidy CSV's to_overall rows against the audit's JSON"
import csv, json
j = json.load(open("o.json"))["to_overall"]
rows = {(r["name"], r["group_a"]): float(r["value"]) for r in csv.DictReader(open("o.csv"))
        if r["kind"] == "to_overall" and r["group_b"] == "overall"}
want = {(f["figure"] + "_" + k, g["group"]): g[k] for f in j for g in f["groups"] for k in ("difference", "ratio")}
assert len(want) == 18 and rows == want, (rows, want)
PY

# ---- two control columns: combinations that never occur are named ----------
# band x zone over hi/lo x x/y/z, with "hi & z" never drawn: 5 strata, one
# absent combination in the note and in JSON (Fairlearn shows it as NaN)
$PY - <<'PY'
import random
random.seed(3)
with open("z.csv", "w") as f:
    f.write("g,band,zone,y,p\n")
    for i in range(400):
        band = random.choice(["hi", "lo"]); zone = random.choice(["x", "y", "z"])
        if band == "hi" and zone == "z":
            zone = "x"
        f.write(f"{random.choice('ab')},{band},{zone},{int(random.random() < 0.4)},{int(random.random() < 0.5)}\n")
PY
ZS="load z.csv; target y; sensitive g"
F -c "$ZS; audit pred=p control=band,zone" > z.txt 2> z.err || fail "two control columns: $(cat z.err)"
grep -q "control=band,zone: 1 combination of the control values never occurs (no stratum): hi & z" z.err ||
	fail "absent combination not noted: $(cat z.err)"
F -c "$ZS; audit pred=p control=band,zone format=json" > z.json 2> /dev/null || fail "two control columns json"
$PY - <<'PY' || fail "absent combinations in JSON"
import json
c = json.load(open("z.json"))["control"]
assert c["absent"] == ["hi & z"] and c["absent_count"] == 1, c.get("absent")
assert sorted(s["stratum"] for s in c["strata"]) == ["hi & x", "hi & y", "lo & x", "lo & y", "lo & z"]
PY
F -c "$SET; audit pred=p1 control=band format=json" 2> /dev/null |
	$PY -c 'import json, sys; assert "absent" not in json.load(sys.stdin)["control"]' ||
	fail "one control column has no absent list"

# ---- more than 20 strata without a group: 20 named, the rest counted --------
# 26 bands; group c has rows only in band "all", so 25 strata lack it
$PY - <<'PY'
import random
random.seed(7)
with open("many.csv", "w") as f:
    f.write("g,band,y,p\n")
    for i in range(2600):
        band = "all" if i % 26 == 0 else "b%02d" % (i % 26)
        g = random.choice("abc" if band == "all" else "ab")
        f.write(f"{g},{band},{int(random.random() < 0.4)},{int(random.random() < 0.5)}\n")
PY
F -c "load many.csv; target y; sensitive g; audit pred=p control=band" > /dev/null 2> many.err ||
	fail "many strata: $(cat many.err)"
$PY - <<'PY' || fail "the note of strata without a group: $(cat many.err)"
note = [l for l in open("many.err") if "strata without rows of some group" in l][0]
named = note.split("): ", 1)[1].split("; and ")[0].split("; ")
assert len(named) == 20 and all(x.startswith("band=b") and x.endswith(" x 'c'") for x in named), named
assert note.rstrip().endswith("; and 5 more"), note
PY
exit $bad
