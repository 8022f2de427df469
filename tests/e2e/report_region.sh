#!/bin/sh
# The plan accounts for every uncovered 三有 enterprise and the report's counts are the findings'
# (one source); the report of a street, a community and a zone speaks of that region. Figures
# worked out by hand in tests/fixtures/plan/README.md.
. "$(dirname "$0")/../lib.sh"

import_district d.db
"$FGDJ" init --name 临江区 --db d.db >/dev/null
"$FGDJ" import enterprises "$FIX/plan/enterprises.csv" --new-places --db d.db >/dev/null || fail "import plan enterprises"
"$FGDJ" import members "$FIX/plan/members.csv" --db d.db >/dev/null || fail "import plan members"

# A figure of `fgdj report vars` (REGION may be empty: the district).
var() {
	if [ -n "${2:-}" ]; then
		"$FGDJ" report vars --db d.db --region "$2"
	else
		"$FGDJ" report vars --db d.db
	fi | awk -F '\t' -v k="{{$1}}" '$1 == k { print $2 }'
}

# The plan of the district: each of the 12 uncovered in exactly one proposal.
eq "$(var enterprises_uncovered)" 12 "uncovered"
eq "$(var uncovered_single)" 1 "single"
eq "$(var plan_filled)" 1 "joins an existing branch"
eq "$(var plan_units)" 6 "in new branches"
eq "$(var plan_groups)" 2 "new branches"
eq "$(var plan_leftover)" 1 "affiliated"
eq "$(var uncovered_no_member)" 3 "instructor"
eq "$(var uncovered_instructed)" 1 "instructed already"
sum=$(($(var uncovered_single) + $(var plan_filled) + $(var plan_units) + $(var plan_leftover) + $(var uncovered_no_member)))
eq "$sum" "$(var enterprises_uncovered)" "the proposals add up to the uncovered"
for r in 南城街道 南山社区 北湖园; do
	sum=$(($(var uncovered_single "$r") + $(var plan_filled "$r") + $(var plan_units "$r") + $(var plan_leftover "$r") + $(var uncovered_no_member "$r")))
	eq "$sum" "$(var enterprises_uncovered "$r")" "$r: the proposals add up to the uncovered"
done

# The findings and the report count the same.
run 1 "$FGDJ" check --db d.db --format json
has out '"need_single": 2'
has out '"big_no_instructor": 1'
eq "$(var need_single)" 2 "need_single as the findings"
eq "$(var big_no_instructor)" 1 "big_no_instructor as the findings"
eq "$(var need_single_covered)" 1 "need_single covered jointly"
run 0 "$FGDJ" plan joint --db d.db --format json
has out '"uncovered": 12'
has out '"joined_existing": 1'
has out '"instructor_priority": 1'
has out '"branch": "东城街道幸福和平联合党支部"'
run 0 "$FGDJ" plan joint --db d.db
has out "未覆盖的“三有”企业 12 家：单独建立党组织 1 家，并入现有联合党支部 1 家，新组建联合党支部覆盖 6 家，挂靠建 1 家，暂无正式党员、由党建指导员开展工作 3 家（已派驻 1 家，优先选派 1 家）"
# One industry to a new branch: 餐饮业 P2 P4 P6, 软件业 P3 P5 P7.
awk '/第1联合党支部/{g=1} /第2联合党支部/{g=2} /并入现有/{g=0} g==1' out >g1.txt
awk '/第2联合党支部/{g=2} /并入现有/{g=0} g==2' out >g2.txt
for n in 南山面馆 南山茶餐厅 南山快餐; do has g1.txt "$n"; done
for n in 南山软件 南山数据 南山网络; do has g2.txt "$n"; done

# joint.max_units at its boundary: at 3 the branch of 东城街道 (2 units) still has room for E10; at 2
# it is full, E10 is left to 挂靠建, and branches of two one-member units (2 formal) cannot be
# founded, so P2–P7 are too: every uncovered enterprise is still accounted for.
db_copy d.db m.db
"$FGDJ" settings joint.max_units 3 --db m.db >/dev/null
run 0 "$FGDJ" plan joint --db m.db --format json
has out '"joined_existing": 1'
has out '"affiliated": 1'
"$FGDJ" settings joint.max_units 2 --db m.db >/dev/null
run 0 "$FGDJ" plan joint --db m.db --format json
has out '"joined_existing": 0'
has out '"groups_count": 0'
has out '"affiliated": 8'
has out '"uncovered": 12'

# The district's report: the uncovered by make-up, the plan by proposal, each count a subset.
run 0 "$FGDJ" report work --db d.db --format md
cp out r.md
has r.md "“三有”企业中尚有12家未被党组织覆盖，其中1家已有3名以上正式党员却未建立党组织（如南山精工有限公司）、8家有1至2名正式党员、3家还没有正式党员（其中1家从业人员较多的企业也未派驻指导员）。"
has r.md "另有1家企业已有3名以上正式党员，仍由联合建或挂靠建的党组织覆盖"
has r.md "应建尽建率为50.0%"
has r.md "对12家尚未覆盖的“三有”企业逐户制定组建方案：有3名以上正式党员的1家企业限期单独建立党组织；1家党员不足3名的企业就近并入现有的联合党支部；按就近就便原则，在同一园区、社区或街道内新组建联合党支部2个，覆盖6家党员不足3名的企业；1家暂不具备联建条件的企业由所在社区党组织兜底挂靠；3家暂无正式党员的企业由党建指导员开展工作（已派驻1家），向其中1家较大规模的企业优先选派"
has r.md "全区纳入台账的非公企业22家"
# Six parks: counted by kind, the five largest named, 北湖园 first.
has r.md "园区3个"
has r.md "商圈2个"
has r.md "科技园1个"
has r.md "其中企业最多的5个是北湖园（园区）有企业2家"
eq "$(grep -o '（园区）\|（商圈）\|（科技园）' r.md | wc -l | tr -d ' ')" 5 "five parks named"
# No sentence names the program or its pages.
hasnt r.md "fgdj"
hasnt r.md "本月待办"
hasnt r.md "系统"

# A street: its name and 本街道, its communities listed, never 全区 or 下辖…个街道.
run 0 "$FGDJ" report work --db d.db --format md --region 南城街道
cp out s.md
has s.md "# 南城街道非公有制企业党建工作情况报告"
has s.md "南城街道下辖2个社区（"
has s.md "南湖社区"
has s.md "南山社区"
has s.md "本街道纳入台账的非公企业7家"
has s.md "本街道非公企业中有正式党员9名"
has s.md "对7家尚未覆盖的“三有”企业逐户制定组建方案：有3名以上正式党员的1家企业限期单独建立党组织；按就近就便原则，在同一园区、社区或街道内新组建联合党支部2个，覆盖6家"
hasnt s.md "全区"
hasnt s.md "个街道"

# A community: 本社区, no 下辖 sentence at all.
run 0 "$FGDJ" report work --db d.db --format md --region 南山社区
cp out c.md
has c.md "# 南山社区非公有制企业党建工作情况报告"
has c.md "本社区纳入台账的非公企业6家"
has c.md "本社区非公企业中有正式党员6名"
has c.md "对6家尚未覆盖的“三有”企业逐户制定组建方案：按就近就便原则，在同一园区、社区或街道内新组建联合党支部2个，覆盖6家"
hasnt c.md "下辖"
hasnt c.md "全区"

# A zone (a 园区): 本园区; no members, said so.
run 0 "$FGDJ" report work --db d.db --format md --region 北湖园
cp out z.md
has z.md "本园区纳入台账的非公企业2家"
has z.md "本园区非公企业中暂无党员"
has z.md "2家暂无正式党员的企业由党建指导员开展工作，向其中1家较大规模的企业优先选派"
hasnt z.md "下辖"
hasnt z.md "全区"

finish
