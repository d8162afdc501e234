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

# LFR: AIF360's objective (lfr_helpers.LFR_optim_objective, its formula
# rewritten here) at fixed w_j = (j + 1)/(k + 1), v_jc = sin(j + c)
from scipy.spatial.distance import cdist
from scipy.special import softmax
for trial in range(4):
    n, d, k = 50 + 10 * trial, 3 + trial % 2, 2 + trial
    g = np.arange(n) % 2
    rng.shuffle(g)
    X = rng.normal(0, 1, (n, d)) + g[:, None] * 0.7
    y = (rng.random(n) < 0.3 + 0.3 * g).astype(float)
    w = np.array([(j + 1) / (k + 1) for j in range(k)])
    v = np.array([[np.sin(j + c) for c in range(d)] for j in range(k)])
    inp = "".join(" ".join("%.17g" % t for t in X[i]) + " %g %d\n" % (y[i], g[i]) for i in range(n))
    out = subprocess.run([TOOL, "lfrobj", "2", str(k)], input=inp, capture_output=True, text=True)
    got = [float(t) for t in out.stdout.split()]
    parts = []
    M, xh, yh = {}, {}, {}
    for a in (0, 1):
        Ma = softmax(-cdist(X[g == a], v), axis=1)
        M[a], xh[a] = Ma, Ma @ v
        yh[a] = np.clip(Ma @ w, np.finfo(float).eps, 1 - np.finfo(float).eps)
    Lx = np.mean((xh[0] - X[g == 0]) ** 2) + np.mean((xh[1] - X[g == 1]) ** 2)
    Lz = np.mean(np.abs(M[0].mean(0) - M[1].mean(0)))
    yy = np.concatenate([y[g == 0], y[g == 1]])
    yp = np.concatenate([yh[0], yh[1]])
    Ly = -np.mean(yy * np.log(yp) + (1 - yy) * np.log(1 - yp))
    want = [0.01 * Lx + 1.0 * Ly + 50.0 * Lz, Lx, Ly, Lz]
    # sums of O(1) terms over <= 100 x 4 entries: agreement to 1e-12 relative
    check(len(got) == 4 and np.allclose(got, want, rtol=1e-12, atol=1e-14), "lfr trial %d: objective %s vs %s" % (trial, got, want))

print("preproc-ref: %d checks, %d failures" % (checks, failures))
sys.exit(1 if failures else 0)
