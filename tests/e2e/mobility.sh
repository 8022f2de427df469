#!/bin/sh
# 流动 / 失联 members: the figures of tests/fixtures/mobility/README.md at four dates (a state dated
# after D is not yet in force, an undated one always is); 失联 for member.lost_months (6) is a finding
# proposing 停止党籍 to the organisation, at the month boundary and not a day earlier; fgdj never
# changes the member itself; the setting moves the boundary.
. "$(dirname "$0")/../lib.sh"

DB=d.db
import_district $DB
run 0 "$FGDJ" import members "$FIX/mobility/members.csv" --db $DB

for c in "2026-03-31 0 1 0" "2026-07-14 1 1 0" "2026-07-15 1 1 1" "2026-11-30 1 2 1"; do
	set -- $c
	run 0 "$FGDJ" stats --db $DB --format json --as-of "$1"
	expect_json "$WORK/out" "members_mobile=$2 members_lost=$3" "$1"
	"$FGDJ" check --db $DB --format json --as-of "$1" >"$WORK/out" 2>"$WORK/err"
	has out "\"lost_contact\": $4"
done

run 1 "$FGDJ" check --db $DB --as-of 2026-11-30
has out '郑失联'
has out '自 2026-01-15 失去联系，已满 10 个月'
has out '研究是否停止党籍'
hasnt out '张二'
eq "$(sql $DB "SELECT relation FROM member WHERE name = '郑失联'")" "失联" "the finding changes nothing"

# An undated 失联 is always in force and always a finding: its start must be recorded.
db_query $DB "UPDATE member SET relation_since = NULL WHERE name = '张二'"
# (from the tables: a change made by SQL leaves no history, so the findings the check of 03-31 above
# kept would be read back as they were — facts_kept, docs/kept_figures.md)
run 1 env FGDJ_FACTS_KEPT=0 "$FGDJ" check --db $DB --as-of 2026-03-31
has out '失联起始日期未登记'

# The setting moves the boundary: at 3 months 张二 (since 09-01, dated again) is due on 12-01.
db_query $DB "UPDATE member SET relation_since = '2026-09-01' WHERE name = '张二'"
run 0 "$FGDJ" settings member.lost_months 3 --db $DB
run 1 "$FGDJ" check --db $DB --format json --as-of 2026-11-30
has out '"lost_contact": 1'
run 1 "$FGDJ" check --db $DB --format json --as-of 2026-12-01
has out '"lost_contact": 2'

# The work report speaks of the members in 失联 on D, from the figure.
run 0 "$FGDJ" report work --db $DB --as-of 2026-11-30 --format md -o r.md
grep -q '有2名党员处于失联状态' r.md && ok || fail "report: 失联 count from members_lost"
# … and of the one among them the finding counts (3 months since the setting), as such: two
# different numbers for "失联" would otherwise read as a contradiction.
has r.md '有2名党员处于失联状态，其中1名失联已满3个月或未登记失联起始日期；'
has r.md '查找1名失联已满3个月或未登记失联起始日期的党员并按规定处置'
hasnt r.md '查找1名失联党员'
finish
