# pot-sinkhorn.py -- POT peer for bench-sinkhorn: ot.sinkhorn2 (log domain) on
# the same two clouds, cost |x-y|^2/2, same eps; prints time, value, iterations
# and the final L1 and L2 marginal errors of POT's plan.
# usage: /usr/bin/python3 pot-sinkhorn.py X.txt Y.txt eps stopThr
# SPDX-License-Identifier: MIT
import sys, time
import numpy as np
import ot

X = np.loadtxt(sys.argv[1]); Y = np.loadtxt(sys.argv[2])
eps = float(sys.argv[3]); thr = float(sys.argv[4])
n, m = len(X), len(Y)
a = np.full(n, 1.0 / n); b = np.full(m, 1.0 / m)
t0 = time.time()
M = ot.dist(X, Y) / 2.0          # cost |x-y|^2/2, as fairsh's p = 2
v, log = ot.sinkhorn2(a, b, M, eps, method='sinkhorn_log', stopThr=thr,
                      numItermax=10**6, log=True)
t = time.time() - t0
# plan from POT's log potentials, for the marginal errors
P = np.exp(log['log_u'][:, None] + log['log_v'][None, :] - M / eps)
l1 = np.abs(P.sum(0) - b).sum()
l1r = np.abs(P.sum(1) - a).sum()
print("POT sinkhorn2(method=sinkhorn_log): %.3f s  value(<pi,C>) %.10g  iters %d  "
      "L2 col err %.2e  L1 col err %.2e  L1 row err %.2e"
      % (t, float(v), log['niter'], np.linalg.norm(P.sum(0) - b), l1, l1r))
