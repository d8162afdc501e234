#!/bin/sh
# stream.sh -- sessions attached to a CSV file (`attach FILE`): audits that
# stream the file in one pass agree with loaded audits to 1e-12
# (compare-audit.py) on the set-up of tests/db/compare.sh (intersections, a
# numeric sensitive column cut at a threshold, derived columns, expression
# filters, a categorical target, score= threshold=, three conventions,
# levels with quotes and unicode), with weights; on real data shipped with
# fairsh (adult, xz-compressed, weighted by fnlwgt; compas); on gzip and
# zstd copies; with control= (strata); on a column that turns text after the first chunks (the
# file is read again); and a ragged row deep in a file is reported at the
# same file:line as `load` reports it, plain and compressed.
py=/usr/bin/python3
tmp=$(mktemp -d) || exit 99
[ -n "$KEEP" ] || trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
R() { printf '%s\n' "$@" > "$tmp/cmd.fsh"; "$FAIRSH" --batch -f "$tmp/cmd.fsh"; }
RK() { printf '%s\n' "$@" > "$tmp/cmd.fsh"; "$FAIRSH" --batch --keep-going -f "$tmp/cmd.fsh"; }
# compare NAME SOURCE SETUP N [OPTIONS]: the audits of SETUP on `load
# SOURCE OPTIONS` and on `attach SOURCE OPTIONS`, compared; N audits expected
compare() {
	{ echo "load \"$2\" as d $5"; cat "$3"; } > "$tmp/$1-l.fsh"
	{ echo "attach \"$2\" as d $5"; cat "$3"; } > "$tmp/$1-a.fsh"
	"$FAIRSH" --batch -f "$tmp/$1-l.fsh" > "$tmp/$1-l.json" 2>"$tmp/$1-l.err" || { cat "$tmp/$1-l.err"; fail "$1: loaded"; }
	"$FAIRSH" --batch -f "$tmp/$1-a.fsh" > "$tmp/$1-a.json" 2>"$tmp/$1-a.err" || { cat "$tmp/$1-a.err"; fail "$1: streamed"; }
	"$py" "$top_srcdir/tests/db/compare-audit.py" "$tmp/$1-l.json" "$tmp/$1-a.json" || fail "$1: streamed differs from loaded"
	n=$(grep -c '"schema_version"' "$tmp/$1-a.json")
	[ "$n" = "$4" ] || fail "$1: expected $4 audits, got $n"
}

# the prediction table of the database tests, as a file
"$py" "$top_srcdir/tests/db/gen-preds.py" 3000 7 > "$tmp/preds.csv" || fail "gen-preds.py"
. "$top_srcdir/tests/db/setup-fsh.sh"
compare preds "$tmp/preds.csv" "$tmp/setup.fsh" 12
# the same warnings (small groups, undefined rates)
grep warning "$tmp/preds-l.err" | sed 's/^fairsh: [^:]*:[0-9]*: //' | sort > "$tmp/w1"
grep warning "$tmp/preds-a.err" | sed 's/^fairsh: [^:]*:[0-9]*: //' | sort > "$tmp/w2"
[ -s "$tmp/w1" ] || fail "no warnings to compare"
cmp -s "$tmp/w1" "$tmp/w2" || { diff "$tmp/w1" "$tmp/w2"; fail "warnings differ"; }
# compressed: the same file through gzip and zstd
printf '%s\n' "target y" "sensitive grp,sex" "filter region != 'north'" "audit pred=p format=json" \
	"weights age" "audit score=score threshold=0.5 format=json" > "$tmp/short.fsh"
gzip -c "$tmp/preds.csv" > "$tmp/preds.csv.gz"
compare gz "$tmp/preds.csv.gz" "$tmp/short.fsh" 2
if command -v zstd >/dev/null; then
	zstd -q -c "$tmp/preds.csv" > "$tmp/preds.csv.zst"
	compare zst "$tmp/preds.csv.zst" "$tmp/short.fsh" 2
fi

# load's reading options, given to attach: delim=";" and na=NA,? (which
# replaces the default tokens: "N/A" is then a level of sex, "?" and "NA"
# are missing, in the sensitive and the prediction columns), plain and
# compressed; without them the groups differ; skip_bad=yes skips a ragged
# row as load does, and without it both report the same file:line
"$py" - "$tmp/preds.csv" > "$tmp/semi.csv" <<'PY' || fail "semi.csv"
import csv, sys
r = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
w = csv.writer(sys.stdout, delimiter=";", lineterminator="\n")
w.writerow(r[0] + ["note"])
for i, row in enumerate(r[1:]):
    row = ["?" if x == "NA" else x for x in row]
    if i % 37 == 5:
        row[5] = "N/A"
    if i % 41 == 7:
        row[2] = "NA"
    if i % 43 == 9:
        row[4] = "?"
    w.writerow(row + ["x,y,z"])
PY
printf '%s\n' "target y" "sensitive grp,sex" "audit pred=p format=json" "audit pred=p control=region format=json" \
	"filter region != 'east'" "weights age" "audit pred=p pairs=yes interval=exact format=json" > "$tmp/opts.fsh"
compare semi "$tmp/semi.csv" "$tmp/opts.fsh" 3 'delim=";" na=NA,?'
grep -q '& N/A"' "$tmp/semi-a.json" || fail "na=: no group N/A"
# the missing predictions: "?" (26 in gen-preds) and "NA" (rows i % 41 == 7: 73), less
# the rows without a group or a target
ml=$(sed -n 's/.*fsh:4: warning: \([0-9]*\) rows with a missing prediction skipped/\1/p' "$tmp/semi-l.err")
ma=$(sed -n 's/.*fsh:4: warning: \([0-9]*\) rows with a missing prediction skipped/\1/p' "$tmp/semi-a.err")
[ -n "$ma" ] && [ "$ma" = "$ml" ] && [ "$ma" -gt 80 ] && [ "$ma" -le 99 ] || fail "na=: missing predictions: $ml vs $ma"
RK "attach $tmp/semi.csv" "target y" "sensitive grp,sex" "audit pred=p format=json" > "$tmp/semi-def.json" 2>/dev/null
grep -q '& N/A"' "$tmp/semi-def.json" && fail "na=: the default tokens make N/A missing"
cmp -s "$tmp/semi-def.json" "$tmp/semi-a.json" && fail "na=: no difference"
xz -c "$tmp/semi.csv" > "$tmp/semi.csv.xz"
compare semixz "$tmp/semi.csv.xz" "$tmp/opts.fsh" 3 'delim=";" na=NA,?'
gzip -c "$tmp/semi.csv" > "$tmp/semi.csv.gz"
compare semigz "$tmp/semi.csv.gz" "$tmp/opts.fsh" 3 'delim=";" na=NA,?'
out=$(RK "attach $tmp/semi.csv delim=\",\"" "attach $tmp/semi.csv delim=x" "attach sqlite:$tmp/x.db table=t na=-" 2>&1)
echo "$out" | grep -q "$tmp/semi.csv:2: expected 1 fields, found 3" || fail "delim=,: $out"
echo "$out" | grep -q "delim must be one of , ; | tab, not 'x'" || fail "delim=x: $out"
echo "$out" | grep -q "delim=, na= and skip_bad= apply to files, not to databases" || fail "na= on a database: $out"
sed '2000s/;[^;]*;x,y,z$//' "$tmp/semi.csv" > "$tmp/rag.csv"
zstd -q -c "$tmp/rag.csv" > "$tmp/rag.csv.zst" 2>/dev/null || gzip -c "$tmp/rag.csv" > "$tmp/rag.csv.zst"
for f in "$tmp/rag.csv" "$tmp/rag.csv.zst"; do
	l=$(RK "load $f delim=\";\" na=NA,?" 2>&1)
	echo "$l" | grep -q "$f:2000: expected 12 fields, found 10" || fail "load ragged: $l"
	a=$(RK "attach $f delim=\";\" na=NA,?" "target y" "sensitive grp" "audit pred=p" 2>&1)
	echo "$a" | grep -q "$f:2000: expected 12 fields, found 10" || fail "attach ragged: $a"
done
compare rag "$tmp/rag.csv" "$tmp/opts.fsh" 3 'delim=";" na=NA,? skip_bad=yes'
grep -q "skipped 1 malformed row (first at line 2000)" "$tmp/rag-l.err" || fail "load skip_bad: $(cat "$tmp/rag-l.err")"
grep -q "skipped 1 malformed row (first at line 2000)" "$tmp/rag-a.err" || fail "attach skip_bad: $(cat "$tmp/rag-a.err")"

# control=: the strata's columns are counted with the groups, one or two
# of them, a derived one with quotes and spaces in its levels, a column
# whose name and levels hold quotes, with a filter and with weights; every
# stratum's audit agrees with the loaded one (the strata matched by name)
compare control "$tmp/preds.csv" "$tmp/control.fsh" 6
[ "$(grep -c '"stratum"' "$tmp/control-a.json")" = "$(grep -c '"stratum"' "$tmp/control-l.json")" ] ||
	fail "control: the strata differ in number"
grep -q "\"stratum\":[[:space:]]*\"the 'deep' south\"" "$tmp/control-a.json" || fail "control: no stratum the 'deep' south"
"$py" "$top_srcdir/tests/db/compare-audit.py" --notes "$tmp/control-l.err" "$tmp/control-a.err" || fail "control: notes differ"
out=$(RK "attach $tmp/preds.csv" "target y" "sensitive grp" "audit pred=p control=y" "audit pred=p control=grp" \
	"audit pred=p control=nope" 2>&1)
echo "$out" | grep -q "control column 'y' is the target" || fail "control=target: $out"
echo "$out" | grep -q "control column 'grp' is part of the sensitive attribute" || fail "control=sensitive: $out"
echo "$out" | grep -q "unknown column 'nope'" || fail "control=nope: $out"

# check, compare and report (with control=) stream the file as audit does:
# the loaded session's output, line by line
commands_agree cmds "load $tmp/preds.csv as d" "attach $tmp/preds.csv as d"

# real data, whose groups first appear out of byte order (adult's race:
# White, Black, Asian-Pac-Islander, ...): the groups, the pairs (pairs=yes)
# and the strata come in the loaded order; adult (48,842 rows, xz),
# intersections, weighted by fnlwgt,
# a decision rule from education, a derived decision and a filter
data=$top_srcdir/share/fairsh/data
cat > "$tmp/adult.fsh" <<'FSH'
target income positive=">50K"
sensitive sex,race
audit score=education-num threshold=13 format=json
weights fnlwgt
audit score=education-num threshold=13 format=json
derive long = `hours-per-week` > 40
filter age >= 25
audit pred=long format=json
audit pred=long pairs=yes control=workclass format=json
sensitive age threshold=45
audit pred=long interval=exact format=json
FSH
compare adult "$data/adult.csv.xz" "$tmp/adult.fsh" 5
# in the loaded order, not sorted: Male before Female, White before Black
grep -o '"group":[[:space:]]*"[^"]*"' "$tmp/adult-a.json" | head -3 | tr -d '\t' > "$tmp/adult-g"
[ "$(sed -n 1p "$tmp/adult-g")" = '"group":"Male & White"' ] || fail "adult: the first group: $(cat "$tmp/adult-g")"
[ "$(sed -n 2p "$tmp/adult-g")" = '"group":"Male & Black"' ] || fail "adult: the second group: $(cat "$tmp/adult-g")"
cat > "$tmp/compas.fsh" <<'FSH'
target two_year_recid
sensitive race,sex
audit score=decile_score threshold=5 format=json
filter "race in ('African-American', 'Caucasian')"
audit score=decile_score threshold=5 interval=exact format=json
set convention aequitas
audit score=decile_score threshold=7 format=json
FSH
compare compas "$data/compas.csv.xz" "$tmp/compas.fsh" 3

# a column that is numeric for 70,000 rows and then text: the file is read
# again with it as text, and the groups are its text as a load gives them
awk 'BEGIN { srand(3); print "g,y,p";
	for (i = 1; i <= 90000; i++) printf "%s,%d,%d\n", (i <= 70000 ? (i % 3) + 1 : "x"), rand() < 0.4, rand() < 0.5 }' \
	> "$tmp/flip.csv"
printf '%s\n' "target y" "sensitive g" "audit pred=p format=json" > "$tmp/flip.fsh"
compare flip "$tmp/flip.csv" "$tmp/flip.fsh" 1
grep -q '"x"' "$tmp/flip-a.json" || fail "flip: no group x"

# a ragged row past the first megabytes (pages already released): the same
# file:line as load, plain and gzip
awk 'BEGIN { print "g,y,p"; for (i = 1; i <= 700000; i++) if (i == 650000) print "a,1"; else printf "%s,%d,%d\n", (i % 2 ? "a" : "b"), i % 3 == 0, i % 5 == 0 }' \
	> "$tmp/bad.csv"
gzip -c "$tmp/bad.csv" > "$tmp/bad.csv.gz"
for f in "$tmp/bad.csv" "$tmp/bad.csv.gz"; do
	l=$(RK "load $f" 2>&1)
	echo "$l" | grep -q "$f:650001: expected 3 fields, found 2" || fail "load bad row: $l"
	a=$(RK "attach $f" "target y" "sensitive g" "audit pred=p" "sessions" 2>&1)
	echo "$a" | grep -q "$f:650001: expected 3 fields, found 2" || fail "streamed bad row: $a"
	echo "$a" | grep -q "attached, streamed" || fail "session lost after the error: $a"
done

# what needs the rows says so; errors name the problem
out=$(RK "attach $tmp/preds.csv" "train logreg" "target nope" "target y" "sensitive grp" "audit pred=p show=sql" \
	"audit pred=p ci=20" "weights grp" "plot rates pred=p control=region" "check tpr > 0.5 pred=p ci=yes" \
	"report $tmp/r.md pred=p ci=50" "report $tmp/r.md pred=p" "attach $tmp/none.csv" "audit pred=p format=csv" 2>&1)
echo "$out" | grep -q "'plot' needs the rows: session 'preds' streams .*load it with 'load FILE' first" || fail "plot: $out"
echo "$out" | grep -q "check: ci= resamples the rows" || fail "check ci=: $out"
echo "$out" | grep -q "report: ci= resamples the rows" || fail "report ci=: $out"
grep -q "plots not drawn: they need the rows, which stay in the file (load it for plots)" "$tmp/r.md" ||
	fail "report plots: $(cat "$tmp/r.md")"
echo "$out" | grep -q "attached $tmp/preds.csv (11 columns) as session 'preds': audits stream the file" || fail "attach: $out"
echo "$out" | grep -q "'train' needs the rows: session 'preds' streams" || fail "train: $out"
echo "$out" | grep -q "target: unknown column 'nope'" || fail "unknown column: $out"
echo "$out" | grep -q "show=sql: session 'preds' streams a file" || fail "show=sql: $out"
echo "$out" | grep -q "ci= resamples the rows" || fail "ci=: $out"
echo "$out" | grep -q "weights column 'grp' is categorical" || fail "weights: $out"
echo "$out" | grep -q "cannot open '$tmp/none.csv'" || fail "missing file: $out"
echo "$out" | grep -q "^overall," || echo "$out" | grep -q "metric" || fail "audit after the errors: $out"
exit 0
