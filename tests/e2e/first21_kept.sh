#!/bin/sh
# Kept == recomputed over enterprises renamed (企业名称: web/cache.h; store_changes_since's
# STORE_ENT_NAME — no figure reads a name —, facts_patch keeping the facts as they are, check_patch
# finding again the findings that name the enterprise: its own, its members' 工作单位, its
# instructors' visits, its campaign tasks, its confirmed cross-match candidates; the plan drawn again
# when it names it): seven enterprises renamed in one import, each named by one kind of finding or by
# the plan, their new names sorting elsewhere; then one that nothing names, with its 从业人员数; then
# one the plan names alone. Each time each page and API (the dashboard, the statistics, the findings,
# the plan, figure sets, the work report, the enterprises' list; the street user's dashboard and
# findings), read from the warm server right after the write, is byte-identical to a fresh server's
# on the same database; and the command line's kept facts and findings (`fgdj stats`, `fgdj check`,
# `fgdj report work`) byte-identical to a load from the tables. The year-earlier figures are kept.
# Found afresh, and still right: a rename and a setting the figures read in one change.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

kept_warm /findings?rule=ledger_gap /findings?rule=lost_contact /findings?rule=pocket_member \
	/findings?rule=visit_missing /findings?rule=campaign_overdue /findings?rule=crossmatch_confirmed \
	/api/v1/findings?rule=lost_contact /api/v1/findings?rule=visit_missing /api/v1/stats /reports/work.html \
	/enterprises

# rename USCC:NAME...: those enterprises given those names in one import (updates)
rename() {
	"$FGDJ" export enterprises --unmasked --db $DB -o "$WORK/e.csv" >/dev/null 2>&1
	head -1 "$WORK/e.csv" >"$WORK/r.csv"
	for un in "$@"; do
		csv_row "$WORK/e.csv" 1 "${un%%:*}" "$WORK/r1.csv" 企业名称="${un#*:}"
		tail -n +2 "$WORK/r1.csv" >>"$WORK/r.csv"
	done
	run 0 "$FGDJ" import enterprises "$WORK/r.csv" --db $DB
	grep -q "更新 $#" "$WORK/out" && ok || fail "$# renamed: $(cat "$WORK/out")"
}

# ---- a confirmed cross-match candidate (its finding names the enterprise) ----
xm_confirm # (then the renames alone)

GAP=$(ent_named ledger_gap subject)
LOST=$(ent_named lost_contact detail)
POCKET=$(ent_named pocket_member detail)
VISIT=$(ent_named visit_missing detail)
TASK=$(ent_named campaign_overdue subject)
PLANNED=$(plan_ent)
for u in "$GAP" "$LOST" "$POCKET" "$VISIT" "$TASK" "${XM% *}" "$PLANNED"; do
	[ ${#u} = 18 ] && ok || fail "an enterprise named by each kind of finding and by the plan: '$u'"
done

# ---- seven renamed in one import: each finding naming one found again, sorted by its new name ----
rename "$GAP:阿甲台账测试有限公司" "$LOST:阿乙失联测试有限公司" "$POCKET:字丙口袋测试有限公司" \
	"$VISIT:阿丁走访测试有限公司" "$TASK:字戊排查测试有限公司" "${XM% *}:阿己名册测试有限公司" \
	"$PLANNED:阿庚方案测试有限公司"
N_SEVEN=$(first_notes)
same "seven enterprises renamed"
cli_same "seven enterprises renamed"
# (the findings pages show the first of many: the new names looked for in the findings found afresh)
for p in "ledger_gap 阿甲台账测试有限公司" "lost_contact 阿乙失联测试有限公司" "pocket_member 字丙口袋测试有限公司" \
	"visit_missing 阿丁走访测试有限公司" "campaign_overdue 字戊排查测试有限公司" "crossmatch_confirmed 阿己名册测试有限公司"; do
	FGDJ_FACTS_KEPT=0 "$FGDJ" check --format json --rule "${p% *}" --db $DB >"$WORK/rule.json" 2>/dev/null
	has "$WORK/rule.json" "${p#* }"
done
has "$WORK/fresh.$(path_at /plan)" 阿庚方案测试有限公司

# ---- one that no finding and no plan names, with its 从业人员数: the plan kept ----
FGDJ_FACTS_KEPT=0 "$FGDJ" check --format json --db $DB >"$WORK/named.txt" 2>/dev/null
"$FGDJ" plan joint --format json --db $DB >>"$WORK/named.txt" 2>/dev/null
PLAIN=$(sql $DB "SELECT e.uscc FROM enterprise e WHERE e.closed IS NULL AND e.status = '在营'
	AND EXISTS (SELECT 1 FROM coverage c WHERE c.enterprise_id = e.id AND c.end_date IS NULL)
	AND NOT EXISTS (SELECT 1 FROM assignment a WHERE a.enterprise_id = e.id) ORDER BY e.id LIMIT 200" |
	while read -r u; do grep -q "$u" "$WORK/named.txt" || { echo "$u"; break; }; done)
[ -n "$PLAIN" ] && ok || fail "a covered enterprise without instructors that no finding names"
"$FGDJ" export enterprises --unmasked --db $DB -o "$WORK/e.csv" >/dev/null 2>&1
csv_row "$WORK/e.csv" 1 "$PLAIN" "$WORK/p1.csv" 企业名称=阿辛无名测试有限公司 从业人员数=41
run 0 "$FGDJ" import enterprises "$WORK/p1.csv" --db $DB
grep -q '更新 1' "$WORK/out" && ok || fail "renamed with its 从业人员数: $(cat "$WORK/out")"
N_PLAIN=$(first_notes)
same "an enterprise nothing names renamed, with its 从业人员数"
cli_same "an enterprise nothing names renamed, with its 从业人员数"

# ---- the one the plan names, again ----
rename "$PLANNED:字壬方案测试有限公司"
N_PLAN=$(first_notes)
same "an enterprise the plan names renamed"
has "$WORK/fresh.$(path_at /plan)" 字壬方案测试有限公司
hasnt "$WORK/fresh.$(path_at /plan)" 阿庚方案测试有限公司

# ---- not patched: a rename and a setting the figures read ----
rename "$GAP:字癸台账测试有限公司"
setting_changed
N_BOTH=$(first_notes)
same "a rename and a setting the figures read"
has "$WORK/fresh.$(path_at /findings?rule=ledger_gap)" 字癸台账测试有限公司

# ---- the patch was taken (the server's access log) ----
echo "computed by the first /findings, /plan, /: seven [$N_SEVEN], nothing names [$N_PLAIN], plan [$N_PLAN]; control [$N_BOTH]" >&2
# (a name is no figure: the year-earlier figures kept, today's computed once)
patched_today "a rename" "$N_SEVEN" "$N_PLAIN" "$N_PLAN"
notes_are "the first pages after renames the plan names" "$N_SEVEN" "方案重排" ""
notes_are "the first pages after a rename the plan names" "$N_PLAN" "方案重排" ""
notes_are "the first pages after a rename nothing names" "$N_PLAIN" "" "方案重排"
notes_are "the first pages after a rename and a setting the figures read" "$N_BOTH" "事实载入 问题重查" "事实增量 问题增量"
finish
