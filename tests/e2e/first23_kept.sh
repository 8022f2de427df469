#!/bin/sh
# Kept == recomputed over enterprises moved in a city of two districts (the hand-made city of
# tests/fixtures/territory: web/cache.h; STORE_ENT_PLACE): the single-build company 梧埭智造 of
# 临江区 (its branch, placed in 临江区, has findings) moved to 江北区 and back, and 三墩餐饮 moved
# within 临江区. The city's administrator's values: the facts loaded afresh when an enterprise
# changes district (facts_patch), the findings patched (the whole city keeps every enterprise); the
# user of 临江区: the district loses the company and its branch's findings, so its findings are
# found afresh (check.c region_keeps_moves). Each time each page and API of both users, read from
# the warm server right after the write, is byte-identical to a fresh server's on the same
# database, and the command line's kept figures and findings are those loaded from the tables. A
# year ago the company still counts in 临江区 (a city's history writes 所属区县 apart from 所属街道).
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

DB=t.db
territory_city $DB
# a meeting of each organisation this year (their calendars: life findings for the rest)
{ echo '党组织名称,活动类型,日期,主题'; tail -n +2 "$FIX/territory/orgs.csv" | cut -d, -f1 | sed 's/$/,党课,2026-03-10,三月党课/'; } >meetings.csv
run 0 "$FGDJ" import meetings meetings.csv --db $DB
add_user boss admin
add_user ld district 临江区
KEPT_ARGS="--refresh-after 0"
start_server $DB $KEPT_ARGS
api_login boss bj
api_login ld jj # (snap reads the second user's dashboard and findings by this jar)
PATHS="/ /findings /api/v1/findings /api/v1/stats /plan /api/v1/plan /reports/work.html /enterprises"
snap warm
BRANCH=中共梧埭智造有限公司支部委员会
has "$WORK/warm.street-findings" "$BRANCH"

# move USCC STREET COMMUNITY: that enterprise's row with that place (and the street's district),
# imported (an update)
move() {
	"$FGDJ" export enterprises --db $DB -o "$WORK/e.csv" >/dev/null 2>&1
	csv_row "$WORK/e.csv" 1 "$1" "$WORK/e1.csv" 所属区县="${2%%/*}" 所属街道="$2" 所属社区="$3"
	run 0 "$FGDJ" import enterprises "$WORK/e1.csv" --db $DB
	grep -q '更新 1' "$WORK/out" && ok || fail "moved $1: $(cat "$WORK/out")"
}
in_district() { sql $DB "SELECT r.name FROM enterprise e JOIN region r ON r.id = e.district_id WHERE e.uscc = '$1'"; }

# ---- 梧埭智造 to 江北区: 临江区 loses it, and its branch's findings ----
move 91330106MA20002034 江北区/双峰街道 梧埭社区
eq "$(in_district 91330106MA20002034)" 江北区 "梧埭智造 in 江北区"
N_AWAY=$(first_notes)
ND_AWAY=$(notes_of jj /findings /)
same "梧埭智造 moved to 江北区"
cli_same "梧埭智造 moved to 江北区"
hasnt "$WORK/fresh.street-findings" "$BRANCH"
# a year ago the company was in 临江区 (its version then: 所属区县 is written apart from 所属街道)
in_scope() { FGDJ_FACTS_KEPT=0 "$FGDJ" stats --region "$1" --as-of 2025-11-26 --format json --db $DB 2>/dev/null |
	sed -n 's/^  "enterprises_in_scope": \([0-9]*\),$/\1/p'; }
eq "$(in_scope 临江区) $(in_scope 江北区)" "3 1" "a year ago: 临江区 and 江北区 as they were"

# ---- back to 临江区 ----
move 91330106MA20002034 临江区/双峰街道 梧埭社区
N_BACK=$(first_notes)
ND_BACK=$(notes_of jj /findings /)
same "梧埭智造 back in 临江区"
cli_same "梧埭智造 back in 临江区"
has "$WORK/fresh.street-findings" "$BRANCH"

# ---- 三墩餐饮 within 临江区 (to 东城街道): patched for the whole city ----
move 91330106MA20002702 临江区/东城街道 幸福社区
N_WITHIN=$(first_notes)
same "三墩餐饮 moved within 临江区"
cli_same "三墩餐饮 moved within 临江区"

echo "computed by the first /findings, /plan, /: away [$N_AWAY] (临江区 [$ND_AWAY]), back [$N_BACK] (临江区 [$ND_BACK]), within [$N_WITHIN]" >&2
# (another district: the facts loaded afresh, the city's findings patched; the district's found afresh)
for n in "$N_AWAY" "$N_BACK"; do
	notes_are "the city's first pages after a move to another district" "$n" "事实载入 问题增量" "事实增量 问题重查"
done
for n in "$ND_AWAY" "$ND_BACK"; do
	notes_are "the district's first pages after a move to or from another district" "$n" "问题重查" "问题增量"
done
patched_today "a move within a district" "$N_WITHIN"
finish
