#!/bin/sh
# view-audit.sh -- `view audit` as a dashboard: metrics with verdicts (a
# biased model beyond the 0.1 limit), per-group bars, switching models with
# the arrow keys, scrolling; the prompt works afterwards.
. "$top_srcdir/tests/tui/lib.sh"
start
wait_for 'fairsh>' || exit 1
keys 'load demo:loans n=3000 bias=3; target approved positive=yes; sensitive group; split 0.7' Enter
wait_for 'split: 2100 train' || exit 1
keys 'train logreg as lr; train logreg C=0.01 as lr2; wait' Enter
wait_for "model 'lr2'" || exit 1
keys 'view audit lr lr2' Enter
wait_for 'Audit of lr \[1/2\] -- test rows (900), target approved, groups by group' || exit 1
# the same values as `compare lr lr2` prints for this data: DP difference
# 0.207 for lr (beyond 0.1), 0.0997 for lr2 (within); each with the Newcombe
# interval of the difference (Katz for the ratio), as `audit lr` prints it
screen | grep -q 'demographic_parity_difference *0.2070 \[0.1393, 0.2704\] *above 0.1 *majority vs minority' || { echo "lr: DP verdict"; screen; exit 1; }
screen | grep -q 'demographic_parity_ratio *0.5901 \[0.4866, 0.7156\] *below 0.8' || { echo "lr: DP ratio verdict"; screen; exit 1; }
screen | grep -q 'Selection rate' || { echo "no figures"; screen; exit 1; }
screen | grep -qE '^   majority +[0-9]+  (█|#)+' || { echo "no bars"; screen; exit 1; }
keys Right
wait_for 'Audit of lr2 \[2/2\]' || exit 1
# lr2's 0.0997 is within 0.1 but its interval reaches 0.166: inconclusive
screen | grep -q 'demographic_parity_difference *0.0997 \[0.0311, 0.1655\] *inconclusive' || { echo "lr2: DP verdict"; screen; exit 1; }
keys Right
wait_for 'Audit of lr \[1/2\]' || exit 1
# scroll down to the last figure (accuracy, then AUC)
keys G
wait_for 'Area under the ROC curve\|AUC' || exit 1
keys '?'
wait_for 'view audit: keys' || exit 1
keys x q
wait_for 'fairsh:loans> $' || exit 1
keys 'models' Enter
wait_for 'lr2 *approved *classification' || exit 1
exit 0
