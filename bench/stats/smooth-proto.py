#!/usr/bin/python3
# smooth-proto.py -- screening (not adopted): the basic bootstrap with the gap
# smoothed over +/- bw n points for the truth. Usage: BS=0,0.05 SCEN=2,3 smooth-proto.py R
# Uses fs-proto.py (same directory); RESULTS.md has the figures.
# SPDX-License-Identifier: MIT
import numpy as np, importlib.util, os, sys
from scipy import stats
spec = importlib.util.spec_from_file_location("fp", os.path.join(os.path.dirname(os.path.abspath(__file__)), "fs-proto.py")); fp = importlib.util.module_from_spec(spec); spec.loader.exec_module(fp)

def box(d, w, m):
    """moving average of d with weights w over index windows of half-width m (truncated)"""
    cw = np.concatenate([[0], np.cumsum(w)]); cd = np.concatenate([[0], np.cumsum(w * d)])
    k = np.arange(d.size); lo = np.maximum(k - m, 0); hi = np.minimum(k + m + 1, d.size)
    return (cd[hi] - cd[lo]) / (cw[hi] - cw[lo])

def intervals(S, level, bs):
    ks, w1, w2 = fp.stats_of(S)
    a = (1 - level) / 2
    out = {}
    hC = S["dCs"] - S["dC"]; hQ = S["dQs"] - S["dQ"]
    n = S["dC"].size
    for b in bs:
        m = int(np.ceil(b * n))
        dC = box(S["dC"], np.ones(n), m)
        dQ = box(S["dQ"], S["du"], int(np.ceil(b * S["dQ"].size)))
        v = [np.abs(dC + hC).max(1) - np.abs(dC).max(),
             (np.abs(dC + hC)[:, :-1] * S["dx"]).sum(1) - (np.abs(dC)[:-1] * S["dx"]).sum(),
             np.sqrt(((dQ + hQ) ** 2 * S["du"]).sum(1)) - np.sqrt((dQ ** 2 * S["du"]).sum())]
        for j, (key, t) in enumerate((("ks", ks), ("w1", w1), ("w2", w2))):
            qlo, qhi = np.quantile(v[j], [a, 1 - a])
            out[(key, b)] = (max(t - qhi, 0), max(t - qlo, 0))
    return out

def main():
    R = int(sys.argv[1]); bs = [float(x) for x in os.environ.get("BS", "0,0.02,0.05,0.1,0.2").split(",")]
    rng = np.random.default_rng(11)
    sel = [int(x) for x in os.environ.get("SCEN", "2,3,5").split(",")]
    for si, (name, ns, mu) in enumerate(fp.SCEN):
        if si not in sel: continue
        K = len(ns); level = 0.95 ** (1 / (K * (K - 1) / 2))
        cov = {}; lo_ok = {}; hi_ok = {}
        for r in range(R):
            s = [rng.normal(m, 1, n) for m, n in zip(mu, ns)]
            best = [None] * 3
            for a in range(K):
                for b in range(a + 1, K):
                    v = fp.stats_of(fp.setup(s[a], s[b], 1, rng)) if K > 2 else [0] * 3
                    for j in range(3):
                        if best[j] is None or v[j] > best[j][0]: best[j] = (v[j], a, b)
            cache = {}
            for j, key in enumerate(["ks", "w1", "w2"]):
                _, a, b = best[j]; d = abs(mu[a] - mu[b])
                true = 2 * stats.norm.cdf(d / 2) - 1 if j == 0 else d
                if (a, b) not in cache:
                    cache[(a, b)] = intervals(fp.setup(s[a], s[b], 200, rng), level, bs)
                for (mm, c), (lo, hi) in cache[(a, b)].items():
                    if mm != key: continue
                    k = (mm, c)
                    cov[k] = cov.get(k, 0) + (lo <= true <= hi); lo_ok[k] = lo_ok.get(k, 0) + (lo <= true); hi_ok[k] = hi_ok.get(k, 0) + (true <= hi)
        for k in sorted(cov, key=str):
            print(f"{name:20s} R={R} {k[0]:4s} {str(k[1]):5s} cov {cov[k]/R:.3f} lo {lo_ok[k]/R:.3f} hi {hi_ok[k]/R:.3f}", flush=True)
main()
