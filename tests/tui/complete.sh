#!/bin/sh
# complete.sh -- Tab completion in a real readline session knows the
# language: sub-commands and their words (plot kinds, views, settings,
# learners after train, methods after `correct MODEL with`), option names
# and their choices (format=, on=, constraint=), columns only where a
# column goes (pred=), levels after positive= and privileged=, model names
# where a model goes, explain topics with their aliases; and "did you
# mean" for unknown commands, options, columns, levels, models and topics.
. "$top_srcdir/tests/tui/lib.sh"
start
wait_for 'fairsh>' || exit 1
keys 'load demo:loans n=2000 seed=1; target approved positive=yes; sensitive group; split 0.7' Enter
wait_for 'split: ' || exit 1
keys 'train logreg as plain; wait' Enter
wait_for "\[job plain\] done" || exit 1
fresh() { keys C-u C-l; sleep 0.2; $T clear-history; }
# lists(LINE, WORD...): typing LINE then Tab Tab shows every WORD
lists() {
	line=$1; shift
	fresh
	keys "$line" Tab
	sleep 0.2
	keys Tab
	# a Tab that completed part of the word lists on the second after it
	screen | grep -q "> $line\$" || { sleep 0.2; keys Tab; }
	for word in "$@"; do
		wait_for "$word" || { echo "after '$line' Tab Tab: no '$word'"; exit 1; }
	done
}
# completes(LINE, RESULT): typing LINE then Tab gives the line RESULT
completes() {
	fresh
	keys "$1" Tab
	wait_for "fairsh:loans> $2\$" || { echo "'$1' Tab did not give '$2'"; exit 1; }
}
completes 'plo' 'plot '
lists 'plot ' calibration tradeoff roc rates dist
lists 'view ' thresholds jobs audit data
lists 'set ' plot.gnuplot memory.limit convention width
completes 'set form' 'set format '
lists 'set format ' markdown json csv table
completes 'set convention aif360-' 'set convention aif360-sk '
# every setting that takes one of a few words offers them
lists 'set plot.terminal ' auto window sixel dumb
lists 'set timer ' on off
lists 'train ' xgboost logreg expgrad fairrep
completes 'train logr' 'train logreg '
completes 'correct pl' 'correct plain '
completes 'correct plain w' 'correct plain with '
lists 'correct plain with ' wasserstein threshold eqodds caleqodds
completes 'correct plain with thr' 'correct plain with threshold '
lists 'correct plain with threshold constraint=' eodds fnr tpr
lists 'audit plain format=' markdown json
completes 'audit plain format=js' 'audit plain format=json '
lists 'audit plain on=' calib train test all
completes 'audit pl' 'audit plain '
# after pred= the columns, not the options
lists 'audit pred=' approved income debt_ratio
screen | grep -q 'score=\|format=' && { echo "pred= offers options:"; screen; exit 1; }
completes 'audit pred=appr' 'audit pred=approved '
lists 'audit pred=approved positive=' '^no  *yes'
completes 'sensitive group privileged=maj' 'sensitive group privileged=majority '
completes 'explain eod' 'explain eodds '
lists 'explain equalized_' equalized_odds_difference equalized_odds_ratio
completes 'describe debt' 'describe debt_ratio '
# the aliases explain, and did-you-mean for each kind of word
fresh
keys 'explain dp' Enter
wait_for 'the constraint dp of the corrections is demographic_parity_difference' || exit 1
wait_for 'Demographic parity difference' || exit 1
fresh
keys 'audti plain' Enter
wait_for "unknown command 'audti' (did you mean 'audit'?)" || exit 1
keys 'audit plain fromat=json' Enter
wait_for "unknown option 'fromat' (did you mean 'format'?)" || exit 1
keys 'describe incmoe' Enter
wait_for "unknown column 'incmoe' (did you mean 'income'?)" || exit 1
keys 'audit pred=approved positive=yse' Enter
wait_for "positive value 'yse' is not a level of 'approved' (did you mean 'yes'?)" || exit 1
keys 'audit palin' Enter
wait_for "no model named 'palin' in session 'loans' (did you mean 'plain'?)" || exit 1
keys 'explain demographic_parity_diference' Enter
wait_for "nothing to explain about 'demographic_parity_diference' (did you mean" || exit 1
wait_for "^  'demographic_parity_difference'?)" || exit 1   # the message broken at a space
keys 'set widht 100' Enter
wait_for "unknown setting 'widht' (did you mean 'width'?)" || exit 1
keys C-d
wait_for 'FAIRSH-EXITED [01]' || exit 1   # 1: the last command failed
exit 0
