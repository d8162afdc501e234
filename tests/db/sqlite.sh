#!/bin/sh
# sqlite.sh -- SQLite sources: pushdown audits of an attached table agree
# with loaded audits to 1e-12, load and export round-trip, values are
# parameters (tests/db/compare.sh); then the errors: a missing file, a
# missing table, a query with no rows, a BLOB, wrong types.
tmp=${tmp:-$(mktemp -d)} || exit 99
[ -n "$KEEP" ] || trap "rm -rf "$tmp"" EXIT
SRC="sqlite:$tmp/preds.db"
count_rows() { /usr/bin/python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from \"%s\"' % sys.argv[2]).fetchone()[0])" "$tmp/preds.db" "$1"; }
. "$top_srcdir/tests/db/compare.sh"

F() { RK "$@" 2>&1; }
out=$(F "load sqlite:$tmp/nope.db table=t")
echo "$out" | grep -q "sqlite:$tmp/nope.db: cannot open the SQLite database" || fail "missing file: $out"
[ -e "$tmp/nope.db" ] && fail "load created a database file"
out=$(F "load $SRC table=nope")
echo "$out" | grep -q "no such table: nope" || fail "missing table: $out"
out=$(F "load $SRC" )
echo "$out" | grep -q "give table=NAME or query=" || fail "no table: $out"
out=$(F "load $SRC query=\"SELECT * FROM preds WHERE 0\"" "columns")
echo "$out" | grep -q "loaded 0 rows x 11 columns" || fail "no rows: $out"
out=$(F "load $SRC query=\"SELECT x'00ff' AS b\"")
echo "$out" | grep -q "column 'b' holds binary data (BLOB) at row 1" || fail "blob: $out"
out=$(F "load $SRC query=\"SELECT 1; DROP TABLE preds\"")
echo "$out" | grep -q "give one SQL statement" || fail "two statements: $out"
out=$(F "attach $SRC table=preds" "target grp threshold=3" "sensitive sex" "audit pred=p" \
	"target y" "filter y > 5" "audit pred=p" "sessions")
echo "$out" | grep -q "threshold= needs a numeric column" || fail "categorical threshold: $out"
echo "$out" | grep -q "no rows to audit: the table (after the filters) is empty" || fail "empty: $out"
echo "$out" | grep -q "preds.*attached" || fail "session lost: $out"
# types: integers and reals numeric, text categorical, NULL missing,
# numbers in a text column become text
/usr/bin/python3 -c "
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute('create table ty (i integer, r real, t text, n, d date, b boolean)')
c.executemany('insert into ty values (?,?,?,?,?,?)', [(1, 0.5, 'a', 3, '2024-01-02', 1), (None, None, None, 'x', None, 0), (2, 1e300, '7', 4.5, '2024-02-01', None)])
c.commit()" "$tmp/preds.db"
out=$(F "load $SRC table=ty" "columns" "head")
echo "$out" | grep -q "^1  i  *binary (numeric)" || fail "integer: $out"
echo "$out" | grep -q "^2  r  *binary (numeric)" || fail "real: $out"
echo "$out" | grep -q "^3  t  *binary\|^3  t  *categorical" || fail "text: $out"
echo "$out" | grep -q "^4  n  *categorical" || fail "mixed column: $out"
echo "$out" | grep -q "^5  d  *binary\|^5  d  *categorical" || fail "date: $out"
echo "$out" | grep -q "^6  b  *binary (numeric)" || fail "boolean: $out"
echo "$out" | grep -q "^ 2  1e+300  7   4.5  2024-02-01  NA$" || fail "values: $out"
exit 0
