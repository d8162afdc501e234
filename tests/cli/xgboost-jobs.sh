#!/bin/sh
# xgboost-jobs.sh -- boosting and forests as background jobs: `jobs` shows a
# running boosting job's training and validation loss per round, `cancel`
# stops it between rounds (a forest between trees) within a second, a job
# that XGBoost cannot run fails with a fairsh message; afterwards the
# session is intact (the same models, a new model trains and audits) and,
# under the sanitizers, every byte of the stopped jobs is freed (LSan at
# exit). Runs under ThreadSanitizer in CI (.ci/run). Skipped (77) only when
# fairsh was built without XGBoost and CI is not set.
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
fail() { echo "FAIL: $*"; exit 1; }
F() { HOME=$tmp "$FAIRSH" "$@"; }

if F -c 'help train' | grep -q 'not in this build'; then
	[ -n "${CI:-}" ] && fail "fairsh was built without XGBoost in CI (setup.sh installs libxgboost-dev)"
	echo "SKIP: fairsh was built without XGBoost"
	exit 77
fi

# a long boosting job and a long forest; `wait q` lets rounds pass before
# `jobs` (the mlp job takes far longer than one boosting round)
out=$(F -c 'load demo:loans n=20000 seed=2; target approved positive=yes; sensitive group; split 0.7 seed=2;
train logreg as plain; wait;
train xgboost rounds=1000000 max_depth=4 early_stopping=1000000 threads=1 as slow;
train forest trees=1000000 max_depth=10 threads=1 as slowrf;
train mlp hidden=64 epochs=40 as q; wait q; jobs; cancel slow; cancel slowrf; jobs;
train xgboost rounds=20 threads=2 as quick; wait; models; audit quick format=csv' 2>&1)
st=$?
echo "$out"
[ $st -eq 0 ] || fail "exit status $st"
echo "$out" | grep -q '^ *[0-9] *slow *xgboost rounds=1000000 .* running .* train logloss 0\.[0-9]*, valid logloss 0\.[0-9]*$' ||
	fail "jobs did not show the running job's training and validation loss"
echo "$out" | grep -q '^ *[0-9] *slowrf *forest trees=1000000 .* running' || fail "jobs did not list the running forest"
echo "$out" | grep -q '\[job slow\] cancelled' || fail "no cancel notice for the boosting job"
echo "$out" | grep -q '\[job slowrf\] cancelled' || fail "no cancel notice for the forest"
echo "$out" | grep -q 'slow .*cancelled' || fail "jobs did not show the cancelled state"
echo "$out" | grep -q "model 'quick'" || fail "a model after the cancel did not train"
# the session has exactly the models it had plus the new ones
models=$(echo "$out" | sed -n '/^model  *target/,/^model,kind,/p' | awk 'NR > 2 && NF >= 3 { print $1 }' | tr '\n' ' ')
[ "$models" = "plain q quick " ] || fail "models after the cancel: '$models'"
echo "$out" | grep -q '^quick,figure,accuracy,overall,0\.[0-9]*,6000,' || fail "audit after cancel failed"

# a job XGBoost cannot run: a target beyond single precision fails in the
# job, with fairsh's message; the session keeps working
printf 'x,y,g\n1,1,a\n2,2,b\n3,3,a\n4,1e300,b\n5,5,a\n6,6,b\n' > big.csv
out=$(F --keep-going -c 'load big.csv; target y; sensitive g; train ridge as r; train xgboost rounds=5 as bad; wait; jobs; models' 2>&1)
echo "$out"
echo "$out" | grep -q '\[job bad\] failed: xgboost: target 1e+300 in row 4 is beyond single precision' ||
	fail "no failure message for the job"
echo "$out" | grep -q '^ *[0-9] *bad .*failed .*beyond single precision' || fail "jobs did not show the failure"
echo "$out" | grep -q '^r  *y  *regression' || fail "the session lost its model"
exit 0
