# 03-corrections.fsh -- workshop part 3: two ways to correct a biased model.
load demo:hiring n=2000 bias=2 seed=3
target hired positive=yes
sensitive gender privileged=Male
split 0.7 seed=3
train logreg as plain
# FERM: remove the direction that separates the groups' qualified candidates.
train logreg pre=ferm as ferm
# Wasserstein: move each group's scores onto a common distribution.
correct plain with wasserstein as fair
compare plain ferm fair
# The fairness dial: from the original model (0) to the fully fair one (1).
tradeoff plain with wasserstein alpha=0,0.25,0.5,0.75,1
explain wasserstein
