#!/bin/sh
# escape-data.sh -- one rule for every place a value from the data is shown
# (fairsh/text.h): control bytes as \xNN, U+202E and the other invisible
# reordering code points as \uXXXX. A group label carrying an escape
# sequence that would erase the line and write a fake verdict, a newline
# and U+202E (RIGHT-TO-LEFT OVERRIDE), and a column name with an escape
# sequence, go through set-up, audit (tables, the two-proportion test, the
# pairwise differences, the calibration table, the verdicts), describe,
# features, warnings, report (Markdown and HTML) and history: the raw bytes
# never come out, the escaped forms do. They reached the terminal raw in the
# sensitive line, the calibration header, the z-test line and the verdicts,
# and U+202E reached the HTML report unmarked.
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
fail() { echo "FAIL: $*"; exit 1; }
ESC=$(printf '\033')
RLO=$(printf '\342\200\256')
CR=$(printf '\r')

# groups: "A<ESC>[2K<CR>ok: all fair" (erase the line, overwrite it) and
# "B<newline>x<RLO>gpj.exe"; a feature column named "z<ESC>[31m"
awk -v esc="$ESC" -v rlo="$RLO" -v cr="$CR" 'BEGIN {
	printf "x,\"z%s[31m\",g,y\n", esc
	for (i = 0; i < 400; i++) {
		g = i % 2 ? "A" esc "[2K" cr "ok: all fair" : "\"B\nx" rlo "gpj.exe\""
		printf "%d,%d,%s,%s\n", i % 13, (i * 7) % 11, g, (i % 13 >= 7 || (i % 2 && i % 13 >= 4)) ? "yes" : "no"
	}
}' >data.csv
out=$(HOME=$tmp "$FAIRSH" --batch -c "load data.csv as d; target y positive=yes; sensitive g; features all; describe;
	split 0.7 seed=2; train logreg as m; wait; audit m pairs=yes; report r.md plots=no; report r.html plots=no;
	history" 2>&1) || { echo "$out"; fail "the commands failed"; }
echo "$out" >out.txt
# no raw escape, carriage return or override anywhere in what was printed
grep -q "$ESC" out.txt && { grep -n "$ESC" out.txt | cat -v | head; fail "a raw ESC was printed"; }
grep -q "$CR" out.txt && fail "a raw carriage return was printed"
grep -q "$RLO" out.txt && fail "a raw U+202E was printed"
# and the escaped forms where the labels are shown
A='A\x1b[2K\x0dok: all fair'
B='B\x0ax\u202egpj.exe'
for want in \
	"sensitive attribute: 2 groups: $B (200), $A (200)" \
	"features (2): x, z\\x1b[31m" \
	"two-proportion test of the selection rates (" \
	"  $B - $A: selection rate" \
	"$B vs $A" ; do
	grep -qF -- "$want" out.txt || { cat out.txt; fail "not shown escaped: $want"; }
done
# the z-test line names both groups escaped
grep -F "two-proportion test" out.txt | grep -qF "$A" || fail "z-test line"
# the calibration header: the labels escaped, one column each
grep -F 'bin  ' out.txt | grep -qF "$B  $A  overall" || { grep -F 'bin ' out.txt; fail "calibration header"; }
# every verdict line starts with a metric, none with the forged text
sed -n '/^In plain words:/,$p' out.txt | grep -q '^ok: all fair' && fail "a verdict line was forged"
sed -n '/^In plain words:/,/^$/p' out.txt | grep -qF "$B" || fail "verdicts do not name the group escaped"
# the reports: no raw bytes, the escaped labels; HTML-escaped too
for f in r.md r.html; do
	grep -q "$ESC" $f && fail "$f: raw ESC"
	grep -q "$RLO" $f && fail "$f: raw U+202E"
	grep -qF 'x\u202egpj.exe' $f || fail "$f: U+202E not shown as \\u202e"
done
grep -qF 'A\x1b[2K\x0dok: all fair' r.html || fail "r.html: the ESC label"

# values that differ only by spaces at either end ("x ", "x", " x") looked
# the same in every table and list: the outer spaces are shown as \x20
# (a CSV field keeps them only when quoted); a column named "a " too
printf '"a ",a,g,y\n1,2,"x ",yes\n3,4,x,no\n5,6," x",yes\n7,8,x,yes\n9,1," x ",no\n' >spaces.csv
out=$(HOME=$tmp "$FAIRSH" --batch -c "load spaces.csv as s; target y positive=yes; sensitive g; columns; describe g; head 1" 2>&1) ||
	{ echo "$out"; fail "the commands failed (spaces)"; }
for want in \
	'sensitive attribute: 4 groups: x\x20 (1), x (2), \x20x (1), \x20x\x20 (1)' \
	'1  a\x20   numeric      feature' \
	'x (2), x\x20 (1), \x20x (1)' ; do
	echo "$out" | grep -qF -- "$want" || { echo "$out"; fail "not shown with \\x20: $want"; }
done
echo "ok"
