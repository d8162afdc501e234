# preproc.fsh -- Fairlearn's correlation remover through the binary:
# pre=corrremove (level= is its alpha), with any learner, saving, errors.
# The projection itself is checked against numpy in tests/unit/preproc-ref.py.
# options: --keep-going
load demo:hiring n=1500 bias=2 seed=3
target hired positive=yes
sensitive gender
split 0.7 seed=3
train logreg as plain
train logreg pre=corrremove as cr
train logreg pre=corrremove level=0.5 as cr5
train svm pre=corrremove as crs
wait
compare plain cr cr5 crs on=train format=csv
save ws.json
close hiring
open ws.json
compare cr cr5 on=train format=csv
train ferm pre=corrremove
train logreg pre=corrremove level=1.5
load demo:hiring n=200 seed=1 as nosens
target hired positive=yes
train logreg pre=corrremove
