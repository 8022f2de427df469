#!/bin/sh
# Deregistration (schema v23): an enterprise 移出台账, an organisation 撤销, a member 减少, an
# instructor 撤销 — with a date and a reason, through the CLI, the web form and the API. The record
# stays (history, export --closed, 含已撤销), leaves today's lists and figures, and still counts in
# --as-of figures for days before its date; --as-recorded replays the close. Figures worked out by
# hand from the hand-made district (tests/fixtures/district/README.md).
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

DB=d.db
export FGDJ_TODAY=2026-11-20
import_district $DB
E10=91330106MA2000836J # 未建商贸 (东城/幸福): 三有, 孙口袋 works there, instructor 李指导
QIAN=330106197302140271 # 钱一, 正式党员 at 国贸咨询 (西城/光明)
FENG3=330106197908200398 # 冯三, one of 新建材料's three formal members
figs() { # ARGS...: the figures on one line
	run 0 "$FGDJ" stats --db $DB --format json "$@"
}

# ---- before: the README's figures ----
figs
expect_json "$WORK/out" 'enterprises_total=10 enterprises_in_scope=7 enterprises_required_single=3 orgs_total=5 members_formal=21 instructors_dispatched=2' before

# ---- a member 减少 (CLI) on 2026-10-01 ----
export FGDJ_TODAY=2026-11-21
run 0 "$FGDJ" close member $FENG3 --date 2026-10-01 --reason 死亡 --db $DB
has out '已减少'
eq "$(sql $DB "SELECT closed || '|' || closed_reason FROM member WHERE idno = '$FENG3'")" "2026-10-01|死亡" "member closed"
# 21 − 冯三 = 20; 新建材料 keeps 2 formal members: no longer required to build its own (3 → 2)
figs
expect_json "$WORK/out" 'members_formal=20 enterprises_required_single=2' member-today
figs --as-of 2026-09-30
expect_json "$WORK/out" 'members_formal=21 enterprises_required_single=3' member-09-30
figs --as-of 2026-10-01
expect_json "$WORK/out" 'members_formal=20' member-10-01
# a meeting attended by 冯三: before his 减少 date it is recorded, after it refused (the roster on
# the meeting's day leaves him out)
FORG=$(sql $DB "SELECT o.name FROM member m JOIN org o ON o.id = m.org_id WHERE m.idno = '$FENG3'")
printf '党组织名称,活动类型,日期,主题,参加党员\n%s,党课,2026-09-15,九月党课,%s\n' "$FORG" "$FENG3" >m_before.csv
printf '党组织名称,活动类型,日期,主题,参加党员\n%s,党课,2026-10-15,十月党课,%s\n' "$FORG" "$FENG3" >m_after.csv
run 0 "$FGDJ" import meetings m_before.csv --db $DB
run 2 "$FGDJ" import meetings m_after.csv --db $DB
has err 'm_after.csv:2'
eq "$(sql $DB "SELECT count(*) FROM meeting WHERE topic = '十月党课'")" 0 "a reduced member cannot attend after his date"

# ---- refusals: nothing written ----
SUM=$(dbsum $DB)
run 2 "$FGDJ" close org 小微设计工作室党支部 --date 2026-10-01 --reason 组织调整 --db $DB
has err '还有 3 名党员'
has err '周一'
has err '周二'
has err '周三'
run 2 "$FGDJ" close org 中共临江区非公有制企业委员会 --date 2026-10-01 --reason 组织调整 --db $DB
has err '5 个下级党组织'
run 2 "$FGDJ" close member $FENG3 --date 2026-10-02 --reason 死亡 --db $DB
has err '已于 2026-10-01 减少'
run 2 "$FGDJ" close enterprise $E10 --date 2026-12-01 --reason 注销 --db $DB
has err '移出台账日期'
run 2 "$FGDJ" close enterprise $E10 --date 2026-09-01 --db $DB
has err '移出台账原因'
run 2 "$FGDJ" close enterprise $E10 --date 2010-01-01 --reason 注销 --db $DB
has err '早于成立日期'
run 2 "$FGDJ" reopen enterprise $E10 --db $DB
has err '不需要恢复'
run 2 "$FGDJ" close meeting x --date 2026-10-01 --reason x --db $DB
eq "$(dbsum $DB)" "$SUM" "refusals write nothing"

# ---- the organisation after its members: 撤销 ends its coverage on the day ----
for m in 330106197403150292 330106197504160318 330106197605170339; do
	run 0 "$FGDJ" close member $m --date 2026-10-01 --reason 转出本区 --db $DB
done
run 0 "$FGDJ" close org 小微设计工作室党支部 --date 2026-10-01 --reason 组织调整 --db $DB
eq "$(sql $DB "SELECT cv.end_date FROM coverage cv JOIN org o ON o.id = cv.org_id WHERE o.name = '小微设计工作室党支部'")" \
	2026-10-01 "coverage ends on the closing day"
figs
expect_json "$WORK/out" 'orgs_total=4 members_formal=17' org-today
figs --as-of 2026-09-30
expect_json "$WORK/out" 'orgs_total=5 members_formal=21' org-09-30

# ---- an enterprise 移出台账 on 2026-09-01: its instructor's assignment ends ----
run 0 "$FGDJ" close enterprise $E10 --date 2026-09-01 --reason 注销 --db $DB
eq "$(sql $DB "SELECT a.end_date FROM assignment a JOIN enterprise e ON e.id = a.enterprise_id WHERE e.uscc = '$E10'")" \
	2026-09-01 "assignment ends with the enterprise"
# 10 − E10 = 9 enterprises, 7 − 1 = 6 三有; instructors: 王指导 only; members counted by 工作单位:
# 孙口袋 (at E10) no longer, 17 − 1 = 16
figs
expect_json "$WORK/out" 'enterprises_total=9 enterprises_in_scope=6 instructors_dispatched=1 members_formal=16' ent-today
figs --as-of 2026-08-31
expect_json "$WORK/out" 'enterprises_total=10 enterprises_in_scope=7 instructors_dispatched=2' ent-08-31
# the same count by sqlite3: enterprises not closed by the day
eq "$(sql $DB "SELECT count(*) FROM enterprise WHERE closed IS NULL OR closed > '2026-09-01'")" 9 "sqlite3: 9 on 09-01"

# ---- an instructor 撤销 ----
run 0 "$FGDJ" close instructor 王指导/光明社区 --date 2026-10-01 --reason 工作调动 --db $DB
figs
expect_json "$WORK/out" 'instructors_dispatched=0 enterprises_with_instructor=0' ins-today
figs --as-of 2026-09-30
expect_json "$WORK/out" 'instructors_dispatched=1 enterprises_with_instructor=1' ins-09-30

# ---- lists: export leaves closed records out unless --closed ----
run 0 "$FGDJ" export enterprises --db $DB
hasnt out "$E10"
eq "$(wc -l <"$WORK/out")" 10 "export: header + 9"
run 0 "$FGDJ" export enterprises --closed --db $DB
has out "$E10"
has out ',2026-09-01,注销'
head -1 "$WORK/out" >hdr.txt
has hdr.txt '移出台账日期'
run 0 "$FGDJ" export orgs --db $DB
hasnt out 小微设计工作室党支部
run 0 "$FGDJ" export members --db $DB
hasnt out 冯三

# ---- a re-import of a file without the closing columns keeps them ----
run 0 "$FGDJ" import enterprises "$FIX/district/enterprises.csv" --db $DB
eq "$(sql $DB "SELECT closed FROM enterprise WHERE uscc = '$E10'")" 2026-09-01 "import keeps the close"
# ... and one with them carries them (the export re-imports unchanged)
run 0 "$FGDJ" export members --closed -o all.csv --unmasked --db $DB
run 0 "$FGDJ" import members all.csv --db $DB
has out '未变 23'

# ---- the web and the API (on 2026-11-23) ----
export FGDJ_TODAY=2026-11-23
add_user w_admin admin
add_user w_west street 西城街道
add_user w_east street 东城街道
start_server $DB
api_login w_admin aj
ADMIN=$CSRF
api_login w_west wj
WEST=$CSRF
api_login w_east ej
EAST=$CSRF
QID=$(sql $DB "SELECT id FROM member WHERE idno = '$QIAN'")
# another street's member: not found for 东城
req 404 POST /api/v1/members/$QID/close -b ej -H "X-CSRF-Token: $EAST" -H 'Content-Type: application/json' \
	-d '{"closed":"2026-11-01","closed_reason":"转出本区"}'
req 404 GET /members/$QID/close -b ej
# the own street's: the form, then the API
req 200 GET /members/$QID/close -b wj
has "$WORK/body" '减少日期'
has "$WORK/body" 'value="2026-11-23"'
has "$WORK/body" '<option value="死亡">'
req 422 POST /api/v1/members/$QID/close -b wj -H "X-CSRF-Token: $WEST" -H 'Content-Type: application/json' \
	-d '{"closed":"2026-11-01"}'
has "$WORK/body" '减少原因'
req 200 POST /api/v1/members/$QID/close -b wj -H "X-CSRF-Token: $WEST" -H 'Content-Type: application/json' \
	-d '{"closed":"2026-11-01","closed_reason":"转出本区"}'
has "$WORK/body" '"closed":"2026-11-01","closed_reason":"转出本区"'
eq "$(sql $DB "SELECT closed || '|' || closed_reason FROM member WHERE id = $QID")" "2026-11-01|转出本区" "API close"
# lists: gone, back with closed=1, marked on the page
req 200 GET "/api/v1/members?q=$QIAN" -b wj
has "$WORK/body" '"total":0'
req 200 GET "/api/v1/members?q=$QIAN&closed=1" -b wj
has "$WORK/body" '"total":1'
req 200 GET "/members?q=$QIAN&closed=1" -b wj
has "$WORK/body" '已减少 2026-11-01'
# the whole list with and without them: kept apart (a list's kept keys name closed=1 too)
req 200 GET "/api/v1/members?limit=1" -b wj
T0=$(sed -n 's/^{"total":\([0-9]*\),.*/\1/p' "$WORK/body")
req 200 GET "/api/v1/members?limit=1&closed=1" -b wj
T1=$(sed -n 's/^{"total":\([0-9]*\),.*/\1/p' "$WORK/body")
eq "$T1" "$((T0 + $(sql $DB "SELECT count(*) FROM member m JOIN enterprise e ON e.id = m.employer_id JOIN region c ON c.id = e.community_id JOIN region st ON st.id = c.parent_id WHERE m.closed IS NOT NULL AND st.name = '西城街道'")))" \
	"closed=1 adds the street's reduced members to the list"
req 200 GET "/members/$QID" -b wj
has "$WORK/body" '已于 2026-11-01 减少'
has "$WORK/body" '/reopen'
# 16 − 钱一 = 15 formal members today
req 200 GET /api/v1/stats -b aj
has "$WORK/body" '"members_formal": 15'
# the web form: an enterprise of 西城 (国贸咨询), refused with the message, then closed
E4=91330106MA2000414K
req 422 POST /enterprises/$E4/close -b wj --data-urlencode "csrf=$WEST" -d closed=2026-11-02
has "$WORK/body" '移出台账原因'
req 303 POST /enterprises/$E4/close -b wj --data-urlencode "csrf=$WEST" -d closed=2026-11-02 \
	--data-urlencode closed_reason=迁出本区
eq "$(sql $DB "SELECT closed FROM enterprise WHERE uscc = '$E4'")" 2026-11-02 "web close"
eq "$(sql $DB "SELECT count(*) FROM coverage cv JOIN enterprise e ON e.id = cv.enterprise_id WHERE e.uscc = '$E4' AND cv.end_date IS NULL")" \
	0 "the enterprise's coverage ends"
req 404 POST /enterprises/$E10/close -b wj --data-urlencode "csrf=$WEST" -d closed=2026-11-02 -d closed_reason=x
# 恢复 through the page (a mistake): the coverage comes back
req 303 POST /enterprises/$E4/reopen -b wj --data-urlencode "csrf=$WEST"
eq "$(sql $DB "SELECT closed IS NULL FROM enterprise WHERE uscc = '$E4'")" 1 "web reopen"
eq "$(sql $DB "SELECT count(*) FROM coverage cv JOIN enterprise e ON e.id = cv.enterprise_id WHERE e.uscc = '$E4' AND cv.end_date IS NULL")" \
	1 "reopen revives the coverage"
# organisations: 含已撤销 draws them in the tree, marked (webfig_tree.sh)
req 200 GET "/orgs?closed=1" -b aj
has "$WORK/body" '已撤销 2026-10-01'
req 200 GET "/orgs" -b aj
hasnt "$WORK/body" '小微设计工作室党支部'
# the edit form neither shows nor clears the closing columns
req 200 GET /members/$QID/edit -b wj
hasnt "$WORK/body" 'name="closed"'
stop_server

# ---- reopen (CLI) on 2026-11-24, and the history of both ----
export FGDJ_TODAY=2026-11-24
run 0 "$FGDJ" reopen enterprise $E10 --db $DB
eq "$(sql $DB "SELECT count(*) FROM assignment a JOIN enterprise e ON e.id = a.enterprise_id WHERE e.uscc = '$E10' AND a.end_date IS NULL")" \
	1 "reopen revives the assignment"
run 0 "$FGDJ" history enterprise $E10 --db $DB
has out '移出台账日期：（空） → 2026-09-01'
has out '移出台账日期：2026-09-01 → （空）'
has out '来源：close'
has out '来源：reopen'
run 0 "$FGDJ" history member $QIAN --db $DB
has out '减少原因：（空） → 转出本区'

# ---- as recorded: each day's ledger replays its closes ----
export FGDJ_TODAY=2026-11-26
figs --as-recorded 2026-11-20
expect_json "$WORK/out" 'enterprises_total=10 orgs_total=5 members_formal=21 instructors_dispatched=2' rec-11-20
figs --as-recorded 2026-11-21
expect_json "$WORK/out" 'enterprises_total=9 orgs_total=4 members_formal=16 instructors_dispatched=0' rec-11-21
figs --as-recorded 2026-11-23
expect_json "$WORK/out" 'enterprises_total=9 members_formal=15' rec-11-23
figs --as-recorded 2026-11-24
expect_json "$WORK/out" 'enterprises_total=10 members_formal=16' rec-11-24
figs
expect_json "$WORK/out" 'enterprises_total=10 enterprises_in_scope=7 orgs_total=4 members_formal=16 instructors_dispatched=1' after

# ---- findings and the summary see current records only ----
run 1 "$FGDJ" check --db $DB --format json
has out '"lost_contact": 1'
run 0 "$FGDJ" close member 330106198312240473 --date 2026-11-25 --reason 出党 --db $DB # 郑失联
run 1 "$FGDJ" check --db $DB --format json
has out '"lost_contact": 0'
# 6 organisations − 小微 = 5; 23 members − 冯三, 周一二三, 钱一, 郑失联 = 17; instructors 2 − 王指导 = 1
run 0 "$FGDJ" summary --db $DB
has out '企业 10 家，党组织 5 个，党员 17 名，党建指导员 1 名'

# ---- reopening one side does not revive a link to a side that is still closed ----
GM=光明社区非公企业联合党支部 # covers 国贸咨询 (E4) only; its one member 钱一 was reduced above
run 0 "$FGDJ" close enterprise $E4 --date 2026-11-10 --reason 迁出本区 --db $DB
run 0 "$FGDJ" close org $GM --date 2026-11-12 --reason 企业注销 --db $DB
run 0 "$FGDJ" reopen enterprise $E4 --db $DB
eq "$(sql $DB "SELECT count(*) FROM coverage cv JOIN org o ON o.id = cv.org_id WHERE o.name = '$GM' AND cv.end_date IS NULL")" \
	0 "no link to a closed organisation"
run 0 "$FGDJ" reopen org $GM --db $DB
eq "$(sql $DB "SELECT group_concat(end_date) FROM coverage cv JOIN org o ON o.id = cv.org_id WHERE o.name = '$GM'")" \
	2026-11-10 "the link the enterprise's close ended stays ended"

finish
