#!/bin/sh
# bench/db/run.sh -- an audit of a prediction table in a local PostgreSQL
# server three ways, side by side: fairsh's pushdown (attach + audit: one
# GROUP BY in the server), fairsh load + audit (every row streamed into
# memory), and the peers' pandas.read_sql + numpy. Wall time and the
# client's peak memory (GNU time's maximum resident set), for each table
# size given (default 1000000 10000000: memory of the pushdown should stay
# flat as the table grows 10x). Needs the postgresql server package and
# python3-psycopg2, python3-pandas. Usage: bench/db/run.sh [N ...]
# from the build directory (FAIRSH=./fairsh). PEER_MAX=N (default
# 1000000) runs pandas only up to N rows (it holds every row in memory);
# LOAD_MAX=N likewise for fairsh's load + audit. PEER_CHUNK=N also runs
# pandas through a server-side cursor, N rows per DataFrame (flat memory:
# the peers' way past RAM), at every size.
set -e
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
FAIRSH=${FAIRSH:-./fairsh}
FAIRSH=$(cd "$(dirname "$FAIRSH")" && pwd)/$(basename "$FAIRSH")
sizes=${*:-1000000 10000000}
. "$top_srcdir/tests/db/pg-server.sh"
ci="host=$pg_dir user=fairsh dbname=postgres"
T() { /usr/bin/time -f "%e %M" -o "$pg_dir/time" "$@" > "$pg_dir/out" 2>"$pg_dir/err" || { cat "$pg_dir/err"; exit 1; }
      cat "$pg_dir/time"; }
printf '%-11s %-22s %9s %12s %7s %8s\n' rows path seconds peak_MB x_time x_memory
for n in $sizes; do
	psql_q -c "DROP TABLE IF EXISTS preds" -c "CREATE TABLE preds AS SELECT g AS id,
		(random() < 0.35 + 0.05 * (g % 7))::int AS y, (random() < 0.4 + 0.04 * (g % 7))::int AS p,
		random() AS score, 'group ' || (g % 7) AS grp, CASE WHEN g % 3 = 0 THEN 'F' ELSE 'M' END AS sex
		FROM generate_series(1, $n) g" -c "VACUUM ANALYZE preds" >/dev/null
	printf 'attach "postgres:%s" table=preds\ntarget y\nsensitive grp,sex\naudit pred=p format=csv\n' "$ci" > "$pg_dir/push.fsh"
	printf 'load "postgres:%s" query="SELECT y, p, grp, sex FROM preds"\ntarget y\nsensitive grp,sex\naudit pred=p format=csv\n' "$ci" > "$pg_dir/load.fsh"
	rows=""
	set -- $(T "$FAIRSH" --batch -f "$pg_dir/push.fsh"); pt=$1; pm=$2
	grep '^pred=p,figure,selection_rate' "$pg_dir/out" | sort > "$pg_dir/push.sr"
	rows="pushdown:$pt:$pm"
	if [ "$n" -le "${LOAD_MAX:-100000000000}" ]; then   # else load+audit would not fit or take hours
		set -- $(T "$FAIRSH" --batch -f "$pg_dir/load.fsh"); lt=$1; lm=$2
		grep '^pred=p,figure,selection_rate' "$pg_dir/out" | sort > "$pg_dir/load.sr"
		cmp -s "$pg_dir/push.sr" "$pg_dir/load.sr" || { echo "pushdown and load disagree"; exit 1; }
		rows="$rows load+audit:$lt:$lm"
	fi
	for how in plain chunked; do
		if [ $how = plain ]; then
			[ "$n" -le "${PEER_MAX:-1000000}" ] || continue
			set -- $(T /usr/bin/python3 "$top_srcdir/bench/db/peer.py" "$ci" preds); label=pandas+numpy
		else
			[ -n "$PEER_CHUNK" ] || continue
			set -- $(T /usr/bin/python3 "$top_srcdir/bench/db/peer.py" "$ci" preds "$PEER_CHUNK")
			label=pandas-chunked
		fi
		yt=$1; ym=$2
		# same selection rates as pandas (to 1e-12)
		/usr/bin/python3 - "$pg_dir/out" "$pg_dir/push.sr" <<'PY'
import sys
peer = {l.rsplit(" ", 2)[0]: float(l.split()[-2]) for l in open(sys.argv[1]) if not l.startswith("seconds")}
ours = {l.split(",")[3]: float(l.split(",")[4]) for l in open(sys.argv[2]) if l.split(",")[3] != "overall"}
assert peer.keys() == ours.keys(), (peer.keys(), ours.keys())
assert all(abs(peer[k] - ours[k]) < 1e-12 for k in peer), "pandas disagrees"
PY
		rows="$rows $label:$yt:$ym"
	done
	for r in $rows; do
		IFS=: read -r what t m <<EOR
$r
EOR
		printf '%-11s %-22s %9s %12.1f %7.2f %8.2f\n' "$n" "$what" "$t" "$(echo "$m / 1024" | bc -l)" \
			"$(echo "$t / $pt" | bc -l)" "$(echo "$m / $pm" | bc -l)"
	done
done
