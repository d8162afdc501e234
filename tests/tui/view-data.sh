#!/bin/sh
# view-data.sh -- `view data` in a terminal: the table with column types,
# scrolling, search, sort (both ways), the group filter, help, horizontal
# scrolling at 80 columns; then the prompt is back, usable, with history.
. "$top_srcdir/tests/tui/lib.sh"
alt() { $T display -p '#{alternate_on}'; }
$T new-session -d -x 80 -y 24 "cd $tmp && HOME=$tmp TERM=xterm $FAIRSH; echo FAIRSH-EXITED \$?; sleep 30" || exit 99
wait_for 'fairsh>' || exit 1
keys 'load demo:loans n=3000; target approved positive=yes; sensitive group' Enter
wait_for 'sensitive attribute: 2 groups' || exit 1
keys 'view data' Enter
wait_for 'row 1/3000' || exit 1
[ "$(alt)" = 1 ] || { echo "the view is not on the alternate screen"; exit 1; }
$T capture-pane -p -e | sed -n 2p | grep -q "$(printf '\033')\\[46m" || { echo "header not in colour"; exit 1; }
# title, names and types; row 1 of demo:loans seed 1 is 27.8 0.24 8 self-employed
screen | grep -q '^3000 rows x 7 columns -- session loans (demo:loans n=3000 bias=1 seed=1)' || { echo "no title"; screen; exit 1; }
screen | grep -q '#  income *debt_ratio' || { echo "no column names"; screen; exit 1; }
screen | grep -q 'num *num *num *cat *cat' || { echo "no column types"; screen; exit 1; }
screen | grep -q '^ *1 *27.8 *0.24 *8 *self-employed' || { echo "row 1 not shown"; screen; exit 1; }
# scrolling
keys Down Down Down
wait_for 'row 4/3000' || exit 1
keys NPage
wait_for 'row 24/3000' || exit 1
keys G
wait_for 'row 3000/3000' || exit 1
screen | grep -q '^ *3000 ' || { echo "last row not shown"; screen; exit 1; }
keys g
wait_for 'row 1/3000' || exit 1
# search: rows 26 and 35 are the first in Riverside (demo:loans seed 1)
keys / Riverside Enter
wait_for '/Riverside: row 26' || exit 1
keys n
wait_for '/Riverside: row 35' || exit 1
keys / zzzz Enter
wait_for '/zzzz: not found' || exit 1
# sort by credit_history_years: 0 first, then 45 first when descending
keys g 0 Right Right s
wait_for 'sorted by credit_history_years (ascending' || exit 1
screen | sed -n 4p | grep -qE '^ *[0-9]+ +[0-9.]+ +[0-9.]+ +0  ' || { echo "ascending sort: first row is not 0"; screen; exit 1; }
keys s
wait_for 'sorted by credit_history_years (descending' || exit 1
screen | grep -qE 'credit_history_years(↓|v)' || { echo "no sort arrow"; screen; exit 1; }
screen | sed -n 4p | grep -qE '^ *1053 +[0-9.]+ +[0-9.]+ +45  ' || { echo "descending sort: first row is not 45"; screen; exit 1; }
# group filter: 2026 majority, 974 minority, then all again
keys f
wait_for '^2026 of 3000 rows (group majority) x 7 columns' || exit 1
screen | sed -n '4,22p' | grep -q minority && { echo "minority rows under the majority filter"; screen; exit 1; }
keys f
wait_for '^974 of 3000 rows (group minority)' || exit 1
keys a
wait_for 'all groups: 3000 rows' || exit 1
# horizontal scrolling: at 80 columns the last column pushes the first out
keys Right Right Right Right Right
wait_for 'col 7/7 approved' || exit 1
screen | sed -n 2p | grep -q income && { echo "no horizontal scroll"; screen; exit 1; }
screen | sed -n 2p | grep -q approved || { echo "last column not shown"; screen; exit 1; }
# help, then back to the prompt
keys '?'
wait_for 'view data: keys' || exit 1
keys x
keys q
wait_for 'fairsh:loans> $' || exit 1
[ "$(alt)" = 0 ] || { echo "the terminal was left on the alternate screen"; exit 1; }
keys 'columns' Enter
wait_for 'credit_history_years *numeric' || exit 1
keys Up
wait_for 'fairsh:loans> columns$' || exit 1
keys C-u 'quit' Enter
wait_for 'FAIRSH-EXITED 0' || exit 1
exit 0
