#!/bin/sh
# load-compressed.sh -- `load` on files made by the gzip, xz and zstd
# programs (encoders independent of fairsh's reader), on standard input
# (`load -`), a pipe, a FIFO and a shell's process substitution: each gives
# the same session as the plain file (describe and head compared), members
# concatenated by cat too. Damaged files are refused with the file and the
# byte offset, nothing loaded; `load -` is refused when standard input
# carries the commands. The shipped datasets: `datasets check` passes on the
# shipped copies, `datasets NAME` names the file found, FAIRSH_DATA comes
# first, and a file that is not the documented data is caught.
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
fail() { echo "FAIL: $*"; exit 1; }
F() { HOME=$tmp "$FAIRSH" --batch --keep-going -c "$1" 2>&1; }
for p in gzip xz zstd; do
	command -v $p >/dev/null 2>&1 || { echo "$p is not installed (./setup.sh test installs it)"; exit 1; }
done

# 120,000 rows (about 3 MB: several pieces of the decompression thread),
# with quoted fields that hold a comma, doubled quotes and a line break
awk 'BEGIN { print "id,x,g,note,y"; for (i = 0; i < 120000; i++)
	printf "%d,%.3f,%s,%s,%d\n", i, (i * 37 % 1000) / 7, i % 3 ? "a" : "b",
	       i % 97 == 0 ? "\"two\nlines, \"\"q\"\"\"" : "n" i % 11, i % 2 }' >data.csv
Q='describe; head 3; columns'
ref=$(F "load data.csv as d; $Q")
echo "$ref" | grep -q '^d: 120000 rows x 5 columns' || { echo "$ref"; fail "the plain file"; }

for z in gzip xz zstd; do
	case $z in gzip) ext=gz ;; xz) ext=xz ;; zstd) ext=zst ;; esac
	$z -q -c data.csv >data.csv.$ext
	out=$(F "load data.csv.$ext as d; $Q")
	[ "$out" = "$ref" ] || { echo "$out"; fail "$z file"; }
	F "load data.csv.$ext" | grep -qx "loaded 120000 rows x 5 columns as session 'data'" || fail "$z: session name"
	# the name does not matter, the content does
	cp data.csv.$ext renamed.csv
	out=$(F "load renamed.csv as d; $Q")
	[ "$out" = "$ref" ] || fail "$z file named .csv"
	# standard input from the file, and from a pipe
	out=$(HOME=$tmp "$FAIRSH" --batch -c "load - as d; $Q" <data.csv.$ext 2>&1)
	[ "$out" = "$ref" ] || { echo "$out"; fail "$z on standard input (a file)"; }
	out=$(cat data.csv.$ext | HOME=$tmp "$FAIRSH" --batch -c "load - as d; $Q" 2>&1)
	[ "$out" = "$ref" ] || { echo "$out"; fail "$z on standard input (a pipe)"; }
	# a FIFO
	mkfifo fifo.$ext
	cat data.csv.$ext >fifo.$ext &
	out=$(F "load fifo.$ext as d; $Q")
	wait
	[ "$out" = "$ref" ] || { echo "$out"; fail "$z through a FIFO"; }
	# two members / streams / frames made separately, joined by cat
	head -n 50001 data.csv | $z -q -c >part1
	tail -n +50002 data.csv | $z -q -c >part2
	cat part1 part2 >joined.$ext
	out=$(F "load joined.$ext as d; $Q")
	[ "$out" = "$ref" ] || { echo "$out"; fail "$z: two parts joined"; }
	# cut short: an error with the file and the offset, nothing loaded
	head -c 5000 data.csv.$ext >cut.$ext
	out=$(F "load cut.$ext; sessions")
	echo "$out" | grep -qF "fairsh: load: cut.$ext: truncated $z data: the input ends at byte 5000" ||
		{ echo "$out"; fail "$z: truncated file"; }
	echo "$out" | grep -q "^no sessions" || { echo "$out"; fail "$z: a truncated file loaded something"; }
	out=$(head -c 5000 data.csv.$ext | HOME=$tmp "$FAIRSH" --batch -c 'load -' 2>&1)
	echo "$out" | grep -qF "fairsh: load: /dev/stdin: truncated $z data: the input ends at byte 5000" ||
		{ echo "$out"; fail "$z: truncated pipe"; }
done

# a shell's process substitution (bash): /dev/fd/N, a pipe
if command -v bash >/dev/null 2>&1; then
	out=$(HOME=$tmp FAIRSH=$FAIRSH Q=$Q bash -c '"$FAIRSH" --batch -c "load "<(xz -dc data.csv.xz)" as d; $Q"' 2>&1)
	[ "$out" = "$ref" ] || { echo "$out"; fail "process substitution"; }
fi

# damage in the middle of an xz file: its checksum catches it
cp data.csv.xz bad.xz
printf 'XXXX' | dd of=bad.xz bs=1 seek=20000 conv=notrunc 2>/dev/null
out=$(F 'load bad.xz')
echo "$out" | grep -qE "^fairsh: load: bad.xz: corrupt xz data at byte [0-9]+ of the compressed input" ||
	{ echo "$out"; fail "corrupt xz"; }

# load - needs standard input free of commands
out=$(echo 'load -' | HOME=$tmp "$FAIRSH" 2>&1)
echo "$out" | grep -qF "load -: standard input carries the commands here" || { echo "$out"; fail "load - with commands on stdin"; }

# ---- the shipped datasets ----
share=$top_srcdir/share/fairsh/data
out=$(FAIRSH_DATA=$share F 'datasets check format=csv')
exp='name,file,rows,columns,sha256,status
adult,adult.csv.xz,48842,16,d99d5b2c07ff6c7e,ok
compas,compas.csv.xz,7214,53,49cc8be6a832db0e,ok
german,german.csv.xz,1000,22,bfba5ba1784690e0,ok
communities,communities.csv.xz,1994,128,748b3de18ff7f09f,ok
law_school,law_school.csv.xz,21791,9,8aeab3ca68abd759,ok
drug_consumption,drug_consumption.csv.xz,1885,32,682856160c57e968,ok
bank,bank.csv.xz,45211,17,b44507c26634736d,ok
arrhythmia,arrhythmia.csv.xz,452,280,91b00eca613a6301,ok'
[ "$out" = "$exp" ] || { echo "$out"; fail "datasets check on the shipped copies"; }
# without FAIRSH_DATA (or with a directory that lacks them): the source tree's copies
out=$(FAIRSH_DATA=/nonexistent F 'datasets adult')
echo "$out" | grep -qxF "  file:      $share/adult.csv.xz" || { echo "$out"; fail "datasets adult: the file"; }
out=$(env -u FAIRSH_DATA HOME=$tmp "$FAIRSH" --batch -c 'load german setup=yes' 2>&1)
echo "$out" | grep -q "^> features all-except=personal_status_sex" || { echo "$out"; fail "load german without FAIRSH_DATA"; }
# FAIRSH_DATA comes first; a file that is not the documented data is caught
mkdir mine
head -n 101 "$FAIRSH_DATA/german.csv" >mine/german.csv 2>/dev/null || xz -dc "$share/german.csv.xz" | head -n 101 >mine/german.csv
out=$(FAIRSH_DATA=$tmp/mine F 'load german; datasets check')
echo "$out" | grep -qxF "loaded 100 rows x 22 columns as session 'german'" || { echo "$out"; fail "FAIRSH_DATA first"; }
echo "$out" | grep -qF "fairsh: warning: '$tmp/mine/german.csv' is not the shipped german data (1000 rows x 22 columns)" ||
	{ echo "$out"; fail "warning for another file"; }
echo "$out" | grep -qF "fairsh: warning: $tmp/mine/german.csv: not the data of dataset 'german' (SHA-256" ||
	{ echo "$out"; fail "datasets check names the file"; }
echo "$out" | grep -qF "fairsh: datasets: 1 of 8 dataset files are missing or not the documented data" ||
	{ echo "$out"; fail "datasets check fails"; }
exit 0
