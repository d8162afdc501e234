# bench-spec.py -- the Python peer of bench-spec.c: numpy generation of the
# same loans schema, pandas target/groups encoding, mask filter, and a
# stratified split with sklearn's train_test_split. Prints the same lines.
# SPDX-License-Identifier: MIT
import sys, time
import numpy as np, pandas as pd
from sklearn.model_selection import train_test_split

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
t0 = time.perf_counter()
rng = np.random.Generator(np.random.MT19937(1))
minority = rng.random(n) < 0.30
pz = np.array([[0.35, 0.30, 0.20, 0.10, 0.05], [0.03, 0.07, 0.15, 0.30, 0.45]])
cz = np.cumsum(pz, axis=1)
u = rng.random(n)
zip_ = (u[:, None] >= cz[minority.astype(int)][:, :4]).sum(1)
emp = np.searchsorted(np.cumsum([0.70, 0.20]), rng.random(n), side='right')
base = rng.gamma(3.0, 15.0, n)
income = np.round(np.where(emp == 2, 5 + 0.25 * base, 15 + base), 1)
debt = np.round(rng.beta(2, 5, n), 2)
hist = np.minimum(np.floor(rng.gamma(2, 4.5, n)), 45)
e = rng.standard_normal(n)
s = 0.8 * (income - 55) / 25 - 2.5 * (debt - 0.3) + 0.05 * (hist - 9) + np.array([0.2, 0, -0.8])[emp] + e - 0.5 * minority
df = pd.DataFrame({
    "income": income, "debt_ratio": debt, "credit_history_years": hist,
    "employment": pd.Categorical.from_codes(emp, ["salaried", "self-employed", "unemployed"]),
    "zip_area": pd.Categorical.from_codes(zip_, ["Hillcrest", "Lakeside", "Midtown", "Riverside", "Southgate"]),
    "group": pd.Categorical.from_codes(minority.astype(int), ["majority", "minority"]),
    "approved": pd.Categorical.from_codes((s > -0.2).astype(int), ["no", "yes"]),
})
t1 = time.perf_counter()
y = (df["approved"] == "yes").astype(float).to_numpy()
grp = df.groupby(["group", "zip_area"], observed=True, sort=True).ngroup().to_numpy()
t2 = time.perf_counter()
keep = (df["income"] > 30).to_numpy()
t3 = time.perf_counter()
idx = np.flatnonzero(keep)
strata = (y[idx].astype(int) * 100 + grp[idx])
tr, te = train_test_split(idx, train_size=0.7, random_state=1, stratify=strata)
t4 = time.perf_counter()
print("generate %.4f\ntarget+groups %.4f\nfilter %.4f\nsplit %.4f" % (t1 - t0, t2 - t1, t3 - t2, t4 - t3))
