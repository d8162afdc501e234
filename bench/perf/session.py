#!/usr/bin/python3
# session.py -- runs fairsh commands one at a time on standard input with
# the timer on, and prints for each its time (the timer's, in s) and the
# process's resident memory after it (VmRSS, MB) and at most so far
# (VmHWM): "seconds rss_mb hwm_mb command". Usage: session.py FAIRSH < CMDS
# SPDX-License-Identifier: MIT
import subprocess, sys

fairsh = sys.argv[1]
cmds = [l.strip() for l in sys.stdin if l.strip()]
p = subprocess.Popen([fairsh], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                     stderr=subprocess.PIPE, text=True, bufsize=1)


def mem():
    f = {}
    for l in open(f"/proc/{p.pid}/status"):
        k, _, v = l.partition(":")
        f[k] = v.split()[0] if v.split() else "0"
    return int(f.get("VmRSS", 0)) / 1024, int(f.get("VmHWM", 0)) / 1024


def wait_time():
    """the timer's line of the command just sent"""
    while True:
        l = p.stderr.readline()
        if not l:
            sys.exit("fairsh ended early")
        if l.startswith("time: "):
            return float(l.split()[1])
        if l.startswith("fairsh:"):
            sys.stderr.write(l)


p.stdin.write("set timer on\n")
wait_time()
for c in cmds:
    p.stdin.write(c + "\n")
    t = wait_time()
    rss, hwm = mem()
    print(f"{t:.4f} {rss:.0f} {hwm:.0f} {c}", flush=True)
p.stdin.write("quit\n")
p.stdin.close()
p.wait()
