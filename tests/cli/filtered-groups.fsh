# filtered-groups.fsh -- a filter that keeps two of four sensitive groups:
# training, FERM, the Wasserstein correction and the threshold optimiser use
# only the groups that have rows (regression: they used to fail on the
# emptied groups), and the audit compares the two kept groups, with one
# note naming the two it leaves out.
load demo:hiring n=2000 seed=8
target hired positive=yes
sensitive education
filter education=bachelor,master
split 0.7 seed=8
train logreg as plain
train logreg pre=ferm as ferm
train logreg pre=reweigh as reweigh
wait
correct plain with wasserstein as fair
correct plain with threshold constraint=eo as thr
compare plain ferm reweigh fair thr format=csv
