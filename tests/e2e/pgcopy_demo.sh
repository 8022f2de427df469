#!/bin/sh
# fgdj demo into a PostgreSQL database fgdj has not made yet: the demo is written into an SQLite
# database in a private directory of its own and copied into PostgreSQL in one proved transaction
# (tests/pg.sh starts the server when FGDJ_TEST_PG is not set). The district demo of the same seed
# made on SQLite and on PostgreSQL must print the same, export every ledger byte for byte alike,
# give the same statistics and the same history (no row of the copy's own); the staging directory
# is gone after it, a failure included, and a failed fill leaves the PostgreSQL database without any
# of the rows; a database that has the demo already is refused as on SQLite.
[ -n "${FGDJ_TEST_PG:-}" ] || exec sh "$(dirname "$0")/../pg.sh" sh "$0" "$@"
. "$(dirname "$0")/../lib.sh"

U() { printf '%s' "$FGDJ_TEST_PG" | sed "s|/postgres?|/$1?|"; }
psql_() { db=$1; shift; psql "$(U "$db")" -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
psql_ postgres -c "CREATE DATABASE p1" -c "CREATE DATABASE p2"
mkdir stage
export TMPDIR="$WORK/stage"

run 0 "$FGDJ" demo --scale district --seed 1 --db d.db
mv out lite.out
FGDJ_SQL_COUNT=1 run 0 "$FGDJ" demo --scale district --seed 1 --db "$(U p1)"
eq "$(sed "s|$(U p1)|d.db|" out | sha256sum)" "$(sha256sum <lite.out)" "the demo prints the same on PostgreSQL"
has out "已生成演示数据"
# The counter (FGDJ_SQL_COUNT=1): a bulk copy, not a round trip a row.
trips=$(sed -n 's/^fgdj: PostgreSQL 往返 \([0-9]*\) 次，发送语句 \([0-9]*\) 条$/\1/p' err)
[ -n "$trips" ] && [ "$trips" -gt 0 ] && [ "$trips" -lt 5000 ] && ok || fail "round trips counted: '$trips' ($(cat err))"
eq "$(ls -A stage)" "" "the staging directory removed"

# Every ledger's export and the statistics, the same from both databases.
SAME_DB=$(U p1)
for k in $LEDGER_KINDS; do
	same_cmd export "$k" --closed -o /dev/stdout
done
same_cmd stats --format json
has p.out '"orgs_total": 859'

# The history: the demo's own rows, as on SQLite (the copy adds none of its own).
kinds="select tbl, op, coalesce(source, ''), who, count(*) from history group by tbl, op, source, who order by 1, 2, 3, 4"
eq "$(psql_ p1 -F '|' -c "$kinds" | sha256sum)" "$(sqlite3 -separator '|' d.db "$kinds" | sha256sum)" \
	"the history's kinds and counts on PostgreSQL"
eq "$(psql_ p1 -c 'select count(*) from history')" "$(sql d.db 'select count(*) from history')" "history rows"
eq "$(psql_ p1 -c "select count(*) from history where source = 'migrate --to'")" 0 "no row of the copy's own"
rows="select id, who, tbl, key, op, old, new, source from history order by id"
eq "$(psql_ p1 -F '|' -c "$rows" | sha256sum)" "$(sqlite3 -separator '|' d.db "$rows" | sha256sum)" \
	"the history rows, their times aside"
# Keys go on after the largest copied.
eq "$(psql_ p1 -c "insert into zone (name, kind) values ('新建园区', '园区') returning id")" \
	"$(($(sql d.db 'select max(id) from zone') + 1))" "the next zone id"

# A database `fgdj init` made (the root region and its closure row, nothing else) is new too: the
# demo is copied in the same way, the same rows as into the empty database; `migrate --to` copies a
# file into it as well. One with anything more (an account) gets the demo statement by statement.
psql_ postgres -c "CREATE DATABASE p3" -c "CREATE DATABASE p4" -c "CREATE DATABASE p5"
run 0 "$FGDJ" init --db "$(U p3)"
eq "$(psql_ p3 -c 'select count(*) from region')" 1 "init writes the root region"
FGDJ_SQL_COUNT=1 run 0 "$FGDJ" demo --scale district --seed 1 --db "$(U p3)"
trips=$(sed -n 's/^fgdj: PostgreSQL 往返 \([0-9]*\) 次，发送语句 \([0-9]*\) 条$/\1/p' err)
[ -n "$trips" ] && [ "$trips" -lt 5000 ] && ok || fail "an init'd database gets the demo copied: '$trips' round trips"
eq "$(psql_ p3 -F '|' -c "$rows" | sha256sum)" "$(sqlite3 -separator '|' d.db "$rows" | sha256sum)" \
	"the same history as the demo into an empty database"
eq "$(psql_ p3 -F '|' -c 'select id, parent_id, level, name from region order by id' | sha256sum)" \
	"$(sqlite3 -separator '|' d.db 'select id, parent_id, level, name from region order by id' | sha256sum)" "the same places"
run 0 "$FGDJ" init --db "$(U p4)"
run 0 "$FGDJ" migrate --to "$(U p4)" --db d.db
eq "$(psql_ p4 -c 'select count(*) from member')" "$(sql d.db 'select count(*) from member')" "migrate --to an init'd database"
run 0 "$FGDJ" init --db "$(U p5)"
printf 'secret-pass-1\n' | "$FGDJ" user add boss --role admin --password-stdin --db "$(U p5)" >/dev/null || fail "user add"
FGDJ_SQL_COUNT=1 run 0 "$FGDJ" demo --scale district --seed 1 --db "$(U p5)"
trips=$(sed -n 's/^fgdj: PostgreSQL 往返 \([0-9]*\) 次，发送语句 \([0-9]*\) 条$/\1/p' err)
[ -n "$trips" ] && [ "$trips" -gt 5000 ] && ok || fail "a database with an account gets the demo row by row: '$trips' round trips"
eq "$(psql_ p5 -c 'select count(*) from member')" "$(sql d.db 'select count(*) from member')" "all the members"

# A database with the demo already: refused, as on SQLite, nothing written.
h=$(psql_ p1 -c 'select count(*) from history')
run 2 "$FGDJ" demo --scale district --seed 2 --db "$(U p1)"
has err "已有"
eq "$(psql_ p1 -c 'select count(*) from history')" "$h" "the second demo wrote nothing"

# A fill that fails (a table of another program's in the way of the schema): nothing of fgdj's is
# left in PostgreSQL, the other table as it was, the staging directory removed.
psql_ p2 -c "CREATE TABLE member (x integer)" -c "INSERT INTO member VALUES (7)"
run 2 "$FGDJ" demo --scale district --seed 1 --db "$(U p2)"
has err "生成演示数据失败"
eq "$(psql_ p2 -c 'select count(*) from pg_tables where schemaname = current_schema()')" 1 \
	"no table of fgdj's after the failed fill"
eq "$(psql_ p2 -c 'select x from member')" 7 "the other table as it was"
eq "$(ls -A stage)" "" "the staging directory removed after the failure"
hasnt out "已生成演示数据"

[ "$FAILS" = 0 ] || exit 1
echo "pgcopy_demo: $TESTS checks passed"
