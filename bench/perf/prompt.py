#!/usr/bin/python3
# prompt.py -- time from starting fairsh on a terminal (a pseudo-terminal)
# to its first prompt ("fairsh> "), and to its exit after `quit`: mean and
# best of N runs, in ms. Usage: prompt.py FAIRSH [N]
# SPDX-License-Identifier: MIT
import os, pty, select, sys, time

fairsh, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 50
first, total = [], []
for _ in range(n):
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["HOME"] = os.environ.get("FAIRSH_BENCH_HOME", "/tmp")
        os.execv(fairsh, [fairsh])
    buf, t1, answered = b"", None, False
    while True:
        r, _, _ = select.select([fd], [], [], 10)
        if not r:
            sys.exit("no prompt within 10 s: " + buf[-200:].decode(errors="replace"))
        try:
            d = os.read(fd, 4096)
        except OSError:
            break
        if not d:
            break
        buf += d
        # fairsh asks the terminal whether it draws sixel graphics (ESC [ c,
        # primary device attributes) before its first prompt: answer as
        # xterm does (VT220, no sixel), or it waits 0.2 s for the answer
        if b"\x1b[c" in buf and not answered:
            os.write(fd, b"\x1b[?62;22c")
            answered = True
        if t1 is None and b"fairsh> " in buf:
            t1 = time.perf_counter()
            os.write(fd, b"quit\r")
    os.waitpid(pid, 0)
    first.append(1000 * (t1 - t0))
    total.append(1000 * (time.perf_counter() - t0))
print("%.2f %.2f %.2f %.2f" % (sum(first) / n, min(first), sum(total) / n, min(total)))
