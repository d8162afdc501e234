#!/bin/sh
# tables-width.sh -- the results fit the terminal: in panes 80, 100 and 160
# columns wide, audit, compare and tradeoff print no line longer than the
# pane (the screen is read with wrapped lines joined, so a line the
# terminal had to wrap shows as one too long) and every metric name of the
# comparison appears whole (no header broken inside a word); the same for
# the guided demo (fairsh --demo) in panes 30 lines high.
. "$top_srcdir/tests/tui/lib.sh"
screen_all() { $T capture-pane -p -J -S -; }
# the lines longer than $1 terminal columns (one per code point: the
# verdicts hold an em dash)
too_long() { perl -CSD -ne "print if length(\$_) - 1 > $1" "$2"; }
# one tmux server per pane (a server killed and started again at once
# can race): all of them stopped at the end
trap 'for s in 80 100 160 demo80 demo100 demo160; do tmux -L fairsh-test-$$-$s -f /dev/null kill-server 2>/dev/null; done
      rm -rf "$tmp"' EXIT
for w in 80 100 160; do
	T="tmux -L fairsh-test-$$-$w -f /dev/null"
	$T new-session -d -x $w -y 50 "cd $tmp && HOME=$tmp TERM=xterm $FAIRSH; echo FAIRSH-EXITED \$?; sleep 30" || exit 99
	wait_for 'fairsh>' || exit 1
	keys 'load demo:loans bias=1 seed=1' Enter
	keys 'target approved positive=yes' Enter
	keys 'sensitive group' Enter
	keys 'split 0.7 seed=1' Enter
	wait_for 'split:' || exit 1
	keys 'train logreg as plain; wait' Enter
	wait_for "\[job plain\] done" || exit 1
	keys 'train logreg pre=ferm as ferm; wait' Enter
	wait_for "\[job ferm\] done" || exit 1
	keys 'correct plain with wasserstein as fair' Enter
	wait_for "model 'fair'" || exit 1
	sleep 0.2; $T clear-history
	keys 'audit plain ci=200' Enter
	wait_for 'In plain words' || exit 1
	keys 'compare plain ferm fair' Enter
	wait_for 'shown once' || exit 1
	keys 'tradeoff plain with wasserstein alpha=0,0.5,1' Enter
	wait_for 'Trade-off sweep' || exit 1
	keys 'explain end-of-output' Enter
	wait_for "about 'end-of-output'" || exit 1
	sleep 0.3
	screen_all >"$tmp/screen-$w"
	long=$(too_long $w "$tmp/screen-$w")
	if [ -n "$long" ]; then
		echo "at $w columns, lines longer than the terminal:"; echo "$long"; exit 1
	fi
	# the comparison: at 80 and 100 columns transposed (metrics as rows),
	# at 160 as wide as it needs; every metric name whole either way
	for m in accuracy demographic_parity_difference demographic_parity_ratio equal_opportunity_difference \
	         equal_opportunity_ratio equalized_odds_difference equalized_odds_ratio average_odds_difference; do
		grep -q "$m" "$tmp/screen-$w" || { echo "at $w columns, '$m' is not whole on the screen"; cat "$tmp/screen-$w"; exit 1; }
	done
	# deo equals equal_opportunity_difference by definition, and without
	# privileged= disparate_impact is demographic_parity_ratio: each shown
	# once, with a note
	grep -q 'shown once' "$tmp/screen-$w" || { echo "no note on deo at $w"; cat "$tmp/screen-$w"; exit 1; }
	grep -Eq '^(deo|disparate_impact) ' "$tmp/screen-$w" && { echo "deo or disparate_impact shown at $w"; exit 1; }
	grep -Eq '^(model|alpha) .* deo( |$)' "$tmp/screen-$w" && { echo "a deo column at $w"; exit 1; }
	if [ $w -lt 160 ]; then
		grep -Eq '^model +plain +ferm +fair$' "$tmp/screen-$w" || { echo "compare not transposed at $w"; cat "$tmp/screen-$w"; exit 1; }
	fi
	# decimal points line up: the accuracy row's numbers and the group
	# table's (a '.' in the same column on every row of a number column)
	awk '/^model +plain +ferm +fair$/ { on = 1; next } on && /^-/ { next }
	     on && !/^[a-z_]+ +-?[0-9]/ { exit } on { print }' "$tmp/screen-$w" >"$tmp/cmp-$w"
	if [ -s "$tmp/cmp-$w" ]; then
		n=$(awk '{ s = $0; sub(/^[a-z_]+ +/, "", s); print index($0, s) + index(s, ".") }' "$tmp/cmp-$w" | sort -u | wc -l)
		[ "$n" -eq 1 ] || { echo "the first model's decimal points do not line up at $w:"; cat "$tmp/cmp-$w"; exit 1; }
	fi
	# the guided demo, Enter between its steps
	$T kill-server 2>/dev/null
	T="tmux -L fairsh-test-$$-demo$w -f /dev/null"
	$T new-session -d -x $w -y 30 "cd $tmp && HOME=$tmp TERM=xterm $FAIRSH --demo; echo FAIRSH-EXITED \$?; sleep 30" || exit 99
	i=0
	until screen | grep -q 'FAIRSH-EXITED'; do
		i=$((i + 1)); [ $i -gt 300 ] && { echo "the demo did not end at $w columns"; screen; exit 1; }
		screen | grep -q 'press Enter to continue' && keys Enter
		sleep 0.2
	done
	screen_all >"$tmp/demo-$w"
	grep -q 'FAIRSH-EXITED 0' "$tmp/demo-$w" || { echo "the demo failed at $w columns"; cat "$tmp/demo-$w"; exit 1; }
	grep -q 'That was the demo' "$tmp/demo-$w" || { echo "the demo did not finish at $w"; exit 1; }
	long=$(too_long $w "$tmp/demo-$w")
	if [ -n "$long" ]; then
		echo "the demo at $w columns has lines longer than the terminal:"; echo "$long"; exit 1
	fi
	$T kill-server 2>/dev/null
done
exit 0
