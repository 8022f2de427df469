#!/bin/sh
# Concurrent API writers on each backend (issue 14): the district demo on SQLite (a copy) and on
# PostgreSQL (the same copy moved by `fgdj migrate --to` into a cluster tests/pg.sh starts, fsync
# off as there), `fgdj serve --threads 8` on each; WRITERS writers at once, writer k PUTting the
# 从业人数 of an enterprise of its own REQS times (curl, one process per request). Per backend:
# requests/s, p99 and max latency as the client saw them (curl's time_total) and as the server
# timed the request (its access log: from the request line to the response handed over, so without
# the client's start-up and the wait for a free worker), requests not answered 200. Baselines of
# the same run:
#   static  the same loops on GET /assets/fgdj.css of the same server (HTTP and curl, no database)
#   raw     WRITERS loops of REQS one-row UPDATE transactions, one psql / sqlite3 process each
#           (the database alone: no HTTP, no history, no kept tables)
# With FGDJ_BASE (an older binary, e.g. main's with the database-wide write lock) its server runs
# the same writers on PostgreSQL too. Goal: no request failing, none waiting more than 1 s.
#
#   FGDJ=build/fgdj sh bench/writers.sh        REQS=40 WRITERS=8 FGDJ_BASE=…
[ -n "${FGDJ_TEST_PG:-}" ] || exec sh "$(dirname "$0")/../tests/pg.sh" sh "$0" "$@"
. "$(dirname "$0")/lib.inc"
command -v curl >/dev/null 2>&1 || { echo "bench/writers.sh: 需要 curl" >&2; exit 1; }
REQS=${REQS:-40}
WRITERS=${WRITERS:-8}
T=$(mktemp -d "$BENCH_DIR/writers.XXXXXX")
SPID=
trap 'if [ -n "$SPID" ]; then kill -TERM $SPID 2>/dev/null; wait $SPID 2>/dev/null; fi; rm -rf "$T"' EXIT

d=$(demo_db district)
cp "$d/demo.db" "$T/s.db"
PG=$(printf '%s' "$FGDJ_TEST_PG" | sed "s|/postgres?|/bw?|")
psql "$FGDJ_TEST_PG" -X -q -c "CREATE DATABASE bw"
t0=$(now)
"$FGDJ" migrate --to "$PG" --db "$T/s.db" >/dev/null
echo "PostgreSQL copy of the district demo: $(secs "$t0" "$(now)") s"
ENTS=$(sqlite3 "$T/s.db" "SELECT uscc FROM enterprise WHERE closed IS NULL ORDER BY id LIMIT $WRITERS")

# serve BIN DB: the server with WRITERS threads, an admin's session (COOKIE, CSRF), URL.
serve() {
	printf 'bench-pass-2026\n' | "$1" user add bench --role admin --password-stdin --db "$2" >/dev/null 2>&1 || true
	: >"$T/access.log"
	: >"$T/server.log" # not the previous server's port (the job's redirection may come after server_port reads)
	"$1" serve --listen 127.0.0.1:0 --threads "$WRITERS" --db "$2" 2>"$T/server.log" >"$T/access.log" &
	SPID=$!
	PORT=$(server_port "$T/server.log")
	[ -n "$PORT" ] || { cat "$T/server.log" >&2; exit 1; }
	URL=http://127.0.0.1:$PORT
	CSRF=$(curl -s -c "$T/jar" -H 'Content-Type: application/json' \
		-d '{"username":"bench","password":"bench-pass-2026"}' "$URL/api/v1/session" |
		sed -n 's/.*"csrf_token":"\([0-9a-f]*\)".*/\1/p')
	[ -n "$CSRF" ] || { echo "bench/writers.sh: 登录失败" >&2; exit 1; }
}
unserve() { kill -TERM $SPID; wait $SPID 2>/dev/null; SPID=; }

# report LABEL SECONDS: one line from the "status seconds" lines in $T/w*.out.
report() {
	n=$(cat "$T"/w*.out | wc -l)
	bad=$(cut -d' ' -f1 "$T"/w*.out | grep -vc '^200$' || true)
	cut -d' ' -f2 "$T"/w*.out | sort -n >"$T/lat"
	p99=$(awk -v n="$n" 'NR == int(n * 0.99 + 0.999) { printf "%.0f", $1 * 1000 }' "$T/lat")
	max=$(tail -1 "$T/lat" | awk '{ printf "%.0f", $1 * 1000 }')
	# the server's own times of the requests of this run (the access log's "…ms" field)
	{ cat "$T/server.log" "$T/access.log"; } 2>/dev/null | awk -v m="$3" '$4 == m { for (i = 5; i <= NF; i++) if ($i ~ /^[0-9.]+ms$/) { sub(/ms$/, "", $i); print $i } }' |
		tail -n "$n" | sort -n >"$T/slat"
	sp99=$(awk -v n="$n" 'NR == int(n * 0.99 + 0.999) { printf "%.0f", $1 }' "$T/slat")
	smax=$(tail -1 "$T/slat" | awk '{ printf "%.0f", $1 }')
	printf '%-34s %5d %8.0f %8s %8s %6s %8s %8s\n' "$1" "$n" "$(rate "$n" "$2")" "$p99" "$max" "$bad" "${sp99:-?}" "${smax:-?}"
	RPS=$(rate "$n" "$2")
}

# loops KIND: WRITERS curl loops at once (put: PUTs of an enterprise each; static: the stylesheet); sets S.
loops() {
	rm -f "$T"/w*.out
	k=0 pids=
	t0=$(now)
	for u in $ENTS; do
		k=$((k + 1))
		(i=1; while [ $i -le "$REQS" ]; do
			if [ "$1" = put ]; then
				curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -X PUT -b "$T/jar" -H "X-CSRF-Token: $CSRF" \
					-H 'Content-Type: application/json' -d "{\"employees\":$((1000 + 100 * k + i))}" \
					"$URL/api/v1/enterprises/$u"
			else
				curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$URL/assets/fgdj.css"
			fi
			i=$((i + 1))
		done >"$T/w$k.out") &
		pids="$pids $!"
	done
	wait $pids
	S=$(secs "$t0" "$(now)")
}

# raw CLIENT…: WRITERS clients at once, each REQS one-row UPDATE transactions; the wall time.
raw() {
	k=0 pids=
	for u in $ENTS; do
		k=$((k + 1))
		i=1
		while [ $i -le "$REQS" ]; do
			echo "$RAW_BEGIN; UPDATE enterprise SET employees = $((2000 + 100 * k + i)) WHERE uscc = '$u'; COMMIT;"
			i=$((i + 1))
		done >"$T/raw$k.sql"
	done
	t0=$(now)
	k=0
	for u in $ENTS; do
		k=$((k + 1))
		"$@" <"$T/raw$k.sql" >/dev/null &
		pids="$pids $!"
	done
	wait $pids
	secs "$t0" "$(now)"
}

printf '%s writers × %s requests, fgdj serve --threads %s, district demo (%s enterprises)\n' "$WRITERS" "$REQS" \
	"$WRITERS" "$(sqlite3 "$T/s.db" 'SELECT count(*) FROM enterprise')"
printf '%-34s %5s %8s %8s %8s %6s %8s %8s\n' "" "req" "req/s" "p99 ms" "max ms" "failed" "srv p99" "srv max"
for backend in sqlite pg; do
	if [ $backend = sqlite ]; then DB=$T/s.db; else DB=$PG; fi
	serve "$FGDJ" "$DB"
	loops static
	report "$backend: static asset (baseline)" "$S" GET
	static=$RPS
	loops put
	report "$backend: PUT enterprise" "$S" PUT
	echo "  → $(ratio "$RPS" "$static") of the static baseline"
	unserve
	if [ $backend = sqlite ]; then
		RAW_BEGIN="BEGIN IMMEDIATE"
		s=$(raw sqlite3 -cmd '.timeout 5000' "$DB")
	else
		RAW_BEGIN="BEGIN"
		s=$(raw psql "$PG" -X -q)
	fi
	printf '%-34s %5d %8.0f   (raw UPDATE transactions, no HTTP)\n' "$backend: raw UPDATE (baseline)" \
		"$((WRITERS * REQS))" "$(rate "$((WRITERS * REQS))" "$s")"
	if [ $backend = pg ] && [ -n "${FGDJ_BASE:-}" ]; then
		serve "$FGDJ_BASE" "$DB"
		loops put
		report "pg: PUT enterprise, FGDJ_BASE" "$S" PUT
		unserve
	fi
done
