#!/bin/sh
# adversarial.sh -- train adversarial through the binary: a background job
# with progress and cancel, pre=reweigh, saving (a reopened model scores bit
# for bit the same), explain and methods, the errors. The numerics are in
# tests/unit/test-adversarial.c and adversarial-ref.py (numpy, Adult); no
# trained figure is compared here, since a network's training rounds
# differently with another BLAS.
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
fail() { echo "FAIL: $*"; echo "$out"; exit 1; }
setup='load demo:hiring n=1500 bias=2 seed=3; target hired positive=yes; sensitive gender; split 0.7 seed=3'
out=$(HOME=$tmp "$FAIRSH" -c "$setup; train adversarial epochs=100000 as slow; jobs; cancel slow;
  train adversarial hidden=16 epochs=20 as adv; train adversarial debias=no hidden=16 epochs=20 as plain;
  train adversarial constraint=dp alpha=0.3 hidden=8,4 activation=tanh epochs=10 keep=1 pre=reweigh as rw; wait;
  export predictions before.csv adv plain rw; save ws.json; close hiring; open ws.json;
  export predictions after.csv adv plain rw; models" 2>&1)
st=$?
[ $st -eq 0 ] || fail "exit status $st"
echo "$out" | grep -q '^ *1 *slow *adversarial epochs=100000 *running' || fail "jobs did not list the running job"
echo "$out" | grep -q '\[job slow\] cancelled' || fail "no cancel notice"
echo "$out" | grep -q "\[job adv\] done in .*adversarial (eodds, alpha=0.1): 20 epochs, classifier loss [0-9.]*, adversary loss [0-9.]* ([0-9.]* when it can only guess)" ||
	fail "no notice with the losses"
echo "$out" | grep -q "\[job plain\] done in .*adversarial (debias=no): 20 epochs, classifier loss" || fail "debias=no notice"
echo "$out" | grep -q "\[job rw\] done in .*(adversarial constraint=dp alpha=0.3 hidden=8,4 activation=tanh epochs=10 keep=1 pre=reweigh); reweighing: instance weights from [0-9.]* to [0-9.]*; adversarial (dp, alpha=0.3, weighted rows): 10 epochs" ||
	fail "pre=reweigh not applied"
cmp -s before.csv after.csv || fail "the reopened models score differently"
[ "$(wc -l <before.csv)" -eq 1501 ] || fail "expected 1500 rows of predictions"
# errors
out=$(HOME=$tmp "$FAIRSH" --keep-going -c "load demo:hiring n=300 seed=1; target hired positive=yes; train adversarial;
  sensitive gender; train adversarial constraint=fpr; train adversarial keep=0; train adversarial alpha=-1;
  train adversarial hidden=a; train fairrep pre=reweigh" 2>&1)
for msg in "train: adversarial needs a sensitive attribute (use 'sensitive COLUMN')" \
	"train: adversarial takes constraint dp, eo or eodds, not fpr" \
	"train: keep must be between 0.001 and 1, not 0" \
	"train: alpha must be between 0 and 1e+06, not -1" \
	"train: hidden 'a': expected layer widths 1..100000 separated by commas, e.g. 64,32" \
	"train: fairrep cannot use sample weights; pre=reweigh does not apply"; do
	echo "$out" | grep -qF "fairsh: $msg" || fail "missing error: $msg"
done
out=$(HOME=$tmp "$FAIRSH" -c "explain adversarial; methods format=csv" 2>&1)
echo "$out" | grep -q "^adversarial (in-processing; constraints: dp, eo, eodds" || fail "explain heading"
echo "$out" | grep -q "Zhang, Lemoine & Mitchell, AIES 2018; AIF360's AdversarialDebiasing" || fail "explain text"
echo "$out" | grep -q "^adversarial,in," || fail "methods row"
exit 0
