#!/bin/sh
# The dues import on PostgreSQL, one binary against another (docs/scaling.md 下一步 5: the
# concurrency guard of a new dues row). The district demo (`fgdj demo --scale district --seed 1
# --export`, made by FGDJ: 119,130 dues rows); for each binary a database holding the enterprises,
# organisations, members and transfers that binary imported (`VACUUM ANALYZE`d), and per round a
# copy of it (CREATE DATABASE … TEMPLATE) into which the dues are imported; BEFORE_FGDJ and FGDJ
# alternating, ROUNDS rounds (3 unless told). Wall seconds (the server's work included), fgdj's own
# CPU seconds (user + system, /usr/bin/time) and the server's: the CPU of the postmaster's children
# reaped meanwhile (cutime + cstime of /proc/PID/stat), that is the import's backend, with autovacuum
# off so that no worker's CPU falls into the next round. On a loaded machine the walls scatter; the
# two CPU columns much less. PostgreSQL is a throwaway cluster of tests/pg.sh (Unix socket, fsync
# off — as the tests run it).
#
#   BEFORE_FGDJ=old/fgdj FGDJ=build/fgdj sh bench/pg_dues_import.sh
[ -n "${FGDJ_TEST_PG:-}" ] || exec sh "$(dirname "$0")/../tests/pg.sh" sh "$0" "$@"
. "$(dirname "$0")/lib.inc"
: "${BEFORE_FGDJ:?BEFORE_FGDJ must name the binary to compare with}"
ROUNDS=${ROUNDS:-3}
L=$(demo_db district)/ledgers
B=$BENCH_DIR/pg_dues-$$
mkdir -p "$B"
trap 'rm -rf "$B"' EXIT
U() { printf '%s' "$FGDJ_TEST_PG" | sed "s|/postgres?|/$1?|"; }
psql_() { db=$1; shift; PGOPTIONS='-c client_min_messages=warning' psql "$(U "$db")" -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
psql_ postgres -c "ALTER SYSTEM SET autovacuum = off" -c "SELECT pg_reload_conf()" >/dev/null
PM=$(head -1 "$(printf '%s' "$FGDJ_TEST_PG" | sed 's|.*host=||')/data/postmaster.pid")
TCK=$(getconf CLK_TCK)
# reaped: the CPU seconds of the postmaster's reaped children so far.
reaped() { sed 's/^.*) //' "/proc/$PM/stat" | awk -v t="$TCK" '{ printf "%.2f", ($14 + $15) / t }'; }

# The ledgers the dues refer to, once per binary (its own schema: its own triggers).
for b in before after; do
	f=$FGDJ
	[ $b = before ] && f=$BEFORE_FGDJ
	psql_ postgres -c "CREATE DATABASE m0_$b"
	"$f" init --db "$(U m0_$b)" >/dev/null
	"$f" import enterprises "$L/enterprises.csv" --new-places --db "$(U m0_$b)" >/dev/null
	for k in orgs members transfers; do
		"$f" import $k "$L/$k.csv" --db "$(U m0_$b)" >/dev/null
	done
	psql_ m0_$b -c "VACUUM ANALYZE"
done

echo "dues import, $(($(wc -l <"$L/dues.csv") - 1)) rows; $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "round binary wall_s fgdj_cpu_s server_cpu_s load1"
i=1
while [ $i -le "$ROUNDS" ]; do
	for b in before after; do
		f=$FGDJ
		[ $b = before ] && f=$BEFORE_FGDJ
		psql_ postgres -c "DROP DATABASE IF EXISTS r" -c "CREATE DATABASE r TEMPLATE m0_$b"
		sync
		c0=$(reaped)
		t0=$(now)
		/usr/bin/time -f '%U %S' -o "$B/time" "$f" import dues "$L/dues.csv" --db "$(U r)" >"$B/out" 2>"$B/err" || {
			cat "$B/err" >&2
			exit 1
		}
		t1=$(now)
		sleep 1 # the backend's exit reaped
		cpu=$(awk '{ printf "%.2f", $1 + $2 }' "$B/time")
		server=$(awk -v a="$c0" -v b="$(reaped)" 'BEGIN { printf "%.2f", b - a }')
		echo "$i $b $(secs "$t0" "$t1" | awk '{ printf "%.2f", $1 }') $cpu $server $(cut -d' ' -f1 /proc/loadavg)"
		# The rows and their districts, as the member's (every round, both binaries).
		bad=$(psql_ r -c "SELECT count(*) FROM dues du JOIN member m ON m.id = du.member_id
			WHERE du.district_id IS DISTINCT FROM m.district_id")
		[ "$bad" = 0 ] || { echo "bench/pg_dues_import.sh: $bad dues rows not in their member's district ($b)" >&2; exit 1; }
	done
	i=$((i + 1))
done
