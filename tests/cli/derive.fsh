# options: --keep-going
# derive.fsh -- derived columns behave like loaded ones: describe, columns
# (with the formula), target, sensitive, features, filter, audit, export;
# errors point at the place with a caret and suggest the nearest column;
# notes; redefining a column the set-up uses is refused.
load tests/data/toy12.csv as toy
derive
# p > .5 in rows 1 2 4 7 8 9 10: 7 true, 5 false
derive high = p > 0.5
# bands of p: (0, .3] rows 5 6 11 12, (.3, .7] rows 3 4 9 10, (.7, 1] 1 2 7 8
derive band = cut(p, (0, 0.3, 0.7, 1), labels=('low', 'mid', 'top'))
derive group = sex + '/' + race
derive group = if(race == 'A', sex, 'other')
derive `two words` = id * 2
derive ratio = id / (y - y)
derive
columns
describe
# errors: the place and the nearest column, a value without quotes, the
# type of an operand, a missing '='
derive x = yhatt + 1
derive x = race == B
derive x = sex + 1
derive x yhat + 1
derive x = (yhat
derive id = yhat
derive high = high + 1
# a note: a text that is no level of the column
derive y2 = race == 'C'
# derived columns in the set-up
target high
sensitive group
filter band != 'low'
features band,ratio
audit pred=yhat format=csv
# what the set-up uses cannot be redefined; what it does not use can
derive high = p > 0.6
derive group = race
derive band = p
derive y2 = race == 'B'
export predictions derived.csv
# missing values the formula made get a note (ratio above: all 12 rows,
# a division by zero). log(p - 0.5) is missing where p <= 0.5 (rows 3 5 6
# 11 12: 5 rows, a note); logp * 2 is missing in the same rows, where logp
# itself is (no note); logp / (p - 0.9) is missing there and in row 1
# (p = 0.9): 6 rows, of which the formula made one
derive logp = log(p - 0.5)
derive logp2 = logp * 2
derive logp3 = logp / (p - 0.9)
history
