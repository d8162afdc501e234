# load-errors.fsh -- bad input to load gives file:line messages (keep-going run)
# options: --keep-going
load tests/data/does-not-exist.csv
load tests/data
load demo:nosuch
load tests/data/toy12.csv delim=x
load tests/data/toy12.csv bogus=1
load demo:loans n=5
