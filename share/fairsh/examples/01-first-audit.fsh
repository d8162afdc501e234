# 01-first-audit.fsh -- workshop part 1: a first fairness audit.
# The built-in loans data records past loan decisions. A "bias" knob sets how
# strongly the past decisions penalised the minority group (0 = not at all).
load demo:loans n=5000 bias=1 seed=1

# What is in the data? Look at the columns, their types and missing values.
describe

# The outcome we want to predict, and the groups we want to compare.
target approved positive=yes
sensitive group privileged=majority

# Train on 70% of the rows, audit on the other 30%.
split 0.7 seed=1
train logreg as model
wait

# The audit: selection rate (how often each group is approved), error rates,
# and the fairness metrics with a verdict in plain words.
audit model

# What does a metric mean? Ask.
explain demographic_parity_ratio
