#!/bin/sh
# examples.sh -- every workshop command file under share/fairsh/examples runs
# without error and prints its audit; the CI gate writes its JUnit XML.
# An example that loads a dataset by
# name (`load compas`) gets the file that tests/lib/data.sh finds; when it
# is missing, that example is skipped (or fails under CI).
. "$top_srcdir/tests/lib/data.sh"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
bad=0
for f in "$top_srcdir"/share/fairsh/examples/*.fsh; do
	run=$f
	name=$(sed -n 's/^load \([a-z_]*\)$/\1/p' "$f" | head -n 1)
	if [ -n "$name" ]; then
		D=$(test_data "$name.csv")
		case $? in
		0) ;;
		77) echo "SKIP: $f"; continue ;;
		*) bad=1; continue ;;
		esac
		sed "s|^load $name\$|load $D|" "$f" > "$tmp/run.fsh"
		run=$tmp/run.fsh
	fi
	if ! HOME=$tmp "$FAIRSH" --batch "$run" >"$tmp/out" 2>&1; then
		echo "FAIL: $f"; cat "$tmp/out"; bad=1; continue
	fi
	grep -q -E 'demographic_parity|ks_unfairness' "$tmp/out" || { echo "FAIL: $f printed no metrics"; bad=1; }
done
# the CI gate passes (exit 0, checked above) with its 4 checks as JUnit test
# cases, none failed, and leaves its audit and report
x="$tmp/fairness-checks.xml"
[ "$(grep -c '<testcase ' "$x")" -eq 4 ] && grep -q '<testsuites [^>]*tests="4" failures="0" errors="0"' "$x" ||
	{ echo "FAIL: 06-ci-gate.fsh: fairness-checks.xml"; cat "$x"; bad=1; }
/usr/bin/python3 -c 'import json,sys; d = json.load(open(sys.argv[1])); assert d["command"] == "audit" and d["model"] == "fair"' \
	"$tmp/fairness-audit.json" || { echo "FAIL: 06-ci-gate.fsh: fairness-audit.json"; bad=1; }
[ -s "$tmp/fairness-report.md" ] || { echo "FAIL: 06-ci-gate.fsh: no report"; bad=1; }
exit $bad
