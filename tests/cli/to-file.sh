#!/bin/sh
# to-file.sh -- to=FILE on every command that produces a result: the file
# holds exactly what the command prints with the same format, the format
# comes from the extension unless format= says otherwise, stdout stays
# empty and stderr confirms; Markdown tables are titled and separated; a
# failing command or a bad name writes nothing; the file is replaced
# atomically (no temporary file is left, a reader never sees half of it).
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
bad=0
fail() { echo "FAIL: $*"; bad=1; }
F() { HOME=$tmp "$FAIRSH" "$@"; }
SETUP='load demo:loans n=2000 seed=4 as loans; target approved positive=yes; sensitive group privileged=majority;
  split 0.7 seed=4; train logreg as a; train logreg C=0.01 as b; wait'

# every command of the issue (and the other table commands), each format
for cmd in 'audit a ci=20' 'compare a b' 'tradeoff a with wasserstein alpha=0,1' 'describe' 'head 4' 'models' \
           'jobs' 'methods' 'explain' 'explain deo' 'columns' 'sessions' 'show settings' \
           'check demographic_parity_ratio >= 0.5 a' 'datasets' 'datasets adult' 'explain adult'; do
	for ext in json csv md txt; do
		case $ext in json) fmt=json ;; csv) fmt=csv ;; md) fmt=markdown ;; txt) fmt=table ;; esac
		rm -f r.$ext
		F -c "$SETUP; $cmd format=$fmt" > want.$ext 2>/dev/null || { fail "$cmd format=$fmt"; continue; }
		F -c "$SETUP; $cmd to=r.$ext" > out 2> err || { fail "$cmd to=r.$ext: exit $?"; cat err; continue; }
		[ -s out ] && fail "$cmd to=r.$ext: something on stdout: $(head -c 200 out)"
		name=${cmd%% *}
		grep -qx "wrote the $name result ($fmt) to 'r.$ext'" err || fail "$cmd to=r.$ext: no confirmation: $(tail -n 1 err)"
		# jobs: the elapsed time may differ between the two runs
		if [ "$name" = jobs ]; then
			[ -s r.$ext ] || fail "jobs to=r.$ext: empty"
		else
			cmp -s want.$ext r.$ext || { diff want.$ext r.$ext | head -n 5; fail "$cmd to=r.$ext differs from format=$fmt"; }
		fi
	done
done
# the extension decides unless format= is given; a name without extension
# takes the `set format` default
F -c "$SETUP; audit a to=x.csv format=json; audit a to=plain; set format csv; audit a to=plain2" 2>/dev/null
/usr/bin/python3 -c 'import json; json.load(open("x.csv"))' || fail "format= over the extension"
head -c 12 plain | grep -q '^Audit of' || fail "no extension: table"
head -n 1 plain2 | grep -qx 'model,kind,name,group,value,n,ci_low,ci_high,limit,status,group_a,group_b' ||
	fail "no extension after set format csv"
# Markdown: every table titled, tables separated by a blank line
F -c "$SETUP; audit a ci=20 distances=yes to=a.md" 2>/dev/null
# (groups, metrics, the groups' rate intervals, distances)
[ "$(grep -c '^\*\*' a.md)" -eq 4 ] || fail "Markdown: not 4 titled tables"
grep -qx '\*\*Fairness metrics\*\*' a.md || fail "Markdown: the metrics title"
grep -qx '\*\*Group rates with 95% Wilson intervals\*\*' a.md || fail "Markdown: the rate intervals title"
awk '/^\*\*/ && NR > 1 && prev != "" { exit 1 } { prev = $0 }' a.md || fail "Markdown: no blank line before a title"
grep -c '^| ---' a.md | grep -qx 4 || fail "Markdown: 4 header rules"
# errors: nothing written
out=$(F -c "$SETUP; audit nosuch to=e.json" 2>&1)
[ -e e.json ] && fail "a failed command wrote its file"
echo "$out" | grep -q "no model named 'nosuch'" || fail "failed command: $out"
out=$(F -c "$SETUP; audit a to=e.pdf" 2>&1)
echo "$out" | grep -qF "fairsh: audit: cannot tell the format of 'e.pdf' from its extension: name it .txt, .csv, .json or .md, or give format=" ||
	fail "unknown extension: $out"
out=$(F -c "$SETUP; audit a to=e.xml" 2>&1)
echo "$out" | grep -qF "JUnit XML (.xml) is written by 'check' only" || fail ".xml for audit: $out"
out=$(F -c "$SETUP; audit a to=" 2>&1)
echo "$out" | grep -qF "fairsh: audit: to= needs a file name" || fail "empty to=: $out"
out=$(F -c "$SETUP; audit a to=nodir/x.json" 2>&1)
echo "$out" | grep -qF "fairsh: audit: cannot write 'nodir/x.json': No such file or directory" || fail "no directory: $out"
ls | grep -q '\.tmp\.' && fail "a temporary file was left: $(ls | grep '\.tmp\.')"
# atomic replacement: a reader sees the old file or the new one, never half
F -c "$SETUP; head 2000 to=big.csv" 2>/dev/null
old=$(wc -c < big.csv)
( i=0; while [ $i -lt 200 ]; do n=$(wc -c < big.csv); [ "$n" -eq "$old" ] || { echo "size $n"; exit 1; }; i=$((i + 1)); done ) &
reader=$!
F -c "$SETUP; head 2000 to=big.csv; head 2000 to=big.csv; head 2000 to=big.csv" 2>/dev/null
wait $reader || fail "a reader saw a partly written file"
exit $bad
