#!/bin/sh
# report-columns.sh -- `report` for every audit: a prediction column made
# elsewhere (pred=, score=), alone or next to models, and a session with no
# models at all (the data and its set-up). The column's audit in the JSON
# report is the one `audit pred=... format=json` prints, but for its name:
# the report names a set of decisions by how they were read ("yhat
# (positive = 1)"), the audit by the options that made them ("pred=yhat").
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
PY=/usr/bin/python3
bad=0
fail() { echo "FAIL: $*"; bad=1; }
F() { HOME=$tmp "$FAIRSH" "$@"; }
TOY="load $top_srcdir/tests/data/toy12.csv as toy"

# a column alone: JSON, Markdown
F -c "$TOY; target y positive=1; sensitive sex; report col.json pred=yhat score=p ci=50 plots=no;
  report col.md pred=yhat plots=yes; audit pred=yhat score=p ci=50 format=json" > audit.json 2> err ||
	{ cat err; fail "column reports"; }
grep -qx "wrote the audit report of 1 set of decisions to 'col.json'" err || fail "message: $(cat err)"
$PY - <<'PY' || fail "JSON report of a column"
import json
r = json.load(open("col.json"))
a = json.load(open("audit.json"))
assert r["format"] == "fairsh-report" and r["schema_version"] == 3
assert len(r["audits"]) == 1
c = r["audits"][0]
assert c["model"] == "yhat (positive = 1)" and c["kind"] == "decisions"
assert c["description"] == "decisions yhat (positive = 1), scores p"
assert a.pop("schema_version") == 3 and a.pop("command") == "audit"
assert a.pop("model") == "pred=yhat"
for k in a:
    assert a[k] == c[k], k
# the toy's numbers by hand: F selection 3/6, M 4/6
g = {x["group"]: x for x in c["groups"]}
assert g["F"]["selection_rate"] == 0.5 and g["M"]["selection_rate"] == 4 / 6
assert r["comparison"]["rows"][0]["model"] == "yhat (positive = 1)"
PY
grep -qx '## Decisions yhat (positive = 1)' col.md || fail "Markdown heading"
grep -q '^## Model ' col.md && fail "Markdown: a model heading for decisions"
# no scores, no distribution plot: said in the report
if command -v gnuplot > /dev/null 2>&1; then
	grep -q '(no plot dist: decisions without scores)' col.md || fail "the missing dist plot is not explained"
	grep -q '(col-yhat__positive___1_-rates.png)' col.md || fail "the rates plot of the column"
fi

# models and a column side by side
F -c "load demo:loans n=1500 seed=2; target approved positive=yes; sensitive group; split 0.7 seed=2;
  train logreg as m; predict m; train logreg C=0.01 as m2; report both.json m m2 pred=m_pred score=m_score ci=0 plots=no" \
	> /dev/null 2> err || { cat err; fail "models and a column"; }
grep -qx "wrote the audit report of 2 models and 1 set of decisions to 'both.json'" err || fail "message: $(cat err)"
$PY - <<'PY' || fail "models and a column in one report"
import json
r = json.load(open("both.json"))
assert [a["model"] for a in r["audits"]] == ["m", "m2", "m_pred (1 = yes)"], [a["model"] for a in r["audits"]]
assert [a["kind"] for a in r["audits"]] == ["model", "model", "decisions"]
m, col = r["audits"][0], r["audits"][2]
# the column holds the model's own decisions: the same audit
assert m["metrics"] == col["metrics"] and m["groups"] == col["groups"]
assert [row["model"] for row in r["comparison"]["rows"]] == ["m", "m2", "m_pred (1 = yes)"]
PY

# no models: the data and the set-up, in every format
F -c "$TOY; report data.json; report data.md; report data.html; target y positive=1; report data2.json" > /dev/null 2> err ||
	{ cat err; fail "reports without models"; }
grep -c "(data and set-up; no models audited)" err | grep -qx 4 || fail "no-model messages: $(cat err)"
$PY - <<'PY' || fail "JSON report without models"
import json
r = json.load(open("data.json"))
assert r["audits"] == [] and r["comparison"] is None
assert r["dataset"]["rows"] == 12 and r["dataset"]["columns"] == 6
assert r["setup"]["target"] is None
assert json.load(open("data2.json"))["setup"]["target"] == "y positive=1"
PY
grep -q '^No model or prediction column was audited' data.md || fail "Markdown: no note"
grep -q 'The data and its set-up' data.html || fail "HTML: no note"
grep -q '<h2>Comparison</h2>' data.html && fail "HTML: a comparison of nothing"
exit $bad
