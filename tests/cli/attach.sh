#!/bin/sh
# attach.sh -- a session attached to an SQLite table (no server needed):
# `attach`, the set-up commands, `audit` by one grouped query, show=sql,
# `load sqlite:` and `export predictions sqlite:`, on the 12-row table of
# audit-toy12.fsh, worked by hand:
#   F: y 1,1,1,0,0,0  yhat 1,1,0,1,0,0 -> selection rate 3/6 = 0.5, TPR 2/3
#   M: y 1,1,0,0,0,0  yhat 1,1,1,1,0,0 -> 4/6 = 0.6667, TPR 2/2 = 1
#   DP difference 1/6 = 0.1667, EO difference 1/3 = 0.3333
# With the filter `race == 'A'`: F rows 1 2 5 (y 1 1 0, yhat 1 1 0) -> SR
#   2/3; M rows 7 9 11 (y 1 0 0, yhat 1 1 0) -> SR 2/3, DP difference 0.
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
fail() { echo "FAIL: $*"; exit 1; }
R() { printf '%s\n' "$@" > cmd.fsh; "$FAIRSH" --batch --keep-going -f cmd.fsh 2>&1; }

out=$(R "load $top_srcdir/tests/data/toy12.csv as toy" "export predictions sqlite:toy.db table=toy" \
	"attach sqlite:toy.db table=toy" "target y" "sensitive sex" "audit pred=yhat format=csv" \
	"filter race == 'A'" "audit pred=yhat format=csv" "audit pred=yhat show=sql" "sessions" "train logreg")
echo "$out" | grep -q "^wrote 12 rows x 6 columns to table 'toy' of sqlite:toy.db" || fail "export: $out"
echo "$out" | grep -q "^attached sqlite:toy.db table=toy (attached) (6 columns) as session 'toy2'" || fail "attach: $out"
echo "$out" | grep -q "^pred=yhat,figure,selection_rate,F,0.5,6," || fail "F rate: $out"
echo "$out" | grep -q "^pred=yhat,figure,selection_rate,M,0.6666666666666666,6," || fail "M rate: $out"
echo "$out" | grep -q "^pred=yhat,metric,demographic_parity_difference,,0.16666666666666[0-9]*,,-0.315" || fail "DP: $out"
echo "$out" | grep -q "^pred=yhat,metric,equal_opportunity_difference,,0.33333333333333[0-9]*," || fail "EO: $out"
# filtered: 3 rows a group, both selection rates 2/3
echo "$out" | grep -q "^pred=yhat,figure,selection_rate,F,0.6666666666666666,3," || fail "filtered F: $out"
echo "$out" | grep -q "^pred=yhat,metric,demographic_parity_difference,,0,," || fail "filtered DP: $out"
echo "$out" | grep -qF 'SELECT "y" AS "y", "sex" AS "sex", "yhat" AS "yhat", COUNT(*) AS fairsh_rows FROM (SELECT * FROM "toy") AS fairsh_rows_ WHERE (("race" = ?1)) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;' || fail "show=sql: $out"
echo "$out" | grep -q "^-- parameter 1: 'A'$" || fail "parameter: $out"
echo "$out" | grep -q "'train' needs the rows: session 'toy2' is attached to sqlite:toy.db table=toy" || fail "train: $out"
# a query attached: the odd rows 1 3 5 (F: y 1 1 0, yhat 1 0 0 -> SR 1/3)
# and 7 9 11 (M: y 1 0 0, yhat 1 1 0 -> SR 2/3): DP difference 1/3
out=$(R 'attach sqlite:toy.db query="SELECT sex, y, yhat FROM toy WHERE id % 2 = 1"' "columns" "target y" \
	"sensitive sex" "audit pred=yhat format=csv")
echo "$out" | grep -q "^attached sqlite:toy.db query (attached) (3 columns) as session 'query'" || fail "attach query: $out"
echo "$out" | grep -q "^pred=yhat,metric,demographic_parity_difference,,0.33333333333333[0-9]*,," || fail "query DP: $out"
# loaded back from the database: the same rows
out=$(R "load sqlite:toy.db table=toy" "head 3" "load sqlite:toy.db query=\"SELECT sex, count(*) AS n FROM toy GROUP BY sex\"" "head")
echo "$out" | grep -q "^loaded 12 rows x 6 columns as session 'toy'" || fail "load: $out"
echo "$out" | grep -q "^ 2  F    A     1     1  0.8$" || fail "row 2: $out"
echo "$out" | grep -q "^M    6$" || fail "query: $out"
exit 0
