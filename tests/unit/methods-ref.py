#!/usr/bin/python3
# methods-ref.py -- the threshold optimiser (tests/unit/methods-tool) against
# (1) an independent linear program (scipy.optimize.linprog, HiGHS): per
#     group, weights mu_j >= 0, sum 1, over every candidate classifier
#     "score > t" (t = +inf, between distinct scores, -inf) and, with flip,
#     "score < t"; maximise sum_g (n_g/n) objective_g subject to the groups'
#     constraint rates being equal (or within tol of each other: x_g - x_h
#     <= tol); eodds: common (FPR, TPR), objective on the overall counts.
#     The exact solver must reach the LP value, and its per-row
#     probabilities must meet the constraint, to 1e-9;
# (2) Fairlearn's published test numbers (test/unit/postprocessing/
#     test_threshold_optimization.py and test_relaxed_constraints.py,
#     inputs and expected values copied): grid=1000 with flip on its
#     three-group example and grid=20 on every constraint x objective pair.
# Needs Debian's /usr/bin/python3 (numpy, scipy). Env: top_builddir.
# SPDX-License-Identifier: MIT
import os
import subprocess
import sys
from itertools import combinations

import numpy as np
from scipy.optimize import linprog

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


def run_tool(c, s, y, g, K, *opts):
    inp = "".join("%.17g %d %d\n" % (a, b, d) for a, b, d in zip(s, y, g))
    out = subprocess.run([TOOL, "thresh", c, str(K), *opts], input=inp, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(out.stderr)
    res = {"p": [], "g": []}
    for line in out.stdout.splitlines():
        f = line.split()
        if f[0] == "p":
            res["p"].append(float(f[1]))
        elif f[0] == "g":
            res["g"].append(dict(op0=">" if f[2] == "0" else "<", thr0=float(f[3]), p0=float(f[4]),
                                 op1=">" if f[5] == "0" else "<", thr1=float(f[6]), p1=float(f[7]),
                                 p_ignore=float(f[8]), constant=float(f[9])))
        else:
            res[f[0]] = float(f[1])
    res["p"] = np.array(res["p"])
    return res


# rates of a classifier with counts (fp, tp) in a group (n, P, N)
XM = {"dp": lambda fp, tp, n, P, N: (fp + tp) / n, "eo": lambda fp, tp, n, P, N: tp / P,
      "fpr": lambda fp, tp, n, P, N: fp / N, "tnr": lambda fp, tp, n, P, N: (N - fp) / N,
      "fnr": lambda fp, tp, n, P, N: (P - tp) / P}
YM = {"accuracy": lambda fp, tp, n, P, N: (tp + N - fp) / n,
      "balanced_accuracy": lambda fp, tp, n, P, N: 0.5 * tp / P + 0.5 * (N - fp) / N,
      "selection_rate": XM["dp"], "tpr": XM["eo"], "tnr": XM["tnr"]}


def lp_optimum(c, obj, flip, tol, s, y, g, K):
    blocks = []
    for a in range(K):
        sa, ya = s[g == a], y[g == a]
        ts = [np.inf] + sorted(set(sa), reverse=True)[:-1] + [-np.inf]
        pts = []
        for k, t in enumerate(ts):
            sel = sa >= t if k < len(ts) - 1 else np.ones(len(sa), bool)
            if k == 0:
                sel = np.zeros(len(sa), bool)
            fp, tp = float((sel & (ya == 0)).sum()), float((sel & (ya == 1)).sum())
            pts.append((fp, tp))
            if flip:
                pts.append(((ya == 0).sum() - fp, (ya == 1).sum() - tp))
        blocks.append((np.array(pts), len(sa), float((ya == 1).sum()), float((ya == 0).sum())))
    nv = sum(len(b[0]) for b in blocks)
    n = len(s)
    offs = np.cumsum([0] + [len(b[0]) for b in blocks])
    A_eq, b_eq, A_ub, b_ub = [], [], [], []
    for a in range(K):
        r = np.zeros(nv)
        r[offs[a]:offs[a + 1]] = 1
        A_eq.append(r)
        b_eq.append(1)

    def row(a, f):
        pts, na, P, N = blocks[a]
        r = np.zeros(nv)
        r[offs[a]:offs[a + 1]] = [f(fp, tp, na, P, N) for fp, tp in pts]
        return r
    if c == "eodds":
        P = sum(b[2] for b in blocks)
        N = sum(b[3] for b in blocks)
        # common point: row(a, TPR) equal, row(a, FPR) equal; objective on it
        for a in range(1, K):
            A_eq.append(row(a, XM["eo"]) - row(0, XM["eo"]))
            b_eq.append(0)
            A_eq.append(row(a, XM["fpr"]) - row(0, XM["fpr"]))
            b_eq.append(0)
        if obj == "accuracy":
            cost = -(P * row(0, XM["eo"]) - N * row(0, XM["fpr"])) / n
            const = N / n
        else:
            cost = -(0.5 * row(0, XM["eo"]) - 0.5 * row(0, XM["fpr"]))
            const = 0.5
    else:
        cost = np.zeros(nv)
        for a in range(K):
            cost -= blocks[a][1] / n * row(a, YM[obj])
        const = 0
        for a, b in combinations(range(K), 2):
            d = row(a, XM[c]) - row(b, XM[c])
            if tol > 0:
                A_ub += [d, -d]
                b_ub += [tol, tol]
            else:
                A_eq.append(d)
                b_eq.append(0)
    res = linprog(cost, A_ub=np.array(A_ub) if A_ub else None, b_ub=b_ub or None,
                  A_eq=np.array(A_eq), b_eq=np.array(b_eq), bounds=(0, None), method="highs")
    assert res.status == 0, res.message
    return -res.fun + const


def group_rates(p, y, g, K):
    out = []
    for a in range(K):
        m = g == a
        sel = p[m].mean()
        tpr = p[m & (y == 1)].mean() if (m & (y == 1)).any() else np.nan
        fpr = p[m & (y == 0)].mean() if (m & (y == 0)).any() else np.nan
        out.append({"dp": sel, "eo": tpr, "fpr": fpr, "tnr": 1 - fpr, "fnr": 1 - tpr})
    return out


# (1) exact solver against the LP
rng = np.random.default_rng(20240611)
for trial in range(10):
    K = 2 + trial % 3
    n = int(rng.integers(30, 120))
    g = np.arange(n) % K   # every group has rows
    rng.shuffle(g)
    y = (rng.random(n) < 0.3 + 0.4 * (g / K)).astype(int)
    y[:2 * K] = np.tile([0, 1], K)[:2 * K]
    for a in range(K):  # both labels in every group
        idx = np.flatnonzero(g == a)
        y[idx[0]], y[idx[1]] = 0, 1
    s = np.round(0.6 * y + 0.3 * g / K + rng.normal(0, 0.5, n), 1 if trial % 2 else 4)  # ties at 0.1
    cases = [(c, "accuracy", f, 0.0) for c in ("dp", "eo", "eodds") for f in (0, 1)]
    cases += [(c, o, trial % 2, 0.0) for c in ("fpr", "tnr", "fnr") for o in ("accuracy", "balanced_accuracy")]
    cases += [("dp", o, 1, 0.0) for o in ("selection_rate", "tpr", "tnr")]
    cases += [("eodds", "balanced_accuracy", 1, 0.0)]
    cases += [(c, o, trial % 2, tol) for c in ("dp", "eo") for o in ("accuracy", "balanced_accuracy") for tol in (0.05, 0.2)]
    for c, o, f, tol in cases:
        r = run_tool(c, s, y, g, K, "objective=" + o, "flip=%d" % f, "tol=%g" % tol)
        ref = lp_optimum(c, o, f, tol, s, y, g, K)
        what = "trial %d %s %s flip=%d tol=%g" % (trial, c, o, f, tol)
        check(abs(r["obj"] - ref) <= 1e-9, "%s: objective %.12f vs LP %.12f" % (what, r["obj"], ref))
        p = r["p"]
        if o == "accuracy":
            acc = np.mean(np.where(y == 1, p, 1 - p))
            check(abs(acc - ref) <= 1e-9, "%s: accuracy from probabilities %.12f vs LP %.12f" % (what, acc, ref))
        rates = group_rates(p, y, g, K)
        keys = ["eo", "fpr"] if c == "eodds" else [c]
        for k in keys:
            v = [rt[k] for rt in rates]
            check(max(v) - min(v) <= tol + 1e-9, "%s: %s spread %.3g > tol" % (what, k, max(v) - min(v)))
        if tol > 0:
            strict = run_tool(c, s, y, g, K, "objective=" + o, "flip=%d" % f)
            check(r["obj"] >= strict["obj"] - 1e-12, "%s: relaxing lowered the objective" % what)

# (2) Fairlearn's numbers (conftest.py: scores_ex, labels_ex, sensitive_features_ex1/ex2)
S = np.array([int(x) for x in "00112330001111011112"])
Y = np.array([int(x) for x in "01101000010111000111"])
EX = {"example 1": "AAAAAAABBBBBBBCCCCCC", "example 2": "xxxYYYYxYYYYYxYYYYYY",
      "example 3": ["%s,%s" % t for t in zip("AAAAAAABBBBBBBCCCCCC", "xxxYYYYxYYYYYxYYYYYY")]}


def codes(labels):
    u = sorted(set(labels))
    return np.array([u.index(v) for v in labels]), len(u)


def close(a, b):   # numpy.isclose's defaults, as the Fairlearn tests use
    return abs(a - b) <= 1e-8 + 1e-5 * abs(b)


# test_threshold_optimization_demographic_parity_e2e (flip=True): mean P(yhat=1) per group
for ex, p1 in (("example 1", 0.572), ("example 2", 0.4), ("example 3", 0.5)):
    g, K = codes(list(EX[ex]) if isinstance(EX[ex], str) else EX[ex])
    r = run_tool("dp", S, Y, g, K, "flip=1", "grid=1000")
    for a in range(K):
        check(close(r["p"][g == a].mean(), p1), "fairlearn dp e2e %s group %d: %.9f vs %g" % (ex, a, r["p"][g == a].mean(), p1))
# test_threshold_optimization_equalized_odds_e2e (flip=True): P(yhat=1 | y) per group
for ex, pos, neg in (("example 1", 0.66733333, 0.334), ("example 2", 0.888, 0.666),
                     ("example 3", 0.6666666666666666, 0.5)):
    g, K = codes(list(EX[ex]) if isinstance(EX[ex], str) else EX[ex])
    r = run_tool("eodds", S, Y, g, K, "flip=1", "grid=1000")
    for a in range(K):
        check(close(r["p"][(g == a) & (Y == 1)].mean(), pos) and close(r["p"][(g == a) & (Y == 0)].mean(), neg),
              "fairlearn eodds e2e %s group %d" % (ex, a))
# test_threshold_optimization_demographic_parity / _equalized_odds: the rule at given scores
g, K = codes(list(EX["example 1"]))
dp = run_tool("dp", S, Y, g, K, "flip=1", "grid=1000")["g"]
eo = run_tool("eodds", S, Y, g, K, "flip=1", "grid=1000")["g"]


def prob(rule, s):
    op = {">": lambda v, t: float(v > t), "<": lambda v, t: float(v < t)}
    v = rule["p0"] * op[rule["op0"]](s, rule["thr0"]) + rule["p1"] * op[rule["op1"]](s, rule["thr1"])
    return rule["p_ignore"] * rule["constant"] + (1 - rule["p_ignore"]) * v


for grp, pts in ((0, [(0, 0.8008), (2.499, 0.8008), (2.5, 0), (100, 0)]),
                 (1, [(0, 0.00133333333333), (0.5, 0.00133333333333), (0.51, 1), (1, 1), (100, 1)]),
                 (2, [(0, 0), (0.5, 0), (0.51, 0.608), (1, 0.608), (1.5, 0.608), (1.51, 1), (100, 1)])):
    for s_, want in pts:
        check(close(prob(dp[grp], s_), want), "fairlearn dp rule group %d at %g: %.9f vs %g" % (grp, s_, prob(dp[grp], s_), want))
c = 0.334
for grp, pi, lo, hi, pts in ((0, 0.001996007984031716, 0.668, None, [(0, "lo"), (2.499, "lo"), (2.5, "base"), (100, "base")]),
                             (1, 0.1991991991991991, 0.001, None, [(0, "lo"), (0.5, "lo"), (0.51, "one"), (1, "one"), (100, "one")]),
                             (2, 0.0, None, 0.501, [(0, "base"), (0.5, "base"), (0.51, "mid"), (1, "mid"), (1.5, "mid"),
                                                    (1.51, "one"), (100, "one")])):
    check(close(eo[grp]["p_ignore"], pi) and close(eo[grp]["constant"], c), "fairlearn eodds p_ignore group %d" % grp)
    for s_, kind in pts:
        want = {"lo": c * pi + (1 - pi) * (lo or 0), "base": c * pi, "one": c * pi + 1 - pi,
                "mid": c * pi + (1 - pi) * (hi or 0)}[kind]
        check(close(prob(eo[grp], s_), want), "fairlearn eodds rule group %d at %g" % (grp, s_))

# test_constraints_objective_pairs (grid_size=20, flip=False): the rules per group
X9 = np.array([0, 1, 2, 3, 4, 0, 1, 2, 3])
A9 = np.array([0, 0, 0, 0, 0, 1, 1, 1, 1])
Y9 = np.array([1, 0, 1, 1, 1, 0, 1, 1, 1])
inf = np.inf
R = {  # (constraint, objective): ((p0, op0, thr0, p1, op1, thr1) group 0, group 1)
    ("dp", "accuracy"): ((0.625, ">", 1.5, 0.375, ">", -inf), (0.0, ">", inf, 1.0, ">", 0.5)),
    ("dp", "balanced_accuracy"): ((1.0, ">", 1.5, 0.0, ">", -inf), (0.2, ">", inf, 0.8, ">", 0.5)),
    ("dp", "selection_rate"): ((0.0, ">", inf, 1.0, ">", -inf), (0.0, ">", inf, 1.0, ">", -inf)),
    ("dp", "tpr"): ((0.0, ">", 1.5, 1.0, ">", -inf), (0.0, ">", 0.5, 1.0, ">", -inf)),
    ("dp", "tnr"): ((1.0, ">", inf, 0.0, ">", 1.5), (1.0, ">", inf, 0.0, ">", 0.5)),
    ("fpr", "accuracy"): ((1.0, ">", 1.5, 0.0, ">", -inf), (1.0, ">", 0.5, 0.0, ">", -inf)),
    ("fpr", "balanced_accuracy"): ((1.0, ">", 1.5, 0.0, ">", -inf), (1.0, ">", 0.5, 0.0, ">", -inf)),
    ("fpr", "selection_rate"): ((0.0, ">", 1.5, 1.0, ">", -inf), (0.0, ">", 0.5, 1.0, ">", -inf)),
    ("fpr", "tpr"): ((0.0, ">", 1.5, 1.0, ">", -inf), (0.0, ">", 0.5, 1.0, ">", -inf)),
    ("fpr", "tnr"): ((1.0, ">", inf, 0.0, ">", -inf), (1.0, ">", inf, 0.0, ">", -inf)),
    ("fnr", "accuracy"): ((1.0, ">", -inf, 0.0, ">", 1.5), (1.0, ">", 0.5, 0.0, ">", inf)),
    ("fnr", "balanced_accuracy"): ((0.0, ">", -inf, 1.0, ">", 1.5), (0.75, ">", 0.5, 0.25, ">", inf)),
    ("fnr", "selection_rate"): ((1.0, ">", -inf, 0.0, ">", 0.5), (1.0, ">", -inf, 0.0, ">", inf)),
    ("fnr", "tpr"): ((1.0, ">", -inf, 0.0, ">", inf), (1.0, ">", 0.5, 0.0, ">", inf)),
    ("fnr", "tnr"): ((0.0, ">", -inf, 1.0, ">", 1.5), (0.75, ">", 0.5, 0.25, ">", inf)),
    ("eo", "accuracy"): ((0.0, ">", 1.5, 1.0, ">", -inf), (0.0, ">", inf, 1.0, ">", 0.5)),
    ("eo", "balanced_accuracy"): ((0.0, ">", inf, 1.0, ">", 1.5), (0.25, ">", inf, 0.75, ">", 0.5)),
    ("eo", "selection_rate"): ((0.0, ">", 0.5, 1.0, ">", -inf), (0.0, ">", inf, 1.0, ">", -inf)),
    ("eo", "tpr"): ((0.0, ">", inf, 1.0, ">", -inf), (0.0, ">", inf, 1.0, ">", -inf)),
    ("eo", "tnr"): ((1.0, ">", inf, 0.0, ">", 1.5), (1.0, ">", inf, 0.0, ">", 0.5)),
    ("tnr", "accuracy"): ((0.0, ">", -inf, 1.0, ">", 1.5), (0.0, ">", -inf, 1.0, ">", 0.5)),
    ("tnr", "balanced_accuracy"): ((0.0, ">", -inf, 1.0, ">", 1.5), (0.0, ">", -inf, 1.0, ">", 0.5)),
    ("tnr", "selection_rate"): ((1.0, ">", -inf, 0.0, ">", 1.5), (1.0, ">", -inf, 0.0, ">", 0.5)),
    ("tnr", "tpr"): ((1.0, ">", -inf, 0.0, ">", 1.5), (1.0, ">", -inf, 0.0, ">", 0.5)),
    ("tnr", "tnr"): ((0.0, ">", 0.5, 1.0, ">", 1.5), (0.0, ">", -inf, 1.0, ">", 0.5)),
    # equalized odds also fixes p_ignore = 0 / 0.25 and prediction_constant 0
    ("eodds", "accuracy"): ((1.0, ">", 1.5, 0.0, ">", -inf), (1.0, ">", 0.5, 0.0, ">", -inf)),
    ("eodds", "balanced_accuracy"): ((1.0, ">", 1.5, 0.0, ">", -inf), (1.0, ">", 0.5, 0.0, ">", -inf)),
}
for (c, o), want in R.items():
    r = run_tool(c, X9, Y9, A9, 2, "objective=" + o, "grid=20")["g"]
    for a in (0, 1):
        got, w = r[a], want[a]
        ok = (close(got["p0"], w[0]) and got["op0"] == w[1] and (got["thr0"] == w[2] or close(got["thr0"], w[2]))
              and close(got["p1"], w[3]) and got["op1"] == w[4] and (got["thr1"] == w[5] or close(got["thr1"], w[5])))
        if c == "eodds":
            ok = ok and close(got["p_ignore"], (0.0, 0.25)[a]) and got["constant"] == 0.0
        check(ok, "fairlearn pair %s/%s group %d: %s vs %s" % (c, o, a, got, w))

# test_threshold_optimization_with_tolerance_increases_objective_and_respects_constraints
s5 = np.array([0.1, 0.2, 0.3, 0.4, 0.5])
y5 = np.array([1, 0, 1, 1, 0])
a5 = np.array([0, 1, 0, 1, 0])
for c in ("dp", "fpr", "fnr", "eo", "tnr"):
    for o in ("selection_rate", "tpr", "tnr", "accuracy", "balanced_accuracy"):
        for grid in ("grid=50", "grid=0"):
            st = run_tool(c, s5, y5, a5, 2, "objective=" + o, "flip=1", grid)
            rl = run_tool(c, s5, y5, a5, 2, "objective=" + o, "flip=1", grid, "tol=0.2")
            check(rl["obj"] >= st["obj"] - 1e-12, "fairlearn tol %s/%s %s: objective %g < %g" % (c, o, grid, rl["obj"], st["obj"]))
            rates = group_rates(rl["p"], y5, a5, 2)
            v = [rt[c] for rt in rates]
            check(max(v) - min(v) <= 0.2 + 1e-9, "fairlearn tol %s/%s %s: spread %g" % (c, o, grid, max(v) - min(v)))

print("methods-ref: %d checks, %d failures" % (checks, failures))
sys.exit(1 if failures else 0)
