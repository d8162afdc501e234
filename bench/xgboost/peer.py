#!/usr/bin/python3
# peer.py -- Python's xgboost on the design matrix bench-xgb wrote (raw
# doubles), with the parameters fairsh sets (learn/xgboost.c): best wall
# time and best process CPU time of REPS runs of DMatrix + training, as
# bench-xgb times fair_xgb_fit.
#   peer.py X.bin y.bin N D xgboost|forest THREADS REPS ROUNDS [noeval]
# xgboost: xgb.train for ROUNDS rounds evaluating the training logloss every
# round (fairsh's progress line does; `noeval` leaves it out); forest:
# XGBoost's random-forest mode, num_parallel_tree = ROUNDS in one round.
# SPDX-License-Identifier: MIT
import sys
import time

import numpy as np
import xgboost as xgb

xb, yb, n, d, model, threads, reps, rounds = sys.argv[1:9]
n, d, threads, reps, rounds = int(n), int(d), int(threads), int(reps), int(rounds)
noeval = len(sys.argv) > 9 and sys.argv[9] == "noeval"
X = np.fromfile(xb, dtype=np.float64).reshape(n, d)
y = np.fromfile(yb, dtype=np.float64)
p = {"objective": "binary:logistic", "base_score": 0.5, "tree_method": "hist", "max_depth": 6,
     "min_child_weight": 1, "alpha": 0, "gamma": 0, "scale_pos_weight": 1, "max_bin": 256, "seed": 1,
     "nthread": threads, "eval_metric": "logloss", "verbosity": 1, "colsample_bytree": 1}
if model == "forest":
    p.update({"eta": 1, "subsample": 0.8, "colsample_bynode": 0.8, "lambda": 1e-5, "num_parallel_tree": rounds})
else:
    p.update({"eta": 0.3, "subsample": 1, "colsample_bynode": 1, "lambda": 1})
best = bestc = float("inf")
for _ in range(reps):
    t0, c0 = time.perf_counter(), time.process_time()
    dtr = xgb.DMatrix(X, label=y, nthread=threads)
    if model == "forest":
        bst = xgb.train(p, dtr, num_boost_round=1)
        bst.eval_set([(dtr, "train")], 0)   # fairsh reports the forest's training loss once
    else:
        bst = xgb.train(p, dtr, num_boost_round=rounds, evals=[] if noeval else [(dtr, "train")],
                        verbose_eval=False)
    best = min(best, time.perf_counter() - t0)
    bestc = min(bestc, time.process_time() - c0)
print("%.6f %.6f" % (best, bestc))
