#!/bin/sh
# save-methods.sh -- save -> open -> audit gives the identical JSON for the
# standard methods (doc/methods.md 8) and fair representations: pre=direpair, the threshold
# optimiser (dp, eodds; randomised: per-row draws keyed by seed and row),
# expgrad (logreg and SVM bases; randomised), a Wasserstein correction of an
# expgrad model, a fair representation, models trained on it (referenced by
# name, or written inline when the representation was replaced by a
# namesake), a threshold optimiser on such a model; the last trade-off sweep
# (`plot tradeoff` draws the same points after open); and the refusal of a
# file whose representation reference is dangling.
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
fail() { echo "FAIL: $*"; exit 1; }

setup='load demo:hiring n=1200 bias=2 seed=3; target hired positive=yes; sensitive gender; split 0.7 seed=3;
train logreg as plain; train svm pre=direpair level=0.5 as dr; train logreg pre=direpair level=1 as dr1;
train expgrad constraint=dp eps=0.02 max_iter=15 as eg; train expgrad base=svm constraint=eo max_iter=10 as egs;
train fairrep epochs=30 dim=4 hidden=8 lambda=0.1 as rep; wait; train logreg on=rep as tr; train svm on=rep as trs;
train fairrep epochs=3 dim=3 family=linear as rep2; wait; train logreg on=rep2 as tr2; wait;
train fairrep epochs=2 dim=5 as rep2; wait;
correct plain with threshold constraint=eodds as thr; correct plain with threshold as thr_dp;
correct eg with wasserstein as weg; correct tr with threshold constraint=eo as thr_tr;
tradeoff plain with wasserstein alpha=0,0.5,1'
models="plain dr dr1 eg egs rep tr trs tr2 rep2 thr thr_dp weg thr_tr"
n=$(echo $models | wc -w)

audits() {   # $1 = commands before the audits, $2 = output file
	cmds="$1"
	for m in $models; do cmds="$cmds; audit $m format=json ci=20"; done
	cmds="$cmds; audit thr on=all format=json; audit eg on=train format=json"
	cmds="$cmds; plot tradeoff to=trade.png script=$2.gp"
	HOME=$tmp "$FAIRSH" -c "$cmds" > "$2.all" 2>"$2.err" || { cat "$2.err"; fail "fairsh failed: $1"; }
	sed -n '/^{/,/^}/p' "$2.all" > "$2"
}

HOME=$tmp "$FAIRSH" -c "$setup; set seed 9; save ws.json" > save.out 2>&1 || { cat save.out; fail "save failed"; }
grep -q "saved 1 session and $n models to 'ws.json'" save.out || { cat save.out; fail "save message"; }
audits "$setup; set seed 9" before.txt
audits "open ws.json" after.txt
grep -q '"model":	"thr_tr"' before.txt || fail "audits did not run"
[ "$(grep -c '"model":' after.txt)" -eq $((n + 2)) ] || fail "not every model audited after open"
cmp -s before.txt after.txt || { diff before.txt after.txt | head -20; fail "audits differ after save/open"; }

# the file: the representation is referenced by name, the replaced one inline
grep -q '"rep":	"rep"' ws.json || fail "tr does not refer to the representation 'rep' by name"
grep -q '"rep_model":' ws.json || fail "tr2 (its representation was replaced) does not carry it inline"
grep -q '"kind":	"expgrad"' ws.json || fail "no expgrad learner in the file"
grep -q '"kind":	"threshold_opt"' ws.json || fail "no threshold optimiser in the file"
grep -q '"direpair":' ws.json || fail "no disparate-impact remover in the file"
grep -q '"sweep":' ws.json || fail "no sweep in the file"

# the sweep: `plot tradeoff` after open draws the same points (same script)
[ -s before.txt.gp ] || fail "no tradeoff script before"
cmp -s before.txt.gp after.txt.gp || { diff before.txt.gp after.txt.gp | head; fail "plot tradeoff differs after open"; }
grep -q 'alpha=0.5' after.txt.gp || fail "sweep points not in the script"
# opening a file without a sweep forgets the previous one
HOME=$tmp "$FAIRSH" -c "load demo:loans n=200 seed=1; target approved positive=yes; sensitive group; save nosweep.json" > ns.out 2>&1 || { cat ns.out; fail "save without sweep"; }
grep -q '"sweep":' nosweep.json && fail "a sweep was saved without one"
out=$(HOME=$tmp "$FAIRSH" -c "open ws.json; open nosweep.json; plot tradeoff" 2>&1) && fail "plot tradeoff after opening a file without a sweep succeeded"
echo "$out" | grep -q "no trade-off sweep to plot yet" || fail "sweep not cleared by open: $out"

# saved twice: the same file
HOME=$tmp "$FAIRSH" -c "open ws.json; save ws2.json" > s2.out 2>&1 || { cat s2.out; fail "re-save after open"; }
HOME=$tmp "$FAIRSH" -c "open ws2.json; save ws3.json" > s3.out 2>&1 || { cat s3.out; fail "re-save after second open"; }
cmp -s ws2.json ws3.json || { diff ws2.json ws3.json | head; fail "open + save is not stable"; }

# a dangling representation name is refused, and nothing is loaded
sed 's/"rep":	"rep"/"rep":	"nosuch"/' ws.json > bad.json
cmp -s ws.json bad.json && fail "could not make the dangling reference"
out=$(HOME=$tmp "$FAIRSH" -c "load demo:loans n=100 as keep; open bad.json" 2>&1) && fail "open of a dangling reference succeeded"
echo "$out" | grep -q "trained on the representation 'nosuch', which is not in the file; nothing was loaded" ||
	fail "dangling reference message: $out"
out=$(HOME=$tmp "$FAIRSH" -c "load demo:loans n=100 as keep; open bad.json; sessions" 2>&1)
echo "$out" | grep -q "keep" || fail "a failed open changed the workbench: $out"
# a threshold optimiser with an unknown constraint is refused
sed 's/"constraint":	"eodds"/"constraint":	"odds"/' ws.json > bad2.json
cmp -s ws.json bad2.json && fail "could not corrupt the constraint"
out=$(HOME=$tmp "$FAIRSH" -c "open bad2.json" 2>&1) && fail "open of a bad constraint succeeded"
echo "$out" | grep -q "saved model 11: constraint must be dp, eo, eodds, fpr, tnr, fnr or error, not 'odds'; nothing was loaded" ||
	fail "bad constraint message: $out"
exit 0
