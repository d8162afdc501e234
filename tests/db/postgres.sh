#!/bin/sh
# postgres.sh -- PostgreSQL sources against a private server started for
# the test (tests/db/pg-server.sh; skipped when the server is not
# installed, except under CI): pushdown audits agree with loaded audits to
# 1e-12 and values are parameters (tests/db/compare.sh); types (boolean,
# date, numeric, NaN, infinity); a password in the connection string never
# reaches the history, the session's source or an error message; clear
# errors that leave the session intact for a bad connection, a missing
# table, no rows, a permission error, and a server that goes away in the
# middle of a query.
if [ -z "$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null)" ] && [ -z "${CI:-}" ] &&
   ! "$FAIRSH" --batch -c "load postgres:host=/nonexistent table=t" 2>&1 | grep -q "without PostgreSQL"; then
	echo "SKIP: no PostgreSQL server binaries (install the Debian package postgresql)"
	exit 77
fi
if "$FAIRSH" --batch -c "load postgres:host=/nonexistent table=t" 2>&1 | grep -q "built without PostgreSQL support"; then
	# a build without libpq: the message names the package, then skip
	"$FAIRSH" --batch -c "load postgres:host=/nonexistent table=t" 2>&1 |
		grep -q "install the Debian package libpq-dev" || { echo "FAIL: no libpq message"; exit 1; }
	echo "SKIP: built without libpq (the message names libpq-dev)"
	exit 77
fi
. "$top_srcdir/tests/db/pg-server.sh"
tmp=$pg_dir
SRC=$PG
count_rows() { psql_q -At -c "SELECT count(*) FROM \"$1\""; }
. "$top_srcdir/tests/db/compare.sh"

F() { RK "$@" 2>&1; }
# types
psql_q -c "CREATE TABLE ty (i int, b boolean, d date, n numeric(6,2), f double precision, t text, v varchar(5))" \
	-c "INSERT INTO ty VALUES (1, true, '2024-01-02', 1.25, 'NaN', 'a', 'x'), (NULL, false, NULL, NULL, 'Infinity', NULL, 'y'), (3, NULL, '2024-03-04', -2.5, 0.1, 'b', NULL)"
out=$(F "load \"$PG\" table=ty" "columns" "head")
echo "$out" | grep -q "1 infinite value treated as missing" || fail "infinity: $out"
echo "$out" | grep -q "^2  b  *binary (numeric)" || fail "boolean: $out"
echo "$out" | grep -q "^3  d  *binary\|^3  d  *categorical" || fail "date: $out"
echo "$out" | grep -q "^4  n  *binary (numeric)" || fail "numeric: $out"
echo "$out" | grep -q "^5  f  *numeric" || fail "double: $out"
echo "$out" | grep -q "^ 1   1  2024-01-02   1.25   NA  a   x$" || fail "values: $out"
echo "$out" | grep -q "^ 3  NA  2024-03-04  -2.5   0.1  b   NA$" || fail "values: $out"

# a password in the connection string: hidden everywhere
secret=Zq9secretPW
out=$(F "load \"$PG password=$secret\" table=ty" "sessions" "history" "audit pred=x" \
	"load \"$PG password=$secret dbname=nosuchdb\" table=ty" "load \"postgresql://fairsh:$secret@/nosuchdb?host=$pg_dir\" table=ty" \
	"save $tmp/s.fairsh" "history save $tmp/h.txt")
echo "$out" | grep -q "password=\*\*\*" || fail "redacted source: $out"
echo "$out" | grep -q 'database "nosuchdb" does not exist' || fail "bad database: $out"
echo "$out" | grep -q "postgresql://fairsh:\*\*\*@/nosuchdb" || fail "URI redaction: $out"
echo "$out" | grep -q "$secret" && fail "the password is shown: $out"
grep -rq "$secret" "$tmp"/s.fairsh "$tmp"/h.txt 2>/dev/null && fail "the password is in a saved file"
grep -q "password=\*\*\*" "$tmp/h.txt" || fail "history save: $(cat "$tmp/h.txt")"

# errors: a bad connection, a missing table, no rows, permission, wrong types
out=$(F "load \"postgres:host=$pg_dir/nope dbname=postgres\" table=ty" "load \"$PG\" table=nope" \
	"load \"$PG\" query=\"SELECT 1 AS a WHERE false\"" "attach \"$PG\" table=preds" "target y" "sensitive grp" \
	"filter y > 1" "audit pred=p" "filter off" "audit pred=region" "sessions")
echo "$out" | grep -q "cannot connect: .*No such file or directory" || fail "bad connection: $out"
echo "$out" | grep -q 'relation "nope" does not exist' || fail "missing table: $out"
echo "$out" | grep -q "loaded 0 rows x 1 columns" || fail "no rows: $out"
echo "$out" | grep -q "no rows to audit" || fail "empty audit: $out"
echo "$out" | grep -q "prediction column .region. has values that are not values of target" || fail "wrong type: $out"
echo "$out" | grep -q "^preds .*attached\|preds.*attached" || fail "session lost: $out"
psql_q -c "CREATE ROLE reader LOGIN" -c "CREATE TABLE secret_t (a int)"
out=$(F "load \"postgres:host=$pg_dir user=reader dbname=postgres\" table=secret_t" \
	"attach \"postgres:host=$pg_dir user=reader dbname=postgres\" table=secret_t")
echo "$out" | grep -q "permission denied for table secret_t" || fail "permission: $out"
n=$(echo "$out" | grep -c "permission denied for table secret_t")
[ "$n" = 2 ] || fail "permission (attach): $out"

# the server goes away in the middle of a query: an error, the earlier
# session intact
cat > "$tmp/kill.fsh" <<FSH
load "$PG" table=ty as small
load "$PG" query="SELECT g, g % 2 AS y FROM generate_series(1, 300000000) g"
sessions
columns
FSH
"$FAIRSH" --batch --keep-going -f "$tmp/kill.fsh" > "$tmp/kill.out" 2>&1 &
fp=$!
sleep 2
$pg_run "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1
wait $fp
grep -q "the connection to the server was lost during the query\|server closed the connection\|terminating connection" "$tmp/kill.out" ||
	fail "server gone: $(cat "$tmp/kill.out")"
grep -q "^small " "$tmp/kill.out" || grep -q "small" "$tmp/kill.out" || fail "session lost: $(cat "$tmp/kill.out")"
grep -q "^4  n  *binary (numeric)" "$tmp/kill.out" || fail "the earlier session is not usable: $(cat "$tmp/kill.out")"
exit 0
