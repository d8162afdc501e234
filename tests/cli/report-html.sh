#!/bin/sh
# report-html.sh -- `report` writes Markdown, HTML and JSON audit reports with
# every section; the HTML is one self-contained file (plots as data URIs)
# that headless Chromium renders: the screenshot exists and is not blank, and
# the DOM holds the tables and images. Chromium and gnuplot are needed (the
# test fails without them when CI is set, and is skipped otherwise).
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
fail() { echo "FAIL: $*"; exit 1; }
need() { command -v "$1" > /dev/null 2>&1 || { [ -n "${CI:-}" ] && fail "$1 is not installed"; echo "skip: no $1"; exit 77; }; }
need gnuplot
need chromium

HOME=$tmp "$FAIRSH" -c 'load demo:loans n=2000 seed=5; target approved positive=yes; sensitive group; split 0.7 seed=2;
  train logreg as plain; train logreg pre=ferm as ferm; wait; correct plain with wasserstein as fair;
  report audit.html; report audit.md plain fair ci=50; report audit.json ci=50 plots=no' > out.txt 2>&1 ||
	{ cat out.txt; fail "report failed"; }
grep -q "wrote the audit report of 3 models to 'audit.html'" out.txt || { cat out.txt; fail "html message"; }
grep -q "wrote the audit report of 2 models to 'audit.md'" out.txt || fail "md message"
for m in plain ferm fair; do for k in dist rates; do
	[ -s "audit-$m-$k.png" ] || fail "plot audit-$m-$k.png missing"
done; done

# HTML: self-contained, every section, images inline
for s in '<h2>Dataset and set-up</h2>' '<h2>Comparison</h2>' '<h2>Model plain</h2>' '<h2>Model ferm</h2>' \
         '<h2>Model fair</h2>' '<table class="groups">' '<table class="metrics">' '<table class="comparison">' \
         '<ul class="verdicts">' '@media print' 'intervals are 200-resample bootstrap'; do
	grep -qF "$s" audit.html || fail "HTML lacks $s"
done
[ "$(grep -c '<img alt="[a-z]* of model [a-z]*" src="data:image/png;base64,' audit.html)" -eq 6 ] || fail "HTML has not 6 inline PNGs"
grep -q 'src="[^d]' audit.html && fail "HTML refers to an outside file"
grep -q '<td>demographic_parity_difference</td>' audit.html || fail "metrics table rows"

# Chromium: DOM and screenshot
chrome() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$(mktemp -d "$tmp/chrome.XXXXXX")" "$@" 2>>chrome.log
}
chrome --dump-dom "file://$tmp/audit.html" > dom.html || { tail chrome.log; fail "chromium --dump-dom"; }
[ "$(grep -o '<table class=' dom.html | wc -l)" -eq 8 ] || fail "DOM does not hold the 8 tables (summary, comparison, 3 x groups and metrics)"
[ "$(grep -o '<img alt=' dom.html | wc -l)" -eq 6 ] || fail "DOM does not hold the 6 images"
grep -q 'In plain words' dom.html || fail "DOM lacks the verdicts"
chrome --screenshot="$tmp/shot.png" --window-size=1200,2000 "file://$tmp/audit.html" > /dev/null ||
	{ tail chrome.log; fail "chromium --screenshot"; }
[ -s shot.png ] || fail "no screenshot"
[ "$(wc -c < shot.png)" -gt 50000 ] || fail "screenshot is nearly blank ($(wc -c < shot.png) bytes)"
if [ -x /usr/bin/python3 ]; then
	/usr/bin/python3 - "$tmp/shot.png" <<'PY' || fail "screenshot has almost a single colour"
import sys, zlib, struct
d = open(sys.argv[1], 'rb').read()
assert d[:8] == b'\x89PNG\r\n\x1a\n'
w, h = struct.unpack('>II', d[16:24])
assert (w, h) == (1200, 2000), (w, h)
raw, i = b'', 8
while i < len(d):
    n = struct.unpack('>I', d[i:i+4])[0]; t = d[i+4:i+8]
    if t == b'IDAT': raw += d[i+8:i+8+n]
    i += 12 + n
px = zlib.decompress(raw)
sys.exit(0 if len(set(px[::97])) > 20 else 1)
PY
fi

# Markdown: sections, tables, plot links, verdicts
for s in '# Fairness audit report: session loans' '## Dataset and set-up' '## Comparison' '## Model plain' \
         '## Model fair' '| metric | value | ci_low | ci_high | groups | p_value | verdict |' '![dist of plain](audit-plain-dist.png)' \
         '### In plain words' '| set-up: target | approved positive=yes |' '| set-up: split | 0.7 seed=2 |'; do
	grep -qF "$s" audit.md || fail "Markdown lacks $s"
done
grep -q '## Model ferm' audit.md && fail "Markdown reports a model that was not asked for"
grep -q '^- Selection rate' audit.md || fail "Markdown verdict list"
# the fairness tree's guidance closes the verdicts (favorable= unset here:
# representation, pprev then ppr, against the largest group, "majority")
grep -q '^- Fairness tree (Aequitas): Which outcome is favourable is not set' audit.md || fail "Markdown fairness tree"
grep -q '^-   pprev parity at 0.8 (reference majority)' audit.md || fail "Markdown fairness tree: pprev line"

# JSON: the audit contract per model, plus set-up and comparison
/usr/bin/python3 - <<'PY' || fail "JSON report content"
import json
d = json.load(open('audit.json'))
assert d['format'] == 'fairsh-report' and d['bootstrap'] == 50 and d['on'] == 'test'
assert d['setup']['target'] == 'approved positive=yes' and d['setup']['sensitive'] == 'group'
assert d['setup']['split'] == '0.7 seed=2' and d['dataset']['rows'] == 2000
assert d['dataset']['split']['train'] + d['dataset']['split']['test'] == 2000
assert [a['model'] for a in d['audits']] == ['plain', 'ferm', 'fair']
for a in d['audits']:
    for k in ('task', 'sensitive', 'on', 'n', 'overall', 'groups', 'metrics', 'ci', 'warnings', 'verdicts', 'worst_pair'):
        assert k in a, k
    assert [v['metric'] for v in a['verdicts']] == list(a['metrics'])
    assert all(v['text'] for v in a['verdicts'])
    lo, hi = a['ci']['demographic_parity_difference']
    assert lo <= hi
    assert a['plots'] == {'dist': None, 'rates': None}
assert [r['model'] for r in d['comparison']['rows']] == ['plain', 'ferm', 'fair']
PY
# the JSON audit of a model equals `audit MODEL format=json ci=50` (same seed)
HOME=$tmp "$FAIRSH" -c 'load demo:loans n=2000 seed=5; target approved positive=yes; sensitive group; split 0.7 seed=2;
  train logreg as plain; wait; audit plain format=json ci=50' 2>/dev/null | sed -n '/^{/,/^}/p' > a.json
/usr/bin/python3 -c '
import json
a = json.load(open("a.json")); r = json.load(open("audit.json"))["audits"][0]
assert a.pop("schema_version") == 2 and a.pop("command") == "audit"
for k in a: assert a[k] == r[k], k
' || fail "report JSON differs from the audit JSON"

# errors
out=$(HOME=$tmp "$FAIRSH" -c 'load demo:loans n=100; report x.txt' 2>&1)
echo "$out" | grep -qF "fairsh: report: 'x.txt': the report file must end in .md, .html or .json" || { echo "$out"; fail "bad extension"; }
# a session without models: the data and the set-up (reports.sh has more)
out=$(HOME=$tmp "$FAIRSH" -c 'load demo:loans n=100; target approved positive=yes; sensitive group; report x.md' 2>&1) ||
	{ echo "$out"; fail "report without models"; }
echo "$out" | grep -qF "wrote the report of session 'loans' (data and set-up; no models audited) to 'x.md'" ||
	{ echo "$out"; fail "no models: message"; }
grep -qF '| set-up: sensitive | group |' x.md || fail "no models: the set-up"
grep -q '## Comparison' x.md && fail "no models: a comparison of nothing"
out=$(HOME=$tmp "$FAIRSH" -c 'load demo:loans n=100; report x.md pred=approved' 2>&1)
echo "$out" | grep -qF "fairsh: report: no target set (use 'target COLUMN')" || { echo "$out"; fail "pred= without a target"; }
# without gnuplot the report still succeeds and says why
out=$(HOME=$tmp FAIRSH_GNUPLOT=/nonexistent/gnuplot "$FAIRSH" -c 'load demo:loans n=300; target approved positive=yes; sensitive group; train logreg as m; wait; report nog.html' 2>&1) ||
	{ echo "$out"; fail "report without gnuplot"; }
grep -q 'plots not drawn: ' nog.html || fail "missing gnuplot not explained in the report"
exit 0
