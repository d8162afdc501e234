#!/usr/bin/python3
# truth-check.py -- recomputes sim.c's true regression distances by
# quadrature and optimisation on scipy's CDFs and quantile functions, an
# independent route to reg_truth's closed forms. Usage:
#   bench/stats/run.sh . truth | /usr/bin/python3 bench/stats/truth-check.py
# Each input line: scenario, distribution, mu_a, sd_a, mu_b, sd_b, then the
# C truth KS, W1, W2, mean gap. Prints the largest differences and exits 1
# when one exceeds 1e-8.
# SPDX-License-Identifier: MIT
import sys

import numpy as np
from scipy import integrate, optimize, stats


def frozen(dist, mu, sd):
    if dist == "normal":
        return stats.norm(mu, sd)
    if dist == "lognormal":
        return stats.lognorm(s=sd, scale=np.exp(mu))
    if dist == "expshift":
        assert sd == 1
        return stats.expon(loc=mu)
    raise ValueError(dist)


def ks(a, b):
    """sup_x |F_a(x) - F_b(x)|: a fine grid, then a bounded refinement
    around the best grid point (and the supports' ends, where an
    exponential's CDF has its kink)."""
    lo = min(a.ppf(1e-12), b.ppf(1e-12))
    hi = max(a.isf(1e-12), b.isf(1e-12))
    x = np.linspace(lo, hi, 400001)
    d = np.abs(a.cdf(x) - b.cdf(x))
    i = int(np.argmax(d))
    step = x[1] - x[0]
    f = lambda t: -abs(a.cdf(t) - b.cdf(t))
    r = optimize.minimize_scalar(f, bounds=(x[i] - step, x[i] + step), method="bounded",
                                 options={"xatol": 1e-13})
    best = max(d[i], -r.fun)
    for e in (a.support()[0], b.support()[0]):
        if np.isfinite(e):
            best = max(best, abs(a.cdf(e) - b.cdf(e)))
    return best


def w1(a, b):
    """integral of |F_a - F_b| dx, split where the CDFs cross"""
    lo = min(a.ppf(1e-15), b.ppf(1e-15))
    hi = max(a.isf(1e-15), b.isf(1e-15))
    x = np.linspace(lo, hi, 20001)
    g = a.cdf(x) - b.cdf(x)
    pts = [optimize.brentq(lambda t: a.cdf(t) - b.cdf(t), x[k], x[k + 1], xtol=1e-15)
           for k in range(len(x) - 1) if g[k] * g[k + 1] < 0]
    pts += [e for e in (a.support()[0], b.support()[0]) if np.isfinite(e)]
    edges = sorted(set([lo, hi] + [p for p in pts if lo < p < hi]))
    tot = 0.0
    for u, v in zip(edges[:-1], edges[1:]):
        tot += integrate.quad(lambda t: abs(a.cdf(t) - b.cdf(t)), u, v, limit=500,
                              epsabs=1e-14, epsrel=1e-12)[0]
    return tot


def upper_q(d, v):
    """the quantile at 1 - v; scipy's lognorm.isf overflows below v ~ 1e-13,
    so a lognormal's is exp(log scale + s norm.isf(v))"""
    if d.dist.name == "lognorm":
        return np.exp(np.log(d.kwds["scale"]) + d.kwds["s"] * stats.norm.isf(v))
    return d.isf(v)


def w2(a, b):
    """the L2 norm of Q_a - Q_b over u in (0, 1): the lower half by ppf(v),
    the upper at 1 - v, v in (0, 1/2) the tail probability (no rounding of
    1 - u in the upper tail)"""
    tot = 0.0
    for q in ((lambda v: a.ppf(v) - b.ppf(v)), (lambda v: upper_q(a, v) - upper_q(b, v))):
        for u, v in ((0, 1e-12), (1e-12, 1e-6), (1e-6, 1e-3), (1e-3, 0.5)):
            tot += integrate.quad(lambda t: q(t) ** 2, u, v, limit=500, epsabs=1e-15,
                                  epsrel=1e-13)[0]
    return np.sqrt(tot)


worst = [0.0] * 4
seen = set()
n = 0
for line in sys.stdin:
    f = line.split()
    if len(f) != 10:
        continue
    key = tuple(f[1:6])
    if key in seen:
        continue
    seen.add(key)
    dist = f[1]
    mu_a, sd_a, mu_b, sd_b = map(float, f[2:6])
    c = list(map(float, f[6:10]))
    a, b = frozen(dist, mu_a, sd_a), frozen(dist, mu_b, sd_b)
    ref = [ks(a, b), w1(a, b), w2(a, b), a.mean() - b.mean()]
    diff = [abs(x - y) if abs(x - y) == abs(x - y) else np.inf for x, y in zip(c, ref)]
    worst = [max(w, d) for w, d in zip(worst, diff)]
    n += 1
    print("scenario %s %-9s N/exp(%g, %g) vs (%g, %g): KS %.12f W1 %.12f W2 %.12f gap %.12f"
          "  |C - scipy| %.1e %.1e %.1e %.1e" % (f[0], dist, mu_a, sd_a, mu_b, sd_b,
                                                 *ref, *diff))
print("%d distinct pairs; largest |C - scipy|: KS %.1e, W1 %.1e, W2 %.1e, gap %.1e"
      % (n, *worst))
sys.exit(0 if max(worst) <= 1e-8 else 1)
