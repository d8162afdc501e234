# options: --keep-going
# filter-expr.fsh -- filters with expressions beside the short form, and
# sensitive groups that a filter empties: left out of the audit with one
# note, no n = 0 row, no undefined pair. On toy12 (audit-toy12.fsh):
#   rows 1-6 F, 7-12 M; race A in rows 1 2 5 7 9 11, B in 3 4 6 8 10 12;
#   p .9 .8 .4 .7 .2 .1 .95 .85 .6 .55 .3 .05
load tests/data/toy12.csv as toy
target y
sensitive sex,race
# race A keeps F & A (rows 1 2 5) and M & A (7 9 11): F & B, M & B left out
filter race == 'A'
audit pred=yhat pairs=yes
describe
sensitive sex,race
filter off
# the short form and an expression keep the same rows: p > .5 and p < .9
# keeps rows 2 4 8 9 10
filter p>0.5
filter p < 0.9
filter
filter off
# expressions: in, not, and/or, isna, numbers as conditions
filter race in ('B') and not (p < 0.5)
filter off
filter yhat
filter off
filter sex=F or p > 0.9
filter off
# errors: the caret under the place, the nearest column, a value without
# quotes, a condition that gives text, the short form's own messages
filter pp > 0.5
filter race == C
filter if(p > 0.5, 'hi', 'lo')
filter race=C
filter y=7
filter p > 0.5 and
# a note: a value that is no level keeps nothing, legal but probably not meant
filter race == 'a' or p > 0.9
filter
history
