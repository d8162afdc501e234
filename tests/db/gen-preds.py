#!/usr/bin/python3
"""Writes a prediction table for the database tests to stdout as CSV: a 0/1
target and prediction, a score, a categorical target and prediction, and
sensitive columns whose levels carry quotes, semicolons, unicode and SQL
(which must stay data). Some cells are missing. The rows are sorted so that
each sensitive column's levels first appear in sorted (byte) order: a loaded
session then numbers its groups as a database sorts them, and where two
groups tie for the worst pair both name the same pair. Deterministic:
usage gen-preds.py N [SEED]."""
import csv
import random
import sys

n = int(sys.argv[1])
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
grp = ["O'Brien", "a;b", "Zo\u00eb", '"quoted"', "x'); DROP TABLE preds; --",
       "\u65e5\u672c", "plain"]
ranked = sorted(grp)
rows = []
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["id", "y", "p", "score", "grp", "sex", "age", "region", "label", "plabel",
            'gr"p; DROP TABLE preds'])
for i in range(n):
    g = rng.randrange(len(grp))
    sex = rng.choice(["F", "M"])
    age = rng.randrange(18, 80)
    base = 0.25 + 0.08 * g + (0.1 if sex == "M" else 0)
    y = 1 if rng.random() < base else 0
    score = min(1.0, max(0.0, 0.5 * y + 0.5 * rng.random() + 0.03 * g))
    p = 1 if score + 0.3 * (rng.random() - 0.5) >= 0.5 else 0
    row = [i + 1, y, p, "%.6f" % score, grp[g], sex, age, rng.choice(["north", "south", "east"]),
           "good" if y else "bad", "good" if p else "bad", "L%d'%s" % (ranked.index(grp[g]) // 3, ";" if g % 2 else "")]
    if rng.random() < 0.01:
        row[1] = "NA"
    if rng.random() < 0.01:
        row[2] = "NA"
    if rng.random() < 0.005:
        row[4] = "NA"
    rows.append(row)
rows.sort(key=lambda r: (r[4] == "NA", r[4], r[5]))
for r in rows:
    w.writerow(r)
