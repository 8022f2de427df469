#!/bin/sh
# The PostgreSQL backend (--db postgresql://…, FGDJ_DB): the hand-made district imported into an
# empty PostgreSQL database beside the test (tests/pg.sh starts it when FGDJ_TEST_PG is not set)
# and into an SQLite file by the same commands; what the commands then print must be the same on
# both (every ledger's export, the statistics today and on an earlier day, a street's, the
# findings), and what psql reads must be what the commands wrote. A refused file writes nothing on
# PostgreSQL either; the history stays append-only; a second `init` leaves the database as it is;
# backup, restore and the file migrations are refused there.
[ -n "${FGDJ_TEST_PG:-}" ] || exec sh "$(dirname "$0")/../pg.sh" sh "$0" "$@"
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

U() { printf '%s' "$FGDJ_TEST_PG" | sed "s|/postgres?|/$1?|"; }
psql_() { db=$1; shift; psql "$(U "$db")" -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
psql_ postgres -c "CREATE DATABASE b1"
PG=$(U b1)

run 0 "$FGDJ" init --db "$PG"
has out "数据库已就绪"
eq "$(psql_ b1 -c 'select version from fgdj_schema')" "$(sqlite3 /dev/null 'select 1' >/dev/null; "$FGDJ" init --db s0.db >/dev/null && sql s0.db 'pragma user_version')" "schema version recorded"
eq "$(psql_ b1 -c "select level || ':' || name from region")" "district:本区" "the district's own region"
run 0 "$FGDJ" init --db "$PG"
eq "$(psql_ b1 -c 'select count(*) from fgdj_schema')" "1" "a second init changes nothing"

import_district s.db
# The same imports through FGDJ_DB instead of --db.
FGDJ_DB=$PG "$FGDJ" import enterprises "$FIX/district/enterprises.csv" --new-places >/dev/null || fail "import enterprises (PostgreSQL)"
for k in orgs members instructors; do
	FGDJ_DB=$PG "$FGDJ" import "$k" "$FIX/district/$k.csv" >/dev/null || fail "import $k (PostgreSQL)"
done
eq "$(psql_ b1 -c 'select count(*) from enterprise')" "10" "enterprises on PostgreSQL"
eq "$(psql_ b1 -c 'select count(*) from member')" "$(sql s.db 'select count(*) from member')" "members on PostgreSQL"
eq "$(psql_ b1 -c "select name from region where level = 'street' order by name")" \
	"$(sql s.db "select name from region where level = 'street' order by name")" "streets on PostgreSQL"

# same LABEL ARGS…: the command prints the same on both backends.
same() {
	label=$1
	shift
	"$FGDJ" "$@" --db s.db >s.out 2>&1
	a=$?
	"$FGDJ" "$@" --db "$PG" >p.out 2>&1
	eq "$?" "$a" "$label: exit status on PostgreSQL"
	if cmp -s s.out p.out; then ok; else fail "$label differs: $(diff s.out p.out | head -5)"; fi
}
for k in enterprises orgs members instructors; do
	same "export $k" export "$k" -o /dev/stdout
done
same "stats" stats --format json
same "stats as of 2026-01-01" stats --format json --as-of 2026-01-01
same "stats of a street" stats --format json --region 西城街道
same "stats by street" stats --format json --by street
same "check" check --format json
grep -q '"rule"' p.out && ok || fail "check found findings to compare"

# The history of the imports: one row per record, the same text as SQLite writes.
eq "$(psql_ b1 -c "select count(*) from history where tbl = 'member' and op = 'insert'")" "23" "members' history rows"
eq "$(psql_ b1 -c "select new from history where tbl = 'enterprise' and op = 'insert' order by id limit 1")" \
	"$(sql s.db "select new from history where tbl = 'enterprise' and op = 'insert' order by id limit 1")" \
	"an insert's history text as SQLite writes it"
if psql_ b1 -c "delete from history" 2>perr; then fail "history deleted"; else ok; fi
has perr "history is append-only"

# A refused file writes nothing: a member's employer refused, after a row that would be new.
h=$(psql_ b1 -c 'select count(*) from history')
m=$(psql_ b1 -c 'select count(*) from member')
head -1 "$FIX/district/members.csv" >bad.csv
sed -n 2p "$FIX/district/members.csv" | sed 's/^[^,]*,/新党员,/; s/,[0-9]\{17\}[0-9X],/,110101199001011237,/' >>bad.csv
sed -n 2p "$FIX/district/members.csv" | sed 's/,9133[0-9A-Z]*,/,91330106MA2NOSUCH0,/' >>bad.csv
run 2 "$FGDJ" import members bad.csv --db "$PG"
has err "bad.csv:3:工作单位统一社会信用代码"
eq "$(psql_ b1 -c 'select count(*) from history')" "$h" "no history written by a refused file"
eq "$(psql_ b1 -c 'select count(*) from member')" "$m" "no member written by a refused file"

# A change through the command line shows in the lists' kept extras on PostgreSQL too (the marking
# triggers of the schema, the session's tables).
org=$(psql_ b1 -c "select id from org order by id limit 1")
before=$(psql_ b1 -c "select members from org_extra where org_id = $org")
eq "$before" "$(psql_ b1 -c "select count(*) from member where org_id = $org and relation <> '停止党籍' and closed is null")" "kept member count on PostgreSQL"

# What copies an SQLite file is refused on PostgreSQL with the server's own tools named, nothing
# written: backup, restore, migrate --backup / --to; migrate alone checks the schema.
h=$(psql_ b1 -c 'select count(*) from history')
run 2 "$FGDJ" backup pgcopy.db --db "$PG"
has err "pg_dump"
[ ! -e pgcopy.db ] && ok || fail "no backup file on PostgreSQL"
run 2 "$FGDJ" restore s.db --yes --db "$PG"
has err "pg_restore"
run 2 "$FGDJ" migrate --backup before.db --db "$PG"
[ ! -e before.db ] && ok || fail "no file from migrate --backup on PostgreSQL"
run 2 "$FGDJ" migrate --to "$PG" --db "$PG"
has err "复制的是 SQLite 数据库文件"
run 0 "$FGDJ" migrate --db "$PG"
has out "已是当前结构"
eq "$(psql_ b1 -c 'select count(*) from history')" "$h" "nothing written by the refusals"
eq "$(psql_ b1 -c 'select count(*) from member')" "$m" "members unchanged by the refusals"

# The web application on each backend: the same answers to the same requests (lists, a search by
# characters, by pinyin initials and by code prefix, records with their history, the statistics,
# findings and plan, the dashboard), for an administrator and for a community's user.
web() { # web DB FILE: the answers of the server on DB, one after another, into FILE
	DB=$1
	add_user boss admin
	add_user hp community 和平社区
	start_server "$1"
	api_login boss bj
	api_login hp hj
	: >"$2"
	for path in "/api/v1/enterprises?limit=100" "/api/v1/enterprises?limit=100&q=%E7%A7%91%E6%8A%80" \
		"/api/v1/enterprises?limit=100&q=ljzz" "/api/v1/enterprises?limit=100&q=91330106ma2000342" \
		"/api/v1/enterprises?limit=100&q=%E4%B8%B4%E6%B1%9F%20canyin" "/api/v1/members?limit=100&q=zhangy" \
		"/api/v1/orgs?limit=100" "/api/v1/instructors?limit=100" "/api/v1/stats" "/api/v1/findings" \
		"/api/v1/plan" / /findings /plan /orgs/1 /orgs/3 /members/1 /instructors/1; do
		for jar in bj hj; do
			req - GET "$path" -b $jar
			# the pages' form tokens differ by session, the history's times by when each import ran
			{ echo "== $jar $path $STATUS"; sed 's/[0-9a-f]\{64\}/TOKEN/g; s/[0-9]\{4\}-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]/TIME/g' \
				"$WORK/body"; echo; } >>"$2"
		done
	done
	stop_server
}
web s.db web_s.txt
web "$PG" web_p.txt
if cmp -s web_s.txt web_p.txt; then ok; else fail "web answers differ: $(diff web_s.txt web_p.txt | head -6)"; fi
grep -q '"name":"临江智造科技有限公司"' web_p.txt && ok || fail "search answers compared"
eq "$(grep -c '^== bj .* 200$' web_p.txt)" "$(grep -c '^== bj ' web_p.txt)" "every page answered for the administrator"
eq "$(grep -c '^== hj .* 200$' web_p.txt)" "$(($(grep -c '^== hj ' web_p.txt) - 3))" "the community user refused three records outside it alike"
eq "$(grep -A1 'bj /api/v1/enterprises?limit=100&q=ljzz' web_p.txt | grep -o '"name":"[^"]*"' | tr -d '\n')" \
	'"name":"临江智造科技有限公司"' "pinyin initials found on PostgreSQL"

finish
