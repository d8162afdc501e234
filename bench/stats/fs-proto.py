#!/usr/bin/python3
# fs-proto.py -- numpy screening of directional (Fang and Santos 2019)
# bootstrap intervals for the regression distances (KS, W1, W2 between two
# groups' predictions) in the regression scenarios of sim.c, without the
# audit's "lower end 0 when the permutation test does not reject" rule and
# without level calibration (RESULTS.md has the figures; the adopted
# variants are in src/core/metric/regdist.c).
# Usage: CS=0.05,0.25 SCEN=2,3 fs-proto.py [R]; CS the contact-set
# constants c tried (kappa = c sqrt(log n) se(t)), SCEN the scenarios.
# Printed per cell: metric, variant, coverage, share with the lower end at
# or below the truth (lo), upper end at or above (hi). Variants: ks c (the
# contact set from the raw gap), kb<bw> c (from the gap smoothed over
# +/- bw n pooled points; adopted with bw 0.1), ksi c (by the increment's
# standard error from the argmax), kss c (a soft contact set); w1 c (|h|
# near 0), w1n c (near 0: the sign of the nearest point outside; adopted),
# w1g (one global sign), w1q c (quantile form); w2 c (linear plus the noise
# energy near 0), w2 d / D / d0.5 / d0.75 (linear around a centre with the
# orthogonal / whole / half / three quarters of the noise energy taken
# off; the share 0.25 adopted after the C screening), w2 q / qT (second
# order), w2 s (smoothed direction), w2 sq (basic bootstrap of W2^2).
# 200 resamples; seed 11.
# SPDX-License-Identifier: MIT
import os
import sys

import numpy as np
from scipy import stats


def setup(A, B, Bn, rng):
    """Delta_n and its bootstrap copies on the pooled points (CDF form) and
    the merged quantile grid (quantile form)."""
    A = np.sort(A); B = np.sort(B)
    na, nb = A.size, B.size
    x = np.sort(np.concatenate([A, B]))
    dx = np.diff(x)
    ia_r = np.searchsorted(A, x, "right"); ib_r = np.searchsorted(B, x, "right")
    Fa = ia_r / na; Fb = ib_r / nb
    ca = np.zeros((Bn, na)); cb = np.zeros((Bn, nb))
    ra = rng.integers(0, na, (Bn, na)); rb = rng.integers(0, nb, (Bn, nb))
    for r in range(Bn):
        ca[r] = np.bincount(ra[r], minlength=na); cb[r] = np.bincount(rb[r], minlength=nb)
    Ca = np.concatenate([np.zeros((Bn, 1)), np.cumsum(ca, 1)], 1)
    Cb = np.concatenate([np.zeros((Bn, 1)), np.cumsum(cb, 1)], 1)
    Fas = Ca[:, ia_r] / na; Fbs = Cb[:, ib_r] / nb
    dC = Fa - Fb; dCs = Fas - Fbs
    # quantile form
    u = np.union1d(np.arange(1, na + 1) / na, np.arange(1, nb + 1) / nb)
    du = np.diff(np.concatenate([[0.0], u]))
    mid = u - du / 2
    ja = np.minimum((mid * na).astype(int), na - 1); jb = np.minimum((mid * nb).astype(int), nb - 1)
    As = np.repeat(A[None, :], Bn, 0); Bs = np.repeat(B[None, :], Bn, 0)
    As = np.array([np.repeat(A, ca[r].astype(int)) for r in range(Bn)])
    Bs = np.array([np.repeat(B, cb[r].astype(int)) for r in range(Bn)])
    dQ = A[ja] - B[jb]; dQs = As[:, ja] - Bs[:, jb]
    return dict(x=x, dx=dx, dC=dC, dCs=dCs, du=du, dQ=dQ, dQs=dQs, n=na + nb, Fa=Fa, Fb=Fb,
                na=na, nb=nb)


def stats_of(S):
    ks = np.max(np.abs(S["dC"]))
    w1 = np.sum(S["dx"] * np.abs(S["dC"][:-1]))
    w2 = np.sqrt(np.sum(S["du"] * S["dQ"] ** 2))
    return ks, w1, w2


def q_int(t, d, level):
    """[t - q_hi, t - q_lo] clipped at 0, d the bootstrap of the derivative."""
    a = (1 - level) / 2
    lo, hi = np.quantile(d, [a, 1 - a])
    return max(t - hi, 0.0), max(t - lo, 0.0)


def intervals(S, level, cs):
    out = {}
    ks, w1, w2 = stats_of(S)
    h = S["dCs"] - S["dC"]
    Fa, Fb, na, nb = S["Fa"], S["Fb"], S["na"], S["nb"]
    sd = np.sqrt(Fa * (1 - Fa) / na + Fb * (1 - Fb) / nb)
    L = np.sqrt(np.log(S["n"]))
    # plain bc percentile (reference)
    for c in cs:
        kap = c * L * sd
        # KS
        D = np.abs(S["dC"])
        zero = D <= kap
        cont = (D >= ks - kap) | (ks <= kap.max())
        if ks <= np.max(kap):
            cont = np.ones_like(cont)
        v = np.where(zero, np.abs(h), np.sign(S["dC"]) * h)
        v = np.where(cont, v, -np.inf)
        out[("ks", c)] = q_int(ks, v.max(axis=1), level)
        # W1, CDF form
        hh = h[:, :-1]; dd = S["dC"][:-1]; kk = kap[:-1]
        v = np.where(np.abs(dd) <= kk, np.abs(hh), np.sign(dd) * hh)
        out[("w1", c)] = q_int(w1, (v * S["dx"]).sum(1), level)
    # KS, contact set by the increment's standard error from the argmax
    # (points whose gap is within noise of the largest one)
    na, nb = S["na"], S["nb"]
    D = np.abs(S["dC"]); kstar = int(np.argmax(D)); Fp = np.arange(1, D.size + 1) / D.size
    sdi = np.sqrt(np.abs(Fp - Fp[kstar]) * (1 / na + 1 / nb))
    for c in cs:
        kap = c * L * sd
        cont = D >= ks - c * L * sdi
        v = np.where(D <= kap, np.abs(h), np.sign(S["dC"]) * h)
        v = np.where(cont, v, -np.inf)
        out[("ksi", c)] = q_int(ks, v.max(axis=1), level)
    for bw in (0.05, 0.1, 0.2):
        n_ = D.size; m = int(np.ceil(bw * n_))
        cd = np.concatenate([[0], np.cumsum(S["dC"])]); k = np.arange(n_)
        lo_ = np.maximum(k - m, 0); hi_ = np.minimum(k + m + 1, n_)
        sm = np.abs((cd[hi_] - cd[lo_]) / (hi_ - lo_)); smax = sm.max()
        for c in cs:
            kap = c * L * sd
            cont = sm >= smax - kap if smax > kap.max() else np.ones(n_, bool)
            v = np.where(D <= kap, np.abs(h), np.sign(S["dC"]) * h)
            v = np.where(cont, v, -np.inf)
            out[("kb%g" % bw, c)] = q_int(ks, v.max(axis=1), level)
    for c in cs:
        kap = c * L * sd
        drift = np.minimum(0, D - ks + kap)
        v = np.where(D <= kap, np.abs(h), np.sign(S["dC"]) * h) + drift
        out[("kss", c)] = q_int(ks, v.max(axis=1), level)
    # W1: the near-zero set takes the sign of the nearest point outside it
    dd = S["dC"][:-1]; hh = h[:, :-1]
    for c in cs:
        kk = c * L * sd[:-1]
        big = np.abs(dd) > kk
        if big.any():
            idx = np.where(big)[0]
            pos = np.searchsorted(idx, np.arange(dd.size))
            left = idx[np.maximum(pos - 1, 0)]; right = idx[np.minimum(pos, idx.size - 1)]
            near = np.where(np.abs(np.arange(dd.size) - left) <= np.abs(right - np.arange(dd.size)), left, right)
            sg = np.sign(dd[near])
            v = (sg * hh * S["dx"]).sum(1)
        else:
            v = (np.abs(hh) * S["dx"]).sum(1)
        out[("w1n", c)] = q_int(w1, v, level)
    out[("w1g", 0)] = q_int(w1, (np.sign(dd.sum()) * hh * S["dx"]).sum(1), level)
    # W1 quantile form and W2
    hq = S["dQs"] - S["dQ"]
    sdq = hq.std(axis=0, ddof=1)
    for c in cs:
        kap = c * L * sdq
        dd = S["dQ"]
        v = np.where(np.abs(dd) <= kap, np.abs(hq), np.sign(dd) * hq)
        out[("w1q", c)] = q_int(w1, (v * S["du"]).sum(1), level)
    # W2: basic bootstrap on the squared scale (exact expansion)
    sq = np.sum(S["du"] * S["dQs"] ** 2, 1)
    a = (1 - level) / 2
    lo, hi = np.quantile(sq - w2 ** 2, [a, 1 - a])
    out[("w2", "sq")] = (np.sqrt(max(w2 ** 2 - hi, 0)), np.sqrt(max(w2 ** 2 - lo, 0)))
    # W2: linear derivative around a centre whose orthogonal noise energy
    # (the second-order bias) is taken out
    lin0 = np.sum(S["du"] * S["dQ"] * hq, 1) / w2 if w2 > 0 else np.zeros(hq.shape[0])
    en = np.sum(S["du"] * hq ** 2, 1)
    for nm, e in (("d", np.mean(en - lin0 ** 2)), ("D", np.mean(en))):
        est = np.sqrt(max(w2 ** 2 - e, 0))
        out[("w2", nm)] = q_int(est, lin0, level)
    for f in (0.5, 0.75):
        e = np.mean(en - lin0 ** 2)
        out[("w2", "d%g" % f)] = q_int(np.sqrt(max(w2 ** 2 - f * e, 0)), lin0, level)
    e = np.mean(en - lin0 ** 2); cd_ = np.sqrt(max(w2 ** 2 - e, 0))
    for f, cc in (("q", cd_), ("qT", w2)):
        if cc > 0:
            out[("w2", f)] = q_int(w2, lin0 + (en - lin0 ** 2) / (2 * cc), level)
    # smoothed direction
    dq = S["dQ"]; du = S["du"]; m = int(np.ceil(0.05 * dq.size))
    cw = np.concatenate([[0], np.cumsum(du)]); cd = np.concatenate([[0], np.cumsum(du * dq)])
    k = np.arange(dq.size); lo_ = np.maximum(k - m, 0); hi_ = np.minimum(k + m + 1, dq.size)
    sm = (cd[hi_] - cd[lo_]) / (cw[hi_] - cw[lo_]); ns = np.sqrt(np.sum(du * sm ** 2))
    if ns > 0:
        lin1 = np.sum(du * sm * hq, 1) / ns
        e = np.mean(en - lin1 ** 2)
        out[("w2", "s")] = q_int(np.sqrt(max(w2 ** 2 - e, 0)), lin1, level)
    # W2 FS: derivative <d,h>/||d|| + noise energy ||h||^2 over the near-zero set
    for c in cs:
        kap = c * L * sdq
        dd = S["dQ"]
        big = np.abs(dd) > kap
        nrm = np.sqrt(np.sum(S["du"] * np.where(big, dd, 0) ** 2))
        lin = np.sum(S["du"] * np.where(big, dd, 0) * hq, 1)
        e0 = np.sum(S["du"] * np.where(big, 0, hq) ** 2, 1)
        if nrm > 0:
            # phi(d_big + h) - phi(d_big) ~ sqrt(nrm^2 + 2 lin + ||h_big||^2 + e0) - nrm
            v = np.sqrt(np.maximum(nrm ** 2 + 2 * lin + e0, 0)) - nrm
        else:
            v = np.sqrt(e0)
        out[("w2", c)] = q_int(w2, v, level)
    return out, (ks, w1, w2)


SCEN = [("R2 equal null", [200, 200], [0, 0]),
        ("R2 unequal null", [320, 80], [0, 0]),
        ("R2 equal disparity", [200, 200], [0, 0.3]),
        ("R2 unequal disp.", [320, 80], [0, 0.3]),
        ("R5 equal null", [100] * 5, [0] * 5),
        ("R5 equal disparity", [100] * 5, [0, 0.1, 0.1, 0.2, 0.4])]


def main():
    R = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    cs = [float(c) for c in os.environ.get("CS", "0.25,0.5,0.75,1").split(",")]
    rng = np.random.default_rng(11)
    sel = [int(x) for x in os.environ.get("SCEN", "0,1,2,3,4,5").split(",")]
    for si, (name, ns, mu) in enumerate(SCEN):
        if si not in sel:
            continue
        K = len(ns)
        level = 0.95 ** (1 / (K * (K - 1) / 2))
        cov = {}; lo_ok = {}; hi_ok = {}
        for r in range(R):
            s = [rng.normal(m, 1, n) for m, n in zip(mu, ns)]
            best = [None] * 3
            for a in range(K):
                for b in range(a + 1, K):
                    S0 = setup(s[a], s[b], 1, rng) if K > 2 else None
                    v = stats_of(S0) if S0 else (0, 0, 0)
                    for j in range(3):
                        if best[j] is None or v[j] > best[j][0]:
                            best[j] = (v[j], a, b)
            cache = {}
            for j, key in enumerate(["ks", "w1", "w2"]):
                _, a, b = best[j]
                d = abs(mu[a] - mu[b])
                true = [2 * stats.norm.cdf(d / 2) - 1, d, d][j]
                if (a, b) not in cache:
                    cache[(a, b)] = intervals(setup(s[a], s[b], 200, rng), level, cs)[0]
                for (m, c), (lo, hi) in cache[(a, b)].items():
                    if {"ksi": "ks", "kss": "ks", "kb0.05": "ks", "kb0.1": "ks", "kb0.2": "ks", "w1q": "w1", "w1n": "w1", "w1g": "w1"}.get(m, m) != key:
                        continue
                    k = (m, c)
                    cov[k] = cov.get(k, 0) + (lo <= true <= hi)
                    lo_ok[k] = lo_ok.get(k, 0) + (lo <= true)
                    hi_ok[k] = hi_ok.get(k, 0) + (true <= hi)
        for k in sorted(cov, key=str):
            print(f"{name:20s} R={R} {k[0]:4s} {str(k[1]):5s} cov {cov[k]/R:.3f} "
                  f"lo {lo_ok[k]/R:.3f} hi {hi_ok[k]/R:.3f}", flush=True)


if __name__ == "__main__":
    main()
