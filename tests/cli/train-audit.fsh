# train-audit.fsh -- train in the background, audit, correct, compare, export
load demo:loans n=2000 seed=4 as loans
target approved positive=yes
sensitive group privileged=majority
features all-except=zip_area
split 0.7 seed=4
train logreg C=1 as plain
wait plain
models
train logreg pre=ferm as ferm
correct plain with wasserstein as fair
compare plain ferm fair
audit fair format=csv
tradeoff plain with wasserstein alpha=0,0.5,1 format=csv
predict plain
describe plain_pred
export predictions preds.csv plain
load preds.csv as back
columns
methods format=csv
history
close loans
sessions
quit
audit plain
