#!/bin/sh
# Kept == recomputed over writes of dues records (web/cache.h; store_changes_since's
# STORE_PARTY_DUES, facts_patch with party_reload_dues, check_patch's party_dues_patch): a month paid
# by a member six months unpaid (the finding goes), a row whose 应缴 is not the rule's (a
# dues_differs finding comes), a row's 实缴 cleared, a row of last year (the dashboard's year-earlier
# figures computed again; kept after the rows of this year) — the facts and findings patched each time, and each page and API (the
# dashboard, the statistics, the findings, the plan, figure sets, the work report; the street user's
# dashboard and findings), read from the warm server right after the write, byte-identical to a
# fresh server's on the same database. Found afresh, and still right: dues and a new member in one
# change (the members come or go: the dues are not read by the earlier members).
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

kept_warm /findings?rule=dues_6_months /findings?rule=dues_differs /api/v1/findings?rule=dues_differs \
	/api/v1/stats /reports/work.html

DH='公民身份号码,姓名,月份,税后工资,是否离退休,应缴,实缴,缴纳日期'
# yuan FEN: an amount of 分 as the ledger writes it in 元
yuan() { awk -v f="$1" 'BEGIN { printf "%.2f", f / 100 }'; }
# dues_row IDNO MONTH BASE DUE PAID: one dues row (MONTH YYYY-MM; amounts in 分) of that member
# imported, added or changed; 是否离退休 as the member's latest row has it
dues_row() {
	nm=$(sql $DB "SELECT name FROM member WHERE idno = '$1'")
	rt=$(sql $DB "SELECT CASE WHEN d.retired = 1 THEN '是' ELSE '否' END FROM dues d JOIN member m ON m.id = d.member_id
		WHERE m.idno = '$1' ORDER BY d.month DESC LIMIT 1")
	day=""
	[ "$5" -gt 0 ] && day="$2-20"
	printf '%s\n%s,%s,%s,%s,%s,%s,%s,%s\n' "$DH" "$1" "$nm" "$2" "$(yuan "$3")" "${rt:-否}" "$(yuan "$4")" \
		"$(yuan "$5")" "$day" >"$WORK/dues.csv"
	run 0 "$FGDJ" import dues "$WORK/dues.csv" --db $DB
	grep -q '新增 1\|更新 1' "$WORK/out" && ok || fail "dues $*: $(cat "$WORK/out")"
}
# masked IDNO: the ID number as the findings show it
masked() { printf '%s' "$1" | sed 's/^\(......\)........\(....\)$/\1********\2/'; }
has_key() { grep -qF "\"key\": \"$2\"" "$WORK/$1.5"; } # (the masked digits are stars: no pattern)

# ---- a month paid by a member six months unpaid (patched): its finding goes ----
"$FGDJ" check --format json --unmasked --db $DB >"$WORK/check.json" 2>/dev/null
SIX=$(grep -o '"key": "dues_6_months/[0-9X]*"' "$WORK/check.json" | head -1 | sed 's/.*dues_6_months\///; s/"$//')
[ -n "$SIX" ] && ok || fail "a member six months unpaid"
has_key warm "dues_6_months/$(masked "$SIX")" && ok || fail "its finding among the warm findings"
LAST=$(sql $DB "SELECT d.base || ' ' || d.due FROM dues d JOIN member m ON m.id = d.member_id WHERE m.idno = '$SIX'
	AND d.base IS NOT NULL ORDER BY d.month DESC LIMIT 1")
[ -n "$LAST" ] && ok || fail "the member's latest dues row with a 税后工资"
set -- $LAST
dues_row "$SIX" 2026-10 "$1" "$2" "$2"
N_PAID=$(first_notes)
same "a month paid"
has_key fresh "dues_6_months/$(masked "$SIX")" && fail "the member still six months unpaid" || ok

# ---- a row whose 应缴 is not the rule's (patched): a dues_differs finding comes ----
ROW=$(sql $DB "SELECT m.idno || ' ' || d.base || ' ' || d.due || ' ' || d.paid FROM dues d JOIN member m ON m.id = d.member_id
	WHERE d.month = 202609 AND d.base IS NOT NULL AND d.due > 100 AND d.paid = d.due AND m.closed IS NULL ORDER BY d.id LIMIT 1")
set -- $ROW
DIF=$1
has_key fresh "dues_differs/$(masked "$DIF")/2026-09" && fail "a row of 2026-09 already differing" || ok
dues_row "$DIF" 2026-09 "$2" "$(($3 - 100))" "$4"
N_DIFF=$(first_notes)
same "a row's 应缴 not the rule's"
has_key fresh "dues_differs/$(masked "$DIF")/2026-09" && ok || fail "the dues_differs finding of the row"

# ---- the same row's 实缴 cleared (patched) ----
dues_row "$DIF" 2026-09 "$2" "$(($3 - 100))" 0
N_UNPAID=$(first_notes)
same "a row's 实缴 cleared"

# ---- a row of last year (patched; the year-earlier figures computed again) ----
dues_row "$DIF" 2025-03 "$2" "$3" "$3"
N_OLD=$(first_notes)
same "a row of last year"

# ---- not patched: dues and a new member in one change ----
NEW=$(printf '%s' "${DIF%?}" | sed 's/^\(.*\)...$/\1999/')
NEW=$(echo "$NEW" | awk '{ split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " "); s = 0
	for (i = 1; i <= 17; i++) s += substr($1, i, 1) * w[i]
	printf "%s%s\n", $1, substr("10X98765432", s % 11 + 1, 1) }')
EMP=$(sql $DB "SELECT e.uscc FROM member m JOIN enterprise e ON e.id = m.employer_id WHERE m.idno = '$DIF'")
printf '%s\n%s\n' "姓名,公民身份号码,人员类别,入党日期,转正日期,工作单位统一社会信用代码,所在党组织,组织关系状态,是否亮明身份,联系电话" \
	"测试新党员,$NEW,正式党员,2010-07-01,2011-07-01,$EMP,,正常,是," >"$WORK/new.csv"
run 0 "$FGDJ" import members "$WORK/new.csv" --db $DB
grep -q '新增 1' "$WORK/out" && ok || fail "a new member: $(cat "$WORK/out")"
dues_row "$DIF" 2026-08 "$2" "$3" 0
N_BOTH=$(first_notes)
same "dues and a new member in one change"

# ---- the patch was taken (the server's access log) ----
echo "computed by the first /findings, /plan, /: a month paid [$N_PAID], 应缴 not the rule's [$N_DIFF], 实缴 cleared [$N_UNPAID], last year's [$N_OLD]; control [$N_BOTH]" >&2
for n in "$N_PAID" "$N_DIFF" "$N_UNPAID" "$N_OLD"; do
	notes_are "the first pages after a write of dues" "$n" "事实增量 问题增量" "事实载入 问题重查"
done
count_of() { printf '%s\n' $2 | grep -cx "$1"; }
# the dashboard's year-earlier day (2025-11-26) reads the dues of the months up to 2025-10: kept after a
# row of 2026-10, computed again after one of 2025-03 (store_dues_dated_from)
eq "$(count_of 统计重算 "$N_PAID")" 1 "after dues of this year: today's figures alone computed ($N_PAID)"
eq "$(count_of 统计重算 "$N_OLD")" 2 "after dues of last March: the year-earlier figures computed again ($N_OLD)"
notes_are "the first pages after dues and a new member" "$N_BOTH" "事实载入 问题重查" "事实增量 问题增量"
finish
