#!/bin/sh
# Kept == recomputed over writes of secretary records (web/cache.h; store_changes_since's
# STORE_PARTY_SEC, facts_patch's party_reload_secs, check_patch's party_secs_patch and the study
# findings compared whole): a branch's secretary, a member, leaves office (its secretary_missing
# finding comes; the member's hours required are a member's again), a new secretary takes office (the
# finding goes; the branch's 书记姓名 written too), the first one's 是否双强 changed, the new one leaving
# as the branch's 书记姓名 is cleared (its findings found again as an organisation's, and as a
# secretary's: its secretary_missing once) — the facts and findings patched each time, and each
# page and API (the dashboard, the statistics, the findings, the plan, figure sets, the work report;
# the street user's dashboard and findings), read from the warm server right after the write,
# byte-identical to a fresh server's on the same database; and the command line's kept facts and
# findings (`fgdj stats`, `fgdj check`, `fgdj report work`) byte-identical to a load from the tables.
# Found afresh, and still right: a secretary record and a setting the figures read
# in one change.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

kept_warm /findings?rule=secretary_missing /api/v1/findings?rule=secretary_missing \
	/api/v1/findings?rule=study_short /api/v1/stats /reports/work.html

count_of() { printf '%s\n' $2 | grep -cx "$1"; }
# secretary ROW: one secretary record (the export's columns) imported, added or changed
HEAD=$("$FGDJ" export secretaries --unmasked --db $DB 2>/dev/null | head -1)
secretary() {
	printf '%s\n%s\n' "$HEAD" "$1" >"$WORK/sec.csv"
	run 0 "$FGDJ" import secretaries "$WORK/sec.csv" --db $DB
	grep -q '新增 1\|更新 1' "$WORK/out" && ok || fail "secretary $1: $(cat "$WORK/out")"
}
missing() { FGDJ_FACTS_KEPT=0 "$FGDJ" check --format json --rule secretary_missing --db $DB 2>/dev/null | grep -c '"rule": "secretary_missing"'; }
cli_same "before" # (keeps today's facts and findings)

# ---- a branch's current secretary, a member of it, leaves office ----
# (a branch's current secretary, a member by ID number short of the hours a secretary studies: its
# study finding's detail changes with its office)
"$FGDJ" check --format json --rule study_short --unmasked --db $DB 2>/dev/null |
	sed -n 's/.*"key": "study_short\/\([0-9X]*\)".*/\1/p' >"$WORK/short.txt"
ROW=$("$FGDJ" export secretaries --unmasked --db $DB 2>/dev/null |
	awk -F, 'NR == FNR { short[$1] = 1; next } FNR > 1 && short[$3] && $5 == "" && $1 ~ /支部$/ { print; exit }' "$WORK/short.txt" -)
[ -n "$ROW" ] && ok || fail "a branch's current secretary short of its study hours"
ORG=${ROW%%,*}
M0=$(missing)
secretary "$(printf '%s' "$ROW" | awk -F, -v OFS=, '{ $5 = "2026-11-20"; print }')"
eq "$(missing)" $((M0 + 1)) "one organisation more without a secretary"
N_LEFT=$(first_notes)
same "a secretary left office"
cli_same "a secretary left office"
has "$WORK/fresh.$(path_at /api/v1/findings?rule=secretary_missing)" "$ORG"

# ---- a new secretary takes office (a member employed by an enterprise the branch covers) ----
NEWSEC=$(sql $DB "SELECT m.name || ',' || m.idno FROM member m JOIN coverage cv ON cv.enterprise_id = m.employer_id
	AND cv.end_date IS NULL JOIN org o ON o.id = cv.org_id WHERE o.name = '$ORG' AND m.closed IS NULL
	AND m.status = '正式党员' AND m.idno <> '$(printf '%s' "$ROW" | cut -d, -f3)' ORDER BY m.id LIMIT 1")
[ -n "$NEWSEC" ] && ok || fail "another formal member at $ORG"
secretary "$ORG,$NEWSEC,2026-11-21,,内选,否,否,"
eq "$(missing)" "$M0" "as many organisations without a secretary as before"
N_NEW=$(first_notes)
same "a new secretary"
cli_same "a new secretary"

# ---- the first one's 是否双强 changed (the figures only) ----
secretary "$(printf '%s' "$ROW" | awk -F, -v OFS=, '{ $5 = "2026-11-20"; $7 = ($7 == "是" ? "否" : "是"); print }')"
N_DUAL=$(first_notes)
same "是否双强 changed"

# ---- the new one leaves office too, the branch's 书记姓名 cleared (the organisation's findings found
# again: its secretary_missing found once) ----
secretary "$ORG,$NEWSEC,2026-11-21,2026-11-25,内选,否,否,"
"$FGDJ" export orgs --db $DB -o "$WORK/o.csv" >/dev/null 2>&1
csv_row "$WORK/o.csv" 1 "$ORG" "$WORK/o1.csv" 书记姓名=
run 0 "$FGDJ" import orgs "$WORK/o1.csv" --db $DB
N_BOTH_LEFT=$(first_notes)
same "the new one left, 书记姓名 cleared"
eq "$(grep -c "\"subject\": \"$ORG\"" "$WORK/fresh.$(path_at /api/v1/findings?rule=secretary_missing)")" 1 \
	"$ORG without a secretary, once"

# ---- not patched: a secretary record and a setting the figures read ----
secretary "$ORG,$NEWSEC,2026-11-21,,内选,是,否,"
setting_changed
N_BOTH=$(first_notes)
same "a secretary record and a setting the figures read"
cli_same "a secretary record and a setting the figures read"

# ---- the patch was taken (the server's access log) ----
echo "computed by the first /findings, /plan, /: left [$N_LEFT], new [$N_NEW], 双强 [$N_DUAL], left with 书记姓名 [$N_BOTH_LEFT]; control [$N_BOTH]" >&2
for n in "$N_LEFT" "$N_NEW" "$N_DUAL" "$N_BOTH_LEFT"; do
	notes_are "the first pages after a secretary record" "$n" "事实增量 问题增量" "事实载入 问题重查"
	# (the year-earlier day kept: every secretary record written is dated since, by its 任职日期
	# in its key at least — store_records_dated_from)
	eq "$(count_of 统计重算 "$n")" 1 "after a secretary record of this year: today's figures alone computed ($n)"
done
notes_are "the first pages after a secretary record and a setting the figures read" "$N_BOTH" "事实载入 问题重查" "事实增量 问题增量"
finish
