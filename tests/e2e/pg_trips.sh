#!/bin/sh
# What a kept page costs PostgreSQL: round trips, counted by the binary itself (FGDJ_SQL_COUNT=1
# prints them at exit). Each is a wait for the server, so they bound a page's time on a real
# network. A request for a kept page (statistics, a list page) makes three: the session with its
# account (one statement), the read transaction's begin with its stamp (one), and its end. Counted
# as the difference between a server that answered 30 and one that answered 10 such requests.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl
if [ "${FGDJ_TEST_BACKEND:-sqlite}" != pg ]; then
	echo "pg_trips.sh: SQLite 上跳过：往返次数只对 PostgreSQL 有意义（在 make e2e-pg 中运行）"
	exit 0
fi

DB=a.db
run 0 "$FGDJ" demo --db $DB --scale district --seed 1
add_user boss admin
start_server $DB --refresh-after 0
api_login boss bj
stop_server

# trips N PATH: the round trips of a server that answered PATH once (its value computed) and then
# N times more. One worker thread (--threads 1): each worker has a connection of its own, which
# prepares its statements on its first requests, and which workers the kernel hands the requests to
# varies from run to run — a run that reached one worker more counted its ≈ 30 preparations too.
trips() {
	export FGDJ_SQL_COUNT=1
	start_server $DB --refresh-after 0 --threads 1
	unset FGDJ_SQL_COUNT
	i=0
	while [ $i -le "$1" ]; do
		eq "$(curl -s -o /dev/null -w '%{http_code}' -b bj "$URL$2")" 200 "GET $2"
		i=$((i + 1))
	done
	stop_server
	sed -n 's/.*PostgreSQL 往返 \([0-9]*\) 次.*/\1/p' "$WORK/server.log"
}
for p in /api/v1/stats /enterprises /findings; do
	a=$(trips 10 $p)
	b=$(trips 30 $p)
	[ -n "$a" ] && [ -n "$b" ] && ok || fail "no count printed for $p"
	per=$(((b - a) / 20))
	echo "pg_trips.sh: $p: $((b - a)) round trips for 20 requests" >&2
	[ "$per" -le 3 ] && ok || fail "$p: $per round trips a request (at most 3)"
done
finish
