#!/bin/sh
# check-deps-test.sh -- check-deps.sh must fail on a deliberate cycle and on
# a call against the layer order, and pass on a clean shape: tiny objects
# compiled here ($CC, default cc) in folders named after layers.
set -u
here=$(cd "$(dirname "$0")" && pwd)
CC=${CC:-cc}
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
command -v "$CC" >/dev/null 2>&1 || { echo "no C compiler ($CC)"; exit 77; }
fail=0

obj() {   # obj FOLDER NAME 'C source'
	mkdir -p "$tmp/$1"
	printf '%s\n' "$3" >"$tmp/$1/$2.c"
	"$CC" -c -o "$tmp/$1/$2.o" "$tmp/$1/$2.c" || { echo "cannot compile $1/$2.c"; exit 99; }
}

expect() {   # expect STATUS PATTERN DESCRIPTION OBJ...
	st=$1 pat=$2 what=$3
	shift 3
	out=$(sh "$here/check-deps.sh" "$@" 2>&1)
	rc=$?
	if [ "$rc" -ne "$st" ] || ! printf '%s\n' "$out" | grep -q -- "$pat"; then
		echo "FAIL: $what: exit $rc (expected $st), output:"
		printf '%s\n' "$out"
		fail=1
	else
		echo "ok: $what: $(printf '%s\n' "$out" | grep -- "$pat" | head -n 1)"
	fi
}

obj base util 'int fair_util(int x) { return x + 1; }'
obj data frame 'int fair_util(int); int fair_frame(int x) { return fair_util(x) * 2; }'
obj data ping 'int fair_pong(int); int fair_ping(int x) { return x > 0 ? fair_pong(x - 1) : 0; }'
obj data pong 'int fair_ping(int); int fair_pong(int x) { return x > 0 ? fair_ping(x - 1) : 1; }'
obj base up 'int fair_frame(int); int fair_up(int x) { return fair_frame(x); }'
obj gui view 'int fair_frame(int); int fair_view(int x) { return fair_frame(x); }'
obj learn a 'int fair_c(int); int fair_a(int x) { return fair_c(x); }'
obj learn b 'int fair_a(int); int fair_b(int x) { return fair_a(x); }'
obj learn c 'int fair_b(int); int fair_c(int x) { return fair_b(x); }'

expect 0 'no cycle' 'clean: data calls base' "$tmp/base/util.o" "$tmp/data/frame.o"
expect 1 'cycle: data/ping -> data/pong -> data/ping (fair_pong, fair_ping)' 'two files that call each other' \
	"$tmp/base/util.o" "$tmp/data/frame.o" "$tmp/data/ping.o" "$tmp/data/pong.o"
expect 1 'cycle: learn/a -> learn/c -> learn/b -> learn/a (fair_c, fair_b, fair_a)' 'a three-file cycle' \
	"$tmp/learn/a.o" "$tmp/learn/b.o" "$tmp/learn/c.o"
expect 1 'layer: base/up calls data/frame (fair_frame): base may not call data' 'base calls data' \
	"$tmp/base/util.o" "$tmp/data/frame.o" "$tmp/base/up.o"
expect 1 'folder gui (gui/view) is not in the layer table (layers.txt)' 'a folder outside the table' \
	"$tmp/base/util.o" "$tmp/data/frame.o" "$tmp/gui/view.o"
exit $fail
