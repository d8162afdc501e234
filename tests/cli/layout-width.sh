#!/bin/sh
# layout-width.sh -- the text layout without a terminal: `set width N`
# lays tables out in N columns (compare transposed, other tables in
# blocks), JSON and CSV are the same at every width, metrics= picks the
# columns (an unknown name gets the nearest), deo and disparate_impact
# (no privileged=) are shown once with a note in table and Markdown but
# kept in CSV and JSON, and `set width` refuses what is not a width.
cd "${TMPDIR:-/tmp}" || exit 99
fail() { echo "FAIL: $*"; exit 1; }
setup='load demo:loans n=3000 seed=2; target approved positive=yes; sensitive group; split 0.7 seed=2; train logreg as a; train logreg C=0.01 as b; wait'
long() { perl -CSD -ne "print if length(\$_) - 1 > $1"; }

# pipes are not limited: the comparison is one wide table
out=$($FAIRSH -q -c "$setup; compare a b" 2>&1) || fail "compare exited $?"
echo "$out" | grep -Eq '^model +accuracy +demographic_parity_difference +demographic_parity_ratio' ||
	fail "compare without a terminal is not one wide table: $out"
# set width 80: transposed, nothing over 80 columns
out=$($FAIRSH -q -c "$setup; set width 80; compare a b" 2>&1) || fail "compare at 80 exited $?"
echo "$out" | grep -Eq '^model +a +b$' || fail "compare at 80 not transposed: $out"
[ -z "$(echo "$out" | long 80)" ] || fail "compare at 80 has long lines: $(echo "$out" | long 80)"
echo "$out" | grep -Eq '^(deo|disparate_impact) ' && fail "deo or disparate_impact shown twice: $out"
echo "$out" | grep -q 'shown once' || fail "no note on deo: $out"
# the same numbers, one per metric: accuracy of a is the JSON's
acc=$(echo "$out" | awk '$1 == "accuracy" { sub(/\*/, "", $2); print $2 }')
json=$($FAIRSH -q -c "$setup; compare a b format=json")
accj=$(printf '%s' "$json" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); r=d["rows"][0]; print("%.4f" % r["accuracy"])') ||
	fail "compare JSON: $json"
[ "$acc" = "$accj" ] || fail "transposed accuracy '$acc' is not the JSON's '$accj'"
# JSON and CSV do not depend on the width and keep every metric
for f in json csv; do
	w0=$($FAIRSH -q -c "$setup; set width 0; compare a b format=$f")
	w40=$($FAIRSH -q -c "$setup; set width 40; compare a b format=$f")
	[ "$w0" = "$w40" ] || fail "format=$f changes with the width"
	echo "$w0" | grep -q 'deo' || fail "format=$f lost deo"
	echo "$w0" | grep -q 'disparate_impact' || fail "format=$f lost disparate_impact"
done
# Markdown: each metric once, the note after the table
md=$($FAIRSH -q -c "$setup; compare a b format=markdown")
echo "$md" | grep -q '| deo |' && fail "Markdown shows deo: $md"
echo "$md" | grep -q 'deo is equal_opportunity_difference' || fail "Markdown has no note: $md"
# privileged= makes disparate_impact a metric of its own: shown
out=$($FAIRSH -q -c "$setup; sensitive group privileged=majority; compare a b" 2>&1)
echo "$out" | grep -Eq '^model .* disparate_impact' || fail "disparate_impact hidden with privileged=: $out"
# metrics= picks the columns, in any format (with their intervals in CSV and JSON)
out=$($FAIRSH -q -c "$setup; compare a b metrics=accuracy,equal_opportunity_ratio format=csv")
[ "$(echo "$out" | head -n 1)" = "model,accuracy,equal_opportunity_ratio,equal_opportunity_ratio_ci_low,equal_opportunity_ratio_ci_high" ] || fail "metrics= columns: $out"
out=$($FAIRSH -q -c "$setup; compare a b metrics=acuracy" 2>&1) && fail "an unknown metric was accepted"
echo "$out" | grep -q "unknown metric 'acuracy' (did you mean 'accuracy'?)" || fail "metrics= error: $out"
# an audit in 60 columns: every line fits, the group table in blocks led by 'group'
out=$($FAIRSH -q -c "$setup; set width 60; audit a" 2>&1) || fail "audit at 60 exited $?"
[ -z "$(echo "$out" | long 60)" ] || fail "audit at 60 has long lines: $(echo "$out" | long 60)"
[ "$(echo "$out" | grep -c '^group ')" -ge 2 ] || fail "the group table is not in blocks at 60: $out"
# widths that are not widths
for v in 5 -1 abc 1e3; do
	out=$($FAIRSH -c "set width $v" 2>&1) && fail "set width $v accepted"
	echo "$out" | grep -q "width must be auto, 0 (no limit) or a number of columns from 20" || fail "set width $v: $out"
done
$FAIRSH -c 'set width 120; show settings format=csv' | grep -qx 'width,120' || fail "show settings width"
$FAIRSH -c 'show settings format=csv' | grep -qx 'width,auto (no limit: not a terminal)' || fail "show settings auto"
exit 0
