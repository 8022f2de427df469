#!/bin/sh
# The demo on PostgreSQL (issue 14): the district demo of one seed made on SQLite (the baseline:
# the same rows written through the same code into a file), on PostgreSQL through the direct path
# (a statement a row, pipelined; what `fgdj demo` does on a database that `fgdj init` made), and on
# PostgreSQL into a database fgdj has not made yet, where the demo is staged in a temporary SQLite
# file and copied in by migrate --to's proved COPY. One run each, wall seconds, and the PostgreSQL
# round trips and statements counted by FGDJ_SQL_COUNT=1. MAIN=path/to/fgdj adds that binary's demo
# into an empty database (an older build's direct path). PostgreSQL is a throwaway cluster of
# tests/pg.sh (Unix socket, fsync off — as the tests run it).
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
