#!/bin/sh
# run-py.sh -- run a Python reference test with Debian's python3 (numpy,
# pandas, scikit-learn, POT); exit 77 (skip) only when it is missing outside CI.
py=/usr/bin/python3
if ! $py -c 'import numpy' 2>/dev/null; then
	echo "python3-numpy is not installed (run ./setup.sh test)"
	[ -n "${CI:-}" ] && exit 1
	exit 77
fi
# no __pycache__ in the source tree (the tests import tests/unit/testdata.py)
PYTHONDONTWRITEBYTECODE=1; export PYTHONDONTWRITEBYTECODE
exec $py "$@"
