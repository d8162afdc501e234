# peer.py -- the same audits in numpy/pandas (Fairlearn cannot be installed
# here: its MetricFrame is pandas groupby over these columns): per group,
# and per control stratum and group, the confusion counts (weighted or not)
# and from them the selection rate, TPR, FPR and the max - min gaps. Prints
# "name seconds", best of REPS, after loading the CSV once (not timed).
import sys
import time
import numpy as np
import pandas as pd

d = pd.read_csv(sys.argv[1])
reps = int(sys.argv[2])


def audit(w, control):
    g, _ = pd.factorize(d["g"])
    key = g
    ns = 1
    if control:
        c, cl = pd.factorize(d["c"])
        ns = len(cl)
        key = c * 8 + g
    cell = 2 * d["y"].to_numpy() + d["p"].to_numpy()
    idx = key * 4 + cell
    cnt = np.bincount(idx, weights=w, minlength=ns * 32).reshape(ns, 8, 4)
    tn, fp, fn, tp = cnt[..., 0], cnt[..., 1], cnt[..., 2], cnt[..., 3]
    sr = (tp + fp) / cnt.sum(-1)
    tpr = tp / (tp + fn)
    fpr = fp / (fp + tn)
    return [(x.max(-1) - x.min(-1)) for x in (sr, tpr, fpr)]


def best(f):
    b = 1e30
    for _ in range(reps):
        t = time.perf_counter()
        f()
        b = min(b, time.perf_counter() - t)
    return b


w = d["w"].to_numpy().astype(float)
print(f"numpy_unweighted {best(lambda: audit(None, False)):.4f}")
print(f"numpy_weighted_control {best(lambda: audit(w, True)):.4f}")
