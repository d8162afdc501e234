# bench/lib.sh -- sourced by bench/*/run.sh (after `here` is set to the
# script's directory): the source tree, the build tree and the datasets,
# with no machine-specific paths.
#   bench_top            the top of the source tree
#   bench_build [DIR]    sets `build` to DIR (a script's BUILD_DIR argument,
#                        or the fairsh binary in it) or, when empty, $BUILD_DIR
#                        or the top of the source tree (where ./setup.sh
#                        builds); sets `libfair` to the core library built
#                        there, wherever the build puts it
#   bench_data NAME      prints the path of a real dataset, found as the tests
#                        find it (tests/lib/data.sh: FAIRSH_DATA, then
#                        share/fairsh/data, then ../shared/data); when missing
#                        says where it looked and returns 1
#   BENCH_CPPFLAGS       -I flags for compiling a benchmark against the core
#   BENCH_LIBS           libraries the core needs besides GSL (zlib, liblzma,
#                        libzstd: compressed input), after "$libfair"
# SPDX-License-Identifier: MIT

bench_top=$(cd "$here/../.." && pwd)
top_srcdir=${top_srcdir:-$bench_top}
. "$bench_top/tests/lib/data.sh"
BENCH_CPPFLAGS="-D_GNU_SOURCE -I$bench_top/include -I$bench_top/src -I$bench_top/src/core"
BENCH_LIBS="$(pkg-config --libs zlib liblzma libzstd 2>/dev/null || echo "-lz -llzma -lzstd") -lpthread"

bench_build() {
	build=${1:-${BUILD_DIR:-$bench_top}}
	[ -f "$build" ] && build=$(dirname "$build")   # the fairsh binary given
	build=$(cd "$build" 2>/dev/null && pwd) || { echo "bench: no build directory '${1:-${BUILD_DIR:-$bench_top}}'" >&2; exit 1; }
	# the shallowest libfair.a: the build's own, not one of a build-*/ inside it
	libfair=$(find "$build" -name libfair.a 2>/dev/null | awk '{ print gsub("/", "/"), $0 }' | sort -n |
	          head -n 1 | cut -d' ' -f2-)
	if [ -z "$libfair" ]; then
		echo "bench: no libfair.a under $build: build fairsh there first (./setup.sh, or configure && make)" >&2
		exit 1
	fi
}

bench_data() {   # D=$(bench_data adult.csv) || exit 1
	data_find "$1" && return 0
	echo "bench: $1 (or .xz/.gz/.zst) not found in $(data_where); set FAIRSH_DATA to its directory" >&2
	return 1
}
