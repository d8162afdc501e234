#!/usr/bin/python3
# expr-ref.py -- fairsh's expression language against two independent
# references on the real COMPAS and Adult files: pandas with nullable dtypes
# (Float64, boolean, string: they propagate NA and use Kleene logic for & |
# on their own), and SQLite running the SQL that fairsh translates each
# expression to, on the same rows (NULL = missing). Every row is compared,
# numbers to 1e-12 relative.
# SPDX-License-Identifier: MIT
import math
import os
import sqlite3
import subprocess
import sys

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import testdata  # noqa: E402

np.seterr(all="ignore")     # log(0), sqrt(-1): the reference maps them to NA itself

builddir = os.environ.get("top_builddir", ".")
tool = os.path.join(builddir, "tests/unit/expr-tool")
failures = 0
checks = 0


def load(name):
    path = testdata.path(name)
    if path is None:
        return None, None
    # fairsh's missing-value tokens (man fairsh, load)
    return path, pd.read_csv(path, keep_default_na=False, na_values=["", "NA", "N/A", "?", "NaN"])


# ---- the reference semantics, written with pandas' nullable arrays ----

def fin(x):
    """Float64 with every non-finite value missing (fairsh's rule)"""
    x = pd.Series(x, dtype="Float64")
    a = x.to_numpy(dtype=float, na_value=np.nan)
    return x.mask(~np.isfinite(a))


def N(d, c):
    return d[c].astype("Float64")


def S(d, c):
    return d[c].astype("string")


def isin(x, items):
    return x.isin(items).astype("boolean").mask(x.isna())


def ifelse(c, a, b):
    """c true -> a, false -> b, missing -> missing"""
    a = pd.Series(a, index=c.index) if np.isscalar(a) else a
    b = pd.Series(b, index=c.index) if np.isscalar(b) else b
    out = a.where(c.fillna(False), b)
    return out.mask(c.isna())


def npf(x):
    return pd.Series(x, dtype="Float64").to_numpy(dtype=float, na_value=np.nan)


def fmt(v):
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return str(int(v)) if v == int(v) and abs(v) < 1e15 else repr(float(v))


def cut(x, breaks, right=True):
    c = pd.cut(npf(x), breaks, right=right)
    lab = [("(" if right else "[") + fmt(i.left) + ", " + fmt(i.right) + ("]" if right else ")")
           for i in c.categories]
    codes = np.asarray(c.codes)
    return pd.Series([lab[k] if k >= 0 else pd.NA for k in codes], dtype="string")


def npmod(a, b):
    return fin(np.mod(npf(a), npf(b)))


COMPAS = [
    ("decile_score >= 5", lambda d: N(d, "decile_score") >= 5),
    ("score_text in ('Medium', 'High')", lambda d: isin(S(d, "score_text"), ["Medium", "High"])),
    ("days_b_screening_arrest <= 30 and days_b_screening_arrest >= -30 and is_recid != -1 and "
     "c_charge_degree != 'O' and score_text != 'N/A'",
     lambda d: (N(d, "days_b_screening_arrest") <= 30) & (N(d, "days_b_screening_arrest") >= -30)
     & (N(d, "is_recid") != -1) & (S(d, "c_charge_degree") != "O") & (S(d, "score_text") != "N/A")),
    ("not (days_b_screening_arrest <= 30 and days_b_screening_arrest >= -30)",
     lambda d: ~((N(d, "days_b_screening_arrest") <= 30) & (N(d, "days_b_screening_arrest") >= -30))),
    ("days_b_screening_arrest > 0 or two_year_recid == 1",
     lambda d: (N(d, "days_b_screening_arrest") > 0) | (N(d, "two_year_recid") == 1)),
    ("cut(age, (0, 25, 45, inf))", lambda d: cut(N(d, "age"), [0, 25, 45, np.inf])),
    ("cut(age, (18, 25, 45, 65), right=false)", lambda d: cut(N(d, "age"), [18, 25, 45, 65], right=False)),
    ("cut(days_b_screening_arrest, (-inf, -30, 0, 30, inf))",
     lambda d: cut(N(d, "days_b_screening_arrest"), [-np.inf, -30, 0, 30, np.inf])),
    ("recode(race, 'African-American'='Black', 'Caucasian'='White', else='Other')",
     lambda d: S(d, "race").map(lambda r: {"African-American": "Black", "Caucasian": "White"}.get(r, "Other"))
     .astype("string")),
    ("recode(score_text, 'Low'=0, 'Medium'=1, 'High'=2) * 2",
     lambda d: S(d, "score_text").map({"Low": 0.0, "Medium": 1.0, "High": 2.0}).astype("Float64") * 2),
    ("recode(decile_score, (1, 2, 3, 4)='low', else='high')",
     lambda d: ifelse(isin(N(d, "decile_score"), [1, 2, 3, 4]), "low", "high").astype("string")),
    ("if(decile_score >= 5, 1, 0) * two_year_recid",
     lambda d: ifelse(N(d, "decile_score") >= 5, 1.0, 0.0).astype("Float64") * N(d, "two_year_recid")),
    ("priors_count / (juv_fel_count + juv_misd_count)",
     lambda d: fin(N(d, "priors_count") / (N(d, "juv_fel_count") + N(d, "juv_misd_count")))),
    ("log(priors_count) + sqrt(age - 30) - exp(-decile_score)",
     lambda d: fin(np.log(npf(N(d, "priors_count")))) + fin(np.sqrt(npf(N(d, "age") - 30)))
     - fin(np.exp(-npf(N(d, "decile_score"))))),
    ("round(age / 7, 1) + round(priors_count / 2) + round(age * 3, -1)",
     lambda d: fin(np.round(npf(N(d, "age")) / 7, 1) + np.round(npf(N(d, "priors_count")) / 2)
                   + np.round(npf(N(d, "age")) * 3, -1))),
    ("priors_count % 4 - age ^ 0.5 + (days_b_screening_arrest % -7)",
     lambda d: npmod(N(d, "priors_count"), 4) - fin(np.power(npf(N(d, "age")), 0.5))
     + npmod(N(d, "days_b_screening_arrest"), -7)),
    ("coalesce(days_b_screening_arrest, c_days_from_compas, -1)",
     lambda d: N(d, "days_b_screening_arrest").fillna(N(d, "c_days_from_compas")).fillna(-1)),
    ("max(days_b_screening_arrest, -5) + min(age, priors_count + 20)",
     lambda d: fin(np.maximum(npf(N(d, "days_b_screening_arrest")), -5)
                   + np.minimum(npf(N(d, "age")), npf(N(d, "priors_count")) + 20))),
    ("lower(sex) == 'male' or isna(days_b_screening_arrest)",
     lambda d: (S(d, "sex").str.lower() == "male") | N(d, "days_b_screening_arrest").isna()),
    ("upper(c_charge_degree)", lambda d: S(d, "c_charge_degree").str.upper()),
    ("race < 'C' and sex >= 'Male'", lambda d: (S(d, "race") < "C") & (S(d, "sex") >= "Male")),
    ("age_cat == if(age < 25, 'Less than 25', if(age > 45, 'Greater than 45', '25 - 45'))",
     lambda d: S(d, "age_cat") == ifelse(N(d, "age") < 25, "Less than 25",
                                        ifelse(N(d, "age") > 45, "Greater than 45", "25 - 45")).astype("string")),
    ("abs(days_b_screening_arrest) + floor(age / 10) - ceil(age / 10)",
     lambda d: N(d, "days_b_screening_arrest").abs() + np.floor(npf(N(d, "age")) / 10)
     - np.ceil(npf(N(d, "age")) / 10)),
    ("is_recid in (0, 1) and not two_year_recid",
     lambda d: isin(N(d, "is_recid"), [0, 1]) & ~(N(d, "two_year_recid") != 0)),
    ("coalesce(r_charge_degree, 'none')", lambda d: S(d, "r_charge_degree").fillna("none")),
    ("isna(r_charge_degree) or r_charge_degree not in ('(F3)', '(M1)')",
     lambda d: S(d, "r_charge_degree").isna() | ~isin(S(d, "r_charge_degree"), ["(F3)", "(M1)"])),
    ("decile_score.1 == decile_score and v_score_text != score_text",
     lambda d: (N(d, "decile_score.1") == N(d, "decile_score")) & (S(d, "v_score_text") != S(d, "score_text"))),
]

ADULT = [
    ("`education-num` >= 13 and sex == 'Female'",
     lambda d: (N(d, "education-num") >= 13) & (S(d, "sex") == "Female")),
    ("cut(`hours-per-week`, (0, 35, 40, 60, inf), labels=('part', 'full', 'long', 'very long'))",
     lambda d: cut(N(d, "hours-per-week"), [0, 35, 40, 60, np.inf])
     .map({"(0, 35]": "part", "(35, 40]": "full", "(40, 60]": "long", "(60, inf]": "very long"})
     .astype("string")),
    ("coalesce(workclass, 'unknown')", lambda d: S(d, "workclass").fillna("unknown")),
    ("workclass in ('Private') or occupation == 'Sales'",
     lambda d: isin(S(d, "workclass"), ["Private"]) | (S(d, "occupation") == "Sales")),
    ("log(`capital-gain`) / `education-num`",
     lambda d: fin(fin(np.log(npf(N(d, "capital-gain")))) / N(d, "education-num"))),
    ("if(income == '>50K', `capital-gain` - `capital-loss`, NA)",
     lambda d: ifelse(S(d, "income") == ">50K", N(d, "capital-gain") - N(d, "capital-loss"),
                      pd.Series(pd.NA, index=d.index, dtype="Float64")).astype("Float64")),
    ("recode(`native-country`, NA='?', 'United-States'='US')",
     lambda d: S(d, "native-country").map(lambda c: "US" if c == "United-States" else c, na_action="ignore")
     .astype("string").fillna("?")),
]


def fairsh(path, exprs):
    out = subprocess.run([tool, path] + exprs, capture_output=True, text=True)
    if out.returncode != 0:
        print(out.stderr, file=sys.stderr)
        sys.exit(1)
    res, cur = [], None
    for line in out.stdout.split("\n"):
        if line.startswith("E "):
            cur = {"text": line[2:], "params": [], "values": []}
            res.append(cur)
        elif line.startswith("T "):
            cur["type"] = line[2:]
        elif line.startswith("S! "):
            cur["sql"], cur["sql_refused"] = None, line[3:]
        elif line.startswith("S "):
            cur["sql"] = line[2:]
        elif line.startswith("P "):
            cur["params"].append(float(line[4:]) if line[2] == "n" else line[4:])
        elif line.startswith("V "):
            cur["values"].append(line[2:])
    return res


def same_num(a, b):
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= 1e-12 * max(1.0, abs(b))


def compare(label, expr, got, want):
    """got: fairsh's value lines; want: a list of floats (nan) or strings (None)"""
    global failures, checks
    checks += 1
    bad = []
    for i, (g, w) in enumerate(zip(got, want)):
        if isinstance(w, str) or w is None:
            ok = (g == "NA") if w is None else (g == w)
        else:
            ok = same_num(float(g), w)
        if not ok:
            bad.append((i, g, w))
    if len(got) != len(want) or bad:
        failures += 1
        print(f"FAIL {label}: {expr}: {len(bad)} rows differ, first {bad[:3]} "
              f"(rows {len(got)} vs {len(want)})")


def expect_values(series, cat):
    if cat:
        return [None if x is pd.NA or x is None or (isinstance(x, float) and math.isnan(x)) else str(x)
                for x in series.astype("object")]
    s = series.astype("Float64") if series.dtype == "boolean" else pd.Series(series, dtype="Float64")
    return list(s.to_numpy(dtype=float, na_value=np.nan))


def run(name, cases):
    global failures, checks
    path, d = load(name)
    if path is None:
        return
    res = fairsh(path, [c[0] for c in cases])
    con = sqlite3.connect(":memory:")
    d.to_sql("t", con, index=False)
    nsql = 0
    for (expr, ref), r in zip(cases, res):
        cat = r["type"] == "categorical"
        want = expect_values(ref(d), cat)
        compare(f"{name} pandas", expr, r["values"], want)
        if r["sql"] is None:
            continue
        rows = con.execute(f"SELECT {r['sql']} FROM t ORDER BY rowid", r["params"]).fetchall()
        sqlv = [(None if v is None else str(v)) if cat else (math.nan if v is None else float(v))
                for (v,) in rows]
        compare(f"{name} sqlite", expr, r["values"], sqlv)
        nsql += 1
    print(f"{name}: {len(cases)} expressions x {len(d)} rows against pandas, {nsql} through SQLite")


if not os.access(tool, os.X_OK):
    print(f"expr-ref: {tool} not built", file=sys.stderr)
    sys.exit(1)
run("compas.csv", COMPAS)
run("adult.csv", ADULT)
print(f"expr-ref: {checks - failures} passed, {failures} failed")
sys.exit(testdata.status(failures))
