# options: --keep-going
# datasets: the list, a dataset by name (bare and data:NAME), the suggested
# set-up (each command shown, as typed), explain NAME, and the errors.
# The data are the same bytes wherever they are found (the checksums are
# tested in tests/unit/test-datasets), so this output does not depend on it.
datasets format=csv
load adult setup=yes
sessions format=csv
filter
describe
load data:compas setup=yes
filter
load german as credit
load data:bank setup=yes as b2
sessions format=csv
explain law_school
datasets nope
load data:nope
load adlt
load tests/data/toy12.csv setup=yes
load demo:loans setup=yes
history
