#!/bin/sh
# check-symbols.sh -- libfair.a exports only fair_* names.
lib="$top_builddir/src/core/libfair.a"
[ -f "$lib" ] || { echo "missing $lib"; exit 99; }
bad=$(nm -g --defined-only "$lib" | awk 'NF==3 {print $3}' | grep -v '^fair_' | grep -v '^__odr_asan\.' | grep -v '^__' | sort -u)
if [ -n "$bad" ]; then
	echo "symbols without the fair_ prefix in libfair.a:"; echo "$bad"; exit 1
fi
exit 0
