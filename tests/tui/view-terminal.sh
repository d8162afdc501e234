#!/bin/sh
# view-terminal.sh -- the terminal is always given back: Ctrl-C and q leave
# a view for a working prompt, a resize redraws at the new size, NO_COLOR
# and 80x24 work, SIGTERM during a view restores the normal screen.
. "$top_srcdir/tests/tui/lib.sh"
alt() { $T display -p '#{alternate_on}'; }
$T new-session -d -x 80 -y 24 "cd $tmp && HOME=$tmp TERM=xterm NO_COLOR=1 $FAIRSH; echo FAIRSH-EXITED \$?; sleep 30" || exit 99
wait_for 'fairsh>' || exit 1
keys 'load demo:loans n=500' Enter
wait_for 'loaded 500 rows' || exit 1
# Ctrl-C leaves the view, the prompt survives
keys 'view data' Enter
wait_for 'row 1/500' || exit 1
$T capture-pane -p -e | grep -q "$(printf '\033')\\[[34][0-7]m" && { echo "colours despite NO_COLOR"; exit 1; }
$T capture-pane -p -e | sed -n 2p | grep -q "$(printf '\033')\\[0;7m" || { echo "NO_COLOR: header not in reverse video"; exit 1; }
keys C-c
wait_for 'fairsh:loans> $' || exit 1
[ "$(alt)" = 0 ] || { echo "alternate screen left on after Ctrl-C"; exit 1; }
screen | grep -q FAIRSH-EXITED && { echo "fairsh exited on Ctrl-C"; exit 1; }
# resize: the status line follows the bottom of the window
keys 'view data' Enter
wait_for 'row 1/500' || exit 1
$T resize-window -x 120 -y 40
wait_line 40 'row 1/500' || { echo "no redraw after resize"; exit 1; }
screen | sed -n 2p | grep -q 'approved' || { echo "all columns should fit in 120 columns"; screen; exit 1; }
$T resize-window -x 80 -y 24
wait_line 24 'row 1/500' || { echo "no redraw after shrinking"; exit 1; }
keys q
wait_for 'fairsh:loans> $' || exit 1
keys 'view bogus' Enter
wait_for "unknown view 'bogus' (views: data, audit, jobs, thresholds)" || exit 1
keys 'view thresholds lr' Enter
wait_for "no target set" || exit 1
# SIGTERM while a view is open: the terminal comes back, the shell dies of it
keys 'view data' Enter
wait_for 'row 1/500' || exit 1
[ "$(alt)" = 1 ] || { echo "view not on the alternate screen"; exit 1; }
pid=$($T display -p '#{pane_pid}')
fpid=$(pgrep -P "$pid" -f fairsh | head -n 1)
[ -n "$fpid" ] || { echo "fairsh process not found"; exit 99; }
kill -TERM "$fpid"
wait_for 'FAIRSH-EXITED 143' || exit 1
[ "$(alt)" = 0 ] || { echo "SIGTERM left the alternate screen on"; exit 1; }
exit 0
