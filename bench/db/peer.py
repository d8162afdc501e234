#!/usr/bin/python3
"""The peers' way to audit predictions in PostgreSQL: pandas.read_sql pulls
every row into memory, numpy counts the confusion cells per group. Prints
the per-group selection rate and TPR (to check against fairsh) and the
seconds taken. Usage: peer.py CONNINFO TABLE [CHUNK].

With CHUNK, the rows come through a server-side (named) psycopg2 cursor
CHUNK at a time, each chunk a DataFrame whose cells are added to the
totals: the way a pandas user audits a table larger than memory (a plain
read_sql(chunksize=) on a psycopg2 connection still buffers the whole
result in libpq first)."""
import sys
import time

import numpy as np
import pandas as pd
import psycopg2

t0 = time.time()
con = psycopg2.connect(sys.argv[1])
query = 'SELECT y, p, grp, sex FROM "%s"' % sys.argv[2].replace('"', '""')
chunk = int(sys.argv[3]) if len(sys.argv) > 3 else 0


def frames():
    if chunk <= 0:
        yield pd.read_sql(query, con)
        return
    cur = con.cursor(name="audit")
    cur.itersize = chunk
    cur.execute(query)
    while True:
        rows = cur.fetchmany(chunk)
        if not rows:
            break
        yield pd.DataFrame(rows, columns=["y", "p", "grp", "sex"])


cells = {}
for df in frames():
    g = (df["grp"].astype(str) + " & " + df["sex"].astype(str)).to_numpy()
    y = df["y"].to_numpy().astype(np.int64)
    p = df["p"].to_numpy().astype(np.int64)
    labels, gi = np.unique(g, return_inverse=True)
    c = np.zeros((len(labels), 4))
    np.add.at(c, (gi, 2 * y + p), 1)
    for lab, row in zip(labels, c):
        cells[lab] = cells.get(lab, 0) + row
labels = sorted(cells)
cells = np.array([cells[lab] for lab in labels])
sr = (cells[:, 1] + cells[:, 3]) / cells.sum(axis=1)
tpr = cells[:, 3] / (cells[:, 2] + cells[:, 3])
dt = time.time() - t0
for l, a, b in zip(labels, sr, tpr):
    print("%s %.12f %.12f" % (l, a, b))
print("seconds %.3f" % dt)
