#!/usr/bin/python3
# gen-narrow.py -- deterministic narrow benchmark CSV: N rows (default
# 10,000,000) x 3 columns, the shape of an audit input: group (8 levels
# g0..g7), label (0/1) and score (4 decimals in [0, 1)). Built as a byte
# array (rows of fixed width), so 10M rows take seconds.
# Usage: gen-narrow.py OUT [N]
# SPDX-License-Identifier: MIT
import sys
import numpy as np

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000_000
rng = np.random.default_rng(20261207)
g = rng.integers(0, 8, n)
y = (rng.random(n) < 0.3).astype(np.int64)
s = rng.integers(0, 10000, n)          # score = s / 10000, "0.dddd"
row = np.empty((n, 12), dtype=np.uint8)  # "gK,L,0.dddd\n"
row[:, 0] = ord("g")
row[:, 1] = ord("0") + g
row[:, 2] = ord(",")
row[:, 3] = ord("0") + y
row[:, 4] = ord(",")
row[:, 5] = ord("0")
row[:, 6] = ord(".")
for k in range(4):
    row[:, 10 - k] = ord("0") + (s // 10 ** k) % 10
row[:, 11] = ord("\n")
with open(out, "wb") as f:
    f.write(b"group,label,score\n")
    f.write(row.tobytes())
