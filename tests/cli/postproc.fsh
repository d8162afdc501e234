# postproc.fsh -- the post-processors through the binary: the threshold
# optimiser on Fairlearn's three-group example (tests/data/fairlearn-ex1.csv,
# its conftest's scores_ex, labels_ex, sensitive_features_ex1) with a score
# column, flips and its grid: A gets 0.8008 below 2.5, B 0.001333 up to 0.5,
# C 0.608 between 0.5 and 1.5, as Fairlearn's test asserts; then AIF360's
# post-processors on a trained model, saving and the errors. Their exact
# properties are in tests/unit/methods-ref.py and postproc-ref.py.
# options: --keep-going
load tests/data/fairlearn-ex1.csv as fl
target label positive=1
sensitive group
correct score=score with threshold constraint=dp flip=yes grid=1000 as dp_grid
correct score=score with threshold constraint=dp flip=yes as dp_exact
correct score=score with threshold constraint=eodds flip=yes grid=1000 as eo_grid
correct score=score with threshold constraint=fnr objective=balanced_accuracy tol=0.2 as fnr_tol
load demo:hiring n=1500 bias=2 seed=3
target hired positive=yes
sensitive gender privileged=Male
split 0.7 seed=3
train logreg as plain
wait
correct plain with eqodds
correct plain with caleqodds cost=fnr
correct plain with roc metric=dp
correct plain with threshold constraint=tpr objective=tpr
compare plain plain_eqodds plain_caleqodds plain_roc plain_t on=train format=csv
save pp.json
close hiring
open pp.json
compare plain_eqodds plain_caleqodds plain_roc on=train format=csv
correct plain with threshold constraint=eodds tol=0.1
correct plain with threshold constraint=eodds objective=tpr
correct plain with threshold constraint=error
correct plain with eqodds flip=yes
correct plain with roc cost=fpr
correct score=nosuch with threshold as x
correct score=age with threshold
correct plain with threshold score=age as x
correct plain with caleqodds score=age as x
sensitive gender
correct plain with roc
