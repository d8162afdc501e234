# testdata.py -- where the Python reference tests find the real datasets, and
# the one rule when one is missing; the same lookup and rule as
# tests/unit/testdata.h (C) and tests/lib/data.sh (shell).
#
# Lookup, first hit wins: $FAIRSH_DATA, then $top_srcdir/share/fairsh/data
# (the datasets shipped with fairsh), then $top_srcdir/../shared/data; in
# each directory NAME, then NAME.xz, NAME.gz, NAME.zst (the path returned
# names the file found; pandas reads all four). top_srcdir comes from make
# check, else from this file's place in the tree.
#
# Missing: one line naming the file and the places looked in; the test goes
# on with its other checks and exits with status(failures): a failure stays
# a failure, else 77 (automake's skip), or 1 when CI is set.
#   import testdata
#   p = testdata.path("adult.csv")      # None when missing
#   sys.exit(testdata.status(failures))
# SPDX-License-Identifier: MIT
import os
import sys

missing = 0


def dirs():
    top = os.environ.get("top_srcdir") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    out = []
    env = os.environ.get("FAIRSH_DATA")
    if env:
        out.append(("FAIRSH_DATA=", env))
    out.append(("", os.path.join(top, "share", "fairsh", "data")))
    out.append(("", os.path.join(top, "..", "shared", "data")))
    return out


def path(name):
    """The path of dataset name (e.g. "adult.csv"), or None after the one line."""
    global missing
    looked = []
    for label, d in dirs():
        for ext in ("", ".xz", ".gz", ".zst"):
            p = os.path.join(d, name + ext)
            if os.access(p, os.R_OK):
                return p
        looked.append(label + d)
    missing += 1
    ci = bool(os.environ.get("CI"))
    print("%s: %s (or .xz/.gz/.zst) not found in %s; %s" % (
        "FAIL" if ci else "SKIP", name, ", ".join(looked),
        "CI is set, so missing data is a failure" if ci else "the checks that need it are skipped"),
        file=sys.stderr)
    return None


def status(failures):
    """Exit status: 1 on failures; else 77 when data was missing (1 in CI); else 0."""
    if failures:
        return 1
    if missing:
        return 1 if os.environ.get("CI") else 77
    return 0
