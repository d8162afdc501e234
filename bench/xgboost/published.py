#!/usr/bin/python3
# published.py -- the Communities and Crime demonstration as the authors
# published it (github.com/lucaoneto/NIPS2020_Fairness: main1.m splits 90/10,
# main2.R fits R's randomForest(ntree=500) on the 90%, main3_Wasserstein.m
# corrects with f_NIPS, calibrated on the forest's predictions of its own
# training rows): their stored predictions, their error (f_err: MSE) and
# unfairness (f_fai: the largest gap between the two groups' CDFs on 1000
# points between min and max), before and after their correction and after
# fairsh's (`correct pred=pred with wasserstein` on the same rows, whose
# predictions are read from FAIRSH.csv).
#   published.py DATA_DIR FAIRSH.csv
# DATA_DIR holds their Data/RF_YLF.csv, RF_YLT.csv, RF_YTF.csv, RF_YTT.csv,
# SL.csv and ST.csv. f_nips below is their f_NIPS.m line by line.
# SPDX-License-Identifier: MIT
import sys

import numpy as np

d, fpred = sys.argv[1], sys.argv[2]
ld = lambda f: np.loadtxt("%s/%s.csv" % (d, f))
YLF, YTT, YTF, SL, ST = ld("RF_YLF"), ld("RF_YTT"), ld("RF_YTF"), ld("SL"), ld("ST")


def f_err(yt, yf):
    return np.mean((yt - yf) ** 2)


def f_fai(y, s):
    v = np.unique(s)
    a, b = y[s == v[0]], y[s == v[1]]
    return max(abs(np.sum(a <= t) / len(a) - np.sum(b <= t) / len(b)) for t in np.linspace(y.min(), y.max(), 1000))


def f_nips(yl, yt, sl, st):
    u = np.unique(sl)
    cnt = [np.sum(sl == u[0]), np.sum(sl == u[1])]
    iM, im = int(np.argmax(cnt)), int(np.argmin(cnt))
    nM, nm = cnt[iM], cnt[im]
    p = nm / len(sl)
    grid = np.linspace(yl.min(), yl.max(), 100)
    out = np.zeros(len(yt))
    for i in range(len(yt)):
        mine, other, n_mine, n_other, w = (im, iM, nm, nM, p) if st[i] == u[im] else (iM, im, nM, nm, 1 - p)
        tmp2 = np.sum(yl[sl == u[mine]] < yt[i]) / n_mine
        dist = [abs(np.sum(yl[sl == u[other]] < t) / n_other - tmp2) for t in grid]
        out[i] = w * yt[i] + (1 - w) * grid[int(np.argmin(dist))]   # the first best, as MATLAB's strict >
    return out


# fairsh's corrected predictions of the test rows, in their order
rows = [l.rstrip("\n").split(",") for l in open(fpred)][1:]
fs = np.array([float(r[4]) for r in rows if r[3] == "test"])
assert len(fs) == len(YTT)
# their own noise (eps * randn, eps = 2.2e-16) is below every difference here
yn = f_nips(YLF, YTF, SL, ST)
print("%-40s %8s %8s" % ("", "MSE", "KS"))
for name, y in [("their random forest (R, ntree=500)", YTF), ("  + their Wasserstein step (f_NIPS)", yn),
                ("  + fairsh correct ... with wasserstein", fs)]:
    print("%-40s %8.4f %8.4f" % (name, f_err(YTT, y), f_fai(y, ST)))
