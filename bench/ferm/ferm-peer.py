# ferm-peer.py -- Python peer of bench-ferm.c: sklearn LogisticRegression(C=1)
# fit time vs numpy linear FERM (exact projection) fit+apply on Adult, and the
# test accuracy / DEO before and after, as a reference for the C figures.
# SPDX-License-Identifier: MIT
import sys, time
import numpy as np, pandas as pd
from sklearn.linear_model import LogisticRegression

df = pd.read_csv(sys.argv[1], na_values="?")
y = (df.pop("income") == ">50K").to_numpy(float)
split = df.pop("split").to_numpy()
g = (df["sex"] != "Male").to_numpy(int)
num = df.select_dtypes("number").columns
tr, te = split == "train", split == "test"
for c in df.columns:
    if c not in num:
        df[c] = df[c].fillna(df.loc[tr, c].mode().iloc[0])
    else:
        df[c] = df[c].fillna(df.loc[tr, c].mean())
X = pd.get_dummies(df, columns=[c for c in df.columns if c not in num]).astype(float)
mu, sd = X[tr][num].mean(), X[tr][num].std(ddof=0)
X[num] = (X[num] - mu) / sd
X = X.to_numpy()

def ferm(Xtr, ytr, gtr):
    u = Xtr[(ytr == 1) & (gtr == 0)].mean(0) - Xtr[(ytr == 1) & (gtr == 1)].mean(0)
    return u / np.linalg.norm(u)

def deo(p, yy, gg):
    t = [p[(yy == 1) & (gg == k)].mean() for k in (0, 1)]
    return abs(t[0] - t[1])

tl = tf = 1e300
for _ in range(3):
    t0 = time.perf_counter(); m = LogisticRegression(C=1, max_iter=1000).fit(X[tr], y[tr]); t1 = time.perf_counter()
    q = ferm(X[tr], y[tr], g[tr]); Z = X - np.outer(X @ q, q); t2 = time.perf_counter()
    tl, tf = min(tl, t1 - t0), min(tf, t2 - t1)
m2 = LogisticRegression(C=1, max_iter=1000).fit(Z[tr], y[tr])
p0, p1 = m.predict(X[te]), m2.predict(Z[te])
print(f"python: sklearn logreg fit {tl:.3f} s, numpy ferm fit+apply {tf:.3f} s ({100*tf/tl:.1f}%)")
print(f"python: test acc {np.mean(p0 == y[te]):.4f} DEO {deo(p0, y[te], g[te]):.4f} -> "
      f"ferm acc {np.mean(p1 == y[te]):.4f} DEO {deo(p1, y[te], g[te]):.4f}")
