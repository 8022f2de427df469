#!/bin/sh
# Figures on a past date count the enterprises that existed then, as they stood then: the history
# gives each changed enterprise's version on D, its 成立日期 (or, unknown, when it was recorded)
# whether it existed, and a region counts the enterprises that were in it on D. Figures worked out
# in tests/fixtures/asof/README.md.
. "$(dirname "$0")/../lib.sh"

DB=d.db
export FGDJ_TODAY=2026-06-01
import_district $DB
export FGDJ_TODAY=2026-08-15
run 0 "$FGDJ" import enterprises "$FIX/asof/august.csv" --db $DB
has out '新增 1'
run 0 "$FGDJ" import orgs "$FIX/asof/orgs-august.csv" --db $DB
has out '更新 2'
export FGDJ_TODAY=2026-11-26
run 0 "$FGDJ" import enterprises "$FIX/asof/november.csv" --db $DB
eq "$(sql $DB "SELECT substr(at, 1, 10), count(*) FROM history WHERE tbl = 'enterprise' GROUP BY 1 ORDER BY 1" | tr '\n' ' ')" \
	"2026-06-01|10 2026-08-15|3 2026-11-26|1 " "the history is dated on the pinned days"

# ---- the district on six dates ----
at() { # DATE TOTAL OPERATING IN_SCOPE
	run 0 "$FGDJ" stats --db $DB --format json --as-of "$1"
	expect_json "$WORK/out" "enterprises_total=$2 enterprises_operating=$3 enterprises_in_scope=$4" "$1"
}
at 2026-03-01 10 9 7
at 2026-08-14 10 9 7
at 2026-08-15 11 11 8
at 2026-08-20 11 11 8
at 2026-09-01 12 12 9
at 2026-11-26 12 12 9

# ---- organisations as they were: 光明社区's branch turned from 挂靠建 to 联合建 and 小微's branch
# from 党支部 to 党总支 on 2026-08-15 ----
run 0 "$FGDJ" stats --db $DB --format json --as-of 2026-08-14
expect_json "$WORK/out" 'orgs_joint=1 orgs_affiliated=1 orgs_general_branch=0 enterprises_covered_joint=2 enterprises_covered_affiliated=1' orgs-08-14
run 1 "$FGDJ" check --db $DB --format json --as-of 2026-08-14
has out '"kind_too_small": 0'
run 0 "$FGDJ" stats --db $DB --format json --as-of 2026-08-20
expect_json "$WORK/out" 'orgs_joint=2 orgs_affiliated=0 orgs_general_branch=1 enterprises_covered_joint=3 enterprises_covered_affiliated=0' orgs-08-20
run 1 "$FGDJ" check --db $DB --format json --as-of 2026-08-20
has out '"kind_too_small": 1'

# ---- a region counts what was in it on D ----
run 0 "$FGDJ" stats --db $DB --format json --region 西城街道 --as-of 2026-08-14
expect_json "$WORK/out" 'enterprises_total=4 enterprises_in_scope=3' 西城-08-14
run 0 "$FGDJ" stats --db $DB --format json --region 西城街道
expect_json "$WORK/out" 'enterprises_total=4 enterprises_in_scope=3' 西城-today
run 0 "$FGDJ" stats --db $DB --format json --region 和平社区 --as-of 2026-08-14
expect_json "$WORK/out" 'enterprises_total=2' 和平-08-14
run 0 "$FGDJ" stats --db $DB --format json --region 和平社区 --as-of 2026-08-20
expect_json "$WORK/out" 'enterprises_total=3' 和平-08-20
run 0 "$FGDJ" stats --db $DB --format csv --by street --as-of 2026-08-14
has out '东城街道'
eq "$(grep '^东城街道,' "$WORK/out" | cut -d, -f2) $(grep '^西城街道,' "$WORK/out" | cut -d, -f2)" "6 4" \
	"by street on 08-14: E5 under 西城"

# ---- two dates side by side (stats --compare) ----
# 2026-08-14 → today: enterprises 10 → 12 (+2), 三有 7 → 9 (+2); covered among 三有 E1 E9 E2 E3 E4 =
# 5 both times: 5/7 = 71.4 % → 5/9 = 55.6 %, a change of 55.6 − 71.4 = −15.8 points.
run 0 "$FGDJ" stats --db $DB --format json --compare 2026-08-14
has out '"compare": "2026-08-14"'
has out '"as_of": "2026-11-26"'
eq "$(tr -d ' \n' <"$WORK/out" | sed 's/.*"change":{//' | grep -o '"enterprises_total":[^,]*,"enterprises_operating":[^,]*,"enterprises_in_scope":[^,]*')" \
	'"enterprises_total":2,"enterprises_operating":3,"enterprises_in_scope":2' "changes of the counts"
eq "$(tr -d ' \n' <"$WORK/out" | sed 's/.*"change":{//' | grep -o '"org_coverage_rate":[^,]*')" \
	'"org_coverage_rate":-15.8' "change of a rate in points"
run 0 "$FGDJ" stats --db $DB --compare 2026-08-14
has out '71.4%'
has out '55.6%'
has out '-15.8 个百分点'
run 0 "$FGDJ" stats --db $DB --format csv --compare 2026-08-14
has out '企业总数,10,12,2'
has out '组织覆盖率,71.4,55.6,-15.8'
run 2 "$FGDJ" stats --db $DB --compare 2026-08-14 --by street
has err '不能与 --by 同用'

# ---- the work report against the same date a year earlier (2025-11-26: E1–E10 as first recorded,
# E9's branch not yet founded) ----
# enterprises 10 → 12 (+2); 三有 7 → 9; organisation coverage 4/7 = 57.1 % → 5/9 = 55.6 % (−1.5
# points); work coverage adds the instructors' E5 and E10: 6/7 = 85.7 % → E10 only (E5 is no longer
# 三有): 6/9 = 66.7 % (−19.0 points).
run 0 "$FGDJ" report work --db $DB --format md -o r.md
has r.md '对辖区12家非公企业（比上年同期增加2家）'
has r.md '组织覆盖率55.6%，比上年同期下降1.5个百分点，工作覆盖率66.7%，比上年同期下降19.0个百分点'
# Organisations 4 → 5 (E9's branch founded since); the 21 formal members and the 2 dispatched
# instructors were all there a year earlier: 持平, and no unit after it.
has r.md '已建党组织5个（比上年同期增加1个），'
has r.md '正式党员21名（与上年同期持平）、'
has r.md '派驻党建指导员2名（与上年同期持平）。'
hasnt r.md '稳步提升'
hasnt r.md 'fgdj'
# A year before anything existed there is nothing to compare with: no comparison is written.
run 0 "$FGDJ" report work --db $DB --format md --as-of 2011-01-01 -o old.md
hasnt old.md '比上年同期'

# ---- members as they stood: on 2026-11-27 赵一 moves from E3 to E5 and 钱一, E4's only member,
# is marked 停止党籍 (members-later.csv). On 11-26: 21 formal members, 三有 enterprises with
# members E1 E2 E3 E4 E9 E10 = 6; on 11-27: 20 (钱一 no longer counts; 赵一 still does, at E5),
# with members E1 E2 E3 (赵二) E9 E10 = 5 (E5 is not 三有 with 8 staff) ----
export FGDJ_TODAY=2026-11-27
run 0 "$FGDJ" import members "$FIX/asof/members-later.csv" --db $DB
has out '更新 2'
run 0 "$FGDJ" stats --db $DB --format json
expect_json "$WORK/out" 'members_formal=20 enterprises_with_members=5' members-11-27
run 0 "$FGDJ" stats --db $DB --format json --as-of 2026-11-26
expect_json "$WORK/out" 'members_formal=21 enterprises_with_members=6' members-11-26
# 光明社区: E4 钱一 1 + E6 周一–周三 3 + E9 冯一–冯三 3 = 7 on 11-26, 6 on 11-27.
run 0 "$FGDJ" stats --db $DB --format json --region 光明社区 --as-of 2026-11-26
expect_json "$WORK/out" 'members_formal=7' members-光明-11-26
run 0 "$FGDJ" stats --db $DB --format json --region 光明社区
expect_json "$WORK/out" 'members_formal=6' members-光明-11-27
export FGDJ_TODAY=2026-11-26

# The rule is stated where a user looks for it.
run 0 "$FGDJ" stats --help
has out '变更历史中那天为止的最后一个版本'

finish
