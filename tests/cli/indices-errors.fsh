# indices-errors.fsh -- what `indices` refuses, with the messages
# options: --keep-going
# q is missing where p > 0.5 (first at row 1): named, it is an error; among
# the default columns (id, race, p, q) it is left out with a note (with one
# neighbour, the row itself, consistency is 1)
load tests/data/toy12.csv as toy
indices pred=yhat
target y positive=1
indices pred=yhat
sensitive sex
indices
indices pred=yhat neighbors=13
indices pred=yhat features=nosuch
indices pred=yhat alpha=x
derive q = if(p > 0.5, NA, p)
indices pred=yhat features=q neighbors=2
indices pred=yhat neighbors=1 format=csv
target p task=regression
indices pred=yhat
