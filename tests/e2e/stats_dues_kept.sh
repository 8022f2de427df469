#!/bin/sh
# Dues kept on write (dues_year, schema v27: each member's year with the months recorded and unpaid
# as bit masks and 应缴 / 实缴 as running sums, due<k> = months 1..k) against the dues rows they
# sum, recomputed here in SQL: after an import, a re-import that changes a row, a refused file, a
# write through the API, and the migration that turns the earlier monthly values into running
# sums. The figures read from it: the same with --as-recorded (the replay writes through the same
# writers), and the six-month rule for a member whose rows are all of an earlier year.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"

DB=d.db
import_district $DB
DUES=$FIX/dues/dues.csv
run 0 "$FGDJ" import dues "$DUES" --db $DB

# kept_ok DB MSG: dues_year equals the dues rows summed per member and year.
kept_ok() {
	dues="" paid="" rdue="" rpaid=""
	for k in 1 2 3 4 5 6 7 8 9 10 11 12; do
		dues="$dues, due$k" paid="$paid, paid$k"
		rdue="$rdue, sum(CASE WHEN month % 100 <= $k THEN coalesce(due, 0) ELSE 0 END)"
		rpaid="$rpaid, sum(CASE WHEN month % 100 <= $k THEN coalesce(paid, 0) ELSE 0 END)"
	done
	kept="SELECT member_id, year, months, unpaid$dues$paid FROM dues_year"
	rec="SELECT member_id, month / 100, sum(CAST(1 AS BIGINT) << CAST(month % 100 - 1 AS INTEGER)),
		sum(CASE WHEN coalesce(paid, 0) < coalesce(due, 0) THEN CAST(1 AS BIGINT) << CAST(month % 100 - 1 AS INTEGER) ELSE 0 END)$rdue$rpaid
		FROM dues GROUP BY member_id, month / 100"
	eq "$(sql "$1" "SELECT count(*) FROM (SELECT * FROM ($kept) k1 EXCEPT SELECT * FROM ($rec) r1
		UNION ALL SELECT * FROM ($rec) r2 EXCEPT SELECT * FROM ($kept) k2) q")" 0 "$2: kept = recomputed"
	eq "$(sql "$1" "SELECT count(*) FROM dues_year")" "$(sql "$1" "SELECT count(DISTINCT member_id || '/' || (month / 100)) FROM dues")" \
		"$2: one row per member and year"
}
# year_of DB IDNO COLUMNS: a member's 2026 row.
year_of() { sql "$1" "SELECT $3 FROM dues_year y JOIN member m ON m.id = y.member_id WHERE m.idno = '$2' AND year = 2026"; }
ZHOU1=330106197403150292 WANG=330106198009210415

kept_ok $DB imported
# By hand (tests/fixtures/dues/README.md), in 分: 周一 pays 40.00 a month from January to October,
# 王预备 is due 10.00 and pays 5.00 a month from March.
eq "$(year_of $DB $ZHOU1 'months, due1, due3, due10, due12, paid10')" "1023|4000|12000|40000|40000|40000" "周一's running sums"
eq "$(year_of $DB $WANG 'months, unpaid, due2, due3, due10, paid10')" "1020|1020|0|1000|8000|4000" "王预备's running sums"

# A re-import that changes one row: 王预备 pays October in full.
printf '%s\n%s\n' "$(head -1 "$DUES")" "$WANG,王预备,2026-10,,,10,10,2026-10-25" >paid.csv
run 0 "$FGDJ" import dues paid.csv --db $DB
has out '更新 1'
kept_ok $DB updated
eq "$(year_of $DB $WANG 'unpaid, paid9, paid10, paid12')" "508|3500|4500|4500" "王预备's October paid"

# A file refused at its second row writes nothing, its first row's year included.
before=$(dbsum $DB)
printf '%s\n%s\n%s\n' "$(head -1 "$DUES")" "$WANG,王预备,2026-10,,,10,0,2026-10-25" \
	"$WANG,王预备,2026-01,,,10,0,2026-10-25" >undo.csv
run 2 "$FGDJ" import dues undo.csv --db $DB
has err 'undo.csv:3'
eq "$(dbsum $DB)" "$before" "refused: nothing written"
kept_ok $DB refused

# The figures today, read from the kept rows (hand values: dues.sh, after 王预备's October).
run 0 "$FGDJ" stats --db $DB --format json
expect_json "$WORK/out" 'dues_due="740.00" dues_paid="705.00" members_dues_6_months=1' today
cp "$WORK/out" today.json

# A write through the API (the web form posts to the same writer): 周一's November.
need_curl
add_user boss admin
start_server $DB
api_login boss bj
st=$(json -b bj -H "X-CSRF-Token: $CSRF" -X POST "$URL/api/v1/dues" \
	-d "{\"idno\":\"$ZHOU1\",\"month\":\"2026-11\",\"base\":\"4000\",\"paid\":\"40\",\"paid_date\":\"2026-11-20\"}")
eq "$st" 201 "API write"
stop_server
kept_ok $DB "API write"
eq "$(year_of $DB $ZHOU1 'months, due10, due11, due12, paid11')" "2047|40000|44000|44000|44000" "周一's November"

# Reprinting as recorded replays the history through the writers: the same figures.
run 0 "$FGDJ" stats --db $DB --format json
cp "$WORK/out" now.json
run 0 "$FGDJ" stats --db $DB --format json --as-recorded 2026-11-26
eq "$(cmp -s "$WORK/out" now.json && echo same)" same "--as-recorded: the same figures"
run 0 "$FGDJ" report work --db $DB --format md
cp "$WORK/out" now.md
run 0 "$FGDJ" report work --db $DB --format md --as-recorded 2026-11-26
eq "$(cmp -s "$WORK/out" now.md && echo same)" same "--as-recorded: the same report"

# A database of v25 (dues_year holding each month's own amounts) is migrated to running sums,
# rebuilt from the dues rows, with the same figures.
if sqlite_only "v25 的文件：从旧版结构的 SQLite 文件升级（PostgreSQL 上不做结构升级）"; then
db_copy $DB old.db
sql old.db "UPDATE dues_year SET due12 = due12 - due11, due11 = due11 - due10, due10 = due10 - due9,
	due9 = due9 - due8, due8 = due8 - due7, due7 = due7 - due6, due6 = due6 - due5, due5 = due5 - due4,
	due4 = due4 - due3, due3 = due3 - due2, due2 = due2 - due1, paid12 = paid12 - paid11,
	paid11 = paid11 - paid10, paid10 = paid10 - paid9, paid9 = paid9 - paid8, paid8 = paid8 - paid7,
	paid7 = paid7 - paid6, paid6 = paid6 - paid5, paid5 = paid5 - paid4, paid4 = paid4 - paid3,
	paid3 = paid3 - paid2, paid2 = paid2 - paid1; PRAGMA user_version = 25"
eq "$(year_of old.db $ZHOU1 'due10, due11')" "4000|4000" "v25: a month's own amount"
run 0 "$FGDJ" stats --db old.db --format json
eq "$(cmp -s "$WORK/out" now.json && echo same)" same "migrated: the same figures"
eq "$(sql old.db 'PRAGMA user_version')" "$(schema_latest)" "migrated to the latest version"
kept_ok old.db migrated
fi

# The six-month rule for members whose rows are all of a year before the window's: on
# 2027-09-20 the window is 2027-03 … 2027-08, with no rows; 周一, 周二, 周三 and 王预备 each have
# rows of 2026 and had joined by March 2027, so each has six unpaid months.
FGDJ_TODAY=2027-09-20 run 0 "$FGDJ" stats --db $DB --format json
expect_json "$WORK/out" 'members_dues_6_months=4 dues_due="0.00"' 2027-09-20
# … and in a window across the year boundary (2026-07 … 2026-12 on 2027-01-20): 周一 paid July to
# November, 周三 October, 王预备 October in full (above); only 周二 (no row since January) is left.
FGDJ_TODAY=2027-01-20 run 0 "$FGDJ" stats --db $DB --format json
expect_json "$WORK/out" 'members_dues_6_months=1' 2027-01-20

finish
