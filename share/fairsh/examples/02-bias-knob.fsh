# 02-bias-knob.fsh -- workshop part 2: turn the bias knob and watch the audit.
# Same applicants, same seed; only the history of decisions changes.
load demo:loans bias=0 as fair_history
target approved positive=yes
sensitive group
split 0.7 seed=2
train logreg as m0
load demo:loans bias=2 as biased_history
target approved positive=yes
sensitive group
split 0.7 seed=2
train logreg as m2
wait
use fair_history
audit m0 format=markdown
use biased_history
audit m2 format=markdown
