# audit-toy12.fsh -- demographic parity, equal opportunity and equalized odds
# on a 12-row table, worked by hand:
#   F: y 1,1,1,0,0,0  yhat 1,1,0,1,0,0 -> SR 3/6 = 0.5, TPR 2/3, FPR 1/3
#   M: y 1,1,0,0,0,0  yhat 1,1,1,1,0,0 -> SR 4/6 = 0.6667, TPR 2/2 = 1, FPR 2/4 = 0.5
#   DP difference 1/6 = 0.1667, DP ratio 0.5/0.6667 = 0.75
#   EO difference 1/3 = 0.3333, EO ratio 0.6667
#   EOdds difference max(1/3, 1/6) = 0.3333, EOdds ratio min(2/3, 2/3) = 0.6667
# Score distributions (column p): F 0.1 0.2 0.4 0.7 0.8 0.9, M 0.05 0.3 0.55
#   0.6 0.85 0.95; equal sizes, so W1 = mean |sorted differences| =
#   (0.05 + 0.1 + 0.15 + 0.1 + 0.05 + 0.05) / 6 = 0.08333
# Intervals (95%, z = 1.95996): F's selection rate 3/6, Wilson: centre 0.5,
#   half-width z sqrt(0.25/6 + z^2/144) / (1 + z^2/6) = 0.3124 -> [0.188, 0.812];
#   Clopper-Pearson at 90% (interval=exact level=0.9): beta quantiles
#   B^-1(0.05; 3, 4) = 0.153 and B^-1(0.95; 4, 3) = 0.847 (scipy.stats.beta).
#   Groups of 6 rows are below min-group (30): every verdict is inconclusive
#   (small); with min-group=0 the verdicts come from the intervals, which all
#   straddle their limits (DP difference -0.315 to 0.559): inconclusive.
load tests/data/toy12.csv as toy
target y positive=1
sensitive sex privileged=M
audit pred=yhat
audit pred=yhat format=csv
audit pred=yhat format=json
audit pred=yhat interval=exact min-group=0 pairs=yes level=0.9
audit pred=yhat score=p distances=yes format=csv
explain intervals
explain small-groups
explain multiple-comparisons
help audit
