#!/bin/sh
# Developing members (the development ledger): the figures of tests/fixtures/development/README.md
# worked out by hand at three dates and for a street; the 支部大会 step puts the person in the
# member roster as 预备党员 and 转正 as 正式党员, in the history; dev_violation findings name the
# rule and its dates; bad rows (steps backwards, under 18, a contact who is not a formal member, an
# extension of 5 months) are refused with row and column and nothing is written; re-import changes
# nothing; the record's page shows the steps and the rules; a secretary records its own
# organisation's people only.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"

DB=d.db
import_district $DB
DEV=$FIX/development/development.csv
run 0 "$FGDJ" import development "$DEV" --db $DB
has out '新增 5'

run 0 "$FGDJ" stats --db $DB --format json --as-of 2026-03-31
expect_json "$WORK/out" "dev_applicants=1 dev_activists=0 dev_targets=1 developed_in_year=0 dev_records_with_violations=0" 03-31
run 0 "$FGDJ" stats --db $DB --format json --as-of 2026-06-30
expect_json "$WORK/out" "dev_applicants=0 dev_activists=1 dev_targets=0 developed_in_year=1 dev_records_with_violations=1" 06-30
run 0 "$FGDJ" stats --db $DB --format json
expect_json "$WORK/out" "dev_applicants=1 dev_activists=1 dev_targets=0 developed_in_year=1 dev_records_with_violations=3" 11-26
run 0 "$FGDJ" stats --db $DB --format json --region 东城街道
expect_json "$WORK/out" "dev_applicants=1 dev_activists=1 dev_targets=0 developed_in_year=0 dev_records_with_violations=2" 东城

# ---- the roster: 支部大会 makes a 预备党员, 转正 a 正式党员, both in the history ----
eq "$(sql $DB "SELECT status, join_date, coalesce(full_date, '') FROM member WHERE idno = '33010619900101123X'")" \
	"正式党员|2024-07-20|2025-07-21" "王发展 is a full member from the development record"
eq "$(sql $DB "SELECT status, join_date, o.name FROM member m JOIN org o ON o.id = m.org_id WHERE idno = '330106199803031240'")" \
	"预备党员|2026-04-10|小微设计工作室党支部" "赵预备 is a probationary member of the organisation"
eq "$(sql $DB "SELECT count(*) FROM member WHERE idno IN ('330106199502021233', '330106200004041253')")" 0 \
	"activists and applicants are not members"
run 0 "$FGDJ" history member 330106199803031240 --db $DB
has out '人员类别：预备党员'
has out '来源：'

# ---- findings ----
run 1 "$FGDJ" check --db $DB --format json
has out '"dev_violation": 3'
run 1 "$FGDJ" check --db $DB
has out '上级审批（DEV_APPROVAL）：'
has out '及时谈话（DEV_TALK）：'
has out '2026-04-10'
hasnt out '330106199803031240' # masked

# ---- re-import: nothing changes ----
before=$(dbsum $DB)
run 0 "$FGDJ" import development "$DEV" --db $DB
has out '未变 5'
eq "$(dbsum $DB)" "$before" "re-import changes nothing"

# ---- refused rows: row and column named, nothing written ----
refuse() { refuse_row development "$DEV" $DB "$@"; }
refuse "steps backwards" \
	'周倒退,330106199905051269,91330106MA20002034,中共临江智造科技有限公司支部委员会,2026-05-01,2026-04-01,,,,,,,,,,,,,' \
	谈话日期 '早于'
refuse "under 18" \
	'周少年,330106201006061279,91330106MA20002034,中共临江智造科技有限公司支部委员会,2026-05-01,,,,,,,,,,,,,,' \
	申请日期 '18'
refuse "contact not a formal member" \
	'周联系,330106199905051269,91330106MA20002034,中共临江智造科技有限公司支部委员会,2026-01-05,2026-01-20,2026-03-01,双推,330106199803031240,,,,,,,,,,' \
	培养联系人 '不是正式党员'
refuse "extension of 5 months" \
	'周延长,330106199905051269,91330106MA20002034,中共临江智造科技有限公司支部委员会,2023-03-01,2023-03-20,2023-06-01,双推,330106196102020035,2024-06-10,2024-07-01,24,2024-07-08,2024-07-12,2024-07-20,2024-09-01,5,,' \
	'延长预备期（月）' '6 至 12'

# ---- the web: the record's page, and a secretary's scope ----
need_curl
add_user boss admin
add_user sec secretary 小微设计工作室党支部
start_server $DB
api_login boss bj
api_login sec sj
SEC=$CSRF
ID=$(sql $DB "SELECT id FROM development WHERE idno = '330106199803031240'")
req 200 GET "/development/$ID" -b bj
has "$WORK/body" '发展进程'
has "$WORK/body" '预备党员'
has "$WORK/body" '<th scope="row">上级审批（DEV_APPROVAL）</th>'
has "$WORK/body" '已逾期'
# what falls due: 钱申请's talk (due 2026-11-20), 赵预备's approval (due 2026-07-10) and 孙外区's talk (due 2026-02-10) are overdue
req 200 GET /development/due -b bj
has "$WORK/body" '钱申请'
has "$WORK/body" '已逾期 6 天'
has "$WORK/body" '赵预备'
has "$WORK/body" '上级批准'
hasnt "$WORK/body" '王发展'
has "$WORK/body" '3 人的下一步在 30 天内到期或已逾期，其中已逾期 3 人' # 孙外区's talk too
req 400 GET "/development/due?days=x" -b bj
req 200 GET /development -b sj
has "$WORK/body" '赵预备'
hasnt "$WORK/body" '王发展'
before=$(dbsum $DB)
st=$(json -b sj -H "X-CSRF-Token: $SEC" -X POST "$URL/api/v1/development" \
	-d '{"name":"周外组织","idno":"330106199608081293","org":"中共临江智造科技有限公司支部委员会","apply_date":"2026-11-01"}')
eq "$st" 422 "a secretary cannot record another organisation's applicant"
has "$WORK/body" '不在您的工作范围内'
eq "$(dbsum $DB)" "$before" "refused: nothing written"
st=$(json -b sj -H "X-CSRF-Token: $SEC" -X POST "$URL/api/v1/development" \
	-d '{"name":"周本组织","idno":"330106199707071285","org":"小微设计工作室党支部","apply_date":"2026-11-01"}')
eq "$st" 201 "a secretary records its own organisation's applicant"
[ "$st" = 201 ] || cat "$WORK/body" >&2
has "$WORK/body" '"idno":"330106********1285"'
finish
