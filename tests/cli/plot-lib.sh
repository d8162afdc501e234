# plot-lib.sh -- shared set-up for the plot-*.sh tests (sourced, not run):
# a private TMPDIR (to find left-over temporary files), no display, a fixed
# text size, the demo session, and checks of image files.
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
mkdir "$tmp/t" || exit 99
TMPDIR=$tmp/t; export TMPDIR
HOME=$tmp; export HOME
unset DISPLAY COLUMNS LINES FAIRSH_GNUPLOT
command -v gnuplot >/dev/null 2>&1 || {
	echo "gnuplot is not installed (apt-get install gnuplot-nox)"
	[ -n "${CI:-}" ] && exit 1
	exit 77
}
SETUP='load demo:loans bias=1 seed=1; target approved positive=yes; sensitive group; split 0.7 seed=1;
  train logreg as plain; wait; correct plain with wasserstein as fair'

fail() { echo "FAIL: $*"; exit 1; }

# check_image FILE png|svg|pdf: right magic bytes and more than 5 kB
check_image() {
	[ -f "$1" ] || fail "$1 was not written"
	size=$(wc -c <"$1")
	[ "$size" -gt 5000 ] || fail "$1 is only $size bytes"
	case $2 in
	png) [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "$1 is not a PNG" ;;
	svg) head -c 400 "$1" | grep -q '<svg' || fail "$1 is not an SVG"
	     tail -c 20 "$1" | grep -q '</svg>' || fail "$1 is a truncated SVG" ;;
	pdf) [ "$(head -c 5 "$1")" = "%PDF-" ] || fail "$1 is not a PDF" ;;
	esac
}

# no fairsh-* directory may be left in TMPDIR
check_clean() {
	left=$(ls -A "$TMPDIR")
	[ -z "$left" ] || fail "temporary files left in TMPDIR: $left"
}
