#!/bin/sh
# compas-propublica.sh -- share/fairsh/examples/05-propublica-compas.fsh
# reproduces ProPublica's COMPAS figures (decile_score >= 5 as the decision,
# two_year_recid as the outcome), African-American vs Caucasian defendants:
#   all 7,214 rows:           FPR 0.4485 vs 0.2345, FNR 0.2799 vs 0.4772
#   screened, 6,172 rows:     FPR 0.4234 vs 0.2201, FNR 0.2848 vs 0.4964
# as printed (four digits), and at full precision against the counts
# (pandas on compas.csv: FP/N and FN/P; all rows AA 805/1795, 532/1901,
# Caucasian 349/1488, 461/966; screened AA 641/1514, 473/1661, Caucasian
# 282/1281, 408/822). The race x sex audits leave the emptied groups out
# with one note; the decision made from score_text agrees with the score.
. "$top_srcdir/tests/lib/data.sh"
D=$(test_data compas.csv) || exit $?
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
fail() { echo "FAIL: $*"; bad=1; }
bad=0

# the example as shipped, with the path of the data found here
sed "s|^load compas\$|load $D|" "$top_srcdir/share/fairsh/examples/05-propublica-compas.fsh" > ex.fsh
grep -q "^load $D\$" ex.fsh || { echo "FAIL: the example does not 'load compas'"; exit 1; }
HOME=$tmp "$FAIRSH" --batch ex.fsh > out.txt 2> err.txt || { cat out.txt err.txt; echo "FAIL: the example failed"; exit 1; }

# "fpr fnr" of a group in the race audit of decile_score >= 5 on N rows
rates() {   # $1 = rows, $2 = group
	awk -v n="$1" -v g="$2" '
		/^Audit of decisions decile_score >= 5 on all rows/ { on = index($0, "(" n ")") > 0; next }
		on && /^group / { for (i = 1; i <= NF; i++) col[$i] = i; next }
		on && $1 == g { print $(col["fpr"]) " " $(col["fnr"]); exit }' out.txt
}
[ "$(rates 7214 African-American)" = "0.4485 0.2799" ] || fail "all rows, African-American: $(rates 7214 African-American)"
[ "$(rates 7214 Caucasian)" = "0.2345 0.4772" ] || fail "all rows, Caucasian: $(rates 7214 Caucasian)"
[ "$(rates 6172 African-American)" = "0.4234 0.2848" ] || fail "screened, African-American: $(rates 6172 African-American)"
[ "$(rates 6172 Caucasian)" = "0.2201 0.4964" ] || fail "screened, Caucasian: $(rates 6172 Caucasian)"

# race x sex: the eight emptied groups in one note, no row with n = 0
[ "$(grep -c 'note: 8 groups without rows among the audited rows left out: Other & Male, Other & Female,' err.txt)" -eq 2 ] ||
	fail "the note on the emptied groups: $(cat err.txt)"
grep -q "note: 4 groups without rows after the filters, left out of audits: Other, Hispanic, Native American, Asian" err.txt ||
	fail "sensitive: the note on the emptied groups"
grep -q 'warning' err.txt && fail "warnings: $(grep warning err.txt)"
grep -q '^Hispanic & ' out.txt && fail "an emptied group is shown"
grep -q '^African-American & Female  *652 ' out.txt || fail "race x sex rows"
# score_text Medium/High is the same decision as decile_score >= 5
awk '/^high_risk / && h == "" { $1 = ""; h = $0 } /^medium_high / && m == "" { $1 = ""; m = $0 }
     END { gsub(/\*/, "", h); exit !(h == m && h != "") }' out.txt ||
	fail "compare: high_risk and medium_high differ"
grep -q "^column 'age_band' = .*under 25 (1529), 25-44 (4109), 45 and over (1576)" err.txt || fail "age bands"
grep -q 'so the error that does harm is a false positive' out.txt || fail "punitive verdict"
# the threshold optimiser on the score: its equalized odds difference is
# below ProPublica's decision's (on the same rows, compare's 7th column)
awk '/^high_risk /{ sub(/\*/, "", $7); h = $7 } /^equal_odds /{ sub(/\*/, "", $7); e = $7 }
     END { exit !(h != "" && e != "" && e + 0 < h + 0) }' out.txt || fail "threshold optimiser on the score"

# full precision: the tidy CSV's figures (model,kind,name,group,value,...)
# against the counts
full() {   # $1 = filter commands, $2 = group, $3 = FP/N, $4 = FN/P
	HOME=$tmp "$FAIRSH" -c "load $D; target two_year_recid; sensitive race; $1 audit score=decile_score threshold=5 format=csv" 2>/dev/null |
	awk -F, -v g="$2" -v e1="$3" -v e2="$4" '
		NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
		$(col["kind"]) == "figure" && $(col["group"]) == g && $(col["name"]) == "fpr" { fpr = $(col["value"]); nf++ }
		$(col["kind"]) == "figure" && $(col["group"]) == g && $(col["name"]) == "fnr" { fnr = $(col["value"]); nf++ }
		END { split(e1, a, "/"); split(e2, b, "/"); d1 = fpr - a[1] / a[2]; d2 = fnr - b[1] / b[2];
		      exit !(nf == 2 && fpr != "" && fnr != "" && d1 < 1e-15 && d1 > -1e-15 && d2 < 1e-15 && d2 > -1e-15) }'
}
screen="filter days_b_screening_arrest <= 30 and days_b_screening_arrest >= -30;"
full "" African-American 805/1795 532/1901 || fail "full precision, all rows, African-American"
full "" Caucasian 349/1488 461/966 || fail "full precision, all rows, Caucasian"
full "$screen" African-American 641/1514 473/1661 || fail "full precision, screened, African-American"
full "$screen" Caucasian 282/1281 408/822 || fail "full precision, screened, Caucasian"

# the gate on ProPublica's decision: check reads decile_score >= 5 as audit
# does; the FPR it finds is 805/1795 (AA) and 349/1488 (Caucasian) to the
# last bit, the AA group fails a 0.3 limit (exit 3), and score_text
# Medium/High is the same decision (same value)
HOME=$tmp "$FAIRSH" -c "load $D; target two_year_recid; sensitive race;
  check fpr[African-American] <= 0.3 score=decile_score threshold=5 to=gate.json;
  check fpr[Caucasian] <= 0.3 score=decile_score threshold=5 to=gate.json;
  check fpr[African-American] <= 0.3 pred=score_text positive=Medium,High to=gate.json" > gate.out 2> gate.err
st=$?
[ $st -eq 3 ] || fail "the COMPAS gate: exit $st, expected 3: $(cat gate.err)"
/usr/bin/python3 - <<'PY' || fail "the COMPAS gate's JSON"
import json
d = json.load(open("gate.json"))
assert d["tests"] == 3 and d["failed"] == 2, (d["tests"], d["failed"])
c = d["checks"]
assert [x["model"] for x in c] == ["score=decile_score threshold=5"] * 2 + ["pred=score_text positive=Medium,High"]
assert [x["status"] for x in c] == ["fail", "pass", "fail"]
assert c[0]["value"] == 805 / 1795 and c[1]["value"] == 349 / 1488 and c[2]["value"] == c[0]["value"]
PY
grep -q "^fairsh: .*FAIL fpr\[African-American\] <= 0.3 (score=decile_score threshold=5, all rows): 0.4485, not <= 0.3" gate.err ||
	fail "the failed gate is not reported: $(cat gate.err)"
exit $bad
