#!/bin/sh
# run-fsh.sh -- run a script test: `fairsh --batch --echo -f X.fsh` from the
# source directory, stdout and stderr together plus the exit status, compared
# with X.out. Paths of temporary files are replaced by TMP.
fsh=$1
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
rel="tests/cli/${fsh##*/tests/cli/}"
case $fsh in /*) ;; *) fsh=$(pwd)/$fsh ;; esac
[ -n "${FSH_REGEN:-}" ] && : # (never regenerate blindly: expected files are checked by hand)
exp="${fsh%.fsh}.out"
# run in a scratch directory (the source tree may be read-only, as in
# distcheck) where tests/ points at the sources
ln -s "$top_srcdir/tests" "$tmp/tests" || exit 99
cd "$tmp" || exit 99
TMPDIR=$tmp; export TMPDIR
FAIRSH_TMP=$tmp; export FAIRSH_TMP
opts=""
grep -q "^# options: --keep-going" "$rel" && opts="--keep-going"
HOME=$tmp "$FAIRSH" --batch --echo $opts -f "$rel" >"$tmp/actual" 2>&1
echo "exit: $?" >>"$tmp/actual"
sed -e "s|$tmp|TMP|g" -e 's/time: [0-9.]* s/time: T s/' -e 's/done in [0-9.]* s/done in T s/' "$tmp/actual" >"$tmp/actual.n"
if diff -u "$exp" "$tmp/actual.n"; then
	exit 0
fi
echo "FAIL: $rel (expected $exp)"
exit 1
