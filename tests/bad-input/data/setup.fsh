load demo:loans
target approved positive=yes
sensitive group
split 0.7
train logreg as m
wait
