#!/bin/sh
# usage-table.sh -- every usage line is built from its command's entry, so
# it lists exactly the options of the command's table: for each command of
# `help`, the options named in its usage line (word=...) are the options
# `help COMMAND` lists, each once or more and none missing; the usage line
# of a usage error is the one `help` shows; an unknown option names the
# same option list. Then the forms: `view audit` without a model shows the
# audit form only, `plot tradeoff` the two tradeoff forms.
cd "${TMPDIR:-/tmp}" || exit 99
fail() { echo "FAIL: $*"; bad=1; }
bad=0
# commands whose key=value words go unchecked to the core (or are filters
# and formulas)
free_opts=" filter derive train tradeoff "

cmds=$("$FAIRSH" -c help | sed -n 's/^  \([a-z]*\) .*/\1/p')
[ "$(echo "$cmds" | wc -l)" -ge 30 ] || { echo "help lists only: $cmds"; exit 1; }
for c in $cmds; do
	h=$("$FAIRSH" -c "help $c") || { fail "help $c"; continue; }
	usage=$(echo "$h" | sed -n 1p)
	case $usage in "$c"|"$c "*) ;; *) fail "$c: help does not start with the usage line: $usage"; continue ;; esac
	case $usage in *[{}]*) fail "$c: an unexpanded {option} in: $usage" ;; esac
	# the options of the table, as `help` lists them (format included)
	table=$(echo "$h" | sed -n '/^options:$/,/^See /p' | sed -n 's/^  \([a-z][a-z_-]*\)  .*/\1/p' | sort -u)
	# the options the usage line names: lower-case word=, not the key=value placeholder
	named=$(echo "$usage" | grep -o '[a-z][a-z_-]*=' | sed 's/=$//' | grep -vx 'key' | sort -u)
	[ "$table" = "$named" ] || fail "$c: usage names [$(echo $named)] but the table has [$(echo $table)]: $usage"
	# a usage error prints the same line
	out=$("$FAIRSH" -c "$c zzz=1" 2>&1)
	case $free_opts in
	*" $c "*)
		echo "$out" | grep -q "unknown option 'zzz'" && fail "$c: takes free key=value options, yet refused zzz=1" ;;
	*)
		list=$(echo "$table" | tr '\n' ',' | sed -e 's/,$//' -e 's/,/, /g')
		[ -n "$list" ] || list=none
		got=$(echo "$out" | sed -n "s/^fairsh: $c: unknown option 'zzz' (options: \(.*\))$/\1/p")
		# (help lists the table's order; the message too: compare as sets)
		[ "$(echo "$got" | tr -d ' ' | tr ',' '\n' | sort)" = "$(echo "$list" | tr -d ' ' | tr ',' '\n' | sort)" ] ||
			fail "$c: unknown option lists '$got', help lists '$list'"
		echo "$out" | grep -qxF "usage: $usage" || fail "$c: usage error differs from help: $out"
		;;
	esac
done

# the three usage lines that had drifted from their tables
"$FAIRSH" -c 'help compare' | grep -qF 'compare [MODEL|COLUMN ...] [pred=COLUMN [positive=VALUE[,VALUE...]] [score=COLUMN] | score=COLUMN threshold=T [direction=higher|lower]] [on=test|train|all|calib] [to=FILE] [metrics=NAME,...] [vs=groups|overall] [agg=max|mean] [control=COLUMN[,COLUMN...]] [format=table|csv|json|markdown]' ||
	fail "compare: on=calib missing"
"$FAIRSH" -c 'help view' | sed -n 1p | grep -qF 'audit MODEL [MODEL2 ...] [on=test|train|all|calib] [ci=B] [by=' ||
	fail "view: by= missing from the audit form"
"$FAIRSH" -c 'help plot' | sed -n 1p | grep -qF '[on=test|train|all|calib] [bins=N]' || fail "plot: on=calib missing"
# format= names to=FILE's extension only where there is a to=; check's to=
# names .xml, its JUnit XML
"$FAIRSH" -c 'help view' | grep -qxF "  format         table, csv, json or markdown (default: 'set format')" ||
	fail "view: format= without to=: $("$FAIRSH" -c 'help view' | grep '^  format')"
"$FAIRSH" -c 'help audit' | grep -qxF "  format         table, csv, json or markdown (default: 'set format', or to=FILE's extension)" ||
	fail "audit: format= and to="
"$FAIRSH" -c 'help check' | grep '^  to ' | grep -qF '.xml for JUnit XML' || fail "check: to= does not name .xml"

# one form of a command: its own words and options, and the options no form names
out=$("$FAIRSH" -c 'load demo:loans n=100; view audit' 2>&1)
echo "$out" | grep -qxF "fairsh: view: usage: view audit MODEL [MODEL2 ...] [on=test|train|all|calib] [ci=B] [by=COL[,COL][/COL...]] [format=table|csv|json|markdown]" ||
	fail "view audit form: $out"
out=$("$FAIRSH" -c 'load demo:loans n=100; target approved positive=yes; sensitive group; plot tradeoff x' 2>&1)
echo "$out" | grep -qxF "fairsh: plot: usage: plot tradeoff MODEL with wasserstein [alpha=LIST] [metric=NAME] [on=test|train|all|calib] [to=FILE] [size=WxH] [script=FILE] [force=yes] | tradeoff [metric=NAME] [to=FILE] [size=WxH] [script=FILE] [force=yes]" ||
	fail "plot tradeoff forms: $out"
# a usage error with its reason first
out=$("$FAIRSH" -c 'load demo:loans n=100; audit' 2>&1)
[ "$(echo "$out" | tail -n 2)" = "fairsh: audit: give a MODEL, pred=COLUMN or score=COLUMN threshold=T
usage: audit [MODEL | pred=COLUMN [positive=VALUE[,VALUE...]] [score=COLUMN] | score=COLUMN threshold=T [direction=higher|lower]] [on=test|train|all|calib] [ci=B] [pairs=yes] [interval=wilson|exact] [level=X] [min-group=N] [small-groups=leave-out|include] [distances=yes] [vs=groups|overall] [agg=max|mean] [control=COLUMN[,COLUMN...]] [disparity=FIGURE[,FIGURE...]|all|aequitas] [reference=GROUP|largest|min_metric] [show=sql] [to=FILE] [format=table|csv|json|markdown]" ] ||
	fail "audit without a model: $out"
exit $bad
