#!/usr/bin/python3
# expgrad-ref.py -- exponentiated gradient with Fairlearn's LP step:
# bounded group loss (regression; tests/unit/methods-tool egbgl, base ridge
# with alpha 0 and an intercept) against
# (1) Fairlearn's published numbers: test/unit/reductions/
#     exponentiated_gradient/test_exponentiatedgradient_smoke.py,
#     smoke_test_data_regression (inputs and expected values copied from
#     test_utilities.py and that file; their LeastSquaresRegressor on X1,
#     X2 and the constant X3 is least squares with an intercept on X1, X2):
#     last_iter, best_iter, oracle calls, predictors, best gap, and the
#     weight, mean loss and largest group loss of each predictor with weight
#     > 0 (to Fairlearn's 1e-5);
# (2) numpy: the losses recomputed from the components' predictions, the
#     score as the weighted mean of the components, the unconstrained case
#     (a bound every group meets) as weighted least squares (np.linalg.lstsq),
#     and on random data the bound met within 2 (eps + gap) (Agarwal et al.'s
#     guarantee as Fairlearn states it);
# and classification with lp=yes (methods-tool egcls, the base Fairlearn's
# least-squares classifier: ridge with alpha 0, 1{score > 0.5}) against
# (3) Fairlearn's published numbers of smoke_test_data and
#     smoke_test_data_flipped in the same file, every case without a cost
#     objective (fairsh has none): best gap, last and best iteration, oracle
#     calls, predictors, and the mixture's largest gamma and error
#     recomputed in numpy from its P(yhat = 1). In two cases (eo, and fpr
#     on flipped labels, eps 0.005) the LP has more than one optimum: the
#     same error 0.25 and no penalty, Fairlearn's HiGHS vertex with gap 0,
#     fairsh's simplex one with gap 0.005 = eps; there the largest gamma
#     is checked against eps.
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


def run(X, y, g, K, loss, bound, eps, *extra):
    rows = "".join(" ".join(repr(float(v)) for v in list(X[i]) + [y[i], g[i]]) + "\n" for i in range(len(y)))
    out = subprocess.run([TOOL, "egbgl", loss, repr(bound), repr(eps), str(K)] + list(extra), input=rows,
                         capture_output=True, text=True, check=True)
    info, comps, score = None, [], []
    for line in out.stdout.splitlines():
        f = line.split()
        if f[0] == "info":
            info = dict(zip(["iterations", "best_iter", "calls", "npred", "nlearn"], map(int, f[1:6])))
            info.update(zip(["gap", "nu", "error", "violation"], map(float, f[6:10])))
        elif f[0] == "c":
            comps.append((float(f[1]), np.array([float(v) for v in f[2:]])))
        elif f[0] == "p":
            score.append(float(f[1]))
    return info, comps, np.array(score)


def lossfn(loss, y, h, lo=0.0, hi=1.0):
    if loss == "zeroone":
        lo, hi = 0.0, 1.0
    d = np.clip(y, lo, hi) - np.clip(h, lo, hi)
    return d * d if loss == "square" else np.abs(d)


def group_losses(loss, y, h, g, K, lo=0.0, hi=1.0):
    l = lossfn(loss, y, h, lo, hi)
    return np.array([l[g == a].mean() for a in range(K)]), l.mean()


# ---- (1) Fairlearn's smoke data ----
A = "AAAAAAABBBBBBBCCCCCC"
X1 = [int(c) for c in "01101010111101001011"]
X2 = [int(c) for c in "00001000000011111111"]
scores = [int(c) / 10 for c in "00011240223346134447"]
X = np.column_stack([X1, X2]).astype(float)
y = np.array(scores)
g = np.array(["ABC".index(c) for c in A])

# (loss, upper_bound, eps, extra, best_gap, last_iter, best_iter, calls,
#  n_predictors, [(weight, disp, error) of the predictors with weight > 0])
smoke = [
    ("square", 0.01, 0.01, [], 0.003905, 6, 6, 23, 16, [(0.956748, 0.028045, 0.024412), (0.043251, 0.030853, 0.025691)]),
    ("square", 0.05, 0.01, [], 0.0, 5, 5, 32, 7, [(1.0, 0.036690, 0.021988)]),
    ("square", 0.05, 0.01, ["max_iter=20", "nu=1e-6"], 0.0, 5, 5, 29, 7, [(1.0, 0.036690, 0.021988)]),
    ("zeroone", 0.01, 0.01, [], 0.007185, 5, 5, 20, 14, [(0.221468, 0.1479, 0.140198), (0.778531, 0.140256, 0.135674)]),
    ("zeroone", 0.2, 0.01, [], 0.0, 5, 5, 20, 3, [(1.0, 0.166918, 0.116949)]),
    ("zeroone", 0.2, 0.01, ["max_iter=20", "nu=1e-6"], 0.0, 5, 5, 17, 3, [(1.0, 0.166918, 0.116949)]),
    ("absolute", 0.01, 0.01, [], 0.007185, 5, 5, 20, 14, [(0.221468, 0.1479, 0.140198), (0.778531, 0.140256, 0.135674)]),
]
P = 1e-5
for loss, ub, eps, extra, gap, last, best, calls, npred, comps_exp in smoke:
    name = "fairlearn %s bound %g %s" % (loss, ub, " ".join(extra))
    info, comps, score = run(X, y, g, 3, loss, ub, eps, *extra)
    check(abs(info["gap"] - gap) <= P, "%s: best gap %.6f (fairlearn %.6f)" % (name, info["gap"], gap))
    check(info["iterations"] - 1 == last and info["best_iter"] == best,
          "%s: last_iter %d best_iter %d (fairlearn %d %d)" % (name, info["iterations"] - 1, info["best_iter"], last, best))
    check(info["calls"] == calls, "%s: oracle calls %d (fairlearn %d)" % (name, info["calls"], calls))
    check(info["npred"] == npred, "%s: predictors %d (fairlearn %d)" % (name, info["npred"], npred))
    check(len(comps) == len(comps_exp), "%s: %d predictors with weight > 0 (fairlearn %d)" % (name, len(comps), len(comps_exp)))
    for (w, pred), (we, de, ee) in zip(comps, comps_exp):
        gl, ml = group_losses(loss, y, pred, g, 3)
        check(abs(w - we) <= P and abs(gl.max() - de) <= P and abs(ml - ee) <= P,
              "%s: weight %.6f disp %.6f error %.6f (fairlearn %.6f %.6f %.6f)" % (name, w, gl.max(), ml, we, de, ee))
    # the score is the weighted mean of the components; the reported
    # error and violation are the mixture's expected losses
    mix = sum(w * p for w, p in comps)
    check(np.allclose(score, mix, rtol=0, atol=1e-12), "%s: score = weighted mean of the components" % name)
    egl = sum(w * group_losses(loss, y, p, g, 3)[0] for w, p in comps)
    eml = sum(w * group_losses(loss, y, p, g, 3)[1] for w, p in comps)
    check(abs(info["error"] - eml) <= 1e-12 and abs(info["violation"] - egl.max()) <= 1e-12,
          "%s: error %.9g and largest group loss %.9g as numpy (%.9g %.9g)" % (name, info["error"], info["violation"],
                                                                               eml, egl.max()))
    check(abs(sum(w for w, _ in comps) - 1) <= 1e-12, "%s: weights sum to 1" % name)

# ---- (2) a bound every group meets: the LP's multipliers are 0 and the
# result is ordinary least squares (with an intercept) ----
Xi = np.column_stack([X, np.ones(len(y))])
beta = np.linalg.lstsq(Xi, y, rcond=None)[0]
info, comps, score = run(X, y, g, 3, "square", 1.0, 0.01)
check(len(comps) == 1 and np.allclose(comps[0][1], Xi @ beta, rtol=0, atol=1e-10),
      "loose bound: ordinary least squares (max diff %.3g)" % np.abs(score - Xi @ beta).max())
check(info["gap"] == 0 and info["violation"] <= 1.0, "loose bound: gap 0, violation %.4g" % info["violation"])

# ---- random data: three groups, the last noisier; bounds below the worst
# group's loss of least squares that a mixture can meet; the clip range wider ----
rng = np.random.default_rng(22)
n, K = 300, 3
g = rng.integers(0, K, n)
X = rng.normal(size=(n, 3)) + g[:, None] * 0.3
y = X @ np.array([0.5, -0.3, 0.2]) + 0.4 * g + rng.normal(scale=0.2 + 0.3 * g, size=n)
Xi = np.column_stack([X, np.ones(n)])
beta = np.linalg.lstsq(Xi, y, rcond=None)[0]
gl0, ml0 = group_losses("square", y, Xi @ beta, g, K, -3.0, 3.0)
for bound in [0.95 * gl0.max(), 0.85 * gl0.max()]:
    for eps in [0.05, 0.01]:
        info, comps, score = run(X, y, g, K, "square", bound, eps, "lo=-3", "hi=3")
        egl = sum(w * group_losses("square", y, p, g, K, -3.0, 3.0)[0] for w, p in comps)
        eml = sum(w * group_losses("square", y, p, g, K, -3.0, 3.0)[1] for w, p in comps)
        name = "random bound %.4f eps %g" % (bound, eps)
        check(abs(eml - info["error"]) <= 1e-9 and abs(egl.max() - info["violation"]) <= 1e-9,
              "%s: losses as numpy" % name)
        check(egl.max() <= bound + 2 * (eps + info["gap"]),
              "%s: largest group loss %.4f <= bound + 2 (eps + gap) = %.4f (least squares: %.4f)"
              % (name, egl.max(), bound + 2 * (eps + info["gap"]), gl0.max()))
        check(egl.max() < gl0.max(), "%s: the worst group's loss falls (%.4f < %.4f)" % (name, egl.max(), gl0.max()))
        check(eml >= ml0 - 1e-12, "%s: the mean loss cannot beat least squares (%.5f >= %.5f)" % (name, eml, ml0))

# ---- (3) classification with the LP step: Fairlearn's smoke tests ----
labels = np.array([int(c) for c in "01101000010111001111"], dtype=float)
X = np.column_stack([X1, X2]).astype(float)
g = np.array(["ABC".index(c) for c in A])


def run_cls(X, y, g, K, constraint, eps, ratio):
    rows = "".join(" ".join(repr(float(v)) for v in list(X[i]) + [y[i], g[i]]) + "\n" for i in range(len(y)))
    out = subprocess.run([TOOL, "egcls", constraint, repr(eps), str(K), "ratio=%r" % ratio, "lp=1"], input=rows,
                         capture_output=True, text=True, check=True)
    info, p = None, []
    for line in out.stdout.splitlines():
        f = line.split()
        if f[0] == "info":
            info = dict(zip(["iterations", "best_iter", "calls", "npred", "nlearn"], map(int, f[1:6])))
            info.update(zip(["gap", "nu"], map(float, f[6:8])))
        else:
            p.append(float(f[1]))
    return info, np.array(p)


def moments(constraint, y, p, g, K, rho):
    """Fairlearn's UtilityParity gammas of P(yhat = 1) = p: for each event
    and group rho E[u | e, a] - E[u | e] and rho E[u | e] - E[u | e, a]."""
    u = np.abs(p - y) if constraint == "error" else p
    if constraint in ("dp", "error"):
        events = [np.ones(len(y), bool)]
    elif constraint == "eo":
        events = [y == 1]
    elif constraint == "fpr":
        events = [y == 0]
    else:
        events = [y == 0, y == 1]
    gam = []
    for ev in events:
        ee = u[ev].mean()
        for a in range(K):
            ea = u[ev & (g == a)].mean()
            gam += [rho * ea - ee, rho * ee - ea]
    return max(gam)


# (constraint, eps, ratio, flipped labels, best_gap, disp, error, oracle calls, predictors)
smoke_cls = [
    ('dp', 0.100, 1.0, 0, 0.000000, 0.100000, 0.250000, 32, 3),
    ('dp', 0.100, 0.8, 0, 0.000000, -0.020000, 0.250000, 17, 2),
    ('dp', 0.050, 1.0, 0, 0.000000, 0.050000, 0.266522, 23, 6),
    ('dp', 0.050, 0.8, 0, 0.000000, -0.020000, 0.25, 17, 2),
    ('dp', 0.020, 1.0, 0, 0.000000, 0.020000, 0.332261, 22, 5),
    ('dp', 0.020, 0.8, 0, 0.000000, -0.020000, 0.25, 17, 2),
    ('dp', 0.010, 1.0, 0, 0.000000, 0.010000, 0.354174, 22, 5),
    ('dp', 0.010, 0.8, 0, 0.000000, -0.020000, 0.25, 17, 2),
    ('dp', 0.005, 1.0, 0, 0.000000, 0.005000, 0.365130, 22, 5),
    ('dp', 0.005, 0.8, 0, 0.000000, -0.020000, 0.25, 17, 2),
    ('eodds', 0.100, 1.0, 0, 0.000000, 0.100000, 0.309333, 21, 4),
    ('eodds', 0.100, 0.8, 0, 0.000000, 0.100000, 0.25, 22, 4),
    ('eodds', 0.050, 1.0, 0, 0.000000, 0.050000, 0.378827, 19, 6),
    ('eodds', 0.050, 0.8, 0, 0.000000, 0.050000, 0.277016, 22, 4),
    ('eodds', 0.020, 1.0, 0, 0.000000, 0.020000, 0.421531, 19, 6),
    ('eodds', 0.020, 0.8, 0, 0.000000, 0.020000, 0.296612, 22, 4),
    ('eodds', 0.010, 1.0, 0, 0.000000, 0.010000, 0.435765, 19, 6),
    ('eodds', 0.010, 0.8, 0, 0.000000, 0.010000, 0.303145, 22, 4),
    ('eodds', 0.005, 1.0, 0, 0.000000, 0.005000, 0.442883, 19, 6),
    ('eodds', 0.005, 0.8, 0, 0.000000, 0.005000, 0.306411, 22, 4),
    ('error', 0.1, 1.0, 0, 0.000000, 0.100000, 0.25625, 17, 3),
    ('error', 0.1, 0.8, 0, 0.000000, 0.092857, 0.25, 17, 3),
    ('error', 0.05, 1.0, 0, 0.000000, 0.049999, 0.3, 17, 3),
    ('error', 0.05, 0.8, 0, 0.000000, 0.050000, 0.253472, 26, 6),
    ('error', 0.02, 1.0, 0, 0.000000, 0.019999, 0.326250, 17, 3),
    ('error', 0.02, 0.8, 0, 0.000000, 0.020000, 0.268055, 26, 5),
    ('error', 0.01, 1.0, 0, 0.000000, 0.010000, 0.325555, 18, 4),
    ('error', 0.01, 0.8, 0, 0.000000, 0.010000, 0.272916, 26, 5),
    ('error', 0.005, 1.0, 0, 0.000000, 0.005000, 0.329444, 19, 5),
    ('error', 0.005, 0.8, 0, 0.000000, 0.005000, 0.275347, 26, 5),
    ('eo', 0.005, 1.0, 0, 0.0, 0.0, 0.25, 16, 2),
    ('fpr', 0.005, 1.0, 0, 0.0, 0.005000, 0.427133, 17, 3),
    ('eo', 0.005, 1.0, 1, 0.0, 0.005000, 0.427133, 17, 3),
    ('fpr', 0.005, 1.0, 1, 0.0, 0.0, 0.25, 16, 2),
    ('eodds', 0.005, 1.0, 1, 0.000000, 0.005000, 0.442883, 19, 6),
]
for c, eps, rho, flip, gap, disp, error, calls, npred in smoke_cls:
    y = 1 - labels if flip else labels
    name = "fairlearn %s eps %g ratio %g%s" % (c, eps, rho, " flipped" if flip else "")
    info, p = run_cls(X, y, g, 3, c, eps, rho)
    # Fairlearn asserts last_iter == best_iter == 5 in every case
    check(info["iterations"] - 1 == 5 and info["best_iter"] == 5 and abs(info["gap"] - gap) <= P,
          "%s: last_iter %d best_iter %d gap %.6f" % (name, info["iterations"] - 1, info["best_iter"], info["gap"]))
    check(info["calls"] == calls and info["npred"] == npred,
          "%s: oracle calls %d predictors %d (fairlearn %d %d)" % (name, info["calls"], info["npred"], calls, npred))
    d = moments(c, y, p, g, 3, rho)
    e = np.mean(np.abs(y - p))
    tie = (c, flip) in (("eo", 0), ("fpr", 1))
    check((d <= eps + P if tie else abs(d - disp) <= P) and abs(e - error) <= P,
          "%s: disp %.6f error %.6f (fairlearn %.6f %.6f%s)" % (name, d, e, disp, error, "; a tie: disp <= eps" if tie else ""))

print("%d checks, %d failures" % (checks, failures))
sys.exit(1 if failures else 0)
