#!/bin/sh
# save-errors.sh -- `open` refuses a newer format version, a truncated or
# corrupt file, an empty or foreign file, a dataset whose checksum changed and
# a missing dataset, each with its exact message, and never half-loads: the
# sessions open before stay as they were. `save` refuses an unwritable path.
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
fail() { echo "FAIL: $*"; exit 1; }
F() { HOME=$tmp "$FAIRSH" --keep-going -c "$1" 2>&1; }

cp "$top_srcdir/tests/data/toy12.csv" toy.csv
F 'load toy.csv as toy; target y positive=1; sensitive sex; train logreg as m; wait; save ws.json' > s.out ||
	{ cat s.out; fail "save"; }
sed 's/"version":	1,/"version":	2,/' ws.json > newer.json
head -c 700 ws.json > trunc.json
sed '5s/^/@@/' ws.json > corrupt.json
echo '{"format": "something-else", "version": 1}' > other.json
: > empty.json

# $1 = file, $2 = the exact message
check() {
	out=$(F "load demo:loans n=100 as keep; open $1; sessions")
	echo "$out" | grep -qxF "fairsh: open: $2" || { echo "$out"; fail "message for $1"; }
	echo "$out" | grep -q '^\* *keep  *100 ' || { echo "$out"; fail "$1: the open sessions changed (half-loaded)"; }
	[ "$(echo "$out" | grep -c '^[ *] *toy ')" -eq 0 ] || { echo "$out"; fail "$1: part of the file was loaded"; }
}
check newer.json "'newer.json' has format version 2 (written by fairsh 0.1.0); this fairsh (fairsh 0.1.0) reads version 1 and older; open it with a newer fairsh"
check trunc.json "'trunc.json' is truncated: the JSON stops after 700 bytes (parse error at line 29, column 6); nothing was loaded (save again, or use a backup of the file)"
check corrupt.json "'corrupt.json' is corrupt: not valid JSON at line 5, column 2 (byte 81); nothing was loaded (save again, or use a backup of the file)"
check other.json "'other.json' is not a fairsh session file (no \"format\": \"fairsh-workbench\" with a version)"
check empty.json "'empty.json' is empty; nothing was loaded (save again, or use a backup of the file)"
check nosuch.json "cannot open 'nosuch.json': No such file or directory"

# the dataset changed: one more row
cp toy.csv toy.orig
echo "13,M,B,1,0,0.1" >> toy.csv
check ws.json "session 'toy': its dataset '$tmp/toy.csv' has changed since 'ws.json' was saved (SHA-256 $(sha256sum toy.csv | cut -c1-12)..., was $(sha256sum toy.orig | cut -c1-12)...; $(wc -c < toy.csv) bytes, was $(wc -c < toy.orig)); restore the original file, or load the new data and redo the set-up and training; nothing was loaded"
# the dataset is missing
rm toy.csv
check ws.json "session 'toy': its dataset '$tmp/toy.csv' is missing (No such file or directory); put the file back there, or load the data again and redo the set-up; nothing was loaded"
# back in place: it opens
cp toy.orig toy.csv
out=$(F 'open ws.json; models') ; echo "$out" | grep -q "opened 'ws.json': 1 session, 1 model; current session toy" || { echo "$out"; fail "open after restoring the file"; }

# a model whose tables were damaged: a clear message, nothing loaded
sed 's/"pipeline":/"pipe_line":/' ws.json > damaged.json
check damaged.json "session 'toy': saved model 1: saved data: field 'pipeline' is missing; nothing was loaded"

# save refuses a path it cannot write and leaves no temporary file behind
out=$(F 'load demo:loans n=50; save nodir/x.json')
echo "$out" | grep -qF "fairsh: save: cannot write 'nodir/x.json': No such file or directory" || { echo "$out"; fail "save to a missing directory"; }
ls | grep -q '\.tmp\.' && fail "temporary file left behind"
exit 0
