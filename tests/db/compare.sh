# tests/db/compare.sh -- sourced by tests/db/sqlite.sh and postgres.sh:
# writes the prediction table (gen-preds.py) to the database $SRC with
# `export predictions`, then runs the same set-up and audits twice, on the
# loaded CSV and on the attached table (pushdown), and compares every
# figure, metric, interval and verdict to 1e-12 (compare-audit.py). The
# set-up covers intersections, a numeric sensitive column cut at a
# threshold, derived columns, expression filters, a categorical target,
# a privileged group, three conventions, and levels and a column name with
# quotes, semicolons, unicode and SQL in them (a level that is an
# injection attempt is also used as a filter literal); the table must be
# intact afterwards (count_rows, given by the caller, prints its rows).
# Weighted audits (weights COLUMN) sum the weights in the query.
# Needs: $FAIRSH, $top_srcdir, $SRC, $tmp, count_rows.
py=/usr/bin/python3
N=3000
fail() { echo "FAIL: $*"; exit 1; }
# fairsh with one command per argument (a script: -c splits at every ';')
R() { printf '%s\n' "$@" > "$tmp/cmd.fsh"; "$FAIRSH" --batch -f "$tmp/cmd.fsh"; }
RK() { printf '%s\n' "$@" > "$tmp/cmd.fsh"; "$FAIRSH" --batch --keep-going -f "$tmp/cmd.fsh"; }
"$py" "$top_srcdir/tests/db/gen-preds.py" $N 7 > "$tmp/preds.csv" || fail "gen-preds.py"

. "$top_srcdir/tests/db/setup-fsh.sh"

# the table, written by fairsh itself (NA cells become NULL)
R "load $tmp/preds.csv as preds" \
	"export predictions \"$SRC\" table=preds" 2>"$tmp/export.err" || { cat "$tmp/export.err"; fail "export"; }
[ "$(count_rows preds)" = $N ] || fail "the exported table has $(count_rows preds) rows, not $N"
# a second export refuses to overwrite, replace=yes replaces
if R "load $tmp/preds.csv as preds" "export predictions \"$SRC\" table=preds" \
	>"$tmp/again.out" 2>&1; then fail "export over an existing table succeeded"; fi
grep -q "table 'preds' exists (replace=yes overwrites it)" "$tmp/again.out" || { cat "$tmp/again.out"; fail "overwrite message"; }
R "load $tmp/preds.csv as preds" "export predictions \"$SRC\" table=preds replace=yes" \
	2>/dev/null || fail "replace=yes"
[ "$(count_rows preds)" = $N ] || fail "replace=yes: $(count_rows preds) rows"

{ echo "load $tmp/preds.csv as preds"; cat "$tmp/setup.fsh"; } > "$tmp/loaded.fsh"
{ echo "attach \"$SRC\" table=preds"; cat "$tmp/setup.fsh"; } > "$tmp/attached.fsh"
"$FAIRSH" --batch -f "$tmp/loaded.fsh" > "$tmp/loaded.json" 2>"$tmp/loaded.err" || { cat "$tmp/loaded.err"; fail "loaded audits"; }
"$FAIRSH" --batch -f "$tmp/attached.fsh" > "$tmp/attached.json" 2>"$tmp/attached.err" || { cat "$tmp/attached.err"; fail "pushdown audits"; }
"$py" "$top_srcdir/tests/db/compare-audit.py" --by-name "$tmp/loaded.json" "$tmp/attached.json" || fail "pushdown differs from loaded"
n=$(grep -c '"schema_version"' "$tmp/attached.json")
[ "$n" = 12 ] || fail "expected 12 audits, got $n"
# the same warnings (group labels in another order is fine)
grep warning "$tmp/loaded.err" | sed 's/^fairsh: [^:]*:[0-9]*: //' | sort > "$tmp/w1"
grep warning "$tmp/attached.err" | sed 's/^fairsh: [^:]*:[0-9]*: //' | sort > "$tmp/w2"
[ -s "$tmp/w1" ] || fail "no warnings to compare"
cmp -s "$tmp/w1" "$tmp/w2" || { diff "$tmp/w1" "$tmp/w2"; fail "warnings differ"; }
[ "$(count_rows preds)" = $N ] || fail "the table changed: $(count_rows preds) rows"

# control=: the control columns join the query's GROUP BY and each
# stratum is audited from its counts; one and two columns, a derived one
# with quotes and spaces in its levels, a column whose name and levels
# hold quotes, a filter, weights: the same as the loaded strata (matched
# by name: a database returns them in its own order), notes included
{ echo "load $tmp/preds.csv as preds"; cat "$tmp/control.fsh"; } > "$tmp/cl.fsh"
{ echo "attach \"$SRC\" table=preds"; cat "$tmp/control.fsh"; } > "$tmp/ca.fsh"
"$FAIRSH" --batch -f "$tmp/cl.fsh" > "$tmp/cl.json" 2>"$tmp/cl.err" || { cat "$tmp/cl.err"; fail "loaded control="; }
"$FAIRSH" --batch -f "$tmp/ca.fsh" > "$tmp/ca.json" 2>"$tmp/ca.err" || { cat "$tmp/ca.err"; fail "pushdown control="; }
"$py" "$top_srcdir/tests/db/compare-audit.py" --by-name "$tmp/cl.json" "$tmp/ca.json" || fail "pushdown control= differs from loaded"
n=$(grep -c '"schema_version"' "$tmp/ca.json")
[ "$n" = 6 ] || fail "control=: expected 6 audits, got $n"
[ "$(grep -c '"stratum"' "$tmp/ca.json")" = "$(grep -c '"stratum"' "$tmp/cl.json")" ] || fail "control=: strata differ in number"
grep -q "\"stratum\":[[:space:]]*\"the 'deep' south\"" "$tmp/ca.json" || fail "control=: no stratum the 'deep' south"
"$py" "$top_srcdir/tests/db/compare-audit.py" --notes "$tmp/cl.err" "$tmp/ca.err" || fail "control=: notes differ"
# check, compare and report (with control=) run from the counts: the loaded
# session's output, line by line
commands_agree cmds "load $tmp/preds.csv as preds" "attach \"$SRC\" table=preds" db
[ "$(count_rows preds)" = $N ] || fail "the table changed: $(count_rows preds) rows"

# show=sql: the control columns quoted in the SELECT and the GROUP BY
out=$(R "attach \"$SRC\" table=preds" "target y" "sensitive grp" \
	"audit pred=p control=region,\"gr\\\"p; DROP TABLE preds\" show=sql" 2>&1) || fail "control= show=sql: $out"
echo "$out" | grep -q '"region" AS "region", "gr""p; DROP TABLE preds" AS "gr""p; DROP TABLE preds", COUNT' ||
	fail "control= show=sql: $out"
echo "$out" | grep -q 'GROUP BY 1, 2, 3, 4, 5 ' || fail "control= show=sql GROUP BY: $out"
[ "$(count_rows preds)" = $N ] || fail "the table changed: $(count_rows preds) rows"

# the data loaded from the database is the CSV: the same audits
# (the first audits: each takes a few seconds of exact tests)
{ echo "load \"$SRC\" table=preds"; head -n 4 "$tmp/setup.fsh"; } > "$tmp/dbload.fsh"
"$FAIRSH" --batch -f "$tmp/dbload.fsh" > "$tmp/dbload.json" 2>/dev/null || fail "load from the database"
"$py" - "$tmp/loaded.json" "$tmp/dbload.json" <<'PY' || fail "load differs from the CSV"
import json, sys
a, b = (open(f, encoding="utf-8").read() for f in sys.argv[1:])
dec = json.JSONDecoder()
x = [dec.raw_decode(a[i:])[0] for i in [a.find("{")]][0]
y = [dec.raw_decode(b[i:])[0] for i in [b.find("{")]][0]
sys.exit(0 if x == y else 1)
PY

# show=sql: quoted identifiers, the values as parameters, never in the text
out=$(R "attach \"$SRC\" table=preds" "target y" "sensitive grp,sex" \
	"filter \"grp != 'x''); DROP TABLE preds; --'\"" "audit pred=p show=sql" 2>&1) || fail "show=sql: $out"
echo "$out" | grep -q 'GROUP BY 1, 2, 3, 4' || fail "show=sql: $out"
echo "$out" | grep -q '"grp" AS "grp"' || fail "show=sql quoting: $out"
echo "$out" | grep -q "^-- parameter 1: 'x'); DROP TABLE preds; --'\$" || fail "show=sql parameter: $out"
echo "$out" | grep '^SELECT' | grep -q 'DROP' && fail "a value in the SQL text: $out"

# operations that need the rows say so; the session stays usable
out=$(RK "attach \"$SRC\" table=preds" "target y" "sensitive grp" \
	"train logreg" "audit pred=p ci=50" "audit pred=p distances=yes" "describe" \
	"filter round(score) == 1" "plot rates pred=p control=grp" "report $tmp/r.md pred=p" "audit pred=p format=csv" 2>&1)
echo "$out" | grep -q "'plot' needs the rows: session 'preds' is attached.*load them with 'load SOURCE table=T' first" ||
	fail "plot: $out"
grep -q "plots not drawn: they need the rows, which stay in the database (load it for plots)" "$tmp/r.md" ||
	fail "report plots: $(cat "$tmp/r.md")"
echo "$out" | grep -q "'train' needs the rows: session 'preds' is attached" || fail "train: $out"
echo "$out" | grep -q "ci= resamples the rows" || fail "ci=: $out"
echo "$out" | grep -q "distances=yes compares\|needs the rows" || fail "distances: $out"
echo "$out" | grep -q "'describe' needs the rows:" || fail "describe: $out"
echo "$out" | grep -q "cannot run in the database" || fail "round(): $out"
echo "$out" | grep -q '^overall,' || echo "$out" | grep -q 'metric' || fail "audit after the errors: $out"
:
