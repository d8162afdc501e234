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
         [([1, 6, 2], [8, 7, 9])], [([3, 0, 1], [4, 3, 5]), ([0, 2, 1], [3, 4, 2])]]
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
