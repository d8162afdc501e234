#!/bin/sh
# memory-release.sh -- finished jobs keep no training data and a closed
# session gives its memory back. fairsh reads commands from a FIFO; its
# resident size (VmRSS of /proc/PID/status) is read after each step. On a
# million-row demo:loans session (about 45 MB of data) each `train` kept its
# snapshot (rows, targets, groups: about 13 MB) and a closed session kept
# 86 MB (294 MB reported on a larger session); now a model keeps a bit per
# row and the session's memory returns. Linux only (skipped elsewhere).
tmp=$(mktemp -d) || exit 99
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
fail() { echo "FAIL: $*"; exit 1; }
[ -r /proc/self/status ] || { echo "no /proc: skipped"; exit 77; }
# a sanitizer keeps freed memory in quarantine and maps shadow memory: the
# resident size says nothing about what fairsh holds
grep -q -a -e '__asan_init' -e '__tsan_init' -e '__msan_init' "$FAIRSH" 2>/dev/null &&
	{ echo "sanitizer build: skipped"; exit 77; }
mkfifo in || exit 99
HOME=$tmp "$FAIRSH" <in >out 2>&1 &
pid=$!
exec 3>in
k=0
rss() { awk '/^VmRSS/ { print int($2 / 1024) }' /proc/$pid/status; }
step() {   # run $1, wait until it is done; the resident MB in $mb
	k=$((k + 1))
	echo "$1" >&3
	echo "set seed $((500 + k)); show settings format=csv" >&3
	i=0
	until grep -q "^seed,$((500 + k))\$" out; do
		sleep 0.1; i=$((i + 1))
		[ $i -gt 3000 ] && { cat out; fail "no answer to: $1"; }
	done
	mb=$(rss)
}
step 'load demo:loans n=100 as small'
step 'load demo:loans n=1000000 as big; target approved positive=yes; sensitive group; split 0.7'
base=$mb
step 'train logreg as m1; wait'
t1=$mb
step 'train logreg C=2 as m2; wait; train logreg C=3 as m3; wait'
t3=$mb
step 'close big'
closed=$mb
echo quit >&3
exec 3>&-
wait $pid
pid=""
echo "resident MB: loaded $base, one model $t1, three models $t3, closed $closed"
# two more models: a bit per row each (0.1 MB), not 13 MB each
[ $((t3 - t1)) -le 6 ] || fail "two more models added $((t3 - t1)) MB"
# the closed session's data (45 MB) and models are gone
[ $((base - closed)) -ge 35 ] || fail "closing the session gave back $((base - closed)) MB of $base"
echo "ok"
