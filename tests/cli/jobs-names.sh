#!/bin/sh
# jobs-names.sh -- a command that names a model being (re)trained waits for
# its job: `audit m` after `train ... as m` audits the new model (it audited
# the old one, silently), a second `train ... as m` waits instead of failing,
# `correct ... as m` is not replaced by the job when it ends, and `export
# predictions` without model names waits for the session's jobs as `report`
# does. The job notice must come before the command's output, and the
# figures must be the new model's. Batch mode; the interactive quit and the
# Ctrl-C rules are in tests/tui/jobs-quit.sh.
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
fail() { echo "FAIL: $*"; exit 1; }
S='load demo:loans n=20000; target approved positive=yes; sensitive group; split 0.7'
# an MLP that takes well over a second, so the next command comes first
SLOW='train mlp hidden=64 epochs=60'

# 1. audit m while m is retrained: the MLP's figures, after its notice
out=$(HOME=$tmp "$FAIRSH" --batch -c "$S; train logreg as m; wait; audit m format=csv; $SLOW as m; audit m format=csv; models format=csv" 2>&1) ||
	{ echo "$out"; fail "retrain then audit"; }
first=$(echo "$out" | grep '^m,figure,accuracy,overall,' | sed -n 1p)
second=$(echo "$out" | grep '^m,figure,accuracy,overall,' | sed -n 2p)
[ -n "$second" ] && [ "$first" != "$second" ] || { echo "$out"; fail "the second audit is the old model's"; }
echo "$out" | awk '/\[job m\] done .*mlp/ { done = NR } /^m,figure,accuracy,overall,/ { last = NR } END { exit !(done && done < last) }' ||
	{ echo "$out"; fail "the audit did not wait for the retraining job"; }
echo "$out" | grep -q '^m,approved,classification,mlp hidden=64 epochs=60$' || { echo "$out"; fail "models"; }

# 2. train as m while m trains: waits, the later one wins, no error
out=$(HOME=$tmp "$FAIRSH" --batch -c "$S; $SLOW as m; train logreg C=2 as m; wait; models format=csv" 2>&1) ||
	{ echo "$out"; fail "a second train as m failed"; }
echo "$out" | grep -q 'still running' && { echo "$out"; fail "refused"; }
echo "$out" | grep -q '^m,approved,classification,logreg C=2$' || { echo "$out"; fail "the later train did not win"; }

# 3. correct ... as m while a job trains m: the job ends first, the
# correction is the model named m afterwards
out=$(HOME=$tmp "$FAIRSH" --batch -c "$S; train logreg as base; wait; $SLOW as m; correct base with threshold as m; wait; models format=csv" 2>&1) ||
	{ echo "$out"; fail "correct as m"; }
echo "$out" | grep -q '^m,approved,classification,threshold(base)' || { echo "$out"; fail "the job replaced the correction"; }

# 4. export predictions right after train: the new model's columns are there
out=$(HOME=$tmp "$FAIRSH" --batch -c "$S; $SLOW as m; export predictions p.csv" 2>&1) || { echo "$out"; fail "export"; }
head -n 1 p.csv | grep -q ',m_score,m_pred$' || { head -n 1 p.csv; echo "$out"; fail "export did not wait for m"; }
echo "ok"
