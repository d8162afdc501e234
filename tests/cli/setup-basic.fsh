# setup-basic.fsh -- sessions, describe, target/sensitive/filter/split on toy12
load tests/data/toy12.csv as toy
columns
describe p
target y positive=1
sensitive sex,race
filter race=A
describe race
describe p
filter off
split 0.5 seed=3
sessions
head 3 format=csv
set seed 7
show settings
