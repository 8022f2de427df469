#!/bin/sh
# The funding ledger (党建经费): the figures of tests/fixtures/funding/README.md at three dates
# (and a street, last year, a year without awards); import, re-import that changes nothing, every
# bad row refused with row and column and nothing written; export that imports back; history;
# the finding funding_out_of_range; the totals command (text and XLSX) and page; the report's
# sentences; the web list, API and organisation page in scope and refused outside it.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

DB=d.db
import_district $DB
FU=$FIX/funding/funding.csv
run 0 "$FGDJ" import funding "$FU" --db $DB
has out '新增 10'
eq "$(sql $DB "SELECT amount FROM funding WHERE date = '2026-08-01'")" 1500050 "15000.5 元 stored as 分"
if sqlite_only "SQLite 的存储类型（PostgreSQL 上该列即 BIGINT）"; then
	eq "$(sql $DB "SELECT typeof(amount) FROM funding GROUP BY typeof(amount)")" integer "amounts are integers, never REAL"
fi

# ---- figures (README) ----
run 0 "$FGDJ" stats --db $DB --format json --as-of 2026-03-31
expect_json "$WORK/out" 'funding_awards="8000.00" funding_award_min="8000.00" funding_award_max="8000.00" funding_subsidies="20000.00" funding_subsidised_orgs=1' 03-31
run 0 "$FGDJ" stats --db $DB --format json --as-of 2026-06-30
expect_json "$WORK/out" 'funding_awards="20345.67" funding_award_min="8000.00" funding_award_max="12345.67" funding_subsidies="20000.00" funding_subsidised_orgs=1' 06-30
run 0 "$FGDJ" stats --db $DB --format json
expect_json "$WORK/out" 'funding_awards="55345.67" funding_award_min="5000.00" funding_award_max="30000.00" funding_subsidies="40000.50" funding_subsidised_orgs=2' 11-26
run 0 "$FGDJ" stats --db $DB --format json --region 西城街道
expect_json "$WORK/out" 'funding_awards="35000.00" funding_award_min="5000.00" funding_award_max="30000.00" funding_subsidies="40000.50" funding_subsidised_orgs=2' 西城
run 0 "$FGDJ" stats --db $DB --format json --region 东城街道
expect_json "$WORK/out" 'funding_awards="20345.67" funding_award_min="8000.00" funding_award_max="12345.67" funding_subsidies="0.00" funding_subsidised_orgs=0' 东城
run 0 "$FGDJ" stats --db $DB --format json --as-of 2025-12-31
expect_json "$WORK/out" 'funding_awards="100000.00" funding_award_min="100000.00" funding_award_max="100000.00"' 2025-12-31
run 0 "$FGDJ" stats --db $DB --format json --as-of 2024-12-31
expect_json "$WORK/out" 'funding_awards="0.00" funding_award_min=null funding_award_max=null' "no award"

# ---- the finding: no ratings ledger yet, so every counted award lacks a valid rating ----
run 1 "$FGDJ" check --db $DB --format json
has out '"funding_out_of_range": 4'
run 1 "$FGDJ" check --db $DB --format json --as-of 2026-03-31
has out '"funding_out_of_range": 1'
run 1 "$FGDJ" check --db $DB
has out '2026-05-20 星级奖励 1.23万元，但该党组织在拨付日期没有有效的星级评定，不应给予星级奖励'
hasnt out '99999'

# ---- with the ratings ledger (tests/fixtures/ratings): the stars on each award's date ----
# 智造 02-15: 5★ (2024-03-15, valid to 2026-03-15), range 2万–5万: 8000 元 is below → finding.
# 幸福和平 05-20: 4★ (2025-12-10), range 1万–2万: 1.23万元 is within → none.
# 光明 09-10: vetoed 2024-03-20, expired 2026-03-20 → no valid rating → finding.
# 新建材料 07-01: 5★ rated that very day (2026-07-01) → 5000 元 below 2万 → finding. 3 in all.
db_copy $DB rated.db
R=$FIX/ratings
for f in rubric:rubric.csv ratings:ratings_2024.csv ratings:sheet_2025.csv; do
	"$FGDJ" import "${f%%:*}" "$R/${f#*:}" --db rated.db >/dev/null || fail "import ${f#*:}"
done
run 1 "$FGDJ" check --db rated.db --format json
has out '"funding_out_of_range": 3'
run 1 "$FGDJ" check --db rated.db
has out '2026-02-15 星级奖励 8000元，低于五星级党组织的奖励范围 2万元至5万元'
hasnt out '2026-05-20 星级奖励'
has out '2026-07-01 星级奖励 5000元，低于五星级党组织的奖励范围'

# ---- re-import: nothing changes ----
before=$(dbsum $DB)
run 0 "$FGDJ" import funding "$FU" --db $DB
has out '未变 10'
eq "$(dbsum $DB)" "$before" "re-import changes nothing"

# ---- refused rows: row and column named, nothing written ----
refuse() { refuse_row funding "$FU" $DB "$@"; }
refuse "unknown organisation" '不存在党支部,2026-05-01,星级奖励,5000,' 党组织名称 '不在党组织台账中'
refuse "three decimals" '小微设计工作室党支部,2026-05-01,星级奖励,12.345,' '金额（元）' '至多两位小数'
refuse "negative" '小微设计工作室党支部,2026-05-01,其他,-5,' '金额（元）' '不能为负数'
refuse "nothing granted" '小微设计工作室党支部,2026-05-01,其他,0,' '金额（元）' '应大于 0'
refuse "future date" '小微设计工作室党支部,2026-11-27,其他,5,' 日期 '晚于'
refuse "unknown kind" '小微设计工作室党支部,2026-05-01,奖金,5,' 类型 '星级奖励、专项补贴、其他'
printf '%s\n%s\n%s\n' "$(head -1 "$FU")" '小微设计工作室党支部,2026-05-01,其他,5,' '小微设计工作室党支部,2026-05-01,其他,6,' >dup.csv
before=$(dbsum $DB)
run 2 "$FGDJ" import funding dup.csv --db $DB
has err 'dup.csv:3:党组织名称'
has err '重复'
eq "$(dbsum $DB)" "$before" "duplicate key: nothing written"

# ---- export imports back unchanged; a change is in the history ----
run 0 "$FGDJ" export funding --db $DB
has out '东城街道幸福和平联合党支部,2026-05-20,星级奖励,12345.67,区委组〔2026〕12号'
cp "$WORK/out" exported.csv
run 0 "$FGDJ" import funding exported.csv --db $DB
has out '未变 10'
printf '%s\n%s\n' "$(head -1 "$FU")" '中共临江智造科技有限公司支部委员会,2026-02-15,星级奖励,9000,区委组〔2026〕6号' >chg.csv
run 0 "$FGDJ" import funding chg.csv --db $DB
has out '更新 1'
run 0 "$FGDJ" history funding '中共临江智造科技有限公司支部委员会/2026-02-15/星级奖励' --db $DB
has out '8000.00 → 9000.00'
has out '区委组〔2026〕5号 → 区委组〔2026〕6号'
run 0 "$FGDJ" import funding "$FU" --db $DB
has out '更新 1'

# ---- totals (README): by street for the district, by organisation, by year; XLSX ----
run 0 "$FGDJ" funding totals --db $DB
has out '东城街道	20345.67	0.00	800.00	21145.67	2	3'
has out '西城街道	35000.00	40000.50	0.00	75000.50	3	5'
has out '（未登记街道）	99999.00	0.00	0.00	99999.00	1	1'
has out '合计	155344.67	40000.50	800.00	196145.17	6	9'
run 0 "$FGDJ" funding totals --db $DB --by year
has out '2025	100000.00	0.00	0.00	100000.00	1	1'
has out '合计	255344.67	40000.50	800.00	296145.17	6	10'
run 0 "$FGDJ" funding totals --db $DB --year 2025
has out '合计	100000.00	0.00	0.00	100000.00	1	1'
run 0 "$FGDJ" funding totals --db $DB --region 西城街道
has out '小微设计工作室党支部	西城街道	光明社区	0.00	25000.00	0.00	25000.00	1	2'
has out '合计			35000.00	40000.50	0.00	75000.50	3	5'
hasnt out '临江智造'
run 0 "$FGDJ" funding totals --db $DB -o t.xlsx
eq "$(unzip -p t.xlsx xl/sharedStrings.xml | grep -c '未登记街道')" 1 "XLSX of the totals"
run 2 "$FGDJ" funding totals --db $DB --by month
has err '--by 应为 street、org 或 year'

# ---- the report's sentences ----
run 0 "$FGDJ" report work --db $DB --format md
has out '对评定的星级党组织给予5000元至3万元的党建经费奖励，本年度共拨付5.53万元。'
has out '向光明社区非公企业联合党支部、小微设计工作室党支部拨付党建工作专项补贴4万元'
run 0 "$FGDJ" report work --db $DB --format md --as-of 2026-03-31
has out '给予8000元的党建经费奖励，本年度共拨付8000元。向小微设计工作室党支部拨付党建工作专项补贴2万元'
run 0 "$FGDJ" report work --db $DB --format md --as-of 2024-12-31
hasnt out '党建经费'

# ---- web: list, API, totals and the organisation's page in scope; refused outside ----
add_user boss admin
add_user dc street 东城街道
start_server $DB
api_login boss bj
api_login dc dj
DC=$CSRF
req 200 GET /funding -b dj
has "$WORK/body" '12345.67'
hasnt "$WORK/body" '光明社区非公企业联合党支部'
XID=$(sql $DB "SELECT fu.id FROM funding fu JOIN org o ON o.id = fu.org_id WHERE o.name = '光明社区非公企业联合党支部' AND fu.kind = '星级奖励'")
req 404 GET "/funding/$XID" -b dj
req 404 GET "/api/v1/funding/$XID" -b dj
req 200 GET "/api/v1/funding/$XID" -b bj
has "$WORK/body" '"amount":"30000.00"'
req 200 GET "/api/v1/funding?kind=%E4%B8%93%E9%A1%B9%E8%A1%A5%E8%B4%B4" -b bj
has "$WORK/body" '"total":3'
before=$(dbsum $DB)
STATUS=$(json -b dj -H "X-CSRF-Token: $DC" -X POST \
	-d '{"org":"小微设计工作室党支部","date":"2026-11-01","kind":"其他","amount":"100"}' "$URL/api/v1/funding")
eq "$STATUS" 422 "a grant outside the street is refused"
eq "$(dbsum $DB)" "$before" "refused: nothing written"
STATUS=$(json -b dj -H "X-CSRF-Token: $DC" -X POST \
	-d '{"org":"东城街道幸福和平联合党支部","date":"2026-11-01","kind":"其他","amount":"12.345"}' "$URL/api/v1/funding")
eq "$STATUS" 422 "three decimals refused by the API"
has "$WORK/body" '至多两位小数'
STATUS=$(json -b dj -H "X-CSRF-Token: $DC" -X POST \
	-d '{"org":"东城街道幸福和平联合党支部","date":"2026-11-01","kind":"其他","amount":"100.5"}' "$URL/api/v1/funding")
eq "$STATUS" 201 "a grant in the street"
eq "$(sql $DB "SELECT amount || '/' || who FROM funding fu JOIN history h ON h.tbl = 'funding' AND h.op = 'insert' AND h.key LIKE '%2026-11-01%' WHERE fu.date = '2026-11-01'")" \
	"10050/web:dc" "stored in 分, with its history"
req 200 GET /funding/totals -b dj
has "$WORK/body" '东城街道幸福和平联合党支部'
has "$WORK/body" '12345.67'
hasnt "$WORK/body" '小微设计工作室党支部'
req 200 GET /funding/totals -b bj
has "$WORK/body" '<td>西城街道</td><td class="n">35000.00</td><td class="n">40000.50</td>'
req 200 GET "/funding/totals?year=2026&by=street&format=xlsx" -b bj
eq "$(header Content-Type)" "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" "totals XLSX download"
req 400 GET "/funding/totals?year=abc" -b bj
OID=$(sql $DB "SELECT id FROM org WHERE name = '光明社区非公企业联合党支部'")
req 200 GET "/orgs/$OID" -b bj
has "$WORK/body" '<h2>党建经费</h2>'
has "$WORK/body" '15000.50'
# the dashboard's funding card: this year's awards and subsidies as a report writes money, linking
# to the totals (55,345.67 元 → 5.53万元; 40,000.50 元 → 4万元; 东城: 20,345.67 元 → 2.03万元, no subsidy)
req 200 GET / -b bj
has "$WORK/body" '<div class="card"><a href="/figures/funding_awards"><span class="value">5.53万元</span><span class="label">本年星级奖励</span></a><div class="sub"><a href="/figures/funding_subsidies">本年专项补贴 <span class="num">4万元</span></a></div><div class="sub"><a href="/figures/funding_subsidised_orgs">本年获得专项补贴的党组织 <span class="num">2</span></a></div></div>'
req 200 GET / -b dj
has "$WORK/body" '<a href="/figures/funding_awards"><span class="value">2.03万元</span><span class="label">本年星级奖励</span></a><div class="sub"><a href="/figures/funding_subsidies">本年专项补贴 <span class="num">0元</span></a></div>'
stop_server
finish
