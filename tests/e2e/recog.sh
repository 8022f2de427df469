#!/bin/sh
# 亮身份 designations and 党员活动阵地 venues: every figure of tests/fixtures/recog/README.md at its
# dates (before a grant, between, on and after a revocation; before and after a 认定日期), by region,
# with venue.min_area raised; the venue_missing finding and the report's sentences; bad rows refused
# with row and column and nothing written; re-import changes nothing; export and history; the web
# lists and API in scope and refused out of it; a member's and an enterprise's page showing their
# designations.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"

DB=d.db
import_district $DB
DG=$FIX/recog/designations.csv
VN=$FIX/recog/venues.csv
run 0 "$FGDJ" import members "$FIX/recog/members_disclosed.csv" --db $DB
has out '更新 2'
run 0 "$FGDJ" import designations "$DG" --db $DB
has out '新增 5'
run 0 "$FGDJ" import venues "$VN" --db $DB
has out '新增 5'
eq "$(sql $DB "SELECT count(*) FROM designation_member")" 6 "designation members are links"

# ---- the figures (README) ----
stats_at() { # DATE EXPECTED [ARGS...]
	d=$1 keys=$2
	shift 2
	run 0 "$FGDJ" stats --db $DB --format json --as-of "$d" "$@"
	expect_json "$WORK/out" "$keys" "$d $*"
}
stats_at 2026-02-28 "members_disclosed=21 disclosed_rate=100.0 designations_model_post=0 designations_vanguard_post=2 designations_responsibility_area=0 orgs_total=4 venues_standard=2 venue_standard_rate=50.0 open_bases=2"
stats_at 2026-06-29 "designations_model_post=1 designations_vanguard_post=2 designations_responsibility_area=1"
stats_at 2026-06-30 "designations_model_post=1 designations_vanguard_post=1 designations_responsibility_area=1"
stats_at 2026-07-31 "members_disclosed=22 disclosed_rate=100.0 designations_model_post=1 designations_vanguard_post=1 designations_responsibility_area=1 orgs_total=5 venues_standard=3 venue_standard_rate=60.0 open_bases=2"
stats_at 2026-11-26 "members_disclosed=20 disclosed_rate=90.9 designations_model_post=2 designations_vanguard_post=1 designations_responsibility_area=1 venues_standard=3 venue_standard_rate=60.0 open_bases=3"
stats_at 2026-11-26 "designations_model_post=0 designations_vanguard_post=0 designations_responsibility_area=1 orgs_total=3 venues_standard=1 venue_standard_rate=33.3 open_bases=2" --region 西城街道

# ---- the finding ----
run 1 "$FGDJ" check --db $DB --format json
has out '"venue_missing": 2'
run 1 "$FGDJ" check --db $DB
has out '光明社区非公企业联合党支部：阵地台账中没有该党组织的党员活动阵地'
has out '新建材料有限公司党支部：不符合“六有”：缺少书报、制度'
run 1 "$FGDJ" check --db $DB --as-of 2026-07-31
has out '新建材料有限公司党支部：阵地认定日期为 2026-10-01，2026-07-31 时尚未认定'
hasnt out '中共临江区非公有制企业委员会：阵地'

# ---- the report (11-26, then 02-28) ----
run 0 "$FGDJ" report work --db $DB --format md -o r.md
has r.md '90.9%的党员在工作岗位上亮明了党员身份'
has r.md '在企业设立党员示范岗2个、党员先锋岗1个、党员责任区1个'
has r.md '5个党组织中建有标准化阵地的3个，标准化率60.0%；建成开放式组织生活基地3个'
hasnt r.md '党建阵地建设不规范' # 60.0% is not below 60%
has r.md '目前尚有2个党组织没有达标'
run 0 "$FGDJ" report work --db $DB --format md -o r0.md --as-of 2026-02-28
has r0.md '100.0%的党员在工作岗位上亮明了党员身份'
has r0.md '在企业设立党员先锋岗2个，'
hasnt r0.md '党员示范岗0个'
has r0.md '党建阵地建设不规范'
has r0.md '4个党组织中建有标准化阵地的只有2个，标准化率50.0%，低于60%的要求'
has r0.md '目前尚有2个党组织没有达标'

# ---- the disclosure problem: 90.9 % is not below the default 80 %; with the bar at 91 % it is,
# and 下步 answers it ----
hasnt r.md '不愿意在工作岗位上亮明党员身份'
db_copy $DB bar.db
run 0 "$FGDJ" settings report.disclosed_rate_low 91 --db bar.db
run 0 "$FGDJ" report work --db bar.db --format md -o bar.md
has bar.md '部分非公企业党员不愿意在工作岗位上亮明党员身份，亮明身份的党员只占90.9%，低于91%的要求'
has bar.md '引导党员亮身份、当先锋'

# ---- venue.min_area: the rule's setting, in figures, finding and report ----
db_copy $DB area.db
run 0 "$FGDJ" settings venue.min_area 30 --db area.db
run 0 "$FGDJ" stats --db area.db --format json
expect_json "$WORK/out" "venues_standard=1 venue_standard_rate=20.0" "min_area 30"
run 1 "$FGDJ" check --db area.db
has out '东城街道幸福和平联合党支部：面积 25 平方米，不足 30 平方米'
has out '小微设计工作室党支部：面积未登记（标准化阵地不少于 30 平方米）'
run 1 "$FGDJ" check --db area.db --format json
has out '"venue_missing": 4'
run 0 "$FGDJ" report work --db area.db --format md -o ra.md
has ra.md '5个党组织中建有标准化阵地的只有1个，标准化率20.0%，低于60%的要求'
has ra.md '目前尚有4个党组织没有达标'
run 0 "$FGDJ" settings report.venue_rate_low 20 --db area.db
run 0 "$FGDJ" report work --db area.db --format md -o rb.md
hasnt rb.md '党建阵地建设不规范' # 20.0% is not below a threshold of 20%

# ---- re-import: nothing changes ----
before=$(dbsum $DB)
run 0 "$FGDJ" import designations "$DG" --db $DB
has out '未变 5'
run 0 "$FGDJ" import venues "$VN" --db $DB
has out '未变 5'
eq "$(dbsum $DB)" "$before" "re-import changes nothing"

# ---- refused rows: file, row and column named, nothing written ----
refuse() { # KIND FILE NAME CSV-ROWS COLUMN TEXT [ROW]
	printf '%s\n%s\n' "$(head -1 "$2")" "$4" >bad.csv
	sum_=$(dbsum $DB)
	run 2 "$FGDJ" import "$1" bad.csv --db $DB
	has err "bad.csv:${7:-2}:$5"
	has err "$6"
	eq "$(dbsum $DB)" "$sum_" "$3: nothing written"
}
refuse designations "$DG" "member not employed there" '党员示范岗,新岗,91330106MA20002034,330106197403150292,2026-03-01,' 党员 '党员周一不在企业临江智造科技有限公司工作'
refuse designations "$DG" "member not in the roster" '党员示范岗,新岗,91330106MA20002034,330106199905051269,2026-03-01,' 党员 '不在党员名册中'
refuse designations "$DG" "unknown enterprise" '党员示范岗,新岗,91330106MA2000908B,,2026-03-01,' 企业统一社会信用代码 '不在企业台账中'
refuse designations "$DG" "granted in the future" '党员示范岗,新岗,91330106MA20002034,,2026-12-01,' 授予日期 '晚于今天'
refuse designations "$DG" "revoked in the future" '党员示范岗,新岗,91330106MA20002034,,2026-03-01,2026-12-01' 撤销日期 '晚于今天'
refuse designations "$DG" "revoked before granted" '党员示范岗,新岗,91330106MA20002034,,2026-03-01,2026-02-28' 撤销日期 '撤销日期早于授予日期'
refuse designations "$DG" "an unknown kind" '党员模范岗,新岗,91330106MA20002034,,2026-03-01,' 类型 '党员示范岗'
refuse designations "$DG" "the same key twice" '党员示范岗,新岗,91330106MA20002034,,2026-03-01,
党员示范岗,新岗,91330106MA20002034,,2026-04-01,' 类型 '重复' 3
refuse venues "$VN" "unknown organisation" '中共不存在公司支部,某路1号,50,是,是,是,是,是,是,否,2026-01-01' 党组织名称 '不在党组织台账中'
refuse venues "$VN" "recognised in the future" '新建材料有限公司党支部,光明路9号,60,是,是,是,是,是,是,否,2026-12-01' 认定日期 '晚于今天'
refuse venues "$VN" "negative area" '新建材料有限公司党支部,光明路9号,-5,是,是,是,是,是,是,否,' '面积（平方米）' '负数'
refuse venues "$VN" "the same organisation twice" '新建材料有限公司党支部,光明路9号,60,是,是,是,是,是,是,否,
新建材料有限公司党支部,光明路9号,60,是,是,是,是,是,是,是,' 党组织名称 '重复' 3

# ---- export and history ----
run 0 "$FGDJ" export designations --db $DB
has out '党员示范岗,智能产线党员示范岗,91330106MA20002034,330106********0035；330106********0077,2026-03-01,'
run 0 "$FGDJ" export venues --db $DB
has out '小微设计工作室党支部,光明路3号,,是,是,是,是,是,是,是,'
sed 's/^党员先锋岗,仓储党员先锋岗,\(.*\),2026-06-30$/党员先锋岗,仓储党员先锋岗,\1,2026-07-15/' "$DG" >dg2.csv
run 0 "$FGDJ" import designations dg2.csv --db $DB
has out '更新 1'
run 0 "$FGDJ" history designation 党员先锋岗/仓储党员先锋岗/91330106MA2000342T --db $DB
has out '撤销日期：2026-06-30 → 2026-07-15'
stats_at 2026-07-14 "designations_vanguard_post=2"
run 0 "$FGDJ" history venue 小微设计工作室党支部 --db $DB
has out '新增'

# ---- the web: lists and API in scope, refused out of it; the pages ----
need_curl
add_user boss admin
add_user xc street 西城街道
add_user sec secretary 小微设计工作室党支部
start_server $DB
api_login boss bj
BOSS=$CSRF
api_login xc xj
XC=$CSRF
api_login sec sj
SEC=$CSRF
req 200 GET /designations -b xj
has "$WORK/body" '设计部党员责任区'
hasnt "$WORK/body" '智能产线党员示范岗'
req 200 GET /api/v1/designations -b xj
has "$WORK/body" '"name":"设计部党员责任区"'
hasnt "$WORK/body" '仓储党员先锋岗'
req 200 GET /api/v1/designations -b bj
has "$WORK/body" '仓储党员先锋岗'
ID=$(sql $DB "SELECT id FROM designation WHERE name = '智能产线党员示范岗'")
req 404 GET "/api/v1/designations/$ID" -b xj
req 200 GET "/api/v1/designations/$ID" -b bj
has "$WORK/body" '"kind":"党员示范岗"'
before=$(dbsum $DB)
st=$(json -b xj -H "X-CSRF-Token: $XC" -X POST "$URL/api/v1/designations" \
	-d '{"kind":"党员责任区","name":"越界责任区","uscc":"91330106MA20002034","granted":"2026-03-01"}')
eq "$st" 422 "a street user cannot designate another street's enterprise"
has "$WORK/body" '不在您的工作范围内'
st=$(json -b sj -H "X-CSRF-Token: $SEC" -X POST "$URL/api/v1/designations" \
	-d '{"kind":"党员责任区","name":"书记登记","uscc":"91330106MA2000553A","granted":"2026-03-01"}')
eq "$st" 422 "a secretary records no designations"
eq "$(dbsum $DB)" "$before" "refused: nothing written"
st=$(json -b bj -H "X-CSRF-Token: $BOSS" -X POST "$URL/api/v1/designations" \
	-d '{"kind":"党员责任区","name":"借调责任区","uscc":"91330106MA2000553A","members":"330106196102020035","granted":"2026-03-01"}')
eq "$st" 422 "the API refuses a member employed elsewhere"
has "$WORK/body" '党员张一不在企业小微设计工作室有限公司工作'
eq "$(dbsum $DB)" "$before" "refused: nothing written"
# the form: the enterprise first, then the members employed by it ticked — never typed
req 200 GET /designations/new -b xj
has "$WORK/body" '企业名称或统一社会信用代码'
req 200 GET /designations/new -b xj -G --data-urlencode 'employer=小微设计工作室有限公司'
has "$WORK/body" '党员责任区'
has "$WORK/body" '<input type="hidden" name="uscc" value="91330106MA2000553A">'
eq "$(grep -c 'type="checkbox" name="member"' "$WORK/body")" 3 "the form lists the enterprise's three employed members"
hasnt "$WORK/body" 'name="members"'
hasnt "$WORK/body" '330106197403150292'
has "$WORK/body" '330106********0292'
req 404 GET /designations/new?employer=91330106MA20002034 -b xj
M1=$(sql $DB "SELECT id FROM member WHERE idno = '330106197403150292'")
M3=$(sql $DB "SELECT id FROM member WHERE idno = '330106197605170339'")
MOUT=$(sql $DB "SELECT id FROM member WHERE idno = '330106196102020035'")
MELSE=$(sql $DB "SELECT m.id FROM member m JOIN enterprise e ON e.id = m.employer_id JOIN region c ON c.id = e.community_id
	JOIN region st ON st.id = c.parent_id WHERE st.name = '西城街道' AND e.uscc <> '91330106MA2000553A' ORDER BY m.id LIMIT 1")
before=$(dbsum $DB)
req 422 POST /designations -b xj --data-urlencode "csrf=$XC" --data-urlencode kind=党员责任区 --data-urlencode name=伪造责任区 \
	-d uscc=91330106MA2000553A -d granted=2026-09-01 -d roster=1 -d "member=$MOUT"
has "$WORK/body" '不在您的工作范围内'
if [ -n "$MELSE" ]; then
	req 422 POST /designations -b xj --data-urlencode "csrf=$XC" --data-urlencode kind=党员责任区 --data-urlencode name=借调责任区 \
		-d uscc=91330106MA2000553A -d granted=2026-09-01 -d roster=1 -d "member=$MELSE"
	has "$WORK/body" '不在企业小微设计工作室有限公司工作'
else
	fail "fixture: a member of 西城街道 employed by another enterprise"
fi
eq "$(dbsum $DB)" "$before" "refused ticks: nothing written"
req 303 POST /designations -b xj --data-urlencode "csrf=$XC" --data-urlencode kind=党员先锋岗 --data-urlencode name=设计部党员先锋岗 \
	-d uscc=91330106MA2000553A -d granted=2026-09-01 -d roster=1 -d "member=$M1" -d "member=$M3"
LOC=$(header Location)
case $LOC in /designations/[0-9]*) ok ;; *) fail "the form's save redirects to the designation: $LOC" ;; esac
DID=$(echo "$LOC" | sed 's|/designations/\([0-9]*\).*|\1|')
eq "$(sql $DB "SELECT group_concat(m.idno, ' ') FROM (SELECT m.idno FROM designation_member dm JOIN member m ON m.id = dm.member_id
	WHERE dm.designation_id = $DID ORDER BY m.idno) m")" "330106197403150292 330106197605170339" "the ticked members hold the post"
req 200 GET "/designations/$DID" -b xj
has "$WORK/body" '>周一</a>、<a href="/members/'
has "$WORK/body" '>周三</a>'
hasnt "$WORK/body" '>周二</a>'
req 200 GET "/designations/$DID/edit" -b xj
eq "$(grep -c 'name="member" value="[0-9]*" id="tick-[0-9]*" checked' "$WORK/body")" 2 "the edit form keeps both ticks"
VER=$(sql $DB "SELECT version FROM designation WHERE id = $DID")
req 303 POST "/designations/$DID" -b xj --data-urlencode "csrf=$XC" -d "version=$VER" -d granted=2026-09-01 -d roster=1 -d "member=$M3"
eq "$(sql $DB "SELECT count(*) FROM designation_member WHERE designation_id = $DID")" 1 "unticking removes the member"
run 0 "$FGDJ" history designation 党员先锋岗/设计部党员先锋岗/91330106MA2000553A --db $DB
has out '330106********0292；330106********0339 → 330106********0339'
st=$(json -b xj -H "X-CSRF-Token: $XC" -X POST "$URL/api/v1/designations" \
	-d '{"kind":"党员示范岗","name":"设计部党员示范岗","uscc":"91330106MA2000553A","members":"330106197605170339","granted":"2026-09-01"}')
eq "$st" 201 "a street user designates an enterprise of its street"
req 200 GET /api/v1/venues -b sj
has "$WORK/body" '"org":"小微设计工作室党支部"'
hasnt "$WORK/body" '临江路1号'
VID=$(sql $DB "SELECT v.id FROM venue v JOIN org o ON o.id = v.org_id WHERE o.name = '中共临江智造科技有限公司支部委员会'")
req 404 GET "/api/v1/venues/$VID" -b sj
before=$(dbsum $DB)
st=$(json -b sj -H "X-CSRF-Token: $SEC" -X POST "$URL/api/v1/venues" \
	-d '{"org":"中共临江智造科技有限公司支部委员会","site":true}')
eq "$st" 422 "a secretary cannot record another organisation's venue"
eq "$(dbsum $DB)" "$before" "refused: nothing written"
req 200 GET /venues -b bj
has "$WORK/body" '临江路1号'
# a venue's page: standard or not, and why — the finding's words
VID=$(sql $DB "SELECT v.id FROM venue v JOIN org o ON o.id = v.org_id WHERE o.name = '新建材料有限公司党支部'")
req 200 GET "/venues/$VID" -b bj
has "$WORK/body" '这不是标准化党建活动阵地：不符合“六有”：缺少书报、制度。'
VID=$(sql $DB "SELECT v.id FROM venue v JOIN org o ON o.id = v.org_id WHERE o.name = '东城街道幸福和平联合党支部'")
req 200 GET "/venues/$VID" -b bj
has "$WORK/body" '这是标准化党建活动阵地（“六有”齐全）'
# the dashboard: the recognition figures as cards, each linking to its list (today: as on 11-26)
req 200 GET / -b bj
has "$WORK/body" '<a href="/members?disclosed=1"><span class="value">90.9%</span><span class="label">党员亮身份比例</span></a><div class="sub"><a href="/members?formal=1">正式党员 <span class="num">'
has "$WORK/body" '<div class="sub"><a href="/members?disclosed=1">亮明身份的党员 <span class="num">20</span></a></div>'
has "$WORK/body" '<a href="/figures/venues_standard"><span class="value">60.0%</span><span class="label">阵地标准化率</span></a><div class="sub"><a href="/figures/venues_standard">有标准化阵地的党组织 <span class="num">3</span></a></div>'
has "$WORK/body" '<a href="/figures/open_bases"><span class="value">3</span><span class="label">开放式组织生活基地</span></a></div>'
has "$WORK/body" '<a href="/figures/orgs_rated"><span class="value">'
has "$WORK/body" '<a href="/figures/funding_awards"><span class="value">0元</span><span class="label">本年星级奖励</span></a>'
# the by-street table of fgdj stats --by street, with the recognition columns: 西城 as on 11-26
has "$WORK/body" '<caption>按街道统计</caption>'
grep '<tr><th scope="row">西城街道</th>' "$WORK/body" >row.html || fail "the dashboard's by-street table has 西城街道"
W_ID=$(sql $DB "SELECT id FROM region WHERE name = '西城街道'") # venue_standard_rate, open_bases: 西城's lists
has row.html "<td class=\"num\"><a href=\"/figures/venues_standard?street=$W_ID\">33.3%</a></td><td class=\"num\"><a href=\"/figures/open_bases?street=$W_ID\">2</a></td></tr>"
run 0 "$FGDJ" stats --db $DB --by street
has out '阵地标准化率'
has out '开放式组织生活基地'
req 200 GET / -b xj
has "$WORK/body" '<a href="/figures/venues_standard"><span class="value">33.3%</span><span class="label">阵地标准化率</span></a>'
# the 亮身份 figure opens the list it counts: the same count for the district and for a street
req 200 GET '/members?disclosed=1' -b bj
has "$WORK/body" '<span>共 20 条'
has "$WORK/body" 'name="disclosed" value="1" checked'
hasnt "$WORK/body" '张二' # changed to 否 (members_disclosed.csv)
run 0 "$FGDJ" stats --db $DB --format json --region 西城街道
xc_disclosed=$(sed -n 's/.*"members_disclosed": \([0-9]*\).*/\1/p' "$WORK/out")
req 200 GET '/members?disclosed=1' -b xj
has "$WORK/body" "<span>共 $xc_disclosed 条"
req 200 GET '/api/v1/members?disclosed=1' -b xj
has "$WORK/body" "\"total\":$xc_disclosed"
# a member's page: what it holds and held; an enterprise's page: its posts and areas
MID=$(sql $DB "SELECT id FROM member WHERE idno = '330106196102020035'")
req 200 GET "/members/$MID" -b bj
has "$WORK/body" '智能产线党员示范岗'
has "$WORK/body" '在岗'
MID=$(sql $DB "SELECT id FROM member WHERE idno = '330106197112120237'")
req 200 GET "/members/$MID" -b bj
has "$WORK/body" '仓储党员先锋岗'
has "$WORK/body" '已撤销'
req 200 GET /enterprises/91330106MA20002034 -b bj
has "$WORK/body" '智能产线党员示范岗'
has "$WORK/body" '客服党员示范岗'
hasnt "$WORK/body" '设计部党员责任区'
req 200 GET /enterprises/91330106MA2000553A -b xj
has "$WORK/body" '设计部党员责任区'
has "$WORK/body" '设计部党员示范岗'
# the enterprise page offers a new post or area: the form for this enterprise's members
EID=$(sql $DB "SELECT id FROM enterprise WHERE uscc = '91330106MA2000553A'")
has "$WORK/body" "href=\"/designations/new?employer=$EID\">新增岗区</a>"
req 200 GET "/designations/new?employer=$EID" -b xj
has "$WORK/body" '小微设计工作室有限公司'
has "$WORK/body" 'name="member"'
add_user viewer viewer
api_login viewer vj
req 200 GET /enterprises/91330106MA2000553A -b vj
hasnt "$WORK/body" '新增岗区'
finish
