#!/bin/sh
# gate.sh -- fairness gates in CI: a command file whose checks all pass
# exits 0, one whose check fails exits 3 after running the remaining
# commands (1 when a command fails, which wins), and every check is a test
# case of the JUnit XML, which must have what the JUnit schema requires
# (testsuites; testsuite with name, tests, failures, errors; testcase with
# name and classname; failure with message). The check's values agree with
# the audit's; ci=yes asks the whole interval to pass; at the prompt a
# failed check only reports (tests/tui/repl-basic.sh).
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
PY=/usr/bin/python3
bad=0
fail() { echo "FAIL: $*"; bad=1; }
F() { HOME=$tmp "$FAIRSH" "$@"; }

cat > setup.fsh <<'EOF'
load demo:loans n=5000 bias=1 seed=1
target approved positive=yes
sensitive group privileged=majority
split 0.7 seed=1
train logreg as base
correct base with wasserstein as fair
EOF
# the audit of the corrected model, to check the checks against
F -c "$(tr "\n" ";" < setup.fsh) audit fair ci=200 to=audit.json; audit base to=base.json" 2>/dev/null || fail "audits"

# all pass: exit 0
{ cat setup.fsh; cat <<'EOF'; } > pass.fsh
check demographic_parity_ratio >= 0.8 fair to=checks.xml
check equal_opportunity_difference <= 0.1 fair ci=yes to=checks.xml
check selection_rate[*] >= 0.2 fair to=checks.xml
check accuracy >= 0.7 fair to=checks.xml
check abs(average_odds_difference) < 0.1 fair base to=checks.xml
EOF
F pass.fsh > pass.out 2> pass.err
st=$?
[ $st -eq 0 ] || { cat pass.err; fail "all checks pass: exit $st, expected 0"; }
[ -s pass.out ] && fail "checks written to a file print nothing on stdout: $(cat pass.out)"
[ "$(grep -c '^PASS ' pass.err)" -eq 6 ] || fail "6 PASS lines on stderr"
grep -q 'did not pass' pass.err && fail "a summary of failures when all passed"
cp checks.xml pass.xml

# one fails (ci=yes on the uncorrected model): the rest still runs, exit 3
{ cat setup.fsh; cat <<'EOF'; } > fail.fsh
check demographic_parity_ratio >= 0.8 fair to=checks.xml
check equal_opportunity_difference <= 0.1 base ci=yes to=checks.xml
check tpr[minority] >= 0.9 base to=checks.xml
check accuracy >= 0.7 fair to=checks.xml
describe to=after.txt
EOF
rm -f checks.xml
F fail.fsh > fail.out 2> fail.err
st=$?
[ $st -eq 3 ] || { cat fail.err; fail "a failed check: exit $st, expected 3"; }
[ -s after.txt ] || fail "the commands after the failed check did not run"
grep -qx 'fairsh: 2 of 4 fairness checks did not pass' fail.err || fail "no summary: $(tail -n 2 fail.err)"
grep -q "^fairsh: fail.fsh:8: check: FAIL equal_opportunity_difference <= 0.1 (model base, test rows): 0.06064 <= 0.1, but its interval \[.*\] reaches above 0.1 (tpr: majority 0.8306 vs minority 0.77)$" fail.err ||
	fail "the failure says what and why: $(grep FAIL fail.err)"
grep -q "^fairsh: fail.fsh:9: check: FAIL tpr\[minority\] >= 0.9 (model base, test rows): 0.77, not >= 0.9 (minority)$" fail.err ||
	fail "the figure's failure: $(grep FAIL fail.err)"

# the JUnit XML: required elements and attributes, one case per check, the
# values those of the audit
$PY - pass.xml checks.xml audit.json base.json <<'PY' || fail "JUnit XML"
import json, sys
import xml.etree.ElementTree as ET
def suites(path, ntests, nfail):
    root = ET.parse(path).getroot()
    assert root.tag == "testsuites", root.tag
    for a in ("tests", "failures", "errors"):
        assert a in root.attrib, a
    ss = root.findall("testsuite")
    assert len(ss) == 1, len(ss)
    s = ss[0]
    for a in ("name", "tests", "failures", "errors"):
        assert a in s.attrib, a
    assert s.get("name").endswith(".fsh"), s.get("name")
    cases = s.findall("testcase")
    assert int(s.get("tests")) == len(cases) == int(root.get("tests")) == ntests, (s.get("tests"), len(cases))
    failed = [c for c in cases if c.find("failure") is not None]
    assert int(s.get("failures")) == len(failed) == int(root.get("failures")) == nfail
    assert int(s.get("errors")) == 0
    for c in cases:
        assert c.get("name") and c.get("classname", "").startswith("fairsh.loans."), c.attrib
        float(c.get("time"))
        f = c.find("failure")
        if f is not None:
            assert f.get("message"), "failure without message"
    return cases
cases = suites(sys.argv[1], 6, 0)
assert [c.get("name") for c in cases] == [
    "demographic_parity_ratio >= 0.8 (model fair, test rows)",
    "equal_opportunity_difference <= 0.1 (model fair, test rows)",
    "selection_rate[*] >= 0.2 (model fair, test rows)",
    "accuracy >= 0.7 (model fair, test rows)",
    "abs(average_odds_difference) < 0.1 (model fair, test rows)",
    "abs(average_odds_difference) < 0.1 (model base, test rows)"], [c.get("name") for c in cases]
# what each check found is the audit's number
a = json.load(open(sys.argv[3]))
out = cases[0].find("system-out").text
assert "%.4g >= 0.8" % a["metrics"]["demographic_parity_ratio"] in out, out
cases = suites(sys.argv[2], 4, 2)
f = [c for c in cases if c.find("failure") is not None]
assert [c.get("classname") for c in f] == ["fairsh.loans.base", "fairsh.loans.base"]
b = json.load(open(sys.argv[4]))
tpr = [g for g in b["groups"] if g["group"] == "minority"][0]["tpr"]
assert f[1].find("failure").get("message") == "%.4g, not >= 0.9 (minority)" % tpr, f[1].find("failure").get("message")
assert f[0].find("failure").get("type") == "fail"
assert "fail.fsh:8" in f[0].find("failure").text
PY

# an error after a failed check: the error's status wins
{ cat setup.fsh; echo 'check accuracy >= 0.99 fair'; echo 'audit nosuch'; echo 'describe'; } > err.fsh
F err.fsh > /dev/null 2> err.err
st=$?
[ $st -eq 1 ] || fail "a failed check then an error: exit $st, expected 1"
# -c counts as a batch run; the result on stdout when there is no to=
out=$(F -c "$(tr "\n" ";" < setup.fsh) check accuracy >= 0.99 fair; check accuracy >= 0.5 fair" 2>/dev/null)
st=$?
[ $st -eq 3 ] || fail "-c: exit $st, expected 3"
[ "$(echo "$out" | cut -c1-5)" = "FAIL 
PASS " ] || fail "-c: the results on stdout: $out"

# usage errors: status 1 (a command failed), the message names the problem
check_err() {   # commands, expected message
	out=$(F -c "$(tr "\n" ";" < setup.fsh) $1" 2>&1)
	st=$?
	[ $st -eq 1 ] || fail "'$1': exit $st, expected 1"
	echo "$out" | grep -qF -- "$2" || fail "'$1': expected '$2', got: $(echo "$out" | tail -n 2)"
}
check_err 'check eod <= 0.1' "fairsh: check: unknown metric or figure 'eod'"
check_err 'check equal_opportunity_difference 0.1' "fairsh: check: expected NAME <, <=, > or >= LIMIT, e.g. equal_opportunity_difference <= 0.05"
check_err 'check tpr[nobody] >= 0.1 fair' "fairsh: check: no group 'nobody' in the audit (groups: majority, minority; overall, or * for every group)"
check_err 'check ks_unfairness < 0.1 fair' "fairsh: check: ks_unfairness is a regression metric; this audit is of a binary target"
check_err 'check deo < 0.1 fair pred=approved' "fairsh: check: give MODELs or pred=COLUMN (score=COLUMN threshold=T), not both"
check_err 'check deo < 0.1 threshold=0.5' "fairsh: check: positive=, threshold= and direction= read decisions from columns: give pred=COLUMN or score=COLUMN threshold=T"
check_err 'check deo < 0.1 score=approved' "fairsh: check: score=approved needs threshold=T"
check_err 'check deo < 0.1 fair ci=maybe' "fairsh: check: ci must be yes, no or a number of resamples (2 to 100000), not 'maybe'"
check_err 'check deo < 0.1 nosuch' "no model named 'nosuch'"
check_err 'check deo < 0.1 fair zzz=1' "fairsh: check: unknown option 'zzz'"
out=$(F -c 'load demo:loans n=300; target approved positive=yes; sensitive group; check deo < 0.1' 2>&1)
echo "$out" | grep -qF "session 'loans' has no models to check: name a MODEL, give pred=COLUMN, or train one" ||
	fail "no models: $out"
# a prediction column made elsewhere, with its scores
# (toy12's groups have 6 rows: min-group=0 judges them by their values)
out=$(F -c "load $top_srcdir/tests/data/toy12.csv; target y positive=1; sensitive sex; check demographic_parity_difference <= 0.2 pred=yhat min-group=0; check auc[F] > 0.8 pred=yhat score=p" 2>/dev/null)
[ "$out" = "PASS demographic_parity_difference <= 0.2 (pred=yhat, all rows): 0.1667 <= 0.2 (selection_rate: M 0.6667 vs F 0.5)
PASS auc[F] > 0.8 (pred=yhat, all rows): 0.8889 > 0.8 (F)" ] || fail "pred= checks: $out"
# decisions from a score cut at a threshold, as audit reads them (toy12,
# tests/cli/decisions.fsh): p >= 0.55 selects F rows 1 2 4 (3/6) and M rows
# 7-10 (4/6), a demographic parity difference of 1/6; p <= 0.3 selects F
# rows 5 6 (2/6). Two of the three fail: the run exits 3 (min-group=0:
# the groups' 6 rows are judged by value, not left inconclusive).
out=$(F -c "load $top_srcdir/tests/data/toy12.csv; target y positive=1; sensitive sex;
  check selection_rate[M] >= 0.6 score=p threshold=0.55; check demographic_parity_difference <= 0.1 score=p threshold=0.55 min-group=0;
  check selection_rate[F] <= 0.3 score=p threshold=0.3 direction=lower" 2>/dev/null)
st=$?
[ $st -eq 3 ] || fail "score= threshold= checks: exit $st, expected 3"
[ "$out" = "PASS selection_rate[M] >= 0.6 (score=p threshold=0.55, all rows): 0.6667 >= 0.6 (M)
FAIL demographic_parity_difference <= 0.1 (score=p threshold=0.55, all rows): 0.1667, not <= 0.1 (selection_rate: M 0.6667 vs F 0.5)
FAIL selection_rate[F] <= 0.3 (score=p threshold=0.3 direction=lower, all rows): 0.3333, not <= 0.3 (F)" ] ||
	fail "score= threshold= checks: $out"

# groups below min-group (default 30): the audit's verdict is inconclusive,
# and so is the check, whatever the value (M 4/6 - F 3/6 = 0.1667 passes
# <= 0.2 and fails <= 0.1): an INCONCLUSIVE check fails the gate (exit 3)
# unless inconclusive=pass lets it through (exit 0, a skipped JUnit case)
toy="load $top_srcdir/tests/data/toy12.csv; target y positive=1; sensitive sex"
out=$(F -c "$toy; check demographic_parity_difference <= 0.2 pred=yhat; check demographic_parity_difference <= 0.1 pred=yhat" 2>/dev/null)
st=$?
[ $st -eq 3 ] || fail "inconclusive checks: exit $st, expected 3"
[ "$out" = "INCONCLUSIVE demographic_parity_difference <= 0.2 (pred=yhat, all rows): 0.1667 <= 0.2 (selection_rate: M 0.6667 vs F 0.5); inconclusive: the groups compared have fewer than 30 rows (or positives/negatives for the rate), too few to tell
INCONCLUSIVE demographic_parity_difference <= 0.1 (pred=yhat, all rows): 0.1667, not <= 0.1 (selection_rate: M 0.6667 vs F 0.5); inconclusive: the groups compared have fewer than 30 rows (or positives/negatives for the rate), too few to tell" ] ||
	fail "inconclusive checks: $out"
F -c "$toy; check demographic_parity_difference <= 0.1 pred=yhat inconclusive=pass to=inc.xml; check demographic_parity_difference <= 0.1 pred=yhat inconclusive=pass format=json" > inc.json 2> inc.err
st=$?
[ $st -eq 0 ] || { cat inc.err; fail "inconclusive=pass: exit $st, expected 0"; }
grep -q '^INCONCLUSIVE demographic_parity_difference <= 0.1 (pred=yhat, all rows): 0.1667, not <= 0.1' inc.err || fail "inconclusive=pass: not reported: $(cat inc.err)"
$PY - inc.xml inc.json <<'PY' || fail "inconclusive=pass: JUnit skipped, JSON fails_gate"
import json, sys, xml.etree.ElementTree as ET
s = ET.parse(sys.argv[1]).getroot().find("testsuite")
assert (s.get("tests"), s.get("failures"), s.get("skipped")) == ("1", "0", "1"), s.attrib
c = s.find("testcase")
assert c.find("failure") is None and c.find("skipped") is not None
assert "too few to tell" in c.find("skipped").get("message")
d = json.load(open(sys.argv[2]))
assert (d["tests"], d["passed"], d["failed"]) == (1, 1, 0), d
assert d["checks"][0]["status"] == "inconclusive" and d["checks"][0]["fails_gate"] is False
PY
# the exit statuses are in --help and in the manual
"$FAIRSH" --help | tr '\n' ' ' | grep -q "3 every command ran but a fairness check ('check') did not pass" ||
	fail "--help does not list status 3"
grep -q '^every command ran, but a fairness check$' "$top_srcdir/man/fairsh.1" || fail "the manual does not list status 3"

# the gate the manual shows (section IN CI) runs as printed, on decisions
# made elsewhere: here those of a corrected model, exported
F -q -c 'load demo:loans n=3000 seed=1; target approved positive=yes; sensitive group privileged=majority;
  split 0.7 seed=1; train logreg as m; correct m with wasserstein as fair; export predictions raw.csv fair' ||
	fail "scored data"
sed '1s/fair_score/probability/; 1s/fair_pred/decision/' raw.csv > scored.csv
sed -n '/^\.SH IN CI/,/^\.SH SEE ALSO/p' "$top_srcdir/man/fairsh.1" | sed -n '/fairness\\-gate.fsh :$/,/^\.fi$/p' |
	sed -e '1,3d' -e '$d' -e 's/\\-/-/g' > manual.fsh
[ "$(grep -c '^check ' manual.fsh)" -eq 3 ] || { cat manual.fsh; fail "the manual's gate not found"; }
F manual.fsh > manual.out 2> manual.err
st=$?
[ $st -eq 0 ] || { cat manual.err; fail "the manual's gate: exit $st"; }
[ -s fairness-audit.json ] && [ -s fairness-report.md ] || fail "the manual's gate wrote no audit or report"
[ "$(grep -c '<testcase ' fairness-checks.xml)" -eq 3 ] || fail "the manual's gate: 3 test cases"
exit $bad
