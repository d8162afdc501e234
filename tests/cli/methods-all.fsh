# methods-all.fsh -- the standard methods through the binary: reweigh, direpair,
# expgrad, the threshold optimiser, the methods table and explain, and
# their errors. The exact properties (reweighing invariant, LP optimum,
# expgrad bound) are tested in tests/unit/test-methods.c and methods-ref.py.
# options: --keep-going
load demo:hiring n=1500 bias=2 seed=3
target hired positive=yes
sensitive gender
split 0.7 seed=3
train logreg as plain
train logreg pre=reweigh as rw
train svm pre=direpair level=0.5 as dr
train expgrad constraint=dp eps=0.02 max_iter=20 as eg
wait
correct plain with threshold constraint=eodds as thr
correct plain with threshold as thr_dp
audit thr on=train format=csv
compare plain rw dr eg thr thr_dp format=csv
methods format=csv
explain threshold
train expgrad base=tree
train logreg pre=reweighing
train ferm pre=reweigh
train expgrad pre=reweigh
correct plain with threshold constraint=odds
correct plain with threshold alpha=0.5
correct plain with wasserstein constraint=eo
train logreg pre=direpair level=2
