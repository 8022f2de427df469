#!/bin/sh
# fgdj report work: the party-work paragraphs (secretaries, instructors, 三会一课 and study,
# training) carry the figures of tests/fixtures/party-figures; a paragraph without records is not
# written; "党员活动开展不经常" and its answer appear only while the compliance rate is below
# report.life_rate_low, and so do the study and visit problems with report.study_rate_low and
# report.visit_rate_low.
. "$(dirname "$0")/../lib.sh"

import_district d.db
# No party-work records yet: none of the paragraphs, and no problem made of missing records.
run 0 "$FGDJ" report work --db d.db --format md
hasnt out "选优配强党组织书记"
hasnt out "“四员”作用"
hasnt out "严格落实“三会一课”"
hasnt out "培训观摩"
hasnt out "党员活动开展不经常"
hasnt out "党员学习教育不够经常"
hasnt out "党建指导员联系企业不够经常"

for k in meetings study secretaries visits trainings trainees; do
	"$FGDJ" import "$k" "$FIX/party-figures/$k.csv" --db d.db >/dev/null 2>err || { fail "import $k"; cat err >&2; }
done

run 0 "$FGDJ" report work --db d.db --format md
cp out r.md
# Organisations with a secretary, in 台账 and in 书记 paragraphs alike, are those with a record in
# force on D (README: 3, 3, 4), not the 书记姓名 column of the organisations' ledger (today's name,
# and 钱书记 of an organisation the secretaries ledger has none for: 4, 5, 5 before).
for c in "2026-03-31 3" "2026-06-30 3" "2026-11-26 4"; do
	set -- $c
	"$FGDJ" report work --db d.db --as-of "$1" --format md >rd.md 2>/dev/null
	has rd.md "已建党组织中，登记了党组织书记的$2个"
	has rd.md "截至$(echo "$1" | awk -F- '{printf "%d年%d月%d日", $1, $2, $3}')，$2个党组织有在任书记"
done
has r.md "4个党组织有在任书记，其中内选2名、外聘1名、组织选派1名；党建工作和生产经营“双强”的书记3名，由出资人或高管担任书记的1名。本年度有2名书记参加了培训观摩"
has r.md "本年度走访企业4次，当好调研员、宣传员、服务员、督导员，其中发挥调研员2次、宣传员2次、服务员1次、督导员1次。"
# A rate of 0.0% is no achievement to report among the things done (only among the problems).
hasnt r.md "联系企业走访达标率0.0%"
has r.md "本年度共开展组织生活37次，其中主题党日17次、党课5次；纳入检查的5个党组织中按期开展的1个，达标率20.0%。党员本年度人均学习7.4学时，达到折算学时要求的党员占4.5%。"
has r.md "本年度组织培训观摩活动3场，辖区企业6人参加，其中企业出资人2名"
has r.md "### （四）党员活动开展不经常"
has r.md "达标率20.0%，低于80%的要求，共有45项组织生活未按期开展。"
has r.md "推动组织生活经常化规范化"
has r.md "督促存在45项组织生活未按期开展的党组织"

# at_edge KEY RATE PROBLEM ANSWER: with the setting KEY at RATE (the rate is not below it) the
# problem and its answer in 下步 are gone; at RATE + 1 both are there.
at_edge() {
	"$FGDJ" settings "$1" "$2" --db d.db >/dev/null
	run 0 "$FGDJ" report work --db d.db --format md
	hasnt out "$3"
	hasnt out "$4"
	"$FGDJ" settings "$1" "$(($2 + 1))" --db d.db >/dev/null
	run 0 "$FGDJ" report work --db d.db --format md
	has out "$3"
	has out "$4"
	has out "低于$(($2 + 1))%的要求"
}
at_edge report.life_rate_low 20 "党员活动开展不经常" "推动组织生活经常化规范化"
has out "达标率20.0%"

# Study: 4.5% of the members reached their prorated hours (README), far below 80: the problem and
# its answer name the members short of hours, as many as the study_short findings.
short=$("$FGDJ" check --db d.db --format json | grep -c '"rule": *"study_short"')
[ "$short" -gt 0 ] && ok || fail "study_short findings: $short"
has r.md "### （五）党员学习教育不够经常"
has r.md "达到折算学时要求的党员只占4.5%，低于80%的要求，有${short}名党员学时不足"
has r.md "对学时不足的${short}名党员"
at_edge report.study_rate_low 4 "党员学习教育不够经常" "抓实党员经常性学习教育"
# Visits: on D the compliance rate is 0.0% (not said among the things done, but a problem), and
# each (enterprise, quarter) short of a visit is one visit_missing finding.
vm=$("$FGDJ" check --db d.db --format json | grep -c '"rule": *"visit_missing"')
[ "$vm" -gt 0 ] && ok || fail "visit_missing findings: $vm"
has r.md "### （六）党建指导员联系企业不够经常"
has r.md "联系企业走访达标率只有0.0%，低于80%的要求，按企业和季度计共有${vm}处未达到走访要求"
has r.md "督促党建指导员履职尽责"
# The requirement the report names is the setting's.
has r.md "按照每季度至少走访1次的要求"
"$FGDJ" settings instructor.visits_per_quarter 2 --db d.db >/dev/null
run 0 "$FGDJ" report work --db d.db --format md
has out "按照每季度至少走访2次的要求，联系企业走访达标率只有0.0%"
"$FGDJ" settings instructor.visits_per_quarter 1 --db d.db >/dev/null
# On 2026-03-31 the rate is 100.0%: no problem then.
run 0 "$FGDJ" report work --db d.db --format md --as-of 2026-03-31
hasnt out "党建指导员联系企业不够经常"
hasnt out "督促党建指导员履职尽责"

# On 2026-03-31 no training had taken place: that paragraph is left out, the others hold that day's figures.
run 0 "$FGDJ" report work --db d.db --format md --as-of 2026-03-31
hasnt out "分层分类开展培训观摩"
has out "本年度共开展组织生活17次，其中主题党日8次、党课3次；纳入检查的4个党组织中按期开展的2个，达标率50.0%"
has out "按照每季度至少走访1次的要求，联系企业走访达标率100.0%。"
has out "3个党组织有在任书记，其中内选1名、外聘1名、组织选派1名"
hasnt out "名书记参加了培训观摩"
finish
