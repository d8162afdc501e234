# 04-regression.fsh -- workshop part 4: a wage model and the gap between groups.
load demo:wages n=3000 bias=1 seed=4
target wage
sensitive gender
split 0.7 seed=4
train ridge alpha=1 as wages
audit wages
correct wages with wasserstein as fair_wages
compare wages fair_wages
