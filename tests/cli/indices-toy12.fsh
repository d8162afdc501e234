# indices-toy12.fsh -- the inequality indices and consistency on the 12-row
# table, worked by hand. b = 1 + yhat - y:
#   F: y 1,1,1,0,0,0  yhat 1,1,0,1,0,0 -> b 1,1,0,2,1,1 (mean 1)
#   M: y 1,1,0,0,0,0  yhat 1,1,1,1,0,0 -> b 1,1,2,2,1,1 (mean 4/3)
#   all: one 0, eight 1, three 2; mu = 14/12 = 7/6
#   E(2) = (sum b^2 / mu^2 - 12) / 24 = (20 * 36/49 - 12) / 24 = 11/98 = 0.112245
#   Theil = (8 (6/7) ln(6/7) + 3 (12/7) ln(12/7)) / 12 = 0.142912
#   CV = sqrt(2 * 11/98) = 0.473804
#   between (F 1 x6, M 4/3 x6): E(2) = (6 (6/7)^2 + 6 (8/7)^2 - 12) / 24 = 1/98
#   = 0.0102041, Theil ((6/7) ln(6/7) + (8/7) ln(8/7)) / 2 = 0.0102391,
#   CV = sqrt(2/98) = 1/7 = 0.142857; two groups: privileged M vs rest is the same
# consistency on id with 3 neighbours (ids are integers: exact distances,
#   equal ones go to the lower row): |yhat - mean of the 3| per row
#   1/3 1/3 2/3 2/3 1/3 1/3 1/3 0 0 1/3 1/3 1/3, sum 4, 1 - 4/12 = 0.666667
# alpha 0: ln 0 for the row with b = 0, so inf (null in JSON); between the
#   groups -(ln(6/7) + ln(8/7)) / 2 = -ln(48/49) / 2 = 0.0103096
load tests/data/toy12.csv as toy
target y positive=1
sensitive sex privileged=M
indices pred=yhat features=id neighbors=3
indices pred=yhat features=id neighbors=3 format=csv
indices pred=yhat alpha=0 neighbors=0 format=json
help indices
