#!/bin/sh
# Kept == recomputed over enterprises closed that their members and coverage links name, and over
# members closed (web/cache.h; store_changes_since's STORE_ENT_CLOSING and STORE_MEMBER_GONE,
# facts_patch, check_patch): an enterprise of the street user's street that employs members and
# that no organisation covers, then one a joint branch covers with other operating enterprises of
# that street, each closed today — its members and links leave the kept facts with it (the others'
# indexes moved), the findings about its members and of the organisations that covered it found
# again; then two members employed in the street closed (减少: they leave the members' list, their
# findings go — one today, one dated back before the dashboard's year-earlier day, whose figures are
# computed again); then an operating enterprise no organisation covers, with an instructor's
# assignment, visits and a campaign task, whose instructor has a visit_missing finding, closed (its
# assignment, visits and task leave with it); then an enterprise no organisation covers that trainees
# and two development records name (one breaking a rule: a dev_violation finding) closed (its
# trainees and development records leave with it, the trainees numbered again); then one no
# organisation covers whose roster lines hold a cross-match candidate, confirmed (a
# crossmatch_confirmed finding) closed (its candidates leave with it); then each of those enterprises
# reopened (their records come back: the facts loaded afresh, the findings patched on them — the
# organisations covering them stay where they were). Each time each page and API (the dashboard, the
# statistics, the findings, the plan, figure sets, the work report; the street user's dashboard and
# findings), read from the warm server right after the write, is byte-identical to a fresh server's
# on the same database; and the command line's kept facts and findings (`fgdj stats`, `fgdj check`,
# `fgdj report work`) byte-identical to a load from the tables. Found afresh, and still right: an enterprise whose own
# organisation covers it alone (the organisation leaves the region's active ones), its reopening (it comes
# back), and a setting the figures read.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

kept_setup
SID=$(sql $DB "SELECT id FROM region WHERE level = 'street' AND name = '$STREET'")
IN_STREET="e.community_id IN (SELECT id FROM region WHERE parent_id = $SID)"
# Named by no row of another table but coverage links and members (the tables store_enterprise_bare
# reads, written out here again as the schema has them), open, employing open members.
LEAVING="e.closed IS NULL AND EXISTS (SELECT 1 FROM member m WHERE m.employer_id = e.id AND m.closed IS NULL)"
for t in assignment:enterprise_id visit:enterprise_id trainee:enterprise_id development:employer_id \
	task:enterprise_id roster_line:enterprise_id crossmatch_decision:enterprise_id designation:enterprise_id \
	roster_candidate:enterprise_id; do
	LEAVING="$LEAVING AND NOT EXISTS (SELECT 1 FROM ${t%%:*} x WHERE x.${t#*:} = e.id)"
done
# covered by no organisation, in the street user's street
M1=$(sql $DB "SELECT e.uscc FROM enterprise e WHERE $LEAVING AND $IN_STREET
	AND NOT EXISTS (SELECT 1 FROM coverage c WHERE c.enterprise_id = e.id) ORDER BY e.id LIMIT 1")
# covered by a joint branch that covers other operating enterprises of the street (the operating
# ones the demo covers all have records of their own: this one is not operating)
J1=$(sql $DB "SELECT e.uscc FROM enterprise e JOIN coverage c ON c.enterprise_id = e.id AND c.end_date IS NULL
	JOIN org o ON o.id = c.org_id AND o.mode = '联合建' WHERE $LEAVING AND $IN_STREET
	AND NOT EXISTS (SELECT 1 FROM coverage c1 WHERE c1.enterprise_id = e.id AND c1.org_id <> o.id)
	AND (SELECT count(*) FROM coverage c2 JOIN enterprise e2 ON e2.id = c2.enterprise_id WHERE c2.org_id = o.id
		AND c2.end_date IS NULL AND e2.status = '在营' AND e2.closed IS NULL AND e2.id <> e.id
		AND e2.community_id IN (SELECT id FROM region WHERE parent_id = $SID)) >= 2
	ORDER BY e.id LIMIT 1")
JORG=$(sql $DB "SELECT o.name FROM org o JOIN coverage c ON c.org_id = o.id AND c.end_date IS NULL
	JOIN enterprise e ON e.id = c.enterprise_id WHERE e.uscc = '$J1'")
# covered by an organisation that covers it alone
S1=$(sql $DB "SELECT e.uscc FROM enterprise e JOIN coverage c ON c.enterprise_id = e.id AND c.end_date IS NULL
	WHERE $LEAVING AND NOT EXISTS (SELECT 1 FROM coverage c2 WHERE c2.org_id = c.org_id
		AND c2.enterprise_id <> e.id) ORDER BY e.id LIMIT 1")
# operating, covered by no organisation, with an instructor's assignment, its visits and a campaign
# task (named by no trainee, development record, roster line or candidate, cross-match decision),
# the first a visit_missing finding names: patched, its assignment, visits and task leaving with it
ASSIGNED="e.closed IS NULL AND e.status = '在营' AND NOT EXISTS (SELECT 1 FROM coverage c WHERE c.enterprise_id = e.id)
	AND EXISTS (SELECT 1 FROM assignment a WHERE a.enterprise_id = e.id AND a.end_date IS NULL)
	AND EXISTS (SELECT 1 FROM visit v WHERE v.enterprise_id = e.id) AND EXISTS (SELECT 1 FROM task t WHERE t.enterprise_id = e.id)"
for t in trainee:enterprise_id development:employer_id roster_line:enterprise_id crossmatch_decision:enterprise_id \
	roster_candidate:enterprise_id; do
	ASSIGNED="$ASSIGNED AND NOT EXISTS (SELECT 1 FROM ${t%%:*} x WHERE x.${t#*:} = e.id)"
done
FGDJ_FACTS_KEPT=0 "$FGDJ" check --format json --unmasked --rule visit_missing --db $DB 2>/dev/null >"$WORK/visits.json"
V1=$(sql $DB "SELECT e.uscc FROM enterprise e WHERE $ASSIGNED ORDER BY e.id" |
	while read -r u; do grep -q "（$u）" "$WORK/visits.json" && echo "$u"; done | head -1)
# covered by no organisation, trainees name it (and the two development records added below), named
# by no roster line or candidate, cross-match decision: patched
D1=$(sql $DB "SELECT e.uscc FROM enterprise e WHERE e.closed IS NULL
	AND NOT EXISTS (SELECT 1 FROM coverage c WHERE c.enterprise_id = e.id)
	AND EXISTS (SELECT 1 FROM trainee x WHERE x.enterprise_id = e.id)
	AND NOT EXISTS (SELECT 1 FROM roster_line x WHERE x.enterprise_id = e.id)
	AND NOT EXISTS (SELECT 1 FROM roster_candidate x WHERE x.enterprise_id = e.id)
	AND NOT EXISTS (SELECT 1 FROM crossmatch_decision x WHERE x.enterprise_id = e.id) ORDER BY e.id LIMIT 1")
# covered by no organisation, a cross-match candidate among its roster lines (confirmed below): patched
R1=$(sql $DB "SELECT e.uscc FROM enterprise e WHERE e.closed IS NULL AND e.uscc NOT IN ('$M1', '$J1', '$S1', '$V1', '$D1')
	AND NOT EXISTS (SELECT 1 FROM coverage c WHERE c.enterprise_id = e.id)
	AND EXISTS (SELECT 1 FROM roster_candidate r WHERE r.enterprise_id = e.id) ORDER BY e.id LIMIT 1")
RID=$(sql $DB "SELECT l.idno FROM roster_candidate r JOIN roster_line l ON l.id = r.line_id JOIN enterprise e
	ON e.id = r.enterprise_id WHERE e.uscc = '$R1' ORDER BY l.id LIMIT 1")
# members employed in the street, open, each named by a study_short finding and by no transfer,
# development record or roster line (their findings would be found afresh): the first two
FGDJ_FACTS_KEPT=0 "$FGDJ" check --format json --unmasked --rule study_short --db $DB 2>/dev/null >"$WORK/study.json"
set -- $(sql $DB "SELECT m.idno FROM member m JOIN enterprise e ON e.id = m.employer_id WHERE m.closed IS NULL
	AND $IN_STREET AND e.uscc NOT IN ('$M1', '$J1')
	AND NOT EXISTS (SELECT 1 FROM transfer t WHERE t.member_id = m.id)
	AND NOT EXISTS (SELECT 1 FROM development d WHERE d.idno = m.idno)
	AND NOT EXISTS (SELECT 1 FROM roster_line r WHERE r.idno = m.idno) ORDER BY m.id" |
	while read -r i; do grep -q "（$i）" "$WORK/study.json" && echo "$i"; done | head -2)
MS1=${1:-}
MS2=${2:-}
[ -n "$M1" ] && [ -n "$J1" ] && [ -n "$JORG" ] && [ -n "$S1" ] && [ -n "$V1" ] && [ -n "$D1" ] && [ -n "$R1" ] && [ -n "$RID" ] && ok ||
	fail "enterprises to close: [$M1] [$J1 of $JORG] [$S1] [$V1] [$D1] [$R1 of $RID]"
[ -n "$MS1" ] && [ -n "$MS2" ] && ok || fail "members to close: [$MS1] [$MS2]"
# a member of M1 a finding names (study_short, say)
found_json >"$WORK/f0.json"
MID=$(sql $DB "SELECT m.idno FROM member m JOIN enterprise e ON e.id = m.employer_id WHERE e.uscc = '$M1'
	AND m.closed IS NULL ORDER BY m.id" | while read -r i; do grep -q "（$i）" "$WORK/f0.json" && echo "$i"; done | head -1)
[ -n "$MID" ] && ok || fail "a finding names a member $M1 employs before the closing"

# J1's members lodged nowhere (its joint branch is then found again as one that covered it,
# store_ent_orgs, not as one holding their relations), and a 联合覆盖 limit one below the branch's
# units: joint_too_many, which J1's closing takes away
for i in $(sql $DB "SELECT m.idno FROM member m JOIN enterprise e ON e.id = m.employer_id JOIN org o ON o.id = m.org_id
	WHERE e.uscc = '$J1' AND o.name = '$JORG'"); do
	member "$i" 所在党组织=
done
UNITS=$(sql $DB "SELECT count(*) FROM coverage c JOIN org o ON o.id = c.org_id WHERE o.name = '$JORG' AND c.end_date IS NULL")
run 0 "$FGDJ" settings joint.max_units $((UNITS - 1)) --db $DB
found_json >"$WORK/f0.json"
grep -A3 '"rule": "joint_too_many"' "$WORK/f0.json" | grep -q "\"subject\": \"$JORG\"" && ok || fail "$JORG too many units"

# S1 operating: its organisation one of the region's active ones, which its closing takes away
"$FGDJ" export enterprises --unmasked --db $DB -o "$WORK/e.csv" >/dev/null 2>&1
csv_row "$WORK/e.csv" 1 "$S1" "$WORK/e1.csv" 经营状态=在营
run 0 "$FGDJ" import enterprises "$WORK/e1.csv" --db $DB
grep -q '更新 1' "$WORK/out" && ok || fail "$S1 operating: $(cat "$WORK/out")"

# two development records D1 employs: one talked to two months after its application (a
# dev_violation finding), one an applicant
DORG=$(sql $DB "SELECT name FROM org WHERE closed IS NULL ORDER BY id LIMIT 1")
cat >"$WORK/dev.csv" <<EOF
姓名,公民身份号码,工作单位统一社会信用代码,所在党组织,申请日期,谈话日期,确定积极分子日期,确定发展对象日期,政审日期,公示开始日期,公示结束日期,支部大会日期,上级批准日期,转正日期,推荐方式,培养联系人,集中培训学时,延长预备期（月）,是否双培
测试己,330106199505050013,$D1,$DORG,2024-01-10,2024-03-20,2024-04-01,2025-06-01,,,,,,,双推,,2,,否
测试庚,330106199606060018,$D1,$DORG,2026-10-01,,,,,,,,,,,,,,否
EOF
run 0 "$FGDJ" import development "$WORK/dev.csv" --db $DB
found_json >"$WORK/f0.json"
grep -A4 '"rule": "dev_violation"' "$WORK/f0.json" | grep -q "330106199505050013" && ok ||
	fail "a dev_violation finding names 测试己 before $D1's closing"
# R1's candidate confirmed: a crossmatch_confirmed finding, which its closing takes away
run 0 "$FGDJ" crossmatch confirm "$R1" "$RID" --db $DB
found_json >"$WORK/f0.json"
grep -A4 '"rule": "crossmatch_confirmed"' "$WORK/f0.json" | grep -q "$RID" && ok ||
	fail "a crossmatch_confirmed finding names $RID before $R1's closing"

KEPT_ARGS="--refresh-after 0"
kept_start
PATHS="$PATHS /findings?rule=pocket_member /api/v1/findings?rule=pocket_member /api/v1/findings /api/v1/stats
	/reports/work.html /orgs"
snap warm
close_ent() { run 0 "$FGDJ" close enterprise "$1" --date "$FGDJ_TODAY" --reason 注销 --db $DB; }

# ---- members, no organisation: closed ----
close_ent "$M1"
closed_same "an enterprise employing members closed"
N_M=$N NS_M=$NS
hasnt "$WORK/found.json" "（$MID）"

# ---- covered by a joint branch with other operating enterprises of the street: closed ----
close_ent "$J1"
eq "$(sql $DB "SELECT count(*) FROM coverage c JOIN enterprise e ON e.id = c.enterprise_id
	WHERE e.uscc = '$J1' AND c.end_date IS NULL")" 0 "$J1's link ended"
closed_same "an enterprise a joint branch covers closed"
N_J=$N NS_J=$NS
grep -A3 '"rule": "joint_too_many"' "$WORK/found.json" | grep -q "\"subject\": \"$JORG\"" && fail "$JORG's units: one fewer" || ok

# ---- members closed (减少): today; dated back before the year-earlier day ----
run 0 "$FGDJ" close member "$MS1" --date "$FGDJ_TODAY" --reason 死亡 --db $DB
closed_same "a member closed"
N_G=$N NS_G=$NS
hasnt "$WORK/found.json" "（$MS1）"
run 0 "$FGDJ" close member "$MS2" --date 2025-03-01 --reason 出党 --db $DB
N_G2=$(first_notes)
same "a member closed dated back"
cli_same "a member closed dated back"

# ---- with an instructor's assignment, visits and a campaign task: closed ----
close_ent "$V1"
closed_same "an enterprise with an instructor, visits and a task closed"
N_V=$N
hasnt "$WORK/found.json" "（$V1）"
eq "$(sql $DB "SELECT count(*) FROM assignment a JOIN enterprise e ON e.id = a.enterprise_id
	WHERE e.uscc = '$V1' AND a.end_date IS NULL")" 0 "$V1's assignment ended"

# ---- trainees and development records name it: closed ----
close_ent "$D1"
closed_same "an enterprise trainees and development records name closed"
N_D=$N
hasnt "$WORK/found.json" "330106199505050013"

# ---- a confirmed cross-match candidate among its roster lines: closed ----
close_ent "$R1"
closed_same "an enterprise with a confirmed cross-match candidate closed"
N_R=$N
hasnt "$WORK/found.json" "$RID"

# ---- reopened, each: the facts loaded afresh, the findings patched ----
reopen_ent() { run 0 "$FGDJ" reopen enterprise "$1" --db $DB; }
reopen_ent "$M1"
closed_same "an enterprise employing members reopened"
N_RM=$N NS_RM=$NS
has "$WORK/found.json" "（$MID）"
reopen_ent "$J1"
eq "$(sql $DB "SELECT count(*) FROM coverage c JOIN enterprise e ON e.id = c.enterprise_id
	WHERE e.uscc = '$J1' AND c.end_date IS NULL")" 1 "$J1's link revived"
closed_same "an enterprise a joint branch covers reopened"
N_RJ=$N NS_RJ=$NS
reopen_ent "$V1"
closed_same "an enterprise with an instructor, visits and a task reopened"
N_RV=$N
has "$WORK/found.json" "（$V1）"
reopen_ent "$D1"
closed_same "an enterprise trainees and development records name reopened"
N_RD=$N
has "$WORK/found.json" "330106199505050013"
reopen_ent "$R1"
closed_same "an enterprise with a confirmed cross-match candidate reopened"
N_RR=$N
has "$WORK/found.json" "$RID"

# ---- found afresh: its own organisation covers it alone (closed, reopened); a setting ----
close_ent "$S1"
N_S=$(first_notes)
same "an enterprise its own organisation covers alone closed"
cli_same "an enterprise its own organisation covers alone closed"
reopen_ent "$S1"
N_RS=$(first_notes)
same "an enterprise its own organisation covers alone reopened"
cli_same "an enterprise its own organisation covers alone reopened"
setting_changed
N_SET=$(first_notes)
same "a setting the figures read"
cli_same "a setting the figures read"

# ---- the patch was taken (the server's access log) ----
echo "computed by the first /findings, /plan, /: members [$N_M] (street user [$NS_M]), joint [$N_J] (street user [$NS_J]);" \
	"member closed [$N_G] (street user [$NS_G]), dated back [$N_G2];" \
	"instructor, visits and task [$N_V], trainees and development [$N_D], confirmed candidate [$N_R];" \
	"afresh: alone [$N_S], setting [$N_SET];" \
	"reopened: members [$N_RM] (street user [$NS_RM]), joint [$N_RJ] (street user [$NS_RJ]), instructor [$N_RV]," \
	"trainees and development [$N_RD], confirmed candidate [$N_RR], alone [$N_RS]" >&2
patched_today "an enterprise closed with its members and links" "$N_M" "$N_J"
patched_today "an enterprise closed with its instructor's assignment, visits and task" "$N_V"
patched_today "an enterprise closed with its trainees and development records" "$N_D"
patched_today "an enterprise closed with a confirmed cross-match candidate" "$N_R"
patched_today "a member closed" "$N_G"
notes_are "the street user's first pages after a member of the street closed" "$NS_G" "事实增量 问题增量" "事实载入 问题重查"
notes_are "the first pages after a member closed dated back" "$N_G2" "事实增量 问题增量" "事实载入 问题重查"
eq "$(count_of 统计重算 "$N_G2")" 2 "after a member closed dated back: the year-earlier figures computed again too ($N_G2)"
notes_are "the street user's first pages after an enterprise of the street closed" "$NS_M $NS_J" "事实增量 问题增量" "事实载入 问题重查"
eq "$(count_of 方案重排 "$N_M")" 0 "after an enterprise no organisation covers closed: the plan kept ($N_M)"
eq "$(count_of 方案重排 "$N_J")" 1 "after a covered enterprise closed: the plan drawn again ($N_J)"
# (its findings patched on the facts loaded afresh: the whole district's rules run for every
# organisation, the one that covered it found again — for a street, dropped: check_on_org)
notes_are "the first pages after an enterprise its own organisation covers alone closed" "$N_S" "事实载入" "事实增量"
notes_are "the first pages after a write not patched" "$N_SET" "事实载入 问题重查" "事实增量 问题增量"
# (a reopening: every record naming the enterprise comes back, the facts loaded afresh; the findings
# patched on them — but when an organisation covering it comes back into the region with it)
for n in "$N_RM" "$NS_RM" "$N_RJ" "$NS_RJ" "$N_RV" "$N_RD" "$N_RR"; do
	notes_are "the first pages after an enterprise reopened" "$n" "事实载入 问题增量" "事实增量 问题重查"
done
eq "$(count_of 方案重排 "$N_RJ")" 1 "after a covered enterprise reopened (its link back): the plan drawn again ($N_RJ)"
eq "$(count_of 方案重排 "$N_RM")" 0 "after an enterprise no organisation covers reopened: the plan kept ($N_RM)"
notes_are "the first pages after an enterprise its own organisation covers alone reopened" "$N_RS" "事实载入 问题重查" "事实增量 问题增量"
finish
