# peer.py -- the Python side of bench/wasserstein: a straightforward numpy
# barycenter correction (sort per group + searchsorted) and POT's
# ot.wasserstein_1d on the data bench.c wrote; prints seconds and checks
# agreement with the C outputs.
# SPDX-License-Identifier: MIT
import sys, time
import numpy as np
import ot

d = sys.argv[1]
n = 1000000
reps = 7


def fit(f, g, K, rng, sigma=None):
    if sigma is None:
        sigma = 1e-5 * (f.max() - f.min())
    v = f + rng.uniform(-sigma, sigma, f.size) if sigma > 0 else f
    tabs = [np.sort(v[g == s]) for s in range(K)]
    p = np.array([t.size for t in tabs], dtype=float) / f.size
    return tabs, p, sigma


def apply(model, f, g, rng):
    tabs, p, sigma = model
    v = f + rng.uniform(-sigma, sigma, f.size) if sigma > 0 else f
    out = np.empty_like(f)
    for s, ts in enumerate(tabs):
        m = g == s
        r = np.searchsorted(ts, v[m], side="right")
        acc = np.zeros(r.size)
        for t, pt in zip(tabs, p):
            # step quantile index ceil(r |t| / |ts|) - 1, in integers
            idx = np.maximum((r * t.size + ts.size - 1) // ts.size - 1, 0)
            acc += pt * t[idx]
        out[m] = acc
    return out


for K in (2, 4):
    f = np.fromfile(f"{d}/f{K}.bin", dtype=np.float64)
    g = np.fromfile(f"{d}/g{K}.bin", dtype=np.int32)
    best = 1e9
    for _ in range(reps):
        rng = np.random.default_rng(1)
        t0 = time.process_time()
        out = apply(fit(f, g, K, rng), f, g, rng)
        best = min(best, time.process_time() - t0)
    ref = apply(fit(f, g, K, None, 0.0), f, g, None)
    cout = np.fromfile(f"{d}/out{K}.bin", dtype=np.float64)
    print(f"numpy K={K} fit+apply {best:.4f} s maxdiff_vs_C(jitter 0) {np.max(np.abs(ref - cout)):.3g}")

a = np.fromfile(f"{d}/wa.bin", dtype=np.float64)
b = np.fromfile(f"{d}/wb.bin", dtype=np.float64)
best = 1e9
for _ in range(reps):
    t0 = time.process_time()
    v = ot.wasserstein_1d(a, b, p=1)
    best = min(best, time.process_time() - t0)
print(f"pot w1 {best:.4f} s value {float(v):.17g}")
best = 1e9
for _ in range(reps):
    t0 = time.process_time()
    np.sort(a)
    best = min(best, time.process_time() - t0)
print(f"numpy sort {best:.4f} s")
