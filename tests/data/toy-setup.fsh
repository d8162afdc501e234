# toy-setup.fsh -- sourced by tests/cli/source-nest.fsh
load tests/data/toy12.csv as toy
target y positive=1
sensitive race
