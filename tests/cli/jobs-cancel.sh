#!/bin/sh
# jobs-cancel.sh -- a long job shows in `jobs`, `cancel` stops it within a
# second, the session is unharmed; a failing job reports why; two jobs at once.
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
out=$(HOME=$tmp "$FAIRSH" -c 'load demo:loans n=200000; target approved positive=yes; sensitive group; split 0.7;
  train mlp hidden=256,128 epochs=500 as slow; jobs; cancel slow; jobs; train logreg as quick; train logreg C=0.5 as quick2; wait; models; audit quick format=csv' 2>&1)
st=$?
echo "$out"
[ $st -eq 0 ] || { echo "exit status $st"; exit 1; }
echo "$out" | grep -q '^ *1 *slow *mlp hidden=256,128 epochs=500 *running' || { echo "jobs did not list the running job"; exit 1; }
echo "$out" | grep -q '\[job slow\] cancelled' || { echo "no cancel notice"; exit 1; }
echo "$out" | grep -q 'slow .*cancelled' || { echo "jobs did not show the cancelled state"; exit 1; }
echo "$out" | grep -q "model 'quick2'" || { echo "second concurrent job missing"; exit 1; }
echo "$out" | grep -q '^quick,figure,accuracy,overall,' || { echo "audit after cancel failed"; exit 1; }
# a failing job: the target has one class among the training rows
out=$(HOME=$tmp "$FAIRSH" -c 'load demo:loans n=500; target approved positive=yes; sensitive group; filter approved=yes; target approved positive=yes' 2>&1)
echo "$out" | grep -q "one class" || { echo "one-class target not refused: $out"; exit 1; }
exit 0
