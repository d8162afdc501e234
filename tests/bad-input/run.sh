#!/bin/sh
# run.sh -- the bad-input catalogue: every case of cases.tsv runs in batch
# mode (exit status and message checked, no crash, no sanitizer report),
# then all the `c` cases run again in ONE interactive session under tmux:
# after each bad command the prompt must come back and the next command
# must work. Large inputs (huge fields and lines, 10,000 levels) are made
# here, in a scratch directory, not kept in the repository.
#   cases.tsv: ID <TAB> HOW <TAB> COMMANDS <TAB> STATUS <TAB> MESSAGE
#   HOW: c (fairsh --batch -c COMMANDS; also run interactively),
#        b (the same, batch only: needs a fresh shell), argv (fairsh ARGS),
#        stdin (COMMANDS, with \n escapes, piped to fairsh).
#   MESSAGE: a fixed substring expected in stdout+stderr.
# BAD_INPUT_TTY=0 skips the interactive pass; BAD_INPUT_ONLY=ID runs one case.
: "${top_srcdir:?}" "${FAIRSH:?}"
cases="$top_srcdir/tests/bad-input/cases.tsv"
tmp=$(mktemp -d) || exit 99
T="tmux -L fairsh-bad-$$ -f /dev/null"
trap '$T kill-server 2>/dev/null; chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
ln -s "$top_srcdir/tests/bad-input/data" data || exit 99
mkdir gen gen/dir || exit 99

# ---- generated inputs ----
# a 16 MB quoted field (loads: one level of 16 MB)
awk 'BEGIN { s = "x"; while (length(s) < 16777216) s = s s; printf "a,b\n\"%s\",1\n", s }' >gen/huge-field.csv
# a 12 MB unquoted line of text in a 1-column file
awk 'BEGIN { s = "y"; while (length(s) < 12582912) s = s s; printf "a\n%s\n", s }' >gen/huge-line.csv
# 20,000 columns: over the 16,384 limit
awk 'BEGIN { for (i = 1; i <= 20000; i++) printf "c%d%s", i, i < 20000 ? "," : "\n";
             for (i = 1; i <= 20000; i++) printf "1%s", i < 20000 ? "," : "\n" }' >gen/too-many-columns.csv
# exactly 16,384 columns: accepted
awk 'BEGIN { for (r = 0; r < 3; r++) for (i = 1; i <= 16384; i++)
             printf "%s%s", r ? r : "c" i, i < 16384 ? "," : "\n" }' >gen/max-columns.csv
# deep quoting: a field of 500,000 doubled quotes, and one of nested quote runs
awk 'BEGIN { s = "\"\""; while (length(s) < 1000000) s = s s; printf "a,b\n\"%s\",1\n", s }' >gen/deep-quotes.csv
# a sensitive column with 10,000 levels (2 rows each)
awk 'BEGIN { print "x,s,y"; for (i = 0; i < 20000; i++) printf "%d,L%d,%s\n", i % 97, i % 10000, (i * 7) % 3 ? "yes" : "no" }' >gen/levels-10k.csv
# an identifier column with 28,000 levels among the features
awk 'BEGIN { print "id,x,g,y"; for (i = 0; i < 28000; i++) printf "ID%05d,%d,%s,%s\n", i, i % 13, i % 2 ? "a" : "b", (i % 13 > 6) ? "yes" : "no" }' >gen/ids.csv
# 300,000 rows x 8 numeric columns (about 19 MB in memory) for memory.limit
awk 'BEGIN { print "a,b,c,d,e,f,g,y"; for (i = 0; i < 300000; i++) printf "%d,%d,%d,%d,%d,%d,%d,%d\n", i, i % 7, i % 11, i % 13, i % 17, i % 19, i % 23, i % 2 }' >gen/big.csv
# numbers near the ends of the double range: the mean of +-1.7e308 (266
# positive, 134 negative of 400: 0.33 x 1.7e308 = 5.61e307) overflowed to inf
awk 'BEGIN { print "x,huge"; for (i = 0; i < 400; i++) printf "%d,%s\n", i, i % 3 ? "1.7e308" : "-1.7e308" }' >gen/huge-values.csv
# a 1 MB command word
awk 'BEGIN { s = "z"; while (length(s) < 1048576) s = s s; print s }' >gen/long-word.fsh
# `source` nested 20 deep
i=0
while [ $i -lt 20 ]; do echo "source gen/nest$((i + 1)).fsh" >gen/nest$i.fsh; i=$((i + 1)); done
echo "help quit" >gen/nest20.fsh
# a command line ending inside a quote, then end of file
printf 'load "gen/never\n' >gen/open-quote.fsh
# session files: a good one, then damaged copies
HOME=$tmp $FAIRSH --batch -c 'source data/setup.fsh; save gen/good.fsw' >gen/save.log 2>&1 ||
	{ echo "cannot make a session file:"; cat gen/save.log; exit 1; }
head -c 1000 gen/good.fsw >gen/truncated.fsw
echo '{"a": 1}' >gen/other.fsw
sed 's/"version":\t1,/"version":\t99,/' gen/good.fsw >gen/newer.fsw
sed 's/"version":\t1,/"version":\t-3,/' gen/good.fsw >gen/bad-version.fsw
sed 's/"base64":\t"AQ/"base64":\t"!!/' gen/good.fsw >gen/bad-base64.fsw
sed 's/"data_sha256":\t"[0-9a-f]*"/"data_sha256":\t"00"/' gen/good.fsw >gen/checksum.fsw
sed 's/"w":\t\[[^]]*\]/"w":\t[1, 2]/' gen/good.fsw >gen/short-weights.fsw
sed 's/"w":\t\[[^]]*\]/"w":\t"x"/' gen/good.fsw >gen/text-weights.fsw
sed 's/"d":\t11,/"d":\t1000000000000,/' gen/good.fsw >gen/huge-dim.fsw
sed 's/"levels":\t\["salaried", "self-employed", "unemployed"\]/"levels":\t[]/' gen/good.fsw >gen/no-levels.fsw
# found by tests/fuzz (fuzz-session): a shape beyond size_t; a shape whose product overflows
sed 's/"shape":\t\[5000\]/"shape":\t[1e111]/' gen/good.fsw >gen/shape-huge.fsw
sed 's/"dtype":\t"u8",/"dtype":\t"f64",/; s/"shape":\t\[5000\],/"shape":\t[4294967296, 4294967296],/; s/"base64":\t"[^"]*"/"base64":\t""/' \
	gen/good.fsw >gen/shape-overflow.fsw
# crafted sizes: MLP widths [11, 2^53, 2036, 1] whose parameter count wraps
# around 2^64 to 4073 (2^53 (11 + 1 + 2036) = 2^64; 2 x 2036 + 1 left), and a
# representation dimension spelt as a string beyond 2^53 (13 x 1418980313362273202
# = 2^64 + 10: a linear encoder of 11 inputs would need 11 parameters)
HOME=$tmp $FAIRSH --batch -c 'load demo:loans n=300; target approved positive=yes; sensitive group; split 0.7;
	train mlp hidden=3 epochs=2 as nn; train fairrep family=linear dim=4 epochs=2 as rep; wait; save gen/nets.fsw' \
	>gen/save.log 2>&1 || { echo "cannot make a session file:"; cat gen/save.log; exit 1; }
awk '/"widths":\t\[11, 3, 1\]/ { sub(/\[11, 3, 1\]/, "[11, 9007199254740992, 2036, 1]"); w = 1 }
     w == 1 && /"params":\t\[/ { s = "0.01"; for (i = 1; i < 4073; i++) s = s ", 0.01"; sub(/\[.*\]/, "[" s "]"); w = 2 }
     { print }' gen/nets.fsw >gen/mlp-widths-wrap.fsw
awk '/"dim":\t4,/ { sub(/4,/, "\"1418980313362273202\","); r = 1 }
     r == 1 && /"params":\t\[/ { s = "0.1"; for (i = 1; i < 11; i++) s = s ", 0.1"; sub(/\[.*\]/, "[" s "]"); r = 2 }
     { print }' gen/nets.fsw >gen/rep-dim-string.fsw
grep -q '2036, 1\]' gen/mlp-widths-wrap.fsw && grep -q '"1418980313362273202"' gen/rep-dim-string.fsw ||
	{ echo "gen/mlp-widths-wrap.fsw, gen/rep-dim-string.fsw: the damage did not apply"; exit 1; }
for f in shape-huge shape-overflow truncated newer bad-version bad-base64 checksum short-weights text-weights huge-dim no-levels; do
	cmp -s gen/good.fsw gen/$f.fsw && { echo "gen/$f.fsw: the damage did not apply"; exit 1; }
done
# output paths fairsh must not replace: a FIFO, the dataset being audited;
# (a name of 251 bytes, write-long-name, was too long with the old
# temporary suffix)
mkfifo gen/fifo || exit 99
cp data/one-class.csv gen/own.csv || exit 99
# a file we may not write over: a read-only directory (root ignores modes: skip then)
mkdir gen/ro && chmod 555 gen/ro

fail=0
n=0
san_re='ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer|WARNING: ThreadSanitizer'

check_output() {   # id status expected-status message file
	if [ "$2" -ge 128 ] || [ "$2" -eq 124 ]; then
		echo "FAIL $1: crashed or hung (status $2)"; tail -n 20 "$5"; return 1
	fi
	if grep -E -q "$san_re" "$5"; then
		echo "FAIL $1: sanitizer report"; grep -E -A 15 "$san_re" "$5" | head -n 40; return 1
	fi
	if [ "$2" != "$3" ]; then
		echo "FAIL $1: exit status $2, expected $3"; tail -n 20 "$5" | cut -c1-300; return 1
	fi
	if ! grep -F -q -- "$4" "$5"; then
		echo "FAIL $1: message not found: $4"; tail -n 20 "$5" | cut -c1-300; return 1
	fi
	return 0
}

TAB=$(printf '\t')
while IFS="$TAB" read -r id how cmds status msg; do
	case $id in ''|'#'*) continue ;; esac
	[ -n "${BAD_INPUT_ONLY:-}" ] && [ "$id" != "$BAD_INPUT_ONLY" ] && continue
	[ "$id" = ro-dir ] && [ "$(id -u)" -eq 0 ] && { echo "skip $id (running as root)"; continue; }
	n=$((n + 1))
	case $how in
	c|b) HOME=$tmp timeout 300 $FAIRSH --batch -c "$cmds" >out 2>&1 </dev/null ;;
	argv) eval "set -- $cmds"; HOME=$tmp timeout 300 $FAIRSH "$@" >out 2>&1 </dev/null ;;
	stdin) printf '%b' "$cmds" | HOME=$tmp timeout 300 $FAIRSH >out 2>&1 ;;
	*) echo "FAIL $id: unknown HOW '$how'"; fail=$((fail + 1)); continue ;;
	esac
	st=$?
	if check_output "$id" "$st" "$status" "$msg" out; then
		# the log doubles as the table of what fairsh says
		printf 'ok   %s\t%s\t%s\n' "$id" "$st" "$(grep -F -- "$msg" out | head -n 1 | cut -c1-240)"
	else
		fail=$((fail + 1))
	fi
done <"$cases"
echo "batch: $n cases, $fail failed"

# ---- the same cases in one interactive session ----
if [ "${BAD_INPUT_TTY:-1}" = 0 ]; then
	[ $fail -eq 0 ]; exit $?
fi
if ! command -v tmux >/dev/null 2>&1; then
	echo "tmux is not installed (./setup.sh test installs it): interactive pass skipped"
	[ -n "${CI:-}" ] && exit 1
	[ $fail -eq 0 ]; exit $?
fi
screen() { $T capture-pane -p -J -S -; }
wait_screen() {   # text timeout-seconds
	i=0
	while [ $i -lt $(($2 * 10)) ]; do
		screen | grep -F -q -- "$1" && return 0
		sleep 0.1; i=$((i + 1))
	done
	return 1
}
$T start-server \; set-option -g history-limit 50000 \; \
	new-session -d -x 200 -y 50 "cd $tmp && HOME=$tmp TERM=xterm $FAIRSH; echo FAIRSH-EXITED \$?; sleep 600" || exit 99
wait_screen 'fairsh>' 20 || { echo "FAIL: no prompt"; screen; exit 1; }
# messages whole on one line, to be found whatever their length
$T send-keys -l -- "set width 0"
$T send-keys Enter
k=0
while IFS="$TAB" read -r id how cmds status msg; do
	case $id in ''|'#'*) continue ;; esac
	[ "$how" = c ] || continue
	[ -n "${BAD_INPUT_ONLY:-}" ] && [ "$id" != "$BAD_INPUT_ONLY" ] && continue
	[ "$id" = ro-dir ] && [ "$(id -u)" -eq 0 ] && continue
	k=$((k + 1))
	# no screen clearing (it raced with the output): the case's output is
	# what follows the previous case's clean-up marker in the history
	$T send-keys -l -- "$cmds"
	$T send-keys Enter
	# the next command must work: a setting we can read back
	$T send-keys -l -- "set seed $((7000 + k)); show settings format=csv"
	$T send-keys Enter
	if ! wait_screen "seed,$((7000 + k))" 300; then
		echo "FAIL $id (interactive): the prompt did not come back"; screen | tail -n 30 | cut -c1-200
		fail=$((fail + 1))
		break
	fi
	if [ $k -gt 1 ]; then
		screen | sed -n "/seed,$((90000 + k - 1))/,\$p" >scr
	else
		screen >scr
	fi
	if grep -F -q FAIRSH-EXITED scr; then
		echo "FAIL $id (interactive): fairsh exited"; tail -n 30 scr; fail=$((fail + 1)); break
	fi
	if grep -E -q "$san_re" scr; then
		echo "FAIL $id (interactive): sanitizer report"; fail=$((fail + 1)); break
	fi
	if ! grep -F -q -- "$msg" scr; then
		echo "FAIL $id (interactive): message not found: $msg"; tail -n 20 scr | cut -c1-200
		fail=$((fail + 1))
	else
		echo "ok   $id (interactive)"
	fi
	# leave a clean shell for the next case, and wait until it is idle so
	# that the next case's keys never arrive while a command still runs
	$T send-keys -l -- "set memory.limit 0; set seed $((90000 + k)); show settings format=csv"
	$T send-keys Enter
	wait_screen "seed,$((90000 + k))" 60 || { echo "FAIL $id (interactive): no prompt after the clean-up"; fail=$((fail + 1)); break; }
done <"$cases"
$T send-keys C-d
wait_screen 'FAIRSH-EXITED 0' 20 || { echo "FAIL: Ctrl-D did not leave fairsh with status 0"; screen | tail -n 10; fail=$((fail + 1)); }
echo "interactive: $k cases; $fail failures in total"
[ $fail -eq 0 ]
