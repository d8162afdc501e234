# 05-propublica-compas.fsh -- ProPublica's "Machine Bias" analysis of the
# COMPAS risk scores (Angwin, Larson, Mattu and Kirchner, 2016), done
# entirely inside fairsh. The data: 7,214 defendants screened in Broward
# County, Florida, in 2013-14, with the decile score COMPAS gave them (1-10,
# and as text: Low 1-4, Medium 5-7, High 8-10) and whether they were
# charged with a new crime within two years (two_year_recid).
# ProPublica's figures, African-American vs Caucasian defendants:
#   all 7,214 rows:           false positive rate 44.85% vs 23.45%,
#                             false negative rate 27.99% vs 47.72%;
#   after their screening:    42.34% vs 22.01% and 28.48% vs 49.64%.
load compas

# The outcome the score predicts: reoffending is the positive class of the
# statistics. For the person, the favourable outcome is the other one: a
# "higher risk" label is a punitive decision, so the harmful error is a
# false positive -- flagged, though the person did not reoffend. Saying so
# once makes the plain-language verdicts name who is hurt.
target two_year_recid positive=1 favorable=0
sensitive race

# ProPublica's decision: a decile score of 5 or more ("Medium" or "High")
# counts as higher risk. A score of any range is read with threshold=; a
# score of 5 or more is a positive decision. AUC is computed from the
# score itself; calibration tables are only for probabilities.
audit score=decile_score threshold=5

# The same decision made into a column, and from the score's text: the
# two columns agree on every row, so compare shows the same figures twice.
derive high_risk = decile_score >= 5
derive medium_high = score_text in ('Medium', 'High')
compare high_risk medium_high

# By race and sex, for the two groups ProPublica compared. The filter
# keeps African-American and Caucasian defendants; the eight race x sex
# groups that it empties are left out of the audit with one note.
sensitive race,sex
filter race in ('African-American', 'Caucasian')
audit pred=high_risk

# ProPublica's screening (their compas-analysis notebook): keep cases
# whose charge date lies within 30 days of the COMPAS screening. Their
# notebook also drops is_recid = -1, ordinary traffic offences
# (c_charge_degree 'O') and missing score texts; the two-year file has no
# such rows (a filter such as c_charge_degree != 'O' would say so in a
# note: 'O' is not a level). Missing days are dropped too, as in pandas
# and R. This leaves 6,172 defendants.
filter off
sensitive race
filter days_b_screening_arrest <= 30 and days_b_screening_arrest >= -30
audit score=decile_score threshold=5
sensitive race,sex
filter race in ('African-American', 'Caucasian')
audit pred=high_risk

# What a post-processor would change, from the score alone (no model is
# needed): the threshold optimiser of Hardt et al. chooses a cut per group,
# randomised where it must be, so that both error rates match; compare
# puts it beside ProPublica's decision (the screened rows, the two races).
sensitive race
correct score=decile_score with threshold constraint=eodds as equal_odds
compare high_risk equal_odds

# Age bands made with cut, the same as the file's age_cat ("Less than 25",
# "25 - 45", which holds ages 25 to 44, and "Greater than 45", 45 and
# over): right=false closes each band on the left, [25, 45).
filter off
derive age_band = cut(age, (0, 25, 45, inf), labels=('under 25', '25-44', '45 and over'), right=false)
sensitive age_band
audit score=decile_score threshold=5
