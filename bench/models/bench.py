#!/usr/bin/python3
# bench.py -- times fairsh's learners (through model-tool, fit only) and
# scikit-learn's on Adult one-hot with identical preprocessing; median of 5.
# SPDX-License-Identifier: MIT
import os
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "unit"))
ref = __import__("model-ref")   # adult_frame, adult_design

TOOL = sys.argv[1]
REPS = 5


def ours(model, *opts):
    times, acc = [], None
    for _ in range(REPS):
        out = subprocess.run([TOOL, "adult", model] + list(opts), capture_output=True, text=True, check=True)
        d = dict(line.split(" ", 1) for line in out.stdout.splitlines())
        times.append(float(d["fit_time"]))
        acc = float(d["accuracy"])
    return np.median(times), acc, d.get("iterations")


def theirs(make, Xtr, ytr, Xte, yte):
    times = []
    for _ in range(REPS):
        m = make()
        t0 = time.perf_counter()
        m.fit(Xtr, ytr)
        times.append(time.perf_counter() - t0)
    return np.median(times), np.mean(m.predict(Xte) == yte), getattr(m, "n_iter_", None)


def main():
    import warnings
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC
    warnings.simplefilter("ignore", ConvergenceWarning)
    Xtr, ytr, Xte, yte = ref.adult_design(ref.adult_frame())
    print("adult one-hot: %d x %d train, %d test" % (Xtr.shape[0], Xtr.shape[1], Xte.shape[0]))
    print("%-40s %10s %10s %8s %8s %8s" % ("case", "fairsh s", "sklearn s", "ratio", "acc fs", "acc sk"))
    rows = []
    for tol in (1e-4, 1e-8):
        a = ours("logreg", "C=1", "tol=%g" % tol)
        b = theirs(lambda: LogisticRegression(C=1.0, tol=tol, max_iter=10000), Xtr, ytr, Xte, yte)
        rows.append(("logreg C=1 tol=%g (vs lbfgs)" % tol, a, b))
    b = theirs(lambda: LogisticRegression(C=1.0, tol=1e-8, max_iter=10000, solver="newton-cholesky"), Xtr, ytr, Xte, yte)
    rows.append(("logreg C=1 tol=1e-8 (vs newton-chol)", ours("logreg", "C=1", "tol=1e-8"), b))
    # svm: both fits include input validation and the conversion to sparse
    # rows (fairsh: CSR copy + Q_ii; sklearn: check_X_y, label encoding and
    # liblinear's dense-to-feature_node copy inside train_wrap); max_iter=1
    # isolates that setup plus one full pass.
    for C, mi in ((0.1, 1000), (1.0, 1000), (1.0, 1)):
        a = ours("svm", "C=%g" % C, "tol=1e-4", "max_iter=%d" % mi)
        b = theirs(lambda: LinearSVC(loss="hinge", dual=True, C=C, tol=1e-4, max_iter=mi), Xtr, ytr, Xte, yte)
        rows.append(("svm C=%g max_iter=%d (vs LinearSVC)" % (C, mi), a, b))
    for name, a, b in rows:
        it = "" if b[2] is None else "  iter %s / %s" % (a[2], int(np.max(b[2])))
        print("%-40s %10.4f %10.4f %8.2f %8.4f %8.4f%s" % (name, a[0], b[0], a[0] / b[0], a[1], b[1], it))


if __name__ == "__main__":
    main()
