#!/bin/sh
# jobs-quit.sh -- leaving the prompt with a job running: `quit` and Ctrl-D
# cancel the job at once and exit with status 0 (they waited for the job to
# finish: 94 s with a fair representation), naming the job cancelled.
# Ctrl-C while `save` waits for a job abandons the save and leaves the job
# running (it cancelled the job and saved anyway); so does Ctrl-C while
# `audit` waits for a model being retrained.
. "$top_srcdir/tests/tui/lib.sh"

SETUP='load demo:loans n=200000; target approved positive=yes; sensitive group; split 0.7'
# a representation that trains for minutes
LONG='train fairrep epochs=5000 as r'

# $1: the keys that leave (quit, or C-d)
leave() {
	T="tmux -L fairsh-test-$$-$1 -f /dev/null"   # a server per run
	start
	wait_for 'fairsh>' || exit 1
	keys "$SETUP; $LONG" Enter
	wait_for "training 'r'" || exit 1
	sleep 1
	t0=$(date +%s)
	if [ "$1" = quit ]; then keys quit Enter; else keys C-d; fi
	wait_for 'FAIRSH-EXITED 0' || { echo "$1 did not leave within 10 s"; exit 1; }
	t1=$(date +%s)
	screen | grep -q "fairsh: cancelling running job(s) 'r'" || { echo "$1: no cancel notice"; screen; exit 1; }
	[ $((t1 - t0)) -le 5 ] || { echo "$1 took $((t1 - t0)) s"; exit 1; }
	echo "ok: $1 left in $((t1 - t0)) s"
	$T kill-server 2>/dev/null
}
leave quit
leave C-d

# Ctrl-C while save waits: no file, the job still running, the prompt back
T="tmux -L fairsh-test-$$ -f /dev/null"
start
wait_for 'fairsh>' || exit 1
keys "$SETUP; $LONG" Enter
wait_for "training 'r'" || exit 1
keys "save $tmp/w.fsw" Enter
sleep 1
keys C-c
wait_for "save: interrupted while waiting for the running jobs; they are still running" || exit 1
[ -e "$tmp/w.fsw" ] && { echo "the save went on"; exit 1; }
keys 'jobs format=csv' Enter
wait_for ',r,fairrep epochs=5000,running,' || exit 1
# the same for audit waiting for a model being trained
keys 'audit r' Enter
sleep 1
keys C-c
wait_for "audit: interrupted while waiting for job 'r'; it is still running" || exit 1
keys 'set seed 4242; show settings format=csv' Enter
wait_for 'seed,4242' || exit 1
keys 'cancel r' Enter
wait_for '\[job r\] cancelled' || exit 1
exit 0
