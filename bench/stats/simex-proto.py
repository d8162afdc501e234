#!/usr/bin/python3
# simex-proto.py -- screening (not adopted): the bootstrap bias of each distance
# extrapolated to no noise (SIMEX: noise scaled by 1 + lam, lam 0.5, 1, 2, fitted
# a + c v^p) and the centred bootstrap around it. Usage: SCEN=2,3 simex-proto.py R
# Uses fs-proto.py (same directory); RESULTS.md has the figures.
# SPDX-License-Identifier: MIT
import numpy as np, importlib.util, sys, os
from scipy import stats
spec = importlib.util.spec_from_file_location("fp", os.path.join(os.path.dirname(os.path.abspath(__file__)), "fs-proto.py")); fp = importlib.util.module_from_spec(spec); spec.loader.exec_module(fp)
LAMS = [0.5, 1.0, 2.0]
PS = np.linspace(0.5, 1.0, 11)

def phis(S, s):
    """KS, W1 (CDF form), W1 (quantile form), W2 at noise scale s (B rows)."""
    dC = S["dC"] + s * (S["dCs"] - S["dC"]); dQ = S["dQ"] + s * (S["dQs"] - S["dQ"])
    return [np.abs(dC).max(1), (np.abs(dC[:, :-1]) * S["dx"]).sum(1),
            (np.abs(dQ) * S["du"]).sum(1), np.sqrt((dQ ** 2 * S["du"]).sum(1))]

def simex_fit(T, M, mode):
    v = np.array([1.0] + [1 + l for l in LAMS]); y = np.array([T] + list(M))
    best = None
    ps = PS if mode == "fit" else [mode]
    for p in ps:
        X = np.stack([np.ones_like(v), v ** p], 1)
        coef, res, *_ = np.linalg.lstsq(X, y, rcond=None)
        r = np.sum((X @ coef - y) ** 2)
        if best is None or r < best[0]:
            best = (r, coef[0], p)
    return best[1], best[2]

def intervals(S, level, modes):
    T0 = phis(S, 0.0); T = [t[0] for t in T0]
    boots = {l: phis(S, np.sqrt(l)) for l in LAMS}
    a = (1 - level) / 2
    out = {}
    for j, key in enumerate(["ks", "w1c", "w1q", "w2"]):
        M = [boots[l][j].mean() for l in LAMS]
        v1 = boots[1.0][j]
        qlo, qhi = np.quantile(v1, [a, 1 - a]); m1 = v1.mean()
        for mode in modes:
            est, p = simex_fit(T[j], M, mode)
            out[(key, mode)] = (max(est - (qhi - m1), 0), max(est - (qlo - m1), 0))
        if key == "w2":  # squared scale: linear extrapolation in v is exact in expectation
            sq = {l: boots[l][j] ** 2 for l in LAMS}
            est2 = T[j] ** 2 - (sq[1.0].mean() - T[j] ** 2)
            q2lo, q2hi = np.quantile(sq[1.0], [a, 1 - a]); m2 = sq[1.0].mean()
            out[("w2sq", 1)] = (np.sqrt(max(est2 - (q2hi - m2), 0)), np.sqrt(max(est2 - (q2lo - m2), 0)))
    return out, T

def main():
    R = int(sys.argv[1]); modes = ["fit", 0.5, 0.75, 1.0]
    rng = np.random.default_rng(11)
    sel = [int(x) for x in os.environ.get("SCEN", "0,1,2,3,4,5").split(",")]
    for si, (name, ns, mu) in enumerate(fp.SCEN):
        if si not in sel: continue
        K = len(ns); level = 0.95 ** (1 / (K * (K - 1) / 2))
        cov = {}; lo_ok = {}; hi_ok = {}
        for r in range(R):
            s = [rng.normal(m, 1, n) for m, n in zip(mu, ns)]
            best = [None] * 4
            for a in range(K):
                for b in range(a + 1, K):
                    v = [t[0] for t in phis(fp.setup(s[a], s[b], 1, rng), 0.0)] if K > 2 else [0] * 4
                    for j in range(4):
                        if best[j] is None or v[j] > best[j][0]: best[j] = (v[j], a, b)
            cache = {}
            for j, key in enumerate(["ks", "w1c", "w1q", "w2"]):
                _, a, b = best[j]; d = abs(mu[a] - mu[b])
                true = 2 * stats.norm.cdf(d / 2) - 1 if j == 0 else d
                if (a, b) not in cache:
                    cache[(a, b)] = intervals(fp.setup(s[a], s[b], 200, rng), level, modes)[0]
                for (m, c), (lo, hi) in cache[(a, b)].items():
                    if not (m == key or (m == "w2sq" and key == "w2")): continue
                    k = (m, c)
                    cov[k] = cov.get(k, 0) + (lo <= true <= hi); lo_ok[k] = lo_ok.get(k, 0) + (lo <= true); hi_ok[k] = hi_ok.get(k, 0) + (true <= hi)
        for k in sorted(cov, key=str):
            print(f"{name:20s} R={R} {k[0]:4s} {str(k[1]):5s} cov {cov[k]/R:.3f} lo {lo_ok[k]/R:.3f} hi {hi_ok[k]/R:.3f}", flush=True)
main()
