#!/bin/sh
# check-symbols.sh -- libfair.a exports only fair_* names, and a folder's
# private names (fair__FOLDER_*, declared in src/core/FOLDER/FOLDER-private.h)
# are defined and used in that folder only (doc/architecture.md).
lib="$top_builddir/src/core/libfair.a"
[ -f "$lib" ] || { echo "missing $lib"; exit 99; }
status=0
bad=$(nm -g --defined-only "$lib" | awk 'NF==3 {print $3}' | grep -v '^fair_' | grep -v '^__odr_asan\.' | grep -v '^__' | sort -u)
if [ -n "$bad" ]; then
	echo "symbols without the fair_ prefix in libfair.a:"; echo "$bad"; status=1
fi
objs=$(find "$top_builddir/src/core" -name '*.o' | sort)
[ -n "$objs" ] || { echo "no object files under $top_builddir/src/core"; exit 99; }
for o in $objs; do
	f=$(basename "$(dirname "$o")")
	nm -P "$o" | awk -v f="$f" -v o="${o#"$top_builddir"/}" '
		$1 ~ /^fair__[a-z]+_/ && $2 ~ /^[TDBRCGSVWiU]$/ {
			p = substr($1, 7)
			p = substr(p, 1, index(p, "_") - 1)
			if (p != f)
				print o ": " ($2 == "U" ? "uses " : "defines ") $1 ", private to src/core/" p
		}'
done >"${TMPDIR:-/tmp}/check-symbols.$$"
if [ -s "${TMPDIR:-/tmp}/check-symbols.$$" ]; then
	echo "folder-private names used outside their folder:"
	cat "${TMPDIR:-/tmp}/check-symbols.$$"
	status=1
fi
rm -f "${TMPDIR:-/tmp}/check-symbols.$$"
exit $status
