#!/bin/sh
# pick-cost.sh -- the cost of the distances' pick (doc/methods.md 9.7) on a
# regression audit of 1,000,000 rows in 5 groups (40/25/15/12/8%), with no
# difference and with one (means 0, .1, .1, .2, .4), for two fairsh
# binaries side by side (e.g. a build before the pick and one after):
#   bench/stats/pick-cost.sh OLD_FAIRSH NEW_FAIRSH
# Prints wall and CPU seconds, peak memory and each distance's level.
set -e
old=${1:?usage: pick-cost.sh OLD_FAIRSH NEW_FAIRSH}
new=${2:?usage: pick-cost.sh OLD_FAIRSH NEW_FAIRSH}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 - "$tmp" <<'PY'
import sys, numpy as np, pandas as pd
for name, mu, seed in (("null", [0, 0, 0, 0, 0], 6), ("diff", [0, .1, .1, .2, .4], 5)):
    rng = np.random.default_rng(seed)
    n = 1_000_000
    g = rng.choice(5, size=n, p=[.4, .25, .15, .12, .08])
    p = np.array(mu)[g] + rng.normal(size=n)
    y = p + rng.normal(size=n)
    pd.DataFrame({"g": np.array(list("abcde"))[g], "y": y.round(4), "p": p.round(4)}).to_csv(
        f"{sys.argv[1]}/{name}.csv", index=False)
PY
for data in null diff; do
	printf 'load %s/%s.csv as r\ntarget y\nsensitive g\naudit pred=p format=json\n' "$tmp" "$data" >"$tmp/$data.fsh"
	for which in old new; do
		eval bin=\$$which
		/usr/bin/time -f "%e %U %M" -o "$tmp/time" "$bin" --batch -f "$tmp/$data.fsh" >"$tmp/out.json"
		/usr/bin/python3 - "$tmp/out.json" "$tmp/time" "$data" "$which" <<'PY'
import json, sys
t = open(sys.argv[1]).read(); j = json.loads(t[t.index("{"):t.rindex("}") + 1])
wall, cpu, kb = open(sys.argv[2]).read().split()
lv = " ".join("%s %.4f" % (k[:4], v["level_each"]) for k, v in j["assessment"].items())
print("%-4s %-3s wall %6.1f s  cpu %6.1f s  peak %6.1f MB  levels: %s" % (
    sys.argv[3], sys.argv[4], float(wall), float(cpu), int(kb) / 1024, lv))
PY
	done
done
