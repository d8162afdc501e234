# tests/db/setup-fsh.sh -- sourced by tests/db/compare.sh (databases) and
# tests/db/stream.sh (streamed files): writes the command files both run on
# a loaded and on an attached session and compare (compare-audit.py), in
# $tmp, for the prediction table of gen-preds.py (the same files, so that a
# database and a streamed file are held to the same cases):
#  setup.fsh    12 audits: intersections, a numeric sensitive column cut at
#               a threshold, derived columns, expression filters (one with
#               an injection attempt as a literal), a privileged group,
#               three conventions, a categorical target, a column name
#               with quotes and SQL, weights;
#  control.fsh  6 audits with control=: one and two columns, a derived one
#               with quotes and spaces in its levels, a column whose name
#               and levels hold quotes, a filter, weights;
#  commands.fsh check, compare and report with and without control=, vs=
#               and agg=, a filter, a derived control column, weights (run
#               by commands_agree below). The output is compared line by
#               line, so the groups and strata must come in the loaded
#               order: a streamed file gives it always, a database gives
#               byte order, which is the loaded order of this table (its
#               groups and regions first appear in byte order, and the
#               derived column's literal, first in a loaded session's
#               levels, sorts first).
# Needs: $tmp; commands_agree also $FAIRSH, fail.
cat > "$tmp/setup.fsh" <<'FSH'
target y
sensitive grp,sex
audit pred=p format=json
audit score=score threshold=0.5 format=json
audit score=score threshold=0.3 direction=lower interval=exact level=0.9 format=json
sensitive age threshold=40
audit pred=p pairs=yes format=json
derive older = age > 50
derive band = if(age >= 30, 'old', 'young')
filter region != 'north'
filter "score > 0.1 and grp != 'x''); DROP TABLE preds; --'"
sensitive grp,older
audit pred=p format=json
sensitive band,sex privileged="old & M"
audit pred=p format=json
set convention aif360
audit pred=p format=json
set convention fairlearn
audit pred=p min-group=0 small-groups=include format=json
set convention strict
filter off
target label positive=good
sensitive "gr\"p; DROP TABLE preds",sex
audit pred=plabel format=json
audit pred=p positive=1 format=json
weights age
target y
sensitive grp,sex
audit pred=p format=json
audit score=score threshold=0.4 interval=exact format=json
FSH

cat > "$tmp/control.fsh" <<'FSH'
target y
sensitive grp,sex
audit pred=p control=region format=json
audit pred=p control=region,"gr\"p; DROP TABLE preds" format=json
derive reg = if(region == 'south', 'the ''deep'' south', region)
filter score > 0.2
audit score=score threshold=0.5 control=reg format=json
sensitive grp
audit pred=p control=reg,sex interval=exact format=json
weights age
sensitive grp,sex
audit pred=p control=region format=json
audit score=score threshold=0.4 control="gr\"p; DROP TABLE preds",reg format=json
FSH
cat > "$tmp/commands.fsh" <<'FSH'
target y
sensitive grp,sex
check equal_opportunity_difference < 0.2 pred=p
check demographic_parity_ratio > 0.8 pred=p control=region
check "tpr[plain & F]" > 0.5 score=score threshold=0.5 control=region min-group=10
check equalized_odds_difference < 0.3 pred=p control=region format=json
compare pred=p
compare p pred=plabel positive=good control=region
compare p score=score threshold=0.4 control=region vs=overall format=json
report REP.md pred=p control=region plots=no ci=0
filter score > 0.2
derive reg = if(region == 'south', 'deep south', region)
weights age
compare p score=score threshold=0.6 control=reg agg=mean
check demographic_parity_difference < 0.3 pred=p control=reg,label inconclusive=pass
report REP.json pred=p control=reg ci=0 plots=no
FSH

# commands_agree NAME OPEN-LOADED OPEN-ATTACHED [db]: commands.fsh after each
# opening command; the output of check, compare and report must be the
# same, line by line, but for the source the report names; the warnings
# too (sorted: they come in the same order, but an attached session's
# set-up commands print no counts). db: a database counts only the rows
# the filters keep, so its report's "rows" are those (2616 of 3000).
commands_agree() {
	for w in l a; do   # one file name: check's JSON names it
		{ if [ $w = l ]; then echo "$2"; else echo "$3"; fi
		  sed "s|REP|$tmp/$1-rep-$w|" "$tmp/commands.fsh"; } > "$tmp/$1-cmd.fsh"
		"$FAIRSH" --batch -f "$tmp/$1-cmd.fsh" > "$tmp/$1-cmd-$w.out" 2>"$tmp/$1-cmd-$w.err"
		[ $? = 3 ] || { cat "$tmp/$1-cmd-$w.err"; fail "$1: commands on the $w session"; }   # 3: every command ran, a check failed
		grep -q "error\|usage" "$tmp/$1-cmd-$w.err" && { cat "$tmp/$1-cmd-$w.err"; fail "$1: an error ($w)"; }
	done
	grep -q "^FAIL demographic_parity_ratio > 0.8 (pred=p @ region=south, all rows): 0.2407," "$tmp/$1-cmd-a.out" ||
		fail "$1: no stratum check: $(cat "$tmp/$1-cmd-a.out")"
	grep -q "^Stratum reg = deep south:" "$tmp/$1-cmd-a.out" || fail "$1: no stratum in compare"
	cmp "$tmp/$1-cmd-l.out" "$tmp/$1-cmd-a.out" || { diff "$tmp/$1-cmd-l.out" "$tmp/$1-cmd-a.out" | head -20;
		fail "$1: check/compare on the attached session differ from the loaded one"; }
	for x in md json; do
		# the source: "preds.csv" against "preds.csv (attached, streamed)"
		# or "sqlite:... table=preds (attached)"
		# and the filter, "score>0.2" as typed or "score > 0.2" in canonical form
		for w in l a; do
			if [ "$4" = db ]; then rows='s/"rows":\t*\(3000\|2616\),//'; else rows=; fi
			sed -e "$rows" -e 's/"source":.*//' -e 's/^| source | .*//' -e 's/ of session [^ ]*, data .* (3000 rows)//' \
				-e 's/"filters":.*"score *> *0.2"\]/"filters": F/' -e 's/^| set-up: filters | score *> *0.2 |/F/' \
				"$tmp/$1-rep-$w.$x" > "$tmp/$1-rep-$w.cut"
		done
		cmp "$tmp/$1-rep-l.cut" "$tmp/$1-rep-a.cut" || { diff "$tmp/$1-rep-l.cut" "$tmp/$1-rep-a.cut" | head -20;
			fail "$1: report.$x of the attached session differs from the loaded one"; }
	done
	grep -q "^| groups | \"quoted\" & F (193), " "$tmp/$1-rep-a.md" || fail "$1: report: the groups' rows"
	grep warning "$tmp/$1-cmd-l.err" | sed 's/^fairsh: [^:]*:[0-9]*: //' | sort > "$tmp/$1-w1"
	grep warning "$tmp/$1-cmd-a.err" | sed 's/^fairsh: [^:]*:[0-9]*: //' | sort > "$tmp/$1-w2"
	[ -s "$tmp/$1-w1" ] || fail "$1: no warnings to compare"
	cmp -s "$tmp/$1-w1" "$tmp/$1-w2" || { diff "$tmp/$1-w1" "$tmp/$1-w2"; fail "$1: warnings differ"; }
}
