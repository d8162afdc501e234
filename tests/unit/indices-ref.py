#!/usr/bin/python3
# indices-ref.py -- `indices` against independent references on real data:
# the generalized entropy, Theil, coefficient of variation and between-group
# indices with numpy, written as AIF360's ClassificationMetric writes them
# (b = 1 + yhat - y), on COMPAS and Law School; consistency against a numpy
# brute-force search with ties to the lower row index on COMPAS (integer
# features, ties everywhere), and against scikit-learn's
# NearestNeighbors(algorithm='ball_tree'), as AIF360 calls it, on Law
# School's continuous features after checking that no row has a tie at its
# k-th neighbour (where sklearn's choice is its own).
# SPDX-License-Identifier: MIT
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import pandas as pd
from sklearn.neighbors import NearestNeighbors

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import testdata  # noqa: E402

# sums of ~20,000 terms of size <= 4 (individual) or of group means: the
# rounding of either side is below 1e-13 relative; the consistency sums are
# of fractions j/k over the same neighbours
TOL = 1e-12
builddir = os.environ.get("top_builddir", ".")
fairsh = os.path.join(builddir, "fairsh")
failures = 0
checks = 0


def check(name, got, want, tol=TOL):
    global failures, checks
    checks += 1
    ok = (got is None and want is None) or (got is not None and abs(got - want) <= tol * max(1.0, abs(want)))
    if not ok:
        failures += 1
        print("FAIL: %s: fairsh %r, reference %r" % (name, got, want))


def gei(b, alpha):
    # AIF360 ClassificationMetric.generalized_entropy_index, for alpha != 0
    mu = np.mean(b)
    if alpha == 1:
        return np.mean(np.log((b / mu) ** b) / mu)
    return np.mean((b / mu) ** alpha - 1) / (alpha * (alpha - 1))


def run(path, setup, cmd):
    with tempfile.NamedTemporaryFile("w", suffix=".fsh", delete=False) as f:
        f.write("load %s\n%s\n%s format=json\n" % (path, setup, cmd))
        script = f.name
    try:
        out = subprocess.run([fairsh, "--batch", "-f", script], capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script)
    return json.loads(out[out.index("{"):])


def compare_indices(tag, j, y, p, g, priv, alpha):
    b = 1.0 + p - y
    groups = sorted(set(g))
    bg = np.empty_like(b)
    for v in groups:
        bg[g == v] = b[g == v].mean()
    bp = np.where(g == priv, b[g == priv].mean(), b[g != priv].mean())
    ix = j["indices"]
    check(tag + " rows", j["rows"], len(y), 0)
    check(tag + " generalized_entropy_index", ix["generalized_entropy_index"], gei(b, alpha))
    check(tag + " theil_index", ix["theil_index"], gei(b, 1))
    check(tag + " coefficient_of_variation", ix["coefficient_of_variation"], np.sqrt(2 * gei(b, 2)))
    check(tag + " between_all_groups_gei", ix["between_all_groups_generalized_entropy_index"], gei(bg, alpha))
    check(tag + " between_all_groups_theil", ix["between_all_groups_theil_index"], gei(bg, 1))
    check(tag + " between_all_groups_cv", ix["between_all_groups_coefficient_of_variation"], np.sqrt(2 * gei(bg, 2)))
    check(tag + " between_group_gei", ix["between_group_generalized_entropy_index"], gei(bp, alpha))
    check(tag + " between_group_theil", ix["between_group_theil_index"], gei(bp, 1))
    check(tag + " between_group_cv", ix["between_group_coefficient_of_variation"], np.sqrt(2 * gei(bp, 2)))
    # CV is also the population sd over the mean
    check(tag + " cv = sd/mean", ix["coefficient_of_variation"], np.std(b) / np.mean(b))


def brute_consistency(X, yhat, k):
    """k nearest by (squared distance, row index), the row itself included"""
    tot = 0.0
    for s in range(0, len(X), 512):
        d = ((X[s:s + 512, None, :] - X[None, :, :]) ** 2).sum(axis=2)
        idx = np.argsort(d, axis=1, kind="stable")[:, :k]
        tot += np.abs(yhat[s:s + 512] - yhat[idx].mean(axis=1)).sum()
    return 1 - tot / len(X)


def no_boundary_ties(X, k):
    for s in range(0, len(X), 512):
        d = np.sort(((X[s:s + 512, None, :] - X[None, :, :]) ** 2).sum(axis=2), axis=1)
        if np.any(d[:, k - 1] == d[:, k]):
            return False
    return True


compas = testdata.path("compas.csv")
if compas:
    d = pd.read_csv(compas)
    y = d["two_year_recid"].to_numpy(float)
    p = (d["decile_score"] >= 5).to_numpy(float)
    g = d["race"].to_numpy()
    setup = "target two_year_recid\nsensitive race privileged=Caucasian"
    for alpha in (2, 3, 0.5):
        j = run(compas, setup, "indices score=decile_score threshold=5 alpha=%g features=age,priors_count "
                "neighbors=7" % alpha)
        compare_indices("compas alpha=%g" % alpha, j, y, p, g, "Caucasian", alpha)
    X = d[["age", "priors_count"]].to_numpy(float)
    check("compas consistency k=7 (brute force, ties to the lower index)", j["indices"]["consistency"],
          brute_consistency(X, p, 7))
    # the favourable class negative (a punitive decision): b = 1 + y - yhat
    j = run(compas, setup + "\ntarget two_year_recid favorable=0", "indices score=decile_score threshold=5 neighbors=0")
    check("compas favourable 0: gei", j["indices"]["generalized_entropy_index"], gei(1.0 + y - p, 2))

law = testdata.path("law_school.csv")
if law:
    d = pd.read_csv(law)
    y = d["first_pf"].to_numpy(float)
    p = (d["ZFYA"] >= 0).to_numpy(float)
    g = d["race"].to_numpy()
    feats = ["LSAT", "UGPA", "sander_index"]
    j = run(law, "target first_pf\nsensitive race privileged=White",
            "indices score=ZFYA threshold=0 features=%s neighbors=5" % ",".join(feats))
    compare_indices("law", j, y, p, g, "White", 2)

comm = testdata.path("communities.csv")
if comm:
    # ten continuous columns of values with two decimals, no missing values
    d = pd.read_csv(comm, na_values="?")
    feats = ["householdsize", "racePctWhite", "agePct12t29", "pctUrban", "pctWWage", "pctWInvInc",
             "PctPopUnderPov", "PctBSorMore", "PctUnemployed", "PctEmploy"]
    X = d[feats].to_numpy(float)
    p = (d["medIncome"] >= 0.3).to_numpy(float)
    setup = "target ViolentCrimesPerPop threshold=0.5\nsensitive fold"
    cmd = "indices score=medIncome threshold=0.3 features=%s neighbors=5" % ",".join(feats)
    j = run(comm, setup, cmd)
    check("communities consistency k=5 raw (brute force)", j["indices"]["consistency"], brute_consistency(X, p, 5))
    checks += 1
    if j["consistency"]["features"] != feats or j["consistency"]["n_neighbors"] != 5 or j["consistency"]["scaled"]:
        failures += 1
        print("FAIL: communities consistency block %r" % j["consistency"])
    # AIF360's consistency: NearestNeighbors(ball_tree).kneighbors on the
    # fitted rows, 1 - mean |y_i - mean of y over the neighbours|; on the
    # standardised columns no row has a tie at its 5th neighbour, so the
    # neighbours are the same whatever the tie rule
    Z = (X - X.mean(axis=0)) / X.std(axis=0)
    if not no_boundary_ties(Z, 5):
        print("FAIL: the standardised communities features have a tie at the 5th neighbour")
        failures += 1
    idx = NearestNeighbors(n_neighbors=5, algorithm="ball_tree").fit(Z).kneighbors(Z, return_distance=False)
    j = run(comm, setup, cmd + " scale=yes")
    check("communities consistency k=5 scaled (sklearn ball_tree)", j["indices"]["consistency"],
          1 - np.mean(np.abs(p - p[idx].mean(axis=1))))
    for k in (1, 10):
        idx = NearestNeighbors(n_neighbors=k, algorithm="ball_tree").fit(Z).kneighbors(Z, return_distance=False)
        if no_boundary_ties(Z, k) if k < len(Z) else True:
            j = run(comm, setup, cmd.replace("neighbors=5", "neighbors=%d" % k) + " scale=yes")
            check("communities consistency k=%d scaled (sklearn ball_tree)" % k, j["indices"]["consistency"],
                  1 - np.mean(np.abs(p - p[idx].mean(axis=1))))

print("indices-ref: %d checks, %d failures" % (checks, failures))
sys.exit(testdata.status(failures))
