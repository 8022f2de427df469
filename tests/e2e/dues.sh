#!/bin/sh
# Party dues (党费): the figures of tests/fixtures/dues/README.md at three dates; an empty 应缴 is
# computed from 税后工资 by the brackets and stored; a recorded due that is not the rule's and six
# ended months unpaid are findings (naming the amounts, the bracket and 党章第九条); bad rows are
# refused with row and column and nothing is written; re-import changes nothing; 税后工资 is masked
# like ID numbers unless --unmasked (which the history records); the monthly sheet carries the
# ledger's columns and imports back; the web list and API keep to the user's scope.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"

DB=d.db
import_district $DB
DUES=$FIX/dues/dues.csv
run 0 "$FGDJ" import dues "$DUES" --db $DB
has out '新增 20'

# ---- figures at three dates (worked out in the README) ----
run 0 "$FGDJ" stats --db $DB --format json --as-of 2026-03-31
expect_json "$WORK/out" 'dues_due="280.00" dues_paid="280.00" dues_paid_rate=100.0 members_dues_6_months=0' 03-31
run 0 "$FGDJ" stats --db $DB --format json --as-of 2026-07-15
expect_json "$WORK/out" 'dues_due="480.00" dues_paid="460.00" dues_paid_rate=95.8 members_dues_6_months=0' 07-15
run 0 "$FGDJ" stats --db $DB --format json
expect_json "$WORK/out" 'dues_due="740.00" dues_paid="700.00" dues_paid_rate=94.6 members_dues_6_months=2' 11-26
run 0 "$FGDJ" stats --db $DB
has out '本年应缴党费（元）'
# The figures read each member's year of dues (dues_year). A database from before it (v13) gets it
# built from its rows by the migration, with the same figures:
db_copy $DB mig.db
if sqlite_only "v13 的文件：从旧版结构的 SQLite 文件升级（PostgreSQL 上不做结构升级）"; then
# (back to v13: the tables of v14 and later go)
for t in roster_candidate dues_year funding rating_score rating rubric_item designation_member designation venue; do sqlite3 mig.db "DROP TABLE $t"; done
# (and v19's attendance lists: back to the attendance table, empty here, and the narrow member_org)
sqlite3 mig.db "CREATE TABLE meeting_attendee (meeting_id INTEGER NOT NULL, member_id INTEGER NOT NULL,
	PRIMARY KEY (meeting_id, member_id)) WITHOUT ROWID; ALTER TABLE meeting DROP COLUMN attendees;
	DROP INDEX member_org; CREATE INDEX member_org ON member(org_id)"
sqlite3 mig.db "PRAGMA user_version = 13"
fi
run 0 "$FGDJ" stats --db mig.db --format json
expect_json "$WORK/out" 'dues_due="740.00" dues_paid="700.00" dues_paid_rate=94.6 members_dues_6_months=2' migrated
# ... and each write rebuilds its member's year: 王预备 pays October in full (5.00 → 10.00): paid
# 700 + 5 = 705.00, 705 ÷ 740 = 95.27 → 95.3; October is no longer unpaid, so 王预备 is out of the
# six-month rule and only 周二 is left.
printf '%s\n%s\n' "$(head -1 "$DUES")" '330106198009210415,王预备,2026-10,,,10,10,2026-10-25' >paid.csv
run 0 "$FGDJ" import dues paid.csv --db mig.db
has out '更新 1'
run 0 "$FGDJ" stats --db mig.db --format json
expect_json "$WORK/out" 'dues_due="740.00" dues_paid="705.00" dues_paid_rate=95.3 members_dues_6_months=1' rewritten
# A file refused at its second row (a month before 王预备 joined), after its first row was written,
# leaves the year as it was: the rebuild is part of the transaction.
printf '%s\n%s\n%s\n' "$(head -1 "$DUES")" '330106198009210415,王预备,2026-10,,,10,0,2026-10-25' \
	'330106198009210415,王预备,2026-01,,,10,0,2026-10-25' >undo.csv
run 2 "$FGDJ" import dues undo.csv --db mig.db
has err 'undo.csv:3'
has err '早于该党员的入党日期'
run 0 "$FGDJ" stats --db mig.db --format json
expect_json "$WORK/out" 'dues_paid="705.00" members_dues_6_months=1' refused
has out '740.00'

# ---- the rule's due is stored where 应缴 was empty ----
eq "$(sql $DB "SELECT due, base FROM dues d JOIN member m ON m.id = d.member_id WHERE m.idno = '330106197403150292' AND month = 202603")" \
	"4000|400000" "周一 2026-03 (written 202603): 1% of 4000.00 in 分"
eq "$(sql $DB "SELECT due FROM dues d JOIN member m ON m.id = d.member_id WHERE m.idno = '330106197605170339'")" \
	6000 "周三, retired: 1% of 6000.00"
eq "$(sql $DB "SELECT due FROM dues d JOIN member m ON m.id = d.member_id WHERE m.idno = '330106197504160318'")" \
	20000 "周二's recorded due is kept as recorded"

# ---- findings ----
run 1 "$FGDJ" check --db $DB --format json
has out '"dues_differs": 1'
has out '"dues_6_months": 2'
run 1 "$FGDJ" check --db $DB
has out '2026-01 登记应缴 200.00 元，按税后工资 10000 元以上按 2%（税后工资 12000.00 元）应为 240.00 元'
has out '2026-05 至 2026-10 连续六个月未交纳党费'
has out '党章第九条'
has out '由党组织'
hasnt out '330106197504160318' # masked
run 1 "$FGDJ" check --db $DB --format json --as-of 2026-07-15
has out '"dues_6_months": 0'

# ---- re-import: nothing changes ----
before=$(dbsum $DB)
run 0 "$FGDJ" import dues "$DUES" --db $DB
has out '未变 20'
eq "$(dbsum $DB)" "$before" "re-import changes nothing"

# ---- refused rows: file, row and column named, nothing written ----
refuse() { # NAME CSV-ROWS COLUMN TEXT [ROW]
	printf '%s\n%s\n' "$(head -1 "$DUES")" "$2" >bad.csv
	run 2 "$FGDJ" import dues bad.csv --db $DB
	has err "bad.csv:${5:-2}:$3"
	has err "$4"
	eq "$(dbsum $DB)" "$before" "$1: nothing written"
}
refuse "unknown member" '330106199905051269,,2026-05,,,10,,' 公民身份号码 '不在党员名册中'
refuse "a month before joining" '330106198009210415,王预备,2026-02,,,10,10,2026-02-20' 月份 '早于该党员的入党日期 2026-03-01'
refuse "negative pay" '330106197403150292,周一,2026-11,-4000,,,,' 税后工资 '负数'
refuse "three decimals" '330106197403150292,周一,2026-11,,,40.125,,' 应缴 '两位小数'
refuse "paid in the future" '330106197403150292,周一,2026-11,,,40,40,2026-12-01' 缴纳日期 '晚于今天'
refuse "no month" '330106197403150292,周一,2026-13,,,40,,' 月份 '无法识别'
refuse "neither due nor pay" '330106197403150292,周一,2026-11,,,,40,2026-11-20' 应缴 '税后工资'
refuse "name not the roster's" '330106197403150292,周十,2026-11,,,40,,' 姓名 '不一致'
refuse "the same month twice" '330106197403150292,周一,2026-11,,,40,,
330106197403150292,周一,2026年11月,,,40,40,2026-11-20' 公民身份号码 '重复' 3

# ---- masking: exports and history ----
run 0 "$FGDJ" export dues --db $DB
has out '330106********0318,周二,2026-01,********,否,200.00,200.00,2026-01-20'
hasnt out '12000'
run 0 "$FGDJ" export dues --db $DB --unmasked -o full.csv
has full.csv '330106197504160318,周二,2026-01,12000.00,否,200.00,200.00,2026-01-20'
eq "$(sql $DB "SELECT count(*) FROM history WHERE tbl = 'export' AND key = 'dues'")" 1 "an unmasked export is recorded"
run 0 "$FGDJ" export dues --db $DB --format json
has out '"month": "2026-01"'
run 0 "$FGDJ" history dues 330106197504160318/2026-01 --db $DB
has out '应缴：200.00'
has out '税后工资：********'
run 0 "$FGDJ" history dues 330106197504160318/2026-01 --db $DB --unmasked
has out '税后工资：12000.00'

# ---- the monthly sheet ----
run 0 "$FGDJ" dues sheet --org 小微设计工作室党支部 --month 2026年11月 -o sheet.xlsx --db $DB
has err '3 人'
unzip -p sheet.xlsx xl/sharedStrings.xml >strings.xml
unzip -p sheet.xlsx xl/worksheets/sheet1.xml >cells.xml
for h in 公民身份号码 姓名 月份 税后工资 是否离退休 应缴 实缴 缴纳日期; do has strings.xml "$h"; done
has strings.xml '330106********0292' # masked by default
hasnt strings.xml '330106197403150292'
has strings.xml '2026-11'
has cells.xml '<v>240</v>'   # 周二: 2% of his last 税后工资 12000
has cells.xml '<v>60</v>'    # 周三: retired, 1% of 6000
has cells.xml '<v>40</v>'    # 周一: 1% of 4000
run 2 "$FGDJ" dues sheet --org 没有这个党组织 --month 2026-11 -o x.xlsx --db $DB
has err '不在党组织台账中'
run 2 "$FGDJ" dues sheet --org 小微设计工作室党支部 --month 2026-13 -o x.xlsx --db $DB
has err '月份'
# unmasked, the filled sheet imports back as the month's rows
run 0 "$FGDJ" dues sheet --org 小微设计工作室党支部 --month 2026-11 -o full.xlsx --unmasked --db $DB
has err '已记入历史'
db_copy $DB sheet.db
run 0 "$FGDJ" import dues full.xlsx --db sheet.db
has out '新增 3'
eq "$(sql sheet.db "SELECT group_concat(due, ' ') FROM (SELECT due FROM dues WHERE month = 202611 ORDER BY due) q")" \
	"4000 6000 24000" "the sheet's dues, imported back"

# ---- the web: list, API and sheet in the user's scope ----
need_curl
add_user boss admin
add_user sec secretary 小微设计工作室党支部
start_server $DB
api_login boss bj
BOSS=$CSRF
api_login sec sj
SEC=$CSRF
req 200 GET "/dues?month=2026-10" -b sj
has "$WORK/body" '周一'
hasnt "$WORK/body" '王预备'
hasnt "$WORK/body" '4000.00' # pay masked in lists
req 200 GET "/dues?month=2026-10" -b bj
has "$WORK/body" '王预备'
has "$WORK/body" '下载党费收缴表'
req 200 GET /dues/new -b bj
has "$WORK/body" 'name="month" id="f-month" value="" type="month"'
has "$WORK/body" 'name="base" id="f-base" value="" inputmode="decimal"'
req 200 GET "/dues?q=王预备" -b bj
hasnt "$WORK/body" '周一'
req 200 GET /api/v1/dues -b sj
has "$WORK/body" '"idno":"330106********0292"'
hasnt "$WORK/body" '330106********0415'
ID=$(sql $DB "SELECT d.id FROM dues d JOIN member m ON m.id = d.member_id WHERE m.idno = '330106198009210415' AND month = 202603")
req 404 GET "/api/v1/dues/$ID" -b sj
req 200 GET "/api/v1/dues/$ID" -b bj
has "$WORK/body" '"due":"10.00"'
before=$(dbsum $DB)
st=$(json -b sj -H "X-CSRF-Token: $SEC" -X POST "$URL/api/v1/dues" \
	-d '{"idno":"330106198009210415","month":"2026-11","due":"10"}')
eq "$st" 422 "a secretary cannot record another organisation's member's dues"
has "$WORK/body" '不在您的工作范围内'
eq "$(dbsum $DB)" "$before" "refused: nothing written"
st=$(json -b sj -H "X-CSRF-Token: $SEC" -X POST "$URL/api/v1/dues" \
	-d '{"idno":"330106197403150292","month":"2026-11","base":"4000"}')
eq "$st" 201 "a secretary records its own member's dues"
has "$WORK/body" '"due":"40.00"'
# a JSON number is money too: 1.5% of 5000.01 = 75.00015 → 75.00 (retired: 1% → 50.00)
st=$(json -b bj -H "X-CSRF-Token: $BOSS" -X POST "$URL/api/v1/dues" \
	-d '{"idno":"330106197504160318","month":"2026-11","base":5000.01}')
eq "$st" 201 "a district user records a member's dues"
has "$WORK/body" '"due":"75.00"'
st=$(json -b bj -H "X-CSRF-Token: $BOSS" -X POST "$URL/api/v1/dues" \
	-d '{"idno":"330106197605170339","month":"2026-11","base":5000.01,"retired":true}')
has "$WORK/body" '"due":"50.00"'
st=$(json -b bj -H "X-CSRF-Token: $BOSS" -X POST "$URL/api/v1/dues" \
	-d '{"idno":"330106198009210415","month":"2026-11","due":10.125}')
eq "$st" 422 "three decimals refused"
has "$WORK/body" '两位小数'
req 200 GET "/dues/sheet?org=%E5%B0%8F%E5%BE%AE%E8%AE%BE%E8%AE%A1%E5%B7%A5%E4%BD%9C%E5%AE%A4%E5%85%9A%E6%94%AF%E9%83%A8&month=2026-11" -b sj
unzip -p "$WORK/body" xl/sharedStrings.xml >web.xml
has web.xml '330106********0292' # a secretary may not see personal data
req 400 GET "/dues/sheet?org=%E4%B8%AD%E5%85%B1%E4%B8%B4%E6%B1%9F%E6%99%BA%E9%80%A0%E7%A7%91%E6%8A%80%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8%E6%94%AF%E9%83%A8%E5%A7%94%E5%91%98%E4%BC%9A&month=2026-11" -b sj
has "$WORK/body" '不在您的工作范围内'
req 200 GET "/dues/sheet?org=%E5%B0%8F%E5%BE%AE%E8%AE%BE%E8%AE%A1%E5%B7%A5%E4%BD%9C%E5%AE%A4%E5%85%9A%E6%94%AF%E9%83%A8&month=2026-11" -b bj
unzip -p "$WORK/body" xl/sharedStrings.xml >web.xml
has web.xml '330106197403150292' # the district may, and it is recorded
finish
