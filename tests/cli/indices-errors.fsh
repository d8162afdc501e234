# indices-errors.fsh -- what `indices` refuses, with the messages
# options: --keep-going
load tests/data/toy12.csv as toy
indices pred=yhat
target y positive=1
indices pred=yhat
sensitive sex
indices
indices pred=yhat neighbors=13
indices pred=yhat features=nosuch
indices pred=yhat alpha=x
target p task=regression
indices pred=yhat
