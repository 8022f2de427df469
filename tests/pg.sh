#!/bin/sh
# Usage: sh tests/pg.sh COMMAND [ARG...]
# Runs COMMAND beside a PostgreSQL server of its own: Debian's PostgreSQL binaries (postgresql-15,
# installed by `make test-deps`), a cluster made by initdb in a new temporary directory, listening
# on a Unix socket in that directory only (no TCP port, no system service). FGDJ_TEST_PG names it as a
# postgresql:// URI. The server is stopped and the directory removed when COMMAND ends, whatever its
# outcome; COMMAND's exit status is returned.
set -eu
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bin" ]; then
	echo "tests/pg.sh: 未安装 PostgreSQL（make test-deps 会安装 postgresql-15）" >&2
	exit 1
fi
dir=$(mktemp -d /tmp/fgdj-pg.XXXXXX)
as_owner() { "$@"; }
if [ "$(id -u)" = 0 ]; then # the server refuses to run as root
	owner=postgres
	id "$owner" >/dev/null 2>&1 || owner=nobody
	chown "$owner" "$dir"
	as_owner() { runuser -u "$owner" -- "$@"; }
fi
chmod 700 "$dir"
stop() {
	as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
	rm -rf "$dir"
}
trap stop EXIT
trap 'exit 130' INT TERM
if ! as_owner "$bin/initdb" -D "$dir/data" -U fgdj --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1; then
	cat "$dir/initdb.log" >&2
	exit 1
fi
if ! as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -s \
	-o "-c listen_addresses='' -c unix_socket_directories=$dir -c fsync=off" start; then
	cat "$dir/server.log" >&2
	exit 1
fi
FGDJ_TEST_PG="postgresql://fgdj@/postgres?host=$dir"
export FGDJ_TEST_PG
set +e
"$@"
rc=$?
set -e
exit $rc
