#!/bin/sh
# view-jobs.sh -- `view jobs`: live progress of a running job (the epoch
# counter moves between two screens), `c` cancels the selected job, the
# REPL then reports the cancellation and stays usable.
. "$top_srcdir/tests/tui/lib.sh"
start
wait_for 'fairsh>' || exit 1
keys 'load demo:loans n=3000; target approved positive=yes; split 0.7; train logreg as quick; wait' Enter
wait_for "model 'quick'" || exit 1
keys 'train mlp hidden=64 epochs=100000 val_fraction=0 as slow' Enter
wait_for "training 'slow'" || exit 1
keys 'view jobs' Enter
wait_for 'Jobs: 1 running, 2 in all' || exit 1
screen | grep -q 'quick *done .*100%' || { echo "finished job not shown as done"; screen; exit 1; }
wait_for 'slow *running' || exit 1
# the progress line comes with the job's first report (later under a
# sanitizer on a busy machine): wait for the counter before reading it
wait_for '[0-9] / 100000' || exit 1
a=$(screen | grep -o '[0-9]* / 100000' | head -n 1)
sleep 0.6
b=$(screen | grep -o '[0-9]* / 100000' | head -n 1)
[ -n "$a" ] && [ "$a" != "$b" ] || { echo "progress did not move ($a, $b)"; screen; exit 1; }
keys Down c
wait_for 'cancelling job slow' || exit 1
wait_for 'slow *cancelled' || exit 1
wait_for 'Jobs: 0 running' || exit 1
keys q
wait_for '\[job slow\] cancelled' || exit 1
keys 'jobs' Enter
wait_for 'slow *mlp.*cancelled' || exit 1
exit 0
