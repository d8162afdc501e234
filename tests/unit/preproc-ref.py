#!/usr/bin/python3
# preproc-ref.py -- the pre-processors (tests/unit/methods-tool corr|lfr)
# against independent numpy computations on fixed random inputs:
#  * correlation remover: Fairlearn's formula, X - (S - mean S) beta with
#    beta = numpy.linalg.lstsq(S - mean S, X) for the one-hot group
#    indicators S, blended by alpha; its defining property, every feature
#    with the same mean in every group at alpha = 1 (no linear
#    correlation with the indicators).
# Needs Debian's /usr/bin/python3 (numpy). Env: top_builddir.
# SPDX-License-Identifier: MIT
import os
import subprocess
import sys

import numpy as np

BUILD = os.environ.get("top_builddir", ".")
TOOL = os.path.join(BUILD, "tests", "unit", "methods-tool")
failures = 0
checks = 0


def check(ok, what):
    global failures, checks
    checks += 1
    if not ok:
        failures += 1
        print("FAIL:", what)
    elif os.environ.get("GSL_TEST_VERBOSE", "0") == "1":
        print("PASS:", what)


def tool(args, X, g):
    inp = "".join(" ".join("%.17g" % v for v in X[i]) + " %d\n" % g[i] for i in range(len(g)))
    out = subprocess.run([TOOL] + args, input=inp, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(out.stderr)
    return np.array([[float(v) for v in line.split()] for line in out.stdout.splitlines()])


rng = np.random.default_rng(3)
for trial in range(6):
    K = 2 + trial % 3
    n, d = 60 + 20 * trial, 4
    g = np.arange(n) % K
    rng.shuffle(g)
    X = rng.normal(0, 1, (n, d)) + g[:, None] * np.array([0.5, -1.0, 0.0, 2.0])
    S = np.eye(K)[g]
    Sc = S - S.mean(0)
    beta = np.linalg.lstsq(Sc, X, rcond=None)[0]
    for alpha in (1.0, 0.5, 0.0):
        Z = tool(["corr", str(K), repr(alpha)], X, g)
        want = alpha * (X - Sc @ beta) + (1 - alpha) * X
        # the shifts are group means of O(1) values over >= 20 rows: 1e-12
        check(np.allclose(Z, want, rtol=0, atol=1e-12), "corrremove trial %d alpha %g: Fairlearn's projection" % (trial, alpha))
        if alpha == 1.0:
            gm = np.array([Z[g == a].mean(0) for a in range(K)])
            check(np.abs(gm - Z.mean(0)).max() <= 1e-12, "corrremove trial %d: equal group means" % trial)
            check(np.abs(Sc.T @ (Z - Z.mean(0))).max() <= 1e-10 * n, "corrremove trial %d: uncorrelated with S" % trial)

print("preproc-ref: %d checks, %d failures" % (checks, failures))
sys.exit(1 if failures else 0)
