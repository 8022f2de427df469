#!/bin/sh
# Kept == recomputed over edits of member records (web/cache.h; store_changes_since's STORE_MEMBER,
# facts_patch counting the employer's members again, check_patch's members step): a member's
# 人员类别 and 转正日期 (who is formal: the enterprise's counts, the enterprise rules, the rules of the
# organisations covering it or holding its members' relations), 组织关系状态 between 正常, 流动 and 失联
# and its 起始日期 (the 流动 and 失联 counts, lost_contact), 区外组织关系 (pocket_member) and 是否亮明身份
# (of a member a roster line names too: the cross-match's candidates read again, STORE_ROSTER) have
# the kept facts and findings patched. Each page and API (the dashboard, the statistics, the
# findings, the plan, figure sets; a street user's dashboard and findings), read from the warm server
# right after the write, must be byte-identical to a fresh server's on the same database. Not
# patched, and still right: a 停止党籍 (the member is no longer counted); a change of
# employer (patched since, first7_kept.sh). That the patch is taken: the server's access log says what the first pages after a patched edit
# computed — the facts and findings patched, not found afresh as after the edits not patched.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

kept_warm /findings?rule=lost_contact /findings?rule=pocket_member /api/v1/findings?rule=lost_contact \
	/api/v1/findings?rule=single_too_small /api/v1/stats /reports/work.html

# FORMAL: the formal members the figures count on the test's day, by employer
FORMAL="(SELECT count(*) FROM member x WHERE x.employer_id = m.employer_id AND x.closed IS NULL
	AND x.relation <> '停止党籍' AND x.join_date <= '2026-11-26'
	AND ((x.full_date IS NULL AND x.status = '正式党员') OR x.full_date <= '2026-11-26'))"
NOROSTER="NOT EXISTS (SELECT 1 FROM roster_line r WHERE r.idno = m.idno)"

# ---- 转正 (patched): a probationary member with an organisation, its employer's third formal ----
A=$(sql $DB "SELECT m.idno FROM member m WHERE m.status = '预备党员' AND m.full_date IS NULL AND m.org_id IS NOT NULL
	AND m.employer_id IS NOT NULL AND m.closed IS NULL AND m.relation = '正常' AND $FORMAL = 2 ORDER BY m.id LIMIT 1")
[ -n "$A" ] && ok || fail "a probationary member whose employer has two formal members"
AE=$(sql $DB "SELECT employer_id FROM member WHERE idno = '$A'")
member "$A" 人员类别=正式党员 转正日期=2026-11-20
eq "$(sql $DB "SELECT count(*) FROM member m WHERE m.employer_id = $AE AND m.idno = '$A' AND $FORMAL = 3")" 1 \
	"its employer's three formal members"
same "a member's 转正"

# ---- and back: 预备党员 again, 转正日期 cleared (patched) ----
member "$A" 人员类别=预备党员 转正日期=
same "a member's 转正 taken back"

# ---- 转正 today (patched) ----
member "$A" 人员类别=正式党员 转正日期=2026-11-26
N_FORMAL=$(first_notes)
same "a member's 转正 today"

# ---- 转正 at an enterprise the plan names (a 联合党支部 candidate: its formal members printed there),
# its class the same: the plan made again; A's employer it does not name, and after A's 转正 it was kept ----
PJ=$(path_at /api/v1/plan)
AU=$(sql $DB "SELECT uscc FROM enterprise WHERE id = $AE")
grep -q "（$AU）" "$WORK/fresh.$PJ" && fail "A's employer $AU is in the plan" || ok
# (of one formal member, to be two: the same class, a 联合党支部 candidate, before and after)
J=$(awk '/"enterprise": ".*（91[0-9A-Z]*）"/ { u = $0; sub(/.*（/, "", u); sub(/）.*/, "", u); next }
	u != "" && /"formal": 1,/ { print u } { u = "" }' "$WORK/fresh.$PJ" | while read -r u; do
	sql $DB "SELECT m.idno FROM member m JOIN enterprise e ON e.id = m.employer_id WHERE e.uscc = '$u'
		AND m.status = '预备党员' AND m.full_date IS NULL AND m.closed IS NULL AND m.relation = '正常' ORDER BY m.id LIMIT 1"
done | head -1)
[ -n "$J" ] && ok || fail "a probationary member of an enterprise the plan names"
member "$J" 人员类别=正式党员 转正日期=2026-11-25
N_PLANNED=$(first_notes)
same "a 转正 at an enterprise the plan names"

# ---- a formal member's 转正日期 moved after the year-earlier day (patched; that day's figures found
# again: the member was formal on it, and is not — a 转正日期 is read as recorded today on any day) ----
K=$(sql $DB "SELECT m.idno FROM member m WHERE m.status = '正式党员' AND m.full_date < '2025-01-01'
	AND m.join_date < '2024-01-01' AND m.employer_id IS NOT NULL AND m.closed IS NULL AND m.relation = '正常'
	ORDER BY m.id LIMIT 1")
[ -n "$K" ] && ok || fail "a formal member since before 2025"
member "$K" 转正日期=2026-01-10
same "a 转正日期 moved after the year-earlier day"

# ---- 人员类别 alone: a probationary member of before the year-earlier day made 正式党员 without a
# 转正日期 (patched; formal on every day: that day's figures found again) ----
P=$(sql $DB "SELECT m.idno FROM member m WHERE m.status = '预备党员' AND m.full_date IS NULL
	AND m.join_date < '2025-11-26' AND m.employer_id IS NOT NULL AND m.closed IS NULL AND m.relation = '正常'
	ORDER BY m.id LIMIT 1")
[ -n "$P" ] && ok || fail "a probationary member since before the year-earlier day"
member "$P" 人员类别=正式党员
same "人员类别 alone"

# ---- 失联 (patched): a member with an organisation whom no roster line names, since long ago ----
B=$(sql $DB "SELECT m.idno FROM member m WHERE m.relation = '正常' AND m.org_id IS NOT NULL AND m.employer_id IS NOT NULL
	AND m.closed IS NULL AND $NOROSTER ORDER BY m.id LIMIT 1")
[ -n "$B" ] && ok || fail "a member with an organisation and no roster line"
nlost=$(sql $DB "SELECT count(*) FROM member WHERE relation = '失联' AND closed IS NULL")
member "$B" 组织关系状态=失联 关系状态起始日期=2025-01-10
eq "$(sql $DB "SELECT count(*) FROM member WHERE relation = '失联' AND closed IS NULL")" $((nlost + 1)) "one more 失联"
N_LOST=$(first_notes)
same "a member 失联 since 2025-01-10"
LC=$(path_at '/api/v1/findings?rule=lost_contact')
grep -q "$(sql $DB "SELECT name FROM member WHERE idno = '$B'")" "$WORK/fresh.$LC" && ok ||
	fail "the 失联 member among the lost_contact findings"

# ---- 失联 without a start date, then 流动 (patched) ----
member "$B" 组织关系状态=失联 关系状态起始日期=
same "a member 失联 without a start date"
member "$B" 组织关系状态=流动 关系状态起始日期=2026-03-01
same "a member 流动"

# ---- 区外组织关系 of a member without an organisation (patched: pocket_member's detail) ----
C=$(sql $DB "SELECT m.idno FROM member m WHERE m.org_id IS NULL AND m.employer_id IS NOT NULL AND m.closed IS NULL
	AND m.relation = '正常' AND m.outside_org IS NULL AND $NOROSTER ORDER BY m.id LIMIT 1")
[ -n "$C" ] && ok || fail "a member without an organisation and no roster line"
member "$C" 区外组织关系=中共某市某局机关委员会 关系状态起始日期=2025-02-01
same "a member's 区外组织关系"

# ---- 是否亮明身份 of a member no roster line names (patched) ----
D=$(sql $DB "SELECT m.idno FROM member m WHERE m.disclosed = 1 AND m.employer_id IS NOT NULL AND m.closed IS NULL
	AND $NOROSTER ORDER BY m.id LIMIT 1")
[ -n "$D" ] && ok || fail "a disclosed member no roster line names"
member "$D" 是否亮明身份=否
N_PATCH=$(first_notes)
same "a member's 是否亮明身份"
# and back, then again
member "$D" 是否亮明身份=是
same "a member's 是否亮明身份 back"
member "$D" 是否亮明身份=否
N_AGAIN=$(first_notes)
same "a member's 是否亮明身份 again"

# ---- a formal member no longer formal, employed by an enterprise a 单独建 organisation with too few
# lodged formal members covers, its relation elsewhere (patched: that organisation's finding counts
# the formal members its enterprise employs) — first the members of that enterprise lodged there
# given no organisation (found afresh), so that the organisation is found again as the
# enterprise's only, not as one holding the relation of a member it employs ----
GOE=$(sql $DB "SELECT m.idno || ' ' || o.id || ' ' || cv.enterprise_id FROM org o JOIN coverage cv ON cv.org_id = o.id
	AND cv.end_date IS NULL JOIN member m ON m.employer_id = cv.enterprise_id WHERE o.mode = '单独建' AND o.closed IS NULL
	AND m.closed IS NULL AND m.relation = '正常' AND m.status = '正式党员' AND (m.org_id IS NULL OR m.org_id <> o.id)
	AND (SELECT count(*) FROM member x WHERE x.org_id = o.id AND x.closed IS NULL AND x.relation <> '停止党籍'
	AND ((x.full_date IS NULL AND x.status = '正式党员') OR x.full_date <= '2026-11-26')) < 3 ORDER BY m.id LIMIT 1")
G=${GOE%% *}
GO=$(echo "$GOE" | cut -d' ' -f2)
GE=${GOE##* }
[ -n "$G" ] && [ -n "$GO" ] && [ -n "$GE" ] && ok ||
	fail "a formal member of an enterprise a small 单独建 organisation covers, lodged elsewhere"
for x in $(sql $DB "SELECT idno FROM member WHERE employer_id = $GE AND org_id = $GO"); do
	member "$x" 所在党组织=
done
eq "$(sql $DB "SELECT count(*) FROM member WHERE employer_id = $GE AND org_id = $GO")" 0 "none lodged where employed"
same "the members of an enterprise lodged in its organisation given none"
member "$G" 人员类别=预备党员 转正日期=
same "a formal member employed where a small 单独建 organisation covers"

# ---- 区外组织关系 of a member without an organisation whom a roster line names with its 入职日期
# (patched: pocket_member counts the months from that day) ----
H=$(sql $DB "SELECT m.idno FROM member m WHERE m.org_id IS NULL AND m.closed IS NULL AND m.relation = '正常'
	AND m.employer_id IS NOT NULL AND m.outside_org IS NULL AND EXISTS (SELECT 1 FROM roster_line r
	WHERE r.idno = m.idno AND r.hired IS NOT NULL AND r.hired < '2025-01-01') ORDER BY m.id LIMIT 1")
[ -n "$H" ] && ok || fail "a member without an organisation on a roster since before 2025"
member "$H" 区外组织关系=中共外地某公司委员会
same "区外组织关系 of a member on a roster"

# ---- 是否亮明身份 of a member a roster line names (patched: the cross-match's candidates read again, the
# year-earlier figures computed again); not patched: a 停止党籍; an employer changed ----
E=$(sql $DB "SELECT m.idno FROM member m WHERE m.disclosed = 1 AND m.employer_id IS NOT NULL AND m.closed IS NULL
	AND NOT $NOROSTER ORDER BY m.id LIMIT 1")
member "$E" 是否亮明身份=否
N_FULL=$(first_notes)
same "是否亮明身份 of a member a roster line names"
member "$B" 组织关系状态=停止党籍 关系状态起始日期=2026-11-01
same "a member's 停止党籍"
F=$(sql $DB "SELECT uscc FROM enterprise WHERE closed IS NULL AND id <> $AE ORDER BY id LIMIT 1")
member "$A" 工作单位统一社会信用代码="$F"
same "a member's employer"

# ---- the patch was taken (the server's access log says what each request computed): after a
# 是否亮明身份, a 转正 or a 失联 the facts and findings patched (after a 转正 or a 失联 the dashboard's
# figures of a year earlier are computed again: that day reads 人员类别, 转正日期 and 组织关系状态 as
# recorded today), and after a roster member's 是否亮明身份 (that day reads the candidates as they are
# today) ----
echo "computed by the first /findings, /plan, /: after a 是否亮明身份 [$N_PATCH], again [$N_AGAIN], after a 转正 [$N_FORMAL], after a 转正 at a planned enterprise [$N_PLANNED], after a 失联 [$N_LOST], after a roster member's 是否亮明身份 [$N_FULL]" >&2
for n in "$N_PATCH" "$N_AGAIN" "$N_FORMAL" "$N_LOST"; do
	notes_are "the first pages after a patched member edit" "$n" "事实增量 问题增量" "事实载入 问题重查"
done
notes_are "the first pages after a 是否亮明身份" "$N_PATCH" "" "方案重排"
# the plan prints the formal members of the enterprises it names: made again after a 转正 at one of
# them, kept after one at an enterprise it does not name (joint_plan_holds)
notes_are "the first pages after a 转正 at an enterprise the plan does not name" "$N_FORMAL" "" "方案重排"
notes_are "the first pages after a 转正 at an enterprise the plan names" "$N_PLANNED" "事实增量 方案重排" "事实载入"
notes_are "the first pages after a roster member's 是否亮明身份" "$N_FULL" "事实增量 问题增量" "事实载入 问题重查"
eq "$(printf '%s\n' $N_FULL | grep -cx 统计重算)" 2 "after a roster member's 是否亮明身份: the year-earlier figures computed again ($N_FULL)"

finish
