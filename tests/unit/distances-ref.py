#!/usr/bin/python3
# distances-ref.py -- `audit ... distances=yes` through the fairsh binary on
# real data, against an independent computation: scipy's exact 1-D
# Wasserstein-1, numpy's unbiased MMD^2 with the median-heuristic bandwidth,
# and POT's Sinkhorn plans for the debiased divergence
#   S = OT(a,b) - OT(a,a)/2 - OT(b,b)/2,  OT = <pi, C> + eps KL(pi | a x b),
# cost |s - t|^2 / 2, eps = (0.2 sd)^2, on the same 500-quantile summaries.
# Cases: COMPAS's decile score (a score produced elsewhere, audited as a
# score column) by race, 6 groups, 15 pairs; and Adult, a logistic
# regression trained by fairsh, its exported scores by sex.
# SPDX-License-Identifier: MIT
import json
import math
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import testdata  # noqa: E402

fairsh = os.environ.get("FAIRSH", "./fairsh")
checks = failures = 0


def missing(what):
    print(f"distances-ref: {what} not found", file=sys.stderr)
    sys.exit(1 if os.environ.get("CI") else 77)


try:
    import ot
    import pandas as pd
    from scipy.stats import wasserstein_distance
except ImportError as e:
    missing(f"python module ({e.name})")


def check(what, got, ref, rel, absol=0.0):
    global checks, failures
    checks += 1
    if not (abs(got - ref) <= rel * abs(ref) + absol):
        failures += 1
        print(f"FAIL {what}: fairsh {got!r} reference {ref!r}")


def summary(v, Q=500):
    s = np.sort(v)
    n = len(s)
    if n <= Q:
        return s
    return s[np.floor((np.arange(Q) + 0.5) * n / Q).astype(int)]


def mmd2_unbiased(x, y, bw):
    def k(a, b):
        return np.exp(-(a[:, None] - b[None, :]) ** 2 / (2 * bw * bw))
    n, m = len(x), len(y)
    kxx, kyy, kxy = k(x, x), k(y, y), k(x, y)
    return ((kxx.sum() - np.trace(kxx)) / (n * (n - 1)) + (kyy.sum() - np.trace(kyy)) / (m * (m - 1))
            - 2 * kxy.mean())


def ot_eps(x, y, eps):
    a = np.full(len(x), 1.0 / len(x))
    b = np.full(len(y), 1.0 / len(y))
    C = (x[:, None] - y[None, :]) ** 2 / 2
    P = ot.sinkhorn(a, b, C, eps, stopThr=1e-13, numItermax=2000000)
    nz = P > 0
    kl = np.sum(P[nz] * np.log(P[nz] / np.outer(a, b)[nz]))
    return float(np.sum(P * C) + eps * kl)


def reference(groups, d, label):
    """groups: label -> values (finite) of the audited rows; d: fairsh's JSON"""
    allv = np.concatenate(list(groups.values()))
    eps = (0.2 * np.std(allv, ddof=1)) ** 2
    check(f"{label} eps", d["eps"], eps, 1e-12)
    pts = {g: summary(v) for g, v in groups.items()}
    pool = np.concatenate(list(pts.values()))
    assert len(pool) <= 2000    # the median uses every pooled point
    iu = np.triu_indices(len(pool), 1)
    bw = math.sqrt(0.5 * np.median(((pool[:, None] - pool[None, :]) ** 2)[iu]))
    check(f"{label} bandwidth", d["bandwidth"], bw, 1e-12)
    self_ot = {}
    for p in d["pairs"]:
        a, b = p["a"], p["b"]
        check(f"{label} {a}/{b} n_a", p["n_a"], len(groups[a]), 0)
        check(f"{label} {a}/{b} n_b", p["n_b"], len(groups[b]), 0)
        check(f"{label} {a}/{b} wasserstein1", p["wasserstein1"], wasserstein_distance(groups[a], groups[b]), 1e-10)
        check(f"{label} {a}/{b} mmd2", p["mmd2"], mmd2_unbiased(pts[a], pts[b], bw), 1e-9, 1e-14)
        for g in (a, b):
            if g not in self_ot:
                self_ot[g] = ot_eps(pts[g], pts[g], eps)
        s = ot_eps(pts[a], pts[b], eps) - 0.5 * self_ot[a] - 0.5 * self_ot[b]
        # fairsh stops at 1e-6 marginal error: the value is good to about
        # eps * 1e-6; the reference is converged to 1e-13
        check(f"{label} {a}/{b} sinkhorn", p["sinkhorn"], s, 1e-4, 20 * eps * 1e-6)


def run(cmds, tmp):
    r = subprocess.run([fairsh, "-c", cmds], capture_output=True, text=True, cwd=tmp,
                       env=dict(os.environ, HOME=tmp))
    if r.returncode != 0:
        print(r.stdout, r.stderr)
        sys.exit(1)
    out = r.stdout
    return json.loads(out[out.index("\n{") + 1:] if not out.startswith("{") else out)


compas = testdata.path("compas.csv")
adult = testdata.path("adult.csv")
if compas is None or adult is None:
    sys.exit(testdata.status(0))

with tempfile.TemporaryDirectory() as tmp:
    # COMPAS: decile score as the score, high risk (>= 5) as the prediction
    df = pd.read_csv(compas)
    sub = pd.DataFrame({"race": df["race"], "y": df["two_year_recid"],
                        "high": (df["decile_score"] >= 5).astype(int), "score": df["decile_score"] / 10.0})
    sub.to_csv(os.path.join(tmp, "compas-scores.csv"), index=False)
    j = run("load compas-scores.csv as c; target y positive=1; sensitive race; "
            "audit pred=high score=score distances=yes format=json", tmp)
    d = j["distances"]
    check("compas pairs", len(d["pairs"]), 15, 0)
    groups = {g: sub["score"][sub["race"] == g].to_numpy(dtype=float) for g in sub["race"].unique()}
    reference(groups, d, "compas")

    # Adult: fairsh's own logistic regression on income, scores exported
    j = run(f"load {adult} as adult; target income positive=>50K; sensitive sex; "
            "features age,education-num,hours-per-week,capital-gain,capital-loss,marital-status,occupation; "
            "train logreg as m; wait; export predictions pred.csv m; "
            "audit m on=all distances=yes format=json", tmp)
    d = j["distances"]
    pr = pd.read_csv(os.path.join(tmp, "pred.csv"))
    score_col = [c for c in pr.columns if c.startswith("m") and "score" in c]
    if len(score_col) != 1:
        print("FAIL: cannot find the model's score column in", list(pr.columns))
        sys.exit(1)
    groups = {g: pr[score_col[0]][pr["sex"] == g].to_numpy(dtype=float) for g in pr["sex"].unique()}
    reference(groups, d, "adult")

print(f"distances-ref: {checks} checks, {failures} failures")
sys.exit(1 if failures else 0)
