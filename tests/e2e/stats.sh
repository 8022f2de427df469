#!/bin/sh
# fgdj stats on the hand-made district: every key of the metrics contract compared with figures
# worked out by hand from tests/fixtures/district (see tests/fixtures/district/README.md).
. "$(dirname "$0")/../lib.sh"

import_district d.db

# expect_json FILE "key=value ..." : each key of the JSON has the value.
expect_json() {
	for kv in $2; do
		k=${kv%%=*} v=${kv#*=}
		got=$(grep "\"$k\":" "$1" | head -1 | sed 's/.*: *//; s/,$//')
		eq "$got" "$v" "$3 $k"
	done
}

run 0 "$FGDJ" stats --db d.db --format json
cp out district.json
expect_json district.json "enterprises_total=10 enterprises_operating=9 enterprises_in_scope=7
	enterprises_with_members=6 enterprises_required_single=3 enterprises_covered_single=2
	enterprises_covered_joint=2 enterprises_covered_affiliated=1 enterprises_uncovered=2
	orgs_total=5 orgs_single=3 orgs_joint=1 orgs_affiliated=1 orgs_committee=0 orgs_general_branch=0 orgs_branch=5
	instructors_dispatched=2 enterprises_with_instructor=2 members_formal=21 members_probationary=1
	org_coverage_rate=71.4 single_rate=28.6 required_single_rate=66.7 work_coverage_rate=100.0
	ledger_complete_rate=85.7" "district today"

# Before the new materials company's branch was founded and before 王预备 joined.
run 0 "$FGDJ" stats --db d.db --format json --as-of 2026-01-01
cp out jan.json
expect_json jan.json "enterprises_covered_single=1 enterprises_uncovered=3 orgs_total=4 orgs_single=2
	members_probationary=0 members_formal=21 org_coverage_rate=57.1 required_single_rate=33.3
	work_coverage_rate=85.7 ledger_complete_rate=71.4" "district 2026-01-01"

# Before any instructor was dispatched (2024-03-01 is the first).
run 0 "$FGDJ" stats --db d.db --format json --as-of 2024-01-01
expect_json out "instructors_dispatched=0 enterprises_with_instructor=0" "district 2024-01-01"

# A street.
run 0 "$FGDJ" stats --db d.db --format json --region 西城街道
expect_json out "enterprises_total=4 enterprises_in_scope=3 enterprises_with_members=2
	enterprises_required_single=1 enterprises_covered_single=1 enterprises_covered_joint=0
	enterprises_covered_affiliated=1 enterprises_uncovered=1 orgs_total=3 orgs_single=2 orgs_affiliated=1
	instructors_dispatched=1 members_formal=7 org_coverage_rate=66.7 required_single_rate=100.0
	ledger_complete_rate=100.0" "西城街道"

# A community and a zone; a joint branch spanning two communities counts once in each.
run 0 "$FGDJ" stats --db d.db --format json --region 和平社区
expect_json out "enterprises_total=2 enterprises_in_scope=1 enterprises_required_single=1
	enterprises_covered_joint=1 orgs_total=1 orgs_joint=1 members_formal=3 required_single_rate=0.0" "和平社区"
run 0 "$FGDJ" stats --db d.db --format json --region 国贸大厦
# ...and no enterprise there needs its own organisation: a rate over an empty set is null, not zero.
expect_json out "enterprises_total=1 enterprises_covered_affiliated=1 orgs_affiliated=1 single_rate=0.0
	enterprises_required_single=0 required_single_rate=null" "国贸大厦"

# The staff threshold is a setting: at 9, the design studio (9 staff, own branch) is counted.
db_copy d.db s.db
"$FGDJ" settings scope.min_employees 9 --db s.db >/dev/null
run 0 "$FGDJ" stats --db s.db --format json
expect_json out "enterprises_in_scope=8 enterprises_covered_single=3 enterprises_required_single=4" "threshold 9"

# Breakdown by street: groups plus the region's total.
run 0 "$FGDJ" stats --db d.db --by street --format json
has out '"by": "street"'
has out '"name": "东城街道"'
run 0 "$FGDJ" stats --db d.db --by street
has out "东城街道"
has out "合计"
has out "71.4%"
run 0 "$FGDJ" stats --db d.db --by community --format csv
has out "幸福社区"
has out "组织覆盖率（%）"
run 0 "$FGDJ" stats --db d.db --by zone --format xlsx -o zones.xlsx
[ -s zones.xlsx ] && ok || fail "stats xlsx written"

# Text output names the figures in Chinese.
run 0 "$FGDJ" stats --db d.db
has out "应建尽建率"
has out "66.7%"

# Errors.
run 2 "$FGDJ" stats --db d.db --region 火星街道
has err "火星街道"
run 2 "$FGDJ" stats --db d.db --as-of 2026-13-01
run 2 "$FGDJ" stats --db d.db --by planet

finish
