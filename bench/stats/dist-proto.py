#!/usr/bin/python3
# dist-proto.py -- numpy prototype of candidate intervals for the regression
# distances (KS, W1, W2 between two groups' predictions), their coverage in
# the regression scenarios of sim.c (RESULTS.md has the figures).
# Usage: SCEN=2,3 dist-proto.py [R] [METHOD...]; METHOD inv (test inversion
# over worlds that scale the gap between the two quantile functions by lam),
# bc (bias-corrected percentile bootstrap, what the audit uses; without its
# "lower end 0 when the permutation test does not reject" rule) or hyb (lower
# end by inversion, upper by bc). 200 resamples; seed 7.
# SPDX-License-Identifier: MIT
import sys

import numpy as np
from scipy import stats


def grid(na, nb):
    """Merged quantile grid: lengths du and the indices of a and b there."""
    u = np.union1d(np.arange(1, na + 1) / na, np.arange(1, nb + 1) / nb)
    du = np.diff(np.concatenate([[0.0], u]))
    mid = u - du / 2
    ia = np.minimum((mid * na).astype(int), na - 1)
    ib = np.minimum((mid * nb).astype(int), nb - 1)
    return du, ia, ib


def dists(a, b, g):
    """KS, W1, W2 between the rows of a (R x na) and b (R x nb), sorted."""
    du, ia, ib = g
    d = a[:, ia] - b[:, ib]
    w1 = np.sum(du * np.abs(d), axis=1)
    w2 = np.sqrt(np.sum(du * d * d, axis=1))
    na, nb = a.shape[1], b.shape[1]
    x = np.concatenate([a, b], axis=1)
    w = np.concatenate([np.full(na, 1.0 / na), np.full(nb, -1.0 / nb)])
    o = np.argsort(x, axis=1, kind="stable")
    xs = np.take_along_axis(x, o, 1)
    cum = np.cumsum(w[o], axis=1)
    last = np.ones_like(xs, dtype=bool)
    last[:, :-1] = xs[:, 1:] != xs[:, :-1]
    ks = np.max(np.where(last, np.abs(cum), 0), axis=1)
    return ks, w1, w2


def world(A, B, lam):
    """The two samples moved towards their barycentre (quantile average,
    weighted by size): differences of quantiles scaled by lam."""
    na, nb = A.size, B.size
    wa, wb = na / (na + nb), nb / (na + nb)
    ua = (np.arange(na) + 0.5) / na
    ub = (np.arange(nb) + 0.5) / nb
    Qb_a = B[np.minimum((ua * nb).astype(int), nb - 1)]
    Qa_b = A[np.minimum((ub * na).astype(int), na - 1)]
    Ap = A + (1 - lam) * wb * (Qb_a - A)
    Bp = B + (1 - lam) * wa * (Qa_b - B)
    return np.sort(Ap), np.sort(Bp)


def inversion(A, B, level, Bn, rng, lams):
    """Test inversion over lam: accept lam when the observed distance lies
    within the central level of the resampled distances in world lam.
    Returns (lo, hi) for KS, W1, W2."""
    A = np.sort(A); B = np.sort(B)
    na, nb = A.size, B.size
    g = grid(na, nb)
    t = [v[0] for v in dists(A[None, :], B[None, :], g)]
    ia = np.sort(rng.integers(0, na, (Bn, na)), axis=1)
    ib = np.sort(rng.integers(0, nb, (Bn, nb)), axis=1)
    acc = [[] for _ in range(3)]
    a2 = (1 - level) / 2
    for lam in lams:
        Ap, Bp = world(A, B, lam)
        true = [v[0] for v in dists(Ap[None, :], Bp[None, :], g)]
        st = dists(Ap[ia], Bp[ib], g)
        for j in range(3):
            lo, hi = np.quantile(st[j], [a2, 1 - a2])
            if lo <= t[j] <= hi:
                acc[j].append(true[j])
    out = []
    for j in range(3):
        if acc[j]:
            out.append((min(acc[j]), max(acc[j])))
        else:
            out.append((np.nan, np.nan))
    return out, t


def percentile_bc(A, B, level, Bn, rng):
    A = np.sort(A); B = np.sort(B)
    g = grid(A.size, B.size)
    t = [v[0] for v in dists(A[None, :], B[None, :], g)]
    ia = rng.integers(0, A.size, (Bn, A.size))
    ib = rng.integers(0, B.size, (Bn, B.size))
    st = dists(np.sort(A[ia], axis=1), np.sort(B[ib], axis=1), g)
    out = []
    zq = stats.norm.isf((1 - level) / 2)
    for j in range(3):
        v = st[j]
        f = (np.sum(v < t[j]) + np.sum(v <= t[j])) / (2 * v.size)
        f = min(max(f, 0.5 / v.size), 1 - 0.5 / v.size)
        z0 = stats.norm.ppf(f)
        out.append(tuple(np.quantile(v, stats.norm.cdf([2 * z0 - zq, 2 * z0 + zq]))))
    return out, t


SCEN = [("R2 equal null", [200, 200], [0, 0]),
        ("R2 unequal null", [320, 80], [0, 0]),
        ("R2 equal disparity", [200, 200], [0, 0.3]),
        ("R2 unequal disp.", [320, 80], [0, 0.3]),
        ("R5 equal null", [100] * 5, [0] * 5),
        ("R5 equal disparity", [100] * 5, [0, 0.1, 0.1, 0.2, 0.4])]


def main():
    R = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    methods = sys.argv[2:] or ["inv"]
    only = None
    rng = np.random.default_rng(7)
    lams = np.concatenate([np.linspace(0, 1, 21), np.linspace(1.1, 2.5, 15)])
    sel = [int(x) for x in __import__('os').environ.get('SCEN', '0,1,2,3,4,5').split(',')]
    for si, (name, ns, mu) in enumerate(SCEN):
        if si not in sel:
            continue
        K = len(ns)
        level = 0.95 ** (1 / (K * (K - 1) / 2))
        for meth in methods:
            cov = np.zeros(3); lo_ok = np.zeros(3); hi_ok = np.zeros(3); width = np.zeros(3)
            for r in range(R):
                s = [rng.normal(m, 1, n) for m, n in zip(mu, ns)]
                # the pair of each distance: the largest over pairs
                best = None
                for a in range(K):
                    for b in range(a + 1, K):
                        g = grid(ns[a], ns[b])
                        v = [x[0] for x in dists(np.sort(s[a])[None, :], np.sort(s[b])[None, :], g)]
                        best = [(v[j], a, b) if best is None or v[j] > best[j][0] else best[j]
                                for j in range(3)]
                cache = {}
                for j in range(3):
                    _, a, b = best[j]
                    d = abs(mu[a] - mu[b])
                    true = [2 * stats.norm.cdf(d / 2) - 1, d, d][j]
                    if (a, b) not in cache:
                        if meth == "inv":
                            cache[(a, b)] = inversion(s[a], s[b], level, 200, rng, lams)[0]
                        elif meth == "bc":
                            cache[(a, b)] = percentile_bc(s[a], s[b], level, 200, rng)[0]
                        else:   # hybrid: lower end by inversion, upper by bc
                            ci1 = inversion(s[a], s[b], level, 200, rng, lams)[0]
                            ci2 = percentile_bc(s[a], s[b], level, 200, rng)[0]
                            cache[(a, b)] = [(x[0], y[1]) for x, y in zip(ci1, ci2)]
                    ci = cache[(a, b)]
                    lo, hi = ci[j]
                    cov[j] += lo <= true <= hi
                    lo_ok[j] += lo <= true
                    hi_ok[j] += true <= hi
                    width[j] += hi - lo
            print(f"{name:20s} {meth:4s} R={R} cov ks {cov[0]/R:.3f} w1 {cov[1]/R:.3f} "
                  f"w2 {cov[2]/R:.3f} | lo_ok {lo_ok/R} hi_ok {hi_ok/R} | width {width/R}",
                  flush=True)


if __name__ == "__main__":
    main()
