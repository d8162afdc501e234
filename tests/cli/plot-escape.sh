#!/bin/sh
# plot-escape.sh -- column names, group values and file names with quotes,
# backslashes, newlines, @, backquotes and system( reach gnuplot as literal
# text: no command runs (no PWNED file appears), every plot still renders,
# and the labels show up literally in the SVG, shown by the rule every
# place that shows data follows (fairsh/text.h: a newline as \x0a, U+202E
# as \u202e). A label that starts with a quote ('s-Hertogenbosch) broke
# every gnuplot title.
. "$top_srcdir/tests/cli/plot-lib.sh"

# group labels: a double-quote breakout, a single-quote breakout, a backquote
# command, a macro, a backslash and enhanced-text markup; the column name
# carries a single quote, a backquote and system( too
cat >evil.csv <<'CSV'
x,y,"who's `touch PWNED5` system(""touch PWNED6"")"
1,yes,"a""; system(""touch PWNED1"") #"
2,no,"a""; system(""touch PWNED1"") #"
3,yes,"a""; system(""touch PWNED1"") #"
4,no,"b'; system('touch PWNED2'); '"
5,yes,"b'; system('touch PWNED2'); '"
6,no,"b'; system('touch PWNED2'); '"
7,yes,"c`touch PWNED3`"
8,no,"c`touch PWNED3`"
9,yes,"c`touch PWNED3`"
10,no,"d@x \ ^{up}_{down} @ARG0 \n"
11,yes,"d@x \ ^{up}_{down} @ARG0 \n"
12,no,"d@x \ ^{up}_{down} @ARG0 \n"
13,yes,"e
multi-line ' system(""touch PWNED4"")"
14,no,"e
multi-line ' system(""touch PWNED4"")"
15,yes,"e
multi-line ' system(""touch PWNED4"")"
16,no,"e
multi-line ' system(""touch PWNED4"")"
17,yes,'s-Hertogenbosch
18,no,'s-Hertogenbosch
19,yes,'s-Hertogenbosch
20,no,f\u202eevil
21,yes,f\u202eevil
22,no,f\u202eevil
CSV
# U+202E (RIGHT-TO-LEFT OVERRIDE) as UTF-8
RLO=$(printf '\342\200\256')
sed "s/\\\\u202e/$RLO/" evil.csv >evil.tmp && mv evil.tmp evil.csv
grep -q "$RLO" evil.csv || fail "no U+202E in the test data"
cat >evil.fsh <<'FSH'
load evil.csv as evil
target y positive=yes
sensitive "who's `touch PWNED5` system(\"touch PWNED6\")"
features x
train logreg as m
wait
plot dist m to=evil.svg script=evil.gp
plot rates m to=evil-rates.png
plot roc m to=evil-roc.svg
plot calibration m to=evil-cal.png
plot dist m kind=density
plot dist m kind=ecdf to=e.pdf
FSH
"$FAIRSH" --batch -f evil.fsh >log 2>&1
st=$?
cat log
ls PWNED* 2>/dev/null && fail "a label ran a command"
[ $st -eq 0 ] || fail "plots with odd labels failed (status $st)"
check_image evil.svg svg; check_image evil-rates.png png; check_image evil-roc.svg svg
check_image evil-cal.png png; check_image e.pdf pdf
# labels appear literally (XML-escaped by the svg terminal), newline made a space
grep -q 'a&quot;; system(&quot;touch PWNED1&quot;) #' evil.svg || grep -q 'a"; system("touch PWNED1") #' evil.svg \
	|| fail "double-quote label not literal in the SVG"
grep -q 'c`touch PWNED3`' evil.svg || fail "backquote label not literal in the SVG"
grep -q 'd@x \\ ^{up}_{down} @ARG0 \\n' evil.svg || fail "@ / backslash / markup label not literal"
grep -qF 'e\x0amulti-line' evil.svg || fail "newline in a label not shown as \\x0a"
grep -qF "'s-Hertogenbosch (n=3)" evil.svg || fail "a label starting with a quote is not in the SVG"
grep -qF 'f\u202eevil (n=3)' evil.svg || fail "U+202E not shown as \\u202e"
grep -q "$RLO" evil.svg evil.gp && fail "U+202E reached the plot"
# in the script every label is single-quoted with ' doubled, a leading
# quote written as sprintf('%c', 39), and no line starts with the rest of
# a broken label
grep -qF "'b''; system(''touch PWNED2''); '' (n=3)'" evil.gp || fail "single quote not doubled in the script"
grep -qF "(sprintf('%c', 39).'s-Hertogenbosch (n=3)')" evil.gp || fail "leading quote not written with sprintf"
grep -q '^multi-line' evil.gp && fail "a newline reached the script"
check_clean

# file names: to= and script= with quotes, backquotes and a newline
name="o'ut \`touch PWNED7\` \"q\" \$(touch PWNED8).png"
cat >names.fsh <<'FSH'
plot dist plain to="o'ut `touch PWNED7` \"q\" $(touch PWNED8).png" script="s'c `touch PWNED9`.gp"
FSH
"$FAIRSH" -c "$SETUP; source names.fsh" >log 2>&1 || { cat log; fail "odd output name"; }
ls PWNED* 2>/dev/null && fail "a file name ran a command"
check_image "$name" png
[ -f "s'c \`touch PWNED9\`.gp" ] || fail "script= with an odd name not written"
check_clean
exit 0
