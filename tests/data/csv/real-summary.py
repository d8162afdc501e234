#!/usr/bin/python3
# real-summary.py -- reference column summaries of the real datasets (found as
# tests/unit/testdata.py says) computed with pandas (independent of fairsh),
# read by tests/unit/test-csv.c.
# Usage: /usr/bin/python3 tests/data/csv/real-summary.py > tests/data/csv/real-summary.tsv
# Missing tokens as fairsh's defaults: empty, NA, N/A, ?, NaN.
import os, sys
import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "unit"))
import testdata  # noqa: E402

for name in ["adult", "compas", "german", "communities", "law_school", "drug_consumption", "bank", "arrhythmia"]:
    path = testdata.path(name + ".csv")
    if path is None:
        sys.exit(1)
    d = pd.read_csv(path, na_values=["", "NA", "N/A", "?", "NaN"],
                    keep_default_na=False, dtype=None)
    print(f"{name}\t*\t{d.shape[0]}\t{d.shape[1]}\t\t")
    for c in d.columns:
        s = d[c]
        num = pd.api.types.is_numeric_dtype(s)
        total = repr(float(s.astype(float).sum())) if num else ""
        print(f"{name}\t{c}\t{'num' if num else 'cat'}\t{int(s.isna().sum())}\t{int(s.nunique())}\t{total}")
