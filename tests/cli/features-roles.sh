#!/bin/sh
# features-roles.sh -- a target or sensitive column is never a feature
# unless explicitly allowed, whatever the order of the set-up commands: the
# feature columns a model was trained on are read back from the saved
# workbench (the pipeline's columns), for the orders that leaked before
# (`features all` then a new target: the old target and the new one were
# both kept; then a new sensitive attribute: the old one stayed out, the new
# one stayed in). `columns` shows every role of a column.
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
fail() { echo "FAIL: $*"; exit 1; }
PY=/usr/bin/python3
[ -x $PY ] || PY=python3

# features MODEL: the feature columns of MODEL in w.fsw, comma-separated
features() {
	$PY -c 'import json, sys
w = json.load(open("w.fsw"))
for m in w["sessions"][0]["models"]:
    if m["name"] == sys.argv[1]:
        print(",".join(c["name"] for c in m["pipeline"]["columns"]))' "$1"
}
# run SETUP EXPECTED: trains logreg m after SETUP on demo:loans and checks
# the model's feature columns
L='load demo:loans n=600; split 0.7'
run() {
	HOME=$tmp "$FAIRSH" --batch -c "$L; $1; train logreg as m; wait; save w.fsw" >out 2>&1 ||
		{ cat out; fail "$1"; }
	got=$(features m)
	[ "$got" = "$2" ] || { cat out; fail "$1: features '$got', expected '$2'"; }
	echo "ok: $1 -> $got"
}
T1='target approved positive=yes'
T2='target income threshold=50'
# the new target is out, the old one (now an ordinary column) in; the
# sensitive column out: the same set in every order
want=debt_ratio,credit_history_years,employment,zip_area,approved
run "$T1; sensitive group; features all; $T2" $want
run "features all; $T1; sensitive group; $T2" $want
run "sensitive group; $T2; features all" $want
run "features all-except=zip_area; $T1; sensitive group; $T2" debt_ratio,credit_history_years,employment,approved
# a new sensitive attribute: the old one becomes a feature, the new one is out
run "$T1; sensitive group; features all; sensitive zip_area" income,debt_ratio,credit_history_years,employment,group
run "$T1; features all; sensitive zip_area" income,debt_ratio,credit_history_years,employment,group
# a listed target is left out (with a note); a listed sensitive column stays
run "features income,debt_ratio,group; $T2; sensitive group" debt_ratio,group
grep -q "^note: 'income' is listed in 'features'; as the target it is not a feature$" out || { cat out; fail "target note"; }
grep -q "^note: 'income' is the target, not a feature$" out || { cat out; fail "train note"; }
run "$T1; sensitive group; features debt_ratio,group" debt_ratio,group
grep -q "^note: 'group' is sensitive and listed, so a feature too$" out || { cat out; fail "sensitive note"; }
# the spec survives save and open, and is resolved after open too
HOME=$tmp "$FAIRSH" --batch -c "$L; $T1; sensitive group; features all; save w0.fsw" >out 2>&1 || { cat out; fail "save"; }
HOME=$tmp "$FAIRSH" --batch -c "open w0.fsw; $T2; train logreg as m; wait; save w.fsw" >out 2>&1 || { cat out; fail "open"; }
[ "$(features m)" = "$want" ] || { cat out; fail "after open: $(features m)"; }
# use_sensitive=yes adds the sensitive columns
HOME=$tmp "$FAIRSH" --batch -c "$L; $T1; sensitive group; features all; $T2; train logreg use_sensitive=yes as m; wait; save w.fsw" >out 2>&1 ||
	{ cat out; fail "use_sensitive"; }
[ "$(features m)" = "$want,group" ] || { cat out; fail "use_sensitive: $(features m)"; }
# the further targets of a multi-task learner are not features either
HOME=$tmp "$FAIRSH" --batch -c "load demo:hiring n=600; target hired positive=yes; sensitive gender; features all;
	train fairrep targets=referral positive=yes epochs=1 as r; wait; save w.fsw" >out 2>&1 || { cat out; fail "fairrep"; }
$PY -c 'import json; w = json.load(open("w.fsw")); m = w["sessions"][0]["models"][0]
print(",".join(c["name"] for c in m["pipeline"]["columns"]))' >got
[ "$(cat got)" = "experience_years,test_score,education" ] || { cat out got; fail "fairrep features"; }

# columns: every role; the leak of the old order gave accuracy 0.997
out=$(HOME=$tmp "$FAIRSH" --batch -c "$L; $T1; sensitive group; features debt_ratio,group,approved; $T2; columns format=csv")
echo "$out" | grep -qx '1,income,numeric,target' || { echo "$out"; fail "columns: income"; }
echo "$out" | grep -qx '2,debt_ratio,numeric,feature' || { echo "$out"; fail "columns: debt_ratio"; }
echo "$out" | grep -qx '6,group,binary,"sensitive, feature"' || { echo "$out"; fail "columns: group"; }
echo "$out" | grep -qx '7,approved,binary,feature' || { echo "$out"; fail "columns: approved"; }
out=$(HOME=$tmp "$FAIRSH" --batch -c "load demo:loans; split 0.7; $T1; sensitive group; features all; $T2;
	train logreg as m; wait; audit m format=csv" 2>&1)
acc=$(echo "$out" | awk -F, '$2 == "figure" && $3 == "accuracy" && $4 == "overall" { print $5 }')
awk -v a="$acc" 'BEGIN { exit !(a > 0.5 && a < 0.9) }' || { echo "$out"; fail "accuracy $acc: the target leaks"; }
echo "ok: accuracy $acc without the target among the features"

# the sensitive attribute with one group among the kept rows is refused
out=$(HOME=$tmp "$FAIRSH" --batch -c "load demo:hiring n=500; filter education=master; sensitive education" 2>&1)
[ $? -eq 1 ] || fail "one group accepted"
echo "$out" | grep -qF "sensitive: 'education' has one group among the rows kept by the filters ('master'): nothing to compare (see 'filter')" ||
	{ echo "$out"; fail "one-group message"; }
out=$(HOME=$tmp "$FAIRSH" --batch -c "load demo:hiring n=500; sensitive education; filter education=master" 2>&1)
echo "$out" | grep -qF "warning: the sensitive attribute has one group among the kept rows ('master')" ||
	{ echo "$out"; fail "filter warning"; }
echo "all ok"
