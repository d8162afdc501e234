#!/bin/sh
# signals.sh -- Ctrl-C at the interactive prompt interrupts only the work in
# progress and returns to the prompt with the session intact: a CSV load from
# a pipe that stalls, a demo generation, `wait` on a training job (the job is
# cancelled), a bootstrap audit, a plot (gnuplot stands in as a slow
# script), and `save` (the file is complete or absent, never half written).
# After each, the session must still answer: `describe`, `models`, `audit`.
. "$top_srcdir/tests/tui/lib.sh"

# a running command shows no prompt: wait until the line typed is echoed and
# the prompt has not come back yet, then press Ctrl-C
alive() {   # $1: a unique seed to show that the next command works
	keys "set seed $1; show settings format=csv" Enter
	wait_for "seed,$1" || exit 1
	screen | grep -q FAIRSH-EXITED && { echo "fairsh exited"; screen; exit 1; }
	return 0
}
clear_screen() { $T clear-history; keys C-l; sleep 0.2; }

mkfifo "$tmp/stall.csv" || exit 99
printf '#!/bin/sh\nexec sleep 60\n' >"$tmp/slow-gnuplot" && chmod +x "$tmp/slow-gnuplot"
# 1,000 groups make the bootstrap audit slow enough to interrupt
awk 'BEGIN { print "x,s,y"; for (i = 0; i < 20000; i++) printf "%d,L%d,%s\n", i % 97, i % 1000, (i * 7) % 3 ? "yes" : "no" }' >"$tmp/levels.csv"

start
wait_for 'fairsh>' || exit 1
keys 'load demo:loans n=20000; target approved positive=yes; sensitive group; split 0.7; train logreg as base; wait' Enter
wait_for "model 'base'" || exit 1
alive 101

# 1. CSV load from a pipe that sends a header and then stalls
clear_screen
(printf 'a,b\n1,2\n' ; sleep 60) >"$tmp/stall.csv" &
writer=$!
keys "load $tmp/stall.csv" Enter
sleep 1
screen | grep -q "loaded" && { echo "load finished before Ctrl-C"; exit 1; }
keys C-c
wait_for "load: loading '$tmp/stall.csv' cancelled" || exit 1
kill $writer 2>/dev/null
alive 102
keys 'sessions format=csv' Enter
wait_for ',loans,20000,' || exit 1

# 2. a long demo generation (10 million rows)
clear_screen
keys 'load demo:wages n=10000000 as huge' Enter
sleep 0.5
keys C-c
wait_for "load: .*cancel" || exit 1
alive 103
screen | grep -q "as session 'huge'" && { echo "the cancelled load made a session"; exit 1; }

# 3. `wait` on a long training job: Ctrl-C cancels the job, not the session
clear_screen
keys 'train mlp hidden=256,128 epochs=500 as slow; wait' Enter
wait_for "training 'slow'" || exit 1
sleep 1
keys C-c
wait_for '\[job slow\] cancelled' || exit 1
alive 104
keys 'models format=csv' Enter
wait_for '^base,' || exit 1

# 4. a bootstrap audit (in a second session; then back to the first)
clear_screen
keys "load $tmp/levels.csv as lv; target y positive=yes; sensitive s; split 0.7; train logreg as m; wait" Enter
wait_for "model 'm'" || exit 1
keys 'audit m ci=100000' Enter
sleep 1
keys C-c
wait_for 'audit: .*cancel' || exit 1
alive 105
keys 'use loans' Enter

# 5. a plot whose gnuplot does not finish
clear_screen
keys "set plot.gnuplot $tmp/slow-gnuplot" Enter
keys "plot dist base to=$tmp/p.png" Enter
sleep 1
keys C-c
wait_for 'plot: ' || exit 1
alive 106
keys 'set plot.gnuplot gnuplot' Enter

# 6. save, then Ctrl-C at once: the file is the whole session or nothing
clear_screen
keys "save $tmp/s.fsw" Enter
keys C-c
alive 107
if [ -e "$tmp/s.fsw" ]; then
	keys "open $tmp/s.fsw" Enter
	wait_for "opened '$tmp/s.fsw'" || exit 1
fi
ls "$tmp" | grep -q '\.tmp' && { echo "a temporary file was left behind"; ls -la "$tmp"; exit 1; }

# the session is intact after all of it
clear_screen
keys 'audit base format=csv' Enter
wait_for 'demographic_parity_difference' || exit 1
keys 'describe format=csv' Enter
wait_for '^approved,' || exit 1
keys C-d
wait_for 'FAIRSH-EXITED 0' || exit 1
exit 0
