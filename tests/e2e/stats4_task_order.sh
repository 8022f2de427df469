#!/bin/sh
# The figures and findings of campaign tasks do not depend on the order the tasks are stored in
# (report/party.c reads them in storage order and puts them in (campaign, enterprise) order): the
# campaigns fixture's tasks, plus a 全区排查 task of 91330106MA2000553A (which also has a 旧排查
# task), imported once in the file's order and once reversed. Figures worked out by hand
# (tests/fixtures/campaigns/README.md, plus the added task): on 2026-11-26 the year's campaigns
# are 东城排查 and 全区排查, 4 + 3 tasks, done 3 (东城 A C, 全区 414K); overdue 3 (东城 002702 and
# 006921, 旧 553A). On 2027-01-15 no campaign is the year's (deadlines before 2027-01-01), and
# 全区排查's two unfinished tasks are overdue too: 5, 553A's two in campaign order (全区 before 旧).
. "$(dirname "$0")/../lib.sh"

CP=$FIX/campaigns/campaigns.csv
{ cat "$FIX/campaigns/tasks.csv"; echo '全区排查,91330106MA2000553A,陈静,进行中,,'; } >tasks.csv
{ head -1 tasks.csv; tail -n +2 tasks.csv | sed -n '1!G;h;$p'; } >reversed.csv
eq "$(wc -l <reversed.csv)" 9 "the reversed file has the header and 8 tasks"

for db in a b; do
	import_district $db.db
	run 0 "$FGDJ" import campaigns "$CP" --db $db.db
done
run 0 "$FGDJ" import tasks tasks.csv --db a.db
has out '新增 8'
run 0 "$FGDJ" import tasks reversed.csv --db b.db
has out '新增 8'

# b's storage order is not the (campaign, enterprise) order: the sort has work to do (a's neither:
# the file is in neither key order)
unsorted="SELECT count(*) FROM (SELECT campaign_id * 1000000 + enterprise_id AS k,"
unsorted="$unsorted lag(campaign_id * 1000000 + enterprise_id) OVER (ORDER BY id) AS p FROM task) q WHERE p > k"
[ "$(sql b.db "$unsorted")" -gt 0 ] && ok || fail "b: stored out of key order"

for db in a b; do
	run 0 "$FGDJ" stats --db $db.db --format json
	expect_json "$WORK/out" "campaign_tasks=7 campaign_tasks_done=3" "$db 2026-11-26"
	cp "$WORK/out" stats-$db.json
	run 1 "$FGDJ" check --db $db.db --format json
	has out '"campaign_overdue": 3'
	FGDJ_TODAY=2027-01-15 run 1 "$FGDJ" check --db $db.db --format json
	has out '"campaign_overdue": 5'
	cp "$WORK/out" check-$db.json
	FGDJ_TODAY=2027-01-15 run 0 "$FGDJ" stats --db $db.db --format json
	expect_json "$WORK/out" "campaign_tasks=0 campaign_tasks_done=0" "$db 2027-01-15"
	FGDJ_TODAY=2027-01-15 run 1 "$FGDJ" check --db $db.db
	grep -F '小微设计工作室有限公司（91330106MA2000553A）：排查“' "$WORK/out" | sed 's/.*排查“\([^”]*\)”.*/\1/' >order-$db.txt
	eq "$(tr '\n' ' ' <order-$db.txt)" "全区排查 旧排查 " "$db: one enterprise's overdue tasks in campaign order"
done
cmp -s stats-a.json stats-b.json && ok || fail "stats: same JSON whatever the storage order"
cmp -s check-a.json check-b.json && ok || fail "check: same JSON whatever the storage order"
finish
