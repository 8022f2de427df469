#!/bin/sh
# The same work on both backends, side by side, each beside a raw baseline of its own measured in
# the same run (issue 14): the demo's ledgers imported into an empty SQLite file and an empty
# PostgreSQL database (baseline: sqlite3's .import and psql's \copy of the same CSV into a bare
# table), `fgdj stats` (baseline: one plain SQL aggregate over the enterprises and members on the
# same database), and list pages and APIs under load (wrk; baseline: the static asset of the same
# server). PostgreSQL is a throwaway cluster of tests/pg.sh (Unix socket, fsync off — as the tests
# run it; a production server syncs its WAL).
#
#   FGDJ=build/fgdj sh bench/backends.sh              the district demo (SCALE=district)
#   SCALE=city DURATION=5s FGDJ=… sh bench/backends.sh
[ -n "${FGDJ_TEST_PG:-}" ] || exec sh "$(dirname "$0")/../tests/pg.sh" sh "$0" "$@"
. "$(dirname "$0")/lib.inc"
for tool in wrk curl psql sqlite3; do
	command -v $tool >/dev/null 2>&1 || { echo "bench/backends.sh: 需要 $tool" >&2; exit 1; }
done
SCALE=${SCALE:-district}
DURATION=${DURATION:-5s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
d=$(demo_db "$SCALE")
L="$d/ledgers"
B=$BENCH_DIR/backends-$$
mkdir -p "$B"
U() { printf '%s' "$FGDJ_TEST_PG" | sed "s|/postgres?|/$1?|"; }
psql_() { db=$1; shift; PGOPTIONS='-c client_min_messages=warning' psql "$(U "$db")" -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
cpu() { /usr/bin/time -f '%U %S' -o "$B/time" "$@" >/dev/null 2>&1; awk '{ printf "%.2f", $1 + $2 }' "$B/time"; }
rows() { echo $(($(wc -l <"$1") - 1)); }

echo "fgdj on SQLite and PostgreSQL, $SCALE demo, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "== import (wall s; fgdj's CPU s; the bare load of the same file; ratio = fgdj wall / bare wall)"
printf '%-12s %8s | %9s %7s %8s %6s | %9s %7s %8s %6s\n' ledger rows sqlite cpu bare ratio postgres cpu bare ratio
n=0
# (transfers before meetings: a member who transferred out attended meetings before the transfer)
for k in enterprises orgs members instructors transfers meetings; do
	[ -f "$L/$k.csv" ] || continue
	n=$((n + 1))
	opt=
	[ "$k" = enterprises ] && opt=--new-places
	if [ "$n" = 1 ]; then
		rm -f "$B/s.db"*
		psql_ postgres -c "DROP DATABASE IF EXISTS imp" -c "CREATE DATABASE imp"
		"$FGDJ" init --db "$(U imp)" >/dev/null
	fi
	t0=$(now); c_s=$(cpu "$FGDJ" import "$k" "$L/$k.csv" $opt --db "$B/s.db"); t1=$(now)
	t_s=$(secs "$t0" "$t1")
	t0=$(now); c_p=$(cpu "$FGDJ" import "$k" "$L/$k.csv" $opt --db "$(U imp)"); t1=$(now)
	t_p=$(secs "$t0" "$t1")
	rm -f "$B/bare.db"
	t0=$(now); sqlite3 "$B/bare.db" ".import --csv $L/$k.csv t"; t1=$(now)
	b_s=$(secs "$t0" "$t1")
	cols=$(head -1 "$L/$k.csv" | awk -F, '{ for (i = 1; i <= NF; i++) printf "%sc%d text", (i > 1 ? ", " : ""), i }')
	psql_ imp -c "DROP TABLE IF EXISTS bare_t" -c "CREATE TABLE bare_t ($cols)"
	t0=$(now); psql_ imp -c "\\copy bare_t FROM '$L/$k.csv' WITH (FORMAT csv, HEADER true)"; t1=$(now)
	b_p=$(secs "$t0" "$t1")
	psql_ imp -c "DROP TABLE bare_t"
	printf '%-12s %8d | %9.2f %7s %8.3f %6s | %9.2f %7s %8.3f %6s\n' "$k" "$(rows "$L/$k.csv")" "$t_s" "$c_s" "$b_s" \
		"$(ratio "$t_s" "$b_s")" "$t_p" "$c_p" "$b_p" "$(ratio "$t_p" "$b_p")"
done

# The whole demo on both for what follows: the SQLite file as made, copied to PostgreSQL by fgdj.
cp "$d/demo.db" "$B/w.db"
printf 'bench-pass-2026\n' | "$FGDJ" user add bench --role admin --password-stdin --db "$B/w.db" >/dev/null 2>&1 || true
psql_ postgres -c "DROP DATABASE IF EXISTS w" -c "CREATE DATABASE w"
"$FGDJ" migrate --to "$(U w)" --db "$B/w.db" >/dev/null || { echo "migrate --to failed" >&2; exit 1; }
PGW=$(U w)

echo
echo "== fgdj stats --format json (best of 3, wall s) beside one plain SQL aggregate (best of 3)"
AGG="SELECT e.status, count(DISTINCT e.id), count(m.id) FROM enterprise e LEFT JOIN member m ON m.employer_id = e.id GROUP BY e.status"
s_s=$(best_of 3 "$FGDJ" stats --format json --db "$B/w.db")
s_p=$(best_of 3 "$FGDJ" stats --format json --db "$PGW")
a_s=$(best_of 3 sqlite3 "$B/w.db" "$AGG")
a_p=$(best_of 3 psql "$PGW" -X -q -A -t -c "$AGG")
"$FGDJ" stats --format json --db "$B/w.db" >"$B/s.json"
"$FGDJ" stats --format json --db "$PGW" >"$B/p.json"
same=不同; cmp -s "$B/s.json" "$B/p.json" && same=相同
printf 'sqlite   stats %8.3f s   aggregate %8.3f s   ratio %s\n' "$s_s" "$a_s" "$(ratio "$s_s" "$a_s")"
printf 'postgres stats %8.3f s   aggregate %8.3f s   ratio %s\n' "$s_p" "$a_p" "$(ratio "$s_p" "$a_p")"
printf 'postgres / sqlite: stats %s   (the two JSON outputs %s)\n' "$(ratio "$s_p" "$s_s")" "$same"

echo
echo "== list pages under load: wrk -t$THREADS -c$CONNECTIONS -d$DURATION, req/s · p99 ms · ratio to the same server's static asset"
serve_on() {
	LOG=$B/server-$1.log
	: >"$LOG"
	"$FGDJ" serve --listen 127.0.0.1:0 --db "$2" 2>"$LOG" &
	PID=$!
	PORT=$(server_port "$LOG")
	[ -n "$PORT" ] || { cat "$LOG" >&2; exit 1; }
	URL=http://127.0.0.1:$PORT
	jar=$B/cookies
	curl -s -c "$jar" -H 'Content-Type: application/json' -d '{"username":"bench","password":"bench-pass-2026"}' \
		"$URL/api/v1/session" >/dev/null
	COOKIE="Cookie: fgdj_session=$(awk '$6 == "fgdj_session" { print $7 }' "$jar")"
}
trap 'kill $PID 2>/dev/null; rm -rf "$B"' EXIT
for be in sqlite postgres; do
	if [ $be = sqlite ]; then serve_on $be "$B/w.db"; else serve_on $be "$PGW"; fi
	echo "-- $be"
	static=
	run static /assets/fgdj.css /assets/fgdj.css
	static=$RPS
	for p in /enterprises /members "/orgs?kind=$(enc 党支部)" /meetings /dues "/api/v1/enterprises?limit=50" \
		"/api/v1/members?limit=50" "/api/v1/meetings?limit=50" "/api/v1/stats" /findings; do
		alone "$p" >/dev/null # the first request of a list reads its order
		run "$be" "$p" "$p"
	done
	kill $PID
	wait $PID 2>/dev/null || true
done
