# data.sh -- sourced by the shell tests (and the benchmark scripts): where
# the real datasets are, and the one rule when one is missing; the same
# lookup and rule as tests/unit/testdata.h (C) and tests/unit/testdata.py.
#
# Lookup, first hit wins: $FAIRSH_DATA, then $top_srcdir/share/fairsh/data
# (the datasets shipped with fairsh), then $top_srcdir/../shared/data; in
# each directory NAME, then NAME.xz, NAME.gz, NAME.zst. make check exports
# top_srcdir; elsewhere set it (default: the current directory).
#
#   . "$top_srcdir/tests/lib/data.sh"
#   D=$(test_data drug_consumption.csv) || exit $?
#
# test_data prints the path found; when missing it prints one line naming
# the file and the places looked in on stderr and returns 77 (automake's
# skip), or 1 when CI is set (a CI machine must have the data).
# SPDX-License-Identifier: MIT

test_data() {
	_td_top=${top_srcdir:-.}
	_td_where=""
	for _td_dir in ${FAIRSH_DATA:+"$FAIRSH_DATA"} "$_td_top/share/fairsh/data" "$_td_top/../shared/data"; do
		for _td_ext in "" .xz .gz .zst; do
			if [ -r "$_td_dir/$1$_td_ext" ] && [ -f "$_td_dir/$1$_td_ext" ]; then
				echo "$_td_dir/$1$_td_ext"
				return 0
			fi
		done
		if [ -z "$_td_where" ] && [ -n "${FAIRSH_DATA:-}" ]; then
			_td_where="FAIRSH_DATA=$_td_dir"
		else
			_td_where="${_td_where:+$_td_where, }$_td_dir"
		fi
	done
	if [ -n "${CI:-}" ]; then
		echo "FAIL: $1 (or .xz/.gz/.zst) not found in $_td_where; CI is set, so missing data is a failure" >&2
		return 1
	fi
	echo "SKIP: $1 (or .xz/.gz/.zst) not found in $_td_where" >&2
	return 77
}
