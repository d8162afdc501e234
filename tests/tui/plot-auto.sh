#!/bin/sh
# plot-auto.sh -- `plot dist` with plot.terminal auto inside a terminal
# without a display: fairsh asks the terminal whether it draws sixel
# graphics (tmux says no), falls back to the text plot, and the answer to
# the query never leaks into the prompt: the next command runs normally,
# and commands typed ahead while a plot runs are not eaten.
. "$top_srcdir/tests/tui/lib.sh"
start
wait_for 'fairsh>' || exit 1
keys 'load demo:loans n=2000; target approved positive=yes; sensitive group; split 0.7; train logreg as m; wait' Enter
wait_for "model 'm'" || exit 1
keys 'plot dist m' Enter
wait_for 'score distribution' || exit 1
keys 'describe group' Enter
wait_for 'majority (1344), minority (656)' || exit 1
screen | grep -q '\[?' && { echo "terminal answer leaked into the screen"; screen; exit 1; }
# commands typed ahead while a plot runs are not eaten: the terminal was
# asked once, when the prompt started (it was asked at each plot, reading
# standard input up to the first 'c': 'describe' lost its 'desc')
$T clear-history
keys 'plot dist m' Enter 'describe group format=csv' Enter 'set seed 4711; show settings format=csv' Enter
wait_for 'seed,4711' || exit 1
screen | grep -qF 'group,binary,sensitive,0,2,,,,"majority (1344), minority (656)"' ||
	{ echo "the command typed ahead was lost"; screen; exit 1; }
exit 0
