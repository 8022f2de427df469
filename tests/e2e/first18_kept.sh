#!/bin/sh
# Kept == recomputed over changes of what instructors guide (指导企业: web/cache.h; store_changes_since's
# STORE_INS_COVER — the enterprises whose assignments started or ended today —, facts_patch's
# assignments of those enterprises read again and replaced with the year's assignments
# (party_reload_visits), check_patch's enterprise rules): an instructor
# guiding one enterprise less, then that one again and a large enterprise that had no organisation
# and no instructor (its big_no_instructor finding goes), then an enterprise of the street user's
# street — the facts and findings patched each time, and each page and API (the dashboard, the
# statistics, the findings, the plan, figure sets, the work report; the street user's dashboard and
# findings), read from the warm server right after the write, byte-identical to a fresh server's on
# the same database; and the command line's kept facts and findings (`fgdj stats`, `fgdj check`,
# `fgdj report work`) byte-identical to a load from the tables. A past day's figures are kept: an
# assignment added starts today, one dropped ends today. Found afresh, and still right: a change of
# 指导企业 and a setting the figures read in one change.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

kept_warm /findings?rule=big_no_instructor /findings?rule=visit_missing /api/v1/findings?rule=visit_missing \
	/api/v1/stats /reports/work.html

count_of() { printf '%s\n' $2 | grep -cx "$1"; }
"$FGDJ" export instructors --unmasked --db $DB -o "$WORK/ins.csv" >/dev/null 2>&1
IHEAD=$(head -1 "$WORK/ins.csv" | tr -d '\r')
# an instructor guiding two or more enterprises (the first), its row and 指导企业
IROW=$(awk -F, '{ sub(/\r$/, "") } NR > 1 && $4 ~ /；/ && $6 == "" { print; exit }' "$WORK/ins.csv")
[ -n "$IROW" ] && ok || fail "an instructor guiding two enterprises"
COV=$(printf '%s\n' "$IROW" | cut -d, -f4)
# guide COVERS: the instructor's row imported with those 指导企业
guide() {
	printf '%s\n%s\n' "$IHEAD" "$(printf '%s\n' "$IROW" | awk -F, -v OFS=, -v c="$1" '{ $4 = c; print }')" >"$WORK/i1.csv"
	run 0 "$FGDJ" import instructors "$WORK/i1.csv" --db $DB
	grep -q '更新 1' "$WORK/out" && ok || fail "instructor $1: $(cat "$WORK/out")"
}
big() { FGDJ_FACTS_KEPT=0 "$FGDJ" check --format json --rule big_no_instructor --db $DB 2>/dev/null | grep -c '"rule": "big_no_instructor"'; }
SID=$(sql $DB "SELECT id FROM region WHERE level = 'street' AND name = '$STREET'")

# ---- one enterprise less ----
guide "${COV%；*}"
N_LESS=$(first_notes)
same "an instructor guiding one enterprise less"

# ---- that one again, and a large enterprise without an organisation or an instructor ----
B0=$(big)
[ "$B0" -gt 0 ] && ok || fail "big_no_instructor findings on the demo"
BIG=$(FGDJ_FACTS_KEPT=0 "$FGDJ" check --format json --rule big_no_instructor --db $DB 2>/dev/null |
	sed -n 's/.*"subject": ".*（\([0-9A-Z]*\)）",$/\1/p' | head -1)
[ -n "$BIG" ] && ok || fail "a large enterprise without an instructor"
guide "$COV；$BIG"
eq "$(big)" $((B0 - 1)) "one big_no_instructor less"
N_MORE=$(first_notes)
same "an instructor guiding a large enterprise without one"
cli_same "an instructor guiding a large enterprise without one"

# ---- an enterprise of the street user's street ----
T=$(sql $DB "SELECT e.uscc FROM enterprise e JOIN region c ON c.id = e.community_id WHERE c.parent_id = $SID
	AND e.status = '在营' AND e.closed IS NULL ORDER BY e.id LIMIT 1")
[ -n "$T" ] && ok || fail "an operating enterprise of $STREET"
guide "$COV；$BIG；$T"
N_STREET=$(first_notes)
NS_STREET=$(notes_of jj /findings /)
same "an instructor guiding an enterprise of the street user's street"
cli_same "an instructor guiding an enterprise of the street user's street"

# ---- not patched: 指导企业 and a setting the figures read ----
guide "$COV"
setting_changed
N_BOTH=$(first_notes)
same "a change of 指导企业 and a setting the figures read"

# ---- the patch was taken (the server's access log) ----
echo "computed by the first /findings, /plan, /: less [$N_LESS], more [$N_MORE], street [$N_STREET] (street user [$NS_STREET]); control [$N_BOTH]" >&2
for n in "$N_LESS" "$N_MORE" "$N_STREET" "$NS_STREET"; do
	notes_are "the first pages after a change of 指导企业" "$n" "事实增量 问题增量" "事实载入 问题重查"
done
for n in "$N_LESS" "$N_MORE" "$N_STREET"; do
	eq "$(count_of 统计重算 "$n")" 1 "after a change of 指导企业: today's figures alone computed ($n)"
done
notes_are "the first pages after 指导企业 and a setting the figures read" "$N_BOTH" "事实载入 问题重查" "事实增量 问题增量"
finish
