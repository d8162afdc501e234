#!/bin/sh
# check-cmd-docs.sh -- every command of the table is in `help`, has a section
# in man/fairsh.1 and is used by at least one test under tests/cli/.
cd "$top_srcdir" || exit 99
cmds=$("$FAIRSH" -c help | sed -n 's/^  \([a-z]*\) .*/\1/p')
[ -n "$cmds" ] || { echo "help printed no commands"; exit 1; }
bad=0
for c in $cmds; do
	grep -q "^\.SS \"\{0,1\}$c\b" man/fairsh.1 || { echo "command '$c' has no .SS section in man/fairsh.1"; bad=1; }
	grep -qlE "(^|[;>'] *)$c( |;|'|$)" tests/cli/*.fsh tests/cli/*.sh 2>/dev/null || { echo "command '$c' is used by no test under tests/cli/"; bad=1; }
done
exit $bad
