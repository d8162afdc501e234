# options: --keep-going
# decisions.fsh -- decisions as users have them, on the 12-row table of
# audit-toy12.fsh (y, yhat and the score p are listed there):
#   F: y 1,1,1,0,0,0  yhat 1,1,0,1,0,0  p .9 .8 .4 .7 .2 .1
#   M: y 1,1,0,0,0,0  yhat 1,1,1,1,0,0  p .95 .85 .6 .55 .3 .05
load tests/data/toy12.csv as toy
sensitive sex
# Under positive=0 the prediction column is read in y's labels: yhat = 0
# predicts the positive class (it used to be read with 1 as positive).
#   F: positives (y = 0) rows 4-6, yhat 1 0 0: TPR 2/3; negatives rows 1-3,
#      yhat 1 1 0: FPR 1/3; yhat = 0 in rows 3 5 6: selection rate 3/6
#   M: positives rows 9-12, yhat 1 1 0 0: TPR 2/4; negatives rows 7-8,
#      yhat 1 1: FPR 0; selection rate 2/6
target y positive=0
audit pred=yhat format=csv
# a score of any range cut at a threshold: p >= 0.55 selects F rows 1 2 4
# (SR 1/2, TPR 2/3 with positive 1) and M rows 7-10 (SR 4/6, TPR 1)
target y
audit score=p threshold=0.55 format=csv
# the same score read the other way: p <= 0.3 is positive (F rows 5 6,
# M rows 11 12); AUC of -p is 1 - AUC of p
audit score=p threshold=0.3 direction=lower format=csv
# yes/no words beside a 0/1 target, and labels that are not y's
derive said = if(yhat == 1, 'yes', 'no')
audit pred=said format=csv
derive band = if(p > 0.5, 'High', 'Low')
audit pred=band
audit pred=band positive=High format=csv
audit pred=p
audit score=p
audit pred=yhat threshold=0.5
# a categorical target: a 0/1 column means 1 = the positive class, and a
# label the target does not have is named
derive outcome = if(y == 1, 'hired', 'not hired')
target outcome positive=hired
audit pred=yhat format=csv
derive decision = if(yhat == 1, 'hired', 'rejected')
audit pred=decision
# which outcome is good for the person: favorable=0 makes a positive
# decision punitive, so false positives hurt (F FPR 1/3, M 2/4)
target y positive=1 favorable=0
audit pred=yhat
target y favorable=1
target y favorable=2
target y positive=1 favorable=0,1
# the corrections of a score column: with alpha=0 and no jitter the
# Wasserstein map is the identity, so its decisions are p >= 0.55 again
# (F SR 1/2, M 4/6, as above); the threshold optimiser on the same column
target y
correct score=p threshold=0.55 with wasserstein alpha=0 jitter=0 as w0
audit w0 format=csv
correct score=p with wasserstein as w1
correct score=p threshold=0.55 with threshold as t1
correct score=p with threshold as t1
# prediction columns beside each other
derive hi = p >= 0.5
compare yhat hi format=csv
# one class among the kept rows: the rates that exist, the rest n/a
filter y == 1
target y
audit pred=yhat
explain favorable
# compare takes the decision options as audit does, beside columns:
#   yhat: SR F 3/6, M 4/6 (DP difference 1/6); accuracy F 4/6, M 4/6 = 8/12
#   p >= 0.8: F rows 1 2, M rows 7 8 (SR 2/6 each, DP difference 0);
#   wrong only in row 3 (y 1, p .4): accuracy 11/12
filter off
compare yhat score=p threshold=0.8 format=csv
