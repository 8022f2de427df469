#!/bin/sh
# Kept == recomputed over organisations closed (撤销) and reopened (web/cache.h; store_changes_since's
# STORE_ORG_CLOSING, facts_relink, party_orgs_leave, check_patch): two joint branches covering
# operating enterprises closed today — one of the street user's street with a secretary and a late
# transfer, one with a rating, meetings and an award outside its stars' range: each leaves the
# region's active organisations with its links, its findings and its late transfer's go —; a
# single branch whose enterprise left the ledger three weeks ago (its link ended then) closed today,
# reopened (its finding comes back) and closed again dated back to a day after its link ended; a
# single branch covering an enterprise closed dated back before the dashboard's year-earlier day (its
# link ends on that day: the year-earlier figures are computed again). Each time each page and API (the dashboard, the
# statistics of today and of the year-earlier day, the findings, the plan, figure sets, the work report,
# the organisations' list; the street user's dashboard and findings), read from the warm server
# right after the write, is byte-identical to a fresh server's on the same database; the command
# line's kept facts and findings (`fgdj stats`, `fgdj check`, `fgdj report work`) byte-identical to
# a load from the tables; the facts and findings patched, only today's figures computed (and the
# year-earlier ones when they changed). Found afresh, and still right: the last branch reopened (its link
# revived).
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

kept_setup
# single branches, no open child organisation, at most three members lodged, covering exactly one
# enterprise (open link) that no other organisation covers
SINGLE="o.mode = '单独建' AND o.closed IS NULL AND NOT EXISTS (SELECT 1 FROM org k WHERE k.parent_id = o.id)
	AND (SELECT count(*) FROM member m WHERE m.org_id = o.id AND m.closed IS NULL) <= 3
	AND (SELECT count(*) FROM coverage c WHERE c.org_id = o.id) = 1
	AND EXISTS (SELECT 1 FROM coverage c WHERE c.org_id = o.id AND c.end_date IS NULL
		AND NOT EXISTS (SELECT 1 FROM coverage c2 WHERE c2.enterprise_id = c.enterprise_id AND c2.org_id <> o.id))"
O1ID=$(sql $DB "SELECT o.id FROM org o WHERE $SINGLE ORDER BY o.id LIMIT 1")
# (O2 closed dated back before the dashboard's year-earlier day: founded and linked before it)
O2ID=$(sql $DB "SELECT o.id FROM org o WHERE $SINGLE AND o.id <> '$O1ID' AND o.founded <= '2025-06-01'
	AND NOT EXISTS (SELECT 1 FROM coverage c WHERE c.org_id = o.id AND c.start_date > '2025-06-01') ORDER BY o.id LIMIT 1")
[ -n "$O1ID" ] && [ -n "$O2ID" ] && ok || fail "two single branches to close: [$O1ID] [$O2ID]"
# joint branches, no open child organisation, at most three members lodged, covering two operating
# enterprises or more: one of the street user's street with a secretary and a transfer record, one
# with a rating and meetings
SID=$(sql $DB "SELECT id FROM region WHERE level = 'street' AND name = '$STREET'")
JOINT="o.mode = '联合建' AND o.closed IS NULL AND NOT EXISTS (SELECT 1 FROM org k WHERE k.parent_id = o.id)
	AND (SELECT count(*) FROM member m WHERE m.org_id = o.id AND m.closed IS NULL) <= 3
	AND (SELECT count(*) FROM coverage c JOIN enterprise e ON e.id = c.enterprise_id WHERE c.org_id = o.id
		AND c.end_date IS NULL AND e.status = '在营' AND e.closed IS NULL) >= 2"
O3ID=$(sql $DB "SELECT o.id FROM org o WHERE $JOINT AND EXISTS (SELECT 1 FROM secretary s WHERE s.org_id = o.id)
	AND EXISTS (SELECT 1 FROM transfer t WHERE t.org_id = o.id) AND EXISTS (SELECT 1 FROM coverage c
		JOIN enterprise e ON e.id = c.enterprise_id WHERE c.org_id = o.id AND c.end_date IS NULL
		AND e.community_id IN (SELECT id FROM region WHERE parent_id = $SID)) ORDER BY o.id LIMIT 1")
O4ID=$(sql $DB "SELECT o.id FROM org o WHERE $JOINT AND EXISTS (SELECT 1 FROM rating r WHERE r.org_id = o.id)
	AND EXISTS (SELECT 1 FROM meeting_tally t WHERE t.org_id = o.id) AND o.id <> '$O3ID' ORDER BY o.id LIMIT 1")
[ -n "$O3ID" ] && [ -n "$O4ID" ] && ok || fail "two joint branches to close: [$O3ID] [$O4ID]"
O3=$(sql $DB "SELECT name FROM org WHERE id = $O3ID")
O4=$(sql $DB "SELECT name FROM org WHERE id = $O4ID")
O1=$(sql $DB "SELECT name FROM org WHERE id = $O1ID")
O2=$(sql $DB "SELECT name FROM org WHERE id = $O2ID")
E1=$(sql $DB "SELECT e.uscc FROM enterprise e JOIN coverage c ON c.enterprise_id = e.id WHERE c.org_id = $O1ID")
# has_org NAME [FILE]: a finding of that organisation among the findings (found.json)
has_org() { grep -q "\"subject\": \"$1\"" "${2:-$WORK/found.json}"; }
# O3: a transfer out of four months ago still pending (a late one: the region's active organisations'
# alone); O4: a star award outside its range (funding_out_of_range)
TM=$(sql $DB "SELECT m.idno || ',' || m.name FROM member m WHERE m.closed IS NULL AND m.relation = '正常'
	AND NOT EXISTS (SELECT 1 FROM transfer t WHERE t.member_id = m.id) ORDER BY m.id LIMIT 1")
{ echo '公民身份号码,姓名,方向,本方党组织,对方党组织,介绍信日期,办结日期'
  echo "$TM,转出,$O3,中共测试市某某党委,2026-07-20,"; } >"$WORK/tf.csv"
run 0 "$FGDJ" import transfers "$WORK/tf.csv" --db $DB
{ echo '党组织名称,日期,类型,金额（元）,依据文号'
  echo "$O4,2026-04-01,星级奖励,90000,区委组〔2026〕9号"; } >"$WORK/fu.csv"
run 0 "$FGDJ" import funding "$WORK/fu.csv" --db $DB
# their members lodged elsewhere: nowhere (a closing is refused while one is lodged)
for o in "$O1ID" "$O2ID" "$O3ID" "$O4ID"; do
	for i in $(sql $DB "SELECT idno FROM member WHERE org_id = $o AND closed IS NULL"); do
		member "$i" 所在党组织=
	done
done
# O1's enterprise left the ledger three weeks ago: its link ended then
run 0 "$FGDJ" close enterprise "$E1" --date 2026-11-05 --reason 注销 --db $DB
eq "$(sql $DB "SELECT count(*) FROM coverage WHERE org_id = $O1ID AND end_date IS NULL")" 0 "$O1 covers nothing"
found_json >"$WORK/f0.json"
grep -B2 "\"subject\": \"$O1\"" "$WORK/f0.json" | grep -q '"rule": "single_too_small"' && ok ||
	fail "$O1: a single branch without members, found before its closing"
has_org "$O3" "$WORK/f0.json" && has_org "$O4" "$WORK/f0.json" && ok || fail "findings of $O3 and $O4 before their closing"
# late_o3 [FILE]: a transfer_pending finding names O3's late transfer (its other side, in its detail)
late_o3() { grep -A3 '"rule": "transfer_pending"' "${1:-$WORK/found.json}" | grep -q 中共测试市某某党委; }
late_o3 "$WORK/f0.json" && ok || fail "$O3's late transfer found before its closing"
grep -A2 '"rule": "funding_out_of_range"' "$WORK/f0.json" | grep -q "\"subject\": \"$O4\"" && ok ||
	fail "$O4's award outside its range found before its closing"

KEPT_ARGS="--refresh-after 0"
kept_start
PATHS="$PATHS /api/v1/findings /api/v1/stats /api/v1/stats?as_of=2025-11-26 /reports/work.html /orgs /orgs?closed=1"
snap warm
has_o1() { has_org "$O1"; }

# ---- covering operating enterprises: closed today (its links end, it leaves the region's
# organisations with its secretary, transfers, rating and meetings) ----
run 0 "$FGDJ" close org "$O3" --date "$FGDJ_TODAY" --reason 合并 --db $DB
closed_same "a joint branch of the street closed today"
N_J3=$N NS_J3=$NS
has_org "$O3" && fail "$O3 closed: its findings gone" || ok
late_o3 && fail "$O3 closed: its late transfer no finding" || ok
run 0 "$FGDJ" close org "$O4" --date "$FGDJ_TODAY" --reason 合并 --db $DB
closed_same "a joint branch with a rating closed today"
N_J4=$N
has_org "$O4" && fail "$O4 closed: its findings gone" || ok

# ---- covering no enterprise: closed today, reopened, closed dated back ----
run 0 "$FGDJ" close org "$O1" --date "$FGDJ_TODAY" --reason 企业注销 --db $DB
closed_same "an organisation covering no enterprise closed"
N_C=$N NS_C=$NS
has_o1 && fail "$O1 closed: its findings gone" || ok
run 0 "$FGDJ" reopen org "$O1" --db $DB
closed_same "an organisation covering no enterprise reopened"
N_R=$N
has_o1 && ok || fail "$O1 reopened: its findings back"
run 0 "$FGDJ" close org "$O1" --date 2026-11-10 --reason 企业注销 --db $DB
closed_same "an organisation covering no enterprise closed dated back"
N_B=$N
has_o1 && fail "$O1 closed dated back: its findings gone" || ok

# ---- covering an enterprise, closed dated back before the dashboard's year-earlier day: its link
# ends on that day, the figures of the days since change (the year-earlier ones computed again);
# then reopened (its link revived: found afresh) ----
run 0 "$FGDJ" close org "$O2" --date 2025-06-01 --reason 企业注销 --db $DB
eq "$(sql $DB "SELECT count(*) FROM coverage WHERE org_id = $O2ID AND end_date = '2025-06-01'")" 1 "$O2's link ended on its closing date"
closed_same "an organisation covering an enterprise closed dated back"
N_L=$N
run 0 "$FGDJ" reopen org "$O2" --db $DB
eq "$(sql $DB "SELECT count(*) FROM coverage WHERE org_id = $O2ID AND end_date IS NULL")" 1 "$O2's link revived"
closed_same "an organisation covering an enterprise reopened"
N_L2=$N

echo "computed by the first /findings, /plan, /: joint closed [$N_J3] (street user [$NS_J3]), [$N_J4];" \
	"unlinked closed [$N_C] (street user [$NS_C]), reopened [$N_R], closed dated back [$N_B];" \
	"linked closed dated back [$N_L]; afresh: reopened [$N_L2]" >&2
patched_today "an organisation covering no enterprise closed or reopened" "$N_C" "$N_R" "$N_B"
patched_today "a joint branch closed today" "$N_J3" "$N_J4"
notes_are "the first pages after a single branch covering an enterprise closed dated back" "$N_L" "事实增量 问题增量" "事实载入 问题重查"
eq "$(count_of 统计重算 "$N_L")" 2 "after a branch closed dated back: the year-earlier figures computed again too ($N_L)"
notes_are "the street user's first pages after a joint branch of the street closed" "$NS_J3" "事实增量 问题增量" "事实载入 问题重查"
notes_are "the street user's first pages after an organisation covering no enterprise closed" "$NS_C" "事实增量 问题增量" "事实载入 问题重查"
notes_are "the first pages after a linked organisation's reopening" "$N_L2" "事实载入 问题重查" "事实增量 问题增量"
finish
