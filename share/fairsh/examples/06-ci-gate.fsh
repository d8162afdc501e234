# 06-ci-gate.fsh -- a fairness gate for continuous integration.
# Run it in a CI job:   fairsh share/fairsh/examples/06-ci-gate.fsh
# The exit status is 0 when every check passes, 3 when a check fails (the
# other commands still run), 1 when a command fails. Each check is a test
# case in fairness-checks.xml (JUnit XML), which GitLab, Jenkins and GitHub
# show next to the unit tests; the audit is kept in fairness-audit.json.
# The manual (man fairsh, section "IN CI") shows the CI job around it.
load demo:loans n=5000 bias=1 seed=1
target approved positive=yes
sensitive group privileged=majority
split 0.7 seed=1

# The model to ship: trained, then corrected towards demographic parity.
train logreg as base
correct base with wasserstein as fair

# The record: the audit in machine form, and a report for people.
audit fair ci=200 to=fairness-audit.json
report fairness-report.md fair ci=200 plots=no

# The gates. ci=yes asks the whole 95% bootstrap interval to pass, so that
# a lucky test split cannot wave an unfair model through.
check demographic_parity_ratio >= 0.8 fair to=fairness-checks.xml
check equal_opportunity_difference <= 0.1 fair ci=yes to=fairness-checks.xml
check selection_rate[*] >= 0.2 fair to=fairness-checks.xml
check accuracy >= 0.7 fair to=fairness-checks.xml
