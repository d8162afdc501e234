#!/bin/sh
# save-derived.sh -- derived columns survive save/open and `history save`
# by being computed again from their formulas: the saved file holds each
# formula and a checksum of its values, not the values; the columns come
# back in their order (also after a redefinition that reads a later
# column, and beside prediction columns, which a formula may read); the
# set-up built on derived columns (target with favorable=, sensitive
# attribute, an expression filter, features) and the audits are the same,
# also of a Wasserstein correction of a score column with its threshold.
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
fail() { echo "FAIL: $*"; exit 1; }

cp "$top_srcdir/tests/data/toy12.csv" toy.csv
setup="load toy.csv as toy; derive hi = p >= 0.5; derive band = cut(p, (0, 0.3, 0.7, 1), labels=('low', 'mid', 'top'));
derive a = id; derive b = id * 2; derive a = b + 1;
target hi favorable=0; sensitive band; filter p < 0.95 and not isna(band); features race,a,b;
train logreg as m; wait; predict m; derive agree = m_pred == yhat;
correct score=b threshold=12 with wasserstein calib=0.9 as ws"
check="columns format=csv; target hi favorable=0; audit pred=yhat format=json; audit m format=json; audit ws format=json"

HOME=$tmp "$FAIRSH" -c "$setup; save ws.json; history save replay.fsh" > save.out 2>&1 || { cat save.out; fail "save"; }
HOME=$tmp "$FAIRSH" -c "$setup; $check" > before.txt 2>&1 || { cat before.txt; fail "audit before"; }
HOME=$tmp "$FAIRSH" -c "open ws.json; $check" > after.txt 2>&1 || { cat after.txt; fail "open"; }
sed -n '/^#,column/,$p' before.txt > b.txt
sed -n '/^#,column/,$p' after.txt > a.txt
grep -q '^8,band,categorical,sensitive,' b.txt || { cat b.txt; fail "columns before"; }
grep -q '"model":	"ws"' a.txt || fail "audits did not run"
grep -q '"cut":	12' ws.json || fail "the decision threshold of the score correction not saved"
cmp -s b.txt a.txt || { diff b.txt a.txt | head -20; fail "columns or audits differ after open"; }
# the columns in their order, a after b's redefinition included
grep -q '^9,a,numeric,feature,b + 1$' a.txt || { grep '^9,' a.txt; fail "redefined column a"; }
# the file: formulas with checksums, no values of derived columns
grep -q '"formula":	"b + 1"' ws.json || fail "formula of a not saved"
grep -q '"formula":	"m_pred == yhat"' ws.json || fail "formula reading a prediction column not saved"
[ "$(grep -c '"sha256":' ws.json)" -ge 6 ] || fail "checksums of the derived columns"
sed -n '/"extra_columns"/,/\]/p' ws.json | grep -q '"name":	"\(hi\|band\|a\|b\|agree\)"' &&
	fail "a derived column was saved with its values"
grep -q '"target":	"hi favorable=0"' ws.json || fail "favorable= not saved with the target"

# history save replays the derived columns (the model is retrained)
HOME=$tmp "$FAIRSH" replay.fsh > /dev/null 2>&1 || fail "replay"
grep -q "^derive a = b + 1$" replay.fsh || { cat replay.fsh; fail "history save lost a formula"; }
HOME=$tmp "$FAIRSH" -c "source replay.fsh; $check" > replay.txt 2>&1 || { cat replay.txt; fail "replay audit"; }
sed -n '/^#,column/,$p' replay.txt > r.txt
cmp -s b.txt r.txt || { diff b.txt r.txt | head; fail "replay differs"; }
exit 0
