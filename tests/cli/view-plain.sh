#!/bin/sh
# view-plain.sh -- `view` without a terminal prints plain tables: the data
# (after filters), the audit of each model as `audit` prints it, the jobs,
# and the per-group threshold table; a thresholds model saved from it is
# audited with exactly the rates the table showed. Error messages too.
cd "$top_srcdir" || exit 99
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# the data, worked by hand from tests/data/toy12.csv (rows with race A)
$FAIRSH -c 'load tests/data/toy12.csv as toy; target y positive=1; sensitive sex; filter race=A; view data' \
	> "$tmp/out" 2>&1 || fail "view data exited $?"
cat > "$tmp/exp" <<'X'
loaded 12 rows x 6 columns as session 'toy'
target 'y': classification, positive = 1 (5), negative = 0 (7)
sensitive attribute: 2 groups: F (6), M (6)
filter race=A: 6 of 12 rows kept
session toy: 6 rows x 6 columns
id  sex  race  y  yhat     p
--  ---  ----  -  ----  ----
 1  F    A     1     1  0.9
 2  F    A     1     1  0.8
 5  F    A     0     0  0.2
 7  M    A     1     1  0.95
 9  M    A     0     1  0.6
11  M    A     0     0  0.3
X
diff -u "$tmp/exp" "$tmp/out" || fail "view data"
$FAIRSH -c 'load tests/data/toy12.csv as toy; view data toy rows=2 format=csv; view jobs' > "$tmp/out" 2>&1 || fail "rows=2"
printf '%s\n' "loaded 12 rows x 6 columns as session 'toy'" 'id,sex,race,y,yhat,p' \
	'1,F,A,1,1,0.9' '2,F,A,1,1,0.8' 'no jobs' > "$tmp/exp"
diff -u "$tmp/exp" "$tmp/out" || fail "view data rows=2, view jobs"

# audit: the same tables as `audit MODEL`, one model after the other
setup='load demo:loans n=3000; target approved positive=yes; sensitive group; split 0.7; train logreg as lr; train logreg C=0.01 as lr2; wait'
$FAIRSH -c "$setup; audit lr; audit lr2" 2>&1 | grep -v -e '^$' -e '^\[job ' > "$tmp/exp"
$FAIRSH -c "$setup; view audit lr lr2" 2>&1 | grep -v -e '^$' -e '^\[job ' > "$tmp/out"
diff -u "$tmp/exp" "$tmp/out" || fail "view audit differs from audit"
grep -q '^Audit of model lr on test rows (900)' "$tmp/out" || fail "first model missing"
grep -q '^Audit of model lr2 on test rows (900)' "$tmp/out" || fail "second model missing"

# thresholds: table, saved model, and its audit agree to the last digit
$FAIRSH -c "$setup; view thresholds lr thresholds=0.6,0.45 format=csv save=yes as lrt; audit lrt format=csv" \
	> "$tmp/out" 2>&1 || fail "view thresholds exited $?"
grep -q "^model 'lrt': thresholds(lr) majority=0.6 minority=0.45$" "$tmp/out" || fail "model not saved"
# (view: one CSV table whose first column names the part, groups or metrics;
# audit: the tidy table model,kind,name,group,value,n,...)
grep -qx 'table,group,n,threshold,selected,selection_rate,tpr,fpr,accuracy,metric,value,verdict,ci_low,ci_high' "$tmp/out" ||
	fail "view thresholds CSV header"
for g in majority minority; do
	v=$(awk -F, -v g=$g '$1 == "groups" && $2 == g { print $3 "," $6 "," $7 "," $8 "," $9 }' "$tmp/out")
	a=$(awk -F, -v g=$g '$1 == "lrt" && $2 == "figure" && $4 == g { v[$3] = $5; n = $6 }
		END { print n "," v["selection_rate"] "," v["tpr"] "," v["fpr"] "," v["accuracy"] }' "$tmp/out")
	[ -n "$v" ] && [ "$v" = "$a" ] || fail "$g: view '$v' vs audit '$a'"
done
dp_view=$(awk -F, '$1 == "metrics" && $10 == "demographic_parity_difference" { print $11 }' "$tmp/out")
dp_audit=$(awk -F, '$1 == "lrt" && $2 == "metric" && $3 == "demographic_parity_difference" { print $5 }' "$tmp/out")
[ -n "$dp_view" ] && [ "$dp_view" = "$dp_audit" ] || fail "DP: view $dp_view vs audit $dp_audit"
# its interval is the audit's (two groups: Newcombe at 95%, the same pair)
ci_view=$(awk -F, '$1 == "metrics" && $10 == "demographic_parity_difference" { print $13 "," $14 }' "$tmp/out")
ci_audit=$(awk -F, '$1 == "lrt" && $2 == "metric" && $3 == "demographic_parity_difference" { print $7 "," $8 }' "$tmp/out")
[ "$ci_view" != "," ] && [ "$ci_view" = "$ci_audit" ] || fail "DP interval: view $ci_view vs audit $ci_audit"
# one threshold for every group, default = the model's cut (0.5): rates of `audit lr`
$FAIRSH -c "$setup; view thresholds lr; view thresholds lr thresholds=0.5" > "$tmp/out" 2>&1 || fail "thresholds 0.5"
grep -c '^majority *608 *0.5 *353 *0.5806 *0.8179 *0.2430 *0.7928$' "$tmp/out" | grep -qx 2 || { cat "$tmp/out"; fail "default thresholds"; }

# errors
check_err() {   # command, expected message
	$FAIRSH -c "$1" > "$tmp/out" 2>&1 && fail "'$1' succeeded"
	grep -qF -- "$2" "$tmp/out" || { cat "$tmp/out"; fail "'$1': expected '$2'"; }
}
check_err 'view bogus' "view: unknown view 'bogus' (views: data, audit, jobs, thresholds)"
check_err 'load demo:loans n=100; view audit' 'view: usage: view audit MODEL [MODEL2 ...]'
check_err 'view data nosuch' "view: no session named 'nosuch' (see 'sessions')"
check_err 'load demo:loans n=100; view thresholds x' "view: no target set (use 'target COLUMN')"
check_err "$setup; view thresholds lr thresholds=0.1,0.2,0.3" 'view: thresholds must be one number or 2 comma-separated numbers (one per group), not'
check_err "$setup; view thresholds lr thresholds=abc" 'view: thresholds must be one number or 2'
check_err "$setup; view thresholds nope" "no model named 'nope'"
check_err 'load demo:wages n=300; target wage; sensitive gender; train ridge as r; wait; view thresholds r' "thresholds need a binary target; 'wage' is numeric"
exit 0
