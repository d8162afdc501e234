# ferm-tradeoff.fsh -- FERM pre-processing, its eps relaxation and the sweep.
# The invariant behind eps=0: every linear model on the projected features has
# the same mean decision value on the positives of both groups (tested in
# tests/unit/test-ferm.c); here the DEO must shrink as eps goes to 0.
load demo:hiring n=3000 bias=2 seed=5
target hired positive=yes
sensitive gender
split 0.7 seed=5
train logreg use_sensitive=yes as plain
train logreg pre=ferm use_sensitive=yes as ferm
train logreg pre=ferm eps=0.2 use_sensitive=yes as relaxed
wait
compare plain ferm relaxed format=csv
tradeoff logreg pre=ferm use_sensitive=yes eps=0,0.1,0.5,2 format=csv
