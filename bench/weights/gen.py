# gen.py -- the benchmark's data: ROWS rows of a target y, decisions p, 8
# groups g, a control column c of 4 strata and integer weights w in 1..4.
import sys
import numpy as np
import pandas as pd

path, n = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(1)
g = rng.integers(0, 8, n)
y = (rng.random(n) < 0.2 + 0.05 * g).astype(np.int8)
p = (rng.random(n) < np.where(y == 1, 0.7, 0.1) + 0.02 * g).astype(np.int8)
pd.DataFrame({"y": y, "p": p, "g": np.array([f"g{i}" for i in range(8)])[g],
              "c": np.array([f"c{i}" for i in range(4)])[rng.integers(0, 4, n)],
              "w": rng.integers(1, 5, n)}).to_csv(path, index=False)
