#!/bin/sh
# Kept == recomputed over an organisation's 成立日期 (web/cache.h; store_changes_since's STORE_ORG |
# STORE_ORG_LIFE — never later than today, it leaves today's links as they are, but decides the
# months its calendar asks for this year, its term when it has no 本届任期开始, and from when it
# covers its enterprises on a past day): a joint branch founded this September, then as before; a
# second joint branch with its 本届任期开始 cleared and its 成立日期 moved so that its term is over. Each
# time each page and API (the dashboard, the statistics, the findings, the plan, the work report; the
# street user's dashboard and findings), read from the warm server right after the write, is
# byte-identical to a fresh server's on the same database, and the command line's kept facts and
# findings byte-identical to a load from the tables; the year-earlier figures are computed again.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

kept_warm /findings?rule=life_missing /findings?rule=term_overdue /api/v1/stats /reports/work.html

# an open organisation of MODE covering two or more operating enterprises (WHERE: more)
pick() {
	sql $DB "SELECT o.name FROM org o WHERE o.closed IS NULL AND o.mode = '$1' $2
		AND (SELECT count(*) FROM coverage cv JOIN enterprise e ON e.id = cv.enterprise_id
		     WHERE cv.org_id = o.id AND cv.end_date IS NULL AND e.status = '在营') >= 2 ORDER BY o.id LIMIT 1"
}
# the figures a year earlier, from the tables
year_earlier() { FGDJ_FACTS_KEPT=0 "$FGDJ" stats --as-of 2025-11-26 --format json --db $DB 2>/dev/null; }
# patched WHAT NOTES: the facts and findings patched, the year-earlier figures computed again
patched() {
	notes_are "the first pages after $1" "$2" "事实增量 问题增量" "事实载入 问题重查"
	eq "$(count_of 统计重算 "$2")" 2 "after $1: today's and the year-earlier figures computed ($2)"
}

# ---- a joint branch founded this September: not a year ago, fewer months asked this year ----
J=$(pick 联合建 "AND o.founded < '2020-01-01'")
[ -n "$J" ] && ok || fail "a joint branch founded before 2020 covering two operating enterprises"
F0=$(sql $DB "SELECT founded FROM org WHERE name = '$J'")
T0=$(sql $DB "SELECT coalesce(term_start, '') FROM org WHERE name = '$J'")
year_earlier >"$WORK/ye0"
org "$J" 成立日期=2026-09-01 本届任期开始=2026-09-01 # (a term begins when the branch is founded, or later)
year_earlier >"$WORK/ye1"
cmp -s "$WORK/ye0" "$WORK/ye1" && fail "a year earlier the branch no longer counts" || ok
N_LATE=$(first_notes)
same "a joint branch founded this September"
cli_same "a joint branch founded this September"

# ---- founded as before ----
org "$J" "成立日期=$F0" "本届任期开始=$T0"
year_earlier >"$WORK/ye2"
cmp -s "$WORK/ye0" "$WORK/ye2" && ok || fail "a year earlier the branch counts again"
N_BACK=$(first_notes)
same "the joint branch founded as before"
cli_same "the joint branch founded as before"

# ---- 本届任期开始 cleared, 成立日期 six years ago: the term counts from the founding, and is over ----
T=$(pick 联合建 "AND o.kind = '党支部' AND o.term_start > '2024-01-01' AND o.name <> '$J'")
[ -n "$T" ] && ok || fail "another joint branch whose term began since 2024"
org "$T" 本届任期开始= 成立日期=2020-05-01
N_TERM=$(first_notes)
same "本届任期开始 cleared, 成立日期 moved back"
cli_same "本届任期开始 cleared, 成立日期 moved back"
has "$WORK/fresh.$(path_at /findings?rule=term_overdue)" "$T"

# ---- one enterprise fewer and 成立日期 moved in one write (STORE_ORG_COVER with it) ----
COV=$(sql $DB "SELECT e.uscc FROM coverage cv JOIN enterprise e ON e.id = cv.enterprise_id
	JOIN org o ON o.id = cv.org_id WHERE o.name = '$J' AND cv.end_date IS NULL ORDER BY e.uscc" | awk 'NR > 1 { printf "%s%s", (n++ ? "；" : ""), $0 }')
[ -n "$COV" ] && ok || fail "the joint branch keeps an enterprise"
org "$J" "覆盖企业=$COV" 成立日期=2026-10-01 本届任期开始=2026-10-01
N_COV=$(first_notes)
same "one enterprise fewer and 成立日期 moved"
cli_same "one enterprise fewer and 成立日期 moved"

# ---- the patch was taken (the server's access log) ----
echo "computed by the first /findings, /plan, /: founded late [$N_LATE], back [$N_BACK], term [$N_TERM], covers [$N_COV]" >&2
patched "a 成立日期 this year" "$N_LATE"
patched "a 成立日期 as before" "$N_BACK"
patched "本届任期开始 cleared with a 成立日期" "$N_TERM"
patched "覆盖企业 with a 成立日期" "$N_COV"
finish
