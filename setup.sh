#!/bin/sh
# setup.sh -- install what fairsh needs, build it, then run the demo or the tests.
#   ./setup.sh            install packages (when missing) and build
#   ./setup.sh demo       ... then run `fairsh --demo`
#   ./setup.sh test       ... then run the whole test suite (make check)
# Extra configure flags: CONFIGURE_FLAGS="--enable-werror" ./setup.sh test
# On Debian/Ubuntu it installs missing packages with apt-get (as root, or with
# sudo); elsewhere it prints the package names to install.
set -eu
cd "$(dirname "$0")"

BUILD_PKGS="gcc make autoconf automake pkg-config libgsl-dev libopenblas-dev libreadline-dev libncurses-dev libcjson-dev zlib1g-dev liblzma-dev libzstd-dev libxgboost-dev libsqlite3-dev libpq-dev"
RUN_PKGS="gnuplot-nox"
TEST_PKGS="tmux jq xz-utils zstd python3 python3-numpy python3-pandas python3-sklearn python3-statsmodels python3-pot python3-xgboost python3-psycopg2 postgresql chromium clang libclang-rt-14-dev"
PKGS="$BUILD_PKGS $RUN_PKGS"
[ "${1:-}" = test ] && PKGS="$PKGS $TEST_PKGS"

missing=""
if command -v dpkg-query >/dev/null 2>&1; then
	for p in $PKGS; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
	done
	if [ -n "$missing" ]; then
		echo "setup: installing:$missing"
		SUDO=""
		[ "$(id -u)" -ne 0 ] && SUDO="sudo"
		$SUDO apt-get update -qq
		DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
	fi
else
	echo "setup: not a Debian system; make sure these (or your system's equivalents) are installed:"
	echo "  $PKGS"
fi

if [ ! -x configure ] || [ configure.ac -nt configure ]; then
	autoreconf -fi
fi
if [ ! -f Makefile ] || [ -n "${CONFIGURE_FLAGS:-}" ]; then
	./configure ${CONFIGURE_FLAGS:-}
fi
make -j"$(nproc 2>/dev/null || echo 2)"

case "${1:-}" in
demo) exec ./fairsh --demo ;;
test) exec make -j"$(nproc 2>/dev/null || echo 2)" check ;;
"") echo "setup: built ./fairsh; run ./fairsh --demo, or ./setup.sh test" ;;
*) echo "setup: unknown argument '$1' (expected demo or test)" >&2; exit 2 ;;
esac
