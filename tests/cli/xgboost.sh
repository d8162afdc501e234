#!/bin/sh
# xgboost.sh -- `train xgboost` and `train forest` through the shell, with
# every method: pre=reweigh, pre=direpair, pre=corrremove, pre=ferm (importance on the
# projected features), `train expgrad base=xgboost` (xgboost's options beside
# expgrad's), `train gridsearch base=forest`, `train xgboost on=REP`,
# `correct ... with wasserstein|threshold`,
# compare, tradeoff, plot (when gnuplot is there), report (with its
# feature-importance section),
# `models MODEL` (gain beside the association with the sensitive attribute:
# the demo's referral column is a proxy), export features/predictions;
# save/open scores identically, a changed booster byte is refused by its
# checksum, a corrupt booster with a matching checksum gets XGBoost's own
# error as a fairsh message; regression targets; every refusal names what
# to do. Skipped (77) only when fairsh was built without XGBoost and CI is
# not set; the job behaviour (cancel, failure) is in xgboost-jobs.sh.
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
fail() { echo "FAIL: $*"; exit 1; }
F() { HOME=$tmp "$FAIRSH" "$@"; }

if F -c 'help train' | grep -q 'not in this build'; then
	F -c 'load demo:hiring n=300; target hired positive=yes; train xgboost' >miss.out 2>&1 && fail "train xgboost without XGBoost succeeded"
	grep -q "built without XGBoost: install the Debian package libxgboost-dev" miss.out || fail "no hint: $(cat miss.out)"
	[ -n "${CI:-}" ] && fail "fairsh was built without XGBoost in CI (setup.sh installs libxgboost-dev)"
	echo "SKIP: fairsh was built without XGBoost"
	exit 77
fi

setup='load demo:hiring n=3000 bias=2 seed=3; target hired positive=yes; sensitive gender; split 0.7 seed=3'
train="train xgboost rounds=40 max_depth=3 as xgb; train forest trees=40 as rf;
train xgboost rounds=30 pre=reweigh as xrw; train xgboost rounds=30 pre=direpair level=1 as xdr;
train xgboost rounds=30 pre=ferm as xferm; train expgrad base=xgboost rounds=10 max_depth=3 max_iter=8 as egx;
train xgboost rounds=30 pre=corrremove as xcr; train gridsearch base=forest trees=10 grid_size=5 as gsf;
train fairrep epochs=10 dim=4 as rep; wait; train xgboost on=rep rounds=20 as xrep; wait;
correct xgb with wasserstein as wx; correct xgb with threshold constraint=eo as tx"
plots=""
command -v gnuplot >/dev/null 2>&1 && plots="plot dist xgb to=dist.png; plot roc xgb rf wx to=roc.png;"
F -c "$setup; $train; $plots compare xgb rf xrw xdr xferm egx xcr gsf xrep wx tx format=csv;
tradeoff xgb with wasserstein alpha=0,1 format=csv; models xgb top=0; models xferm top=3; models xrep top=3;
models egx; models xgb top=2 format=csv; models xgb top=3 to=imp.json; models egx to=egx.csv;
report r.md plots=no ci=0; report r.json plots=no ci=0;
export predictions p.csv; export features xgb f.csv; save ws.json" >run.out 2>run.err ||
	{ cat run.out run.err; fail "the methods run failed"; }
cat run.out run.err

if [ -n "$plots" ]; then
	for f in dist.png roc.png; do
		[ "$(head -c 4 $f | od -An -c | tr -d ' ')" = "211PNG" ] || fail "$f is not a PNG"
	done
fi

# every model trained and is in the comparison, with a sensible accuracy
for m in xgb rf xrw xdr xferm egx xcr gsf xrep wx tx; do
	grep -q "^$m,0\.[789]" run.out || fail "model $m missing from compare or accuracy below 0.7"
done
grep -q "expgrad (dp, xgboost, eps=0.01)" run.err || fail "expgrad did not use the xgboost base"
grep -q "xgboost: 40 rounds; train logloss" run.err || fail "no training loss in the notice"
grep -q "forest of 40 trees" run.err || fail "no forest notice"
# the corrections move the demographic parity difference the right way
dp() { grep "^$1," run.out | head -1 | cut -d, -f3; }
awk -v a="$(dp egx)" -v b="$(dp xgb)" 'BEGIN { exit !(a < b) }' || fail "expgrad base=xgboost did not lower the dp difference"
awk -v a="$(dp xrw)" -v b="$(dp xgb)" 'BEGIN { exit !(a < b) }' || fail "pre=reweigh did not lower the dp difference"
awk -v a="$(dp gsf)" -v b="$(dp rf)" 'BEGIN { exit !(a < b) }' || fail "gridsearch base=forest did not lower the dp difference"
grep -q "gridsearch (dp, forest): 5 points" run.err || fail "gridsearch did not use the forest base"
grep -q "correlation remover: .*; xgboost: 30 rounds" run.err || fail "pre=corrremove notice"
# the job notices and confirmations are on stderr, never among the results
grep -q -e '^\[job' -e "^training '" -e '^wrote ' run.out && fail "a notice on stdout"
# tradeoff: alpha 0 is the base model itself (retrained without calibration rows)
grep -q "^0,0\." run.out && grep -q "^1,0\." run.out || fail "tradeoff rows missing"

# importance: the proxy shows, names follow the pipeline, the representation
grep -q "^referral=no .* proxy$" run.out || fail "referral=no not flagged a proxy"
grep -q "eta: association of each feature with gender on the training rows" run.out || fail "no eta legend"
grep -q "^rep_[1-4] " run.out || fail "representation features not named rep_k"
grep -q "model 'egx' has no feature importance (xgboost and forest have one)" run.err || fail "expgrad importance message"
grep -q '^feature,share,gain,total_gain,eta(gender),note$' run.out || fail "models MODEL format=csv header"
# shares of the CSV top 2 are the largest and below 1
awk -F, '/^test_score,/ { s = $2 } END { exit !(s > 0.3 && s < 1) }' run.out || fail "test_score share"
# to=FILE: one JSON document, the table titled with the model; a model
# without importance gives the columns and no rows (the reason on stderr)
/usr/bin/python3 - imp.json egx.csv <<'EOF' || fail "models MODEL to=FILE"
import csv, json, sys
d = json.load(open(sys.argv[1]))
assert d["schema_version"] == 3 and d["command"] == "models", d
assert d["title"].startswith("Feature importance of model 'xgb': xgboost rounds=40"), d["title"]
assert d["columns"] == ["feature", "share", "gain", "total_gain", "eta(gender)", "note"], d["columns"]
rows = d["rows"]
assert len(rows) == 3 and rows[0]["feature"] == "test_score", rows
assert all(a["share"] >= b["share"] for a, b in zip(rows, rows[1:]))
# share = total_gain / (sum of every feature's total gain): one ratio for all rows
k = [r["total_gain"] / r["share"] for r in rows]
assert max(k) - min(k) <= 1e-9 * k[0], k
r = list(csv.reader(open(sys.argv[2])))
assert r == [["feature", "share", "gain", "total_gain", "eta(gender)", "note"]], r
EOF
grep -q "wrote the models result (json) to 'imp.json'" run.err || fail "no confirmation of to=imp.json"
grep -q '### Feature importance' r.md || fail "report.md has no importance section"
[ "$(grep -c '### Feature importance' r.md)" -eq 9 ] ||
	fail "importance sections: $(grep -c "### Feature importance" r.md), want 9 (every model but egx, gsf and rep)"
grep -q '"importance"' r.json && grep -q '"proxy_eta":[[:space:]]*0.3' r.json || fail "report.json importance"
head -1 f.csv | grep -q ',xgb:experience_years,xgb:test_score,xgb:education=bachelor' || fail "export features header: $(head -1 f.csv)"

# save/open: every score identical (xgboost, forest, inside expgrad, as bases)
F -c "open ws.json; export predictions p2.csv" >open.out 2>&1 || { cat open.out; fail "open failed"; }
cmp -s p.csv p2.csv || fail "scores differ after open"
# a changed booster byte is refused by its checksum
/usr/bin/python3 - ws.json bad.json <<'EOF' || fail "python could not edit the file"
import hashlib, json, sys
d = json.load(open(sys.argv[1]))
imp = d["sessions"][0]["models"][0]["learner"]["impl"]
assert imp["format"] == "json" and imp["booster"].startswith("{")
good = imp["booster"]
i = good.index('"base_weights":[') + 17   # a digit of a leaf weight
imp["booster"] = good[:i] + ("1" if good[i] != "1" else "2") + good[i + 1:]
json.dump(d, open(sys.argv[2], "w"))
# and a corrupt booster whose checksum matches: XGBoost itself refuses it
imp["booster"] = good[: len(good) // 2]
imp["sha256"] = hashlib.sha256(imp["booster"].encode()).hexdigest()
json.dump(d, open("corrupt.json", "w"))
EOF
F -c "open bad.json" >bad.out 2>&1 && fail "a changed booster was accepted"
grep -q "the xgboost booster does not match its checksum" bad.out || fail "checksum message: $(cat bad.out)"
F -c "open corrupt.json" >corrupt.out 2>&1 && fail "a corrupt booster was accepted"
grep -q "saved data: XGBoost: " corrupt.out || fail "XGBoost's error not turned into a message: $(cat corrupt.out)"
grep -q "Stack trace" corrupt.out && fail "XGBoost's stack trace leaked: $(cat corrupt.out)"

# regression: xgboost and forest on the wages demo, corrected by Wasserstein
F -c "load demo:wages n=3000 bias=1 seed=4; target wage; sensitive gender; split 0.7 seed=4;
train ridge as lin; train xgboost rounds=60 max_depth=3 eta=0.1 early_stopping=5 as xr;
train forest trees=50 max_depth=8 as fr; wait; correct fr with wasserstein as fairfr;
compare lin xr fr fairfr format=csv; models fr top=3" >reg.out 2>&1 || { cat reg.out; fail "regression run failed"; }
cat reg.out
grep -q "xgboost: [0-9]* rounds.*kept [0-9]*; train rmse .* valid .* (210 rows)" reg.out || fail "regression early-stopping notice"
mse() { grep "^$1," reg.out | cut -d, -f2; }
# the trees do about as well as the linear model on this linear demo, and the
# correction costs MSE but lowers the gap in mean prediction between groups
awk -v a="$(mse xr)" -v b="$(mse lin)" 'BEGIN { exit !(a > 0 && a < 1.5 * b) }' || fail "xgboost MSE $(mse xr) vs ridge $(mse lin)"
awk -v a="$(mse fairfr)" -v b="$(mse fr)" 'BEGIN { exit !(a > b) }' || fail "Wasserstein did not cost MSE"

# refusals
# (refused when the job is set up: no job starts)
F -c "load demo:wages n=300; target wage; train xgboost metric=logloss" >e1.out 2>&1 && fail "logloss on regression accepted"
F --keep-going -c "load demo:wages n=300; target wage; train forest scale_pos_weight=2; jobs" >e2.out 2>&1
F --keep-going -c "$setup; train xgboost rounds=0; train xgboost depth=3; train expgrad base=ridge;
train expgrad base=xgboost C=2; train expgrad base=xgboost metric=rmse; train xgboost tree_method=gpu; jobs" >e3.out 2>&1
cat e1.out e2.out e3.out
grep -q "no jobs" e2.out && grep -q "no jobs" e3.out || fail "a refused train started a job"
grep -q "metric=rmse is for numeric targets; use logloss, error or auc" e3.out || fail "expgrad's base options not checked"
grep -q "metric=logloss is for binary targets; use rmse or mae" e1.out || fail "metric message"
grep -q "scale_pos_weight applies to a binary target" e2.out || fail "scale_pos_weight message"
grep -q "rounds must be between 1 and 1e+06, not 0" e3.out || fail "rounds range message"
grep -q "xgboost: unknown option 'depth' (options: rounds max_depth" e3.out || fail "unknown option message"
grep -q "expgrad: base must be a learner that takes sample weights (logreg, svm, mlp, xgboost, forest), not 'ridge'" e3.out ||
	fail "expgrad base message"
grep -q "expgrad: unknown option 'C' (options of base xgboost: rounds max_depth" e3.out || fail "base options not listed"
grep -q "tree_method must be hist, approx or exact, not 'gpu'" e3.out || fail "tree_method message"
F -c "help xgboost" | grep -q "^  early_stopping  *stop when the validation metric" || fail "help xgboost"
F -c "help train" | grep -q "^  forest  *random forest" || fail "help train lists forest"
exit 0
