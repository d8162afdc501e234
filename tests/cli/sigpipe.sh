#!/bin/sh
# sigpipe.sh -- output to a reader that goes away (`| head -1`): fairsh stops
# at the end of the command that wrote, says nothing and exits with 141
# (128 + SIGPIPE, what the shell reports for `cat big | head -1`); the rest
# of the command list does not run. A full disk is an error with a message.
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
{ HOME=$tmp "$FAIRSH" -c "load demo:loans n=100000; head 100000; history save $tmp/h.fsh" 2>"$tmp/err"
  echo $? >"$tmp/st"; } | head -n 1 >"$tmp/out"
[ "$(cat "$tmp/st")" = 141 ] || { echo "exit status $(cat "$tmp/st"), expected 141"; cat "$tmp/err"; exit 1; }
# stderr has the confirmation only (stdout is a pipe), nothing about the pipe
[ "$(cat "$tmp/err")" = "loaded 100000 rows x 7 columns as session 'loans'" ] ||
	{ echo "messages on stderr:"; cat "$tmp/err"; exit 1; }
grep -q "^income  *debt_ratio" "$tmp/out" || { echo "first line lost"; cat "$tmp/out"; exit 1; }
[ -e "$tmp/h.fsh" ] && { echo "the commands after the broken pipe ran"; exit 1; }
# the same from a command file on stdin
printf 'load demo:loans n=100000\nhead 100000\nhistory save %s/h2.fsh\n' "$tmp" >"$tmp/cmds.fsh"
{ HOME=$tmp "$FAIRSH" <"$tmp/cmds.fsh" 2>"$tmp/err"; echo $? >"$tmp/st"; } | head -n 1 >/dev/null
[ "$(cat "$tmp/st")" = 141 ] || { echo "stdin: exit status $(cat "$tmp/st"), expected 141"; cat "$tmp/err"; exit 1; }
[ "$(cat "$tmp/err")" = "loaded 100000 rows x 7 columns as session 'loans'" ] ||
	{ echo "stdin: messages on stderr:"; cat "$tmp/err"; exit 1; }
[ -e "$tmp/h2.fsh" ] && { echo "stdin: the commands after the broken pipe ran"; exit 1; }
# a full disk is an error, said once
if [ -w /dev/full ]; then
	HOME=$tmp "$FAIRSH" -c 'load demo:loans n=1000; head 1000' >/dev/full 2>"$tmp/err"
	st=$?
	[ $st -eq 1 ] || { echo "/dev/full: exit status $st, expected 1"; exit 1; }
	grep -q "^fairsh: cannot write the output: No space left on device$" "$tmp/err" ||
		{ echo "/dev/full: message:"; cat "$tmp/err"; exit 1; }
fi
exit 0
