#!/bin/sh
# The work tools of fgdj serve on the hand-made district: findings and the joint-branch plan in
# the user's scope, import (preview with errors → nothing written; territorial check; commit →
# written with web:USER and the file name in the history; one-shot tokens bound to the session),
# report downloads (DOCX/PDF/XLSX/HTML with a Chinese file name), the dashboard's charts and its
# statistics cache (a write shows at once), accounts and the history (administrators only,
# personal data masked).
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

DB=d.db
import_district $DB
add_user boss admin
add_user xc street 西城街道
add_user hp community 和平社区
add_user view viewer
# The server's temporary files (uploads, staged imports, reports) go to a directory of this test.
mkdir -p "$WORK/tmp"
export TMPDIR="$WORK/tmp"
start_server $DB
api_login boss bj
BOSS=$CSRF
api_login xc xj
XC=$CSRF
api_login hp hj
HP=$CSRF
api_login view vj

# csrf_of JAR: the session's CSRF token (GET /api/v1/session).
csrf_of() { curl -s -b "$1" "$URL/api/v1/session" | sed -n 's/.*"csrf_token":"\([0-9a-f]*\)".*/\1/p'; }

# ---- dashboard: charts, and figures computed once per change ----
req 200 GET / -b bj
has "$WORK/body" "<svg"
has "$WORK/body" "各街道组织覆盖率</figcaption>"
hasnt "$WORK/body" "各街道组织覆盖率（%）" # drawn once, as the linked bars
has "$WORK/body" "党组织按组建方式（个）"
has "$WORK/body" "71.4%"
req 200 GET / -b xj
has "$WORK/body" "各社区组织覆盖率</figcaption>"
req 200 GET / -b hj
hasnt "$WORK/body" "各社区组织覆盖率"
# The dashboard is kept per scope until the data changes: a write from the command line (another
# connection) shows at once, for the district and for the street it happened in.
has "$WORK/body" '<span class="value">'
req 200 GET / -b bj
has "$WORK/body" '企业总数 <span class="num">10</span>'
req 200 GET / -b xj
cp "$WORK/body" xc_before.html
run 0 "$FGDJ" close enterprise 91330106MA2000836J --date "$FGDJ_TODAY" --reason 注销 --db $DB
req 200 GET / -b bj
has "$WORK/body" '企业总数 <span class="num">9</span>'
req 200 GET / -b hj
has "$WORK/body" '<span class="value">'
req 200 GET / -b xj
cmp -s "$WORK/body" xc_before.html && ok || fail "the street's dashboard did not change"
run 0 "$FGDJ" reopen enterprise 91330106MA2000836J --db $DB
req 200 GET / -b bj
has "$WORK/body" '企业总数 <span class="num">10</span>'

# ---- findings: the scope's, grouped by rule with the basis, members masked ----
req 200 GET /findings -b xj
has "$WORK/body" "<h1>检查发现</h1>"
has "$WORK/body" "届期已满尚未换届（1 条）"
has "$WORK/body" "小微设计工作室党支部"
has "$WORK/body" "依据：《中国共产党基层组织选举工作条例》"
hasnt "$WORK/body" "和平物流"
req 404 GET '/findings?region=和平社区' -b xj
req 404 GET '/findings?region=东城街道' -b hj
req 400 GET '/findings?as_of=someday' -b xj
req 200 GET '/findings?region=光明社区' -b xj
req 200 GET '/findings?rule=pocket_member' -b bj
has "$WORK/body" "孙口袋（330106********0431）"
hasnt "$WORK/body" "330106198"
has "$WORK/body" "返回全部规则"
# (the rule select lists every rule's title: the other rules' findings are what must be absent)
hasnt "$WORK/body" "郑失联"
# the API is fgdj check --format json, byte for byte
req 200 GET '/api/v1/findings?region=西城街道' -b xj
"$FGDJ" check --region 西城街道 --format json --db $DB >cli.json
cmp -s cli.json "$WORK/body" && ok || fail "findings API differs from fgdj check --format json"
# one rule's findings (a city has 100k of them): the API and the command alike
req 200 GET '/api/v1/findings?region=西城街道&rule=term_overdue' -b xj
"$FGDJ" check --region 西城街道 --rule term_overdue --format json --db $DB >cli1.json
cmp -s cli1.json "$WORK/body" && ok || fail "one rule's findings: API differs from fgdj check --rule"
has "$WORK/body" '"total": 1'
hasnt "$WORK/body" '"rule": "ledger_gap"'
has "$WORK/body" '"ledger_gap": '
req 400 GET '/api/v1/findings?rule=no_such_rule' -b xj
run 2 "$FGDJ" check --rule no_such_rule --format json --db $DB
has err '没有规则“no_such_rule”'
run 2 "$FGDJ" check --rule term_overdue --db $DB
has err '只用于 --format json'
# computed once per change of the data: a change shows at once, in the page and the API
req 200 GET '/api/v1/findings' -b bj
has "$WORK/body" '"lost_contact": 1'
{ head -1 "$FIX/district/members.csv"; sed -n 4p "$FIX/district/members.csv" | sed 's/,正常,/,失联,/'; } >lost.csv
run 0 "$FGDJ" import members lost.csv --db $DB
req 200 GET '/api/v1/findings' -b bj
has "$WORK/body" '"lost_contact": 2'
"$FGDJ" check --format json --db $DB >cli.json
cmp -s cli.json "$WORK/body" && ok || fail "findings API after a change differs from fgdj check --format json"
req 200 GET '/findings?rule=lost_contact' -b bj
has "$WORK/body" "失联党员（2 条）"

# ---- the joint-branch plan, and its XLSX ----
req 200 GET /plan -b bj
has "$WORK/body" "联合党支部组建方案"
has "$WORK/body" "未建商贸有限公司（91330106MA2000836J）"
# E10 joins the joint branch of 东城街道 (two units, room for three) rather than 挂靠建.
has "$WORK/body" "并入现有联合党支部（1 家）"
has "$WORK/body" "东城街道幸福和平联合党支部"
hasnt "$WORK/body" "挂靠幸福社区党组织"
req 200 GET /plan -b hj
has "$WORK/body" "没有需要联合组建或挂靠的企业"
req 200 GET /api/v1/plan -b bj
has "$WORK/body" '"affiliated": 0'
has "$WORK/body" '"joined_existing": 1'
req 200 GET /plan.xlsx -b bj
eq "$(head -c 2 "$WORK/body")" "PK" "plan.xlsx is a zip"
has "$WORK/hdr" "filename*=UTF-8''"
req 404 GET '/plan.xlsx?region=东城街道' -b xj

# ---- reports ----
req 200 GET /reports -b xj
has "$WORK/body" 'formaction="/reports/work.docx"'
has "$WORK/body" '<option value="西城街道" selected>西城街道</option>'
hasnt "$WORK/body" "东城街道"
req 200 GET /reports/work.docx -b xj
eq "$(head -c 2 "$WORK/body")" "PK" "DOCX starts with PK"
has "$WORK/hdr" "Content-Disposition: attachment; filename=\"work-report-2026-11-26.docx\"; filename*=UTF-8''%E8%A5%BF%E5%9F%8E%E8%A1%97%E9%81%93%E5%B7%A5%E4%BD%9C%E6%8A%A5%E5%91%8A-2026-11-26.docx"
has "$WORK/hdr" "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document"
req 200 GET /reports/work.pdf -b xj
eq "$(head -c 4 "$WORK/body")" "%PDF" "PDF starts with %PDF"
req 200 GET /reports/stats.xlsx -b xj
eq "$(head -c 2 "$WORK/body")" "PK" "XLSX starts with PK"
has "$WORK/hdr" "stats-2026-11-26.xlsx"
req 200 GET '/reports/work.html?region=光明社区' -b xj
has "$WORK/body" "<!DOCTYPE html>"
has "$WORK/hdr" 'Content-Disposition: inline; filename="work-report-'
req 200 GET '/reports/work.docx?year=2025' -b xj
has "$WORK/hdr" "work-report-2025-12-31.docx"
req 200 GET '/reports/work.docx?year=2025&as_of=2026-11-26' -b xj
has "$WORK/hdr" "work-report-2025-12-31.docx"
req 404 GET '/reports/work.docx?region=和平社区' -b xj
req 404 GET '/reports/stats.xlsx?region=国贸大厦' -b xj
req 200 GET '/reports/stats.xlsx?region=国贸大厦' -b bj
req 400 GET '/reports/work.pdf?year=20x5' -b xj
req 400 GET '/reports/work.pdf?as_of=2026-13-01' -b xj

# ---- import: a preview with errors writes nothing ----
HEAD=$(head -1 "$FIX/district/enterprises.csv")
E6=$(grep '^91330106MA2000553A' "$FIX/district/enterprises.csv")
printf '%s\n%s\n%s\n' "$HEAD" "$(echo "$E6" | sed 's/,9,是,/,很多,是,/')" \
	"$(echo "$E6" | sed 's/^91330106MA2000553A/91330106MA2000553B/')" >bad.csv
printf '%s\n%s\n' "$HEAD" "$(echo "$E6" | sed 's/,9,是,/,12,是,/')" >good.csv
HIST0=$(sql $DB "SELECT max(id) FROM history")
req 200 GET /import -b xj
has "$WORK/body" 'enctype="multipart/form-data"'
has "$WORK/body" "您只能导入西城街道范围内的数据"
req 422 POST /import -b xj -F "csrf=$XC" -F kind=enterprises -F "file=@bad.csv;filename=企业台账（有错）.csv"
has "$WORK/body" "发现 2 处错误，没有写入任何数据"
N6=$(echo "$E6" | cut -d, -f2) # each error names its enterprise
has "$WORK/body" "<tr><td class=\"num\">2</td><td>$N6</td><td>从业人员数</td><td>很多</td>"
has "$WORK/body" "<td class=\"num\">3</td><td>$N6</td><td>统一社会信用代码</td><td>91330106MA2000553B</td>"
has "$WORK/body" "企业台账（有错）.csv"
hasnt "$WORK/body" 'name="token"'
eq "$(sql $DB "SELECT max(id) FROM history")" "$HIST0" "a preview writes no history"
eq "$(sql $DB "SELECT employees FROM enterprise WHERE uscc = '91330106MA2000553A'")" 9 "a preview writes nothing"
req 403 POST /import -b xj -F kind=enterprises -F "file=@bad.csv"
req 422 POST /import -b xj -F "csrf=$XC" -F kind=nothing -F "file=@bad.csv"
req 422 POST /import -b xj -F "csrf=$XC" -F kind=enterprises
# a community user cannot reach another community through a file
req 422 POST /import -b hj -F "csrf=$HP" -F kind=enterprises -F "file=@good.csv;filename=光明.csv"
has "$WORK/body" "不在您的工作范围内"
has "$WORK/body" "这家企业登记在其他地区"
HANDMEMBER=$(grep '^张一,' "$FIX/district/members.csv")
printf '%s\n%s\n' "$(head -1 "$FIX/district/members.csv")" "$HANDMEMBER" >member.csv
req 422 POST /import -b xj -F "csrf=$XC" -F kind=members -F "file=@member.csv"
has "$WORK/body" "这名党员登记在其他地区"
eq "$(sql $DB "SELECT max(id) FROM history")" "$HIST0" "refused uploads write nothing"

# ---- import: a clean preview, then the commit ----
req 200 POST /import -b xj -F "csrf=$XC" -F kind=enterprises -F "file=@good.csv;filename=C:\\fakepath\\企业台账.csv"
has "$WORK/body" "检查通过：确认后将新增 0 行、更新 1 行"
has "$WORK/body" "<p class=\"lead\">企业台账 · 企业台账.csv</p>"
TOKEN=$(sed -n 's/.*name="token" value="\([0-9a-f]*\)".*/\1/p' "$WORK/body")
[ ${#TOKEN} -eq 64 ] && ok || fail "commit token"
eq "$(sql $DB "SELECT employees FROM enterprise WHERE uscc = '91330106MA2000553A'")" 9 "not written before the commit"
# the token belongs to its session: another session of the same user cannot use it
api_login xc xj2
req 409 POST /import/commit -b xj2 -d "csrf=$CSRF" -d "token=$TOKEN"
req 409 POST /import/commit -b xj -d "csrf=$XC" -d "token=../../etc/passwd"
req 403 POST /import/commit -b xj -d "token=$TOKEN"
req 200 POST /import/commit -b xj -d "csrf=$XC" -d "token=$TOKEN"
has "$WORK/body" "已导入：企业台账 1 行，新增 0，更新 1，未变 0"
has "$WORK/body" "web:xc"
eq "$(sql $DB "SELECT employees FROM enterprise WHERE uscc = '91330106MA2000553A'")" 12 "written by the commit"
eq "$(sql $DB "SELECT who || ' ' || source FROM history WHERE tbl = 'enterprise' AND key = '91330106MA2000553A' ORDER BY id DESC LIMIT 1")" \
	"web:xc 企业台账.csv" "history names the user and the file"
req 409 POST /import/commit -b xj -d "csrf=$XC" -d "token=$TOKEN"
# the dashboard shows the change at once (the cache follows the history)
# (a card's value: the chart of last year's rates beside the cards keeps 71.4 %)
req 200 GET / -b bj
has "$WORK/body" '<span class="value">75.0%</span>'
hasnt "$WORK/body" '<span class="value">71.4%</span>'
# … also a change made by another process
printf '%s\n%s\n' "$HEAD" "$E6" >back.csv
"$FGDJ" import enterprises back.csv --db $DB >/dev/null || fail "CLI import"
req 200 GET / -b bj
has "$WORK/body" '<span class="value">71.4%</span>'

# ---- text from the data is escaped on every tool page ----
E10=$(grep '^91330106MA2000836J' "$FIX/district/enterprises.csv")
printf '%s\n%s\n' "$HEAD" "$(echo "$E10" | sed 's/未建商贸有限公司/<script>alert(1)<\/script>商贸/')" >xss.csv
"$FGDJ" import enterprises xss.csv --db $DB >/dev/null || fail "CLI import of a hostile name"
for p in /plan '/findings?rule=ledger_gap' '/history?tbl=enterprise'; do
	req 200 GET "$p" -b bj
	has "$WORK/body" "&lt;script&gt;alert(1)&lt;/script&gt;商贸"
	hasnt "$WORK/body" "<script>alert"
done

# ---- accounts: administrators only; creation through the page ----
for p in /users /history /api/v1/history /api/v1/users; do
	req 403 GET "$p" -b xj
	req 403 GET "$p" -b vj
done
req 403 POST /users -b xj -d "csrf=$XC" -d name=x -d role=viewer -d password=long-pass-123
req 200 GET /users -b bj
has "$WORK/body" "<td>xc</td><td>街道工作人员</td><td>西城街道</td><td>启用</td>"
has "$WORK/body" 'action="/users/hp/passwd"'
hasnt "$WORK/body" 'action="/users/boss/disable"'
req 422 POST /users -b bj -d "csrf=$BOSS" -d name=xc -d role=viewer -d password=long-pass-123
has "$WORK/body" "用户“xc”已存在"
req 422 POST /users -b bj -d "csrf=$BOSS" -d name=newbie -d role=street -d scope=和平社区 -d password=long-pass-123
has "$WORK/body" 'aria-invalid="true"'
has "$WORK/body" "不是街道"
has "$WORK/body" 'value="newbie"'
req 422 POST /users -b bj -d "csrf=$BOSS" -d name=newbie -d role=community -d scope=和平社区 -d password=short
has "$WORK/body" "至少 8 个字符"
hasnt "$WORK/body" 'value="short"'
req 303 POST /users -b bj -d "csrf=$BOSS" -d name=newbie -d role=community -d scope=和平社区 -d password=long-pass-123
eq "$(header Location)" "/users?ok=created&user=newbie" "redirect after creation"
req 200 GET "/users?ok=created&user=newbie" -b bj
has "$WORK/body" "已创建用户：newbie"
eq "$(sql $DB "SELECT who FROM history WHERE tbl = 'app_user' AND key = 'newbie'")" "web:boss" "creation in the history"
req 200 POST /api/v1/session -H 'Content-Type: application/json' -d '{"username":"newbie","password":"long-pass-123"}'
has "$WORK/body" '"scope":"东城街道/和平社区"'
req 303 POST /users/newbie/passwd -b bj -d "csrf=$BOSS" -d password=other-pass-456
req 200 POST /api/v1/session -H 'Content-Type: application/json' -d '{"username":"newbie","password":"other-pass-456"}'
req 422 POST /users/newbie/passwd -b bj -d "csrf=$BOSS" -d password=short
req 303 POST /users/newbie/disable -b bj -d "csrf=$BOSS"
req 401 POST /api/v1/session -H 'Content-Type: application/json' -d '{"username":"newbie","password":"other-pass-456"}'
req 303 POST /users/newbie/enable -b bj -d "csrf=$BOSS"
req 409 POST /users/boss/disable -b bj -d "csrf=$BOSS"
req 404 POST /users/nobody/disable -b bj -d "csrf=$BOSS"
run 0 "$FGDJ" user list --db $DB
has out "newbie	community	社区工作人员	东城街道/和平社区	启用"
req 200 GET /api/v1/users -b bj
has "$WORK/body" '"name":"newbie"'

# ---- the history: filters, pages, personal data masked ----
req 200 GET '/history?tbl=member' -b bj
has "$WORK/body" "330106********0035"
hasnt "$WORK/body" "330106196102020035"
hasnt "$WORK/body" "13900000000"
req 200 GET '/api/v1/history?tbl=member&limit=1000' -b bj
hasnt "$WORK/body" "330106196102020035"
has "$WORK/body" '"total":'
req 200 GET '/history?tbl=enterprise&key=91330106ma2000553a' -b bj
has "$WORK/body" "企业台账.csv"
has "$WORK/body" "从业人员数：9 → 12"
req 200 GET '/history?key=91330106MA2000553A&who=xc' -b bj
has "$WORK/body" "共 1 条"
req 200 GET '/api/v1/history?who=xc' -b bj
has "$WORK/body" '"who":"web:xc"'
hasnt "$WORK/body" '"who":"命令行:tester"'
req 200 GET '/history?page=2' -b bj
has "$WORK/body" "第 2 / "
has "$WORK/body" "上一页"
req 400 GET '/history?page=0' -b bj
# Every ledger's records are named and masked, the key too (a study record is keyed by the ID number).
run 0 "$FGDJ" import study "$FIX/party/study.csv" --db $DB
req 200 GET '/history?tbl=study' -b bj
has "$WORK/body" "党员学习记录：330106********0035/2026-02-01/"
has "$WORK/body" '<option value="roster_line">职工名册</option>'
hasnt "$WORK/body" "330106196102020035"
req 200 GET '/api/v1/history?tbl=study' -b bj
has "$WORK/body" '"key":"330106********0035/2026-02-01/'
hasnt "$WORK/body" "330106196102020035"
# Logins and logouts: left out of the page unless asked, and called 登录 / 退出, not 新增 / 删除.
req 200 GET '/history?who=boss' -b bj
hasnt "$WORK/body" "登录：boss"
req 200 GET '/history?who=boss&logins=1' -b bj
has "$WORK/body" "<td>登录：boss</td><td>登录</td>"
has "$WORK/body" 'name="logins" value="1" checked'
req 200 GET '/api/v1/history?tbl=session' -b bj
has "$WORK/body" '"tbl":"session"'
req 200 GET '/api/v1/history?logins=0&limit=1000' -b bj
hasnt "$WORK/body" '"tbl":"session"'
req 400 GET '/api/v1/history?limit=x' -b bj

stop_server
eq "$SERVER_RC" 0 "clean stop"
eq "$(ls -A "$WORK/tmp")" "" "no temporary file left behind"
finish
