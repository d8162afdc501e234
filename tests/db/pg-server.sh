# tests/db/pg-server.sh -- sourced by the PostgreSQL tests: starts a private
# server (Debian's postgresql package) in a temporary directory, Unix socket
# only, trust authentication for the one user `fairsh`, and stops it on exit
# even when the test fails. As root (CI) the server runs as `nobody` through
# setpriv. Exits 77 (skip) when the server binaries are absent, except under
# CI where they must be there. Sets PGHOST (the socket directory), PGUSER,
# PGDATABASE and PG (a conninfo for fairsh: postgres:host=... dbname=...).

pg_bin=
for d in /usr/lib/postgresql/*/bin; do
	[ -x "$d/initdb" ] && pg_bin=$d
done
if [ -z "$pg_bin" ]; then
	if [ -n "${CI:-}" ]; then
		echo "FAIL: CI is set but the postgresql server is not installed (setup.sh test installs it)"
		exit 1
	fi
	echo "SKIP: no PostgreSQL server binaries (install the Debian package postgresql)"
	exit 77
fi
pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/fairsh-pg.XXXXXX")
pg_run=
if [ "$(id -u)" = 0 ]; then
	chown nobody "$pg_dir"
	pg_run="setpriv --reuid=nobody --regid=nogroup --clear-groups --"
fi
pg_stop() {
	$pg_run "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1
	rm -rf "$pg_dir"
}
trap 'pg_stop' EXIT
trap 'exit 1' INT TERM HUP
(cd / && $pg_run "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U fairsh --no-sync -E UTF8 \
	--locale=C >"$pg_dir/initdb.log" 2>&1) || {
	echo "FAIL: initdb failed:"; cat "$pg_dir/initdb.log"; exit 1; }
(cd / && $pg_run "$pg_bin/pg_ctl" -D "$pg_dir/data" -w -l "$pg_dir/server.log" \
	-o "-k $pg_dir -c listen_addresses= -c fsync=off -c max_connections=20" start >/dev/null 2>&1) || {
	echo "FAIL: the server did not start:"; cat "$pg_dir/server.log"; exit 1; }
export PGHOST="$pg_dir" PGUSER=fairsh PGDATABASE=postgres
unset PGPASSWORD PGSERVICE PGHOSTADDR PGPORT
PG="postgres:host=$pg_dir user=fairsh dbname=postgres"
psql_q() { "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }
