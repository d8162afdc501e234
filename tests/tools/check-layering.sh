#!/bin/sh
# check-layering.sh -- the core (src/core, include/fairsh) has no UI code and
# no upward includes (a folder includes the private header of another only
# when tests/tools/layers.txt lets it call that folder); front ends see only
# the public headers and never include each other the wrong way.
cd "$top_srcdir" || exit 99
bad=0
layers=tests/tools/layers.txt
for f in $(grep -v '^#' "$layers" | cut -d: -f1); do
	may=" $f $(grep "^$f:" "$layers" | cut -d: -f2) "
	hits=$(grep -nE '#include *"[a-z]+/[a-z]+-private\.h"' src/core/"$f"/*.[ch] 2>/dev/null |
		while IFS= read -r line; do
			g=$(printf '%s\n' "$line" | sed -E 's/.*#include *"([a-z]+)\/.*/\1/')
			case "$may" in *" $g "*) ;; *) printf '%s\n' "$line" ;; esac
		done)
	[ -n "$hits" ] && { echo "src/core/$f includes a header of a folder it may not call ($layers):"; echo "$hits"; bad=1; }
done
folders=$(grep -v '^#' "$layers" | cut -d: -f1 | tr '\n' '|' | sed 's/|$//')
hits=$(grep -nE "#include *\"(($folders)/|core/)" src/fairsh.c src/cli/*.[ch] src/tui/*.[ch] src/plot/*.[ch] src/json/*.[ch] src/out/*.[ch] 2>/dev/null)
[ -n "$hits" ] && { echo "a front end includes a private header of the core (only include/fairsh is public):"; echo "$hits"; bad=1; }
hits=$(grep -nE '#include *[<"](curses|ncurses|readline/|cjson/|cJSON)' src/core/*/*.c src/core/*/*.h include/fairsh/*.h 2>/dev/null)
[ -n "$hits" ] && { echo "UI library used in the core:"; echo "$hits"; bad=1; }
hits=$(grep -nE '(^|[^a-z_])(printf|puts|putchar|perror)\(|[^a-z_](stdout|stderr)[^a-z_]|(^|[^a-z_])exit\(|(^|[^a-z_])abort\(|getenv\(' src/core/*/*.c 2>/dev/null | grep -v '^\S*:[0-9]*: *\*' | grep -vE 'snprintf|vsnprintf|fprintf\(fp|fputs\(.*, *fp')
[ -n "$hits" ] && { echo "terminal output, exit or environment in the core:"; echo "$hits"; bad=1; }
hits=$(grep -nE '#include *"(cli|tui|plot|json|out)/' src/core/*/*.c src/core/*/*.h include/fairsh/*.h 2>/dev/null)
[ -n "$hits" ] && { echo "the core includes a front end:"; echo "$hits"; bad=1; }
hits=$(grep -nE '#include *"cli/' src/out/*.c src/json/*.c src/plot/*.c src/tui/*.c 2>/dev/null)
[ -n "$hits" ] && { echo "a front-end module calls the cli:"; echo "$hits"; bad=1; }
hits=$(grep -nE '__builtin_|vector_size' src/core/*/*.c src/core/*/*.h include/fairsh/*.h 2>/dev/null | grep -v '^src/core/base/base-private.h:')
[ -n "$hits" ] && { echo "compiler-specific code outside src/core/base/base-private.h:"; echo "$hits"; bad=1; }
hits=$(grep -n 'config\.h' include/fairsh/*.h 2>/dev/null)
[ -n "$hits" ] && { echo "public header includes config.h:"; echo "$hits"; bad=1; }
exit $bad
