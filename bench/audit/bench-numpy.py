#!/usr/bin/python3
# bench-numpy.py -- the Python floor for the audit: the same per-group figures
# (n, base rate, SR, TPR, FPR, TNR, FNR, PPV, NPV, accuracy, balanced accuracy)
# and max-min metrics from already-parsed arrays with vectorised numpy
# (factorize + bincount). 10M rows, 8 groups. Prints "name seconds".
# SPDX-License-Identifier: MIT
import sys
import time

import numpy as np
import pandas as pd

n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
K = 8
rng = np.random.default_rng(0)
g = rng.integers(0, K, n).astype(np.int32)
y = (rng.random(n) < 0.2 + 0.05 * g).astype(np.float64)
p = (rng.random(n) < np.where(y == 1, 0.7, 0.1) + 0.02 * g).astype(np.float64)
labels = np.array([f"g{k}" for k in range(K)], dtype=object)[g]   # a parsed string column


def audit(codes, K):
    cell = codes * 4 + (2 * (y == 1) + (p == 1))
    c = np.bincount(cell, minlength=4 * K).reshape(K, 4).astype(np.float64)
    tn, fp, fn, tp = c[:, 0], c[:, 1], c[:, 2], c[:, 3]
    nn, P, N = c.sum(1), tp + fn, tn + fp
    with np.errstate(all="ignore"):
        fig = {
            "base_rate": P / nn, "selection_rate": (tp + fp) / nn, "tpr": tp / P,
            "fpr": fp / N, "tnr": tn / N, "fnr": fn / P, "ppv": tp / (tp + fp),
            "npv": tn / (tn + fn), "accuracy": (tp + tn) / nn,
        }
        fig["balanced_accuracy"] = (fig["tpr"] + fig["tnr"]) / 2
    sr, tpr, fpr = fig["selection_rate"], fig["tpr"], fig["fpr"]
    m = {
        "dpd": np.nanmax(sr) - np.nanmin(sr), "dpr": np.nanmin(sr) / np.nanmax(sr),
        "eod": np.nanmax(tpr) - np.nanmin(tpr),
        "eodds": max(np.nanmax(tpr) - np.nanmin(tpr), np.nanmax(fpr) - np.nanmin(fpr)),
    }
    return fig, m


def best(f, reps=5):
    t = []
    for _ in range(reps):
        t0 = time.perf_counter()
        f()
        t.append(time.perf_counter() - t0)
    return min(t)


print(f"numpy_bincount_only {best(lambda: audit(g, K)):.4f}")
print(f"numpy_factorize_bincount {best(lambda: audit(pd.factorize(labels)[0], K), 3):.4f}")
