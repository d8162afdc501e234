#!/usr/bin/python3
# compare.py -- every mitigation method of fairsh on Adult (sex) and COMPAS
# (race: African-American vs Caucasian) with the same base model (logreg,
# C=1) and the same split, audited on the test rows with 200 bootstrap
# resamples: accuracy (normal-approximation 95% interval), demographic
# parity, equal opportunity and equalized odds differences (fairsh's
# percentile intervals), and the time each took (`set timer on`: train +
# wait, or the correct command). Then AIF360's own EqOddsPostprocessing,
# CalibratedEqOddsPostprocessing and RejectOptionClassification, run from
# the fetched AIF360 sources (PEERS_AIF360=dir holding the aif360 package;
# never part of fairsh), on fairsh's exported base scores of the same rows,
# side by side with fairsh's, with their time and the ratio.
# Usage: compare.py FAIRSH ADULT.csv COMPAS.csv TMPDIR
# SPDX-License-Identifier: MIT
import json
import os
import re
import subprocess
import sys
import time

import numpy as np

FAIRSH, ADULT, COMPAS, TMP = sys.argv[1:5]
B = 200

METHODS = [  # name, command, kind (train: timed by its wait; correct: timed itself)
    ("plain", "train logreg as plain", "train"),
    ("reweigh", "train logreg pre=reweigh as reweigh", "train"),
    ("direpair", "train logreg pre=direpair level=1 as direpair", "train"),
    ("corrremove", "train logreg pre=corrremove as corrremove", "train"),
    ("ferm", "train logreg pre=ferm as ferm", "train"),
    ("expgrad_dp", "train expgrad constraint=dp as expgrad_dp", "train"),
    ("expgrad_eo", "train expgrad constraint=eo as expgrad_eo", "train"),
    ("expgrad_eodds", "train expgrad constraint=eodds as expgrad_eodds", "train"),
    ("gridsearch_dp", "train gridsearch constraint=dp as gridsearch_dp", "train"),
    ("gridsearch_eo", "train gridsearch constraint=eo as gridsearch_eo", "train"),
    ("fairrep", "train fairrep as fairrep", "train"),
    ("lfr", "train lfr max_iter=200 as lfr", "train"),
    ("adversarial", "train adversarial as adversarial", "train"),
    ("threshold_dp", "correct plain with threshold constraint=dp as threshold_dp", "correct"),
    ("threshold_eo", "correct plain with threshold constraint=eo as threshold_eo", "correct"),
    ("threshold_eodds", "correct plain with threshold constraint=eodds as threshold_eodds", "correct"),
    ("threshold_eodds_flip", "correct plain with threshold constraint=eodds flip=yes as threshold_eodds_flip", "correct"),
    ("threshold_dp_grid", "correct plain with threshold constraint=dp grid=1000 as threshold_dp_grid", "correct"),
    ("eqodds", "correct plain with eqodds as eqodds", "correct"),
    ("caleqodds", "correct plain with caleqodds cost=fnr as caleqodds", "correct"),
    ("roc", "correct plain with roc metric=dp as roc", "correct"),
    ("wasserstein", "correct plain with wasserstein as wasserstein", "correct"),
]
# BENCH_ONLY=m1,m2: those methods only (and plain, the post-processors' base)
if os.environ.get("BENCH_ONLY"):
    _keep = set(os.environ["BENCH_ONLY"].split(",")) | {"plain"}
    METHODS = [m for m in METHODS if m[0] in _keep]

SETUP = {
    "adult": """load {path} as adult
target income positive=>50K
sensitive sex privileged=Male
split column=split
features all-except=fnlwgt,split""",
    "compas": """load {path} as compas
target two_year_recid positive=0
sensitive race privileged=Caucasian
filter race=African-American,Caucasian
features sex,age,juv_fel_count,juv_misd_count,juv_other_count,priors_count,c_charge_degree
split column=split""",
}


def compas_with_split(src, dst):
    # a seeded 70/30 split column, so that fairsh and the peers see the same rows
    import csv
    rng = np.random.default_rng(1)
    with open(src, newline="") as f, open(dst, "w", newline="") as g:
        r = csv.reader(f)
        w = csv.writer(g)
        head = next(r)
        w.writerow(head + ["split"])
        for row in r:
            w.writerow(row + ["train" if rng.random() < 0.7 else "test"])


def json_docs(text):
    dec = json.JSONDecoder()
    out, i = [], 0
    while True:
        i = text.find("\n{", i)
        if i < 0:
            break
        doc, end = dec.raw_decode(text[i + 1:])
        out.append(doc)
        i += 1 + end
    return out


def run_fairsh(name, path):
    lines = [SETUP[name].format(path=path), "set timer on"]
    for m, cmd, kind in METHODS:
        lines.append(cmd)
        if kind == "train":
            lines.append("wait " + m)
    for m, _, _ in METHODS:
        lines.append("audit %s ci=%d format=json" % (m, B))
    lines.append("export predictions %s/%s-pred.csv plain" % (TMP, name))
    script = os.path.join(TMP, name + ".fsh")
    open(script, "w").write("\n".join(lines) + "\n")
    p = subprocess.run([FAIRSH, "--batch", "--echo", "-f", script], capture_output=True, text=True)
    if p.returncode != 0:
        sys.stderr.write(p.stdout[-3000:] + p.stderr[-3000:])
        raise SystemExit("fairsh failed on " + name)
    # times: stderr has "time: X s" after each command, in order; stdout echoes "> cmd"
    # (the timer reports from "set timer on" itself onwards)
    cmds = [l[2:] for l in p.stdout.splitlines() if l.startswith("> ")]
    cmds = cmds[cmds.index("set timer on"):]
    times = [float(t) for t in re.findall(r"time: ([0-9.]+) s", p.stderr)]
    tmap = dict(zip(cmds, times))
    res = {}
    for (m, cmd, kind), doc in zip(METHODS, json_docs(p.stdout)[-len(METHODS):]):
        t = tmap.get("wait " + m) if kind == "train" else tmap.get(cmd)
        if kind == "train":
            t = (t or 0) + (tmap.get(cmd) or 0)
        res[m] = (doc, t)
    return res


def strict_metrics(y, yhat, g):
    out = {}
    rates = {}
    for a in np.unique(g):
        m = g == a
        rates[a] = (yhat[m].mean(), yhat[m & (y == 1)].mean(), yhat[m & (y == 0)].mean())
    sr = [r[0] for r in rates.values()]
    tpr = [r[1] for r in rates.values()]
    fpr = [r[2] for r in rates.values()]
    out["accuracy"] = (yhat == y).mean()
    out["dp"] = max(sr) - min(sr)
    out["eo"] = max(tpr) - min(tpr)
    out["eodds"] = max(out["eo"], max(fpr) - min(fpr))
    return out


def boot(y, yhat, g, rng):
    vals = []
    idx_by = [np.flatnonzero(g == a) for a in np.unique(g)]
    for _ in range(B):
        idx = np.concatenate([rng.choice(ix, len(ix)) for ix in idx_by])
        vals.append(strict_metrics(y[idx], yhat[idx], g[idx]))
    return {k: (np.percentile([v[k] for v in vals], 2.5), np.percentile([v[k] for v in vals], 97.5)) for k in vals[0]}


def peers(name, pred_csv, data_csv, target, pos, sens, priv, keep=None):
    import pandas as pd
    sys.path.insert(0, os.environ["PEERS_AIF360"])
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import peer_stubs  # noqa: F401  (matplotlib etc.: imported by aif360, never called)
    from aif360.algorithms.postprocessing import (CalibratedEqOddsPostprocessing, EqOddsPostprocessing,
                                                  RejectOptionClassification)
    from aif360.datasets import BinaryLabelDataset
    d = pd.read_csv(data_csv)
    pr = pd.read_csv(pred_csv)
    assert len(d) == len(pr)
    rows = d[sens].isin(keep) if keep else np.ones(len(d), bool)
    d, pr = d[rows].reset_index(drop=True), pr[rows].reset_index(drop=True)
    y = (d[target].astype(str) == pos).astype(int).values
    a = (d[sens] == priv).astype(int).values   # 1 = privileged
    s = pr["plain_score"].values
    tr, te = (d["split"] == "train").values, (d["split"] == "test").values

    def ds(mask, labels, scores):
        df = pd.DataFrame({"a": a[mask], "y": labels})
        b = BinaryLabelDataset(df=df, label_names=["y"], protected_attribute_names=["a"],
                               favorable_label=1, unfavorable_label=0)
        b.scores = scores.reshape(-1, 1)
        return b
    out = {}
    PRIV, UNPRIV = [{"a": 1}], [{"a": 0}]
    for meth, make in (("eqodds", lambda: EqOddsPostprocessing(UNPRIV, PRIV, seed=1)),
                       ("caleqodds", lambda: CalibratedEqOddsPostprocessing(UNPRIV, PRIV, cost_constraint="fnr", seed=1)),
                       ("roc", lambda: RejectOptionClassification(UNPRIV, PRIV, metric_name="Statistical parity difference"))):
        true_tr = ds(tr, y[tr], s[tr])
        pred_tr = ds(tr, (s[tr] > 0.5).astype(int), s[tr])
        pred_te = ds(te, (s[te] > 0.5).astype(int), s[te])
        t0 = time.perf_counter()
        algo = make().fit(true_tr, pred_tr)
        out_te = algo.predict(pred_te)
        t = time.perf_counter() - t0
        yhat = out_te.labels.ravel().astype(int)
        mets = strict_metrics(y[te], yhat, a[te])
        ci = boot(y[te], yhat, a[te], np.random.default_rng(7))
        out[meth] = (mets, ci, t)
    return out


def fmt(v, ci=None, d=4):
    if v is None:
        return "n/a"
    s = ("%." + str(d) + "f") % v
    if ci is not None and ci[0] is not None:
        s += " [%.3f, %.3f]" % tuple(ci)
    return s


def main():
    compas = os.path.join(TMP, "compas-split.csv")
    compas_with_split(COMPAS, compas)
    import platform
    print("Machine: %s, %d CPUs (%s); python %s, numpy %s" % (platform.processor() or platform.machine(), os.cpu_count(),
          platform.platform(), platform.python_version(), np.__version__))
    for name, path, target, pos, sens, priv, keep in (
            ("adult", ADULT, "income", ">50K", "sex", "Male", None),
            ("compas", compas, "two_year_recid", "0", "race", "Caucasian", ["African-American", "Caucasian"])):
        res = run_fairsh(name, path)
        print("\n## %s (%s), test rows, base logreg C=1, %d bootstrap resamples\n" % (name, sens, B))
        print("| method | accuracy | DP difference | EO difference | EOdds difference | time (s) |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for m, _, _ in METHODS:
            doc, t = res[m]
            acc = doc["overall"]["accuracy"]
            n = doc["overall"]["n"]
            h = 1.96 * np.sqrt(acc * (1 - acc) / n)
            met, ci = doc["metrics"], doc.get("ci", {})
            cells = [fmt(acc, (acc - h, acc + h))]
            for k in ("demographic_parity_difference", "equal_opportunity_difference", "equalized_odds_difference"):
                cells.append(fmt(met.get(k), ci.get(k)))
            print("| %s | %s | %.3f |" % (m, " | ".join(cells), t if t is not None else float("nan")))
        if os.environ.get("PEERS_AIF360"):
            pr = peers(name, os.path.join(TMP, name + "-pred.csv"), path, target, pos, sens, priv, keep)
            print("\nAIF360 (fetched sources, %s), same base scores and rows, its bootstrap (stratified, %d):\n" %
                  (os.environ.get("PEERS_AIF360_REV", "?"), B))
            print("| method | accuracy | DP difference | EO difference | EOdds difference | AIF360 time (s) | fairsh time (s) | time ratio AIF360/fairsh |")
            print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
            for m, (mets, ci, t) in pr.items():
                ft = res[m][1]
                print("| %s (AIF360) | %s | %s | %s | %s | %.3f | %.3f | %.0f |" % (
                    m, fmt(mets["accuracy"], ci["accuracy"]), fmt(mets["dp"], ci["dp"]), fmt(mets["eo"], ci["eo"]),
                    fmt(mets["eodds"], ci["eodds"]), t, ft, t / ft if ft else float("nan")))


main()
