#!/usr/bin/python3
# bench-sklearn.py -- AIF360's computations timed (best of 3): the entropy
# indices in numpy as ClassificationMetric writes them, and consistency with
# NearestNeighbors(algorithm='ball_tree'); prints "name seconds" lines.
# SPDX-License-Identifier: MIT
import sys
import time

import numpy as np
import pandas as pd
from sklearn.neighbors import NearestNeighbors

d = pd.read_csv(sys.argv[1])
y = (d["income"] == ">50K").to_numpy(float)
g = d["sex"].to_numpy()
X = d[["age", "education-num", "capital-gain", "capital-loss", "hours-per-week"]].to_numpy(float)


def gei(b, alpha):
    mu = np.mean(b)
    if alpha == 1:
        return np.mean(np.log((b / mu) ** b) / mu)
    return np.mean((b / mu) ** alpha - 1) / (alpha * (alpha - 1))


def entropy():
    b = 1 + y - y
    out = [gei(b, 2), gei(b, 1), np.sqrt(2 * gei(b, 2))]
    for groups in ([g == v for v in np.unique(g)], [g == "Male", g != "Male"]):
        bg = np.zeros_like(b)
        for m in groups:
            bg[m] = b[m].mean()
        out += [gei(bg, 2), gei(bg, 1), np.sqrt(2 * gei(bg, 2))]
    return out


def consistency(Z):
    idx = NearestNeighbors(n_neighbors=5, algorithm="ball_tree").fit(Z).kneighbors(Z, return_distance=False)
    return 1 - np.mean(np.abs(y - y[idx].mean(axis=1)))


def best(f, *a):
    t = 1e9
    for _ in range(3):
        s = time.perf_counter()
        f(*a)
        t = min(t, time.perf_counter() - s)
    return t


Z = (X - X.mean(axis=0)) / X.std(axis=0)
print("entropy %.4f" % best(entropy))
print("consistency_raw %.4f" % best(consistency, X))
print("consistency_scaled %.4f" % best(consistency, Z))
