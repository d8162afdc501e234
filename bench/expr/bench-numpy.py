#!/usr/bin/python3
# bench-numpy.py -- the benchmark expressions of bench-expr.c in numpy and in
# pandas (DataFrame.eval where it applies: numexpr when importable, else its
# python engine; pd.cut, Series.isin, np.where otherwise), best of REPS runs.
#   bench-numpy.py --gen DIR ROWS     writes a.f64 b.f64 c.f64 k.i32
#   bench-numpy.py DIR ROWS REPS      prints "name seconds" and "sum_name x"
# SPDX-License-Identifier: MIT
import os
import sys
import time

import numpy as np
import pandas as pd

np.seterr(all="ignore")

if sys.argv[1] == "--gen":
    d, n = sys.argv[2], int(sys.argv[3])
    rng = np.random.default_rng(17)
    a = rng.random(n)
    a[rng.random(n) < 0.01] = np.nan          # 1% missing
    a.tofile(os.path.join(d, "a.f64"))
    rng.random(n).tofile(os.path.join(d, "b.f64"))
    rng.standard_normal(n).tofile(os.path.join(d, "c.f64"))
    k = rng.integers(0, 20, n).astype(np.int32)
    k[rng.random(n) < 0.01] = -1
    k.tofile(os.path.join(d, "k.i32"))
    sys.exit(0)

d, n, reps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
a = np.fromfile(os.path.join(d, "a.f64"))
b = np.fromfile(os.path.join(d, "b.f64"))
c = np.fromfile(os.path.join(d, "c.f64"))
k = np.fromfile(os.path.join(d, "k.i32"), dtype=np.int32)
cats = [f"k{i}" for i in range(20)]
df = pd.DataFrame({"a": a, "b": b, "c": c, "k": pd.Categorical.from_codes(k, categories=cats)})
breaks = np.array([0, 0.2, 0.4, 0.6, 0.8, 1])
try:
    import numexpr
    engine = f"numexpr {numexpr.__version__}, {numexpr.detect_number_of_cores()} threads"
except ImportError:
    engine = "python (numexpr not installed)"
print(f"# numpy {np.__version__}, pandas {pd.__version__}, pandas.eval engine: {engine}")


def best(f):
    t = 1e30
    for _ in range(reps):
        t0 = time.perf_counter()
        r = f()
        t = min(t, time.perf_counter() - t0)
    return t, r


def checksum(r):
    r = np.asarray(r, dtype=float)
    return float(np.nansum(r))


# numpy: the plain array expressions (right-closed bins by searchsorted, codes
# 0..4 and -1 outside, as fairsh's level indices)
def np_cut():
    i = np.searchsorted(breaks, a, side="left") - 1
    return np.where((i >= 0) & (i < 5), i, -1)


numpy_cases = {
    "arith": lambda: a * 2.5 + b - c / 4,
    "cmp_and": lambda: (a > 0.5) & (b <= 0.25),
    "cut": np_cut,
    "in_cat": lambda: np.isin(k, [3, 7, 11]),
    "if": lambda: np.where(a > 0.5, b, c),
}
pandas_cases = {
    "arith": ("df.eval", lambda: df.eval("a * 2.5 + b - c / 4")),
    "cmp_and": ("df.eval", lambda: df.eval("a > 0.5 and b <= 0.25")),
    "cut": ("pd.cut", lambda: pd.cut(df.a, breaks).cat.codes),
    "in_cat": ("Series.isin", lambda: df.k.isin(["k3", "k7", "k11"])),
    "if": ("Series.where", lambda: df.b.where(df.a > 0.5, df.c)),
}
# the same values with fairsh's missing-value rule (untimed; for the checksum):
# a missing condition makes if() missing, outside the bins is missing
semantic = {
    "cut": lambda r: np.where(np.asarray(r) < 0, 0, r),
    "if": lambda r: np.where(np.isnan(a), np.nan, r),
}
for name, f in numpy_cases.items():
    t, r = best(f)
    cs = checksum(semantic.get(name, lambda x: x)(r))
    print(f"numpy_{name} {t:.6f}")
    print(f"sum_numpy_{name} {cs:.10g}")
for name, (api, f) in pandas_cases.items():
    t, r = best(f)
    print(f"pandas_{name} {t:.6f}")
    print(f"api_pandas_{name} {api}")
