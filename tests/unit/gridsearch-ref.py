#!/usr/bin/python3
# gridsearch-ref.py -- grid search over Lagrange multipliers
# (tests/unit/methods-tool grid|gs) against
# (1) Fairlearn's published grids (test/unit/reductions/grid_search/
#     test_grid_generator.py, expected values copied): demographic parity,
#     one dimension, sizes 5..102 and limits 1..10; equalized odds, two
#     dimensions, sizes 5 and 13;
# (2) the reduction recomputed in numpy with scikit-learn's
#     LogisticRegression (C = 1, which fairsh's logreg equals) as the
#     base learner: at every grid point the relabelled, reweighted problem,
#     the training error and the largest constraint violation, and the
#     chosen point (smallest 0.5 error + 0.5 violation).
# Needs Debian's /usr/bin/python3 (numpy, scikit-learn). Env: top_builddir.
# SPDX-License-Identifier: MIT
import os
import subprocess
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression

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


def grid(size, limit, dim):
    out = subprocess.run([TOOL, "grid", str(size), repr(limit), str(dim)], capture_output=True, text=True, check=True)
    return np.array([[float(v) for v in line.split()] for line in out.stdout.splitlines()])


# (1) test_grid_generator_demographic_parity: column i is -limit + step i,
# step = 2 limit / (grid_size rounded down to even)
for size in (5, 6, 10, 11, 100, 101, 102):
    for limit in (1.0, 2.0, 4.0, 10.0):
        g = grid(size, limit, 1)[:, 0]
        step = 2 * limit / (int(size / 2) * 2)
        want = np.array([-limit + step * i for i in range(size)])
        check(g.shape == (size,) and np.allclose(g, want), "fairlearn dp grid size %d limit %g" % (size, limit))
# test_grid_generator_equalized_odds_basic (size 5) and _equalized_odds (size 13):
# coordinates (label=0, label=1) = plus - minus of the expected frames
for limit in (0.1, 0.5, 1, 2, 3, 10, 99, 100, 101):
    g = grid(5, limit, 2)
    want = np.array([[-1, 0], [0, -1], [0, 0], [0, 1], [1, 0]]) * limit
    check(np.allclose(g, want), "fairlearn eodds grid size 5 limit %g" % limit)
for limit in (0.1, 0.5, 1, 2, 5, 10, 99, 100):
    g = grid(13, limit, 2)
    gl = limit
    plus0 = [0, 0, 0, 0, 0, 0, 0, 0, 0, gl / 2, gl / 2, gl / 2, gl]
    plus1 = [0, 0, 0, gl / 2, 0, 0, 0, gl / 2, gl, 0, 0, gl / 2, 0]
    minus0 = [gl, gl / 2, gl / 2, gl / 2, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    minus1 = [0, gl / 2, 0, 0, gl, gl / 2, 0, 0, 0, gl / 2, 0, 0, 0]
    want = np.stack([np.subtract(plus0, minus0), np.subtract(plus1, minus1)], 1)
    check(np.allclose(g, want), "fairlearn eodds grid size 13 limit %g" % limit)

# (2) the reduction against numpy + scikit-learn
rng = np.random.default_rng(11)
for trial, (con, K, size) in enumerate((("dp", 2, 10), ("eo", 2, 7), ("dp", 3, 9), ("eodds", 2, 9),
                                        ("fpr", 2, 6), ("error", 2, 8))):
    n = 400
    g = np.arange(n) % K
    rng.shuffle(g)
    z = rng.normal(0, 1, n) + np.where(g == 0, 0.5, -0.5)
    y = (rng.random(n) < 1 / (1 + np.exp(-2 * z))).astype(int)
    X = np.stack([z + rng.normal(0, 0.5, n), g + rng.normal(0, 0.3, n), rng.normal(0, 1, n)], 1)
    inp = "".join(" ".join("%.17g" % v for v in X[i]) + " %d %d\n" % (y[i], g[i]) for i in range(n))
    out = subprocess.run([TOOL, "gs", con, str(K), str(size)], input=inp, capture_output=True, text=True)
    if out.returncode != 0:
        check(False, "gridsearch %s ran: %s" % (con, out.stderr))
        continue
    pts, best = [], None
    for line in out.stdout.splitlines():
        f = line.split()
        if f[0] == "pt":
            pts.append([float(v) for v in f[2:]])
        else:
            best = int(f[1])
    pts = np.array(pts)
    E = 2 if con == "eodds" else 1
    dim = E * (K - 1)
    event = {"dp": np.zeros(n, int), "error": np.zeros(n, int), "eo": np.where(y == 1, 0, -1),
             "fpr": np.where(y == 0, 0, -1), "eodds": y.copy()}[con]
    du = 1 - 2 * y if con == "error" else np.ones(n)
    u0 = y if con == "error" else np.zeros(n)
    pe = np.array([(event == e).mean() for e in range(E)])
    pea = np.array([[((event == e) & (g == a)).mean() for a in range(K)] for e in range(E)])
    check(np.allclose(pts[:, :dim], grid(size, 2.0, dim)), "gridsearch %s: the grid" % con)
    losses = []
    for j in range(size):
        lam = pts[j, :dim].reshape(E, K - 1)
        lp, lm = np.maximum(lam, 0), np.maximum(-lam, 0)
        s = 2.0 * y - 1
        for i in range(n):
            e = event[i]
            if e < 0:
                continue
            ul = (lp[e].sum() - lm[e].sum()) / pe[e]
            if g[i] < K - 1:
                ul += (lm[e, g[i]] - lp[e, g[i]]) / pea[e, g[i]]
            s[i] += du[i] * ul
        ry, w = (s > 0).astype(int), np.abs(s)
        if len(set(ry)) == 1:
            pred = np.full(n, ry[0])
        else:
            lr = LogisticRegression(C=1.0, tol=1e-12, max_iter=10000).fit(X, ry, sample_weight=w)
            pred = (lr.predict_proba(X)[:, 1] > 0.5).astype(int)
        err = np.mean(pred != y)
        u = du * pred + u0
        viol = -np.inf
        for e in range(E):
            m = event == e
            for a in range(K):
                ga, ge = u[m & (g == a)].mean(), u[m].mean()
                viol = max(viol, ga - ge, ge - ga)
        # decisions of rows within 1e-9 of the cut may differ between two
        # solvers that agree to ~1e-9: allow one row either way
        check(abs(err - pts[j, dim]) <= 1.0 / n + 1e-12, "gridsearch %s point %d: error %.6f vs %.6f" % (con, j, pts[j, dim], err))
        check(abs(viol - pts[j, dim + 1]) <= 2.0 / min(np.bincount(g)) + 1e-12,
              "gridsearch %s point %d: violation %.6f vs %.6f" % (con, j, pts[j, dim + 1], viol))
        losses.append(0.5 * pts[j, dim] + 0.5 * pts[j, dim + 1])
    check(best == int(np.argmin(losses)), "gridsearch %s: chosen point %s vs %d" % (con, best, int(np.argmin(losses))))

print("gridsearch-ref: %d checks, %d failures" % (checks, failures))
sys.exit(1 if failures else 0)
