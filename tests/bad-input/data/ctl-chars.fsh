load demo:loans
[31m;evil
