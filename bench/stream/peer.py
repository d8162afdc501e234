#!/usr/bin/python3
"""bench/stream's peer: pandas.read_csv of the columns an audit needs, then
the selection rate per group (grp, sex) with numpy, as the peers audit a
CSV. Prints one line per group: "LABEL RATE ROWS". Usage: peer.py FILE"""
import sys
import numpy as np
import pandas as pd

d = pd.read_csv(sys.argv[1], usecols=["y", "p", "grp", "sex"])
key = d["grp"].astype(str) + " & " + d["sex"].astype(str)
codes, labels = pd.factorize(key)
n = np.bincount(codes)
sel = np.bincount(codes, weights=d["p"].to_numpy(dtype=float))
for k, lab in enumerate(labels):
    print(lab, repr(sel[k] / n[k]), n[k])
