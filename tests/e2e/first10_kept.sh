#!/bin/sh
# Kept == recomputed over new enterprises that no other record names (web/cache.h; store_changes_since's
# STORE_ENT_NEW, facts_patch's index grown to the new id ceiling, the enterprise placed among the others
# as a reopened one is; check_patch runs the enterprise rules for it alone): a small one founded before
# the dashboard's year-earlier day (those figures computed again: a past day counts it), one of 60
# employees without members founded this year (its findings; the year-earlier figures kept), in a
# street user's street — the facts and findings patched each time, and each page and API (the
# dashboard, the statistics, the findings, the plan, figure sets, the work report; the street user's
# dashboard and findings), read from the warm server right after the write, byte-identical to a fresh
# server's on the same database; and the command line's kept facts and findings (`fgdj stats`, `fgdj
# check`) byte-identical to a load from the tables. Found afresh, and still right: a new enterprise
# with a new member it employs in one change (a record names it).
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

kept_warm /findings?rule=ledger_gap /findings?rule=big_no_instructor /api/v1/findings?rule=big_no_instructor \
	/api/v1/stats /reports/work.html /enterprises

# uscc N: a valid credit code numbered N: its organisation code's check character (GB 11714) and its own
# (GB 32100)
uscc() {
	printf '913302120A7K%04d\n' "$1" | awk '{ cs = "0123456789ABCDEFGHJKLMNPQRTUWXY"; al = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		split("3 7 9 10 5 8 4 2", o, " "); s = 0
		for (i = 1; i <= 8; i++) s += (index(al, substr($1, 8 + i, 1)) - 1) * o[i]
		c = 11 - s % 11; body = $1 (c == 10 ? "X" : c == 11 ? "0" : c)
		split("1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28", w, " ")
		s = 0; for (i = 1; i <= 17; i++) s += (index(cs, substr(body, i, 1)) - 1) * w[i]
		c = 31 - s % 31; if (c == 31) c = 0; printf "%s%s\n", body, substr(cs, c + 1, 1) }'
}
"$FGDJ" export enterprises --unmasked --db $DB -o "$WORK/e.csv" >/dev/null 2>&1
COMM=$(sql $DB "SELECT s.name || ',' || c.name FROM region c JOIN region s ON s.id = c.parent_id
	WHERE c.level = 'community' AND s.name = '$STREET' ORDER BY c.id LIMIT 1")
[ -n "$COMM" ] && ok || fail "a community of $STREET"
# new N NAME EMPLOYEES FOUNDED: an enterprise of that name, credit code, size and founding day in
# $COMM, imported (an insert); its credit code in $NEW
new() {
	NEW=$(uscc "$1")
	{ head -1 "$WORK/e.csv"
	  printf '%s,%s,%s,,,制造业,在营,%s,是,100,测试出资人,否,%s,,,,,\n' "$NEW" "$2" "$COMM" "$3" "$4"; } >"$WORK/n.csv"
	run 0 "$FGDJ" import enterprises "$WORK/n.csv" --db $DB
	grep -q '新增 1' "$WORK/out" && ok || fail "new enterprise $2: $(cat "$WORK/out")"
}
count_of() { printf '%s\n' $2 | grep -cx "$1"; }
cli_same "before" # (keeps the facts and findings of today)

# ---- a small enterprise founded in 2019 (the year-earlier figures computed again) ----
new 1 测试新登记甲有限公司 8 2019-05-01
N_OLD=$(first_notes)
same "a small enterprise founded in 2019"
cli_same "a small enterprise founded in 2019"

# ---- one of 60 employees without members founded this year: its findings ----
new 2 测试新登记乙制造有限公司 60 2026-03-01
N_BIG=$(first_notes)
same "an enterprise of 60 employees"
cli_same "an enterprise of 60 employees"
has "$WORK/fresh.$(path_at /findings?rule=big_no_instructor)" "测试新登记乙制造有限公司"
has "$WORK/fresh.$(path_at /api/v1/findings?rule=big_no_instructor)" "测试新登记乙制造有限公司"
has "$WORK/fresh.street-findings" "测试新登记乙制造有限公司"

# ---- not patched: a new enterprise and a new member it employs in one change ----
new 3 测试新登记丙有限公司 12 2020-01-01
ID=$(sql $DB "SELECT idno FROM member WHERE closed IS NULL ORDER BY id LIMIT 1" | sed 's/^\(.*\)....$/\1/')
ID=$(echo "${ID}777" | awk '{ split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " "); s = 0
	for (i = 1; i <= 17; i++) s += substr($1, i, 1) * w[i]
	printf "%s%s\n", $1, substr("10X98765432", s % 11 + 1, 1) }')
printf '%s\n%s\n' "姓名,公民身份号码,人员类别,入党日期,转正日期,工作单位统一社会信用代码,所在党组织,组织关系状态,是否亮明身份,联系电话" \
	"测试新党员,$ID,正式党员,2010-07-01,2011-07-01,$NEW,,正常,否," >"$WORK/m.csv"
run 0 "$FGDJ" import members "$WORK/m.csv" --db $DB
grep -q '新增 1' "$WORK/out" && ok || fail "a new member: $(cat "$WORK/out")"
N_BOTH=$(first_notes)
same "a new enterprise with a new member"
cli_same "a new enterprise with a new member"

# ---- the patch was taken (the server's access log) ----
echo "computed by the first /findings, /plan, /: founded 2019 [$N_OLD], 60 employees [$N_BIG]; control [$N_BOTH]" >&2
for n in "$N_OLD" "$N_BIG"; do
	notes_are "the first pages after a new enterprise" "$n" "事实增量 问题增量" "事实载入 问题重查"
done
# the dashboard's year-earlier day counts an enterprise founded by then (store_ent_new_dated_from)
eq "$(count_of 统计重算 "$N_OLD")" 2 "after one founded in 2019: the year-earlier figures computed again ($N_OLD)"
eq "$(count_of 统计重算 "$N_BIG")" 1 "after one founded this March: today's figures alone computed ($N_BIG)"
notes_are "the first pages after a new enterprise and its member" "$N_BOTH" "事实载入 问题重查" "事实增量 问题增量"
finish
