#!/usr/bin/python3
# methods-ref.py -- the threshold optimiser against an independent linear
# program (scipy.optimize.linprog, HiGHS): per group, weights mu_j >= 0,
# sum 1, over every threshold classifier "score >= t" (t = +inf, each
# distinct score, -inf); maximise expected accuracy subject to equal
# selection rates (dp), TPRs (eo) or TPRs and FPRs (eodds). The C optimum
# (tests/unit/methods-tool) must reach the LP value, and its per-row
# probabilities must satisfy the constraint, to 1e-9.
# Needs Debian's /usr/bin/python3 (numpy, scipy). Env: top_builddir.
# SPDX-License-Identifier: MIT
import os
import subprocess
import sys

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


def run_tool(c, s, y, g, K):
    inp = "".join("%.17g %d %d\n" % (a, b, d) for a, b, d in zip(s, y, g))
    out = subprocess.run([TOOL, "thresh", c, str(K)], input=inp, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(out.stderr)
    acc, p = None, []
    for line in out.stdout.splitlines():
        k, v = line.split()
        if k == "acc":
            acc = float(v)
        else:
            p.append(float(v))
    return acc, np.array(p)


def lp_optimum(c, s, y, g, K):
    # threshold classifiers per group: counts (sel, tp, fp)
    blocks = []
    for a in range(K):
        sa, ya = s[g == a], y[g == a]
        ts = [np.inf] + sorted(set(sa), reverse=True) + [-np.inf]
        rows = []
        for t in ts:
            sel = sa >= t
            rows.append((sel.sum(), (sel & (ya == 1)).sum(), (sel & (ya == 0)).sum()))
        blocks.append((np.array(rows, float), len(sa), (ya == 1).sum(), (ya == 0).sum()))
    nv = sum(len(b[0]) for b in blocks)
    cost = np.zeros(nv)
    A_eq, b_eq = [], []
    off = 0
    offs = []
    for rows, n, P, N in blocks:
        offs.append(off)
        cost[off:off + len(rows)] = -(rows[:, 1] - rows[:, 2])   # maximise TP - FP
        r = np.zeros(nv)
        r[off:off + len(rows)] = 1
        A_eq.append(r)
        b_eq.append(1)
        off += len(rows)

    def rate_row(a, kind):
        rows, n, P, N = blocks[a]
        r = np.zeros(nv)
        if kind == "sel":
            r[offs[a]:offs[a] + len(rows)] = rows[:, 0] / n
        elif kind == "tpr":
            r[offs[a]:offs[a] + len(rows)] = rows[:, 1] / P
        else:
            r[offs[a]:offs[a] + len(rows)] = rows[:, 2] / N
        return r
    kinds = {"dp": ["sel"], "eo": ["tpr"], "eodds": ["tpr", "fpr"]}[c]
    for kind in kinds:
        for a in range(1, K):
            A_eq.append(rate_row(a, kind) - rate_row(0, kind))
            b_eq.append(0)
    res = linprog(cost, A_eq=np.array(A_eq), b_eq=np.array(b_eq), bounds=(0, None), method="highs")
    assert res.status == 0, res.message
    n = len(s)
    return (-res.fun + sum(b[3] for b in blocks)) / n


rng = np.random.default_rng(20240611)
for trial in range(12):
    K = 2 + trial % 3
    n = int(rng.integers(30, 120))
    g = rng.integers(0, K, n)
    y = (rng.random(n) < 0.3 + 0.4 * (g / K)).astype(int)
    s = np.round(0.6 * y + 0.3 * g / K + rng.normal(0, 0.5, n), 1 if trial % 2 else 4)  # ties when rounded to 0.1
    for c in ("dp", "eo", "eodds"):
        acc, p = run_tool(c, s, y, g, K)
        ref = lp_optimum(c, s, y, g, K)
        check(abs(acc - ref) <= 1e-9, "trial %d %s: accuracy %.12f vs LP %.12f" % (trial, c, acc, ref))
        # accuracy from the per-row probabilities
        acc2 = np.mean(np.where(y == 1, p, 1 - p))
        check(abs(acc2 - ref) <= 1e-9, "trial %d %s: accuracy from probabilities %.12f vs LP %.12f" % (trial, c, acc2, ref))
        rates = []
        for a in range(K):
            m = g == a
            sel = p[m].mean()
            tpr = p[m & (y == 1)].mean()
            fpr = p[m & (y == 0)].mean()
            rates.append((sel, tpr, fpr))
        rates = np.array(rates)
        cols = {"dp": [0], "eo": [1], "eodds": [1, 2]}[c]
        spread = max(rates[:, k].max() - rates[:, k].min() for k in cols)
        check(spread <= 1e-9, "trial %d %s: constraint spread %.3g" % (trial, c, spread))

print("methods-ref: %d checks, %d failures" % (checks, failures))
sys.exit(1 if failures else 0)
