# lib.sh -- helpers for tmux-driven tests (sourced). Each test runs fairsh in
# a private tmux server with no configuration, a fixed size and a fresh HOME.
T="tmux -L fairsh-test-$$ -f /dev/null"
tmp=$(mktemp -d) || exit 99
trap '$T kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
command -v tmux >/dev/null 2>&1 || { echo "tmux is not installed (./setup.sh test installs it)"; [ -n "${CI:-}" ] && exit 1; exit 77; }
start() {   # start fairsh in a 100x30 pane
	$T new-session -d -x 100 -y 30 "cd $tmp && HOME=$tmp TERM=xterm $FAIRSH $*; echo FAIRSH-EXITED \$?; sleep 30" || exit 99
}
screen() { $T capture-pane -p -J; }
wait_for() {   # wait up to 10 s for text on the screen
	i=0
	while [ $i -lt 100 ]; do
		screen | grep -q -- "$1" && return 0
		sleep 0.1; i=$((i + 1))
	done
	echo "timed out waiting for: $1"; echo "--- screen:"; screen
	return 1
}
wait_line() {   # wait up to 5 s for text on screen line $1 (after a resize)
	i=0
	until screen | sed -n "$1p" | grep -q -- "$2"; do
		i=$((i + 1)); [ $i -gt 50 ] && { echo "line $1 never showed: $2"; screen; return 1; }
		sleep 0.1
	done
	return 0
}
keys() { $T send-keys "$@"; }
