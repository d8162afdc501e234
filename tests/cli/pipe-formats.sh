#!/bin/sh
# pipe-formats.sh -- fairsh in a pipeline. A command file trains two models
# in the background, then runs one command with format=json (or csv): stdout
# must hold that command's result and nothing else, so Python's json module
# (strict, no preprocessing) and jq parse it and pandas.read_csv reads the
# CSV with its defaults (the audit's statistics agree in both); every command that takes format= is covered (the
# list is checked against `help`). Confirmations and job notices go to
# stderr, -q silences them; numbers read back exactly (the CSV and the JSON
# of the same audit agree to the last bit).
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
PY=/usr/bin/python3
bad=0
fail() { echo "FAIL: $*"; bad=1; }
if ! $PY -c 'import pandas' 2>/dev/null; then
	[ -n "${CI:-}" ] && { echo "FAIL: python3-pandas is not installed"; exit 1; }
	echo "skip: no pandas for $PY"; exit 77
fi

# the set-up: two models trained in the background; 'b' takes a little
# while, so its notice arrives while later commands run
cat > setup.fsh <<'EOF'
load demo:loans n=3000 seed=3 as loans
target approved positive=yes
sensitive group privileged=majority
split 0.7 seed=3
train logreg as a
train mlp hidden=16 epochs=40 as b
predict a
EOF
# with XGBoost in the build, a boosted model too, for `models MODEL` (its
# feature importance)
xgb=
if ! "$FAIRSH" -c 'help train' | grep -q 'not in this build'; then
	echo 'train xgboost rounds=10 max_depth=3 as x' >> setup.fsh
	xgb=yes
fi
# NAME|COMMAND: every command that takes format=
cat > cmds.txt <<'EOF'
audit|audit a ci=20 pairs=yes distances=yes
audit|audit pred=a_pred score=a_score
audit|audit score=a_score threshold=0.5 direction=lower
audit|audit a vs=overall agg=mean control=employment
audit|audit a disparity=all reference=min_metric
bias|bias a
bias|bias pred=a_pred by=group disparity=fpr,for,accuracy reference=largest
compare|compare a b
compare|compare a a_pred score=a_score threshold=0.7
compare|compare a b vs=overall agg=mean control=employment
check|check equal_opportunity_difference <= 0.5 a b
check|check tpr[*] >= 0.1 b ci=20
check|check selection_rate[*] >= 0 score=a_score threshold=0.5
check|check selection_rate[*] >= 0 pred=a_pred score=a_score
check|check demographic_parity_difference <= 1 a vs=overall control=employment
indices|indices a alpha=3
indices|indices score=a_score threshold=0.5 neighbors=3 scale=yes
tradeoff|tradeoff a with wasserstein alpha=0,0.5,1
describe|describe
head|head 5
models|models
jobs|jobs
methods|methods
explain|explain
explain|explain equal_opportunity_difference
explain|explain compas
explain|explain decisions
datasets|datasets
datasets|datasets compas
columns|columns
sessions|sessions
show|show settings
view|view data rows=3
view|view audit a b
view|view jobs
view|view thresholds a
EOF
[ -n "$xgb" ] && echo 'models|models x top=3' >> cmds.txt
for c in $("$FAIRSH" -c help | sed -n 's/^  \([a-z]*\) .*/\1/p'); do
	"$FAIRSH" -c "help $c" | grep -q '^  format ' || continue
	grep -q "^$c|" cmds.txt || fail "command '$c' takes format= but is not tested here"
done

i=0
while IFS='|' read -r name cmd; do
	i=$((i + 1))
	for fmt in json csv; do
		{ cat setup.fsh; echo "$cmd format=$fmt"; } > run$i.fsh
		HOME=$tmp "$FAIRSH" run$i.fsh > out$i.$fmt 2> err$i.$fmt
		st=$?
		[ $st -eq 0 ] || { fail "$cmd format=$fmt: exit $st"; cat err$i.$fmt; continue; }
		grep -q "^loaded 3000 rows" err$i.$fmt || fail "$cmd format=$fmt: the confirmation is not on stderr"
		grep -q "^\[job b\] done" err$i.$fmt || fail "$cmd format=$fmt: the job notice is not on stderr"
		grep -q -e '^\[job' -e '^loaded' -e "^training '" -e "^added columns" out$i.$fmt &&
			fail "$cmd format=$fmt: a notice on stdout"
	done
	# strict JSON: the whole of stdout is one document
	$PY - "out$i.json" "$name" <<'PY' || fail "$cmd format=json: not one JSON document"
import json, sys
text = open(sys.argv[1]).read()
d = json.loads(text)                     # raises on anything but one document
assert isinstance(d, dict), type(d)
assert d["schema_version"] == 3 and d["command"] == sys.argv[2], (d.get("schema_version"), d.get("command"))
def finite(x):
    if isinstance(x, float):
        assert x == x and abs(x) != float("inf")
    elif isinstance(x, dict):
        for v in x.values(): finite(v)
    elif isinstance(x, list):
        for v in x: finite(v)
finite(d)
PY
	if command -v jq >/dev/null 2>&1; then
		jq . < out$i.json > /dev/null || fail "$cmd format=json: jq rejects it"
	elif [ -n "${CI:-}" ]; then
		fail "jq is not installed"
	fi
	# CSV: one table that pandas reads with its defaults
	$PY - "out$i.csv" <<'PY' || fail "$cmd format=csv: pandas.read_csv"
import sys, pandas
df = pandas.read_csv(sys.argv[1])
assert len(df) >= 1 and len(df.columns) >= 2, df.shape
PY
done < cmds.txt

# the audit in both formats: every number of the JSON is in the CSV, bit
# for bit (csv and float() read them; pandas too, within its parser)
$PY - out1.json out1.csv <<'PY' || fail "audit: JSON and CSV differ"
import csv, json, sys
d = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2])))
assert [r["model"] for r in rows] == ["a"] * len(rows)
def row(kind, name, group=""):
    m = [r for r in rows if r["kind"] == kind and r["name"] == name and r["group"] == group]
    assert len(m) == 1, (kind, name, group, len(m))
    return m[0]
n = 0
for g in d["groups"] + [dict(d["overall"], group="overall")]:
    for fig, v in g.items():
        if fig in ("group", "n") or v is None:
            continue
        assert float(row("figure", fig, g["group"])["value"]) == v, (fig, g["group"])
        assert int(row("figure", fig, g["group"])["n"]) == g["n"]
        n += 1
for v in d["verdicts"]:
    r = row("metric", v["metric"])
    assert float(r["value"]) == v["value"] and r["status"] == v["status"]
    assert [r["group_a"], r["group_b"]] == v["groups"]
    assert [float(r["ci_low"]), float(r["ci_high"])] == v["ci"]
    assert float(r["limit"]) == v["limit"]
    n += 1
for p in d["distances"]["pairs"]:
    for k in ("wasserstein1", "mmd2", "sinkhorn"):
        assert float([r for r in rows if r["kind"] == "distance" and r["name"] == k][0]["value"]) == p[k]
assert n >= 40, n
# the statistics in both: the groups' rate intervals, each metric's test,
# the pairs' intervals and Holm-adjusted p-values, the small groups; the
# verdicts' status is the assessment's three-level verdict
for g in d["group_intervals"] + [dict(d["overall_intervals"], group="overall")]:
    for fig, ci in g.items():
        if fig in ("group", "small"):
            continue
        r = row("figure", fig, g["group"])
        assert [float(r["ci_low"]), float(r["ci_high"])] == ci, (fig, g["group"])
        n += 1
    if g["group"] != "overall":
        assert float(row("group", "small", g["group"])["value"]) == (1 if g["small"] else 0)
for name, a in d["assessment"].items():
    v = [x for x in d["verdicts"] if x["metric"] == name][0]
    assert v["status"] == {"fair": "pass", "unfair": "fail"}.get(a["verdict"], "inconclusive"), name
    assert v["ci"] == a["ci"], name
    if a["test"] != "none":
        assert float(row("test", name + "_p_value")["value"]) == a["p_value"], name
for p in d["pair_intervals"]:
    for f in ("selection_rate", "tpr", "fpr"):
        def cell(nm):
            m = [r for r in rows if r["kind"] == "pair" and r["name"] == nm and (r["group_a"], r["group_b"]) == (p["a"], p["b"])]
            assert len(m) == 1, (nm, p["a"], p["b"])
            return m[0]
        r = cell(f + "_difference")
        assert float(r["value"]) == p[f]["difference"] and [float(r["ci_low"]), float(r["ci_high"])] == p[f]["ci"]
        assert float(cell(f + "_p_value")["value"]) == p[f]["p_value"]
        assert float(cell(f + "_p_holm")["value"]) == p[f]["p_holm"] >= p[f]["p_value"]
assert n >= 60, n
# the worst pair is the metric furthest toward its limit
w = d["worst_pair"]
assert w["metric"] in d["metrics"] and w["groups"] == [v for v in d["verdicts"] if v["metric"] == w["metric"]][0]["groups"]
PY

# the issue's own words, for every command above: fairsh -c '...; CMD
# format=json' | jq . (-e: the document must have the fields, so that an
# empty stdout, which jq accepts, fails)
if command -v jq >/dev/null 2>&1; then
	while IFS='|' read -r name cmd; do
		HOME=$tmp "$FAIRSH" -c "$(tr '\n' ';' < setup.fsh) $cmd format=json" 2>/dev/null </dev/null |
			jq -e -r '"\(.schema_version) \(.command)"' > jq.out ||
			fail "-c '...; $cmd format=json' | jq"
		[ "$(cat jq.out)" = "3 $name" ] || fail "-c '...; $cmd format=json': $(cat jq.out)"
	done < cmds.txt
fi

# `models MODEL` of a learner without feature importance: still one
# document (the columns, no rows), the reason on stderr
{ cat setup.fsh; echo "models a format=json"; } > noimp.fsh
HOME=$tmp "$FAIRSH" noimp.fsh > noimp.out 2> noimp.err || fail "models a format=json: exit $?"
$PY - noimp.out <<'PY' || fail "models a format=json: $(cat noimp.out)"
import json, sys
d = json.loads(open(sys.argv[1]).read())
assert d["command"] == "models" and d["rows"] == [] and d["columns"][:2] == ["feature", "share"], d
PY
grep -q "note: model 'a' has no feature importance" noimp.err || fail "models a: no note on stderr"

# a whole command file at once: results on stdout, never a notice
{ cat setup.fsh; cut -d'|' -f2 cmds.txt; } > all.fsh
HOME=$tmp "$FAIRSH" all.fsh > all.out 2> all.err || fail "all commands: exit $?"
# (describe's own summary has a "split: N train, M test" line; the
# confirmation of `split` ends in "rows")
grep -n -e '^\[job' -e "^loaded" -e "^target '" -e "^sensitive attribute" -e "^split: .* rows$" -e "^training '" \
	-e "^added columns" all.out && fail "notices or confirmations on stdout"
grep -q "^\[job a\] done" all.err || fail "no job notice on stderr"
grep -q "^target 'approved'" all.err || fail "no confirmation on stderr"
grep -q "^PASS equal_opportunity_difference <= 0.5 (model a, test rows)" all.out || fail "check result not on stdout"
# -q: no confirmations, no notices; results and warnings stay (the jobs'
# progress depends on timing: compared without `jobs`)
grep -v -e '^jobs' -e '^view jobs' all.fsh > same.fsh
HOME=$tmp "$FAIRSH" same.fsh > same.out 2>/dev/null || fail "without jobs: exit $?"
HOME=$tmp "$FAIRSH" -q same.fsh > q.out 2> q.err || fail "-q: exit $?"
cmp -s same.out q.out || { diff same.out q.out | head; fail "-q changed the results"; }
grep -v '^fairsh: ' q.err | grep . && fail "-q: something besides warnings on stderr"
# a listing asked for is a result: `filter` alone lists the filters on
# stdout, -q or not (toy12: 6 rows of sex F, of which rows 1, 2 and 4 have
# p >= 0.5: 3 of 12 kept)
HOME=$tmp "$FAIRSH" -q -c "load $top_srcdir/tests/data/toy12.csv; filter sex=F; filter p>=0.5; filter" > filter.out 2> filter.err ||
	fail "filter: exit $?"
printf 'filter sex=F\nfilter p>=0.5\n3 of 12 rows kept\n' | cmp -s - filter.out || fail "filter's list: $(cat filter.out)"
[ -s filter.err ] && fail "filter -q: $(cat filter.err)"
# the same with the commands piped in: stdin is a pipe, stdout too
HOME=$tmp "$FAIRSH" < same.fsh 2>/dev/null | cmp -s - same.out || fail "commands on stdin give other results"
exit $bad
