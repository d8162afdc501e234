#!/bin/sh
# plot-errors.sh -- gnuplot missing or failing: a clear message naming what
# to install, the script kept and named, exit status 1 in batch, the next
# command still runs; bad options are refused; no zombie is left.
. "$top_srcdir/tests/cli/plot-lib.sh"

# gnuplot not on PATH (PATH without it; fairsh itself is an absolute path)
out=$(PATH=/nonexistent "$FAIRSH" -c "$SETUP; plot dist plain fair" 2>&1)
st=$?
[ $st -eq 1 ] || fail "missing gnuplot: exit status $st, not 1"
echo "$out" | grep -q "plot: gnuplot not found in PATH (install the Debian package gnuplot-nox, or set FAIRSH_GNUPLOT / 'set plot.gnuplot PATH'); script kept at $TMPDIR/fairsh-[A-Za-z0-9]*/plot-1.gp" \
	|| fail "missing gnuplot message: $out"
kept=$(echo "$out" | sed -n 's/.*script kept at //p')
[ -s "$kept" ] || fail "the kept script $kept does not exist"
grep -q '^unset multiplot' "$kept" || fail "the kept script is incomplete"
rm -rf "$TMPDIR"/fairsh-*

# FAIRSH_GNUPLOT and set plot.gnuplot: a wrong path is named; then the REPL goes on
out=$(FAIRSH_GNUPLOT=/nonexistent/gp "$FAIRSH" --keep-going -c "$SETUP; plot dist plain; show settings" 2>&1)
echo "$out" | grep -q "gnuplot '/nonexistent/gp' (from FAIRSH_GNUPLOT) is not an executable file" || fail "FAIRSH_GNUPLOT: $out"
echo "$out" | grep -q 'plot.terminal' || fail "the next command did not run after a failed plot"
rm -rf "$TMPDIR"/fairsh-*
# a gnuplot that fails: exit status named, script kept
out=$("$FAIRSH" -c "$SETUP; set plot.gnuplot /bin/false; plot dist plain" 2>&1)
[ $? -eq 1 ] || fail "failing gnuplot not an error"
echo "$out" | grep -q "plot: gnuplot exited with status 1; script kept at $TMPDIR/fairsh-" || fail "failing gnuplot: $out"
rm -rf "$TMPDIR"/fairsh-*
# the setting wins over the environment
out=$(FAIRSH_GNUPLOT=/nonexistent/gp "$FAIRSH" -c "$SETUP; set plot.gnuplot $(command -v gnuplot); plot dist plain to=ok.png" 2>&1) \
	|| fail "plot.gnuplot did not override FAIRSH_GNUPLOT: $out"
check_image ok.png png
# a missing gnuplot with script=: the script is where the user asked
out=$(PATH=/nonexistent "$FAIRSH" -c "$SETUP; plot roc plain script=keep.gp" 2>&1)
echo "$out" | grep -q "script kept at keep.gp" || fail "script= with missing gnuplot: $out"
[ -s keep.gp ] || fail "keep.gp not written"
check_clean

# bad requests
chk() {   # chk 'commands' 'expected message'
	out=$("$FAIRSH" -c "$SETUP; $1" 2>&1) && fail "'$1' succeeded"
	echo "$out" | grep -qF "$2" || fail "'$1': expected '$2', got: $out"
}
chk 'plot dist plain to=x.jpg' "the file name must end in .png, .svg or .pdf"
chk 'plot dist plain size=big' "size must be WIDTHxHEIGHT"
chk 'plot pie plain' "unknown plot 'pie'"
chk 'plot dist' "give one or more MODELs, or pred=COLUMN"
chk 'plot rates plain kind=ecdf' "kind= applies to 'plot dist' only"
chk 'plot dist nosuch' "nosuch"
chk 'plot dist plain kind=violin' "kind must be one of hist|density|ecdf"
chk 'set plot.terminal "x; system(1)"; plot dist plain' "plot.terminal must be auto, window, sixel, dumb or a gnuplot terminal name"
chk 'plot rates plain ci=1' "ci must be 0 (none) or at least 2"
chk 'predict plain; plot dist pred=plain_pred' "add score=COLUMN"
chk 'plot tradeoff plain' "usage: plot tradeoff MODEL with wasserstein"
chk 'plot tradeoff plain with wasserstein metric=nope' "unknown metric 'nope'"
chk 'plot dist plain by=nosuch' "nosuch"
out=$("$FAIRSH" -c "load demo:loans; target income; sensitive group; train ridge as r; wait; plot roc r" 2>&1) && fail "roc on regression"
echo "$out" | grep -q "needs a binary target" || fail "roc on regression: $out"
# plot.terminal dumb prints text even with a display
out=$(DISPLAY=:99 "$FAIRSH" -c "$SETUP; set plot.terminal dumb; plot dist plain" 2>&1) || fail "dumb terminal: $out"
echo "$out" | grep -q 'score distribution per group' || fail "plot.terminal dumb printed no text plot"
# auto with a display but a gnuplot without window terminals (gnuplot-nox):
# the text plot, sized to the terminal
if ! gnuplot -e 'print GPVAL_TERMINALS' 2>&1 | grep -qwE 'qt|wxt|x11'; then
	out=$(DISPLAY=:99 COLUMNS=90 LINES=28 "$FAIRSH" -c "$SETUP; plot dist plain" 2>&1) || fail "auto with DISPLAY: $out"
	echo "$out" | grep -q 'score distribution per group' || fail "no text fallback without a window terminal"
	w=$(echo "$out" | sed -n '/score distribution per group/,$p' | awk '{ if (length($0) > m) m = length($0) } END { print m }')
	[ "$w" -le 90 ] || fail "fallback text plot is $w columns wide for COLUMNS=90"
fi
check_clean
exit 0
