#!/usr/bin/python3
"""Compares two `audit format=json` results (a loaded session's and an
attached table's pushdown audit) to a relative and absolute 1e-12: every
figure, metric, interval, p-value and verdict, in order: the groups, the
pairs, the notes and the strata of control= must come in the loaded
session's order (each entry of a list of groups or strata is named by its
label, so a difference names what moved). Values that need the rows are
left out: AUC (scores) and calibration. With --by-name first, the groups
and strata are matched by their names instead, in any order (a database
gives its groups in byte order, which is the loaded order only when a
table's values first appear in that order). Usage: compare-audit.py
[--by-name] A B
(files with one JSON document each, or several: compared in pairs);
compare-audit.py --notes A.err B.err compares the notes of control=."""
import json
import math
import sys

SKIP = {"auc", "calibration", "score_rows"}
TOL = 1e-12


def docs(path):
    text, out, i = open(path, encoding="utf-8").read(), [], 0
    dec = json.JSONDecoder()
    while True:
        j = text.find("{", i)
        if j < 0:
            return out
        o, e = dec.raw_decode(text[j:])
        out.append(o)
        i = j + e


def key_of(o):
    for k in ("group", "group_a", "metric", "name", "stratum"):
        if k in o:
            return tuple(str(o.get(x)) for x in ("group", "group_a", "group_b", "metric", "name", "stratum")
                         if x in o)
    return None


BY_NAME = False


def note(s):
    """--by-name: a note lists groups in the report's order: sorted here."""
    head, sep, rest = s.partition("keeps them): ")
    if not sep:
        return s
    lst, sep2, tail = rest.partition("; with them")
    return head + sep + ", ".join(sorted(lst.split(", "))) + sep2 + tail


def norm(v, k=None):
    if BY_NAME and k == "notes" and isinstance(v, list):
        return sorted(note(x) if isinstance(x, str) else x for x in v)
    if isinstance(v, dict):
        return {k: norm(x, k) for k, x in v.items() if k not in SKIP}
    if isinstance(v, list) and v and all(isinstance(x, dict) and key_of(x) for x in v):
        if BY_NAME:
            return {key_of(x): norm(x) for x in v}
        return [[key_of(x), norm(x)] for x in v]
    if isinstance(v, list):
        return [norm(x) for x in v]
    return v


def same(a, b, path, bad):
    if isinstance(a, dict) and isinstance(b, dict):
        if set(a) != set(b):
            bad.append("%s: keys differ: %s" % (path, sorted(map(str, set(a) ^ set(b)))))
        for k in set(a) & set(b):
            same(a[k], b[k], "%s.%s" % (path, k), bad)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            bad.append("%s: %d vs %d entries" % (path, len(a), len(b)))
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, "%s[%d]" % (path, i), bad)
    elif isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        if math.isnan(a) and math.isnan(b):
            return
        if not abs(a - b) <= TOL * max(1.0, abs(a), abs(b)):
            bad.append("%s: %r vs %r" % (path, a, b))
    elif a != b:   # strings, and the names of list entries (tuples)
        bad.append("%s: %r vs %r" % (path, a, b))


def control_notes(fa, fb):
    """--notes A.err B.err: the notes of control= (strata without rows of
    some group) are equal: their entries are sorted before the first 20
    are named, whatever order the strata came in."""
    def notes(f):
        return [l.split("note: ", 1)[1] for l in open(f, encoding="utf-8") if "note: control=" in l]
    a, b = notes(fa), notes(fb)
    bad = len(a) != len(b) or not a
    for x, y in zip(a, b):
        if x != y:
            print("FAIL: notes differ:\n%s\n%s" % (x, y))
            bad = True
    print("%d control notes compared" % len(a))
    return 1 if bad else 0


def main():
    global BY_NAME
    if sys.argv[1] == "--by-name":
        BY_NAME = True
        del sys.argv[1]
    if sys.argv[1] == "--notes":
        return control_notes(sys.argv[2], sys.argv[3])
    a, b = docs(sys.argv[1]), docs(sys.argv[2])
    if len(a) != len(b) or not a:
        print("FAIL: %d vs %d JSON documents" % (len(a), len(b)))
        return 1
    bad = []
    for k, (x, y) in enumerate(zip(a, b)):
        same(norm(x), norm(y), "doc%d" % (k + 1), bad)
    for m in bad[:20]:
        print("FAIL:", m)
    print("%d audits compared, %d differences" % (len(a), len(bad)))
    return 1 if bad else 0


sys.exit(main())
