# data.sh -- sourced by the shell tests (and bench/lib.sh): where the real
# datasets are, and the one rule when one is missing; the same lookup and
# rule as tests/unit/testdata.h (C) and tests/unit/testdata.py.
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
# data_find NAME prints the path or returns 1, silently; data_where prints
# the places looked in.
# SPDX-License-Identifier: MIT

data_find() {
	for _td_dir in ${FAIRSH_DATA:+"$FAIRSH_DATA"} "${top_srcdir:-.}/share/fairsh/data" \
	               "${top_srcdir:-.}/../shared/data"; do
		for _td_ext in "" .xz .gz .zst; do
			if [ -f "$_td_dir/$1$_td_ext" ] && [ -r "$_td_dir/$1$_td_ext" ]; then
				echo "$_td_dir/$1$_td_ext"
				return 0
			fi
		done
	done
	return 1
}

data_where() {
	echo "${FAIRSH_DATA:+FAIRSH_DATA=$FAIRSH_DATA, }${top_srcdir:-.}/share/fairsh/data, ${top_srcdir:-.}/../shared/data"
}

test_data() {
	data_find "$1" && return 0
	if [ -n "${CI:-}" ]; then
		echo "FAIL: $1 (or .xz/.gz/.zst) not found in $(data_where); CI is set, so missing data is a failure" >&2
		return 1
	fi
	echo "SKIP: $1 (or .xz/.gz/.zst) not found in $(data_where)" >&2
	return 77
}
