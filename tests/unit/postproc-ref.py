#!/usr/bin/python3
# postproc-ref.py -- AIF360's post-processors (methods-tool post ...) against
# independent numpy/scipy computations on fixed random inputs:
#  * eqodds: the linear program of Hardt et al. as AIF360 states it
#    (maximise sum_g TPR_g - FPR_g over P(yhat=1 | decision, g) in [0, 1],
#    TPRs and FPRs equal), solved by scipy's linprog: same optimum, and the
#    fitted per-row probabilities equalise TPR and FPR (1e-9);
#  * caleqodds: AIF360's mixing rates for two groups (generalised FPR/FNR,
#    weighted cost, trivial classifier = base rate) recomputed in numpy;
#    for three groups every expected cost equals the largest; the trivial
#    classifier's score is the group's label mean (calibration);
#  * roc: AIF360's grid of thresholds and margins recomputed in numpy:
#    the same threshold, margin and metric, bounds met when satisfied.
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


def run(method, s, y, g, K, *opts):
    inp = "".join("%.17g %d %d\n" % t for t in zip(s, y, g))
    out = subprocess.run([TOOL, "post", method, str(K), *opts], input=inp, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(out.stderr)
    p, gr, roc = [], [], None
    for line in out.stdout.splitlines():
        f = line.split()
        if f[0] == "p":
            p.append(float(f[1]))
        elif f[0] == "g":
            gr.append([float(v) for v in f[2:]])
        else:
            roc = [float(v) for v in f[1:]]
    return np.array(p), np.array(gr), roc


rng = np.random.default_rng(7)
for trial in range(8):
    K = 2 + trial % 2
    n = 300 + 50 * trial
    g = np.arange(n) % K
    rng.shuffle(g)
    y = (rng.random(n) < 0.25 + 0.25 * g / K).astype(int)
    s = 1 / (1 + np.exp(-(2.5 * (y - 0.5) + 0.8 * g / K + rng.normal(0, 1.2, n))))

    # eqodds
    p, gr, _ = run("eqodds", s, y, g, K)
    d = s > 0.5
    tpr = np.array([d[(g == a) & (y == 1)].mean() for a in range(K)])
    fpr = np.array([d[(g == a) & (y == 0)].mean() for a in range(K)])
    # variables (pp_0, pn_0, pp_1, pn_1, ...)
    c = np.zeros(2 * K)
    A_eq, b_eq = [], []
    for a in range(K):
        c[2 * a] = -(tpr[a] - fpr[a])
        c[2 * a + 1] = -((1 - tpr[a]) - (1 - fpr[a]))
    for a in range(1, K):
        for r0, r1 in ((tpr[0], tpr[a]), (fpr[0], fpr[a])):
            row = np.zeros(2 * K)
            row[0], row[1] = r0, 1 - r0
            row[2 * a], row[2 * a + 1] = -r1, -(1 - r1)
            A_eq.append(row)
            b_eq.append(0)
    lp = linprog(c, A_eq=np.array(A_eq), b_eq=b_eq, bounds=(0, 1), method="highs")
    val = sum(gr[a, 0] * (tpr[a] - fpr[a]) + gr[a, 1] * (fpr[a] - tpr[a]) for a in range(K))
    check(abs(val + lp.fun) <= 1e-9, "eqodds trial %d: objective %.12f vs LP %.12f" % (trial, val, -lp.fun))
    nt = [p[(g == a) & (y == 1)].mean() for a in range(K)]
    nf = [p[(g == a) & (y == 0)].mean() for a in range(K)]
    check(max(nt) - min(nt) <= 1e-9 and max(nf) - min(nf) <= 1e-9, "eqodds trial %d: TPR/FPR equal" % trial)
    check(np.all((gr[:, :2] >= 0) & (gr[:, :2] <= 1)), "eqodds trial %d: probabilities in [0, 1]" % trial)

    # caleqodds
    for cost in (0, 1, 2):   # fnr, fpr, weighted
        p, gr, _ = run("caleqodds", s, y, g, K, "cost=%d" % cost)
        br = np.array([y[g == a].mean() for a in range(K)])
        gfpr = np.array([s[(g == a) & (y == 0)].mean() for a in range(K)])
        gfnr = np.array([(1 - s[(g == a) & (y == 1)]).mean() for a in range(K)])
        cst = {0: gfnr, 1: gfpr, 2: 0.5 * gfpr * (1 - br) + 0.5 * gfnr * br}[cost]
        triv = {0: 1 - br, 1: br, 2: 0.5 * br * (1 - br) + 0.5 * (1 - br) * br}[cost]
        check(np.allclose(gr[:, 3], br, rtol=0, atol=1e-15), "caleqodds trial %d: base rates = label means" % trial)
        check(np.allclose(gr[:, 4], cst, rtol=1e-12, atol=0), "caleqodds trial %d cost %d: group costs" % (trial, cost))
        if K == 2:
            # AIF360: the cheaper group mixes up to the other's cost
            hi = int(cst[1] > cst[0])
            lo = 1 - hi
            want = np.zeros(2)
            want[lo] = (cst[hi] - cst[lo]) / (triv[lo] - cst[lo])
            # AIF360 draws "random <= rate": a negative rate never mixes, one above 1 always
            want = np.clip(want, 0, 1)
            check(np.allclose(gr[:, 2], want, rtol=1e-12, atol=1e-15), "caleqodds trial %d cost %d: mix %s vs %s"
                  % (trial, cost, gr[:, 2], want))
        mixed = (1 - gr[:, 2]) * cst + gr[:, 2] * triv
        # reachable when the trivial classifier costs more than the group itself
        ok = all(gr[a, 2] >= 1 or triv[a] <= cst[a] or abs(mixed[a] - cst.max()) <= 1e-12 for a in range(K))
        check(ok, "caleqodds trial %d cost %d: expected costs equal the largest" % (trial, cost))
        # P(yhat = 1) = mix [br > 0.5] + (1 - mix) [s > 0.5]
        want_p = gr[g, 2] * (gr[g, 3] > 0.5) + (1 - gr[g, 2]) * (s > 0.5)
        check(np.allclose(p, want_p, rtol=0, atol=1e-15), "caleqodds trial %d cost %d: per-row probabilities" % (trial, cost))

    # roc (privileged group 0; the others pooled as AIF360's unprivileged)
    for metric, (lb, ub) in ((0, (-0.05, 0.05)), (1, (-0.02, 0.02)), (2, (-0.03, 0.03))):
        p, gr, roc = run("roc", s, y, g, K, "priv=0", "metric=%d" % metric, "lb=%g" % lb, "ub=%g" % ub)
        priv = g == 0
        P, N = y.sum(), (1 - y).sum()
        best = None
        fall = None
        for thr in np.linspace(0.01, 0.99, 100):
            hm = thr if thr <= 0.5 else 1.0 - thr
            for m in np.linspace(0.0, hm, 50):
                fav = s > thr
                crit = (s <= thr + m) & (s > thr - m)
                fav = np.where(crit, ~priv, fav)
                ba = 0.5 * ((fav & (y == 1)).sum() / P + (N - (fav & (y == 0)).sum()) / N)
                u = ~priv

                def rate(mask):
                    return fav[mask].sum() / mask.sum()
                if metric == 0:
                    v = rate(u) - rate(priv)
                elif metric == 1:
                    v = rate(u & (y == 1)) - rate(priv & (y == 1))
                else:
                    v = 0.5 * ((rate(u & (y == 0)) - rate(priv & (y == 0))) + (rate(u & (y == 1)) - rate(priv & (y == 1))))
                if lb <= v <= ub and (best is None or ba > best[0]):
                    best = (ba, thr, m, v)
                if fall is None or v < fall[3]:
                    fall = (ba, thr, m, v)
        want = best if best is not None else fall
        check(abs(roc[0] - want[1]) <= 1e-12 and abs(roc[1] - want[2]) <= 1e-12 and abs(roc[2] - want[3]) <= 1e-12
              and int(roc[4]) == (best is not None), "roc trial %d metric %d: %s vs %s" % (trial, metric, roc, want))
        if best is not None:
            check(lb - 1e-12 <= roc[2] <= ub + 1e-12, "roc trial %d metric %d: bounds met" % (trial, metric))
        check(np.all((p == 0) | (p == 1)), "roc trial %d: deterministic decisions" % trial)

print("postproc-ref: %d checks, %d failures" % (checks, failures))
sys.exit(1 if failures else 0)
