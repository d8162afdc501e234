#!/bin/sh
# fairrep-transfer.sh -- the fair-representation transfer experiment through
# the binary, on drug consumption (found by tests/lib/data.sh): a
# representation trained with the MMD penalty on five drug tasks; a logistic
# regression for the held-out task (Ecstasy) trained on it must have a
# demographic parity difference at least 50% below a logistic regression on
# the raw features (sensitive attribute excluded), accuracy lower by at most
# 3 points and above the majority-class rate. Also: the collapse warning at a
# huge penalty, export representation, and errors.
. "$top_srcdir/tests/lib/data.sh"
D=$(test_data drug_consumption.csv) || exit $?
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
P=positive=CL3,CL4,CL5,CL6
out=$(HOME=$tmp "$FAIRSH" -c "load $D as drug; target Ecstasy $P; sensitive Gender;
  features Age,Education,Country,Ethnicity,Nscore,Escore,Oscore,Ascore,Cscore,Impulsive,SS; split 0.7 seed=1;
  train logreg as raw;
  target Cannabis $P;
  train fairrep targets=Cannabis,Nicotine,Alcohol,Coke,Amphet $P lambda=5 as rep;
  train logreg on=rep target=Ecstasy $P as transfer;
  target Ecstasy $P;
  compare raw transfer format=csv;
  export representation rep rep.csv" 2>&1)
st=$?
echo "$out"
[ $st -eq 0 ] || { echo "exit status $st"; exit 1; }
# majority-class rate of Ecstasy: 1368 of 1885 are not users
echo "$out" | awk -F, '
	$1 == "raw" { acc0 = $2; dp0 = $3 }
	$1 == "transfer" { acc1 = $2; dp1 = $3 }
	END {
		printf "raw: acc %.4f dp %.4f; transfer: acc %.4f dp %.4f\n", acc0, dp0, acc1, dp1
		if (acc0 == "" || acc1 == "") { print "missing rows"; exit 1 }
		if (dp1 > 0.5 * dp0) { print "DP not halved"; exit 1 }
		if (acc1 < acc0 - 0.03) { print "accuracy fell by more than 3 points"; exit 1 }
		if (acc1 <= 1368 / 1885) { print "not above the majority rate"; exit 1 }
	}' || exit 1
head -1 rep.csv | grep -q ',rep_16$' || { echo "export representation: no rep_16 column"; head -1 rep.csv; exit 1; }
[ "$(wc -l <rep.csv)" -eq 1886 ] || { echo "export representation: wrong row count"; exit 1; }
# a huge penalty collapses the representation: the notice says so
out=$(HOME=$tmp "$FAIRSH" -c "load $D as drug; target Cannabis $P; sensitive Gender; split 0.7 seed=1;
  features Age,Education,Country,Ethnicity,Nscore,Escore,Oscore,Ascore,Cscore,Impulsive,SS;
  train fairrep lambda=1000 as big; wait" 2>&1)
echo "$out" | grep -q 'collapsed' || { echo "no collapse warning: $out"; exit 1; }
# the unbiased MMD estimate (U-statistic) as the penalty, on request
out=$(HOME=$tmp "$FAIRSH" -c "load demo:loans n=500; target approved positive=yes; sensitive group; split 0.7;
  train fairrep unbiased=yes epochs=3 as ru; wait" 2>&1)
echo "$out" | grep -q "model 'ru' (fairrep unbiased=yes epochs=3)" || { echo "unbiased=yes: $out"; exit 1; }
out=$(HOME=$tmp "$FAIRSH" -c "load demo:loans n=500; target approved positive=yes; sensitive group;
  train fairrep unbiased=maybe" 2>&1)
echo "$out" | grep -q "unbiased must be yes or no, not 'maybe'" || { echo "unbiased=maybe: $out"; exit 1; }
# errors
out=$(HOME=$tmp "$FAIRSH" -c "load demo:loans n=500; target approved positive=yes; sensitive group; split 0.7;
  train logreg as plain; wait; train logreg on=plain" 2>&1)
echo "$out" | grep -q "no fair representation named 'plain'" || { echo "on= with a non-representation: $out"; exit 1; }
exit 0
