#!/bin/sh
# Investigation campaigns (排查) and their tasks on tests/fixtures/campaigns (README.md holds every
# expected number, worked out by hand): import both ledgers, re-import changes nothing; a task of an
# enterprise outside the campaign's range, of an unknown campaign, 已完成 without a date (or a date
# without 已完成), completed before the start or in the future, a range that names no place and a
# deadline before the start are refused with row and column, nothing written; the figures at three
# dates; the overdue finding; generating the tasks (5 / 9 in-business enterprises of the range) and
# again (0); the progress table as text and XLSX; the report's 抓排查 item; the web pages and API
# inside and outside the scope, and the button; a place that is a range is not removed, and merged,
# the range follows.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

DB=d.db
import_district $DB
CP=$FIX/campaigns/campaigns.csv
TK=$FIX/campaigns/tasks.csv
run 0 "$FGDJ" import campaigns "$CP" --db $DB
has out '新增 3'
run 0 "$FGDJ" import tasks "$TK" --db $DB
has out '新增 7'
eq "$(sql $DB "SELECT tk.status FROM task tk JOIN enterprise e ON e.id = tk.enterprise_id WHERE e.uscc = '91330106MA20006921'")" \
	"未开始" "an empty 状态 is 未开始"
eq "$(sql $DB "SELECT count(*) FROM history WHERE tbl IN ('campaign', 'task')")" 10 "one history entry per row"

# ---- re-import: nothing changes ----
before=$(dbsum $DB)
run 0 "$FGDJ" import campaigns "$CP" --db $DB
has out '未变 3'
run 0 "$FGDJ" import tasks "$TK" --db $DB
has out '未变 7'
eq "$(dbsum $DB)" "$before" "re-import changes nothing"
# the export is what the import reads (a community range written 街道/社区)
run 0 "$FGDJ" export campaigns --db $DB -o cp.csv
has cp.csv '全区排查,区委组织部,区市场监管局,2026-09-01,2026-12-31,'
run 0 "$FGDJ" import campaigns cp.csv --db $DB
has out '未变 3'

# ---- refused rows ----
refuse() { # KIND FILE NAME CSV-ROW COLUMN TEXT
	printf '%s\n%s\n' "$(head -1 "$2")" "$4" >bad.csv
	run 2 "$FGDJ" import "$1" bad.csv --db $DB
	has err "bad.csv:2:$5"
	has err "$6"
	eq "$(dbsum $DB)" "$before" "$3: nothing written"
}
refuse tasks "$TK" "outside the range" '东城排查,91330106MA2000414K,,,,' 企业统一社会信用代码 '企业不在排查范围（东城街道）内'
refuse tasks "$TK" "unknown campaign" '无此排查,91330106MA2000414K,,,,' 排查名称 '排查“无此排查”不在排查台账中'
refuse tasks "$TK" "done without a date" '东城排查,91330106MA2000836J,,已完成,,' 完成日期 '状态为已完成时必须填写完成日期'
refuse tasks "$TK" "a date without 已完成" '东城排查,91330106MA2000836J,,进行中,2026-05-01,' 状态 '状态应为已完成'
refuse tasks "$TK" "done before the start" '东城排查,91330106MA2000836J,,已完成,2026-02-01,' 完成日期 '早于排查开始日期（2026-03-01）'
refuse tasks "$TK" "done in the future" '全区排查,91330106MA2000836J,,已完成,2026-12-01,' 完成日期 '日期晚于今天'
refuse tasks "$TK" "unknown enterprise" '全区排查,91330106MA2000908B,,,,' 企业统一社会信用代码 '不在企业台账中'
refuse campaigns "$CP" "a typo in the range" '新排查,区委组织部,,2026-10-01,2026-12-31,东成街道' 范围 '您是不是要找：东城街道'
refuse campaigns "$CP" "deadline before start" '新排查,区委组织部,,2026-10-01,2026-09-30,' 截止日期 '截止日期早于开始日期'
refuse campaigns "$CP" "no lead department" '新排查,,,2026-10-01,2026-12-31,' 牵头部门 '必填项为空'
refuse campaigns "$CP" "narrowing the range under its tasks" '东城排查,区委组织部,,2026-03-01,2026-06-30,东城街道/幸福社区' 范围 '不在新的范围内'

# ---- figures at three dates (README: before generating) ----
run 0 "$FGDJ" stats --db $DB --format json --as-of 2026-03-31
expect_json "$WORK/out" "campaign_tasks=4 campaign_tasks_done=0" 03-31
run 0 "$FGDJ" stats --db $DB --format json --as-of 2026-08-31
expect_json "$WORK/out" "campaign_tasks=4 campaign_tasks_done=2" 08-31
run 0 "$FGDJ" stats --db $DB --format json
expect_json "$WORK/out" "campaign_tasks=6 campaign_tasks_done=3" 11-26

# ---- the finding ----
run 1 "$FGDJ" check --db $DB --format json --as-of 2026-03-31
has out '"campaign_overdue": 1'
run 1 "$FGDJ" check --db $DB --format json --as-of 2026-08-31
has out '"campaign_overdue": 3'
run 1 "$FGDJ" check --db $DB
has out '【排查任务逾期未完成】3 条'
has out '小象餐饮有限公司（91330106MA20002702）：排查“东城排查”截止日期 2026-06-30，至 2026-11-26 仍未完成'
has out '小微设计工作室有限公司（91330106MA2000553A）：排查“旧排查”截止日期 2025-10-31'

# ---- generating the tasks ----
run 0 "$FGDJ" campaign tasks 东城排查 --db $DB
has out '新建排查任务 1 个，已有任务的在营企业 4 家'
run 0 "$FGDJ" campaign tasks 全区排查 --db $DB
has out '新建排查任务 7 个，已有任务的在营企业 2 家'
eq "$(sql $DB "SELECT count(*) FROM history WHERE tbl = 'task' AND source = 'fgdj campaign tasks'")" 8 "each new task in the history"
after=$(dbsum $DB)
run 0 "$FGDJ" campaign tasks 全区排查 --db $DB
has out '新建排查任务 0 个，已有任务的在营企业 9 家'
eq "$(dbsum $DB)" "$after" "generating again writes nothing"
run 2 "$FGDJ" campaign tasks 无此排查 --db $DB
has err '排查“无此排查”不在排查台账中'

run 0 "$FGDJ" stats --db $DB --format json
expect_json "$WORK/out" "campaign_tasks=14 campaign_tasks_done=3" "after generating"
run 0 "$FGDJ" stats --db $DB --format json --region 西城街道
expect_json "$WORK/out" "campaign_tasks=4 campaign_tasks_done=1" "西城街道"
run 1 "$FGDJ" check --db $DB --format json
has out '"campaign_overdue": 4'

# ---- progress ----
run 0 "$FGDJ" campaign progress 东城排查 --db $DB
has out "$(printf '街道\t东城街道\t5\t2\t1\t2\t40.0%%')"
has out "$(printf '社区\t和平社区\t2\t1\t0\t1\t50.0%%')"
has out "$(printf '社区\t幸福社区\t3\t1\t1\t1\t33.3%%')"
has out "$(printf '全部\t合计\t5\t2\t1\t2\t40.0%%')"
run 0 "$FGDJ" campaign progress 东城排查 --db $DB -o p.xlsx
unzip -p p.xlsx xl/worksheets/sheet1.xml >sheet.xml || fail "the XLSX opens"
has sheet.xml '<c r="C3"><v>5</v></c><c r="D3"><v>2</v></c><c r="E3"><v>1</v></c><c r="F3"><v>2</v></c><c r="G3" s="2"><v>0.4</v></c>'
has sheet.xml '<c r="C5"><v>3</v></c><c r="D5"><v>1</v></c><c r="E5"><v>1</v></c><c r="F5"><v>1</v></c>'
unzip -p p.xlsx xl/sharedStrings.xml >strings.xml
has strings.xml '和平社区'

# ---- the report's 抓排查 ----
run 0 "$FGDJ" report work --format md --db $DB
has out '抓排查，规范党员管理'
has out '由区委组织部牵头，会同区市场监管局，于2026年9月1日至2026年12月31日对全区非公企业开展“全区排查”'
has out '已完成1家企业的排查（共9家，完成率11.1%），1家企业排查出需要核实处理的情况'
# on a day before the task with findings was completed (2026-10-20), nothing found yet: a task's
# findings count once it is 已完成 on the day
run 0 "$FGDJ" report work --format md --db $DB --as-of 2026-10-01
has out '截至2026年10月1日，已完成0家企业的排查（共9家，完成率0.0%）。'
hasnt out '排查出需要核实处理的情况'
# before the first campaign: the plan's wording
run 0 "$FGDJ" report work --format md --db $DB --as-of 2025-02-01
hasnt out '抓排查'

# ---- the web ----
add_user boss admin
add_user west street 西城街道
add_user xf community 幸福社区
start_server $DB
api_login boss bj
BOSS=$CSRF
api_login west wj
WEST=$CSRF
api_login xf xj
XF=$CSRF
total() { sed -n 's/^{"total":\([0-9]*\),.*/\1/p' "$WORK/body"; }
C_EAST=$(sql $DB "SELECT id FROM campaign WHERE name = '东城排查'")
C_ALL=$(sql $DB "SELECT id FROM campaign WHERE name = '全区排查'")
C_OLD=$(sql $DB "SELECT id FROM campaign WHERE name = '旧排查'")

req 200 GET /api/v1/campaigns -b wj
eq "$(total)" 2 "西城 sees the district's and its own campaign"
req 404 GET /api/v1/campaigns/$C_EAST -b wj
req 200 GET /api/v1/campaigns -b xj
eq "$(total)" 2 "幸福社区 sees 东城 and the district's"
req 200 GET /api/v1/tasks -b wj
eq "$(total)" 5 "西城 sees the tasks of its enterprises (全区 D E F I, 旧 F)"
req 200 GET /api/v1/tasks -b xj
eq "$(total)" 6 "幸福社区: 东城 A B J, 全区 A B J"

# the campaign page: progress with links to the filtered list, download, the button
req 200 GET /campaigns/$C_EAST -b bj
has "$WORK/body" '排查进度'
has "$WORK/body" "/tasks?campaign=$C_EAST&amp;kind=%E5%B7%B2%E5%AE%8C%E6%88%90\">2</a>"
has "$WORK/body" "/campaigns/$C_EAST/progress.xlsx"
has "$WORK/body" "action=\"/campaigns/$C_EAST/tasks\""
HP=$(sql $DB "SELECT id FROM region WHERE name = '和平社区'")
req 200 GET "/tasks?campaign=$C_EAST&community=$HP&kind=%E5%B7%B2%E5%AE%8C%E6%88%90" -b bj
has "$WORK/body" '91330106MA2000342T'
hasnt "$WORK/body" '91330106MA20002034'
req 200 GET "/api/v1/tasks?parent=$C_EAST&kind=%E5%B7%B2%E5%AE%8C%E6%88%90" -b bj
eq "$(total)" 2 "API: 东城排查's completed tasks (A, C)"
req 200 GET /campaigns/$C_EAST/progress.xlsx -b bj
eq "$(header Content-Type)" "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" "XLSX download"
req 200 GET /campaigns/$C_ALL -b xj
hasnt "$WORK/body" "action=\"/campaigns/$C_ALL/tasks\""

# writes: a street writes inside its street only; a community may not generate
before=$(dbsum $DB)
st=$(json -b wj -H "X-CSRF-Token: $WEST" -X POST "$URL/api/v1/tasks" \
	-d '{"campaign":"全区排查","uscc":"91330106MA20002034","status":"进行中"}')
eq "$st" 422 "西城 cannot write a task of a 东城 enterprise"
st=$(json -b wj -H "X-CSRF-Token: $WEST" -X POST "$URL/api/v1/campaigns" \
	-d '{"name":"东城新排查","lead":"西城街道党工委","start_date":"2026-11-01","deadline":"2026-12-31","range":"东城街道"}')
eq "$st" 422 "西城 cannot create a campaign over 东城"
st=$(json -b wj -H "X-CSRF-Token: $WEST" -X POST "$URL/api/v1/campaigns" \
	-d '{"name":"全区新排查","lead":"西城街道党工委","start_date":"2026-11-01","deadline":"2026-12-31"}')
eq "$st" 422 "西城 cannot create a campaign of the whole district"
req 403 POST /campaigns/$C_ALL/tasks -b wj -H "X-CSRF-Token: $WEST"
req 403 POST /campaigns/$C_EAST/tasks -b xj -H "X-CSRF-Token: $XF"
req 404 POST /campaigns/$C_EAST/tasks -b wj -H "X-CSRF-Token: $WEST"
eq "$(dbsum $DB)" "$before" "refused web writes: database unchanged"
st=$(json -b wj -H "X-CSRF-Token: $WEST" -X PUT "$URL/api/v1/tasks/$(sql $DB "SELECT tk.id FROM task tk JOIN enterprise e ON e.id = tk.enterprise_id JOIN campaign cp ON cp.id = tk.campaign_id WHERE cp.name = '全区排查' AND e.uscc = '91330106MA2000481H'")" \
	-d '{"status":"已完成","done_date":"2026-11-20"}')
eq "$st" 200 "西城 completes a task of its enterprise"

# the button: 西城 generates 旧排查's tasks (D E I; F had one)
req 200 POST /campaigns/$C_OLD/tasks -b wj -H "X-CSRF-Token: $WEST"
has "$WORK/body" '新建排查任务 3 个，已有任务的在营企业 1 家'
eq "$(sql $DB "SELECT count(*) FROM task WHERE campaign_id = $C_OLD")" 4 "旧排查 has its four tasks"
eq "$(sql $DB "SELECT who FROM history WHERE tbl = 'task' ORDER BY id DESC LIMIT 1")" "web:west" "written as the user"

# ---- places: a street that is a campaign's range is not removed; merged, the range follows ----
run 0 "$FGDJ" place add street 南城街道 --db $DB
printf '%s\n%s\n' "$(head -1 "$CP")" '南城排查,区委组织部,,2026-11-01,2026-12-31,南城街道' >nc.csv
run 0 "$FGDJ" import campaigns nc.csv --db $DB
run 2 "$FGDJ" place remove 街道 南城街道 --db $DB
has err '仍有 1 项排查以它为范围'
run 0 "$FGDJ" place merge 街道 南城街道 东城街道 --db $DB
run 0 "$FGDJ" export campaigns --db $DB
has out '南城排查,区委组织部,,2026-11-01,2026-12-31,东城街道'
finish
