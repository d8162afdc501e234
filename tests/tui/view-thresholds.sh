#!/bin/sh
# view-thresholds.sh -- `view thresholds`: per-group table at the model's
# cut, moving one group's threshold with the arrow keys updates its rates
# and the differences; Enter saves a model whose audit shows the same rates;
# q leaves without saving.
. "$top_srcdir/tests/tui/lib.sh"
start
wait_for 'fairsh>' || exit 1
keys 'load demo:loans n=3000; target approved positive=yes; sensitive group; split 0.7; train logreg as lr; wait' Enter
wait_for "model 'lr'" || exit 1
keys 'view thresholds lr' Enter
wait_for 'Thresholds of model lr: 900 rows, 2 groups' || exit 1
# at 0.5 the figures are those of `audit lr` (tests: train-audit, repl)
screen | grep -q '> majority *608 *0.5000 *353 *0.5806 *0.8179 *0.2430 *0.7928' || { echo "majority at 0.5"; screen; exit 1; }
screen | grep -q '  minority *292 *0.5000 *154 *0.5274 *0.8496 *0.2579 *0.7911' || { echo "minority at 0.5"; screen; exit 1; }
screen | grep -q 'demographic parity difference *0.0532 *ok' || { echo "DP at 0.5"; screen; exit 1; }
screen | grep -qE 't=0.5000' || { echo "no threshold marker"; screen; exit 1; }
# raise the majority threshold by 10% of its rows, twice: 61 fewer each time
keys PPage PPage
wait_for '> majority *608 *0.[0-9]* *231 ' || exit 1
screen | grep -q 'demographic parity difference *0.1475 *beyond' || { echo "DP after the move"; screen; exit 1; }
# one step down in the minority group: 3 more rows (1% of 292)
keys Down Left
wait_for '> minority *292 *0.[0-9]* *157 ' || exit 1
line=$(screen | grep '^  majority')
rate=$(echo "$line" | awk '{print $5}')
keys Enter
wait_for "model 'lr_thr': thresholds(lr) majority=" || exit 1
keys 'audit lr_thr to=thr.csv' Enter
wait_for "wrote the audit result (csv) to 'thr.csv'" || exit 1
grep -q "^lr_thr,figure,selection_rate,majority,$rate" "$tmp/thr.csv" ||
	{ echo "audit of the saved model: majority selection rate is not $rate"; cat "$tmp/thr.csv"; exit 1; }
# q leaves without saving
keys 'view thresholds lr as other' Enter
wait_for 'Thresholds of model lr' || exit 1
keys Right q
wait_for 'fairsh:loans> $' || exit 1
keys 'models' Enter
wait_for 'lr_thr *approved' || exit 1
screen | grep -q '^other ' && { echo "q saved a model"; screen; exit 1; }
exit 0
