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
load tests/data/toy12.csv as toy
target y positive=1
sensitive sex privileged=M
audit pred=yhat
audit pred=yhat format=csv
audit pred=yhat format=json
audit pred=yhat score=p distances=yes format=csv
help audit
