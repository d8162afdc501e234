# fairlearn-ref.py -- Fairlearn's own metric tests, reproduced through fairsh:
# the literal inputs and expected numbers of test/unit/metrics/
# test_selection_rate.py, test_mean_predictions.py, test_base_metrics.py,
# test_fairness_metrics.py (including weighted), test_metricframe_by_group.py,
# test_metricframe_aggregates.py and test_metricframe_missing.py
# (fairlearn/fairlearn at ebf8fa75). Where Fairlearn's test states a number
# it is copied here; where it compares with scikit-learn or with its own
# MetricFrame, the reference is scikit-learn's function or the MetricFrame
# definition written out with numpy (by-group values, max - min, min / max,
# |g - overall|, min(g/o, o/g)). Fairlearn compares with == or
# pytest.approx (rel 1e-6; ratios to overall rel 1e-10): here every value
# is held to 1e-12 relative (sums of at most 71 small integers are exact
# in double; a quotient is correctly rounded either way).
# Run by tests/cli/fairlearn-metrics.sh with FAIRSH set.
import json
import os
import warnings
import subprocess
import sys
import tempfile

import numpy as np
import sklearn.metrics as skm

warnings.simplefilter("ignore")   # scikit-learn's warnings on empty denominators

FAIRSH = os.environ["FAIRSH"]
TMP = tempfile.mkdtemp()
REL = 1e-12
fails = 0
checks = 0


def close(a, b):
    if a is None:
        a = float("nan")
    if b is None:
        b = float("nan")
    if np.isnan(a) or np.isnan(b):
        return np.isnan(a) and np.isnan(b)
    return abs(a - b) <= REL * max(abs(a), abs(b)) + 1e-15


def check(name, got, want):
    global fails, checks
    checks += 1
    if not close(got, want):
        fails += 1
        print(f"FAIL {name}: fairsh {got!r}, expected {want!r}")


# data_for_test.py: the literal arrays
y_t = np.array([1, 0, 1, 1, 1, 0, 1, 1, 0, 0, 0, 1, 1, 1, 0, 1, 1, 0, 0, 1, 1, 1, 0, 0,
                0, 0, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0,
                0, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1])
y_p = np.array([0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 0,
                0, 0, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 1, 0, 1, 1, 0,
                1, 1, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1])
s_w = np.array([1, 2, 3, 1, 2, 1, 2, 3, 1, 1, 1, 2, 3, 3, 1, 2, 1, 1, 1, 2, 3, 2, 2, 1,
                2, 1, 3, 1, 3, 1, 4, 1, 2, 1, 3, 2, 3, 3, 4, 1, 4, 1, 3, 1, 1, 1, 2, 3,
                3, 1, 2, 1, 1, 1, 2, 3, 1, 1, 2, 3, 2, 1, 2, 2, 3, 2, 3, 2, 3, 4, 1])
N = len(y_t)


def gen(groups, run, n=N):
    return np.array([groups[(x // run) % len(groups)] for x in range(n)])


g_1 = gen(["aa", "ba"], 2)
g_2 = gen(["f", "g"], 3)
g_3 = gen(["kk", "m"], 4)
g_4 = gen(["pp", "q"], 5)
g_A = gen(["aa", "bb"], N // 2)           # test_metricframe_missing.py
g_B = gen(["x", "y", "z"], 1 + N // 3)


def run(cols, setup, audit, name="t", dec="pred=p"):
    """Loads @cols (dict name -> list) as a CSV and runs @setup then
    `audit pred=p min-group=0 format=json` + @audit; returns the JSON."""
    path = os.path.join(TMP, name + ".csv")
    keys = list(cols)
    with open(path, "w") as f:
        f.write(",".join(keys) + "\n")
        for i in range(len(cols[keys[0]])):
            f.write(",".join(str(cols[k][i]) for k in keys) + "\n")
    script = f"load {path} as t; set convention fairlearn; {setup}; audit {dec} min-group=0 format=json {audit}"
    p = subprocess.run([FAIRSH, "-c", script], capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"fairsh failed on: {script}\n{p.stderr}")
    return json.loads(p.stdout)


def doubled(y, p, w=None):
    """One array as the overall rows of an audit: fairsh audits groups, so
    every row appears twice, once in group a and once in group b; every
    overall count is then doubled and every overall rate unchanged."""
    y, p = list(y), list(p)
    cols = {"y": y + y, "p": p + p, "g": ["a"] * len(y) + ["b"] * len(y)}
    if w is not None:
        cols["w"] = list(w) + list(w)
    return cols


def overall(y, p, fig, w=None, target="target y", task="", dec="pred=p"):
    setup = f"{target} {task}; sensitive g" + ("; weights w" if w is not None else "")
    return run(doubled(y, p, w), setup, "", dec=dec)["overall"][fig]


# ---- test_selection_rate.py ----------------------------------------------
# one row: the target has one value, and fairsh reads a prediction column
# in the target's values (a 0 is no value of a target of 1s); the decisions
# are then read as a score, p >= 1 positive, which is Fairlearn's pos_label=1
for yt, yp, exp in [([1], [1], 1), ([0], [1], 1), ([1], [0], 0), ([0], [0], 0)]:
    check(f"selection_rate single {yt} {yp}", overall(yt, yp, "selection_rate", target="target y positive=1",
                                                      dec="score=p threshold=1"), exp)
check("selection_rate unweighted", overall([0] * 8, [0, 0, 0, 1, 1, 1, 1, 1], "selection_rate",
                                           target="target y positive=1"), 0.625)
check("selection_rate weighted", overall([0] * 8, [0, 1, 1, 0, 0, 0, 0, 0], "selection_rate",
                                         w=[1, 2, 3, 4, 1, 2, 1, 2], target="target y positive=1"), 0.3125)
check("selection_rate non-numeric", overall(list("abababab"), list("aaabbbaa"), "selection_rate",
                                            target="target y positive=b"), 0.375)

def refuses(name, cols, setup, want):
    """fairsh must refuse @setup on the CSV of @cols, saying @want."""
    global fails, checks
    checks += 1
    path = os.path.join(TMP, "r.csv")
    keys = list(cols)
    with open(path, "w") as f:
        f.write(",".join(keys) + "\n")
        for i in range(len(cols[keys[0]]) if keys else 0):
            f.write(",".join(str(cols[k][i]) for k in keys) + "\n")
    p = subprocess.run([FAIRSH, "-c", f"load {path} as r; {setup}"], capture_output=True, text=True)
    if p.returncode == 0 or want not in p.stderr:
        fails += 1
        print(f"FAIL {name}: exit {p.returncode}, stderr {p.stderr!r}, expected {want!r}")


# test_selection_rate_empty: no rows is an error (Fairlearn: "Empty
# y_pred passed to selection_rate function."); fairsh refuses the file
refuses("selection_rate empty", {"y": [], "p": [], "g": []}, "target y", "header only, no data rows")

# ---- test_mean_predictions.py ----------------------------------------------
check("mean_prediction unweighted", overall([0, 1, 2, 3, 4], [0, 1, 2, 3, 4], "mean_prediction",
                                            task="task=regression"), 2)
check("mean_prediction single", overall([42], [42], "mean_prediction", task="task=regression"), 42)
check("mean_prediction weighted", overall([0, 1, 2, 3, 4], [0, 1, 2, 3, 4], "mean_prediction",
                                          w=[8, 2, 1, 2, 1], task="task=regression"), 1)
check("mean_prediction weighted single", overall([42], [42], "mean_prediction", w=[2],
                                                 task="task=regression"), 42)

# ---- test_base_metrics.py ---------------------------------------------------
def rates(y, p, pos=None, w=None):
    t = "target y" + (f" positive={pos}" if pos is not None else "")
    return run(doubled(y, p, w), t + "; sensitive g" + ("; weights w" if w is not None else ""), "")["overall"]


def lit(name, y, p, fig, exp, pos=None, w=None):
    check(f"{name} pos={pos}", rates(y, p, pos, w)[fig], exp)


lit("TPR all correct", [0, 0, 0, 0, 1], [0, 0, 0, 0, 1], "tpr", 1)
lit("TPR all correct", [0, 0, 0, 0, 1], [0, 0, 0, 0, 1], "tpr", 1, pos=0)
lit("TPR none correct", [0, 0, 0, 0, 1], [1, 1, 1, 1, 0], "tpr", 0)
lit("TPR none correct", [0, 0, 0, 0, 1], [1, 1, 1, 1, 0], "tpr", 0, pos=0)
lit("TPR some correct", [0, 0, 0, 0, 1, 1, 1, 1], [0, 0, 0, 1, 1, 0, 0, 0], "tpr", 0.25)
lit("TPR some correct", [0, 0, 0, 0, 1, 1, 1, 1], [0, 0, 0, 1, 1, 0, 0, 0], "tpr", 0.75, pos=0)
yt = [0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 1]
yp = [1, 1, 1, 1, 1, 0, 0, 1, 0, 0, 1, 0, 1, 0, 1, 1]
ww = [1, 2, 4, 5, 1, 2, 2, 3, 1, 2, 1, 3, 1, 5, 4, 2]
lit("TPR against sklearn", yt, yp, "tpr", skm.recall_score(yt, yp))
lit("TPR against sklearn", yt, yp, "tpr", skm.recall_score(yt, yp, pos_label=0), pos=0)
lit("TPR against sklearn weighted", yt, yp, "tpr", skm.recall_score(yt, yp, sample_weight=ww), w=ww)
lit("TPR against sklearn weighted", yt, yp, "tpr", skm.recall_score(yt, yp, pos_label=0, sample_weight=ww),
    pos=0, w=ww)
ya = ["a", "b", "a", "b", "b", "b", "b", "b", "a", "a", "a", "a", "b", "b", "a", "b"]
pa = ["a", "b", "b", "a", "a", "b", "a", "a", "b", "b", "a", "b", "a", "b", "a", "a"]
lit("TPR alpha", ya, pa, "tpr", skm.recall_score(ya, pa, pos_label="a"), pos="a")
lit("TPR alpha", ya, pa, "tpr", skm.recall_score(ya, pa, pos_label="b"), pos="b")

lit("TNR all correct", [0, 0, 0, 0, 1], [0, 0, 0, 0, 1], "tnr", 1)
lit("TNR all correct", [0, 0, 0, 0, 1], [0, 0, 0, 0, 1], "tnr", 1, pos=0)
lit("TNR none correct", [0, 0, 0, 0, 1], [1, 1, 1, 1, 0], "tnr", 0)
lit("TNR none correct", [0, 0, 0, 0, 1], [1, 1, 1, 1, 0], "tnr", 0, pos=0)
lit("TNR some correct", [-1, -1, -1, -1, 1], [-1, -1, -1, 1, 1], "tnr", 0.75)
lit("TNR some correct", [-1, -1, -1, -1, 1], [-1, -1, -1, 1, 1], "tnr", 1, pos=-1)
lit("TNR other labels", list("bbbba"), list("bbbaa"), "tnr", 1, pos="b")
lit("TNR other labels", list("bbbba"), list("bbbaa"), "tnr", 0.75, pos="a")
lit("TNR with false negative", [0, 0, 0, 0, 1], [0, 0, 1, 0, 0], "tnr", 0.75)

lit("FNR all correct", [0, 0, 0, 0, 1], [0, 0, 0, 0, 1], "fnr", 0)
lit("FNR none correct", [0, 0, 0, 0, 1], [1, 1, 1, 1, 0], "fnr", 1)
lit("FNR with false positive", [0, 0, 0, 0, 1], [0, 0, 0, 1, 1], "fnr", 0)
lit("FNR some correct", [1, 1, 1, 1, 0, 0], [0, 0, 1, 0, 0, 1], "fnr", 0.75)
lit("FNR some correct", [1, 1, 1, 1, 0, 0], [0, 0, 1, 0, 0, 1], "fnr", 0.75, pos=1)
lit("FNR some correct", [1, 1, 1, 1, 0, 0], [0, 0, 1, 0, 0, 1], "fnr", 0.5, pos=0)
lit("FNR other labels", list("aaaabb"), list("bbabba"), "fnr", 0.75, pos="a")
lit("FNR other labels", list("aaaabb"), list("bbabba"), "fnr", 0.5, pos="b")
yt = [0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 1, 0]
yp = [1, 1, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 1, 0, 1, 1]
ww = [1, 2, 3, 1, 5, 2, 3, 1, 2, 5, 3, 2, 5, 2, 1, 3]
lit("FNR against sklearn", yt, yp, "fnr", 1 - skm.recall_score(yt, yp))
lit("FNR against sklearn", yt, yp, "fnr", 1 - skm.recall_score(yt, yp, pos_label=0), pos=0)
lit("FNR against sklearn weighted", yt, yp, "fnr", 1 - skm.recall_score(yt, yp, sample_weight=ww), w=ww)
lit("FNR against sklearn weighted", yt, yp, "fnr",
    1 - skm.recall_score(yt, yp, pos_label=0, sample_weight=ww), pos=0, w=ww)

lit("FPR all correct", [0, 0, 0, 0, 1], [0, 0, 0, 0, 1], "fpr", 0)
lit("FPR none correct", [0, 0, 0, 0, 1], [1, 1, 1, 1, 0], "fpr", 1)
lit("FPR some correct", [-1, -1, -1, -1, 1, 1, 1], [-1, 1, 1, -1, -1, 1, -1], "fpr", 0.5)
lit("FPR some correct", [-1, -1, -1, -1, 1, 1, 1], [-1, 1, 1, -1, -1, 1, -1], "fpr", 0.5, pos=1)
lit("FPR some correct", [-1, -1, -1, -1, 1, 1, 1], [-1, 1, 1, -1, -1, 1, -1], "fpr", 2 / 3, pos=-1)

# TestGetLabelsForConfusionMatrix: which labels a positive class takes.
# test_smoke_numeric_pos_label: labels {0, 2} with pos_label 2 or 0
yt, yp = [0, 2, 2, 2], [0, 2, 0, 0]
for pos in (2, 0):
    r = rates(yt, yp, pos)
    check(f"labels 0,2 pos={pos}: tpr", r["tpr"], skm.recall_score(yt, yp, pos_label=pos))
    check(f"labels 0,2 pos={pos}: fpr", r["fpr"],
          sum(1 for a, b in zip(yt, yp) if a != pos and b == pos) / sum(1 for a in yt if a != pos))
# test_single_value_alpha_pos_label: ["a"] with pos_label "a" (every row
# positive, predicted positive) or 0 (absent: every row negative)
r = rates(["a"] * 3, ["a"] * 3, "a")
check("one label a pos=a: tpr", r["tpr"], 1)
check("one label a pos=a: selection_rate", r["selection_rate"], 1)
r = rates(["a"] * 3, ["a"] * 3, 0)
check("one label a pos=0: tnr", r["tnr"], 1)
check("one label a pos=0: selection_rate", r["selection_rate"], 0)
# test_pos_label_not_in_data: Fairlearn "Must have pos_label in y values";
# fairsh refuses the target likewise
refuses("pos_label -1 not in 0,1", {"y": [0, 1], "p": [0, 1]}, "target y positive=-1",
        "positive value '-1' does not occur in 'y'")
refuses("pos_label 3 not in 4,2", {"y": [4, 2], "p": [4, 2]}, "target y positive=3",
        "positive value '3' does not occur in 'y'")
# test_need_pos_label: {0, 2} and {-1, 0} without pos_label; Fairlearn
# refuses, fairsh reads such a column as a regression target unless told
# (task=classification asks for positive=, as Fairlearn does)
for v in ([0, 2], [-1, 0]):
    refuses(f"need pos_label {v}", {"y": v, "p": v}, "target y task=classification",
            "give positive=VALUE or threshold=X for classification")
# test_too_many_values: ["a", "b", "c"] with pos_label "a"; Fairlearn
# refuses, fairsh makes "a" the positive class and every other value
# negative (AIF360's favourable labels do the same): by design
r = rates(["a", "b", "c", "a"], ["a", "c", "b", "b"], "a")
check("three labels pos=a: tpr", r["tpr"], 0.5)
check("three labels pos=a: fpr", r["fpr"], 0)

# TestSingleValueArrays: a target with one value; Fairlearn's rates with an
# empty denominator are 0 (the fairlearn convention)
for v, pos_other in [(0, 0), (1, 0), (-1, -1)]:
    col = [v] * 10
    tpr1, tnr1 = (1, 0) if v == 1 else (0, 1)
    r = rates(col, col)
    check(f"all {v}: tpr", r["tpr"], tpr1)
    check(f"all {v}: fpr", r["fpr"], 0)
    check(f"all {v}: tnr", r["tnr"], tnr1)
    check(f"all {v}: fnr", r["fnr"], 0)
    r = rates(col, col, pos=1)
    check(f"all {v} pos=1: tpr", r["tpr"], tpr1)
    check(f"all {v} pos=1: tnr", r["tnr"], tnr1)
    r = rates(col, col, pos=pos_other)
    # with the other value positive (all zeros, pos_label=0; all -1,
    # pos_label=-1) every row is a positive predicted positive
    want_tpr = 1 if v == pos_other else 0
    check(f"all {v} pos={pos_other}: tpr", r["tpr"], want_tpr)
    check(f"all {v} pos={pos_other}: fpr", r["fpr"], 0)
    check(f"all {v} pos={pos_other}: tnr", r["tnr"], 1 - want_tpr)
    check(f"all {v} pos={pos_other}: fnr", r["fnr"], 0)

# TestCount: the rows audited
check("count group of one", run(doubled([1], [0]), "target y positive=1; sensitive g", "", dec="score=p threshold=1")["n"], 2)

# ---- test_fairness_metrics.py (all, including weighted) -------------------
def by_group_rate(fig, w, groups, mask=None):
    out = {}
    m0 = np.ones(N, bool) if mask is None else mask
    for gname in sorted(set(groups[m0])):
        m = m0 & (groups == gname)
        out[gname] = rate(fig, m, w)
    return out


def rate(fig, m, w):
    ww = np.ones(N) if w is None else w.astype(float)
    yt, yp = y_t[m], y_p[m]
    ww = ww[m]
    if fig == "selection_rate":
        num, den = (ww * (yp == 1)).sum(), ww.sum()
    elif fig == "tpr":
        num, den = (ww * ((yp == 1) & (yt == 1))).sum(), (ww * (yt == 1)).sum()
    elif fig == "fpr":
        num, den = (ww * ((yp == 1) & (yt == 0))).sum(), (ww * (yt == 0)).sum()
    return num / den if den > 0 else 0.0


def diff(fig, method, w, groups, mask=None):
    bg = by_group_rate(fig, w, groups, mask)
    if method == "between_groups":
        return max(bg.values()) - min(bg.values())
    o = rate(fig, np.ones(N, bool) if mask is None else mask, w)
    return max(abs(v - o) for v in bg.values())


def ratio(fig, method, w, groups, mask=None):
    bg = by_group_rate(fig, w, groups, mask)
    if method == "between_groups":
        return min(bg.values()) / max(bg.values())
    o = rate(fig, np.ones(N, bool) if mask is None else mask, w)
    return min(min(v / o, o / v) for v in bg.values())


base = {"y": list(y_t), "p": list(y_p), "w": list(s_w), "g1": list(g_1), "g2": list(g_2),
        "g3": list(g_3), "g4": list(g_4), "gA": list(g_A), "gB": list(g_B)}
for weighted in (False, True):
    w = s_w if weighted else None
    for method, vs in (("between_groups", "groups"), ("to_overall", "overall")):
        for agg in ("max", "mean"):
            d = run(base, "target y; sensitive g1" + ("; weights w" if weighted else ""), f"vs={vs} agg={agg}")
            m = d["metrics"]
            tag = f"{method} {agg}{' weighted' if weighted else ''}"
            assert d["vs"] == vs and d["agg"] == agg and d["weighted"] == weighted
            check("demographic_parity_difference " + tag, m["demographic_parity_difference"],
                  diff("selection_rate", method, w, g_1))
            check("demographic_parity_ratio " + tag, m["demographic_parity_ratio"],
                  ratio("selection_rate", method, w, g_1))
            check("equal_opportunity_difference " + tag, m["equal_opportunity_difference"],
                  diff("tpr", method, w, g_1))
            check("equal_opportunity_ratio " + tag, m["equal_opportunity_ratio"], ratio("tpr", method, w, g_1))
            dd = [diff("tpr", method, w, g_1), diff("fpr", method, w, g_1)]
            rr = [ratio("tpr", method, w, g_1), ratio("fpr", method, w, g_1)]
            check("equalized_odds_difference " + tag, m["equalized_odds_difference"],
                  max(dd) if agg == "max" else np.mean(dd))
            check("equalized_odds_ratio " + tag, m["equalized_odds_ratio"],
                  min(rr) if agg == "max" else np.mean(rr))

# ---- test_metricframe_by_group.py --------------------------------------------
FIG = {"recall": "tpr", "precision": "ppv", "accuracy": "accuracy", "balanced_accuracy": "balanced_accuracy"}
SK = {"recall": skm.recall_score, "precision": lambda a, b, **k: skm.precision_score(a, b, zero_division=0, **k),
      "accuracy": skm.accuracy_score, "balanced_accuracy": skm.balanced_accuracy_score}


def groups_of(d):
    return {g["group"]: g for g in d["groups"]}


d = run(base, "target y; sensitive g1", "")
for name, fn in SK.items():
    for gname in ("aa", "ba"):
        m = g_1 == gname
        check(f"by_group 1sf {name} {gname}", groups_of(d)[gname][FIG[name]], fn(y_t[m], y_p[m]))
d = run(base, "target y; sensitive g1", "control=g2")
for st in d["control"]["strata"]:
    cm = g_2 == st["stratum"]
    for name, fn in SK.items():
        for gname in ("aa", "ba"):
            m = cm & (g_1 == gname)
            check(f"by_group 1sf 1cf {name} ({st['stratum']}, {gname})", groups_of(st["audit"])[gname][FIG[name]],
                  fn(y_t[m], y_p[m]))
# test_2m_2sf_2cf: recall weighted, precision not (two audits)
dw = run(base, "target y; sensitive g1,g3; weights w", "control=g2,g4")
du = run(base, "target y; sensitive g1,g3", "control=g2,g4")
for cf, sf in ((("f", "q"), ("aa", "kk")), (("g", "q"), ("ba", "kk"))):
    m = (g_2 == cf[0]) & (g_4 == cf[1]) & (g_1 == sf[0]) & (g_3 == sf[1])
    lab, slab = " & ".join(sf), " & ".join(cf)
    stw = {s["stratum"]: s for s in dw["control"]["strata"]}[slab]["audit"]
    stu = {s["stratum"]: s for s in du["control"]["strata"]}[slab]["audit"]
    check(f"2m 2sf 2cf recall {cf} {sf}", groups_of(stw)[lab]["tpr"], skm.recall_score(y_t[m], y_p[m], sample_weight=s_w[m]))
    check(f"2m 2sf 2cf precision {cf} {sf}", groups_of(stu)[lab]["ppv"], skm.precision_score(y_t[m], y_p[m]))

# ---- test_metricframe_aggregates.py (recall: fairsh's equal opportunity) -----
for vs, method in (("groups", "between_groups"), ("overall", "to_overall")):
    d = run(base, "target y; sensitive g4", f"vs={vs}")
    bg = {g: skm.recall_score(y_t[g_4 == g], y_p[g_4 == g]) for g in ("pp", "q")}
    check(f"aggregates 1sf group_min", min(groups_of(d)[g]["tpr"] for g in bg), min(bg.values()))
    check(f"aggregates 1sf group_max", max(groups_of(d)[g]["tpr"] for g in bg), max(bg.values()))
    check(f"aggregates 1sf difference {method}", d["metrics"]["equal_opportunity_difference"], diff("tpr", method, None, g_4))
    check(f"aggregates 1sf ratio {method}", d["metrics"]["equal_opportunity_ratio"], ratio("tpr", method, None, g_4))
    # Test1m1cf1sf (control g3, sensitive g2) and Test1m1sf2cf (control g3, g1)
    for ctl, cols in (("g3", [g_3]), ("g3,g1", [g_3, g_1])):
        d = run(base, "target y; sensitive g2", f"vs={vs} control={ctl}")
        for st in d["control"]["strata"]:
            vals = st["stratum"].split(" & ")
            cm = np.ones(N, bool)
            for c, v in zip(cols, vals):
                cm &= c == v
            check(f"aggregates control={ctl} {st['stratum']} difference {method}",
                  st["audit"]["metrics"]["equal_opportunity_difference"], diff("tpr", method, None, g_2, cm))
            check(f"aggregates control={ctl} {st['stratum']} ratio {method}",
                  st["audit"]["metrics"]["equal_opportunity_ratio"], ratio("tpr", method, None, g_2, cm))

# test_ratio_zero_divide: precision with zero_division=0 on y = p = [1, 0],
# groups a, b: a has precision 1, b predicts no positive (0 under
# zero_division=0, fairsh's fairlearn convention), overall 1; the ratio to
# overall min(0/1, 1/0) = 0
d = run({"y": [1, 0], "p": [1, 0], "g": ["a", "b"]}, "target y; sensitive g", "vs=overall disparity=ppv")
fig = d["disparities"]["figures"][0]
check("aggregates ratio_zero_divide ppv b", {e["group"]: e["value"] for e in fig["groups"]}["b"], 0)
check("aggregates ratio_zero_divide to_overall ratio", fig["to_overall_ratio"], 0)

# ---- test_metricframe_missing.py --------------------------------------------
# sensitive (g_A, g_B): the combination (bb, x) has no row; Fairlearn lists
# it as NaN, fairsh leaves it out of the groups (it has no rows)
d = run(base, "target y; sensitive gA,gB", "")
grp = groups_of(d)
assert "bb & x" not in grp and len(grp) == 5, sorted(grp)
direct = {}
for a in ("aa", "bb"):
    for b in ("x", "y", "z"):
        m = (g_A == a) & (g_B == b)
        if m.sum():
            direct[f"{a} & {b}"] = m
for name, fn in SK.items():
    for lab, m in direct.items():
        check(f"missing {name} {lab}", grp[lab][FIG[name]], fn(y_t[m], y_p[m]))
rec = [skm.recall_score(y_t[m], y_p[m]) for m in direct.values()]
o = skm.recall_score(y_t, y_p)
check("missing recall difference between", d["metrics"]["equal_opportunity_difference"], max(rec) - min(rec))
check("missing recall ratio between", d["metrics"]["equal_opportunity_ratio"], min(rec) / max(rec))
d = run(base, "target y; sensitive gA,gB", "vs=overall")
check("missing recall difference to_overall", d["metrics"]["equal_opportunity_difference"], max(abs(x - o) for x in rec))
check("missing recall ratio to_overall", d["metrics"]["equal_opportunity_ratio"],
      min([x / o for x in rec] + [o / x for x in rec]))
# control (g_A, g_B), sensitive g_1: each stratum's figures and differences
for vs, method in (("groups", "between_groups"), ("overall", "to_overall")):
    d = run(base, "target y; sensitive g1", f"vs={vs} control=gA,gB")
    strata = {s["stratum"]: s for s in d["control"]["strata"]}
    assert "bb & x" not in strata and len(strata) == 5, sorted(strata)
    for lab, cm in direct.items():
        st = strata[lab]
        present = [g for g in ("aa", "ba") if (cm & (g_1 == g)).sum()]
        if len(present) < 2:
            # one sensitive group in the stratum: no comparison (Fairlearn: 0 and 1)
            assert st["audit"] is None and "one group" in st["reason"], st
            continue
        for name, fn in SK.items():
            for g in present:
                m = cm & (g_1 == g)
                check(f"missing control {lab} {name} {g}", groups_of(st["audit"])[g][FIG[name]], fn(y_t[m], y_p[m]))
        check(f"missing control {lab} overall recall", st["audit"]["overall"]["tpr"], skm.recall_score(y_t[cm], y_p[cm]))
        check(f"missing control {lab} difference {method}", st["audit"]["metrics"]["equal_opportunity_difference"],
              diff("tpr", method, None, g_1, cm))
        check(f"missing control {lab} ratio {method}", st["audit"]["metrics"]["equal_opportunity_ratio"],
              ratio("tpr", method, None, g_1, cm))
        if vs == "overall":
            # the by-group values behind difference/ratio(method="to_overall")
            # within the stratum: group - overall and min(g/o, o/g)
            o = rate("tpr", cm, None)
            to = {f["figure"]: f for f in st["audit"]["to_overall"]}["tpr"]
            check(f"missing control {lab} to_overall tpr overall", to["overall"], o)
            assert sorted(e["group"] for e in to["groups"]) == present, to
            for e in to["groups"]:
                v = rate("tpr", cm & (g_1 == e["group"]), None)
                check(f"missing control {lab} to_overall tpr {e['group']} difference", e["difference"], v - o)
                check(f"missing control {lab} to_overall tpr {e['group']} ratio", e["ratio"],
                      1.0 if v == 0 and o == 0 else min(v / o if o else np.inf, o / v if v else np.inf))

print(f"{checks} checks, {fails} failed")
sys.exit(1 if fails else 0)
