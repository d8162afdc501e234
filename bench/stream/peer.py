#!/usr/bin/python3
"""bench/stream's peer: pandas.read_csv of the columns an audit needs, then
the selection rate per group (grp, sex) with numpy, as the peers audit a
CSV. Prints one line per group: "LABEL RATE ROWS". Usage: peer.py FILE
[CHUNK]: with CHUNK, read_csv(chunksize=CHUNK) and the counts summed over
the chunks (flat memory: the peers' way past RAM)."""
import sys
import numpy as np
import pandas as pd

chunk = int(sys.argv[2]) if len(sys.argv) > 2 else 0
parts = (pd.read_csv(sys.argv[1], usecols=["y", "p", "grp", "sex"], chunksize=chunk)
         if chunk > 0 else [pd.read_csv(sys.argv[1], usecols=["y", "p", "grp", "sex"])])
n, sel = {}, {}
for d in parts:
    key = d["grp"].astype(str) + " & " + d["sex"].astype(str)
    codes, labels = pd.factorize(key)
    cn = np.bincount(codes, minlength=len(labels))
    cs = np.bincount(codes, weights=d["p"].to_numpy(dtype=float), minlength=len(labels))
    for k, lab in enumerate(labels):
        n[lab] = n.get(lab, 0) + int(cn[k])
        sel[lab] = sel.get(lab, 0.0) + cs[k]
for lab in n:
    print(lab, repr(sel[lab] / n[lab]), n[lab])
