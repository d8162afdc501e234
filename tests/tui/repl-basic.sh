#!/bin/sh
# repl-basic.sh -- the interactive prompt as a person uses it: prompt with the
# session name, a background job whose notice appears above the prompt while
# a half-typed line survives, Ctrl-C clears the line without exiting, tab
# completion, a failed fairness check that only reports, history across
# runs, Ctrl-D exits with 0.
. "$top_srcdir/tests/tui/lib.sh"
start
wait_for 'fairsh>' || exit 1
keys 'load demo:loans n=3000' Enter
wait_for 'fairsh:loans>' || exit 1
keys 'target approved positive=yes; sensitive group; split 0.7' Enter
wait_for 'split: 2100 train' || exit 1
keys 'train mlp hidden=64 epochs=300 val_fraction=0 as net' Enter
wait_for "training 'net'" || exit 1
keys 'describe inco'        # half-typed while the job runs
wait_for '\[job net\] done' || exit 1
screen | grep -v '^$' | tail -n 1 | grep -q 'fairsh:loans> describe inco' || { echo "typed text lost after the notice"; screen; exit 1; }
keys C-u 'desc' Tab
wait_for 'fairsh:loans> describe ' || exit 1
keys C-u 'sensitive gr' Tab
wait_for 'fairsh:loans> sensitive group ' || exit 1
keys C-c
sleep 0.3
keys 'audit net format=csv' Enter
wait_for 'demographic_parity_difference' || exit 1
screen | grep -q FAIRSH-EXITED && { echo "fairsh exited on Ctrl-C"; exit 1; }
# a fairness check that fails only reports at the prompt: the session goes
# on and Ctrl-D still exits 0 (a command file would exit 3)
keys 'check accuracy >= 0.99 net' Enter
wait_for '^FAIL accuracy >= 0.99 (model net, test rows): 0\.[0-9]*, not >= 0.99 (overall)' || exit 1
wait_for 'fairsh:loans> $' || exit 1
keys C-d
wait_for 'FAIRSH-EXITED 0' || exit 1
grep -q 'audit net' "$tmp/.local/state/fairsh/history" || { echo "history not saved"; exit 1; }
exit 0
