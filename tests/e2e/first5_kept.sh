#!/bin/sh
# Kept == recomputed over writes of instructors' visit records (web/cache.h; store_changes_since's
# STORE_PARTY_VISITS, facts_patch with party_reload_visits, check_patch's visits step): a visit of
# this year, up to today, added or changed has the kept facts patched — the visits and each
# assignment's quarters read again — and the visit_missing findings found again only for the
# instructors whose details changed. Each page and API below (the dashboard's visit figures, the
# statistics, the findings of the rule), read from the warm server right after the write, must be
# byte-identical to a fresh server's on the same database; a visit dated last year (not patched)
# is among the writes, and the 经营状态 of an enterprise whose assignment ended this year (its
# quarters still count while it operates: not patched either); a 联系电话 changed keeps every value
# as it is. (A visit's date is part of its key: it cannot be changed, only its roles
# and notes.) That the patch is taken: the server's access log says what the first pages after a
# visit computed — the facts and findings patched, not found afresh as after the visit of last year.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

kept_warm /findings?rule=visit_missing /api/v1/findings?rule=visit_missing /api/v1/stats
VM=$(path_at '/api/v1/findings?rule=visit_missing')
# An instructor's quarter without a visit to an enterprise (a finding of the warm JSON):
# visit_missing/指导员/派出单位/信用代码/2026年第N季度
KEY=$(grep -o '"key": "visit_missing/[^"]*/2026年第[1-3]季度"' "$WORK/warm.$VM" | head -1 | sed 's/^"key": "//; s/"$//')
INS=$(printf '%s' "$KEY" | cut -d/ -f2)
UNIT=$(printf '%s' "$KEY" | cut -d/ -f3)
USCC=$(printf '%s' "$KEY" | cut -d/ -f4)
Q=$(printf '%s' "$KEY" | sed 's/.*第\([1-4]\)季度$/\1/')
[ -n "$INS" ] && [ -n "$UNIT" ] && [ -n "$USCC" ] && [ -n "$Q" ] && ok || fail "a quarter missing its visit: $KEY"
# visited in that quarter before (counted by sqlite3): never, as the finding says
M0=$(printf %02d $((3 * Q - 2)))
M3=$(printf %02d $((3 * Q + 1)))
eq "$(sql $DB "SELECT count(*) FROM visit v JOIN instructor i ON i.id = v.instructor_id JOIN enterprise e
	ON e.id = v.enterprise_id WHERE i.name = '$INS' AND e.uscc = '$USCC' AND v.date >= '2026-$M0-01'
	AND v.date < '2026-$M3-01'")" 0 "no visit in that quarter"

# visit DATE ROLES [INS UNIT USCC]: a visit imported (a new record, or an update of that key's)
visit() {
	printf '指导员姓名,派出单位,企业统一社会信用代码,走访日期,发挥作用,走访内容\n%s,%s,%s,%s,%s,测试走访\n' \
		"${3:-$INS}" "${4:-$UNIT}" "${5:-$USCC}" "$1" "$2" >"$WORK/visit.csv"
	run 0 "$FGDJ" import visits "$WORK/visit.csv" --db $DB
	grep -q '新增 [1-9]\|更新 [1-9]' "$WORK/out" && ok || fail "visit $*: $(cat "$WORK/out")"
}
has_key() { grep -q "\"key\": \"$2\"" "$WORK/$1.$VM"; }
nkeys() { grep -c '"key": "visit_missing/' "$WORK/$1.$VM"; }

# ---- a visit in the missing quarter (patched): its finding goes, nothing else of the rule ----
n0=$(nkeys warm)
visit 2026-$(printf %02d $((3 * Q - 1)))-15 调研员
N_PATCH=$(first_notes)
same "a visit in a missing quarter"
has_key fresh "$KEY" && fail "the quarter $Q of $INS at $USCC still missing" || ok
eq "$(nkeys fresh)" "$((n0 - 1))" "one visit_missing finding fewer"

# ---- another visit in that quarter: no finding changes, the figures do ----
visit 2026-$(printf %02d $((3 * Q - 1)))-20 宣传员
same "a visit that changes no finding"
eq "$(nkeys fresh)" "$((n0 - 1))" "the same visit_missing findings"

# ---- that visit's 四员 roles changed (an update: its date only in the key) ----
visit 2026-$(printf %02d $((3 * Q - 1)))-20 调研员；督导员；服务员
grep -q '更新 1' "$WORK/out" && ok || fail "an update: $(cat "$WORK/out")"
same "a visit's roles changed"

# ---- several visits in one import: other instructors' missing quarters ----
grep -o '"key": "visit_missing/[^"]*/2026年第[1-3]季度"' "$WORK/fresh.$VM" | sed 's/^"key": "//; s/"$//' |
	awk -F/ '!seen[$2]++' | head -4 >"$WORK/keys"
[ "$(wc -l <"$WORK/keys")" -ge 3 ] && ok || fail "missing quarters of several instructors"
printf '指导员姓名,派出单位,企业统一社会信用代码,走访日期,发挥作用,走访内容\n' >"$WORK/visits.csv"
while IFS=/ read -r _ i u c q; do
	n=$(printf '%s' "$q" | sed 's/.*第\([1-4]\)季度$/\1/')
	printf '%s,%s,%s,2026-%02d-10,服务员,测试走访\n' "$i" "$u" "$c" $((3 * n - 1)) >>"$WORK/visits.csv"
done <"$WORK/keys"
run 0 "$FGDJ" import visits "$WORK/visits.csv" --db $DB
grep -q "新增 $(wc -l <"$WORK/keys")" "$WORK/out" && ok || fail "several visits: $(cat "$WORK/out")"
n1=$(nkeys fresh)
same "several visits in one import"
eq "$(nkeys fresh)" "$((n1 - $(wc -l <"$WORK/keys")))" "their findings gone"

# ---- not patched: a visit dated last year (a past year's figures); then a visit and an
# enterprise's number in one change ----
visit 2025-06-10 调研员
N_FULL=$(first_notes)
same "a visit of last year"
visit 2026-10-10 服务员
ENT=$(sql $DB "SELECT uscc FROM enterprise WHERE closed IS NULL AND status = '在营' ORDER BY id LIMIT 1")
"$FGDJ" export enterprises --unmasked --db $DB -o "$WORK/ents.csv" >/dev/null 2>&1
{ head -1 "$WORK/ents.csv"; grep -e "^$ENT," "$WORK/ents.csv" | awk -F, -v OFS=, '{ $9 = $9 + 1; print }'; } >"$WORK/edit.csv"
run 0 "$FGDJ" import enterprises "$WORK/edit.csv" --db $DB
same "a visit and an enterprise's 从业人员数"

# ---- an assignment ended today (an instructor's 指导企业: patched, STORE_INS_COVER), then its
# enterprise's 经营状态 changed (an enterprise's number: patched when nothing active links it) — the
# ended assignment still counts in the year's visits, for an operating enterprise only: not
# patched ----
A=$(sql $DB "SELECT e.uscc FROM assignment a JOIN enterprise e ON e.id = a.enterprise_id WHERE a.end_date IS NULL
	AND e.status = '在营' AND e.closed IS NULL
	AND NOT EXISTS (SELECT 1 FROM coverage c WHERE c.enterprise_id = e.id AND c.end_date IS NULL)
	AND (SELECT count(*) FROM assignment b WHERE b.enterprise_id = e.id AND b.end_date IS NULL) = 1
	AND (SELECT count(*) FROM assignment b WHERE b.instructor_id = a.instructor_id AND b.end_date IS NULL) >= 2
	ORDER BY a.id LIMIT 1")
AI=$(sql $DB "SELECT i.name FROM assignment a JOIN instructor i ON i.id = a.instructor_id JOIN enterprise e
	ON e.id = a.enterprise_id WHERE e.uscc = '$A' AND a.end_date IS NULL")
[ -n "$A" ] && [ -n "$AI" ] && ok || fail "an instructor's enterprise no organisation covers"
"$FGDJ" export instructors --unmasked --db $DB -o "$WORK/ins.csv" >/dev/null 2>&1
{ head -1 "$WORK/ins.csv"; grep -e "^$AI," "$WORK/ins.csv" | sed "s/$A；//; s/；$A//"; } >"$WORK/ins-edit.csv"
run 0 "$FGDJ" import instructors "$WORK/ins-edit.csv" --db $DB
eq "$(sql $DB "SELECT count(*) FROM assignment a JOIN enterprise e ON e.id = a.enterprise_id WHERE e.uscc = '$A'
	AND a.end_date IS NULL")" 0 "the assignment ended"
same "an assignment ended"
"$FGDJ" export enterprises --unmasked --db $DB -o "$WORK/ents.csv" >/dev/null 2>&1
{ head -1 "$WORK/ents.csv"; grep -e "^$A," "$WORK/ents.csv"; } |
	awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "经营状态") c = i; print; next } { $c = "停业"; print }' \
	>"$WORK/edit.csv"
run 0 "$FGDJ" import enterprises "$WORK/edit.csv" --db $DB
eq "$(sql $DB "SELECT status FROM enterprise WHERE uscc = '$A'")" 停业 "its 经营状态 changed"
same "the 经营状态 of an enterprise of an assignment ended this year"

# ---- a member's and an instructor's 联系电话 changed: read by no figure, finding or plan, the
# kept values hold as they are ----
# phone LEDGER KEYCOL KEY: that row of the ledger with its 联系电话 changed, imported
phone() {
	"$FGDJ" export "$1" --unmasked --db $DB -o "$WORK/p.csv" >/dev/null 2>&1
	{ head -1 "$WORK/p.csv"; awk -F, -v k="$3" -v c="$2" 'NR > 1 && $c == k' "$WORK/p.csv"; } |
		awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "联系电话") c = i; print; next }
			{ $c = "13900001234"; print }' >"$WORK/phone.csv"
	run 0 "$FGDJ" import "$1" "$WORK/phone.csv" --db $DB
	grep -q '更新 1' "$WORK/out" && ok || fail "$1's 联系电话: $(cat "$WORK/out")"
}
MID=$(sql $DB "SELECT idno FROM member WHERE closed IS NULL AND coalesce(phone, '') <> '13900001234' ORDER BY id LIMIT 1")
phone members 2 "$MID"
eq "$(sql $DB "SELECT phone FROM member WHERE idno = '$MID'")" 13900001234 "the member's 联系电话 changed"
N_PHONE=$(first_notes)
same "a member's 联系电话"
phone instructors 1 "$AI"
same "an instructor's 联系电话"

# ---- the patch was taken (the server's access log says what each request computed): after a
# visit the facts and findings patched, the plan kept; found afresh after last year's visit; after a
# 联系电话 nothing but the findings' states read again ----
echo "computed by the first /findings, /plan, /: after a visit [$N_PATCH], after last year's visit [$N_FULL], after a 联系电话 [$N_PHONE]" >&2
notes_are "the first pages after a visit" "$N_PATCH" "事实增量 问题增量" "事实载入 问题重查 方案重排"
notes_are "the first pages after last year's visit" "$N_FULL" "事实载入 问题重查"
notes_are "the first pages after a 联系电话" "$N_PHONE" "" "事实增量 事实载入 问题增量 问题重查 方案重排 统计重算"
finish
