#!/usr/bin/python3
# gen.py -- deterministic benchmark CSV: N rows (default 1,000,000) x 15 columns,
# 9 numeric with 3 decimals (some integers, some negative) and 6 categorical with
# 2 to 50 levels; about 0.5% missing ("NA" or empty). Usage: gen.py OUT [N]
import sys
import numpy as np

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
rng = np.random.default_rng(20240601)
cols, names = [], []
for j in range(9):
    if j == 0:
        v = rng.integers(17, 91, n).astype(str)          # age-like integers
    else:
        x = rng.normal(50 * j, 10 * j, n)
        v = np.char.mod("%.3f", x)
    miss = rng.random(n) < 0.005
    v = v.astype(object)
    v[miss] = "NA" if j % 2 else ""
    cols.append(v)
    names.append(f"num{j}")
for j, k in enumerate([2, 5, 9, 16, 30, 50]):
    levels = np.array([f"lvl{j}_{i}" if j % 2 else f"Cat-{chr(65 + i % 26)}{i}" for i in range(k)], dtype=object)
    v = levels[rng.integers(0, k, n)]
    v[rng.random(n) < 0.005] = "?"
    cols.append(v)
    names.append(f"cat{j}")
with open(out, "w") as f:
    f.write(",".join(names) + "\n")
    rows = zip(*cols)
    f.writelines(",".join(r) + "\n" for r in rows)
