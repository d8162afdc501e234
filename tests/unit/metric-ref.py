#!/usr/bin/python3
# metric-ref.py -- independent numpy computation of every audit figure and
# metric on Adult and COMPAS (deterministic prediction columns made from the
# data) and on a random regression case; runs tests/unit/metric-ref-driver on
# the same arrays and requires agreement to 1e-12. Pandas only parses the CSVs.
# SPDX-License-Identifier: MIT
import math
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import testdata  # noqa: E402

TOL = 1e-12
FIGS = ["base_rate", "selection_rate", "tpr", "fpr", "tnr", "fnr", "ppv", "npv",
        "accuracy", "balanced_accuracy", "auc"]

builddir = os.environ.get("top_builddir", ".")
driver = os.path.join(builddir, "tests/unit/metric-ref-driver")
failures = 0
checks = 0


def wsum(w, m):
    return float(np.sum(w[m]))


def auc_np(s, y, w):
    """weighted Mann-Whitney with ties 1/2: per distinct score, positives times
    (negatives strictly below + half the negatives at the same score)"""
    u, inv = np.unique(s, return_inverse=True)
    pos = np.bincount(inv, weights=w * (y == 1), minlength=len(u))
    neg = np.bincount(inv, weights=w * (y == 0), minlength=len(u))
    below = np.concatenate(([0.0], np.cumsum(neg)[:-1]))
    P, N = pos.sum(), neg.sum()
    if P == 0 or N == 0:
        return math.nan
    return float(np.sum(pos * (below + 0.5 * neg)) / (P * N))


def div(a, b):
    return a / b if b > 0 else math.nan


def class_figures(y, p, s, w, m):
    yy, pp, ww = y[m], p[m], w[m]
    n = ww.sum()
    tp = ww[(yy == 1) & (pp == 1)].sum()
    fn = ww[(yy == 1) & (pp == 0)].sum()
    fp = ww[(yy == 0) & (pp == 1)].sum()
    tn = ww[(yy == 0) & (pp == 0)].sum()
    P, N = tp + fn, fp + tn
    f = {"n": n, "tp": tp, "fp": fp, "tn": tn, "fn": fn, "P": P, "N": N, "neff": n * n / np.sum(ww * ww)}
    f["base_rate"] = div(P, n)
    f["selection_rate"] = div(tp + fp, n)
    f["tpr"], f["fnr"] = div(tp, P), div(fn, P)
    f["fpr"], f["tnr"] = div(fp, N), div(tn, N)
    f["ppv"], f["npv"] = div(tp, tp + fp), div(tn, tn + fn)
    f["accuracy"] = div(tp + tn, n)
    f["balanced_accuracy"] = (f["tpr"] + f["tnr"]) / 2
    f["auc"] = auc_np(s[m], yy, ww) if s is not None else math.nan
    return f


def maxmin(gs, key):
    v = [(g[key], i) for i, g in enumerate(gs) if g["n"] > 0 and not math.isnan(g[key])
         and not g.get("small_" + key, False)]
    if len(v) < 2:
        return math.nan, math.nan, None, None
    hi = max(v, key=lambda t: t[0])
    lo = min(v, key=lambda t: t[0])
    return hi[0], lo[0], hi[1], lo[1]


def ztest(a, b):
    pa, ma, pb, mb = a["selection_rate"], a["neff"], b["selection_rate"], b["neff"]
    p = (pa * ma + pb * mb) / (ma + mb)
    var = p * (1 - p) * (1 / ma + 1 / mb)
    if var <= 0:
        return 1.0
    z = (pa - pb) / math.sqrt(var)
    return math.erfc(abs(z) / math.sqrt(2))


def strict_metrics(gs, priv):
    out = {}
    hi, lo, ghi, glo = maxmin(gs, "selection_rate")
    out["demographic_parity_difference"] = hi - lo
    out["demographic_parity_ratio"] = lo / hi if hi != 0 else 1.0
    pval = ztest(gs[ghi], gs[glo])
    th, tl, _, _ = maxmin(gs, "tpr")
    fh, fl, _, _ = maxmin(gs, "fpr")
    out["equal_opportunity_difference"] = th - tl
    out["equal_opportunity_ratio"] = tl / th
    out["equalized_odds_difference"] = max(th - tl, fh - fl)
    out["equalized_odds_ratio"] = min(tl / th, fl / fh)
    mo = [(g["tpr"] + g["fpr"]) / 2 if g["n"] > 0 and (i == priv or not g.get("small_mo", False))
          else math.nan for i, g in enumerate(gs)]
    if priv is None:
        d = [x for x in mo if not math.isnan(x)]
        out["average_odds_difference"] = max(d) - min(d)
        out["disparate_impact"] = out["demographic_parity_ratio"]
    else:
        best = None
        for i, x in enumerate(mo):
            if i == priv or math.isnan(x):
                continue
            a = x - mo[priv]
            if best is None or abs(a) > abs(best):
                best = a
        out["average_odds_difference"] = best
        bestr = None
        for i, g in enumerate(gs):
            if i == priv or g["n"] == 0 or g.get("small_selection_rate", False):
                continue
            r = g["selection_rate"] / gs[priv]["selection_rate"]
            if bestr is None or min(r, 1 / r) < min(bestr, 1 / bestr):
                bestr = r
        out["disparate_impact"] = bestr
    out["deo"] = th - tl
    return out, pval


def aif360_metrics(y, p, w, g, priv):
    u = class_figures(y, p, None, w, (g != priv) & (g >= 0))
    q = class_figures(y, p, None, w, g == priv)
    dT, dF = u["tpr"] - q["tpr"], u["fpr"] - q["fpr"]
    out = {
        "demographic_parity_difference": u["selection_rate"] - q["selection_rate"],
        "demographic_parity_ratio": u["selection_rate"] / q["selection_rate"],
        "equal_opportunity_difference": dT,
        "equal_opportunity_ratio": u["tpr"] / q["tpr"],
        "equalized_odds_difference": max(abs(dF), abs(dT)),
        "equalized_odds_ratio": min(u["tpr"] / q["tpr"], u["fpr"] / q["fpr"]),
        "average_odds_difference": 0.5 * (dF + dT),
        "disparate_impact": u["selection_rate"] / q["selection_rate"],
        "deo": abs(dT),
    }
    return out, ztest(u, q)


def mark_small(gs, minimum):
    """fairsh's rule: a group is left out of a rate's metrics when it has
    fewer than `minimum` rows or rows in the rate's denominator, as long as
    two groups remain (here: every rate of the case has two that remain)"""
    for g in gs:
        rows = g["n"]
        g["small_selection_rate"] = rows < minimum
        g["small_tpr"] = rows < minimum or g["P"] < minimum
        g["small_fpr"] = rows < minimum or g["N"] < minimum
        g["small_mo"] = g["small_tpr"] or g["small_fpr"]


def run_driver(tmp, arrays, K, task, priv, conv, min_group=0):
    for name, arr in arrays.items():
        arr.tofile(os.path.join(tmp, name))
    for name in ("score.bin", "w.bin"):
        if name not in arrays and os.path.exists(os.path.join(tmp, name)):
            os.remove(os.path.join(tmp, name))
    n = len(arrays["y.bin"])
    env = dict(os.environ, CONV=conv, MIN_GROUP=str(min_group))
    res = subprocess.run([driver, tmp, str(n), str(K), str(task), str(priv)],
                         capture_output=True, text=True, env=env)
    if res.returncode != 0:
        print(f"metric-ref: driver failed: {res.stderr}", file=sys.stderr)
        sys.exit(1)
    got = {}
    for line in res.stdout.splitlines():
        k, v = line.split()
        got[k] = float(v)
    return got


def compare(case, got, key, want):
    global failures, checks
    checks += 1
    have = got.get(key)
    if have is None:
        print(f"FAIL {case}: {key} missing from the driver output")
        failures += 1
        return
    if (math.isnan(want) and math.isnan(have)) or want == have:
        return
    if abs(have - want) > TOL * max(1.0, abs(want)):
        print(f"FAIL {case}: {key} C {have!r} numpy {want!r}")
        failures += 1


def class_case(tmp, case, y, p, s, w, codes, labels, priv=None, conv="strict", min_group=0):
    K = len(labels)
    arrays = {"y.bin": y.astype(np.float64), "yhat.bin": p.astype(np.float64),
              "g.bin": codes.astype(np.int32)}
    if s is not None:
        arrays["score.bin"] = s.astype(np.float64)
    if w is not None:
        arrays["w.bin"] = w.astype(np.float64)
    ww = w if w is not None else np.ones(len(y))
    got = run_driver(tmp, arrays, K, 0, -1 if priv is None else priv, conv, min_group)
    gs = [class_figures(y, p, s, ww, codes == k) for k in range(K)]
    if min_group:
        mark_small(gs, min_group)
    ov = class_figures(y, p, s, ww, codes >= 0)
    for k, f in enumerate(gs):
        for name in FIGS:
            compare(case, got, f"g{k}.{name}", f[name])
        compare(case, got, f"g{k}.n", f["n"])
    for name in FIGS:
        compare(case, got, f"overall.{name}", ov[name])
    if conv == "aif360":
        met, pval = aif360_metrics(y, p, ww, codes, priv)
    else:
        met, pval = strict_metrics(gs, priv)
    for name, v in met.items():
        compare(case, got, f"m.{name}", v)
    checks_p = got.get("dp_p_value")
    if checks_p is None or abs(checks_p - pval) > 1e-12:
        print(f"FAIL {case}: dp_p_value C {checks_p!r} numpy {pval!r}")
        globals()["failures"] += 1
    print(f"ok {case}: K={K} n={int((codes >= 0).sum())}")


def encode(*cols):
    key = np.array([" & ".join(str(c[i]) for c in cols) for i in range(len(cols[0]))])
    labels, codes = np.unique(key, return_inverse=True)
    return codes.astype(np.int32), list(labels)


# ---- regression: exact KS, W1 (integral of |F - G|), W2 (quantile pairing) ----

def ks_np(a, b):
    t = np.union1d(a, b)
    Fa = np.searchsorted(a, t, side="right") / len(a)
    Fb = np.searchsorted(b, t, side="right") / len(b)
    return float(np.max(np.abs(Fa - Fb)))


def w1_np(a, b):
    t = np.union1d(a, b)
    Fa = np.searchsorted(a, t[:-1], side="right") / len(a)
    Fb = np.searchsorted(b, t[:-1], side="right") / len(b)
    return float(np.sum(np.abs(Fa - Fb) * np.diff(t)))


def w2_np(a, b):
    n, m = len(a), len(b)
    # breakpoints k/n and l/m as exact integers over n*m
    u = np.union1d(np.arange(1, n + 1) * m, np.arange(1, m + 1) * n)
    lo = np.concatenate(([0], u[:-1]))
    ia = -(-(u * 1) // m) - 1     # ceil(u / m) - 1 : index of a at level u/(n m)
    ib = -(-(u * 1) // n) - 1
    return math.sqrt(float(np.sum((u - lo) / (n * m) * (a[ia] - b[ib]) ** 2)))


def reg_case(tmp):
    rng = np.random.default_rng(20240601)
    sizes = [400, 1100, 257]
    y, p, g = [], [], []
    for k, n in enumerate(sizes):
        yy = rng.normal(k * 0.4, 1.0, n)
        pp = np.round(yy + rng.normal(0.1 * k, 0.6, n), 2)   # rounded: ties
        y.append(yy); p.append(pp); g.append(np.full(n, k))
    y, p, g = np.concatenate(y), np.concatenate(p), np.concatenate(g).astype(np.int32)
    got = run_driver(tmp, {"y.bin": y, "yhat.bin": p, "g.bin": g}, 3, 1, -1, "strict")
    srt = [np.sort(p[g == k]) for k in range(3)]
    ks = max(ks_np(srt[a], srt[b]) for a in range(3) for b in range(a + 1, 3))
    w1 = max(w1_np(srt[a], srt[b]) for a in range(3) for b in range(a + 1, 3))
    w2 = max(w2_np(srt[a], srt[b]) for a in range(3) for b in range(a + 1, 3))
    means = [p[g == k].mean() for k in range(3)]
    for k in range(3):
        m = g == k
        compare("regression", got, f"g{k}.mean_prediction", means[k])
        compare("regression", got, f"g{k}.mean_target", y[m].mean())
        compare("regression", got, f"g{k}.mse", np.mean((y[m] - p[m]) ** 2))
        compare("regression", got, f"g{k}.mae", np.mean(np.abs(y[m] - p[m])))
    compare("regression", got, "overall.r2",
            1 - np.sum((y - p) ** 2) / np.sum((y - y.mean()) ** 2))
    compare("regression", got, "m.ks_unfairness", ks)
    compare("regression", got, "m.wasserstein1", w1)
    compare("regression", got, "m.wasserstein2", w2)
    compare("regression", got, "m.mean_difference", max(means) - min(means))
    # W1 two ways agree (doc/methods.md 7, M4)
    a, b = srt[0], srt[1]
    n, m = len(a), len(b)
    u = np.union1d(np.arange(1, n + 1) * m, np.arange(1, m + 1) * n)
    lo = np.concatenate(([0], u[:-1]))
    w1q = float(np.sum((u - lo) / (n * m) * np.abs(a[-(-u // m) - 1] - b[-(-u // n) - 1])))
    if abs(w1q - w1_np(a, b)) > 1e-12:
        print(f"FAIL regression: W1 quantile {w1q} vs cdf {w1_np(a, b)}")
        globals()["failures"] += 1
    print("ok regression: K=3")


def main():
    import pandas as pd   # parsing only
    adult_csv = testdata.path("adult.csv")
    compas_csv = testdata.path("compas.csv")
    if not os.access(driver, os.X_OK):
        print(f"metric-ref: {driver} not built", file=sys.stderr)
        sys.exit(1)
    if adult_csv is None or compas_csv is None:   # the regression case needs no data
        with tempfile.TemporaryDirectory() as tmp:
            reg_case(tmp)
        print(f"metric-ref: {checks} comparisons, {failures} failures")
        sys.exit(testdata.status(failures))
    ad = pd.read_csv(adult_csv)
    y = (ad["income"].to_numpy() == ">50K").astype(float)
    edu = ad["education-num"].to_numpy(float)
    hours = ad["hours-per-week"].to_numpy(float)
    age = ad["age"].to_numpy(float)
    yhat = ((edu >= 13) | (hours > 45)).astype(float)
    score = 1 / (1 + np.exp(-(0.04 * (age - 40) + 0.35 * (edu - 10) + 0.03 * (hours - 40))))
    fnlwgt = ad["fnlwgt"].to_numpy(float)
    sex, sexl = encode(ad["sex"].to_numpy())
    race, racel = encode(ad["race"].to_numpy())
    sr, srl = encode(ad["sex"].to_numpy(), ad["race"].to_numpy())
    with tempfile.TemporaryDirectory() as tmp:
        class_case(tmp, "adult sex", y, yhat, score, None, sex, sexl)
        class_case(tmp, "adult sex priv=Male", y, yhat, score, None, sex, sexl,
                   priv=sexl.index("Male"))
        class_case(tmp, "adult sex aif360", y, yhat, score, None, sex, sexl,
                   priv=sexl.index("Male"), conv="aif360")
        class_case(tmp, "adult race", y, yhat, score, None, race, racel)
        class_case(tmp, "adult race priv=White weighted fnlwgt", y, yhat, score, fnlwgt,
                   race, racel, priv=racel.index("White"))
        class_case(tmp, "adult race aif360 weighted", y, yhat, None, fnlwgt, race, racel,
                   priv=racel.index("White"), conv="aif360")
        class_case(tmp, "adult sex x race", y, yhat, score, None, sr, srl)
        test = ad["split"].to_numpy() == "test"
        cs = np.where(test, sr, -1).astype(np.int32)
        class_case(tmp, "adult sex x race (test split via group -1)", y, yhat, score, None,
                   cs, srl)
        co = pd.read_csv(compas_csv)
        cy = co["two_year_recid"].to_numpy(float)
        dec = co["decile_score"].to_numpy(float)
        crace, cracel = encode(co["race"].to_numpy())
        class_case(tmp, "compas race", cy, (dec >= 5).astype(float), dec / 10, None,
                   crace, cracel)
        class_case(tmp, "compas race priv=Caucasian", cy, (dec >= 5).astype(float), dec / 10,
                   None, crace, cracel, priv=cracel.index("Caucasian"))
        csex, csexl = encode(co["sex"].to_numpy())
        # fairsh's default: groups with fewer than 30 rows (or positives,
        # negatives for TPR, FPR) left out; COMPAS has 18 Asian and 11 Native
        # American defendants
        class_case(tmp, "compas race, small groups left out", cy, (dec >= 5).astype(float),
                   dec / 10, None, crace, cracel, min_group=30)
        class_case(tmp, "compas race priv=Caucasian, small groups left out", cy,
                   (dec >= 5).astype(float), dec / 10, None, crace, cracel,
                   priv=cracel.index("Caucasian"), min_group=30)
        class_case(tmp, "compas sex aif360", cy, (dec >= 5).astype(float), dec / 10, None,
                   csex, csexl, priv=csexl.index("Female"), conv="aif360")
        reg_case(tmp)
    print(f"metric-ref: {checks} comparisons, {failures} failures")
    sys.exit(testdata.status(failures))


if __name__ == "__main__":
    main()
