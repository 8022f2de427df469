#!/bin/sh
# Kept == recomputed over writes of ratings, funding, designations and venues (web/cache.h;
# store_changes_since's STORE_PARTY_RECOG, facts_patch's party_reload_recog, check_patch's
# party_recog_patch): a standard venue without its flag (its organisation's venue_missing comes), an
# award far out of its stars' range (funding_out_of_range comes), a rating of this year (the stars'
# figures, the five-star quota), a designation granted — the facts and findings patched each time,
# and each page and API (the dashboard, the statistics, the findings, the plan, figure sets, the work
# report; the street user's dashboard and findings), read from the warm server right after the
# write, byte-identical to a fresh server's on the same database; and the command line's kept facts
# and findings (`fgdj stats`, `fgdj check`, `fgdj report work`) byte-identical to a load from the
# tables. A past day's figures are kept when every record written is dated after it, computed again
# otherwise (store_records_dated_from). Found afresh, and still right: a venue and a setting the figures read
# in one change.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

kept_warm /findings?rule=venue_missing /findings?rule=funding_out_of_range /findings?rule=star_quota \
	/api/v1/stats /reports/work.html

count_of() { printf '%s\n' $2 | grep -cx "$1"; }
# put LEDGER HEADER ROW: one record of that ledger imported (added or changed)
put() {
	printf '%s\n%s\n' "$2" "$3" >"$WORK/r.csv"
	run 0 "$FGDJ" import "$1" "$WORK/r.csv" --db $DB
	grep -q '新增 1\|更新 1' "$WORK/out" && ok || fail "$1 $3: $(cat "$WORK/out")"
}
# the export's header and the first row whose COLUMNth column is KEY (plain comma split)
export_of() { "$FGDJ" export "$1" --unmasked --db $DB -o "$WORK/$1.csv" >/dev/null 2>&1; }
head_of() { head -1 "$WORK/$1.csv" | tr -d '\r'; }
row_at() { awk -F, -v c="$2" -v k="$3" '{ sub(/\r$/, "") } NR > 1 && $c == k { print; exit }' "$WORK/$1.csv"; }
found_of() { FGDJ_FACTS_KEPT=0 "$FGDJ" check --format json --rule "$1" --db $DB 2>/dev/null | grep -c "\"rule\": \"$1\""; }
# an active organisation (covering an operating enterprise)
ACTIVE="SELECT 1 FROM coverage cv JOIN enterprise e ON e.id = cv.enterprise_id WHERE cv.org_id = o.id
	AND cv.end_date IS NULL AND e.status = '在营'"

# ---- a standard venue of an active organisation without its flag (有党旗 否) ----
export_of venues
VORG=$(sql $DB "SELECT o.name FROM venue v JOIN org o ON o.id = v.org_id WHERE v.recognised <= '$FGDJ_TODAY'
	AND v.site = 1 AND v.facilities = 1 AND v.sign = 1 AND v.flag = 1 AND v.books = 1 AND v.rules = 1
	AND v.area >= 200 AND o.closed IS NULL AND o.mode <> '上级机关' AND EXISTS ($ACTIVE) ORDER BY o.id LIMIT 1")
[ -n "$VORG" ] && ok || fail "a standard venue of an active organisation"
V0=$(found_of venue_missing)
put venues "$(head_of venues)" "$(row_at venues 1 "$VORG" | awk -F, -v OFS=, '{ $7 = "否"; print }')"
eq "$(found_of venue_missing)" $((V0 + 1)) "one venue_missing more"
N_VENUE=$(first_notes)
same "a venue without its flag"
cli_same "a venue without its flag"
FGDJ_FACTS_KEPT=0 "$FGDJ" check --format json --rule venue_missing --db $DB >"$WORK/vm.json" 2>/dev/null
has "$WORK/vm.json" "$VORG"

# ---- an award far out of its stars' range ----
export_of funding
FORG=$(sql $DB "SELECT o.name FROM org o WHERE o.closed IS NULL AND EXISTS ($ACTIVE)
	AND EXISTS (SELECT 1 FROM rating r WHERE r.org_id = o.id) ORDER BY o.id LIMIT 1")
[ -n "$FORG" ] && ok || fail "a rated active organisation"
put funding "$(head_of funding)" "$FORG,$FGDJ_TODAY,星级奖励,999999.00,测试〔2026〕1号"
N_AWARD=$(first_notes)
same "an award out of range"
has "$WORK/fresh.$(path_at /findings?rule=funding_out_of_range)" "$FORG"

# ---- a rating of this year (the highest score of the earlier ones) ----
export_of ratings
RROW=$(awk -F, '{ sub(/\r$/, "") } NR > 1 { print $(NF - 1) "|" $0 }' "$WORK/ratings.csv" | sort -t'|' -k1,1 -rn | head -1 | cut -d'|' -f2-)
RORG=$(sql $DB "SELECT o.name FROM org o WHERE o.closed IS NULL AND EXISTS ($ACTIVE)
	AND NOT EXISTS (SELECT 1 FROM rating r WHERE r.org_id = o.id) ORDER BY o.id LIMIT 1")
[ -n "$RORG" ] && ok || fail "an unrated active organisation"
put ratings "$(head_of ratings)" "$(printf '%s\n' "$RROW" | awk -F, -v OFS=, -v o="$RORG" -v d="$FGDJ_TODAY" '{ $1 = o; $2 = 2026; $3 = d; print }')"
N_RATING=$(first_notes)
same "a rating of this year"
cli_same "a rating of this year"

# ---- a designation granted ----
export_of designations
DROW=$(awk -F, '{ sub(/\r$/, "") } NR > 1 && $6 == "" { print; exit }' "$WORK/designations.csv")
put designations "$(head_of designations)" "$(printf '%s\n' "$DROW" | awk -F, -v OFS=, -v d="$FGDJ_TODAY" '{ $2 = "测试" $2; $5 = d; print }')"
N_DESIG=$(first_notes)
same "a designation granted"

# ---- not patched: a venue and a setting the figures read ----
put venues "$(head_of venues)" "$(row_at venues 1 "$VORG")"
setting_changed
N_BOTH=$(first_notes)
same "a venue and a setting the figures read"

# ---- the patch was taken (the server's access log) ----
echo "computed by the first /findings, /plan, /: venue [$N_VENUE], award [$N_AWARD], rating [$N_RATING], designation [$N_DESIG]; control [$N_BOTH]" >&2
for n in "$N_VENUE" "$N_AWARD" "$N_RATING" "$N_DESIG"; do
	notes_are "the first pages after a rating, funding, designation or venue" "$n" "事实增量 问题增量" "事实载入 问题重查"
done
# the year-earlier day: computed again after the venue's undated 有党旗, kept after the award, the
# rating and the designation, each dated today (store_records_dated_from)
eq "$(count_of 统计重算 "$N_VENUE")" 2 "after a venue's undated field: the year-earlier figures computed again ($N_VENUE)"
for n in "$N_AWARD" "$N_RATING" "$N_DESIG"; do
	eq "$(count_of 统计重算 "$n")" 1 "after a record dated today: today's figures alone computed ($n)"
done
notes_are "the first pages after a venue and a setting the figures read" "$N_BOTH" "事实载入 问题重查" "事实增量 问题增量"
finish
