# preproc.fsh -- Fairlearn's correlation remover (pre=corrremove, level= is
# its alpha) and AIF360's learning fair representations (train lfr) through
# the binary: with any learner, saving, errors. The projection and LFR's
# objective are checked against numpy in tests/unit/preproc-ref.py, LFR's
# gradient and parity term in tests/unit/test-methods.c.
# options: --keep-going
load demo:hiring n=1500 bias=2 seed=3
target hired positive=yes
sensitive gender
split 0.7 seed=3
train logreg as plain
train logreg pre=corrremove as cr
train logreg pre=corrremove level=0.5 as cr5
train svm pre=corrremove as crs
train lfr max_iter=200 as lfr
train lfr Az=0 max_iter=200 as lfr0
wait
compare plain cr cr5 crs lfr lfr0 on=train format=csv
save ws.json
close hiring
open ws.json
compare cr cr5 lfr on=train format=csv
train ferm pre=corrremove
train logreg pre=corrremove level=1.5
train lfr pre=reweigh
train fairrep pre=reweigh
train lfr k=0
load demo:hiring n=200 seed=1 as nosens
target hired positive=yes
train logreg pre=corrremove
