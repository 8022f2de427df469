#!/bin/sh
# Kept == recomputed over edits of organisation records that leave what each covers as it was
# (web/cache.h; store_changes_since's STORE_ORG, facts_patch's links read again by enterprise,
# check_patch's orgs_patch): a joint branch made 挂靠建 (its enterprises' coverage counts, the
# statistics by mode), a branch made 党总支 (the statistics by kind, its kind findings), 是否设支委会
# and 党小组数 changed (its calendar: STORE_ORG_LIFE — the dashboard's year-earlier figures computed
# again, a past day reads them as recorded today), 书记姓名 cleared and 本届任期开始 moved back (its own
# findings), another 上级党组织 (no figure or finding reads it; the plan is drawn again) — the facts
# and findings patched each time, and each page and API (the dashboard, the
# statistics, the findings, the plan, figure sets, the work report; the street user's dashboard and
# findings), read from the warm server right after the write, byte-identical to a fresh server's on
# the same database. Found afresh, and still right: a 组建方式 with a setting the figures read
# (first14_kept.sh patches what it covers, first24_kept.sh its 成立日期, first25_kept.sh where it is).
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

kept_warm /findings?rule=kind_too_small /findings?rule=committee_missing /findings?rule=term_overdue \
	/findings?rule=life_missing /api/v1/stats /reports/work.html

# an open organisation of MODE and KIND covering two or more operating enterprises (WHERE: more)
pick() {
	sql $DB "SELECT o.name FROM org o WHERE o.closed IS NULL AND o.mode = '$1' AND o.kind = '$2' $3
		AND (SELECT count(*) FROM coverage cv JOIN enterprise e ON e.id = cv.enterprise_id
		     WHERE cv.org_id = o.id AND cv.end_date IS NULL AND e.status = '在营') >= ${4:-1} ORDER BY o.id LIMIT 1"
}
count_of() { printf '%s\n' $2 | grep -cx "$1"; }
stat() { sql $DB "SELECT count(*) FROM org WHERE closed IS NULL AND $1"; }

# ---- a joint branch made 挂靠建: its enterprises' coverage counts, the statistics by mode ----
J=$(pick 联合建 党支部 "" 2)
[ -n "$J" ] && ok || fail "a joint branch covering two operating enterprises"
A0=$(stat "mode = '挂靠建'")
org "$J" 组建方式=挂靠建
eq "$(stat "mode = '挂靠建'")" $((A0 + 1)) "one more 挂靠建 organisation"
N_MODE=$(first_notes)
same "a joint branch made 挂靠建"

# ---- a branch made 党总支 (its kind findings) ----
K=$(pick 单独建 党支部 "AND o.has_committee = 1")
[ -n "$K" ] && ok || fail "a single branch with a committee"
org "$K" 组织类别=党总支
N_KIND=$(first_notes)
same "a branch made 党总支"
has "$WORK/fresh.$(path_at /findings?rule=kind_too_small)" "党总支只有正式党员"

# ---- 是否设支委会 cleared, 党小组数 set (its calendar: the year-earlier figures computed again) ----
C=$(pick 单独建 党支部 "AND o.has_committee = 1 AND o.name <> '$K'")
[ -n "$C" ] && ok || fail "another single branch with a committee"
org "$C" 是否设支委会=否 支委会人数= 党小组数=3
N_LIFE=$(first_notes)
same "是否设支委会 and 党小组数 changed"

# ---- 书记姓名 cleared and 本届任期开始 moved back (its own findings) ----
T=$(pick 联合建 党支部 "AND o.name <> '$J' AND o.founded < '2020-01-01' AND o.term_start > '2023-01-01'")
[ -n "$T" ] && ok || fail "another joint branch, founded before 2020, its term begun since 2023"
FOUNDED=$(sql $DB "SELECT founded FROM org WHERE name = '$T'")
org "$T" 书记姓名= "本届任期开始=$FOUNDED"
N_TERM=$(first_notes)
same "书记姓名 cleared, 本届任期开始 moved back"
has "$WORK/fresh.$(path_at /findings?rule=term_overdue)" "本届任期开始于 $FOUNDED"

# ---- another 上级党组织: no figure or finding reads it ----
PN=$(other_parent "$J")
[ -n "$PN" ] && ok || fail "another leadership body for $J"
org "$J" "上级党组织=$PN"
eq "$(sql $DB "SELECT p.name FROM org o JOIN org p ON p.id = o.parent_id WHERE o.name = '$J'")" "$PN" "$J under $PN"
N_PARENT=$(first_notes)
same "another 上级党组织"

# ---- not patched: a 组建方式 with a setting the figures read ----
org "$J" 组建方式=联合建
setting_changed
N_BOTH=$(first_notes)
same "a 组建方式 with a setting the figures read"

# ---- the patch was taken (the server's access log) ----
echo "computed by the first /findings, /plan, /: mode [$N_MODE], kind [$N_KIND], calendar [$N_LIFE], secretary and term [$N_TERM], parent [$N_PARENT]; control [$N_BOTH]" >&2
for n in "$N_MODE" "$N_KIND" "$N_LIFE" "$N_TERM" "$N_PARENT"; do
	notes_are "the first pages after an organisation's fields" "$n" "事实增量 问题增量" "事实载入 问题重查"
done
# the dashboard's year-earlier day reads each organisation's mode and kind of its own version, and
# its 是否设支委会 and 党小组数 as recorded today
eq "$(count_of 统计重算 "$N_MODE")" 1 "after a 组建方式: today's figures alone computed ($N_MODE)"
eq "$(count_of 统计重算 "$N_PARENT")" 1 "after a 上级党组织: today's figures alone computed ($N_PARENT)"
# (the plan names a new branch's parent: drawn again)
eq "$(count_of 方案重排 "$N_PARENT")" 1 "after a 上级党组织: the plan drawn again ($N_PARENT)"
eq "$(count_of 统计重算 "$N_LIFE")" 2 "after 是否设支委会: the year-earlier figures computed again ($N_LIFE)"
notes_are "the first pages after a 组建方式 with a setting the figures read" "$N_BOTH" "事实载入 问题重查" "事实增量 问题增量"
finish
