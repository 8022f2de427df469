#!/bin/sh
# A save of a row that another writer is moving to another district's partition (issue 14;
# docs/scaling.md, "跨区县迁移"): on a PostgreSQL database partitioned by district
# (scripts/pg_partition.sql, local partitions in one cluster — tests/pg.sh starts it when
# FGDJ_TEST_PG is not set), a member of 临江区 is saved through the API while psql moves it to
# 江北区 (fg_partition_move deletes the row from its partition and inserts it again through the
# partitioned table). The save locks the row before it reads it (store_lock_read); that lock waits
# on the old row and, once the move commits, finds it deleted: under READ COMMITTED it then locks
# nothing, without an error. The save must still hold the row it reads (the moved one) from its read
# to its write, or a third writer can change the row in between and the save overwrites that change
# with what it read before it (a lost update; the version it checked, If-Match, was the old one).
#
# Each step is waited for, none timed: the mover (psql) holds the move until the save is seen
# waiting for the row; the third writer (psql) then takes the table `setting` (ACCESS EXCLUSIVE),
# which the save reads after the row (validate: uscc.pilot_codes) and before it writes, so that the
# save is held just there; the mover commits; once the save waits for `setting`, the third writer
# tries the row with NOWAIT. The save holds the row then: the third writer is refused at once
# (could not obtain lock), steps back, and the save goes on and is stored. Without the second lock
# (store_lock_read before the fix) the third writer gets the row, changes the name and commits, and
# the save then writes the name it read before: the third writer's change is lost.
# Then the same for an enterprise saved by its USCC (the lock found by the key read first).
# Last, `fgdj import` (a member, a dues row) writing a row while psql moves it: the import's write is
# stored (without its lock before the UPDATE the UPDATE changed nothing and the import still counted
# the row as updated, with a history of a change that was not made).
[ -n "${FGDJ_TEST_PG:-}" ] || exec sh "$(dirname "$0")/../pg.sh" sh "$0" "$@"
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

U() { printf '%s' "$FGDJ_TEST_PG" | sed "s|/postgres?|/$1?|"; }
psql "$(U postgres)" -X -q -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS move_lock WITH (FORCE)" -c "CREATE DATABASE move_lock" ||
	fail "create database"
PG=$(U move_lock)
psql_() { psql "$PG" -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
T="$FIX/territory"
territory_city "$PG"
DH='公民身份号码,姓名,月份,税后工资,是否离退休,应缴,实缴,缴纳日期'
{ echo "$DH"; tail -n +2 "$T/members.csv" | awk -F, '{ print $2 "," $1 ",2026-01,,,10,10,2026-01-20" }'; } >dues.csv
run 0 "$FGDJ" import dues dues.csv --db "$PG"
psql_ -f "$ROOT/scripts/pg_partition.sql" >/dev/null || fail "load scripts/pg_partition.sql"
psql_ -c "SELECT fg_partition_by_district()" >/dev/null || fail "fg_partition_by_district"
LJ=$(psql_ -c "SELECT id FROM region WHERE level = 'district' AND name = '临江区'")
JB=$(psql_ -c "SELECT id FROM region WHERE level = 'district' AND name = '江北区'")
DB=$PG
add_user boss admin
start_server "$PG" --threads 4
api_login boss "$WORK/bj"

# until_sql CONDITION WHAT: a DO block that waits (0.05 s a turn, at most 20 s, then fails with
# WHAT) until the SQL condition holds; the sessions' activity read afresh each turn.
until_sql() {
	printf '%s' "DO \$\$ DECLARE n int := 0; BEGIN WHILE NOT ($1) LOOP
		IF n >= 400 THEN RAISE EXCEPTION '等待超时：%', '$2'; END IF;
		PERFORM pg_sleep(0.05); PERFORM pg_stat_clear_snapshot(); n := n + 1; END LOOP; END \$\$"
}
# Another session waits for a lock while running a statement like PATTERN.
waits() {
	printf '%s' "EXISTS (SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()
		AND query LIKE '$1')"
}
# writing REL: waits (0.05 s a turn, at most 10 s) until another session holds a write lock on the
# table REL (its UPDATE under way, whatever that session runs now).
writing() {
	i=0
	while [ "$(psql_ -c "SELECT count(*) FROM pg_locks WHERE relation = '$1'::regclass AND mode = 'RowExclusiveLock'
		AND pid <> pg_backend_pid()")" = 0 ] && [ $i -lt 200 ]; do
		sleep 0.05
		i=$((i + 1))
	done
}
ROW_LOCK_WAIT=$(waits "SELECT id FROM % WHERE id = \$1 ORDER BY id FOR NO KEY UPDATE")
SETTING_HELD="EXISTS (SELECT 1 FROM pg_locks WHERE relation = 'setting'::regclass AND mode = 'AccessExclusiveLock' AND granted)"
SETTING_WAIT=$(waits "%FROM setting%")

# race TABLE ID KEY_COL NEW_NAME PATH BODY: the save (PUT PATH BODY with If-Match of the row's
# version) while psql moves row ID of TABLE to 江北区 and, meanwhile, a third writer renames it to
# NEW_NAME. Leaves the save's status in $WORK/save.out, the writers' output in mover.out, third.out.
race() {
	tbl=$1 id=$2 kc=$3 nn=$4 path=$5 body=$6
	v=$(psql_ -c "SELECT version FROM $tbl WHERE id = $id")
	rm -f "$WORK/save.out" "$WORK/mover.out" "$WORK/third.out"
	psql_ -c "$PG_MARK_TABLES" -c "BEGIN" -c "UPDATE $tbl SET district_id = $JB WHERE id = $id" \
		-c "$(until_sql "$ROW_LOCK_WAIT AND $SETTING_HELD" "保存等待行锁、第三个写入者占住 setting")" \
		-c "COMMIT" >"$WORK/mover.out" 2>&1 &
	mover=$!
	psql_ -c "$PG_MARK_TABLES" -c "BEGIN" -c "$(until_sql "$ROW_LOCK_WAIT" "保存等待行锁")" \
		-c "LOCK TABLE setting IN ACCESS EXCLUSIVE MODE" \
		-c "$(until_sql "$SETTING_WAIT" "保存读过这一行、等待 setting")" \
		-c "SELECT 'locked ' || $kc FROM $tbl WHERE id = $id FOR NO KEY UPDATE NOWAIT" \
		-c "UPDATE $tbl SET name = '$nn', version = version + 1 WHERE id = $id" -c "COMMIT" >"$WORK/third.out" 2>&1 &
	third=$!
	# The move is under way (the row inserted into 江北区's partition, not yet committed) before the
	# save starts.
	writing "${tbl}_d$JB"
	curl -s -o "$WORK/save.body" -w '%{http_code}\n' -X PUT -b "$WORK/bj" -H "X-CSRF-Token: $CSRF" \
		-H 'Content-Type: application/json' -H "If-Match: \"v$v\"" -d "$body" "$URL$path" >"$WORK/save.out"
	wait $mover || fail "$tbl: the mover's transaction: $(cat "$WORK/mover.out")"
	wait $third
	third_rc=$?
	V0=$v
}

# ---- a member saved by its id ----
M=$(psql_ -c "SELECT id FROM member WHERE idno = '330106196203030056'") # 党员二, 梧埭智造 (临江区)
eq "$(psql_ -c "SELECT count(*) FROM member_d$LJ WHERE id = $M")" 1 "党员二 in 临江区's partition"
race member "$M" idno 党员二乙 "/api/v1/members/$M" '{"phone":"13900000222"}'
eq "$(cat "$WORK/save.out")" 200 "member: the save is stored"
has "$WORK/third.out" "could not obtain lock on row"
[ "$third_rc" != 0 ] && ok || fail "member: the third writer got the row while the save held it: $(cat "$WORK/third.out")"
# Whatever the third writer committed is not lost: the name is its own if it committed.
if [ "$third_rc" = 0 ]; then want=党员二乙; else want=党员二; fi
eq "$(psql_ -c "SELECT name FROM member WHERE id = $M")" "$want" "member: no committed change overwritten"
eq "$(psql_ -c "SELECT phone || ' ' || version FROM member WHERE id = $M")" "13900000222 $((V0 + 1))" \
	"member: the save's phone, one new version"
eq "$(psql_ -c "SELECT count(*) FROM member WHERE id = $M")" 1 "member: one row"

# ---- an enterprise saved by its USCC (梧埭智造 also moved by the mover: the same lock by the id its
# key read found) ----
E=91330106MA20002034
EID=$(psql_ -c "SELECT id FROM enterprise WHERE uscc = '$E'")
eq "$(psql_ -c "SELECT count(*) FROM enterprise_d$LJ WHERE id = $EID")" 1 "梧埭智造 in 临江区's partition"
race enterprise "$EID" uscc 梧埭智造乙 "/api/v1/enterprises/$E" '{"employees":51}'
eq "$(cat "$WORK/save.out")" 200 "enterprise: the save is stored"
has "$WORK/third.out" "could not obtain lock on row"
[ "$third_rc" != 0 ] && ok || fail "enterprise: the third writer got the row while the save held it: $(cat "$WORK/third.out")"
if [ "$third_rc" = 0 ]; then want=梧埭智造乙; else want=$(grep "^$E," "$T/enterprises.csv" | cut -d, -f2); fi
eq "$(psql_ -c "SELECT name FROM enterprise WHERE id = $EID")" "$want" "enterprise: no committed change overwritten"
eq "$(psql_ -c "SELECT employees || ' ' || version FROM enterprise WHERE id = $EID")" "51 $((V0 + 1))" \
	"enterprise: the save's employees, one new version"
stop_server

# ---- an import that writes a row while another writer moves it ----
# The import reads its rows without a lock (in key order, store_load_row_seq; a party-work
# ledger's by its key) and writes a changed one by an UPDATE by its key. That UPDATE, waiting for
# the mover, would find the old row deleted once the mover commits and change nothing: the import
# counted the row as updated and wrote its history, the row kept its old values. The import locks
# the row first (store_put, party_put): the lock waits in its place and the UPDATE, begun after it,
# finds the moved row. The mover (psql) holds the move until the import is seen waiting for a lock.
# import_race TABLE ID DISTRICT KIND CSV: imports CSV (a ledger of KIND) while psql moves row ID of
# TABLE to DISTRICT.
import_race() {
	tbl=$1 id=$2 to=$3
	psql_ -c "$PG_MARK_TABLES" -c "BEGIN" -c "UPDATE $tbl SET district_id = $to WHERE id = $id" \
		-c "$(until_sql "$(waits "UPDATE $tbl %") OR $(waits "SELECT id FROM $tbl WHERE id = %")" "导入等待这一行")" \
		-c "COMMIT" >"$WORK/mover.out" 2>&1 &
	mover=$!
	writing "${tbl}_d$to"
	run 0 "$FGDJ" import "$4" "$5" --db "$PG"
	wait $mover || fail "$tbl: the mover's transaction: $(cat "$WORK/mover.out")"
}
M3=$(psql_ -c "SELECT id FROM member WHERE idno = '330106196304040077'") # 党员三, 梧埭智造 (临江区)
eq "$(psql_ -c "SELECT count(*) FROM member_d$LJ WHERE id = $M3")" 1 "党员三 in 临江区's partition"
V3=$(psql_ -c "SELECT version FROM member WHERE id = $M3")
H=$(head -1 "$T/members.csv")
printf '%s\n%s\n' "$H" "$(grep '^党员三,' "$T/members.csv" | sed 's/,[0-9]*$/,13900000333/')" >m3.csv
import_race member "$M3" "$JB" members m3.csv
has out "更新 1"
eq "$(psql_ -c "SELECT phone || ' ' || version FROM member WHERE id = $M3")" "13900000333 $((V3 + 1))" \
	"member imported meanwhile: the import's phone, one new version"
eq "$(psql_ -c "SELECT new::json->>'phone' FROM history WHERE tbl = 'member' AND key = '330106196304040077'
	ORDER BY id DESC LIMIT 1")" "$(psql_ -c "SELECT phone FROM member WHERE id = $M3")" \
	"member imported meanwhile: its history says what the row holds"
# A party-work record: a dues row (党员七's, 江北区) moved to 临江区 (as when its member moves) while
# an import changes its amount paid.
D7=$(psql_ -c "SELECT du.id FROM dues du JOIN member m ON m.id = du.member_id WHERE m.idno = '330106196708080155'")
printf '%s\n%s\n' "$DH" '330106196708080155,党员七,2026-01,,,10,12,2026-01-20' >d7.csv
eq "$(psql_ -c "SELECT count(*) FROM dues_d$JB WHERE id = $D7")" 1 "党员七's dues row in 江北区's partition"
import_race dues "$D7" "$LJ" dues d7.csv
has out "更新 1"
eq "$(psql_ -c "SELECT paid FROM dues WHERE id = $D7")" 1200 "dues imported meanwhile: the import's amount"
# ---- an import of a row that another writer changed after the import read it ----
# The import reads its rows without a lock; a row whose values differ from the file's is read again
# under its lock and compared again before it is written (store_put, party_put). Without that the
# import wrote over what another writer committed in between, and its history's old values were the
# ones it read first: the other writer's change was undone with no trace of it in the history.
# The other writer (psql) renames a row and holds the change uncommitted until the import waits for
# the row, then commits; the file changes another column of the same row.
# change_race TABLE ID SQL_SET KIND CSV: imports CSV (a ledger of KIND) while psql sets SQL_SET on
# row ID of TABLE.
change_race() {
	tbl=$1 id=$2
	psql_ -c "$PG_MARK_TABLES" -c "BEGIN" -c "UPDATE $tbl SET $3, version = version + 1 WHERE id = $id" \
		-c "$(until_sql "$(waits "SELECT id FROM $tbl WHERE id = %")" "导入等待这一行")" \
		-c "COMMIT" >"$WORK/other.out" 2>&1 &
	other=$!
	writing "$tbl" # (the other writer's session is the only one writing)
	run 0 "$FGDJ" import "$4" "$5" --db "$PG"
	wait $other || fail "$tbl: the other writer's transaction: $(cat "$WORK/other.out")"
}
M4=$(psql_ -c "SELECT id FROM member WHERE idno = '330106196405050098'") # 党员四
V4=$(psql_ -c "SELECT version FROM member WHERE id = $M4")
printf '%s\n%s\n' "$H" "$(grep '^党员四,' "$T/members.csv" | sed 's/,[0-9]*$/,13900000444/')" >m4.csv
change_race member "$M4" "name = '党员四乙'" members m4.csv
has out "更新 1"
eq "$(psql_ -c "SELECT name || ' ' || phone || ' ' || version FROM member WHERE id = $M4")" "党员四 13900000444 $((V4 + 2))" \
	"member changed meanwhile: the file's values over the other writer's, one version each"
eq "$(psql_ -c "SELECT old::json->>'name', new::json->>'name', old::json->>'phone', new::json->>'phone' FROM history
	WHERE tbl = 'member' AND key = '330106196405050098' ORDER BY id DESC LIMIT 1")" "党员四乙|党员四|13900000003|13900000444" \
	"member changed meanwhile: the history's old values are the ones written over"
# A party-work record: 党员七's dues row, its amount paid changed by the other writer while an import
# changes the amount due.
printf '%s\n%s\n' "$DH" '330106196708080155,党员七,2026-01,,,11,12,2026-01-20' >d7b.csv
change_race dues "$D7" "paid = 1500" dues d7b.csv
has out "更新 1"
eq "$(psql_ -c "SELECT due || ' ' || paid FROM dues WHERE id = $D7")" "1100 1200" "dues changed meanwhile: the file's amounts"
eq "$(psql_ -c "SELECT old::json->>'due', new::json->>'due', old::json->>'paid', new::json->>'paid' FROM history
	WHERE tbl = 'dues' ORDER BY id DESC LIMIT 1")" "10.00|11.00|15.00|12.00" \
	"dues changed meanwhile: the history's old values are the ones written over"
# ---- two imports of one member's dues while psql moves the member ----
# A year's dues total (dues_year) is summed from the member's dues rows with the member locked, so
# that two writers of the same year sum one after the other, the second from the first's rows
# (dues_year_flush). A lock that waited for the move found the old row deleted and held nothing:
# both writers then summed at once, each without the other's new row, and wrote the year at once
# (before the fix one of the two imports failed on the year's key, its month lost; written one after
# the other, the last would have left a total short of a month). The lock is taken again when it
# held nothing. (dues_year.months is a mask of the months: 7 = January to March.)
M5=$(psql_ -c "SELECT id FROM member WHERE idno = '330106196506060113'") # 党员五 (江北区)
printf '%s\n%s\n' "$DH" '330106196506060113,党员五,2026-02,,,10,10,2026-02-20' >d5a.csv
printf '%s\n%s\n' "$DH" '330106196506060113,党员五,2026-03,,,10,10,2026-03-20' >d5b.csv
TWO_WAIT="(SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()
	AND query LIKE 'SELECT id FROM member WHERE id = %') >= 2"
psql_ -c "$PG_MARK_TABLES" -c "BEGIN" -c "UPDATE member SET district_id = $LJ WHERE id = $M5" \
	-c "$(until_sql "$TWO_WAIT" "两个导入等待这名党员")" -c "COMMIT" >"$WORK/mover.out" 2>&1 &
mover=$!
writing "member_d$LJ"
"$FGDJ" import dues d5a.csv --db "$PG" >"$WORK/d5a.out" 2>&1 &
ia=$!
"$FGDJ" import dues d5b.csv --db "$PG" >"$WORK/d5b.out" 2>&1 &
ib=$!
wait $mover || fail "the mover's transaction: $(cat "$WORK/mover.out")"
wait $ia && ok || fail "dues import 2026-02: $(cat "$WORK/d5a.out")"
wait $ib && ok || fail "dues import 2026-03: $(cat "$WORK/d5b.out")"
eq "$(psql_ -c "SELECT count(*) FROM member_d$LJ WHERE id = $M5")" 1 "党员五 moved to 临江区"
eq "$(psql_ -c "SELECT count(*) || ' ' || sum(paid) FROM dues WHERE member_id = $M5")" "3 3000" "党员五: three months of dues"
eq "$(psql_ -c "SELECT months || ' ' || paid3 || ' ' || paid12 FROM dues_year WHERE member_id = $M5 AND year = 2026")" "7 3000 3000" \
	"党员五: the year's total has both imports' months"
# ---- a new dues row of a member that psql moves after the import read it ----
# The import reads the member by 公民身份号码 with its district, then names that district in the
# dues statements (scope_sql.h HELD_AT: the row's key looked up there, the row inserted from the
# member's row there). psql moves 党员六 (江北区) with its dues to 临江区 and commits while the
# import, past that read, waits for 江北区's dues partition (psql holds it exclusively): the
# import's insert then finds no member in 江北区 and writes nothing, and the row is looked up and
# written again from the member's new district. Without that, the row would be missing (the insert
# that wrote nothing counted as new), or held in 江北区 apart from its member.
M6=$(psql_ -c "SELECT id FROM member WHERE idno = '330106196607070134'") # 党员六 (江北区)
eq "$(psql_ -c "SELECT count(*) FROM member_d$JB WHERE id = $M6")" 1 "党员六 in 江北区's partition"
printf '%s\n%s\n' "$DH" '330106196607070134,党员六,2026-02,,,10,10,2026-02-20' >d6.csv
psql_ -c "$PG_MARK_TABLES" -c "BEGIN" -c "LOCK TABLE dues_d$JB IN ACCESS EXCLUSIVE MODE" \
	-c "$(until_sql "$(waits "%FROM dues%")" "导入读过党员、等待江北区的党费")" \
	-c "UPDATE member SET district_id = $LJ WHERE id = $M6" -c "UPDATE dues SET district_id = $LJ WHERE member_id = $M6" \
	-c "COMMIT" >"$WORK/mover.out" 2>&1 &
mover=$!
i=0
while [ "$(psql_ -c "SELECT count(*) FROM pg_locks WHERE relation = 'dues_d$JB'::regclass AND mode = 'AccessExclusiveLock'
	AND granted")" = 0 ] && [ $i -lt 200 ]; do
	sleep 0.05
	i=$((i + 1))
done
run 0 "$FGDJ" import dues d6.csv --db "$PG"
wait $mover || fail "the mover's transaction: $(cat "$WORK/mover.out")"
has out "新增 1"
eq "$(psql_ -c "SELECT string_agg(month || ':' || district_id, ' ' ORDER BY month) FROM dues_d$LJ WHERE member_id = $M6")" \
	"202601:$LJ 202602:$LJ" "党员六's dues, the new month too, in 临江区's partition"
eq "$(psql_ -c "SELECT count(*) FROM dues WHERE member_id = $M6")" 2 "党员六: two months of dues, no other"
eq "$(psql_ -c "SELECT months || ' ' || paid12 FROM dues_year WHERE member_id = $M6 AND year = 2026")" "3 2000" \
	"党员六: the year's total has both months"
# ---- the locks before the list extras' and districts' recomputation ----
# A write that marked list extras or districts locks, before recomputing them, every row they read
# (store/extras.c LOCKS) by a set of ids: fg_lock_ids (store/schema_pg.c). A plain lock of the set
# that waited for psql moving one of its rows found the old row deleted and held nothing: two
# writers could then recompute the same item at once. fg_lock_ids holds every row once it returns —
# a third writer's NOWAIT on the moved row is refused. (Called here as the flush calls it.)
X=$(psql_ -c "SELECT min(id) FROM enterprise_d$LJ")
Y=$(psql_ -c "SELECT max(id) FROM enterprise_d$LJ")
[ -n "$X" ] && [ "$X" != "$Y" ] && ok || fail "two enterprises in 临江区's partition: $X $Y"
psql_ -c "CREATE TABLE lock_done (at int)"
LOCKER_WAIT=$(waits "SELECT ''held %")
psql_ -c "$PG_MARK_TABLES" -c "BEGIN" -c "UPDATE enterprise SET district_id = $JB WHERE id = $X" \
	-c "$(until_sql "$LOCKER_WAIT" "锁定等待这一行")" -c "COMMIT" >"$WORK/mover.out" 2>&1 &
mover=$!
writing "enterprise_d$JB"
psql_ -c "BEGIN" -c "SELECT 'held ' || fg_lock_ids('enterprise', ARRAY[$X, $Y]::bigint[])" \
	-c "$(until_sql "EXISTS (SELECT 1 FROM lock_done)" "第三个写入者试过")" -c "COMMIT" >"$WORK/locker.out" 2>&1 &
locker=$!
wait $mover || fail "the mover's transaction: $(cat "$WORK/mover.out")"
psql_ -c "$(until_sql "EXISTS (SELECT 1 FROM pg_stat_activity WHERE query LIKE 'DO %lock_done%' AND pid <> pg_backend_pid())" \
	"锁定已返回")" >/dev/null 2>&1 || fail "the locker returned"
psql_ -c "SELECT 'locked ' || id FROM enterprise WHERE id = $X FOR NO KEY UPDATE NOWAIT" >"$WORK/third.out" 2>&1
psql_ -c "INSERT INTO lock_done VALUES (1)"
wait $locker || fail "the locker's transaction: $(cat "$WORK/locker.out")"
has "$WORK/locker.out" "held 2"
has "$WORK/third.out" "could not obtain lock on row"
eq "$(psql_ -c "SELECT count(*) FROM enterprise_d$JB WHERE id = $X")" 1 "the enterprise moved to 江北区"
finish
