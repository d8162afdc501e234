# 05-real-data.fsh -- workshop part 5: audits on real data that ships with
# fairsh. 'datasets' lists them; 'explain NAME' says where each comes from,
# what is known to be wrong with it and how it is usually used.
datasets

# ProPublica's COMPAS data: did people who were not rearrested get flagged
# as high risk equally often in every group? setup=yes applies the
# suggested set-up (ProPublica's 30-day screening filter, the target, race
# as the sensitive attribute, a 70/30 split, the usual features) and shows
# each command, so you can change any of them afterwards.
load compas setup=yes
explain compas

# ProPublica compared African-American and Caucasian defendants; the other
# groups are small (Asian 31, Native American 11 after the filter), and the
# verdicts report the largest gap between any two groups, so keep these two
# (the empty groups are reported and left out).
filter race=African-American,Caucasian

# A model trained on the criminal history, then its audit: compare the false
# positive rates (fpr) of African-American and Caucasian defendants.
train logreg as recid
wait
audit recid

# Equalise the true and false positive rates with group-specific thresholds,
# and compare accuracy and the fairness metrics side by side.
correct recid with threshold constraint=eodds as eq
compare recid eq

# Adult: the classic census task, with its original train/test split.
load adult setup=yes
train logreg as income
wait
audit income

# Communities and Crime: a regression audit, then the Wasserstein correction
# that gives both groups the same distribution of predictions.
load communities setup=yes
train ridge as crime
wait
audit crime
correct crime with wasserstein as fair
compare crime fair
