#!/bin/sh
# The facts of a city made from its districts' facts (facts_merge, docs/kept_figures.md): with
# FGDJ_FACTS_BY_DISTRICT=1 the whole city's facts are loaded district by district and merged, as the
# facts kept by district will be. Every figure, finding, plan and the work report must be byte for
# byte the one load's, at several dates.
#
# The data: the hand-made district of tests/fixtures/district with every party-work fixture, its
# places spread over two districts of a city so that what crosses districts is exercised:
# - 东城街道幸福和平联合党支部 (O2) covers 临江小象餐饮 (幸福社区, 临江区) and 和平物流 (和平社区, 江北区):
#   an organisation active in both districts' facts with its meetings, secretary, rating, funding
#   (an award outside its stars' range: a finding), venue and a late transfer — counted once;
# - a trainee with one ID number trained for an enterprise of each district: one person;
# - a campaign whose tasks lie in both districts: its counts added up;
# - members, dues findings, development records, designations, roster lines and visits in both.
. "$(dirname "$0")/../lib.sh"

DB=c.db
run 0 "$FGDJ" init --db $DB
for p in "district 临江区" "district 江北区" "street 临江区/东城街道" "street 江北区/东城街道" "street 江北区/西城街道"; do
	# shellcheck disable=SC2086 # level and path
	run 0 "$FGDJ" place add $p --db $DB
done
for p in "临江区/东城街道 幸福社区" "江北区/东城街道 和平社区" "江北区/西城街道 光明社区"; do
	# shellcheck disable=SC2086
	run 0 "$FGDJ" place add community $p --db $DB
done
# 所属街道 by the community: the street's path (东城街道 is in both districts).
street_of='{ if ($4 == "幸福社区") $3 = "临江区/东城街道"; else if ($4 == "和平社区") $3 = "江北区/东城街道";
	else if ($4 == "光明社区") $3 = "江北区/西城街道" } 1'
awk -F, -v OFS=, "$street_of" "$FIX/district/enterprises.csv" >ents.csv
run 0 "$FGDJ" import enterprises ents.csv --new-places --db $DB
# The organisations' 所属街道 likewise (O2's has no community: 临江区's).
awk -F, -v OFS=, '{ if ($6 == "东城街道") $6 = ($7 == "和平社区" ? "江北区/东城街道" : "临江区/东城街道");
	else if ($6 == "西城街道") $6 = "江北区/西城街道" } 1' "$FIX/district/orgs.csv" >orgs.csv
run 0 "$FGDJ" import orgs orgs.csv --db $DB
for k in members instructors; do
	run 0 "$FGDJ" import $k "$FIX/district/$k.csv" --db $DB
done
for k in meetings study secretaries visits trainings trainees; do
	run 0 "$FGDJ" import $k "$FIX/party-figures/$k.csv" --db $DB
done
# The same person (ID number) trained again for an enterprise of 江北区 (和平物流).
{ echo '培训名称,开始日期,姓名,公民身份号码,身份,企业统一社会信用代码'
  echo '年底党员轮训,2026-11-20,张一,330106196102020035,党员,91330106MA2000342T'; } >t2.csv
run 0 "$FGDJ" import trainees t2.csv --db $DB
run 0 "$FGDJ" import members "$FIX/recog/members_disclosed.csv" --db $DB
run 0 "$FGDJ" import members "$FIX/rosters/members.csv" --db $DB
run 0 "$FGDJ" import members "$FIX/mobility/members.csv" --db $DB
for f in transfers/transfers development/development dues/dues funding/funding ratings/rubric \
	recog/designations recog/venues rosters/rosters; do
	k=${f#*/}
	run 0 "$FGDJ" import "$k" "$FIX/$f.csv" --db $DB
done
run 0 "$FGDJ" import ratings "$FIX/ratings/ratings_2024.csv" --db $DB
sed 's/,东城街道$/,/' "$FIX/campaigns/campaigns.csv" >camps.csv # the whole city
run 0 "$FGDJ" import campaigns camps.csv --db $DB
run 0 "$FGDJ" import tasks "$FIX/campaigns/tasks.csv" --db $DB
# O2: a late transfer, a funding award outside its stars' range, a rating and a venue.
{ echo '公民身份号码,姓名,方向,本方党组织,对方党组织,介绍信日期,办结日期'
  echo '330106197201130250,赵二,转出,东城街道幸福和平联合党支部,中共明州市某公司支部委员会,2026-05-10,'; } >tf2.csv
run 0 "$FGDJ" import transfers tf2.csv --db $DB
{ echo '党组织名称,日期,类型,金额（元）,依据文号'
  echo '东城街道幸福和平联合党支部,2026-04-01,星级奖励,90000,区委组〔2026〕9号'
  echo '东城街道幸福和平联合党支部,2026-05-01,专项补贴,3000,区委组〔2026〕10号'; } >fu2.csv
run 0 "$FGDJ" import funding fu2.csv --db $DB
{ echo '党组织名称,地址,面积（平方米）,有场所,有设施,有标识,有党旗,有书报,有制度,开放式组织生活基地,认定日期'
  echo '东城街道幸福和平联合党支部,和平路2号,80,是,是,是,是,是,是,否,2026-02-01'; } >vn2.csv
run 0 "$FGDJ" import venues vn2.csv --db $DB

# Both districts hold what the merge must take once or add up.
eq "$(sql $DB "SELECT count(DISTINCT e.district_id) FROM coverage cv JOIN enterprise e ON e.id = cv.enterprise_id
	JOIN org o ON o.id = cv.org_id WHERE o.name = '东城街道幸福和平联合党支部'")" 2 "O2 covers enterprises of both districts"
eq "$(sql $DB "SELECT count(DISTINCT e.district_id) FROM task t JOIN enterprise e ON e.id = t.enterprise_id")" 2 \
	"the tasks lie in both districts"
eq "$(sql $DB "SELECT count(DISTINCT e.district_id) FROM trainee t JOIN enterprise e ON e.id = t.enterprise_id
	WHERE t.idno = '330106196102020035'")" 2 "one trainee, enterprises of both districts"

# same_merged ARGS…: the command prints the same and exits the same loaded whole and by district.
same_merged() {
	"$FGDJ" "$@" --db $DB >one.out 2>&1
	a=$?
	FGDJ_FACTS_BY_DISTRICT=1 "$FGDJ" "$@" --db $DB >merged.out 2>&1
	eq "$?" "$a" "$*: exit status merged"
	if [ -s one.out ] && cmp -s one.out merged.out; then ok; else
		fail "$* merged differs: $(diff one.out merged.out | head -6)"; fi
}
for d in 2026-03-31 2026-06-30 2026-11-26; do
	same_merged stats --format json --as-of $d
	same_merged stats --by district --format json --as-of $d
	same_merged stats --by street --format csv --as-of $d
	same_merged check --format json --as-of $d
	same_merged check --as-of $d
	same_merged plan joint --format json --as-of $d
done
same_merged report work --format md
same_merged report work --format md --as-of 2026-06-30
same_merged stats --compare 2026-06-30 --format json
# What the merge must not lose: the figures it takes once or adds up are there to compare.
"$FGDJ" stats --format json --db $DB >s.json
# 张一 trained twice is one of the six participants of the year (tests/fixtures/party-figures).
expect_json s.json "training_participants=6" "the city's figures"
"$FGDJ" check --format json --db $DB >c.json
has c.json '"rule": "transfer_pending"'
has c.json '"rule": "funding_out_of_range"'

# The switch is the whole city's only: a district's load is the same either way (nothing merged).
same_merged stats --format json --region 江北区
same_merged check --format json --region 临江区

finish
