#!/bin/sh
# check-deps.sh -- the link-level shape of the core, from the symbols of its
# object files (nm): no cycle between any two core files, and no call
# against the layer order (tests/tools/layers.txt, doc/architecture.md).
#   check-deps.sh                every object under $top_builddir/src/core
#   check-deps.sh OBJ...         those objects (each in a folder named after
#                                its layer: .../data/csv.o)
# Exit 0: clean; 1: a cycle or a forbidden call (each printed with the symbol
# that makes it); 99: no objects to read. NM overrides nm.
set -u
NM=${NM:-nm}
if [ $# -eq 0 ]; then
	dir=${top_builddir:-.}/src/core
	# shellcheck disable=SC2046
	set -- $(find "$dir" -name '*.o' 2>/dev/null | sort)
fi
[ $# -gt 0 ] || { echo "check-deps: no object files of the core found"; exit 99; }

# What each folder may call (besides itself): tests/tools/layers.txt.
layers=${LAYERS:-$(dirname "$0")/layers.txt}
allowed=$(grep -v '^#' "$layers") || { echo "check-deps: cannot read $layers"; exit 99; }

for o in "$@"; do
	f=$(basename "$(dirname "$o")")
	b=$(basename "$o" .o | sed 's/^libfair_a-//')
	"$NM" -P "$o" 2>/dev/null | awk -v id="$f/$b" 'NF >= 2 { print id, $1, $2 }'
done | awk -v allowed="$allowed" '
function dfs(u,    i, v, k, path, via) {
	state[u] = 1
	stack[++sp] = u
	for (i = 1; i <= nsucc[u]; i++) {
		v = succ[u, i]
		if (state[v] == 1) {
			path = ""
			via = ""
			for (k = 1; k <= sp; k++)
				if (stack[k] == v)
					break
			for (; k <= sp; k++) {
				path = path stack[k] " -> "
				via = via (via == "" ? "" : ", ") sym[stack[k], k < sp ? stack[k + 1] : v]
			}
			print "cycle: " path v " (" via ")"
			bad = 1
		} else if (state[v] == 0) {
			dfs(v)
		}
	}
	sp--
	state[u] = 2
}
BEGIN {
	n = split(allowed, lines, "\n")
	for (i = 1; i <= n; i++) {
		if (lines[i] == "")
			continue
		split(lines[i], kv, ":")
		layer[kv[1]] = 1
		m = split(kv[2], to, " ")
		for (j = 1; j <= m; j++)
			may[kv[1], to[j]] = 1
	}
}
$3 ~ /^[TDBRCGSVWi]$/ { def[$2] = $1; node[$1] = 1; next }
$3 == "U" { nu++; uf[nu] = $1; us[nu] = $2; node[$1] = 1 }
END {
	for (x in node) {
		split(x, p, "/")
		if (!(p[1] in layer)) {
			print "folder " p[1] " (" x ") is not in the layer table (layers.txt)"
			bad = 1
		}
	}
	for (i = 1; i <= nu; i++) {
		if (!(us[i] in def))
			continue
		a = uf[i]; b = def[us[i]]
		if (a == b || ((a, b) in sym))
			continue
		sym[a, b] = us[i]
		succ[a, ++nsucc[a]] = b
		split(a, pa, "/"); split(b, pb, "/")
		if (pa[1] != pb[1] && !((pa[1], pb[1]) in may)) {
			print "layer: " a " calls " b " (" us[i] "): " pa[1] " may not call " pb[1]
			bad = 1
		}
	}
	nn = 0
	for (x in node)
		names[++nn] = x
	for (i = 2; i <= nn; i++)   # insertion sort: a stable report
		for (j = i; j > 1 && names[j - 1] > names[j]; j--) {
			t = names[j]; names[j] = names[j - 1]; names[j - 1] = t
		}
	for (i = 1; i <= nn; i++)
		if (state[names[i]] == 0)
			dfs(names[i])
	if (!bad)
		print "check-deps: " nn " files, no cycle, every call follows the layer order"
	exit bad
}'
