#!/bin/sh
# Kept == recomputed over writes of meeting and study records (web/cache.h; store_changes_since's
# STORE_PARTY_HOURS, facts_patch with party_reload_hours, check_patch): a meeting or study record of
# this year, up to today, added or changed has the kept facts patched — the organisations' meetings
# and the members' hours read again from the year's totals — and the 组织生活 and 学时 findings
# found again only where their details changed. Each page and API below, read from the warm server
# right after the write, must be byte-identical to a fresh server's on the same database; the
# write that must not be patched (a meeting dated last year) is among them. (A meeting or study
# record dated after today cannot be imported: the later-record case of party_reload_hours arises
# for a past day's facts only.)
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

kept_setup

kept_start

snap warm
t0=$(total warm)
[ "$t0" -gt 0 ] && ok || fail "findings on the demo"
# An organisation's 主题党日 missing in a month of this year (a finding of the warm JSON), and the
# attendees of its latest meeting (members of it then, as a meeting's attendees must be).
KEY=$(grep -o '"key": "life_missing/[^"]*/2026年[0-9]*月主题党日"' "$WORK/warm.5" | head -1 | sed 's/^"key": "//; s/"$//')
ORG=$(printf '%s' "$KEY" | cut -d/ -f2)
MONTH=$(printf '%s' "$KEY" | sed 's/.*2026年\([0-9]*\)月主题党日$/\1/')
ATT=$(sql $DB "SELECT attendees FROM meeting m JOIN org o ON o.id = m.org_id WHERE o.name = '$ORG'
	AND attendees IS NOT NULL ORDER BY date DESC LIMIT 1")
[ -n "$ORG" ] && [ -n "$MONTH" ] && [ -n "$ATT" ] && ok || fail "an organisation missing a 主题党日: $KEY"
# held in that month before (counted by sqlite3): none, as the finding says
eq "$(sql $DB "SELECT count(*) FROM meeting m JOIN org o ON o.id = m.org_id WHERE o.name = '$ORG'
	AND m.kind = '主题党日' AND m.date LIKE '2026-$(printf %02d "$MONTH")-%'")" 0 "no 主题党日 in that month"

# meeting DATE HOURS TOPIC: a 主题党日 of the organisation with those attendees, imported
meeting() {
	printf '党组织名称,活动类型,日期,主题,形式,学时,参加党员,缺席党员及原因,记录人\n%s,主题党日,%s,%s,集中,%s,%s,,测试\n' \
		"$ORG" "$1" "$3" "$2" "$ATT" >"$WORK/meeting.csv"
	run 0 "$FGDJ" import meetings "$WORK/meeting.csv" --db $DB
	grep -q '新增 [1-9]\|更新 [1-9]' "$WORK/out" && ok || fail "meeting $*: $(cat "$WORK/out")"
}
has_key() { grep -q "\"key\": \"$2\"" "$WORK/$1.5"; }

# ---- a meeting of this year added (patched): the month's finding goes ----
DAY=2026-$(printf %02d "$MONTH")-15
meeting "$DAY" 2 测试主题党日
same "a meeting added"
has_key fresh "$KEY" && fail "the 主题党日 of $ORG in month $MONTH still missing" || ok
# the attendees' hours, as the member_hours totals now say, against the study records and meetings
# of the year (an independent sum): the totals the patch reads are right
first=$(printf '%s' "$ATT" | sed 's/；.*//')
eq "$(sql $DB "SELECT h.tenths FROM member_hours h JOIN member m ON m.id = h.member_id WHERE h.year = 2026 AND m.idno = '$first'")" \
	"$(sql $DB "SELECT CAST(round(10 * (coalesce((SELECT sum(hours) FROM meeting WHERE attendees LIKE '%$first%'
		AND date >= '2026-01-01'), 0) + coalesce((SELECT sum(s.hours) FROM study s JOIN member m ON m.id = s.member_id
		WHERE m.idno = '$first' AND s.date >= '2026-01-01'), 0))) AS INTEGER)")" "an attendee's hours of the year"

# ---- its hours changed (an update naming 学时 alone: the date only in the key) ----
meeting "$DAY" 24 测试主题党日
same "a meeting's hours changed"
h1=$(sql $DB "SELECT h.tenths FROM member_hours h JOIN member m ON m.id = h.member_id WHERE h.year = 2026 AND m.idno = '$first'")
meeting "$DAY" 0.5 测试主题党日
same "a meeting's hours changed back"
h2=$(sql $DB "SELECT h.tenths FROM member_hours h JOIN member m ON m.id = h.member_id WHERE h.year = 2026 AND m.idno = '$first'")
eq "$((h1 - h2))" 235 "24 hours, then 0.5: the attendee's tenths"

# ---- a study record of a member short of hours (patched) ----
SKEY=$(grep -o '"key": "study_short/[0-9X]*"' "$WORK/fresh.5" | head -1 | sed 's/^"key": "study_short\///; s/"$//')
[ -z "$SKEY" ] && SKEY=$(sql $DB "SELECT idno FROM member WHERE closed IS NULL ORDER BY id LIMIT 1")
SNAME=$(sql $DB "SELECT name FROM member WHERE idno = '$SKEY'")
printf '公民身份号码,姓名,日期,内容,学时\n%s,%s,2026-11-20,测试学习,20\n' "$SKEY" "$SNAME" >"$WORK/study.csv"
run 0 "$FGDJ" import study "$WORK/study.csv" --db $DB
grep -q '新增 1' "$WORK/out" && ok || fail "study: $(cat "$WORK/out")"
same "a study record added"

# ---- a meeting and a finding's state in one change; then two meetings ----
meeting 2026-11-26 1 测试当日
REF=$(sed -n 's/^ *"ref": "\([0-9a-f]*\)",$/\1/p' "$WORK/fresh.5" | head -1)
run 0 "$FGDJ" finding set "$REF" 整改中 --db $DB
same "a meeting dated today and a state"
meeting 2026-02-10 1 测试二月
meeting 2026-05-10 1 测试五月
same "two meetings"

# ---- not patched: a meeting dated last year (the year-earlier figures change too); then one of
# this year and an enterprise's number in one change ----
meeting 2025-06-10 1 测试去年
same "a meeting of last year"
meeting 2026-08-10 1 测试八月
ENT=$(sql $DB "SELECT uscc FROM enterprise WHERE closed IS NULL AND status = '在营' ORDER BY id LIMIT 1")
"$FGDJ" export enterprises --unmasked --db $DB -o "$WORK/ents.csv" >/dev/null 2>&1
{ head -1 "$WORK/ents.csv"; grep -e "^$ENT," "$WORK/ents.csv" | awk -F, -v OFS=, '{ $9 = $9 + 1; print }'; } >"$WORK/edit.csv"
run 0 "$FGDJ" import enterprises "$WORK/edit.csv" --db $DB
same "a meeting and an enterprise's 从业人员数"

finish
