#!/bin/sh
# report-html.sh -- `report` writes Markdown, HTML and JSON audit reports with
# every section; the HTML is ONE file (plots drawn in a private directory,
# embedded as data URIs, and removed: nothing is left beside it) that
# headless Chromium renders offline, alone in a directory: every image has
# decoded (naturalWidth, checked by a script in a copy of the page), the
# screenshots at 1280 and 800 pixels are not blank, the tables fit the
# page at 1280 and at 800 pixels, and the summary at the top says the same as the JSON
# report. Chromium and gnuplot are needed (the test fails without them when
# CI is set, and is skipped otherwise).
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
fail() { echo "FAIL: $*"; exit 1; }
need() { command -v "$1" > /dev/null 2>&1 || { [ -n "${CI:-}" ] && fail "$1 is not installed"; echo "skip: no $1"; exit 77; }; }
need gnuplot
need chromium

mkdir private
HOME=$tmp TMPDIR=$tmp/private "$FAIRSH" -c 'load demo:loans n=2000 seed=5; target approved positive=yes; sensitive group; split 0.7 seed=2;
  train logreg as plain; train logreg pre=ferm as ferm; wait; correct plain with wasserstein as fair;
  report audit.html; report audit.md plain fair ci=50; report audit.json ci=50 plots=no; report same.json plots=no' > out.txt 2>&1 ||
	{ cat out.txt; fail "report failed"; }
grep -q "wrote the audit report of 3 models to 'audit.html'" out.txt || { cat out.txt; fail "html message"; }
grep -q "wrote the audit report of 2 models to 'audit.md'" out.txt || fail "md message"
grep -q "plot written to .*private" out.txt && { cat out.txt; fail "the HTML report's temporary plots are announced"; }
# the Markdown report links its plots beside it; the HTML one leaves none
for m in plain fair; do for k in dist rates; do
	[ -s "audit-$m-$k.png" ] || fail "plot audit-$m-$k.png missing"
done; done
ls audit-ferm-* > /dev/null 2>&1 && fail "the HTML report left PNG files beside it"
[ -z "$(ls -A private 2>/dev/null)" ] || { ls -R private; fail "the HTML report left its private plot directory"; }

# HTML: self-contained, every section, images inline, readable headings
for s in '<h2>Summary</h2>' '<table class="verdict-summary">' '<h2>Dataset and set-up</h2>' '<h2>Comparison</h2>' \
         '<h2>Model plain</h2>' '<h2>Model ferm</h2>' '<h2>Model fair</h2>' '<table class="groups">' \
         '<table class="metrics">' '<table class="comparison">' '<ul class="verdicts">' '@media print' '@page{size:A4' \
         'intervals are 200-resample bootstrap' '<th class="num">Selection rate</th>' '<th class="num">CI low</th>' \
         '<th class="num">p-value</th>' '<th scope="row" title="demographic_parity_difference">Demographic parity difference</th>'; do
	grep -qF "$s" audit.html || fail "HTML lacks $s"
done
[ "$(grep -c '<img alt="[a-z]* of model [a-z]*" src="data:image/png;base64,' audit.html)" -eq 6 ] || fail "HTML has not 6 inline PNGs"
grep -q 'src="[^d]' audit.html && fail "HTML refers to an outside file"
grep -qE '(src|href)="?(https?:|//)' audit.html && fail "HTML refers to the network"
grep -q '<th>[a-z]*_[a-z_]*</th>' audit.html && fail "a snake_case heading"
# a verdict is an icon and a word, never a colour alone
grep -q 'class="v v-[a-z]*" data-status="[a-z]*"></td>' audit.html && fail "a verdict cell without words"

# Chromium, offline, on the page alone in a directory: the DOM, every image
# decoded, and screenshots at two widths
mkdir alone probe
cp audit.html alone/
# a copy with a script that records, once the page has loaded, each image's
# decoded size and the widest table against the page's width
sed 's|</body>|<script>window.addEventListener("load", function () { var r = [], w = 0; for (var i = 0; i < document.images.length; i++) { var m = document.images[i]; r.push(m.complete + ":" + m.naturalWidth + "x" + m.naturalHeight); } var t = document.querySelectorAll("table"); for (var j = 0; j < t.length; j++) w = Math.max(w, t[j].getBoundingClientRect().right); document.body.setAttribute("data-images", r.join(" ")); document.body.setAttribute("data-widest", Math.ceil(w) + "/" + document.documentElement.clientWidth); });</script></body>|' \
	audit.html > probe/audit.html
chrome() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--host-resolver-rules='MAP * ~NOTFOUND' --proxy-server='http://127.0.0.1:9' \
		--user-data-dir="$(mktemp -d "$tmp/chrome.XXXXXX")" "$@" 2>>chrome.log
}
chrome --dump-dom "file://$tmp/alone/audit.html" > dom.html || { tail chrome.log; fail "chromium --dump-dom"; }
[ "$(grep -o '<table class=' dom.html | wc -l)" -eq 9 ] ||
	fail "DOM does not hold the 9 tables (verdicts, set-up, comparison, 3 x groups and metrics)"
[ "$(grep -o '<img alt=' dom.html | wc -l)" -eq 6 ] || fail "DOM does not hold the 6 images"
grep -q 'In plain words' dom.html || fail "DOM lacks the verdicts"
for w in 1280 800; do
	chrome --window-size=$w,1000 --virtual-time-budget=5000 --dump-dom "file://$tmp/probe/audit.html" > probe.html ||
		{ tail chrome.log; fail "chromium --dump-dom (probe at $w)"; }
	imgs=$(sed -n 's/.*data-images="\([^"]*\)".*/\1/p' probe.html)
	[ "$(echo "$imgs" | wc -w)" -eq 6 ] || fail "the probe saw $(echo "$imgs" | wc -w) images, not 6: $imgs"
	for i in $imgs; do
		case $i in
		true:900x500) ;;
		*) fail "an image did not render: $i (all: $imgs)" ;;
		esac
	done
	widest=$(sed -n 's/.*data-widest="\([^"]*\)".*/\1/p' probe.html)
	[ -n "$widest" ] && [ "${widest%/*}" -le "${widest#*/}" ] || fail "a table is wider than the $w-pixel page ($widest)"
done
for w in 1280 800; do
	chrome --screenshot="$tmp/shot$w.png" --window-size=$w,2000 "file://$tmp/alone/audit.html" > /dev/null ||
		{ tail chrome.log; fail "chromium --screenshot at $w"; }
	[ -s shot$w.png ] || fail "no screenshot at $w"
	[ "$(wc -c < shot$w.png)" -gt 50000 ] || fail "screenshot at $w is nearly blank ($(wc -c < shot$w.png) bytes)"
	if [ -x /usr/bin/python3 ]; then
		/usr/bin/python3 - "$tmp/shot$w.png" $w <<'PY' || fail "screenshot at $w has almost a single colour"
import sys, zlib, struct
d = open(sys.argv[1], 'rb').read()
assert d[:8] == b'\x89PNG\r\n\x1a\n'
w, h = struct.unpack('>II', d[16:24])
assert (w, h) == (int(sys.argv[2]), 2000), (w, h)
raw, i = b'', 8
while i < len(d):
    n = struct.unpack('>I', d[i:i+4])[0]; t = d[i+4:i+8]
    if t == b'IDAT': raw += d[i+8:i+8+n]
    i += 12 + n
px = zlib.decompress(raw)
sys.exit(0 if len(set(px[::97])) > 20 else 1)
PY
	fi
done

# the summary in the rendered page says what the JSON report says (the same
# session and seed, 200 resamples): each model's verdict on each metric, as
# a status and the word shown, and the rows audited
/usr/bin/python3 - dom.html same.json <<'PY' || fail "the HTML summary differs from the JSON report"
import html.parser, json, sys
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.inside = False; self.rows = []; self.row = None; self.cell = None
        self.heads = []; self.inhead = False; self.audited = None; self.inp = False; self.insum = False
    def handle_starttag(self, tag, a):
        a = dict(a)
        if tag == 'section' and a.get('class') == 'summary': self.insum = True
        if self.insum and tag == 'p' and self.audited is None: self.inp = True; self.audited = ''
        if tag == 'table' and a.get('class') == 'verdict-summary': self.inside = True
        if not self.inside: return
        if tag == 'thead': self.inhead = True
        if tag == 'tr' and 'data-metric' in a: self.row = [a['data-metric']]; self.rows.append(self.row)
        if tag == 'td' and self.row is not None and 'data-status' in a: self.cell = [a['data-status'], '']; self.row.append(self.cell)
        if tag == 'th' and self.inhead: self.heads.append('')
    def handle_endtag(self, tag):
        if tag == 'table': self.inside = False
        if tag == 'thead': self.inhead = False
        if tag == 'td': self.cell = None
        if tag == 'tr': self.row = None
        if tag == 'p': self.inp = False
        if tag == 'section': self.insum = False
    def handle_data(self, d):
        if self.cell is not None: self.cell[1] += d
        if self.inhead and self.heads: self.heads[-1] += d
        if self.inp: self.audited += d
p = P(); p.feed(open(sys.argv[1]).read())
rep = json.load(open(sys.argv[2]))
models = [a['model'] for a in rep['audits']]
assert p.heads[2:] == models, (p.heads, models)
words = {'pass': 'fair', 'fail': 'unfair', 'inconclusive': 'inconclusive'}
icons = {'pass': '\u2714', 'fail': '\u2718', 'inconclusive': '?'}
assert [r[0] for r in p.rows] == list(rep['audits'][0]['metrics']), [r[0] for r in p.rows]
seen = set()
for r in p.rows:
    for a, (status, text) in zip(rep['audits'], r[1:]):
        v = [x for x in a['verdicts'] if x['metric'] == r[0]][0]
        assert status == v['status'], (a['model'], r[0], status, v['status'])
        assert text.startswith(icons[status] + ' ' + words[status]), (a['model'], r[0], text)
        seen.add(status)
    assert len(r) == 1 + len(models), r
assert len(seen) >= 2, seen      # the page shows more than one kind of verdict
n = rep['audits'][0]['n']
for m in models: assert m in p.audited, (m, p.audited)
assert 'audited on the %d test rows' % n in p.audited, p.audited
PY

# Markdown: sections, tables, plot links, verdicts
for s in '# Fairness audit report: session loans' '## Dataset and set-up' '## Comparison' '## Model plain' \
         '## Model fair' '| metric | value | ci_low | ci_high | groups | p_value | verdict |' '![dist of plain](audit-plain-dist.png)' \
         '### In plain words' '| set-up: target | approved positive=yes |' '| set-up: split | 0.7 seed=2 |'; do
	grep -qF "$s" audit.md || fail "Markdown lacks $s"
done
grep -q '## Model ferm' audit.md && fail "Markdown reports a model that was not asked for"
# the same summary as the HTML: what was audited, each verdict as an icon and a word
grep -qF '| Metric | Limit | plain | fair |' audit.md || fail "Markdown summary table"
grep -qE '^\| Demographic parity ratio \| 0\.8 \| (✔ fair|✘ unfair|\? inconclusive[a-z ()]*) \| ' audit.md || fail "Markdown summary verdicts"
grep -qF '| metric | plain | fair |' audit.md || fail "Markdown comparison with a column per model"
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
assert a.pop("schema_version") == 3 and a.pop("command") == "audit"
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
