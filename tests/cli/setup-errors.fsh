# setup-errors.fsh -- wrong names and values give clear messages
# options: --keep-going
load tests/data/toy12.csv as toy
target nosuch
target y positive=7
sensitive gender
split 1.5
filter p<abc
audit pred=yhat
frobnicate
t
train ridge
target y positive=1
sensitive sex
audit pred=yhat distances=yes
audit pred=yhat score=p distances=maybe
audit pred=yhat interval=wald
audit pred=yhat level=1.5
audit pred=yhat min-group=-3
audit pred=yhat small-groups=maybe
