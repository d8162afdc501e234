#!/bin/sh
# save-roundtrip.sh -- save -> open -> audit gives the identical JSON for every
# model kind (logreg, ridge, linear and kernel SVM exact and rff, MLP, kernel
# FERM exact and approximate, pre=ferm projection and elimination, Wasserstein
# of a model and of a column, prediction columns), on demo data and on a CSV
# file with filters and features; `history save` replays to the same figures.
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
fail() { echo "FAIL: $*"; exit 1; }

setup='load demo:loans n=1200 seed=7 bias=1.5; target approved positive=yes; sensitive group; split 0.7 seed=3 calib=0.2;
train logreg as lr; train logreg pre=ferm as fe; train logreg pre=ferm variant=elim as fel;
train svm as sv; train svm kernel=rbf as ks; train svm kernel=rbf approx=rff components=50 as ksr;
train mlp hidden=8,4 epochs=15 as nn; train ferm as kf; train ferm exact=no components=40 as kfa;
wait; correct lr with wasserstein as wlr; correct fe with wasserstein alpha=0.5 as wfe;
predict lr; correct pred=lr_score with wasserstein as wcol'
models="lr fe fel sv ks ksr nn kf kfa wlr wfe wcol"

audits() {   # $1 = commands before the audits, $2 = output file
	cmds="$1"
	for m in $models; do cmds="$cmds; audit $m format=json ci=30"; done
	HOME=$tmp "$FAIRSH" -c "$cmds" > "$2.all" 2>"$2.err" || { cat "$2.err"; fail "fairsh failed: $1"; }
	sed -n '/^{/,/^}/p' "$2.all" > "$2"
}

HOME=$tmp "$FAIRSH" -c "$setup; set seed 5; set convention fairlearn; save ws.json" > save.out 2>&1 || { cat save.out; fail "save failed"; }
grep -q "saved 1 session and 12 models to 'ws.json'" save.out || { cat save.out; fail "save message"; }
audits "$setup; set seed 5; set convention fairlearn" before.txt
audits "open ws.json" after.txt
grep -q '"model":	"wcol"' before.txt || fail "audits did not run"
[ "$(grep -c '"model":' after.txt)" -eq 12 ] || fail "not every model audited after open"
cmp -s before.txt after.txt || { diff before.txt after.txt | head -20; fail "audits differ after save/open"; }
grep -q '"convention":	"fairlearn"' after.txt || fail "settings (convention) not restored"

# the file itself: format, version, checksums, base64 arrays
grep -q '"format":	"fairsh-workbench"' ws.json || fail "no format field"
grep -q '"version":	1' ws.json || fail "no version field"
grep -q '"dtype":	"u8"' ws.json || fail "split not saved as bytes"

# two sessions, one a regression (ridge, MLP regression, Wasserstein): the current session is restored
reg='load demo:wages n=600 seed=4; target wage; sensitive gender; split 0.7 seed=4; train ridge alpha=2 as rd; train mlp hidden=6 epochs=10 as rn; wait; correct rd with wasserstein as wrd'
HOME=$tmp "$FAIRSH" -c "$reg; load demo:loans n=300 as other; use wages; save two.json" > two.out 2>&1 || { cat two.out; fail "two sessions"; }
HOME=$tmp "$FAIRSH" -c "$reg; audit rd format=json; audit rn format=json; audit wrd format=json ci=20" > r1.all 2>&1 || fail "regression audits"
HOME=$tmp "$FAIRSH" -c "open two.json; sessions; audit rd format=json; audit rn format=json; audit wrd format=json ci=20" > r2.all 2>&1 || { cat r2.all; fail "regression open"; }
sed -n '/^{/,/^}/p' r1.all > r1.json; sed -n '/^{/,/^}/p' r2.all > r2.json
[ "$(grep -c '"task":	"regression"' r1.json)" -eq 3 ] || fail "regression audits missing"
cmp -s r1.json r2.json || { diff r1.json r2.json | head; fail "regression audits differ after open"; }
grep -q "opened 'two.json': 2 sessions, 3 models; current session wages" r2.all || { cat r2.all; fail "two-session open message"; }
grep -q "other" r2.all || fail "second session not restored"

# a CSV dataset with a filter and explicit features; saving twice gives the same file
cp "$top_srcdir/tests/data/toy12.csv" toy.csv
csv='load toy.csv as toy; target y positive=1; sensitive sex; features race,p; filter id>=2; train logreg C=2 as m1; train svm C=0.5 as s1; wait'
HOME=$tmp "$FAIRSH" -c "$csv; save toy.json; save toy2.json" > csv.out 2>&1 || { cat csv.out; head -3 toy.csv; fail "csv save"; }
cmp -s toy.json toy2.json || fail "saving twice gave different files"
grep -q '"sha256":	"'"$(sha256sum toy.csv | cut -c1-64)"'"' toy.json || fail "SHA-256 of toy.csv not in the file (or wrong)"
grep -q '"size":	'"$(wc -c < toy.csv)" toy.json || fail "file size not saved"
HOME=$tmp "$FAIRSH" -c "$csv; audit m1 format=json on=all; models" > c1.txt 2>&1 || fail "csv audit"
HOME=$tmp "$FAIRSH" -c "open toy.json; audit m1 format=json on=all; models" > c2.txt 2>&1 || fail "csv open"
sed -n '/^{/,/^}/p' c1.txt > c1.json; sed -n '/^{/,/^}/p' c2.txt > c2.json
[ -s c1.json ] || { cat c1.txt; fail "no csv audit json"; }
cmp -s c1.json c2.json || { diff c1.json c2.json; fail "csv audit differs after open"; }
grep -q "opened 'toy.json': 1 session, 2 models; current session toy" c2.txt || { cat c2.txt; fail "open message"; }
HOME=$tmp "$FAIRSH" -c "open toy.json; filter; features race; save toy3.json" > f.txt 2>&1 || { cat f.txt; fail "restored set-up"; }
grep -q "filter id>=2" f.txt || { cat f.txt; fail "filter not restored"; }

# history replay: the saved command file reproduces the audit figures
printf '%s\n' "$setup" | tr ';' '\n' | sed 's/^ *//' | grep -v '^$' > cmds.fsh
printf 'audit wfe format=json ci=40\nhistory save replay.fsh\n' >> cmds.fsh
HOME=$tmp "$FAIRSH" -f cmds.fsh > h1.txt 2>&1 || { cat h1.txt; fail "history run"; }
[ -f replay.fsh ] || fail "history save wrote nothing"
HOME=$tmp "$FAIRSH" -f replay.fsh > h2.txt 2>&1 || { cat h2.txt; fail "replay failed"; }
sed -n '/^{/,/^}/p' h1.txt > h1.json; sed -n '/^{/,/^}/p' h2.txt > h2.json
[ -s h1.json ] || fail "no audit in the history run"
cmp -s h1.json h2.json || { diff h1.json h2.json | head; fail "history replay gives different figures"; }
# the reference group of `sensitive ... reference=` is saved with the
# session (M; without it the reference would be F, the first of two
# groups of 6)
HOME=$tmp "$FAIRSH" -c "load toy.csv as toy; target y positive=1; sensitive sex reference=M; save ref.json" \
	> ref.out 2>&1 || { cat ref.out; fail "save with reference="; }
HOME=$tmp "$FAIRSH" -c "open ref.json; audit pred=yhat disparity=fpr format=json" 2>/dev/null |
	grep -q '"reference":	"M"' || fail "sensitive's reference= not restored by open"
exit 0
