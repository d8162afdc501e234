#!/usr/bin/python3
# xgb-ref.py -- `train xgboost` and `train forest` against Python's xgboost
# (Debian's python3-xgboost, the same libxgboost) side by side: fairsh trains
# on Adult (sex), COMPAS (race) and Law School (ZFYA, a regression target)
# and exports its design matrix (export features) and predictions; Python
# trains on that very matrix with the same parameters and seed and must give
# the same predictions (to 1e-6; they are in fact identical: the same library
# on the same single-precision numbers), the same test accuracy (or MSE), the
# same early-stopping round, the same gain per feature. Also checked here,
# each by an independent recomputation: the forest built tree by tree equals
# XGBoost's own random-forest mode (num_parallel_tree trees in one round);
# pre=reweigh equals XGBoost with Kamiran-Calders weights computed in numpy;
# the validation rows of early stopping are the documented splitmix64 draw;
# eta (association with the sensitive attribute) equals the correlation
# ratio computed in numpy, and the proxy flag follows it.
# Runs $FAIRSH with /usr/bin/python3 (numpy, pandas, xgboost). Exit 77
# (skip) when fairsh was built without XGBoost or python3-xgboost is
# missing, outside CI; a missing dataset skips its part (testdata.py).
# SPDX-License-Identifier: MIT
import atexit
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import testdata  # noqa: E402

FAIRSH = os.environ.get("FAIRSH", "./fairsh")
CI = bool(os.environ.get("CI"))
failures = 0
checks = 0


def check(ok, what):
    global failures, checks
    checks += 1
    if not ok:
        failures += 1
        print("FAIL:", what)
    elif os.environ.get("GSL_TEST_VERBOSE", "0") == "1":
        print("PASS:", what)


def skip(why):
    print("SKIP:", why)
    sys.exit(1 if CI else 77)


try:
    import xgboost as xgb
except ImportError:
    skip("python3-xgboost is not installed (./setup.sh test installs it)")
if "not in this build" in subprocess.run([FAIRSH, "-c", "help train"], capture_output=True, text=True).stdout:
    skip("fairsh was built without XGBoost (install libxgboost-dev and re-run configure)")

tmp = tempfile.mkdtemp(prefix="fairsh-xgb-ref-")
atexit.register(shutil.rmtree, tmp, ignore_errors=True)


def run_fairsh(script):
    """fairsh's stdout (the results) and stderr (confirmations, job notices)."""
    path = os.path.join(tmp, "run.fsh")
    with open(path, "w") as f:
        f.write(script)
    out = subprocess.run([FAIRSH, "--batch", "-f", path], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError("fairsh failed:\n%s\n%s" % (out.stdout, out.stderr))
    return out.stdout, out.stderr


def json_blocks(text):
    """The JSON documents printed by the format=json commands, in order:
    stdout holds them and nothing else (one document per command)."""
    dec = json.JSONDecoder()
    out, pos = [], 0
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos == len(text):
            return out
        obj, pos = dec.raw_decode(text, pos)
        out.append(obj)


def splitmix64(x):
    x = (x + np.uint64(0x9E3779B97F4A7C15)) & np.uint64(0xFFFFFFFFFFFFFFFF)
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def valid_rows(n, frac, seed):
    """fair_xgb_valid_rows: the round(frac n) rows of smallest key."""
    with np.errstate(over="ignore"):
        s = splitmix64(np.uint64(seed))
        keys = splitmix64(s ^ np.arange(n, dtype=np.uint64))
    nv = max(1, int(math.floor(frac * n + 0.5)))
    order = np.lexsort((np.arange(n), keys))
    v = np.zeros(n, dtype=bool)
    v[order[:nv]] = True
    return v


def params(cls, **kw):
    """What fairsh sets on its booster (learn/xgboost.c), for Python."""
    p = {"objective": "binary:logistic" if cls else "reg:squarederror", "base_score": 0.5,
         "tree_method": "hist", "max_depth": 6, "eta": 0.3, "subsample": 1, "colsample_bytree": 1,
         "colsample_bynode": 1, "min_child_weight": 1, "lambda": 1, "alpha": 0, "gamma": 0,
         "max_bin": 256, "nthread": 1, "eval_metric": "logloss" if cls else "rmse", "verbosity": 1}
    if cls:
        p["scale_pos_weight"] = 1
    p.update(kw)
    return p


def reweigh(y, g):
    """Kamiran & Calders: w = n_g n_y / (n n_gy)."""
    w = np.empty(len(y))
    n = len(y)
    for gv in np.unique(g):
        for yv in (0, 1):
            m = (g == gv) & (y == yv)
            w[m] = (g == gv).sum() * (y == yv).sum() / (n * m.sum())
    return w


def eta_ratio(x, g):
    m = x.mean()
    ss = ((x - m) ** 2).sum()
    sb = sum((g == k).sum() * (x[g == k].mean() - m) ** 2 for k in np.unique(g))
    return math.sqrt(min(1.0, sb / ss)) if ss > 0 else 0.0


def rebuild_design(D, cols, train):
    """fairsh's pipeline rebuilt in pandas (learn-private.h): numeric columns
    standardised with the training mean and population sd after mean
    imputation, categorical ones one-hot over the sorted training levels,
    missing -> the most frequent training level (ties: the first sorted)."""
    names, mats = [], []
    for c in cols:
        v = D[c].replace("?", np.nan)
        num = pd.to_numeric(v, errors="coerce")
        if num.notna().sum() == v.notna().sum():
            m = num[train].mean()
            x = num.fillna(m).to_numpy(dtype=float)
            sd = x[train].std()
            mats.append((x - m) / sd if sd > 0 else np.zeros(len(x)))
            names.append(c)
        else:
            t = v[train].astype(str)[v[train].notna()]
            levels = sorted(t.unique(), key=lambda z: z.encode())
            counts = t.value_counts()
            mode = sorted(levels, key=lambda z: (-counts[z], z.encode()))[0]
            filled = v.fillna(mode).astype(str)
            for lv in levels:
                mats.append((filled == lv).to_numpy(dtype=float))
                names.append("%s=%s" % (c, lv))
    return names, np.column_stack(mats)


def dataset(name, path, setup, target, sens, cls, positive=None, cols=None):
    feat_csv = os.path.join(tmp, name + "-features.csv")
    pred_csv = os.path.join(tmp, name + "-pred.csv")
    common = "threads=1"
    spw = " scale_pos_weight=1.3" if cls else ""
    out, notices = run_fairsh(
        "load %s as d\n%s\n"
        "train xgboost rounds=40 max_depth=4 eta=0.2 subsample=0.8 colsample_bytree=0.8 min_child_weight=2 "
        "lambda=1.5 alpha=0.1 gamma=0.05%s %s seed=7 as xgb\n"
        "train xgboost rounds=300 early_stopping=5 val_fraction=0.2 %s seed=11 as xgbes\n"
        "train forest trees=30 %s seed=3 as rf\n"
        "%s"
        "wait\n"
        "export features xgb %s\nexport predictions %s\n"
        "models xgb top=0 format=json\nmodels rf top=0 format=json\n"
        "audit xgb format=json\n"
        % (path, setup, spw, common, common, common,
           "train xgboost rounds=25 pre=reweigh %s seed=5 as xgbrw\n" % common if cls else "",
           feat_csv, pred_csv))
    blocks = json_blocks(out)
    # stdout: the three documents and nothing else (notices go to stderr)
    check([(b.get("schema_version"), b.get("command")) for b in blocks] ==
          [(3, "models"), (3, "models"), (3, "audit")], "%s: stdout holds the three JSON documents only" % name)
    imp_xgb, imp_rf, audit = blocks[0], blocks[1], blocks[2]
    # round_trip: pandas' default float parser is not correctly rounded
    F = pd.read_csv(feat_csv, low_memory=False, float_precision="round_trip")
    P = pd.read_csv(pred_csv, low_memory=False, float_precision="round_trip")
    fcols = [c for c in F.columns if c.startswith("xgb:")]
    names = [c[4:] for c in fcols]
    X = F[fcols].to_numpy(dtype=float)
    train = (F["split"].astype(str) == "train").to_numpy()
    test = ~train
    if cls:
        y = (F[target].astype(str) == positive).to_numpy().astype(float)
    else:
        y = F[target].to_numpy(dtype=float)
    g = F[sens].astype(str).to_numpy()
    # the design matrix, rebuilt independently
    rn, R = rebuild_design(F, cols or [c for c in F.columns[:F.columns.get_loc(fcols[0])]
                                       if c not in (target, sens, "split")], train)
    check(rn == names, "%s: feature names as pandas rebuilds them (%d)" % (name, len(rn)))
    if rn == names:
        # the summation orders of the means and variances differ: allow
        # ~1e4 ulp of each column's scale (n eps for n ~ 3e4 rows)
        rel = np.max(np.abs(R - X), axis=0) / np.maximum(1.0, np.max(np.abs(R), axis=0))
        check(np.max(rel) < 1e-11, "%s: design matrix equals the pandas rebuild (worst column %s: relative "
              "difference %.2g)" % (name, names[int(np.argmax(rel))], np.max(rel)))
    dtr = xgb.DMatrix(X[train], label=y[train])
    dall = xgb.DMatrix(X)
    print("%s: %d features, %d training rows, %d test rows" % (name, len(fcols), train.sum(), test.sum()))

    # plain boosting with every tuned parameter
    kw = dict(max_depth=4, eta=0.2, subsample=0.8, colsample_bytree=0.8, min_child_weight=2, reg_lambda=None,
              alpha=0.1, gamma=0.05, seed=7)
    kw.pop("reg_lambda")
    kw["lambda"] = 1.5
    if cls:
        kw["scale_pos_weight"] = 1.3
    bst = xgb.train(params(cls, **kw), dtr, num_boost_round=40, evals=[(dtr, "train")], verbose_eval=False)
    p = bst.predict(dall).astype(float)
    s = P["xgb_score"].to_numpy(dtype=float)
    d = np.max(np.abs(p - s))
    check(d <= 1e-6, "%s xgboost: predictions equal Python's (max |diff| %.3g)" % (name, d))
    print("  xgboost: max |fairsh - python| = %.3g over %d rows" % (d, len(s)))
    if cls:
        acc_py = np.mean((p[test] > 0.5) == (y[test] == 1))
        acc_fs = np.mean((s[test] > 0.5) == (y[test] == 1))
        check(acc_py == acc_fs, "%s xgboost: test accuracy %.6f = Python's %.6f" % (name, acc_fs, acc_py))
        check(abs(audit["overall"]["accuracy"] - acc_py) < 1e-12,
              "%s xgboost: audit accuracy %.6f = Python's %.6f" % (name, audit["overall"]["accuracy"], acc_py))
        print("  test accuracy: fairsh %.6f, python %.6f" % (acc_fs, acc_py))
    else:
        mse_py = np.mean((p[test] - y[test]) ** 2)
        mse_fs = np.mean((s[test] - y[test]) ** 2)
        check(abs(mse_py - mse_fs) <= 1e-12 * mse_py, "%s xgboost: test MSE %.6g = Python's %.6g" % (name, mse_fs, mse_py))
        check(abs(audit["overall"]["mse"] - mse_py) <= 1e-9 * mse_py,
              "%s xgboost: audit MSE %.9g = Python's %.9g" % (name, audit["overall"]["mse"], mse_py))
        print("  test MSE: fairsh %.6g, python %.6g" % (mse_fs, mse_py))

    # gain per feature, and eta with the sensitive attribute
    for kind, key in (("gain", "gain"), ("total_gain", "total_gain")):
        ref = bst.get_score(importance_type=kind)
        got = {r["feature"]: r[key] for r in imp_xgb["rows"]}
        want = {names[int(k[1:])]: v for k, v in ref.items()}
        same = set(got) == set(want) and all(abs(got[f] - want[f]) <= 1e-6 * abs(want[f]) for f in want)
        check(same, "%s xgboost: %s per feature equals Python's get_score (%d features)" % (name, kind, len(want)))
    tot = sum(r["total_gain"] for r in imp_xgb["rows"])
    shares = [r["share"] for r in imp_xgb["rows"]]
    check(abs(sum(shares) - 1) < 1e-12 and all(a >= b for a, b in zip(shares, shares[1:])),
          "%s: shares sum to 1, largest first" % name)
    etacol = "eta(%s)" % sens
    worst = 0.0
    for r in imp_xgb["rows"]:
        e = eta_ratio(X[train, names.index(r["feature"])], g[train])
        worst = max(worst, abs(e - r[etacol]))
        check(r["note"] == ("proxy" if e >= 0.3 and not r["feature"].startswith(sens) else
                            "sensitive attribute" if r["feature"].startswith(sens + "=") else ""),
              "%s: note of %s (eta %.3f): '%s'" % (name, r["feature"], e, r["note"]))
    check(worst < 1e-9, "%s: eta equals numpy's correlation ratio (max |diff| %.2g)" % (name, worst))
    check(abs(tot - sum(bst.get_score(importance_type="total_gain").values())) <= 1e-6 * tot,
          "%s: total gain" % name)

    # early stopping on the validation rows
    idx = np.flatnonzero(train)
    v = valid_rows(len(idx), 0.2, 11)
    dt2 = xgb.DMatrix(X[idx[~v]], label=y[idx[~v]])
    dva = xgb.DMatrix(X[idx[v]], label=y[idx[v]])
    bes = xgb.train(params(cls, seed=11), dt2, num_boost_round=300, evals=[(dt2, "train"), (dva, "valid")],
                    early_stopping_rounds=5, verbose_eval=False)
    pes = bes[: bes.best_iteration + 1].predict(dall).astype(float)
    d = np.max(np.abs(pes - P["xgbes_score"].to_numpy(dtype=float)))
    check(d <= 1e-6, "%s early stopping: predictions equal Python's (best round %d, max |diff| %.3g)"
          % (name, bes.best_iteration + 1, d))
    kept = re.search(r"\[job xgbes\] done .* kept (\d+);", notices)
    check(kept is not None and int(kept.group(1)) == bes.best_iteration + 1,
          "%s early stopping: fairsh kept %s rounds, Python %d" % (name, kept.group(1) if kept else "?",
                                                                   bes.best_iteration + 1))
    print("  early stopping: Python kept %d rounds; max |diff| %.3g" % (bes.best_iteration + 1, d))

    # the forest, against XGBoost's own random-forest mode
    rf = xgb.train(params(cls, num_parallel_tree=30, eta=1, subsample=0.8, colsample_bynode=0.8,
                          **{"lambda": 1e-5}, seed=3), dtr, num_boost_round=1)
    prf = rf.predict(dall).astype(float)
    d = np.max(np.abs(prf - P["rf_score"].to_numpy(dtype=float)))
    check(d <= 1e-6, "%s forest: predictions equal XGBoost's random-forest mode (max |diff| %.3g)" % (name, d))
    print("  forest (30 trees): max |diff| with num_parallel_tree = %.3g" % d)
    ref = rf.get_score(importance_type="total_gain")
    got = {r["feature"]: r["total_gain"] for r in imp_rf["rows"]}
    check(set(got) == {names[int(k[1:])] for k in ref} and
          all(abs(got[names[int(k[1:])]] - v) <= 1e-6 * v for k, v in ref.items()),
          "%s forest: total gain per feature equals XGBoost's" % name)

    # pre=reweigh: sample weights
    if cls:
        w = reweigh(y[train], g[train])
        dw = xgb.DMatrix(X[train], label=y[train], weight=w)
        brw = xgb.train(params(cls, seed=5), dw, num_boost_round=25, evals=[(dw, "train")], verbose_eval=False)
        d = np.max(np.abs(brw.predict(dall).astype(float) - P["xgbrw_score"].to_numpy(dtype=float)))
        check(d <= 1e-6, "%s pre=reweigh: predictions equal Python's with Kamiran-Calders weights (max |diff| %.3g)"
              % (name, d))


adult = testdata.path("adult.csv")
if adult:
    dataset("adult", adult, "target income positive=>50K\nsensitive sex\nsplit column=split",
            "income", "sex", True, ">50K")

# COMPAS and Law School have no split column: the test writes one (seeded)
compas = testdata.path("compas.csv")
if compas:
    C = pd.read_csv(compas, low_memory=False)
    C = C[C["race"].isin(["African-American", "Caucasian"])].copy()
    C["split"] = np.where(np.random.RandomState(1).rand(len(C)) < 0.7, "train", "test")
    cpath = os.path.join(tmp, "compas.csv")
    C.to_csv(cpath, index=False)
    dataset("compas", cpath, "target two_year_recid positive=1\nsensitive race\n"
            "features sex,age,age_cat,juv_fel_count,juv_misd_count,juv_other_count,priors_count,c_charge_degree\n"
            "split column=split", "two_year_recid", "race", True, "1",
            ["sex", "age", "age_cat", "juv_fel_count", "juv_misd_count", "juv_other_count", "priors_count",
             "c_charge_degree"])

law = testdata.path("law_school.csv")
if law:
    L = pd.read_csv(law, low_memory=False)
    L["split"] = np.where(np.random.RandomState(2).rand(len(L)) < 0.7, "train", "test")
    lpath = os.path.join(tmp, "law_school.csv")
    L.to_csv(lpath, index=False)
    dataset("law", lpath, "target ZFYA\nsensitive race\nfeatures LSAT,UGPA,region_first,sex\nsplit column=split",
            "ZFYA", "race", False, None, ["LSAT", "UGPA", "region_first", "sex"])

print("%d checks, %d failures" % (checks, failures))
sys.exit(testdata.status(failures))
