#!/usr/bin/python3
"""The peers' way to audit predictions in PostgreSQL: pandas.read_sql pulls
every row into memory, numpy counts the confusion cells per group. Prints
the per-group selection rate and TPR (to check against fairsh) and the
seconds taken. Usage: peer.py CONNINFO TABLE."""
import sys
import time

import numpy as np
import pandas as pd
import psycopg2

t0 = time.time()
con = psycopg2.connect(sys.argv[1])
df = pd.read_sql('SELECT y, p, grp, sex FROM "%s"' % sys.argv[2].replace('"', '""'), con)
g = (df["grp"].astype(str) + " & " + df["sex"].astype(str)).to_numpy()
y = df["y"].to_numpy()
p = df["p"].to_numpy()
labels, gi = np.unique(g, return_inverse=True)
cells = np.zeros((len(labels), 4))
np.add.at(cells, (gi, 2 * y + p), 1)
sr = (cells[:, 1] + cells[:, 3]) / cells.sum(axis=1)
tpr = cells[:, 3] / (cells[:, 2] + cells[:, 3])
dt = time.time() - t0
for l, a, b in zip(labels, sr, tpr):
    print("%s %.12f %.12f" % (l, a, b))
print("seconds %.3f" % dt)
