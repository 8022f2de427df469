#!/bin/sh
# fgdj check: every rule fires on a case built for it, names its basis, and the exit code is 1.
. "$(dirname "$0")/../lib.sh"

import_district d.db
run 1 "$FGDJ" check --db d.db
has out "共 7 条"
has out "和平物流有限公司（91330106MA2000342T）：正式党员 3 人，目前由联合建党组织覆盖"
has out "《中国共产党章程》第三十条"
has out "东城街道幸福和平联合党支部：本届任期开始于 2021-03-01，应于 2024-03-01 换届"
has out "未建商贸有限公司（91330106MA2000836J）：缺少：经营运行情况、未建党组织原因"
has out "孙口袋（330106********0431）"
has out "郑失联"
hasnt out "330106197"

# JSON: counts by rule.
run 1 "$FGDJ" check --db d.db --format json
has out '"need_single": 1'
has out '"term_overdue": 3'
has out '"pocket_member": 1'
has out '"lost_contact": 1'
has out '"ledger_gap": 1'
has out '"covered_twice": 0'

# Unmasked on request, and recorded.
run 1 "$FGDJ" check --db d.db --unmasked
has out "孙口袋（330106198110220431）"
eq "$(sql d.db "select count(*) from history where tbl='check' and op='view'")" 1 "unmasked check recorded"

# The other rules, each on a changed copy of the district.
db_copy d.db x.db
O="$FIX/district/orgs.csv"
# 智造's branch reports no committee; the joint branch also covers 智造 (covered twice);
# 小微's branch keeps only two of its members; the instructor of 光明电子 is withdrawn.
sed -e 's/,张建国,是,3,2022-06-01/,张建国,否,,2025-06-01/' \
	-e 's/91330106MA20002702；91330106MA2000342T/91330106MA20002702；91330106MA2000342T；91330106MA20002034/' "$O" >o2.csv
"$FGDJ" import orgs o2.csv --db x.db >/dev/null || fail "import o2"
sed '/周三/s/,小微设计工作室党支部,/,光明社区非公企业联合党支部,/' "$FIX/district/members.csv" >m2.csv
"$FGDJ" import members m2.csv --db x.db >/dev/null || fail "import m2"
printf '姓名,派出单位,联系电话,指导企业,派驻日期\r\n王指导,光明社区,13800000001,,2024-03-01\r\n' >i2.csv
"$FGDJ" import instructors i2.csv --db x.db >/dev/null || fail "import i2"
run 1 "$FGDJ" check --db x.db --format json
has out '"committee_missing": 1'
has out '"covered_twice": 1'
# 小微's branch keeps two lodged members while 小微 still employs three: a transfer to make, not
# too few members for a branch of its own.
has out '"single_not_lodged": 1'
has out '"single_too_small": 0'
has out '"big_no_instructor": 1'
# Statistics count the twice-covered enterprise once, as single; the joint branch still counts once.
run 0 "$FGDJ" stats --db x.db --format json
has out '"enterprises_covered_single": 2,'
has out '"enterprises_covered_joint": 2,'
has out '"orgs_joint": 1,'
has out '"orgs_total": 5,'
run 1 "$FGDJ" check --db x.db
has out "中共临江智造科技有限公司支部委员会：正式党员 9 人，台账记载未设支委会"
has out "临江智造科技有限公司（91330106MA20002034）：同时被 2 个党组织覆盖（单独建 1、联合建 1、挂靠建 0），统计按单独建计"
has out "小微设计工作室党支部：组织关系在本组织的正式党员 2 人，所在企业有正式党员 3 人：应将其余党员的组织关系转入本组织"

# When 周三 also leaves 小微 (works for 国贸咨询 now), 小微 really has two formal members: too few
# for its own branch, a joint or affiliated one is proposed instead.
db_copy x.db w.db
sed '/周三/s/,91330106MA2000553A,小微设计工作室党支部,/,91330106MA2000414K,光明社区非公企业联合党支部,/' "$FIX/district/members.csv" >m3.csv
"$FGDJ" import members m3.csv --db w.db >/dev/null || fail "import m3"
run 1 "$FGDJ" check --db w.db --format json
has out '"single_not_lodged": 0'
has out '"single_too_small": 1'
run 1 "$FGDJ" check --db w.db
has out "小微设计工作室党支部：组织关系在本组织的正式党员 2 人，所在企业正式党员 2 人：应改为联合建立或挂靠建立"
has out "光明电子有限公司（91330106MA2000481H）：从业人员 60 人，没有党员"

# A 支部 that has grown to 50 may become a general branch (threshold is a setting).
"$FGDJ" settings org.general_branch_members 9 --db x.db >/dev/null
run 1 "$FGDJ" check --db x.db
has out "党支部有正式党员 9 人，可以设立党总支"

# A joint branch over more units than joint.max_units: x.db's covers three (小象, 和平物流, 智造).
run 1 "$FGDJ" check --db x.db --format json
has out '"joint_too_many": 0'
"$FGDJ" settings joint.max_units 2 --db x.db >/dev/null
run 1 "$FGDJ" check --db x.db
has out "东城街道幸福和平联合党支部：联合覆盖 3 家单位，超过 2 家的上限"

# Formation rules in both directions, on another copy: 小微's branch (3 formal members) recorded as
# a 党总支 without a committee is too small for its kind and, as a 党总支, lacks its committee;
# 新建材料's branch (3) records a committee, which only the optional check names; the leadership
# body's term (started 2015) is never overdue: it is appointed, not elected.
db_copy d.db y.db
sed -e 's/^小微设计工作室党支部,党支部,/小微设计工作室党支部,党总支,/' \
	-e 's/,冯新建,否,,2026-06-01/,冯新建,是,3,2026-06-01/' \
	-e 's/,区委组织部,是,7,2022-01-01/,区委组织部,是,7,2015-01-01/' "$O" >o3.csv
"$FGDJ" import orgs o3.csv --db y.db >/dev/null || fail "import o3"
run 1 "$FGDJ" check --db y.db
has out "小微设计工作室党支部：党总支只有正式党员 3 人，设立党总支需 50 人以上，按人数应为党支部"
has out "小微设计工作室党支部：党总支应设委员会，台账记载未设委员会"
hasnt out "新建材料有限公司党支部：正式党员 3 人，不足 7 人"
hasnt out "中共临江区非公有制企业委员会：本届"
run 1 "$FGDJ" check --db y.db --format json
has out '"kind_too_small": 1'
has out '"kind_upgrade": 0'
has out '"committee_unneeded": 0'
"$FGDJ" settings org.flag_unneeded_committee 1 --db y.db >/dev/null
run 1 "$FGDJ" check --db y.db
has out "新建材料有限公司党支部：正式党员 3 人，不足 7 人，台账记载设有支委会"
# ... and upwards: with 党总支 and 党委 both from 3 members, the 党总支 of 3 may become a 党委.
"$FGDJ" settings org.general_branch_members 3 --db y.db >/dev/null
"$FGDJ" settings org.party_committee_members 3 --db y.db >/dev/null
run 1 "$FGDJ" check --db y.db
has out "小微设计工作室党支部：党总支有正式党员 3 人，可以设立党委"
hasnt out "党总支只有正式党员"

# A region: only its enterprises, organisations and members.
run 1 "$FGDJ" check --db d.db --region 西城街道
hasnt out "和平物流"
hasnt out "孙口袋"
run 0 "$FGDJ" check --db d.db --region 国贸大厦
has out "共 0 条"

finish
