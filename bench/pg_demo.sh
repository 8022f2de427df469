#!/bin/sh
# The demo on PostgreSQL (issue 14): the district demo of one seed made on SQLite (the baseline:
# the same rows written through the same code into a file), on PostgreSQL through the direct path
# (a statement a row, pipelined; what `fgdj demo` does on a database that `fgdj init` made), and on
# PostgreSQL into a database fgdj has not made yet, where the demo is staged in a temporary SQLite
# file and copied in by migrate --to's proved COPY. One run each, wall seconds, and the PostgreSQL
# round trips and statements counted by FGDJ_SQL_COUNT=1. MAIN=path/to/fgdj adds that binary's demo
# into an empty database (an older build's direct path). PostgreSQL is a throwaway cluster of
# tests/pg.sh (Unix socket, fsync off — as the tests run it). Then the first import of the dues and
# of the rosters on PostgreSQL (copies of the staged database with those ledgers emptied): into an
# empty ledger, where no row is looked up (store_fresh), beside the same file into a ledger left
# with one row, where each row is.
#
#   FGDJ=build/fgdj sh bench/pg_demo.sh
#   MAIN=/work/main/build/fgdj FGDJ=build/fgdj sh bench/pg_demo.sh
[ -n "${FGDJ_TEST_PG:-}" ] || exec sh "$(dirname "$0")/../tests/pg.sh" sh "$0" "$@"
. "$(dirname "$0")/lib.inc"
SEED=${SEED:-1}
B=$BENCH_DIR/pg_demo-$$
mkdir -p "$B"
trap 'rm -rf "$B"' EXIT
U() { printf '%s' "$FGDJ_TEST_PG" | sed "s|/postgres?|/$1?|"; }
psql_() { db=$1; shift; PGOPTIONS='-c client_min_messages=warning' psql "$(U "$db")" -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
psql_ postgres -c "CREATE DATABASE direct" -c "CREATE DATABASE staged" -c "CREATE DATABASE old"
# timed NAME CMD...: wall seconds of CMD into $B/NAME.t, its stderr into $B/NAME.err
timed() {
	n=$1; shift
	t0=$(now); FGDJ_SQL_COUNT=1 "$@" >"$B/$n.out" 2>"$B/$n.err" || { cat "$B/$n.err" >&2; exit 1; }; t1=$(now)
	secs "$t0" "$t1" >"$B/$n.t"
}
trips() { sed -n 's/^fgdj: PostgreSQL 往返 \([0-9]*\) 次，发送语句 \([0-9]*\) 条$/\1 \2/p' "$B/$1.err"; }

echo "fgdj demo --scale district --seed $SEED: SQLite, PostgreSQL direct, PostgreSQL staged; $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
timed sqlite "$FGDJ" demo --scale district --seed "$SEED" --db "$B/d.db"
"$FGDJ" init --db "$(U direct)" >/dev/null
timed direct "$FGDJ" demo --scale district --seed "$SEED" --db "$(U direct)"
timed staged "$FGDJ" demo --scale district --seed "$SEED" --db "$(U staged)"
[ -n "${MAIN:-}" ] && timed old "$MAIN" demo --scale district --seed "$SEED" --db "$(U old)"
same=不同
"$FGDJ" stats --format json --db "$(U direct)" >"$B/a.json"
"$FGDJ" stats --format json --db "$(U staged)" >"$B/b.json"
cmp -s "$B/a.json" "$B/b.json" && same=相同
s=$(cat "$B/sqlite.t")
printf '%-34s %9s %9s %10s %11s\n' path wall_s ÷sqlite round_trips statements
printf '%-34s %9.2f %9s %10s %11s\n' "sqlite (baseline)" "$s" 1.00 - -
for n in direct staged old; do
	[ -f "$B/$n.t" ] || continue
	set -- $(trips "$n") - -
	printf '%-34s %9.2f %9s %10s %11s\n' "postgres $n" "$(cat "$B/$n.t")" "$(ratio "$(cat "$B/$n.t")" "$s")" "$1" "$2"
done
printf 'direct / staged: %s   (statistics of the two PostgreSQL databases %s)\n' \
	"$(ratio "$(cat "$B/direct.t")" "$(cat "$B/staged.t")")" "$same"

echo
echo "== import of the demo's dues and rosters on PostgreSQL: into an empty ledger, and into one left with one row"
"$FGDJ" export dues --unmasked --closed -o "$B/dues.csv" --db "$B/d.db" >/dev/null 2>&1
"$FGDJ" export rosters --unmasked --closed -o "$B/rosters.csv" --db "$B/d.db" >/dev/null 2>&1
psql_ postgres -c "CREATE DATABASE f_empty TEMPLATE staged" -c "CREATE DATABASE f_one TEMPLATE staged"
psql_ f_empty -c "DELETE FROM roster_candidate" -c "DELETE FROM roster_line" -c "DELETE FROM dues"
psql_ f_one -c "DELETE FROM roster_candidate" -c "DELETE FROM roster_line WHERE id <> (SELECT max(id) FROM roster_line)" \
	-c "DELETE FROM dues WHERE id <> (SELECT max(id) FROM dues)"
# (the deleted rows' dead tuples would slow every lookup of the second: gone before either import)
for db in f_empty f_one; do psql_ "$db" -c "VACUUM ANALYZE"; done
printf '%-10s %8s | %-8s %9s %10s %11s\n' ledger rows ledger wall_s round_trips statements
for k in dues rosters; do
	for db in f_one f_empty; do
		timed "$k-$db" "$FGDJ" import "$k" "$B/$k.csv" --db "$(U "$db")"
		set -- $(trips "$k-$db") - -
		printf '%-10s %8d | %-8s %9.2f %10s %11s\n' "$k" $(($(wc -l <"$B/$k.csv") - 1)) "$db" "$(cat "$B/$k-$db.t")" "$1" "$2"
	done
done
