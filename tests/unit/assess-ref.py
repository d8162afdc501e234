#!/usr/bin/python3
# assess-ref.py -- the audit's intervals and tests on Adult and COMPAS
# against independent references, to 1e-10: every group's rate intervals
# (statsmodels proportion_confint, Wilson and Clopper-Pearson, on Kish
# effective counts with weights), each metric's interval for the pair it
# names (statsmodels confint_proportions_2indep: newcomb, log; numpy MOVER
# for average odds) at the per-comparison level that allows for picking the
# worst pair (Sidak; the bootstrap-calibrated level of k > 2 groups at
# least the plain one, the interval at it checked), the
# test that the groups are equal (scipy chi2_contingency) and the Holm
# p-values of the pairwise table (statsmodels multipletests).
# Runs tests/unit/metric-ref-driver on the same arrays as metric-ref.py.
# SPDX-License-Identifier: MIT
import math
import os
import subprocess
import sys
import tempfile

import numpy as np
from scipy import integrate, optimize, stats

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import testdata  # noqa: E402

try:
    from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint
except ImportError:
    print("python3-statsmodels is not installed (run ./setup.sh test)")
    sys.exit(1 if os.environ.get("CI") else 77)

TOL = 1e-10
builddir = os.environ.get("top_builddir", ".")
driver = os.path.join(builddir, "tests/unit/metric-ref-driver")
failures = 0
checks = 0
PROP = ["base_rate", "selection_rate", "tpr", "fpr", "tnr", "fnr", "ppv", "npv", "accuracy"]
FIGID = {"selection_rate": 1, "tpr": 2, "fpr": 3}   # enum fair_figure
FIGNAME = {v: k for k, v in FIGID.items()}
METRICS = ["demographic_parity_difference", "demographic_parity_ratio",
           "equal_opportunity_difference", "equal_opportunity_ratio",
           "equalized_odds_difference", "equalized_odds_ratio", "average_odds_difference",
           "disparate_impact", "deo"]


def check(case, what, have, want, tol=TOL):
    global failures, checks
    checks += 1
    if have is None:
        print(f"FAIL {case}: {what} missing")
        failures += 1
        return
    if math.isnan(want) and math.isnan(have):
        return
    if not abs(have - want) <= tol * max(1.0, abs(want)):
        print(f"FAIL {case}: {what} fairsh {have!r} reference {want!r}")
        failures += 1


def between(case, what, each, level, k):
    global failures, checks
    checks += 1
    # at least the plain level; no upper bound holds in general: with
    # groups of a few rows (COMPAS, every group kept) the bootstrap's
    # discrete counts push it past Bonferroni's, which assumes normality
    if not (level <= each < 1):
        print(f"FAIL {case}: {what} {each!r} not between {level!r} and 1")
        failures += 1


def srange_cdf(q, k):
    f = lambda x: stats.norm.pdf(x) * (stats.norm.cdf(x + q) - stats.norm.cdf(x)) ** (k - 1)
    v, _ = integrate.quad(f, -12, 12, epsabs=1e-15, epsrel=1e-13, limit=400)
    return k * v


def tukey_level(k, level):
    if k <= 2:
        return level
    q = optimize.brentq(lambda t: srange_cdf(t, k) - level, 1, 10, xtol=1e-14)
    return 2 * stats.norm.cdf(q / math.sqrt(2)) - 1


def cells(y, p, w, m):
    """weights and squared weights of TN, FP, FN, TP"""
    out = []
    for yy, pp in ((0, 0), (0, 1), (1, 0), (1, 1)):
        sel = m & (y == yy) & (p == pp)
        out.append((w[sel].sum(), (w[sel] ** 2).sum()))
    return out


def eff(c, num, den):
    """effective successes and trials: Kish size of the denominator cells"""
    s = sum(c[i][0] for i in den)
    s2 = sum(c[i][1] for i in den)
    if s <= 0:
        return 0.0, 0.0
    n = s if s2 == s else s * s / s2
    x = sum(c[i][0] for i in num)
    return (x if n == s else x * n / s), n


CELLS = {"base_rate": ((2, 3), (0, 1, 2, 3)), "selection_rate": ((1, 3), (0, 1, 2, 3)),
         "accuracy": ((0, 3), (0, 1, 2, 3)), "tpr": ((3,), (2, 3)), "fnr": ((2,), (2, 3)),
         "fpr": ((1,), (0, 1)), "tnr": ((0,), (0, 1)), "ppv": ((3,), (1, 3)),
         "npv": ((0,), (0, 2))}


def wilson(x, n, z):
    lo, hi = proportion_confint(x, n, alpha=2 * stats.norm.sf(z), method="wilson")
    return max(lo, 0.0), min(hi, 1.0)


def run(tmp, y, p, w, codes, K, priv, conv, min_group, rate_ci):
    for name, arr in (("y.bin", y), ("yhat.bin", p), ("g.bin", codes.astype(np.int32))):
        arr.tofile(os.path.join(tmp, name))
    wp = os.path.join(tmp, "w.bin")
    if w is not None:
        w.astype(np.float64).tofile(wp)
    elif os.path.exists(wp):
        os.remove(wp)
    sp = os.path.join(tmp, "score.bin")
    if os.path.exists(sp):
        os.remove(sp)
    env = dict(os.environ, CONV=conv, MIN_GROUP=str(min_group), RATE_CI=rate_ci)
    res = subprocess.run([driver, tmp, str(len(y)), str(K), "0", str(priv)], capture_output=True,
                         text=True, env=env)
    if res.returncode != 0:
        print(f"assess-ref: driver failed: {res.stderr}")
        sys.exit(1)
    return {k: float(v) for k, v in (line.split() for line in res.stdout.splitlines())}


def case(tmp, name, y, p, w, codes, labels, priv=None, conv="strict", min_group=30,
         rate_ci="wilson"):
    K = len(labels)
    ww = w if w is not None else np.ones(len(y))
    got = run(tmp, y, p, w, codes, K, -1 if priv is None else priv, conv, min_group, rate_ci)
    z = stats.norm.isf(0.025)
    C = [cells(y, p, ww, codes == k) for k in range(K)]
    # ---- every group's rate intervals
    for k in range(K):
        for f in PROP:
            x, n = eff(C[k], *CELLS[f])
            if n <= 0:
                continue
            if rate_ci == "wilson":
                lo, hi = wilson(x, n, z)
            else:
                lo, hi = proportion_confint(x, n, alpha=0.05, method="beta")
                lo = 0.0 if x == 0 else lo
                hi = 1.0 if x == n else hi
            check(name, f"g{k}.{f}.lo", got.get(f"g{k}.{f}.lo"), lo)
            check(name, f"g{k}.{f}.hi", got.get(f"g{k}.{f}.hi"), hi)

    # ---- which groups take part in the comparisons of a rate
    def small(k, f):
        rows = int((codes == k).sum())
        if f == -1:
            return small(k, "tpr") or small(k, "fpr")
        _, n = eff(C[k], *CELLS[f])
        return rows < min_group or n < min_group

    def parts(f):
        def defined(k):
            if f == -1:
                return eff(C[k], *CELLS["tpr"])[1] > 0 and eff(C[k], *CELLS["fpr"])[1] > 0
            return eff(C[k], *CELLS[f])[1] > 0
        big = [k for k in range(K) if defined(k) and not small(k, f)]
        return big if len(big) >= 2 else [k for k in range(K) if defined(k)]

    def counts(k, f):
        if k == -2:   # the pooled unprivileged rows (aif360)
            cc = cells(y, p, ww, (codes != priv) & (codes >= 0))
            return eff(cc, *CELLS[f])
        return eff(C[k], *CELLS[f])

    def interval(kind, f, ga, gb, each):
        zz = stats.norm.isf((1 - each) / 2)
        if kind == "aod":
            est, lo2, hi2 = [], [], []
            for g in (ga, gb):
                for ff in ("tpr", "fpr"):
                    x, n = counts(g, ff)
                    l, h = wilson(x, n, zz)
                    est.append(x / n)
                    lo2.append(l)
                    hi2.append(h)
            c = [0.5, 0.5, -0.5, -0.5]
            s = sum(ci * e for ci, e in zip(c, est))
            dl = sum(ci * ci * ((e - l) if ci > 0 else (h - e)) ** 2 for ci, e, l, h in zip(c, est, lo2, hi2))
            du = sum(ci * ci * ((h - e) if ci > 0 else (e - l)) ** 2 for ci, e, l, h in zip(c, est, lo2, hi2))
            return s - math.sqrt(dl), s + math.sqrt(du)
        xa, na = counts(ga, f)
        xb, nb = counts(gb, f)
        if kind == "ratio":
            meth = "log-adjusted" if xa == 0 or xb == 0 else "log"
            return confint_proportions_2indep(xa, na, xb, nb, method=meth, compare="ratio",
                                              alpha=1 - each)
        return confint_proportions_2indep(xa, na, xb, nb, method="newcomb", compare="diff",
                                          alpha=1 - each)

    for mname in METRICS:
        key = f"m.{mname}"
        if math.isnan(got[key]):
            continue
        eodds = mname.startswith("equalized_odds")
        level = math.sqrt(0.95) if eodds else 0.95
        kind = "aod" if mname == "average_odds_difference" else \
            ("ratio" if mname.endswith("ratio") or mname == "disparate_impact" else "diff")
        fig = -1 if kind == "aod" else FIGNAME.get(int(got[key + ".fig"]))
        if fig is None:
            continue
        # the family the pair was picked from
        if conv in ("aif360", "aif360-sk"):
            each = level
        elif (mname in ("average_odds_difference", "disparate_impact") and priv is not None) \
                or conv == "aequitas":
            k = len(parts(fig))
            each = level ** (1.0 / (k - 1)) if k > 2 else level
        elif kind == "aod" or len(parts(fig)) <= 2:
            each = tukey_level(len(parts(fig)), level)
        else:
            # the worst pair's level comes from fair_maxpair_z's bootstrap
            # (its formula and quantile are checked by stats-ref.py): here
            # it must be at least the plain level, and the interval at it
            # must be the reference's
            each = got[key + ".each"]
            between(name, key + ".each", each, level, len(parts(fig)))
        check(name, key + ".each", got[key + ".each"], each)
        ga, gb = int(got[key + ".ga"]), int(got[key + ".gb"])
        lo, hi = interval(kind, fig, ga, gb, each)
        check(name, key + ".lo", got[key + ".lo"], lo)
        check(name, key + ".hi", got[key + ".hi"], hi)
        if eodds and not math.isnan(got[key + ".alt_lo"]):
            af = FIGNAME[int(got[key + ".alt_fig"])]
            aga, agb = int(got[key + ".alt_ga"]), int(got[key + ".alt_gb"])
            aeach = level
            if conv == "strict" and len(parts(af)) > 2:
                # the level the lower end implies (the interval widens
                # monotonically with it); the upper end must then agree
                aeach = optimize.brentq(lambda e: interval(kind, af, aga, agb, e)[0] - got[key + ".alt_lo"],
                                        level * 0.999, 1 - 1e-9, xtol=1e-15)
                between(name, key + ".alt_each", aeach, level, len(parts(af)))
            lo, hi = interval(kind, af, aga, agb, aeach)
            check(name, key + ".alt_lo", got[key + ".alt_lo"], lo)
            check(name, key + ".alt_hi", got[key + ".alt_hi"], hi)
        # the test that every group compared has the same rate(s)
        if kind == "aod" or int(got[key + ".test"]) != 1:
            continue
        figs = ["tpr", "fpr"] if eodds else [fig]
        stat, df = 0.0, 0
        for f in figs:
            groups = [priv if priv is not None else 0] if False else None
            if conv in ("aif360", "aif360-sk"):
                groups = [-2, priv]
            else:
                groups = parts(f)
            tab = np.array([[counts(g, f)[0] for g in groups],
                            [counts(g, f)[1] - counts(g, f)[0] for g in groups]])
            chi2, _, d, _ = stats.chi2_contingency(tab, correction=False)
            stat += chi2
            df += d
        check(name, key + ".stat", got[key + ".stat"], stat)
        check(name, key + ".df", got[key + ".df"], df)
        check(name, key + ".p", got[key + ".p"], stats.chi2.sf(stat, df), tol=1e-9)
    print(f"ok {name}: K={K}")


def encode(*cols):
    key = np.array([" & ".join(str(c[i]) for c in cols) for i in range(len(cols[0]))])
    labels, codes = np.unique(key, return_inverse=True)
    return codes.astype(np.int32), list(labels)


def main():
    import pandas as pd   # parsing only
    adult_csv = testdata.path("adult.csv")
    compas_csv = testdata.path("compas.csv")
    if not os.access(driver, os.X_OK):
        print(f"assess-ref: {driver} not built")
        sys.exit(1)
    if adult_csv is None or compas_csv is None:
        print(f"assess-ref: {checks} comparisons, {failures} failures")
        sys.exit(testdata.status(failures))
    ad = pd.read_csv(adult_csv)
    y = (ad["income"].to_numpy() == ">50K").astype(float)
    edu = ad["education-num"].to_numpy(float)
    hours = ad["hours-per-week"].to_numpy(float)
    yhat = ((edu >= 13) | (hours > 45)).astype(float)
    fnlwgt = ad["fnlwgt"].to_numpy(float)
    sex, sexl = encode(ad["sex"].to_numpy())
    race, racel = encode(ad["race"].to_numpy())
    sr, srl = encode(ad["sex"].to_numpy(), ad["race"].to_numpy())
    co = pd.read_csv(compas_csv)
    cy = co["two_year_recid"].to_numpy(float)
    cdec = (co["decile_score"].to_numpy(float) >= 5).astype(float)
    crace, cracel = encode(co["race"].to_numpy())
    with tempfile.TemporaryDirectory() as tmp:
        case(tmp, "adult sex", y, yhat, None, sex, sexl)
        case(tmp, "adult sex exact", y, yhat, None, sex, sexl, rate_ci="exact")
        case(tmp, "adult race (Tukey over 5)", y, yhat, None, race, racel)
        case(tmp, "adult race priv=White (Sidak vs White)", y, yhat, None, race, racel,
             priv=racel.index("White"))
        case(tmp, "adult race weighted fnlwgt (Kish)", y, yhat, fnlwgt, race, racel)
        case(tmp, "adult sex x race (small groups left out)", y, yhat, None, sr, srl)
        case(tmp, "adult sex aif360", y, yhat, None, sex, sexl, priv=sexl.index("Male"),
             conv="aif360")
        case(tmp, "compas race (small groups left out)", cy, cdec, None, crace, cracel)
        case(tmp, "compas race, every group kept", cy, cdec, None, crace, cracel, min_group=0)
    print(f"assess-ref: {checks} comparisons, {failures} failures")
    sys.exit(testdata.status(failures))


if __name__ == "__main__":
    main()
