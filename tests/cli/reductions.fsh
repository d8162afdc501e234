# reductions.fsh -- the reductions through the binary: grid search (its
# points as models through tradeoff ... with grid), exponentiated gradient
# on an MLP with its own options, error-rate and FPR parity, a ratio bound,
# saving, and the errors. Exact properties: tests/unit/test-methods.c and
# gridsearch-ref.py.
# options: --keep-going
load demo:hiring n=1500 bias=2 seed=3
target hired positive=yes
sensitive gender
split 0.7 seed=3
train logreg as plain
train gridsearch grid_size=4 as gs
train gridsearch constraint=eodds grid_size=5 grid_limit=1 as gse
train expgrad base=mlp hidden=8 epochs=60 val_fraction=0 max_iter=5 as egm
train expgrad constraint=error max_iter=20 as ege
train expgrad constraint=fpr max_iter=20 as egf
train expgrad ratio=0.8 eps=0.05 max_iter=10 as egr
wait
tradeoff gs with grid keep=yes on=train format=csv
models format=csv
compare plain gs gs_g0 gs_g3 gse egm ege egf egr on=train format=csv
save ws.json
close hiring
open ws.json
compare gs gs_g0 gse egm on=train format=csv
train gridsearch base=ferm
train gridsearch base=mlp depth=2
train expgrad constraint=tnr
train gridsearch grid_size=1
tradeoff plain with grid
