#!/bin/sh
# A territory of any depth (docs/scope.md): a city with two districts, the same street name in
# both (tests/fixtures/territory, figures worked out by hand in its README). Regions are named by
# path or by a unique name, an ambiguous name is refused with the candidates' paths (import: with
# file:row:column), 所属区县 is its own column in a city's files (所属街道 "区县/街道" still read), figures break down by district at the city
# root, and a district user and a street user see only their part (web list, API, stats).
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

T="$FIX/territory"
DB=t.db
run 0 "$FGDJ" init --db $DB
# ---- the tree: the empty database's root becomes the city ----
run 0 "$FGDJ" place add district 临江区 --db $DB
has out "已新建区县：临江区"
run 0 "$FGDJ" place add district 江北区 --db $DB
eq "$(sql $DB "SELECT level || ':' || name FROM region WHERE id = 1")" "city:本市" "root is the city"
run 0 "$FGDJ" place add street 临江区/双峰街道 --db $DB
run 0 "$FGDJ" place add street 临江区/东城街道 --db $DB
run 0 "$FGDJ" place add street 江北区/双峰街道 --db $DB
run 2 "$FGDJ" place add street 西湖街道 --db $DB
has err "本市有 2 个区县，新街道“西湖街道”须写明所属区县"
run 0 "$FGDJ" place add community 临江区/双峰街道 梧埭社区 --db $DB
run 0 "$FGDJ" place add community 临江区/双峰街道 三墩社区 --db $DB
run 0 "$FGDJ" place add community 临江区/东城街道 幸福社区 --db $DB
run 0 "$FGDJ" place add community 江北区/双峰街道 梧埭社区 --db $DB
run 2 "$FGDJ" place add community 双峰街道 新社区 --db $DB
has err "“双峰街道”不止一个：临江区/双峰街道、江北区/双峰街道"
# The closure table, checked against parent_id by an independent walk (sqlite3's recursive CTE).
eq "$(sql $DB "SELECT count(*) FROM region_tree")" \
	"$(sql $DB "WITH RECURSIVE up(a, d) AS (SELECT id, id FROM region UNION ALL SELECT r.parent_id, up.d FROM up JOIN region r ON r.id = up.a WHERE r.parent_id IS NOT NULL) SELECT count(*) FROM up")" \
	"region_tree rows = ancestor pairs"
eq "$(sql $DB "SELECT count(*) FROM region_tree t JOIN region c ON c.id = t.descendant WHERE c.level = 'community' AND t.depth = 3 AND t.ancestor = 1")" 4 \
	"each community three below the city"
[ "$(sql $DB 'PRAGMA user_version')" -ge 24 ] && ok || fail "schema v24 (region_tree) or later"

# ---- the ledgers ----
run 0 "$FGDJ" import enterprises "$T/enterprises.csv" --db $DB
has out "新增 5"
run 0 "$FGDJ" import orgs "$T/orgs.csv" --db $DB
run 0 "$FGDJ" import members "$T/members.csv" --db $DB
eq "$(sql $DB "SELECT group_concat(d.name || '/' || st.name || '/' || c.name, ' ') FROM (SELECT * FROM enterprise ORDER BY uscc) e JOIN region c ON c.id = e.community_id JOIN region st ON st.id = c.parent_id JOIN region d ON d.id = st.parent_id")" \
	"临江区/双峰街道/梧埭社区 临江区/双峰街道/三墩社区 临江区/东城街道/幸福社区 江北区/双峰街道/梧埭社区 江北区/双峰街道/梧埭社区" \
	"each enterprise in its district's street"

# 所属街道 without its district is refused when two districts have that street (file:row:column).
printf '%s\n%s\n' "$(head -1 "$T/enterprises.csv")" \
	'91330106MA2000553A,新企业,双峰街道,梧埭社区,,,制造业,在营,20,是,100,丙,否,2019-01-01,正常经营,职工20人,' >bad.csv
sum=$(dbsum $DB)
run 2 "$FGDJ" import enterprises bad.csv --new-places --db $DB
has err "bad.csv:2:所属街道"
has err "“双峰街道”不止一个：临江区/双峰街道、江北区/双峰街道"
eq "$(dbsum $DB)" "$sum" "ambiguous street: nothing written"
# A street name only one district has is enough.
sed 's/,双峰街道,梧埭社区,/,东城街道,幸福社区,/' bad.csv >ok.csv
db_copy $DB u.db
run 0 "$FGDJ" import enterprises ok.csv --db u.db
eq "$(sql u.db "SELECT d.name FROM enterprise e JOIN region c ON c.id = e.community_id JOIN region st ON st.id = c.parent_id JOIN region d ON d.id = st.parent_id WHERE e.uscc = '91330106MA2000553A'")" 临江区 "unique street name found"

# Export writes 所属区县 as its own column and re-imports unchanged; the file written the old way
# (所属街道 "区县/街道", no 所属区县) is the same ledger: nothing changes, no history.
run 0 "$FGDJ" export enterprises -o ex.csv --db $DB
eq "$(head -1 ex.csv | sed 's/^\xef\xbb\xbf//' | cut -d, -f1-5)" "统一社会信用代码,企业名称,所属区县,所属街道,所属社区" "export: 所属区县 before 所属街道"
eq "$(grep -c ',江北区,双峰街道,梧埭社区' ex.csv)" 2 "export: two rows in 江北区 双峰街道"
eq "$(grep -c ',临江区,双峰街道,' ex.csv)" 2 "export: two rows in 临江区 双峰街道"
hist=$(sql $DB "SELECT count(*) FROM history")
run 0 "$FGDJ" import enterprises ex.csv --db $DB
has out "未变 5"
run 0 "$FGDJ" import enterprises "$T/enterprises.csv" --db $DB
has out "未变 5"
eq "$(sql $DB "SELECT count(*) FROM history")" "$hist" "re-imports (both forms) write no history"
# 所属区县 picks the street of that district; a 所属区县 that disagrees with 所属街道's is refused.
printf '%s\n%s\n' "$(head -1 ex.csv)" \
	'91330106MA2000553A,新企业,江北区,双峰街道,梧埭社区,,,制造业,在营,20,是,100,丙,否,2019-01-01,正常经营,职工20人,,,' >dc.csv
db_copy $DB dc.db
run 0 "$FGDJ" import enterprises dc.csv --db dc.db
eq "$(sql dc.db "SELECT d.name FROM enterprise e JOIN region c ON c.id = e.community_id JOIN region st ON st.id = c.parent_id JOIN region d ON d.id = st.parent_id WHERE e.uscc = '91330106MA2000553A'")" 江北区 "所属区县 + 所属街道 resolved"
eq "$(sql dc.db "SELECT json_extract(new, '$.district') || '|' || json_extract(new, '$.street') FROM history WHERE key = '91330106MA2000553A'")" "江北区|双峰街道" "history carries both columns"
sed 's/,江北区,双峰街道,/,临江区,江北区\/双峰街道,/' dc.csv >dc2.csv
sum=$(dbsum $DB)
run 2 "$FGDJ" import enterprises dc2.csv --db $DB
has err "dc2.csv:2:所属区县"
has err "不一致"
eq "$(dbsum $DB)" "$sum" "disagreeing 所属区县: nothing written"
# A single district's files have no 所属区县; its own name is accepted, another one refused.
run 0 "$FGDJ" init --db d1.db
printf '%s\n%s\n' '统一社会信用代码,企业名称,所属区县,所属街道,所属社区,经营状态,从业人员数,有固定经营场所' \
	'91330106MA2000553A,新企业,本区,东街街道,一社区,在营,5,是' >d1.csv
run 0 "$FGDJ" import enterprises d1.csv --new-places --db d1.db
run 0 "$FGDJ" export enterprises -o d1x.csv --db d1.db
hasnt d1x.csv "所属区县"
has d1x.csv ",新企业,东街街道,一社区,"
sed 's/,本区,/,外区,/' d1.csv >d2.csv
run 2 "$FGDJ" import enterprises d2.csv --db d1.db
has err "d2.csv:2:所属区县"
has err "本台账只登记本区的企业"
run 2 "$FGDJ" import enterprises d2.csv --new-places --db d1.db
has err "d2.csv:2:所属区县"
# A city's file (its own 所属区县 column) into an empty database: with --new-places its districts
# are created and the root becomes the city, as `place add district` does; without, refused.
run 0 "$FGDJ" init --db c1.db
printf '%s\n%s\n%s\n' '统一社会信用代码,企业名称,所属区县,所属街道,所属社区,经营状态,从业人员数,有固定经营场所' \
	'91330106MA2000553A,甲企业,城南区,东街街道,一社区,在营,5,是' \
	'91330106MA20005615,乙企业,城北区,东街街道,一社区,在营,7,是' >c1.csv
run 2 "$FGDJ" import enterprises c1.csv --db c1.db
has err "c1.csv:2:所属区县"
eq "$(sql c1.db "SELECT count(*) FROM region")" 1 "refused city file: no place written"
run 0 "$FGDJ" import enterprises c1.csv --new-places --db c1.db
eq "$(sql c1.db "SELECT level || ':' || name FROM region WHERE id = 1")" "city:本市" "city file: root became the city"
eq "$(sql c1.db "SELECT count(*) FROM region WHERE parent_id = 1")" 2 "city file: two districts"
eq "$(sql c1.db "SELECT count(*) FROM region WHERE parent_id = 1 AND level = 'district' AND name IN ('城北区', '城南区')")" 2 "city file: its two districts"
run 0 "$FGDJ" export enterprises -o c1x.csv --db c1.db
has c1x.csv ",乙企业,城北区,东街街道,一社区,"
run 0 "$FGDJ" import enterprises c1x.csv --db c1.db
has out "未变 2"
run 0 "$FGDJ" export orgs -o eo.csv --db $DB
has eo.csv "江北区/双峰街道,梧埭社区"
run 0 "$FGDJ" import orgs eo.csv --db $DB
has out "未变 2"

# ---- figures (README) ----
run 0 "$FGDJ" stats --format json --db $DB
expect_json out "enterprises_total=5 enterprises_in_scope=4 enterprises_covered_single=1 enterprises_covered_joint=1 enterprises_uncovered=2 orgs_total=2 members_formal=7 org_coverage_rate=50.0" "city"
run 0 "$FGDJ" stats --by district --format csv --db $DB
has out "临江区,3,3,3,2,1,1,0,0,2,1,"
has out "江北区,2,2,1,1,0,0,1,0,0,1,"
# By street at the city root: each street by its path (two 双峰街道).
run 0 "$FGDJ" stats --by street --format csv --db $DB
has out "临江区/双峰街道,2,2,2,2,1,1,0,0,1,1,"
has out "江北区/双峰街道,2,2,1,1,0,0,1,0,0,1,"
has out "临江区/东城街道,1,1,1,0,0,0,0,0,1,0,"
run 0 "$FGDJ" stats --region 临江区 --format json --db $DB
expect_json out "enterprises_total=3 enterprises_in_scope=3 enterprises_uncovered=2 orgs_total=1 members_formal=4 org_coverage_rate=33.3" "临江区"
run 0 "$FGDJ" stats --region 江北区/双峰街道 --format json --db $DB
expect_json out "enterprises_total=2 enterprises_in_scope=1 enterprises_covered_joint=1 members_formal=3 org_coverage_rate=100.0" "江北区/双峰街道"
run 0 "$FGDJ" stats --region 临江区/双峰街道 --by community --format csv --db $DB
has out "三墩社区,1,1,1,1,0,0,0,0,1,0,"
has out "梧埭社区,1,1,1,1,1,1,0,0,0,1,"
run 0 "$FGDJ" stats --region 江北区/双峰街道/梧埭社区 --format json --db $DB
expect_json out "enterprises_total=2 members_formal=3" "a community by its full path"
run 0 "$FGDJ" stats --region 三墩社区 --format json --db $DB
expect_json out "enterprises_total=1 members_formal=1" "a unique community name"
run 2 "$FGDJ" stats --region 双峰街道 --db $DB
has err "“双峰街道”不止指一个地方：街道:临江区/双峰街道、街道:江北区/双峰街道"
run 2 "$FGDJ" stats --region 梧埭社区 --db $DB
has err "社区:临江区/双峰街道/梧埭社区、社区:江北区/双峰街道/梧埭社区"

# ---- the report names its region at every level ----
# A city-wide campaign: the city's report counts its progress as the city's, a district's and a
# street's as their own part of it. Each report is signed by the organisation department of the
# district it is about (the city's for the whole city).
printf '名称,牵头部门,配合部门,开始日期,截止日期,范围\n全市排查,市委组织部,市市场监管局,2026-03-01,2026-12-31,\n' >cp.csv
printf '%s\n' 排查名称,企业统一社会信用代码,责任人,状态,完成日期,发现情况 \
	全市排查,91330106MA20002034,王建国,已完成,2026-04-15, 全市排查,91330106MA2000342T,王建国,进行中,, \
	全市排查,91330106MA2000414K,李明,已完成,2026-05-10,发现口袋党员1名 >tk.csv
run 0 "$FGDJ" import campaigns cp.csv --db $DB
run 0 "$FGDJ" import tasks tk.csv --db $DB
run 0 "$FGDJ" report work --format md -o city.md --db $DB
has city.md "对全市非公企业开展“全市排查”"
has city.md "，已完成2家企业的排查（共3家，完成率66.7%），1家企业排查出需要核实处理的情况"
has city.md "中共本市委组织部"
run 0 "$FGDJ" report work --region 临江区 --format md -o lj.md --db $DB
has lj.md "对全市非公企业开展“全市排查”"
has lj.md "全区已完成1家企业的排查（共2家，完成率50.0%）"
has lj.md "中共临江区委组织部"
hasnt lj.md "本市委组织部"
run 0 "$FGDJ" report work --region 江北区/双峰街道 --format md -o jb.md --db $DB
has jb.md "本街道已完成1家企业的排查（共1家，完成率100.0%），1家企业排查出需要核实处理的情况"
has jb.md "中共江北区委组织部"
has jb.md "纳入江北区干部教育培训规划"
run 0 "$FGDJ" report work --format md -o city.md --db $DB
has city.md "全市纳入台账的非公企业5家"
has city.md "依托市、区县、街道、社区四级台账"
has city.md "区县“三有”企业组织覆盖率"
hasnt city.md "全区"
run 0 "$FGDJ" report work --region 临江区 --format md -o lj.md --db $DB
has lj.md "全区纳入台账的非公企业3家"
has lj.md "下辖2个街道、3个社区"
run 0 "$FGDJ" report work --region 江北区/双峰街道 --format md -o jb.md --db $DB
has jb.md "本街道纳入台账的非公企业2家"
hasnt jb.md "全区"

# ---- users at every level ----
add_user t_city district
add_user t_lj district 临江区
add_user t_jb street 江北区/双峰街道
printf 'secret-pass-1\n' | "$FGDJ" user add t_bad --role street --scope 双峰街道 --password-stdin --db $DB >/dev/null 2>err && fail "ambiguous scope accepted" || ok
has err "不止指一个地方"
run 2 sh -c "printf 'secret-pass-1\n' | '$FGDJ' user add t_bad2 --role district --scope 江北区/双峰街道 --password-stdin --db $DB"
has err "不是区县"
run 0 "$FGDJ" user list --db $DB
has out "临江区"
has out "江北区/双峰街道"
# The whole territory of a city is 全市 wherever an account's scope is shown (全区 is a district's).
grep "^t_city	" out | grep -q "	全市	" && ok || fail "user list: the city-wide account's scope is 全市"
hasnt out "全区"
printf 'secret-pass-1\n' | "$FGDJ" user add t_admin2 --role admin --password-stdin --db $DB >/dev/null 2>err
has err "范围：全市"
run 2 sh -c "printf 'secret-pass-1\n' | '$FGDJ' user add t_bad3 --role admin --scope 临江区 --password-stdin --db $DB"
has err "的范围是全市，不带 --scope"

start_server $DB
api_login t_city jc
api_login t_lj jl
api_login t_jb jj
total() { sed -n 's/.*"total": *\([0-9]*\).*/\1/p' "$WORK/body" | head -1; }
req 200 GET "/api/v1/enterprises?limit=100" -b jc
eq "$(total)" 5 "API: the city user sees 5 enterprises"
req 200 GET "/api/v1/enterprises?limit=100" -b jl
eq "$(total)" 3 "API: the 临江区 user sees its 3"
hasnt "$WORK/body" "91330106MA2000414K"
req 200 GET "/api/v1/enterprises?limit=100" -b jj
eq "$(total)" 2 "API: the 江北区/双峰街道 user sees its 2"
has "$WORK/body" "91330106MA2000414K"
hasnt "$WORK/body" "91330106MA20002034"
req 200 GET "/api/v1/members?limit=100" -b jj
eq "$(total)" 3 "API: the street user's members"
req 200 GET "/api/v1/members?limit=100" -b jl
eq "$(total)" 4 "API: the district user's members"
req 200 GET "/api/v1/orgs?limit=100" -b jl
eq "$(total)" 1 "API: the district user's organisations"
# The web list (HTML) shows the same rows.
req 200 GET "/enterprises" -b jc
has "$WORK/body" "t_city · 区级工作人员 · 全市"
hasnt "$WORK/body" "全区"
req 200 GET "/" -b jc
has "$WORK/body" "工作范围：全市"
has "$WORK/body" "<summary>按区县统计（2 个区县）</summary>"
req 200 GET "/enterprises" -b jl
has "$WORK/body" "共 3 条"
has "$WORK/body" "梧埭智造有限公司"
hasnt "$WORK/body" "江北电子有限公司"
req 200 GET "/enterprises" -b jj
has "$WORK/body" "共 2 条"
hasnt "$WORK/body" "三墩餐饮有限公司"
# The city's list filters cascade 区县 → 街道 → 社区; a district opens its part.
LJ=$(sql $DB "SELECT id FROM region WHERE name = '临江区'")
req 200 GET "/enterprises" -b jc
has "$WORK/body" '<select name="district" id="flt-district">'
has "$WORK/body" "共 5 条"
req 200 GET "/enterprises?district=$LJ" -b jc
has "$WORK/body" "共 3 条"
has "$WORK/body" ">临江区/双峰街道</option>"
hasnt "$WORK/body" ">江北区/双峰街道</option>"
# The district user has no district select (one district), its streets only.
req 200 GET "/enterprises" -b jl
hasnt "$WORK/body" 'name="district"'
has "$WORK/body" ">临江区/东城街道</option>"
# The form's choices: 所属区县, then the district user's own streets grouped by their district.
req 200 GET "/enterprises/new" -b jl
has "$WORK/body" '<select name="district" id="f-district"><option value="">（请选择）</option><option>临江区</option></select>'
has "$WORK/body" '<select name="street" id="f-street" data-street="f-district"><option value="">（请选择）</option><optgroup label="临江区"><option>东城街道</option><option>双峰街道</option></optgroup></select>'
hasnt "$WORK/body" '<optgroup label="江北区">'
# The organisations' form in a city, which has no 所属区县: a street is chosen by its path (two
# districts have a 双峰街道), or the district itself (区县本级, a district's leadership body); a
# community's group is named by its street's path, which assets/places.js follows.
req 200 GET "/orgs/new" -b jc
has "$WORK/body" '<select name="street" id="f-street"><option value="">（请选择）</option><optgroup label="江北区"><option value="江北区">江北区（区县本级）</option><option value="江北区/双峰街道">双峰街道</option></optgroup><optgroup label="临江区"><option value="临江区">临江区（区县本级）</option><option value="临江区/东城街道">东城街道</option><option value="临江区/双峰街道">双峰街道</option></optgroup></select>'
has "$WORK/body" '<optgroup label="双峰街道" data-value="江北区/双峰街道"><option>梧埭社区</option></optgroup>'
req 200 GET "/orgs/new" -b jl
hasnt "$WORK/body" '江北区'
O2=江北区双峰街道梧埭联合党支部
O2ID=$(sql $DB "SELECT id FROM org WHERE name = '$O2'")
req 200 GET "/orgs/$O2ID/edit" -b jc
has "$WORK/body" '<option value="江北区/双峰街道" selected>双峰街道</option>'
has "$WORK/body" '<optgroup label="双峰街道" data-value="江北区/双峰街道"><option selected>梧埭社区</option></optgroup>'
# A district's own leadership body: written by that district's user, not by the other district's.
api_login t_lj jl
BODY='{"name":"中共临江区非公企业党委","kind":"党委","mode":"上级机关","street":"江北区","founded":"2019-01-01"}'
eq "$(json -b jl -H "X-CSRF-Token: $CSRF" -d "$BODY" "$URL/api/v1/orgs")" 422 "district user: another district's own body refused"
BODY='{"name":"中共临江区非公企业党委","kind":"党委","mode":"上级机关","street":"临江区","founded":"2019-01-01"}'
eq "$(json -b jl -H "X-CSRF-Token: $CSRF" -d "$BODY" "$URL/api/v1/orgs")" 201 "district user: its district's own body"
eq "$(sql $DB "SELECT r.name || ' ' || o.district_id FROM org o JOIN region r ON r.id = o.street_id WHERE o.name = '中共临江区非公企业党委'")" "临江区 $LJ" "placed at 临江区 itself"
req 200 GET "/orgs" -b jl
has "$WORK/body" "中共临江区非公企业党委"
api_login t_jb jj
req 200 GET "/orgs" -b jj
hasnt "$WORK/body" "中共临江区非公企业党委"
# Writes in scope: the district user adds an enterprise in its district, not in the other one.
api_login t_lj jl
before=$(dbsum $DB)
BODY='{"uscc":"91330106MA2000553A","name":"江北新店","street":"江北区/双峰街道","community":"梧埭社区","status":"在营","employees":5,"fixed_site":true}'
eq "$(json -b jl -H "X-CSRF-Token: $CSRF" -d "$BODY" "$URL/api/v1/enterprises")" 422 "district user: another district's street refused"
eq "$(dbsum $DB)" "$before" "refused write changes nothing"
BODY='{"uscc":"91330106MA2000553A","name":"东城新店","street":"临江区/东城街道","community":"幸福社区","status":"在营","employees":5,"fixed_site":true}'
eq "$(json -b jl -H "X-CSRF-Token: $CSRF" -d "$BODY" "$URL/api/v1/enterprises")" 201 "district user: its own district's street"
eq "$(sql $DB "SELECT c.name FROM enterprise e JOIN region c ON c.id = e.community_id WHERE e.uscc = '91330106MA2000553A'")" 幸福社区 "written in 临江区/东城街道/幸福社区"
# A district user's import may create streets in its own district only (with the confirmation).
HEAD=$(head -1 "$T/enterprises.csv")
printf '%s\n%s\n' "$HEAD" '91330106MA20006253,新街企业,江北区/新街道,新社区,,,制造业,在营,20,是,100,丁,否,2019-01-01,正常经营,职工20人,' >nw.csv
req 422 POST /import -b jl -F "csrf=$CSRF" -F kind=enterprises -F "file=@nw.csv"
has "$WORK/body" '街道“新街道”不存在。'
sed 's|江北区/新街道|临江区/新街道|' nw.csv >nl.csv
req 200 POST /import -b jl -F "csrf=$CSRF" -F kind=enterprises -F "file=@nl.csv"
has "$WORK/body" '<li>街道 临江区/新街道</li>'
TOKEN=$(sed -n 's/.*name="token" value="\([0-9a-f]*\)".*/\1/p' "$WORK/body")
req 200 POST /import/commit -b jl -d "csrf=$CSRF" -d "token=$TOKEN" -d new_places=1
eq "$(sql $DB "SELECT p.name FROM region r JOIN region p ON p.id = r.parent_id WHERE r.name = '新街道'")" 临江区 "new street in the user's district"
# The dashboard breaks down by the children of the region in view.
req 200 GET "/" -b jc
has "$WORK/body" "各区县组织覆盖率"
req 200 GET "/" -b jl
has "$WORK/body" "各街道组织覆盖率"
req 200 GET "/" -b jj
has "$WORK/body" "各社区组织覆盖率"
stop_server

# ---- changing the tree ----
run 2 "$FGDJ" place merge district 江北区 临江区 --db $DB
has err "区县不能整体合并"
run 2 "$FGDJ" place remove district 江北区 --db $DB
has err "不能删除"
run 0 "$FGDJ" place rename district 江北区 江北新区 --db $DB
run 0 "$FGDJ" stats --region 江北新区/双峰街道 --format json --db $DB
expect_json out "enterprises_total=2" "renamed district by path"
run 0 "$FGDJ" export enterprises -o ex2.csv --db $DB
eq "$(grep -c ',江北新区,双峰街道,梧埭社区' ex2.csv)" 2 "export follows the rename"
# A street moved with its communities by a merge keeps region_tree right.
run 0 "$FGDJ" place add street 临江区/西城街道 --db $DB
run 0 "$FGDJ" place add community 临江区/西城街道 光明社区 --db $DB
run 0 "$FGDJ" place merge street 临江区/西城街道 临江区/东城街道 --db $DB
eq "$(sql $DB "SELECT group_concat(a.name, '/') FROM (SELECT r.name FROM region_tree t JOIN region r ON r.id = t.ancestor JOIN region c ON c.id = t.descendant WHERE c.name = '光明社区' ORDER BY t.depth DESC) a")" \
	"本市/临江区/东城街道/光明社区" "moved community's ancestors"
eq "$(sql $DB "SELECT count(*) FROM region_tree")" \
	"$(sql $DB "WITH RECURSIVE up(a, d) AS (SELECT id, id FROM region UNION ALL SELECT r.parent_id, up.d FROM up JOIN region r ON r.id = up.a WHERE r.parent_id IS NOT NULL) SELECT count(*) FROM up")" \
	"region_tree still the closure after merge and remove"

# A relation outside the territory is outside the city in a city's database (区外组织关系 is the
# ledger's column name, whatever the territory).
printf '\357\273\277姓名,公民身份号码,人员类别,入党日期,转正日期,工作单位统一社会信用代码,所在党组织,组织关系状态,是否亮明身份,联系电话,关系状态起始日期,区外组织关系\n外一,330106198604040043,正式党员,2012-07-01,2013-07-01,91330106MA20002702,,正常,是,13900000031,2025-01-01,中共外省某公司党支部\n' > pk.csv
run 0 "$FGDJ" import members pk.csv --db $DB
run 1 "$FGDJ" check --db $DB --as-of 2026-06-30
has out "组织关系在市外（中共外省某公司党支部），关系状态起始日期 2025-01-01 起在本市工作"
hasnt out "在本区工作"

printf '%s: %d checks passed\n' "$(basename "$0")" "$TESTS"
[ "$FAILS" -eq 0 ] || { printf '%s: %d of %d checks failed\n' "$(basename "$0")" "$FAILS" "$((TESTS + FAILS))" >&2; exit 1; }
