# pot-sinkhorn.py -- POT peer for bench-sinkhorn: ot.sinkhorn2 on the same two
# clouds, cost |x-y|^2/2, same eps and stopping threshold, best of REPS calls
# in this process (like bench-sinkhorn), for
#   default   ot.sinkhorn2(a, b, M, eps)            (method 'sinkhorn': kernel
#             domain, one OT problem, no gradient)
#   log       method='sinkhorn_log'                 (log domain, one problem)
#   debiased  OT(a,b) - OT(a,a)/2 - OT(b,b)/2 with three default calls, the
#             POT counterpart of fairsh's S_eps (still no gradient)
# Each time includes building the cost matrices with ot.dist, as fairsh's
# includes its own. Prints one line per variant: time, value, iterations and
# the final L1 column-marginal error of the plan.
# usage: /usr/bin/python3 pot-sinkhorn.py X.txt Y.txt eps stopThr [reps]
# SPDX-License-Identifier: MIT
import sys, time
import numpy as np
import ot

X = np.loadtxt(sys.argv[1]); Y = np.loadtxt(sys.argv[2])
eps = float(sys.argv[3]); thr = float(sys.argv[4])
reps = int(sys.argv[5]) if len(sys.argv) > 5 else 3
n, m = len(X), len(Y)
a = np.full(n, 1.0 / n); b = np.full(m, 1.0 / m)


def one(P, Q, wp, wq, method):
    M = ot.dist(P, Q) / 2.0      # cost |x-y|^2/2, as fairsh's p = 2
    v, log = ot.sinkhorn2(wp, wq, M, eps, method=method, stopThr=thr,
                          numItermax=10**6, log=True)
    return float(v), log, M


def colerr(log, M, method):
    if method == 'sinkhorn_log':
        P = np.exp(log['log_u'][:, None] + log['log_v'][None, :] - M / eps)
    else:
        P = log['u'][:, None] * np.exp(-M / eps) * log['v'][None, :]
    return np.abs(P.sum(0) - b).sum()


for name, method in (("default", "sinkhorn"), ("log", "sinkhorn_log")):
    best = bestc = 1e300
    for k in range(reps):
        t0, c0 = time.perf_counter(), time.process_time()
        v, log, M = one(X, Y, a, b, method)
        best = min(best, time.perf_counter() - t0)
        bestc = min(bestc, time.process_time() - c0)
    print("POT %-8s ot.sinkhorn2(method=%s) x1: %.3f s  cpu %.3f s  value(<pi,C>) %.10g  iters %s  L1 col err %.2e"
          % (name, method, best, bestc, v, log.get('niter', '?'), colerr(log, M, method)))
best = 1e300
for k in range(reps):
    t0 = time.perf_counter()
    vab, lab, _ = one(X, Y, a, b, "sinkhorn")
    vaa, laa, _ = one(X, X, a, a, "sinkhorn")
    vbb, lbb, _ = one(Y, Y, b, b, "sinkhorn")
    best = min(best, time.perf_counter() - t0)
print("POT debiased ot.sinkhorn2(method=sinkhorn) x3: %.3f s  value(<pi,C> terms) %.10g  iters %s+%s+%s"
      % (best, vab - 0.5 * vaa - 0.5 * vbb, lab.get('niter'), laa.get('niter'), lbb.get('niter')))
