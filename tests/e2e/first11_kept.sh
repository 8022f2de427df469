#!/bin/sh
# Kept == recomputed over writes of development records (web/cache.h; store_changes_since's
# STORE_PARTY_DEV, facts_patch's party_reload_devs, check_patch's party_devs_patch): an applicant added
# (the development figures), a development object's 集中培训学时 cut (a dev_violation finding), the
# same record put right again — the facts and findings patched each time, and each page and API (the
# dashboard, the statistics, the findings, the plan, figure sets, the work report; the street user's
# dashboard and findings), read from the warm server right after the write, byte-identical to a fresh
# server's on the same database; and the command line's kept facts and findings (`fgdj stats`, `fgdj
# check`, `fgdj report work`) byte-identical to a load from the tables. Found afresh, and still right:
# a development record and a setting the figures read in one change.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

kept_warm /findings?rule=dev_violation /api/v1/findings?rule=dev_violation /api/v1/stats /reports/work.html

count_of() { printf '%s\n' $2 | grep -cx "$1"; }
# devs: the dev_violation findings of `fgdj check`
devs() { FGDJ_FACTS_KEPT=0 "$FGDJ" check --format json --db $DB 2>/dev/null | grep -c '"rule": "dev_violation"'; }
# dev ROW: one development record (the export's columns) imported, added or changed
HEAD=$("$FGDJ" export development --unmasked --db $DB 2>/dev/null | head -1)
dev() {
	printf '%s\n%s\n' "$HEAD" "$1" >"$WORK/dv.csv"
	run 0 "$FGDJ" import development "$WORK/dv.csv" --db $DB
	grep -q '新增 1\|更新 1' "$WORK/out" && ok || fail "development $1: $(cat "$WORK/out")"
}
cli_same "before" # (keeps today's facts and findings)

# ---- an applicant added (the development figures) ----
# an operating enterprise and the organisation covering it
EO=$(sql $DB "SELECT e.uscc || ',' || o.name FROM enterprise e JOIN coverage cv ON cv.enterprise_id = e.id AND cv.end_date IS NULL
	JOIN org o ON o.id = cv.org_id WHERE e.status = '在营' AND e.closed IS NULL AND o.closed IS NULL ORDER BY e.id LIMIT 1")
[ -n "$EO" ] && ok || fail "an enterprise an organisation covers"
ID=$(echo 33021219950315271 | awk '{ split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " "); s = 0
	for (i = 1; i <= 17; i++) s += substr($1, i, 1) * w[i]
	printf "%s%s\n", $1, substr("10X98765432", s % 11 + 1, 1) }')
A0=$(sql $DB "SELECT count(*) FROM development")
dev "测试申请人,$ID,$EO,2026-10-08,,,,,,,,,,,,,,,否"
eq "$(sql $DB "SELECT count(*) FROM development")" $((A0 + 1)) "one development record more"
N_ADD=$(first_notes)
same "an applicant added"
cli_same "an applicant added"

# ---- a development object's 集中培训学时 cut to 2 (a dev_violation finding) ----
V0=$(devs)
ROW=$("$FGDJ" export development --unmasked --db $DB 2>/dev/null | awk -F, 'NR > 1 && $8 != "" && $17 >= 30 { print; exit }')
[ -n "$ROW" ] && ok || fail "a development object with 30 hours of training or more"
dev "$(printf '%s' "$ROW" | awk -F, -v OFS=, '{ $17 = 2; print }')"
[ "$(devs)" -gt "$V0" ] && ok || fail "one dev_violation more ($V0 → $(devs))"
N_BAD=$(first_notes)
same "集中培训学时 cut"
cli_same "集中培训学时 cut"

# ---- the same record put right again ----
dev "$ROW"
eq "$(devs)" "$V0" "the dev_violation findings as before"
N_FIX=$(first_notes)
same "the record put right"

# ---- not patched: a development record and a setting the figures read ----
dev "测试申请人,$ID,$EO,2026-10-09,,,,,,,,,,,,,,,否"
setting_changed
N_BOTH=$(first_notes)
same "a development record and a setting the figures read"
cli_same "a development record and a setting the figures read"

# ---- the patch was taken (the server's access log) ----
echo "computed by the first /findings, /plan, /: added [$N_ADD], violation [$N_BAD], put right [$N_FIX]; control [$N_BOTH]" >&2
for n in "$N_ADD" "$N_BAD" "$N_FIX"; do
	notes_are "the first pages after a development record" "$n" "事实增量 问题增量" "事实载入 问题重查"
done
# the year-earlier day: kept after a record all dated since (store_records_dated_from), computed
# again after an update of an undated field (集中培训学时) of a record dated before it
eq "$(count_of 统计重算 "$N_ADD")" 1 "after a record of this year: today's figures alone computed ($N_ADD)"
for n in "$N_BAD" "$N_FIX"; do
	eq "$(count_of 统计重算 "$n")" 2 "after an undated field: the year-earlier figures computed again ($n)"
done
notes_are "the first pages after a development record and a setting the figures read" "$N_BOTH" "事实载入 问题重查" "事实增量 问题增量"
finish
