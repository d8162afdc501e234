#!/bin/sh
# write-safety.sh -- every command that writes a file (save, export
# predictions, export representation, history save, report, plot to=,
# plot script=) writes it one way (fairsh/wfile.h): a symbolic link is
# followed and its target replaced (the link stays a link; they replaced
# the link by a regular file), a FIFO or a device node is refused (they
# were replaced, or written into), the dataset a session was loaded from is
# refused unless force=yes (export and history save destroyed it), a name
# of 251 bytes works (the temporary suffix made it too long), and on a full
# disk every one of them reports the error and leaves no file behind (plot
# said "plot written" over a truncated PNG). The full disk is a 48 KB tmpfs
# (root only; skipped otherwise), the device node a copy of /dev/null made
# with mknod (root only).
tmp=$(mktemp -d) || exit 99
mnt=""
trap '[ -n "$mnt" ] && umount "$mnt" 2>/dev/null; rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
fail() { echo "FAIL: $*"; exit 1; }
F() { HOME=$tmp "$FAIRSH" --batch --keep-going -c "$1" 2>&1; }
cp "$top_srcdir/tests/data/toy12.csv" toy.csv
SETUP='load toy.csv; target y positive=1; sensitive sex; train logreg as m; wait'
have_gnuplot=no
command -v "${FAIRSH_GNUPLOT:-gnuplot}" >/dev/null 2>&1 && have_gnuplot=yes

# 1. symbolic links: followed, the link stays; a dangling one creates its target
mkdir real
for f in w.fsw p.csv h.fsh r.md; do echo old >real/$f; ln -s real/$f $f; done
ln -s real/new.csv dangling.csv
out=$(F "$SETUP; save w.fsw; export predictions p.csv; history save h.fsh; report r.md plots=no; export predictions dangling.csv")
for f in w.fsw p.csv h.fsh r.md dangling.csv; do
	[ -L $f ] || { echo "$out"; fail "$f: the link was replaced"; }
done
grep -q '"format":' real/w.fsw && grep -q '^id,sex,race,y,yhat,p,m_score,m_pred$' real/p.csv &&
	grep -q '^train logreg as m$' real/h.fsh && grep -q '^# ' real/r.md && grep -q '^id,' real/new.csv ||
	{ echo "$out"; ls -la . real; fail "a link target was not written"; }
if [ $have_gnuplot = yes ]; then
	ln -s real/pl.png pl.png
	out=$(F "$SETUP; plot dist m to=pl.png") || { echo "$out"; fail "plot through a link"; }
	[ -L pl.png ] && [ -s real/pl.png ] || { echo "$out"; fail "plot: the link was replaced"; }
fi
echo "ok: links followed"

# 2. a FIFO is refused by every writer, and left as it was
mkfifo fifo
msg="cannot write 'fifo': it is a FIFO (named pipe); fairsh writes regular files only"
for c in "save fifo" "export predictions fifo" "history save fifo" "report fifo plots=no" \
         "export representation m fifo" "plot dist m to=fifo" "plot dist m script=fifo"; do
	out=$(F "$SETUP; $c")
	case $c in
	*representation*) echo "$out" | grep -qF "$msg" || echo "$out" | grep -q "not a fair representation" ||
		{ echo "$out"; fail "$c"; } ;;
	*"to=fifo"*) echo "$out" | grep -qF "cannot tell the format of 'fifo'" || { echo "$out"; fail "$c"; } ;;
	*"report fifo"*) echo "$out" | grep -qF "report file must end in" || { echo "$out"; fail "$c"; } ;;
	*) echo "$out" | grep -qF "$msg" || { echo "$out"; fail "$c"; } ;;
	esac
	[ -p fifo ] || fail "$c: the FIFO was replaced"
done
mkfifo fifo.html fifo.png
out=$(F "$SETUP; report fifo.html plots=no")
echo "$out" | grep -qF "cannot write 'fifo.html': it is a FIFO" && [ -p fifo.html ] || { echo "$out"; fail "report into a FIFO"; }
if [ $have_gnuplot = yes ]; then
	out=$(F "$SETUP; plot dist m to=fifo.png")
	echo "$out" | grep -qF "cannot write 'fifo.png': it is a FIFO" && [ -p fifo.png ] || { echo "$out"; fail "plot into a FIFO"; }
fi
echo "ok: FIFOs refused"

# 3. a device node (a private copy of /dev/null)
if [ "$(id -u)" -eq 0 ] && mknod null c 1 3 2>/dev/null; then
	out=$(F "$SETUP; save null; export predictions null; history save null")
	[ "$(echo "$out" | grep -cF "cannot write 'null': it is a character device; fairsh writes regular files only")" -eq 3 ] ||
		{ echo "$out"; fail "device"; }
	[ -c null ] || fail "the device node was replaced"
	echo "ok: device nodes refused"
else
	echo "skip: device nodes (needs root)"
fi

# 4. the loaded dataset: refused unless force=yes, through a link too
ln -s toy.csv toylink.csv
for c in "export predictions toy.csv" "history save toy.csv" "save toy.csv" "report toylink.csv plots=no" \
         "export predictions toylink.csv"; do
	out=$(F "$SETUP; $c")
	case $c in
	report*) echo "$out" | grep -qF "report file must end in" || { echo "$out"; fail "$c"; } ;;
	*) echo "$out" | grep -qF "is the dataset session 'toy' was loaded from; writing it would destroy the data (choose another file, or force=yes)" ||
		{ echo "$out"; fail "$c"; } ;;
	esac
	cmp -s toy.csv "$top_srcdir/tests/data/toy12.csv" || fail "$c: the dataset changed"
done
out=$(F "$SETUP; export predictions toy.csv force=yes") || { echo "$out"; fail "force=yes"; }
head -n 1 toy.csv | grep -q ',m_score,m_pred$' || fail "force=yes did not write"
cp "$top_srcdir/tests/data/toy12.csv" toy.csv
echo "ok: the dataset protected"

# 5. a name of 251 bytes (NAME_MAX is 255)
long=$(printf '%0251d' 0)
out=$(F "$SETUP; save $long; export predictions $long.x; history save $(printf '%0255d' 0)") || { echo "$out"; fail "long names"; }
[ -s "$long" ] && [ -s "$long.x" ] || fail "long names not written"
echo "ok: long names"

# 6. a full disk
if [ "$(id -u)" -eq 0 ] && mkdir full && mount -t tmpfs -o size=48k tmpfs full 2>/dev/null; then
	mnt=$tmp/full
	# fill it up to the last few KB
	dd if=/dev/zero of=full/fill bs=1024 count=44 2>/dev/null
	out=$(F "load demo:loans n=2000; target approved positive=yes; sensitive group; split 0.7; train logreg as m; wait;
		save full/w.fsw; export predictions full/p.csv; history save full/h.fsh; report full/r.html")
	for f in w.fsw p.csv r.html; do
		echo "$out" | grep -qF "cannot write 'full/$f': No space left on device" || { echo "$out"; fail "full disk: $f"; }
	done
	if [ $have_gnuplot = yes ]; then
		rm full/fill
		dd if=/dev/zero of=full/fill bs=1024 count=36 2>/dev/null   # room for one small file, not a plot
		out=$(F "load demo:loans n=2000; target approved positive=yes; sensitive group; split 0.7; train logreg as m; wait;
			plot dist m to=full/a.png; plot rates m to=full/b.svg")
		echo "$out" | grep -q "plot written" && { echo "$out"; fail "full disk: a plot said written"; }
		echo "$out" | grep -qF "cannot write 'full/a.png': gnuplot wrote" || { echo "$out"; fail "full disk: PNG"; }
		echo "$out" | grep -qF "cannot write 'full/b.svg': gnuplot wrote" || { echo "$out"; fail "full disk: SVG"; }
	fi
	left=$(ls -A full | grep -v '^\(fill\|h.fsh\)$')   # the command file is small enough to fit
	[ -z "$left" ] || { ls -la full; fail "full disk: files left behind: $left"; }
	umount full && mnt=""
	echo "ok: full disk"
else
	echo "skip: full disk (needs root to mount a tmpfs)"
fi
echo "all ok"
