#!/bin/sh
# check-layering.sh -- the core (src/core, include/fairsh) has no UI code and
# no upward includes; front ends never include each other the wrong way.
cd "$top_srcdir" || exit 99
bad=0
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
