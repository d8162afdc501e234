#!/bin/sh
# view-escape.sh -- the full-screen views show values from the data by the
# rule of fairsh/text.h: a newline in a cell is \x0a (it broke `view data`,
# the row spilling onto the next screen line), an escape sequence is
# \x1b[...] (it cleared the screen), U+202E is \u202e. The rows stay one
# screen line each; `view audit` names the groups the same way.
. "$top_srcdir/tests/tui/lib.sh"
ESC=$(printf '\033')
RLO=$(printf '\342\200\256')
awk -v esc="$ESC" -v rlo="$RLO" 'BEGIN {
	print "x,g,y"
	for (i = 0; i < 60; i++)
		printf "%d,%s,%s\n", i, i % 2 ? "\"A\nnext\"" : "B" esc "[2J" rlo "z", i % 3 ? "yes" : "no"
}' >"$tmp/d.csv"
$T new-session -d -x 100 -y 24 "cd $tmp && HOME=$tmp TERM=xterm $FAIRSH; echo FAIRSH-EXITED \$?; sleep 30" || exit 99
wait_for 'fairsh>' || exit 1
keys 'load d.csv; target y positive=yes; sensitive g; train logreg as m; wait' Enter
wait_for "model 'm'" || exit 1
keys 'view data' Enter
wait_for 'row 1/60' || exit 1
# rows 1 and 2 on screen lines 4 and 5, each on one line, escaped
screen | sed -n 4p | grep -qF ' 0  B\x1b[2J\u202ez' || { echo "row 1 not escaped"; screen; exit 1; }
screen | sed -n 5p | grep -qF ' 1  A\x0anext' || { echo "row 2 not on one line"; screen; exit 1; }
screen | sed -n 6p | grep -qF ' 2  B\x1b[2J' || { echo "row 3 not on its line"; screen; exit 1; }
screen | grep -q '^next' && { echo "a newline broke a row"; screen; exit 1; }
keys q
wait_for 'fairsh>' || exit 1
keys 'view audit m' Enter
wait_for 'A\\x0anext' || exit 1
screen | grep -qF 'B\x1b[2J\u202ez' || { echo "view audit: label not escaped"; screen; exit 1; }
keys q
wait_for 'fairsh>' || exit 1
exit 0
