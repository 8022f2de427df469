#!/bin/sh
# Kept == recomputed over writes of campaign tasks (排查任务: web/cache.h; store_changes_since's
# STORE_PARTY_TASK, facts_patch's party_reload_tasks, check_patch's party_tasks_patch): an overdue task
# completed (its finding goes), a completed one reopened (a finding comes), a completed one's 发现情况
# recorded (the campaign's figures) — the facts and findings patched each time, and each page and
# API (the dashboard, the statistics, the findings, the plan, figure sets, the work report; the
# street user's dashboard and findings), read from the warm server right after the write,
# byte-identical to a fresh server's on the same database; and the command line's kept facts and
# findings (`fgdj stats`, `fgdj check`, `fgdj report work`) byte-identical to a load from the tables.
# A past day's figures are kept when the campaigns written or named by the tasks written began after
# it, computed again otherwise (a campaign of last year and its task). Found afresh, and still
# right: a task and a setting the figures read in one change.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

kept_warm /findings?rule=campaign_overdue /api/v1/findings?rule=campaign_overdue /api/v1/stats /reports/work.html

count_of() { printf '%s\n' $2 | grep -cx "$1"; }
"$FGDJ" export tasks --db $DB -o "$WORK/tasks.csv" >/dev/null 2>&1
HEAD=$(head -1 "$WORK/tasks.csv")
# task ROW: one task (the export's columns) imported, changed
task() {
	printf '%s\n%s\n' "$HEAD" "$1" >"$WORK/t.csv"
	run 0 "$FGDJ" import tasks "$WORK/t.csv" --db $DB
	grep -q '更新 1' "$WORK/out" && ok || fail "task $1: $(cat "$WORK/out")"
}
overdue() { FGDJ_FACTS_KEPT=0 "$FGDJ" check --format json --rule campaign_overdue --db $DB 2>/dev/null | grep -c '"rule": "campaign_overdue"'; }
# a task's row of the export, by its state (plain comma split: the demo's cells hold no comma)
row_of() { awk -F, -v st="$1" '{ sub(/\r$/, "") } NR > 1 && $4 == st { print; exit }' "$WORK/tasks.csv"; }

# ---- an overdue task completed ----
OPEN=$(row_of 进行中)
[ -n "$OPEN" ] || OPEN=$(row_of 未开始)
[ -n "$OPEN" ] && ok || fail "a task not completed"
V0=$(overdue)
[ "$V0" -gt 0 ] && ok || fail "overdue tasks on the demo"
task "$(printf '%s\n' "$OPEN" | awk -F, -v OFS=, -v d="$FGDJ_TODAY" '{ $4 = "已完成"; $5 = d; print }')"
eq "$(overdue)" $((V0 - 1)) "one overdue task less"
N_DONE=$(first_notes)
same "an overdue task completed"
cli_same "an overdue task completed"

# ---- a completed task reopened ----
DONE=$(row_of 已完成)
[ -n "$DONE" ] && ok || fail "a completed task"
task "$(printf '%s\n' "$DONE" | awk -F, -v OFS=, '{ $4 = "进行中"; $5 = ""; print }')"
eq "$(overdue)" "$V0" "an overdue task more"
N_OPEN=$(first_notes)
same "a completed task reopened"
USCC=$(printf '%s\n' "$DONE" | cut -d, -f2)
NAME=$(sql $DB "SELECT name FROM enterprise WHERE uscc = '$USCC'")
has "$WORK/fresh.$(path_at /findings?rule=campaign_overdue)" "$NAME"

# ---- a completed task's 发现情况 recorded ----
DONE2=$(awk -F, '{ sub(/\r$/, "") } NR > 1 && $4 == "已完成" && $6 == "" && ++n == 2 { print; exit }' "$WORK/tasks.csv")
[ -n "$DONE2" ] && ok || fail "a second completed task without 发现情况"
task "$(printf '%s\n' "$DONE2" | awk -F, -v OFS=, '{ $6 = "发现未转组织关系的党员 1 名"; print }')"
N_FOUND=$(first_notes)
same "a completed task's 发现情况 recorded"
cli_same "a completed task's 发现情况 recorded"

# ---- a campaign of last year with a completed task: the year-earlier day reads it ----
printf '名称,牵头部门,配合部门,开始日期,截止日期,范围\n2025年测试排查,区委组织部,,2025-03-01,2025-10-31,\n' >"$WORK/c.csv"
run 0 "$FGDJ" import campaigns "$WORK/c.csv" --db $DB
printf '%s\n2025年测试排查,%s,测试,已完成,2025-06-01,发现口袋党员 1 名\n' "$HEAD" "$(printf '%s\n' "$DONE2" | cut -d, -f2)" >"$WORK/t.csv"
run 0 "$FGDJ" import tasks "$WORK/t.csv" --db $DB
grep -q '新增 1' "$WORK/out" && ok || fail "a task of last year's campaign: $(cat "$WORK/out")"
N_LAST=$(first_notes)
same "a campaign of last year with a task"
cli_same "a campaign of last year with a task"

# ---- not patched: a task and a setting the figures read ----
task "$OPEN"
setting_changed
N_BOTH=$(first_notes)
same "a task and a setting the figures read"

# ---- the patch was taken (the server's access log) ----
echo "computed by the first /findings, /plan, /: completed [$N_DONE], reopened [$N_OPEN], 发现情况 [$N_FOUND], last year's [$N_LAST]; control [$N_BOTH]" >&2
for n in "$N_DONE" "$N_OPEN" "$N_FOUND" "$N_LAST"; do
	notes_are "the first pages after a task" "$n" "事实增量 问题增量" "事实载入 问题重查"
done
# the year-earlier day: kept over the tasks of this year's campaign (begun after it), computed again
# over last year's campaign and its task (store_records_dated_from: a task by its campaign's start)
for n in "$N_DONE" "$N_OPEN" "$N_FOUND"; do
	eq "$(count_of 统计重算 "$n")" 1 "after a task of this year's campaign: today's figures alone computed ($n)"
done
eq "$(count_of 统计重算 "$N_LAST")" 2 "after last year's campaign: the year-earlier figures computed again ($N_LAST)"
notes_are "the first pages after a task and a setting the figures read" "$N_BOTH" "事实载入 问题重查" "事实增量 问题增量"
finish
