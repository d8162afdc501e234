#!/bin/sh
# view-audit-by.sh -- `view audit MODEL MODEL by=A/B,C`: `s` switches the
# sensitive attribute (the session's, then education, then gender x
# referral) while Left/Right switch models; the prompt is back after q.
. "$top_srcdir/tests/tui/lib.sh"
start
wait_for 'fairsh>' || exit 1
keys 'load demo:hiring n=2000; target hired positive=yes; sensitive gender; split 0.7; train logreg as m1; train logreg pre=ferm as m2; wait' Enter
wait_for "model 'm2'" || exit 1
keys 'view audit m1 m2 by=education/gender,referral' Enter
wait_for 'Audit of m1 \[1/6\] -- .*groups by gender *$' || exit 1
wait_for 's attribute' || exit 1
keys s
wait_for 'Audit of m1 \[3/6\] -- .*groups by education' || exit 1
wait_for 'phd' || exit 1
keys Right
wait_for 'Audit of m2 \[4/6\] -- .*groups by education' || exit 1
keys s
wait_for 'Audit of m2 \[6/6\] -- .*groups by gender,referral' || exit 1
wait_for 'Female & no' || exit 1
keys S S
wait_for 'Audit of m2 \[2/6\] -- .*groups by gender *$' || exit 1
keys q
wait_for 'fairsh:hiring>' || exit 1
keys 'view audit m1 by=nosuch' Enter
wait_for "unknown column 'nosuch'" || exit 1
keys 'describe hired' Enter
wait_for 'binary' || exit 1
exit 0
