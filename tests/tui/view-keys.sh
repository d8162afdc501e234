#!/bin/sh
# view-keys.sh -- the one key loop of the views (src/tui/loop.c): in each of
# the four views `?` opens the view's own help, any key closes it, the view
# keeps its state across the help, and Q leaves for a working prompt; a
# SIGINT from outside (not a key: the views read Ctrl-C as a key) leaves a
# view at the next timeout; leaving the thresholds view any way but Enter
# saves nothing; the terminal is back each time.
. "$top_srcdir/tests/tui/lib.sh"
alt() { $T display -p '#{alternate_on}'; }
prompt() { wait_for 'fairsh:loans> $' || exit 1; [ "$(alt)" = 0 ] || { echo "alternate screen left on ($1)"; exit 1; }; }
start
wait_for 'fairsh>' || exit 1
keys 'load demo:loans n=1000; target approved positive=yes; sensitive group; split 0.7; train logreg as lr; wait' Enter
wait_for "model 'lr'" || exit 1

# help of each view, titled by the view; closed by any key; Q leaves
for v in 'data:row 1/1000' 'audit lr:Fairness metrics' 'jobs:Jobs: 0 running' 'thresholds lr:Thresholds of model lr'; do
	cmd=${v%%:*}; mark=${v#*:}; name=${cmd%% *}
	keys "view $cmd" Enter
	wait_for "$mark" || exit 1
	keys '?'
	wait_for "view $name: keys" || exit 1
	wait_for 'press any key' || exit 1
	keys x
	i=0; while screen | grep -q 'press any key'; do i=$((i + 1)); [ $i -gt 50 ] && { echo "help of view $name not closed"; screen; exit 1; }; sleep 0.1; done
	wait_for "$mark" || exit 1
	keys Q
	prompt "Q in view $name"
done

# state survives the help: the data view stays on row 3
keys 'view data' Enter
wait_for 'row 1/1000' || exit 1
keys Down Down '?'
wait_for 'view data: keys' || exit 1
keys x
wait_for 'row 3/1000' || exit 1
keys C-c
prompt "Ctrl-C in view data"

# a SIGINT from outside leaves the view (the manager checks between keys)
keys 'view audit lr' Enter
wait_for 'Fairness metrics' || exit 1
pid=$($T display -p '#{pane_pid}')
fpid=$(pgrep -P "$pid" -f fairsh | head -n 1)
[ -n "$fpid" ] || { echo "fairsh process not found"; exit 99; }
kill -INT "$fpid"
prompt "SIGINT in view audit"
screen | grep -q FAIRSH-EXITED && { echo "fairsh exited on SIGINT"; exit 1; }

# thresholds: moved, then left with q or Ctrl-C: no model; Enter saves one
keys 'view thresholds lr as t1' Enter
wait_for 'Thresholds of model lr' || exit 1
keys PPage q
prompt "q in view thresholds"
keys 'view thresholds lr as t2' Enter
wait_for 'Thresholds of model lr' || exit 1
keys PPage C-c
prompt "Ctrl-C in view thresholds"
keys 'view thresholds lr as t3' Enter
wait_for 'Thresholds of model lr' || exit 1
keys PPage Enter
wait_for "model 't3': thresholds(lr)" || exit 1
keys 'models format=csv' Enter
wait_for '^t3,' || exit 1
screen | grep -qE '^t[12],' && { echo "a view left without Enter saved a model"; screen; exit 1; }
exit 0
