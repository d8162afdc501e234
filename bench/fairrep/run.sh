#!/bin/sh
# bench/fairrep/run.sh -- the fair-representation transfer experiments
# through the fairsh binary: drug consumption (five drug tasks, held-out
# Ecstasy) and Adult (income, held-out hours-per-week > 40 with that column
# removed). Usage: bench/fairrep/run.sh [BUILD_DIR]
# Paths: BUILD_DIR (argument, else $BUILD_DIR, else the top of the source
# tree) holds a built fairsh; the datasets are found as the tests find them
# (FAIRSH_DATA, then share/fairsh/data, then ../shared/data; see bench/lib.sh).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
bench_build "${1:-}"
F=$build/fairsh
drug=$(bench_data drug_consumption.csv) || exit 1
adult=$(bench_data adult.csv) || exit 1
P=positive=CL3,CL4,CL5,CL6
echo "== drug consumption"
"$F" -c "load $drug as drug; target Ecstasy $P; sensitive Gender;
  features Age,Education,Country,Ethnicity,Nscore,Escore,Oscore,Ascore,Cscore,Impulsive,SS; split 0.7 seed=1;
  train logreg as raw; target Cannabis $P;
  train fairrep targets=Cannabis,Nicotine,Alcohol,Coke,Amphet $P lambda=5 as rep;
  train logreg on=rep target=Ecstasy $P as transfer;
  train fairrep targets=Cannabis,Nicotine,Alcohol,Coke,Amphet $P lambda=0 as rep0;
  train logreg on=rep0 target=Ecstasy $P as transfer0;
  train fairrep targets=Cannabis,Nicotine,Alcohol,Coke,Amphet $P divergence=sinkhorn lambda=5 as reps;
  train logreg on=reps target=Ecstasy $P as transfer_s;
  train fairrep targets=Cannabis,Nicotine,Alcohol,Coke,Amphet $P unbiased=yes lambda=10 as repu;
  train logreg on=repu target=Ecstasy $P as transfer_u;
  wait; target Ecstasy $P; compare raw transfer0 transfer transfer_s transfer_u" 2>&1 | grep -v '^training'
echo "== Adult"
"$F" -c "load $adult; target hours-per-week threshold=40; sensitive sex; split column=split;
  features all-except=hours-per-week; train logreg as raw; target income positive=\">50K\";
  train fairrep lambda=5 as rep; train logreg on=rep target=hours-per-week threshold=40 as transfer;
  train fairrep lambda=0 as rep0; train logreg on=rep0 target=hours-per-week threshold=40 as transfer0;
  train fairrep divergence=sinkhorn lambda=5 as reps;
  train logreg on=reps target=hours-per-week threshold=40 as transfer_s;
  wait; target hours-per-week threshold=40; compare raw transfer0 transfer transfer_s" 2>&1 | grep -v '^training'
