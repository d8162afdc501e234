#!/usr/bin/python3
# stats-ref.py -- the intervals and tests of fairsh/stats.h against
# independent references on fixed inputs, to 1e-10: statsmodels
# (proportion_confint wilson/beta, confint_proportions_2indep newcomb and
# log/log-adjusted, proportions_ztest, multipletests holm), scipy
# (chi2_contingency, studentized_range, the BCa interval and acceleration of
# scipy.stats.bootstrap) and brute-force enumeration for the exact
# permutation test. Runs tests/unit/stats-tool once with every request.
# SPDX-License-Identifier: MIT
import itertools
import math
import os
import subprocess
import sys

import numpy as np
from scipy import integrate, optimize, stats

try:
    from statsmodels.stats.multitest import multipletests
    from statsmodels.stats.proportion import (confint_proportions_2indep,
                                              proportion_confint,
                                              proportions_ztest)
except ImportError:
    print("python3-statsmodels is not installed (run ./setup.sh test)")
    sys.exit(1 if os.environ.get("CI") else 77)
from scipy.stats._resampling import _bca_interval

TOL = 1e-10
builddir = os.environ.get("top_builddir", ".")
tool = os.path.join(builddir, "tests/unit/stats-tool")
failures = 0
checks = 0
requests = []   # (line sent, expected list, what)


def ask(line, expected, what, tol=TOL):
    requests.append((line, [float(v) for v in expected], what, tol))


def alpha_of(z):
    return 2 * stats.norm.sf(z)


def fmt(v):
    return repr(float(v))


# ---- one proportion: statsmodels proportion_confint
PROPS = [(3, 10), (0, 25), (25, 25), (1, 1000), (999, 1000), (47, 113), (5, 7),
         (12.5, 40.25), (0.5, 3.75)]
for x, n in PROPS:
    for z in (stats.norm.isf(0.025), 2.0, 2.728):
        lo, hi = proportion_confint(x, n, alpha=alpha_of(z), method="wilson")
        ask(f"wilson {fmt(x)} {fmt(n)} {fmt(z)}", [max(lo, 0), min(hi, 1)], f"wilson {x}/{n} z={z:.3f}")
    for level in (0.95, 0.99, 0.9):
        lo, hi = proportion_confint(x, n, alpha=1 - level, method="beta")
        if x == 0:
            lo = 0.0
        if x == n:
            hi = 1.0
        ask(f"exact {fmt(x)} {fmt(n)} {fmt(level)}", [lo, hi], f"clopper-pearson {x}/{n} {level}")

# ---- two proportions: statsmodels confint_proportions_2indep
PAIRS = [(30, 100, 40, 120), (3, 10, 9, 11), (0, 40, 12, 35), (17, 17, 10, 20),
         (250, 1000, 260, 1000), (1, 6, 5, 6), (9.5, 30.25, 14.75, 31.5)]
for xa, na, xb, nb in PAIRS:
    for z in (stats.norm.isf(0.025), 2.2414):
        lo, hi = confint_proportions_2indep(xa, na, xb, nb, method="newcomb", compare="diff",
                                            alpha=alpha_of(z))
        ask(f"newcombe {fmt(xa)} {fmt(na)} {fmt(xb)} {fmt(nb)} {fmt(z)}", [lo, hi],
            f"newcombe {xa}/{na} - {xb}/{nb}")
        method = "log-adjusted" if xa == 0 or xb == 0 else "log"
        lo, hi = confint_proportions_2indep(xa, na, xb, nb, method=method, compare="ratio",
                                            alpha=alpha_of(z))
        ask(f"katz {fmt(xa)} {fmt(na)} {fmt(xb)} {fmt(nb)} {fmt(z)}", [lo, hi],
            f"katz ({method}) {xa}/{na} / {xb}/{nb}")


# ---- studentized range, infinite df: the integral by scipy's quad, and
# scipy.stats.studentized_range (its own algorithm; agreement to its 1e-8)
def srange_cdf(q, k):
    f = lambda x: stats.norm.pdf(x) * (stats.norm.cdf(x + q) - stats.norm.cdf(x)) ** (k - 1)
    v, _ = integrate.quad(f, -12, 12, epsabs=1e-15, epsrel=1e-13, limit=400)
    return k * v


for k in (2, 3, 5, 8, 20):
    for q in (1.0, 2.5, 3.9, 5.5):
        ask(f"srange {fmt(q)} {k}", [srange_cdf(q, k)], f"studentized range cdf q={q} k={k}")
        ask(f"srange {fmt(q)} {k}", [stats.studentized_range.cdf(q, k, np.inf)],
            f"scipy studentized_range.cdf q={q} k={k}", tol=1e-8)
for k in (3, 5, 8):
    for level in (0.95, 0.9, 0.99):
        q = optimize.brentq(lambda t: srange_cdf(t, k) - level, 1, 10, xtol=1e-14)
        ask(f"tukey {k} {fmt(level)}", [q / math.sqrt(2)], f"tukey k={k} {level}")
        ask(f"tukey {k} {fmt(level)}", [stats.studentized_range.ppf(level, k, np.inf) / math.sqrt(2)],
            f"scipy studentized_range.ppf k={k} {level}", tol=1e-7)

# ---- z-test: statsmodels proportions_ztest (pooled variance, two-sided)
for xa, na, xb, nb in [(30, 100, 40, 120), (3, 10, 9, 11), (250, 1000, 260, 1000)]:
    z, p = proportions_ztest([xa, xb], [na, nb])
    ask(f"ztest {fmt(xa / na)} {na} {fmt(xb / nb)} {nb}", [z, p], f"z-test {xa}/{na} vs {xb}/{nb}")

# ---- chi-square test of equal proportions: scipy chi2_contingency
TABLES = [([10, 20], [40, 40]), ([30, 45, 12, 60], [100, 130, 50, 170]),
          ([5, 9, 2, 11, 7], [20, 25, 9, 30, 21]), ([0, 3, 1], [10, 10, 10])]
for x, n in TABLES:
    t = np.array([x, [a - b for a, b in zip(n, x)]], dtype=float)
    chi2, p, df, exp = stats.chi2_contingency(t, correction=False)
    ask("chisq %d %s %s" % (len(x), " ".join(map(fmt, x)), " ".join(map(fmt, n))),
        [chi2, df, p, exp.min()], f"chi-square {x}/{n}")


# ---- exact permutation test by brute force over row labellings' tables
def chisq_sum(tables):
    s = 0.0
    for x, n in tables:
        p = sum(x) / sum(n)
        if 0 < p < 1:
            s += sum((xi - ni * p) ** 2 / (ni * p * (1 - p)) for xi, ni in zip(x, n))
    return s


def exact_perm(tables):
    obs = chisq_sum(tables)
    per = []
    for x, n in tables:
        S, N = sum(x), sum(n)
        opts = []
        for xs in itertools.product(*[range(ni + 1) for ni in n]):
            if sum(xs) != S:
                continue
            pr = math.prod(math.comb(ni, xi) for ni, xi in zip(n, xs)) / math.comb(N, S)
            opts.append((xs, pr))
        per.append((n, opts))
    total = 0.0
    for combo in itertools.product(*[o for _, o in per]):
        st = chisq_sum([(xs, n) for (xs, _), (n, _) in zip(combo, per)])
        if st >= obs - 1e-9 * max(obs, 1):
            total += math.prod(pr for _, pr in combo)
    return obs, total


PERMS = [[([3, 0], [3, 3])], [([2, 0, 0], [2, 2, 2])], [([4, 1, 0, 2], [5, 6, 4, 5])],
         [([1, 6, 2], [8, 7, 9])], [([3, 0, 1], [4, 3, 5]), ([0, 2, 1], [3, 4, 2])],
         # degenerate and nearly degenerate margins (counted by failures)
         [([3, 4], [3, 4])], [([0, 0, 0], [2, 3, 1])], [([1, 3], [2, 3])],
         [([2, 3, 1], [3, 3, 2])], [([2, 3], [2, 3]), ([0, 0], [2, 3])]]
for tabs in PERMS:
    K = len(tabs[0][0])
    xs = [v for x, _ in tabs for v in x]
    ns = [v for _, n in tabs for v in n]
    obs, p = exact_perm(tabs)
    ask("perm %d %d 1000000 0 1 %s %s" % (K, len(tabs), " ".join(map(str, xs)), " ".join(map(str, ns))),
        [obs, p, 0], f"exact permutation {tabs}")

# ---- Holm: statsmodels multipletests
for p in ([0.01, 0.04, 0.03, 0.005], [0.2, 0.001, 0.04, 0.5, 0.013, 0.049, 0.3],
          [0.9, 0.8, 0.95]):
    adj = multipletests(p, method="holm")[1]
    ask("holm %d %s" % (len(p), " ".join(map(fmt, p))), adj, f"holm {p}")

# ---- BCa: scipy's interval for the same replicates, and its acceleration
rng = np.random.default_rng(20)
for trial in range(4):
    a_rows = (rng.random(60 + 10 * trial) < 0.3).astype(float)
    b_rows = (rng.random(80) < 0.45).astype(float)
    a_rows[:3] = [1.0, 2.0, 0.5] if trial == 3 else a_rows[:3]   # one non-binary sample

    def stat(a, b, axis=-1):
        return np.mean(a, axis=axis) - np.mean(b, axis=axis)

    boot = np.array([stat(rng.choice(a_rows, a_rows.size), rng.choice(b_rows, b_rows.size))
                     for _ in range(999)])
    level = 0.95 if trial < 2 else 0.9
    a1, a2, ahat = _bca_interval((a_rows, b_rows), stat, -1, (1 - level) / 2, boot, None)
    theta = stat(a_rows, b_rows)
    lo, hi = np.percentile(boot, [a1 * 100, a2 * 100])
    ask("bca %s %s %s %d %s" % (fmt(theta), fmt(ahat), fmt(level), boot.size, " ".join(map(fmt, boot))),
        [lo, hi], f"bca trial {trial}")
    # the jackknife values, leave one row out of each sample in turn
    ja = [stat(np.delete(a_rows, i), b_rows) for i in range(a_rows.size)]
    jb = [stat(a_rows, np.delete(b_rows, i)) for i in range(b_rows.size)]
    jack = ja + jb
    ask("accel 2 0 %d %d 0 %s" % (len(ja), len(jack), " ".join(map(fmt, jack))), [ahat],
        f"bca acceleration trial {trial}")

# ---- the worst pair's critical value (fair_maxpair_z): the shrunk rates
# by the formula, the quantile of the exported bootstrap replicates by
# numpy (its default "linear" method), floored at z(level). The replicates
# come from gsl's generator, so they are checked through their quantile,
# their count and sign, not redrawn.
MAXPAIR = []
for x, n, ratio, level, B in [([30, 45, 12, 60], [100, 130, 50, 170], 0, 0.95, 400),
                              ([90, 90, 90, 90, 90], [300, 300, 300, 300, 300], 0, 0.95, 300),
                              ([75, 90, 90, 105, 120], [300, 300, 300, 300, 300], 1, 0.9, 500),
                              ([5.5, 9, 2, 11, 7.25], [20.5, 25, 9, 30, 21], 0, 0.99, 250)]:
    x = np.array(x, float); n = np.array(n, float)
    p = x.sum() / n.sum()
    X2 = ((x / n - p) ** 2 * n / (p * (1 - p))).sum()
    sh = max(0.0, 1 - (len(x) + 1) / X2) if X2 > 0 else 0.0
    shrunk = p + sh * (x / n - p)
    line = "maxpair %d %d %s %d 7 %s %s" % (len(x), ratio, fmt(level), B, " ".join(map(fmt, x)),
                                           " ".join(map(fmt, n)))
    MAXPAIR.append((line, shrunk, level, B))
    requests.append((line, None, f"maxpair {x}/{n} ratio={ratio} level={level}", TOL))

# ---- the widest gap of k means (fair_maxmean_z): the shrunk means by the
# formula (precision-weighted mean m, s = max(0, 1 - (k + 1) / X^2)), the
# quantile of the exported replicates by numpy, floored at z(level).
def maxmean_shrunk(mu, se):
    mu = np.asarray(mu, float); se = np.asarray(se, float)
    w = 1 / se ** 2
    m = np.sum(w * mu) / np.sum(w)
    X2 = np.sum(((mu - m) / se) ** 2)
    sh = max(0.0, 1 - (mu.size + 1) / X2) if X2 > 0 else 0.0
    return m + sh * (mu - m)


def maxmean_line(mu, se, level, B, seed):
    return "maxmean %d %s %d %d %s %s" % (len(mu), fmt(level), B, seed, " ".join(map(fmt, mu)),
                                         " ".join(map(fmt, se)))


MAXMEAN = {}
for mu, se, level, B in [([0.1, 0.35, -0.2, 0.05], [0.1, 0.12, 0.09, 0.2], 0.95, 400),
                         ([0.0, 0.0, 0.0, 0.0, 0.0], [0.1, 0.1, 0.1, 0.1, 0.1], 0.95, 300),
                         ([0.0, 0.1, 0.1, 0.2, 1.4], [0.1, 0.1, 0.1, 0.1, 0.1], 0.9, 500),
                         ([2.5, 2.2, 2.9], [0.3, 0.05, 0.6], 0.99, 250)]:
    line = maxmean_line(mu, se, level, B, 7)
    MAXMEAN[line] = (maxmean_shrunk(mu, se), level, B)
    requests.append((line, None, f"maxmean {mu}/{se} level={level}", TOL))


# ---- the regression audit's resampling (tests/unit/stats-tool "regaudit",
# through fair_resample_hook): the metrics by scipy (ks_2samp,
# wasserstein_distance) and numpy (W2 by the quantile coupling, the means);
# the intervals and p-values recomputed from the exported resamples and
# relabelling statistics: the distances' directional bootstrap (dist_ref,
# from the resampled groups), the mean gap's BCa interval (Efron's z0,
# numpy's linear quantiles, the acceleration from the jackknife of the two
# groups' means), its normal interval at the level of fair_maxmean_z,
# p = (1 + #{T* >= T}) / (P + 1), and the lower end set to 0 when the
# permutation test does not reject.
def w2(a, b):
    a = np.sort(a); b = np.sort(b)
    u = np.union1d(np.arange(1, a.size + 1) / a.size, np.arange(1, b.size + 1) / b.size)
    du = np.diff(np.concatenate([[0.0], u]))
    mid = u - du / 2
    qa = a[np.minimum((mid * a.size).astype(int), a.size - 1)]
    qb = b[np.minimum((mid * b.size).astype(int), b.size - 1)]
    return math.sqrt(float(np.sum(du * (qa - qb) ** 2)))


# the distances' directional bootstrap (regdist.c, doc/methods.md 9.7),
# recomputed from the resampled groups the audit hands over ("draw"): the
# constants of regdist.c
KAPPA_KS, SMOOTH_KS, KAPPA_W1, ENERGY_SHARE = 0.05, 0.1, 0.5, 0.25
ALPHA = {0: 0.35, 1: 0.75, 2: 0.35}   # KS, W1, W2: the calibration of 1 - level


ENERGY = [None]   # W2: (each replicate's noise energy, ||gap||) of the last dist_ref
LASTV = [None]    # the last dist_ref's replicates in resample order


def dist_ref(mid, A, B, draws_a, draws_b, t, level, KS, W1, W2):
    """the directional bootstrap of distance mid between sorted A and B from
    the resampled sorted samples; returns (sorted replicates, centre, lo, hi)"""
    A = np.sort(A); B = np.sort(B); na, nb = A.size, B.size; n = na + nb
    if mid == W2:
        u = np.union1d(np.arange(1, na + 1) / na, np.arange(1, nb + 1) / nb)
        du = np.diff(np.concatenate([[0.0], u])); m_ = u - du / 2
        ja = np.minimum((m_ * na).astype(int), na - 1); jb = np.minimum((m_ * nb).astype(int), nb - 1)
        gap = A[ja] - B[jb]; norm = math.sqrt(np.sum(du * gap ** 2))
        h = np.array([a[ja] - b[jb] for a, b in zip(draws_a, draws_b)]) - gap
        en = np.sum(du * h * h, 1)
        ENERGY[0] = (en, norm)
        if norm > 0:
            v = np.sum(du * gap * h, 1) / norm
            c = math.sqrt(max(t * t - ENERGY_SHARE * np.mean(en - v * v), 0))
        else:
            v = np.sqrt(en); c = None
    else:
        x = np.sort(np.concatenate([A, B]))
        Fa = np.searchsorted(A, x, "right") / na; Fb = np.searchsorted(B, x, "right") / nb
        gap = Fa - Fb
        kap = (KAPPA_KS if mid == KS else KAPPA_W1) * math.sqrt(math.log(n)) * np.sqrt(Fa * (1 - Fa) / na + Fb * (1 - Fb) / nb)
        h = np.array([np.searchsorted(a, x, "right") / na - np.searchsorted(b, x, "right") / nb
                      for a, b in zip(draws_a, draws_b)]) - gap
        absf = np.abs(gap) <= kap; sg = np.sign(gap)
        if mid == KS:
            m = math.ceil(SMOOTH_KS * n); cs = np.concatenate([[0.0], np.cumsum(gap)]); k = np.arange(n)
            lo_ = np.maximum(k - m, 0); hi_ = np.minimum(k + m + 1, n)
            sm = np.abs((cs[hi_] - cs[lo_]) / (hi_ - lo_))
            cont = sm >= sm.max() - kap if sm.max() > kap.max() else np.ones(n, bool)
            e = np.where(absf, np.abs(h), sg * h)
            v = np.where(cont, e, -np.inf).max(1)
        else:
            big = ~absf
            if big.any():
                idx = np.where(big)[0]; kk = np.arange(n)
                pos = np.searchsorted(idx, kk)
                left = idx[np.maximum(pos - 1, 0)]; right = idx[np.minimum(pos, idx.size - 1)]
                # left when no right exists or when nearer (ties: left)
                useleft = (pos > 0) & ((pos >= idx.size) | (kk - left <= right - kk))
                near = np.where(big, kk, np.where(useleft, left, right))
                e = sg[near] * h
            else:
                e = np.abs(h)
            dx = np.diff(x)
            v = np.sum(e[:, :-1] * dx, 1)
        c = t
    LASTV[0] = np.array(v, dtype=float)
    v = np.sort(v); a = ALPHA[[KS, W1, W2].index(mid)] * (1 - level) / 2
    qlo, qhi = np.quantile(v, [a, 1 - a])
    if c is None:
        return v, 0.0, 0.0, qhi
    return v, c, max(c - qhi, 0.0), max(c - qlo, 0.0)


# the level of the pair shown when other pairs could have been picked
# (regdist.c fair__metric_dist_pick_level): centres shrunk towards their
# precision-weighted mean (positive-part James-Stein, constant k + 1),
# each resample picks the largest shrunk centre plus replicate (W2: plus
# the second-order term), the picked pair's standardised |error|'s level
# quantile is z, the level 2 Phi(z) - 1 (at least the audit's); the
# resamples of the pair shown are raised until each tail of the interval
# holds 5 draws (at most 4,000)
def pick_level(cands, L, mid, W2):
    """cands: (replicates, centre, energies or None, norm) of each pair,
    the pair shown first; returns (level, lambda)"""
    c = np.array([x[1] for x in cands]); V = np.array([x[0] for x in cands])
    m = V.mean(1); sd = V.std(1, ddof=1)
    cbar = np.sum(c / sd ** 2) / np.sum(1 / sd ** 2)
    x2 = np.sum((c - cbar) ** 2 / sd ** 2)
    lam = max(0.0, 1 - (len(cands) + 1) / x2) if x2 > 0 else 0.0
    Z = lam * (c - cbar)[:, None] + V
    if mid == W2:
        for j, (v, _, en, norm) in enumerate(cands):
            if norm > 0:
                Z[j] += (en - v * v) / (2 * norm)
    best = np.argmax(Z, 0)
    cols = np.arange(V.shape[1])
    u = np.abs(V[best, cols] - m[best]) / sd[best]
    return max(L, 2 * stats.norm.cdf(np.quantile(u, L)) - 1), lam


def pick_need(mid, level, KS, W1, W2):
    a = ALPHA[[KS, W1, W2].index(mid)] * (1 - level) / 2
    return min(math.ceil(5.0 / a), 4000)


def tukey_z(k, level):
    q = optimize.brentq(lambda t: srange_cdf(t, k) - level, 1, 10, xtol=1e-14)
    return q / math.sqrt(2)


def bca_from(v, theta, a, level):
    v = np.sort(np.asarray(v)); m = v.size
    f = (np.sum(v < theta) + np.sum(v <= theta)) / (2.0 * m)
    f = min(max(f, 1 / (2.0 * m)), 1 - 1 / (2.0 * m))
    z0 = stats.norm.ppf(f); zq = stats.norm.isf((1 - level) / 2)
    qs = [stats.norm.cdf(z0 + t / (1 - a * t)) for t in (z0 - zq, z0 + zq)]
    return np.quantile(v, qs)


REGS = []
REGDATA = {}   # line -> (groups, predictions, check the mean gap too)
rng = np.random.default_rng(31)
rg = np.concatenate([np.full(40, 0), np.full(55, 1), np.full(30, 2)])
rp = np.round(np.concatenate([rng.normal(0, 1, 40), rng.normal(0.4, 1.2, 55), rng.normal(0.1, 0.8, 30)]), 2)
for B in (0, 300):
    line = "regaudit 3 %d 5 %d %s %s" % (B, rp.size, " ".join(str(int(v)) for v in rg),
                                        " ".join(map(fmt, rp)))
    REGS.append(line)
    REGDATA[line] = (rg, rp, True)
    requests.append((line, None, f"regression audit resampling B={B}", TOL))
# four groups whose distances stand apart, so the pick's shrinkage factor is
# between 0 and 1 (the distances only: the mean gap is checked above)
rg4 = np.repeat(np.arange(4), 35)
rp4 = np.round(np.concatenate([rng.normal(mu, 1, 35) for mu in (0, 0.5, 1.1, 1.8)]), 2)
line = "regaudit 4 0 9 %d %s %s" % (rp4.size, " ".join(str(int(v)) for v in rg4),
                                   " ".join(map(fmt, rp4)))
REGS.append(line)
REGDATA[line] = (rg4, rp4, False)
requests.append((line, None, "regression audit resampling, 4 groups", TOL))
# three groups, one pair far ahead of the others for W1 and W2 (means 0,
# 2, 4: W1 4 against 2, beyond 4 (s + s), s about 0.18): those two
# take the audit's level with no pick; KS's pairs stay within reach
rg3 = np.repeat(np.arange(3), 60)
rp3 = np.round(np.concatenate([rng.normal(mu, 1, 60) for mu in (0, 2, 4)]), 2)
line = "regaudit 3 0 11 %d %s %s" % (rp3.size, " ".join(str(int(v)) for v in rg3),
                                    " ".join(map(fmt, rp3)))
REGS.append(line)
REGDATA[line] = (rg3, rp3, False)
requests.append((line, None, "regression audit resampling, one pair ahead", TOL))
# the mean gap's critical value: fair_maxmean_z on the groups' means and
# standard errors, ordered by (se, mean), 1,000 draws, the audit's seed
_sm = sorted((math.sqrt(rp[rg == k].var(ddof=1) / np.sum(rg == k)), rp[rg == k].mean())
             for k in range(3))
REG_MAXMEAN = maxmean_line([m for _, m in _sm], [e for e, _ in _sm], 0.95, 1000, 5)
MAXMEAN[REG_MAXMEAN] = (maxmean_shrunk([m for _, m in _sm], [e for e, _ in _sm]), 0.95, 1000)
requests.append((REG_MAXMEAN, None, "maxmean of the regression audit's groups", TOL))
answers = {}


def check_regaudit(line, got):
    global failures, checks
    B = int(line.split()[2])
    recs = {}
    draws = {}   # (group, resample) -> the resampled group, sorted
    for part in got.split("|")[1:]:
        f = part.split()
        if f[0] == "draw":
            draws[(int(f[1]), int(float(f[3])))] = np.array([float(x) for x in f[8:]])
        else:
            recs[(f[0], int(f[1]))] = [float(x) for x in f[2:]]
    gl, pl, with_gap = REGDATA[line]
    K = int(gl.max()) + 1
    groups = [pl[gl == k] for k in range(K)]
    pairs = [(a, b) for a in range(K) for b in range(a + 1, K)]
    L = 0.95
    bad = []

    def cmp(what, got_, exp_, tol=TOL):
        global checks
        checks += 1
        if not (abs(got_ - exp_) <= tol * max(1.0, abs(exp_))):
            bad.append(f"{what}: fairsh {got_!r} reference {exp_!r}")
    ids = sorted(k[1] for k in recs if k[0] == "final")
    KS, W1, W2, MD = ids
    funcs = {KS: lambda a, b: stats.ks_2samp(a, b).statistic,
             W1: stats.wasserstein_distance, W2: w2}
    perm_p = {}
    for mid in (KS, W1, W2, MD):
        pr = recs[("perm", mid)]
        P = int(pr[0]); t = pr[1]; pv = pr[4]; tstar = np.array(pr[6:])
        exp_p = (1 + np.sum(tstar >= t - 1e-12 * max(abs(t), 1))) / (P + 1)
        cmp(f"perm p of metric {mid}", pv, exp_p)
        cmp(f"final p of metric {mid}", recs[("final", mid)][3], exp_p)
        checks += 1
        if P != 1000 or tstar.size != P:
            bad.append(f"perm of metric {mid}: {tstar.size} statistics")
        perm_p[mid] = exp_p
    for mid in (KS, W1, W2):
        vals = [funcs[mid](groups[a], groups[b]) for a, b in pairs]
        j = int(np.argmax(vals))
        fin = recs[("final", mid)]
        cmp(f"value of metric {mid}", fin[0], vals[j])
        cmp(f"pair of metric {mid}", fin[4] * 10 + fin[5], pairs[j][0] * 10 + pairs[j][1], 0)
        br = recs[("dist", mid)]
        n, theta, level, centre, lo, hi = int(br[0]), br[1], br[2], br[3], br[4], br[5]
        v = np.array(br[6:])
        cmp(f"dist estimate of metric {mid}", theta, vals[j])
        nb_ = B or 200
        a, b = pairs[j]
        # the pairs the pick could have fallen on: the one shown, then those
        # within 4 (s_ab + s_shown) of it (s: KS sqrt(1/na + 1/nb), else the
        # mean gap's standard error), in (a, b) order
        def rse(p):
            x, y = groups[p[0]], groups[p[1]]
            if mid == KS:
                return math.sqrt(1 / x.size + 1 / y.size)
            return math.sqrt(x.var(ddof=1) / x.size + y.var(ddof=1) / y.size)
        cand = [pairs[j]] + [p for q, p in enumerate(pairs)
                             if q != j and vals[q] >= vals[j] - 4 * (rse(p) + rse(pairs[j]))]
        pk = recs.get(("pick", mid))
        if len(cand) == 1:
            # no other pair in reach of the top: the audit's level, the
            # resamples of every metric, as with two groups
            checks += 1
            if pk is not None:
                bad.append(f"pick of metric {mid}: a pick record with one pair in reach")
            plevel, nrep = L, nb_
            cmp(f"dist level of metric {mid}", level, plevel)
        else:
            got_pairs = [(int(pk[6 + 2 * i]), int(pk[7 + 2 * i])) for i in range(int(pk[0]) // 2)]
            checks += 1
            if got_pairs != cand:
                bad.append(f"pick pairs of metric {mid}: fairsh {got_pairs} reference {cand}")
            rows = []
            for p in cand:
                _, rc_, _, _ = dist_ref(mid, groups[p[0]], groups[p[1]],
                                        [draws[(p[0], r)] for r in range(nb_)],
                                        [draws[(p[1], r)] for r in range(nb_)],
                                        funcs[mid](groups[p[0]], groups[p[1]]), L, KS, W1, W2)
                en, norm = ENERGY[0] if mid == W2 else (None, 0.0)
                rows.append((LASTV[0], rc_, en, norm))
            plevel, lam = pick_level(rows, L, mid, W2)
            cmp(f"pick lambda of metric {mid}", pk[2], lam)
            cmp(f"pick count of metric {mid}", pk[1], len(cand), 0)
            cmp(f"dist level of metric {mid}", level, plevel)
            nrep = max(nb_, pick_need(mid, plevel, KS, W1, W2))
        rv, rc, elo, ehi = dist_ref(mid, groups[a], groups[b],
                                    [draws[(a, r)] for r in range(nrep)],
                                    [draws[(b, r)] for r in range(nrep)], theta, plevel, KS, W1, W2)
        checks += 1
        if n != nrep or v.size != n or rv.size != n:
            bad.append(f"dist of metric {mid}: {v.size} replicates, expected {nrep}")
        else:
            cmp(f"dist replicates of metric {mid}", float(np.max(np.abs(v - rv))), 0.0)
        cmp(f"dist centre of metric {mid}", centre, rc)
        cmp(f"dist low of metric {mid}", lo, elo)
        cmp(f"dist high of metric {mid}", hi, ehi)
        cmp(f"final low of metric {mid}", fin[1], 0.0 if perm_p[mid] >= 1 - L else elo)
        cmp(f"final high of metric {mid}", fin[2], ehi)
    if not with_gap:
        return bad
    # the mean gap: largest minus smallest mean, at the level of
    # fair_maxmean_z for 3 groups (its own request, checked there)
    means = [g.mean() for g in groups]
    ga, gb = int(np.argmax(means)), int(np.argmin(means))
    fin = recs[("final", MD)]
    est = means[ga] - means[gb]
    cmp("mean gap", fin[0], est)
    z = float(answers[REG_MAXMEAN].split()[1])
    if B == 0:
        se = math.sqrt(groups[ga].var(ddof=1) / groups[ga].size + groups[gb].var(ddof=1) / groups[gb].size)
        cmp("mean gap normal low", fin[1], est - z * se)
        cmp("mean gap normal high", fin[2], est + z * se)
    else:
        br = recs[("boot", MD)]
        theta, level, a, v = br[1], br[2], br[3], br[6:]
        cmp("mean gap level", level, 2 * stats.norm.cdf(z) - 1)
        num = den = 0.0
        for side, g in ((0, ga), (1, gb)):
            x = groups[g]; nj = x.size
            loo = (x.sum() - x) / (nj - 1)
            jack = loo - means[gb] if side == 0 else means[ga] - loo
            u = (nj - 1) * (jack.mean() - jack)
            num += np.sum(u ** 3) / nj ** 3
            den += np.sum(u ** 2) / nj ** 2
        ea = num / (6 * den ** 1.5)
        cmp("mean gap acceleration", a, ea)
        elo, ehi = bca_from(v, theta, ea, level)
        cmp("mean gap bca low", fin[1], elo)
        cmp("mean gap bca high", fin[2], ehi)
    return bad


# ---- run the tool once
inp = "\n".join(r[0] for r in requests) + "\n"
res = subprocess.run([tool], input=inp, capture_output=True, text=True)
if res.returncode != 0:
    print("stats-tool failed:", res.stderr)
    sys.exit(1)
lines = res.stdout.splitlines()
if len(lines) != len(requests):
    print(f"stats-tool answered {len(lines)} of {len(requests)} requests")
    sys.exit(1)
mp = {m[0]: m for m in MAXPAIR}
for (line, exp, what, tol), got in zip(requests, lines):
    answers[line] = got
for (line, exp, what, tol), got in zip(requests, lines):
    if line in MAXMEAN:
        shrunk, level, B = MAXMEAN[line]
        vals = [float(v) for v in got.split()[1:]]
        K = len(shrunk)
        t = np.array(vals[1 + K:])
        if not (t.size == B and (t >= 0).all() and (np.diff(t) >= 0).all()):
            print(f"FAIL {what}: {t.size} replicates, expected {B} sorted and >= 0")
            failures += 1
            continue
        exp = [max(stats.norm.isf((1 - level) / 2), np.quantile(t, level))] + list(shrunk)
        for e, g in zip(exp, vals[:1 + K]):
            checks += 1
            if not (abs(e - g) <= tol * max(1.0, abs(e))):
                print(f"FAIL {what}: fairsh {g!r} reference {e!r}")
                failures += 1
        continue
    if line in REGS:
        for b in check_regaudit(line, got):
            print(f"FAIL {what}: {b}")
            failures += 1
        continue
    vals = [float(v) for v in got.split()[1:]]
    if exp is None:
        _, shrunk, level, B = mp[line]
        K = len(shrunk)
        t = np.array(vals[1 + K:])
        ok = t.size == B and (t >= 0).all() and (np.diff(t) >= 0).all()
        if not ok:
            print(f"FAIL {what}: {t.size} replicates, expected {B} sorted and >= 0")
            failures += 1
            continue
        z = max(stats.norm.isf((1 - level) / 2), np.quantile(t, level))
        exp = [z] + list(shrunk)
        vals = vals[:1 + K]
    if len(vals) != len(exp):
        print(f"FAIL {what}: {len(vals)} values, expected {len(exp)}")
        failures += 1
        continue
    for e, g in zip(exp, vals):
        checks += 1
        if math.isnan(e) and math.isnan(g):
            continue
        if not (abs(e - g) <= tol * max(1.0, abs(e))):
            print(f"FAIL {what}: fairsh {g!r} reference {e!r} (diff {abs(e - g):.3g})")
            failures += 1
print(f"{checks} values compared, {failures} failures")
sys.exit(1 if failures else 0)
