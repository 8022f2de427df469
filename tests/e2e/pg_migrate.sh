#!/bin/sh
# fgdj migrate --to postgresql://…: the district demo (every ledger, the history, the name search)
# copied into an empty PostgreSQL database beside the test (tests/pg.sh starts it when
# FGDJ_TEST_PG is not set). Checked with sqlite3 and psql, and by fgdj's own commands reading each
# database (every export, the statistics, the findings, the plan, the report): the same rows in tables
# read the same way on both sides, the history one row longer (the copy's own), keys that go on after
# the largest copied, the history still append-only; a second copy, a wrong target and a row that
# PostgreSQL cannot take are refused with nothing written there, and the SQLite file is unchanged.
[ -n "${FGDJ_TEST_PG:-}" ] || exec sh "$(dirname "$0")/../pg.sh" sh "$0" "$@"
. "$(dirname "$0")/../lib.sh"

U() { printf '%s' "$FGDJ_TEST_PG" | sed "s|/postgres?|/$1?|"; }
psql_() { db=$1; shift; psql "$(U "$db")" -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
psql_ postgres -c "CREATE DATABASE m1" -c "CREATE DATABASE m2" -c "CREATE DATABASE m3"

"$FGDJ" demo --scale district --seed 1 --db d.db >/dev/null 2>&1 || fail "demo"
before=$(dbsum d.db)
run 0 "$FGDJ" migrate --to "$(U m1)" --db d.db
has out "已复制并核对一致"
eq "$(dbsum d.db)" "$before" "the SQLite database is not changed by the copy"
eq "$(grep -c ' 行  一致$' out)" "$(sqlite3 d.db "select count(*) from sqlite_master where type = 'table'
	and name not like 'sqlite%' and name not like '%search\_%' escape '\' and name <> 'facts_kept'")" \
	"every table reported (not the kept facts: derived, not copied)"
grep -q "^  enterprise  *$(sql d.db 'select count(*) from enterprise') 行  一致" out && ok || fail "enterprise count reported"

# The same rows, read by sqlite3 and by psql (columns whose text both print alike).
same() {
	a=$(sqlite3 -separator '|' d.db "$2" | sha256sum)
	b=$(psql_ m1 -F '|' -c "$2" | sha256sum)
	eq "$b" "$a" "$1 identical on PostgreSQL"
}
same enterprise "select id, uscc, name, community_id, zone_id, industry, status, employees, fixed_site, investor, founded, version, closed from enterprise order by id"
same member "select id, idno, name, sex, birth, status, join_date, full_date, employer_id, org_id, relation, phone, version from member order by id"
same org "select id, name, kind, mode, parent_id, street_id, community_id, founded, secretary, groups from org order by id"
same meeting "select id, org_id, kind, date, topic, form, attendees, absentees from meeting order by id"
same dues "select id, member_id, month, base, retired, due, paid, paid_date from dues order by id"
same roster "select id, enterprise_id, idno, name, hired, political from roster_line order by id"
same search "select rowid, words from enterprise_search order by rowid"
same regions "select ancestor, descendant, depth from region_tree order by ancestor, descendant"
n=$(sql d.db 'select count(*) from history')
same history_rows "select id, at, who, tbl, key, op, old, new, source from history where id <= $n order by id"
eq "$(psql_ m1 -c 'select count(*) from history')" "$((n + 1))" "the copy's own history row"
psql_ m1 -c "select who, tbl, key, op, source, new from history order by id desc limit 1" >last
has last "tester|database|d.db|insert|migrate --to|"
has last '"what":"复制到 PostgreSQL"'

# The copy proved by the commands themselves, fgdj now reading PostgreSQL (--db postgresql://…):
# every ledger's export, the statistics (today, a past day, by street, as recorded), the findings,
# the joint-branch plan and the work report print the same from both databases.
SAME_DB=$(U m1)
for k in $LEDGER_KINDS; do
	same_cmd export "$k" --closed -o /dev/stdout
done
same_cmd stats --format json
same_cmd stats --format json --as-of 2026-06-30
same_cmd stats --format json --by street
same_cmd stats --format json --as-recorded "$(date +%Y-%m-%d)"
same_cmd check --format json
same_cmd plan joint
same_cmd report work --format md
has p.out "发展党员"

# Keys go on after the largest copied; the history stays append-only.
eq "$(psql_ m1 -c "insert into zone (name, kind) values ('新建园区', '园区') returning id")" \
	"$(($(sql d.db 'select max(id) from zone') + 1))" "the next zone id"
if psql_ m1 -c "update history set who = 'x' where id = 1" 2>perr; then fail "history updated"; else ok; fi
has perr "history is append-only"
if psql_ m1 -c "delete from history" 2>perr; then fail "history deleted"; else ok; fi

# Refused: a database with rows, a file as target, a server that is not there — nothing written.
h=$(psql_ m1 -c 'select count(*) from history')
run 2 "$FGDJ" migrate --to "$(U m1)" --db d.db
has err "PostgreSQL 数据库已有数据"
eq "$(psql_ m1 -c 'select count(*) from history')" "$h" "second copy wrote nothing"
run 2 "$FGDJ" migrate --to other.db --db d.db
has err "目标应为 PostgreSQL 数据库地址"
run 2 "$FGDJ" migrate --to "postgresql://fgdj@/m2?host=/nonexistent-fgdj-dir" --db d.db
has err "无法连接 PostgreSQL 数据库"
run 2 "$FGDJ" migrate --to "$(U m2)" --backup b.db --db d.db
has err "不能同时使用"

# A value SQLite holds and PostgreSQL's column refuses (text in an integer column): the whole copy
# is rolled back, the new database's tables with it. (The small hand-made district, for time.)
import_district bad.db
sqlite3 bad.db "update member set version = 'x' where id = (select max(id) from member)"
run 2 "$FGDJ" migrate --to "$(U m3)" --db bad.db
has err "没有复制"
has err "member"
eq "$(psql_ m3 -c 'select count(*) from pg_tables where schemaname = current_schema()')" 0 \
	"nothing after a failed copy into a new database, not even its tables"
# The same database once mended copies in full.
sqlite3 bad.db "update member set version = 1 where id = (select max(id) from member)"
run 0 "$FGDJ" migrate --to "$(U m3)" --db bad.db
eq "$(psql_ m3 -c 'select count(*) from member')" "$(sql bad.db 'select count(*) from member')" "members after the mended copy"
eq "$(psql_ m3 -c 'select count(*) from history')" "$(($(sql bad.db 'select count(*) from history') + 1))" "history after the mended copy"

[ "$FAILS" = 0 ] || exit 1
echo "pg_migrate: $TESTS checks passed"
