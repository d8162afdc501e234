# options: --keep-going
# bias-toy12.fsh -- `bias` and `audit ... disparity=` on the 12-row table,
# worked by hand (counts TP FN FP TN, pp = TP + FP, pn = TN + FN):
#   sex F:  2 1 1 2, pp 3 pn 3: fpr 1/3 fnr 1/3 for 1/3 fdr 1/3 ppr 3/7 pprev 1/2
#   sex M:  2 0 2 2, pp 4 pn 2: fpr 1/2 fnr 0   for 0   fdr 1/2 ppr 4/7 pprev 2/3
#   race A: 3 0 1 2, pp 4 pn 2: fpr 1/3 fnr 0   for 0   fdr 1/4 ppr 4/7 pprev 2/3
#   race B: 1 1 2 2, pp 3 pn 3: fpr 1/2 fnr 1/2 for 1/3 fdr 2/3 ppr 3/7 pprev 1/2
# against M: F fpr 2/3, fnr and for x/0 = 10, fdr 2/3, ppr 3/4, pprev 3/4:
#   all out of parity at 0.8; against A: B fpr 1.5, fnr and for 10, fdr 8/3,
#   ppr 3/4, pprev 3/4. At fairness.limit.ppr 0.75, ppr's 3/4 is in parity
#   (the bounds are inclusive) and unsupervised fairness is still false
#   (pprev). The decisions are punitive (favorable=0): FPR, then FDR.
load tests/data/toy12.csv as toy
target y positive=1 favorable=0
sensitive sex,race
bias pred=yhat reference=sex:M,race:A
set fairness.limit.ppr 0.75
bias pred=yhat reference=sex:M,race:A format=csv
show settings
# min_metric: fpr's lowest is A (1/3): B 1.5; fdr's lowest A (1/4): B 8/3
bias pred=yhat by=race reference=min_metric disparity=fpr,fdr format=json
# the audit: for and fdr against M (sensitive's reference=); the spread
# for 1/3 - 0 = 1/3 (ratio 0 / (1/3) = 0), fdr 1/2 - 1/3 = 1/6 (ratio 2/3);
# the largest gap to overall (for 1/5, fdr 3/7): for F |1/3 - 1/5| = 2/15
# vs M |0 - 1/5| = 1/5: 1/5; fdr M |1/2 - 3/7| = 1/14 vs F |1/3 - 3/7| =
# 2/21: 2/21
sensitive sex reference=M
audit pred=yhat disparity=for,fdr
# a numeric target: p against q = p/2 + 0.2, errors p - q = p/2 - 0.2;
#   F: .25 .2 0 .15 -.1 -.15, MSE .1575/6 = 0.02625
#   M: .275 .225 .1 .075 -.05 -.175, MSE .175/6 = 0.029167
# the reference is M (sensitive sex reference=M above): F / M = .1575/.175
# = 0.9, in parity; mean q: F 2.75/6 = 0.458333, M 2.85/6 = 0.475, ratio
# 0.964912; no confusion counts (blank) and no fairness tree
derive q = p / 2 + 0.2
target p
bias pred=q by=sex disparity=mse,mean_prediction format=csv
target y positive=1 favorable=0
# the new figures in checks: for F 1/3, M 0; pprev M 2/3
check for[*] <= 0.34 pred=yhat
check pprev[M] >= 0.6 pred=yhat
# errors
bias pred=yhat by=race reference=sex:M
bias pred=yhat disparity=mse
bias pred=yhat by=race reference=Z
bias pred=yhat by=race,race
audit pred=yhat disparity=fpr,fpr
set fairness.limit 1.5
set fairness.limit.xyz 0.5
sensitive sex reference=Q
explain fairness-tree
help bias
