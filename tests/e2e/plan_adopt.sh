#!/bin/sh
# Adopting the joint-branch plan group by group (/plan/adopt, fgdj plan adopt): the review shows
# the organisation to found with the next free numeral of its place (第六 → 第七), the confirmation
# writes it and its coverage in one transaction with history, the plan stops proposing the group,
# a review the plan has moved past is refused, and so is a community user outside the place.
# The plan's groups are those of tests/fixtures/plan/README.md: 南山社区 {P2 P4 P6} and {P3 P5 P7}.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

DB=d.db
import_district $DB
"$FGDJ" init --name 临江区 --db $DB >/dev/null
"$FGDJ" import enterprises "$FIX/plan/enterprises.csv" --new-places --db $DB >/dev/null || fail "import plan enterprises"
"$FGDJ" import members "$FIX/plan/members.csv" --db $DB >/dev/null || fail "import plan members"
# The street's working committee and a sixth joint branch of 南山社区 (covering none of the plan's).
cat >orgs.csv <<'CSV'
党组织名称,组织类别,组建方式,上级党组织,覆盖企业,所属街道,所属社区,所属区域,成立日期
中共南城街道工作委员会,党委,上级机关,中共临江区非公有制企业委员会,,南城街道,,,2020-01-01
南山社区第六联合党支部,党支部,联合建,中共南城街道工作委员会,91330106MA3000010N,南城街道,南山社区,,2020-01-01
CSV
"$FGDJ" import orgs orgs.csv --db $DB >/dev/null || fail "import orgs"
db_copy $DB cli.db
add_user boss district
add_user ns community 南城街道/南山社区
add_user bh community 北城街道/北湖社区
add_user look viewer
start_server $DB
api_login boss bj
api_login ns nj
api_login bh hj
api_login look vj

G1="91330106MA3000029K；91330106MA30000459；91330106MA3000061Y" # P2 P4 P6
G2="91330106MA3000037E；91330106MA30000534；91330106MA300007XN" # P3 P5 P7
field() { sed -n "s/.*name=\"$1\" value=\"\([^\"]*\)\".*/\1/p" "$WORK/body" | head -1; }
orgs_now() { sql $DB "SELECT count(*) FROM org"; }

# The plan offers 采纳 to those who write the ledger, for today's plan only.
req 200 GET /plan -b bj
has "$WORK/body" 'href="/plan/adopt?group=1"'
has "$WORK/body" '>采纳</a>'
req 200 GET /plan -b vj
hasnt "$WORK/body" '/plan/adopt'
req 200 GET '/plan?as_of=2026-10-01' -b bj
hasnt "$WORK/body" '/plan/adopt'
req 403 GET '/plan/adopt?group=1' -b vj

# The review: name after 第六, kind, parent (that of the place's joint branches), place, enterprises.
N0=$(orgs_now)
req 200 GET '/plan/adopt?group=1' -b bj
has "$WORK/body" '南山社区第七联合党支部'
has "$WORK/body" '联合建'
has "$WORK/body" '中共南城街道工作委员会'
has "$WORK/body" '南城街道'
has "$WORK/body" '南山面馆有限公司（91330106MA3000029K）'
has "$WORK/body" '南山快餐有限公司（91330106MA3000061Y）'
eq "$(field covers)" "$G1" "the review carries the group's enterprises"
C1=$(field csrf) NAME1=$(field name)
eq "$NAME1" 南山社区第七联合党支部 "the reviewed name"
req 200 GET '/plan/adopt?group=2' -b bj
eq "$(field covers)" "$G2" "the second group"
NAME2=$(field name)
eq "$(orgs_now)" "$N0" "reviewing writes nothing"
req 404 GET '/plan/adopt?group=3' -b bj

# A community user outside the place: not its region, and its own plan has no such group.
req 404 GET '/plan/adopt?group=1&region=南山社区' -b hj
req 404 GET '/plan/adopt?group=1' -b hj
HC=$(curl -s -b hj "$URL/enterprises/new" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
req 404 POST '/plan/adopt?region=%E5%8D%97%E5%B1%B1%E7%A4%BE%E5%8C%BA' -b hj --data-urlencode "csrf=$HC" \
	--data-urlencode "covers=$G1" --data-urlencode "name=$NAME1"
req 409 POST /plan/adopt -b hj --data-urlencode "csrf=$HC" --data-urlencode "covers=$G1" --data-urlencode "name=$NAME1"
has "$WORK/body" '组建方案已有变化'
eq "$(orgs_now)" "$N0" "nothing written by the refused user"

# Confirming the first group: the organisation, its coverage and the history, in one write.
H0=$(sql $DB "SELECT count(*) FROM history")
req 303 POST /plan/adopt -b bj --data-urlencode "csrf=$C1" --data-urlencode "covers=$G1" --data-urlencode "name=$NAME1"
eq "$(header Location)" "/orgs/%E5%8D%97%E5%B1%B1%E7%A4%BE%E5%8C%BA%E7%AC%AC%E4%B8%83%E8%81%94%E5%90%88%E5%85%9A%E6%94%AF%E9%83%A8" "shows the new organisation"
eq "$(sql $DB "SELECT kind || '/' || mode || '/' || founded FROM org WHERE name = '南山社区第七联合党支部'")" "党支部/联合建/2026-11-26" "the organisation"
eq "$(sql $DB "SELECT p.name FROM org o JOIN org p ON p.id = o.parent_id WHERE o.name = '南山社区第七联合党支部'")" 中共南城街道工作委员会 "its parent"
eq "$(sql $DB "SELECT group_concat(e.uscc, ' ') FROM (SELECT e.uscc FROM coverage c JOIN org o ON o.id = c.org_id JOIN enterprise e ON e.id = c.enterprise_id WHERE o.name = '南山社区第七联合党支部' AND c.end_date IS NULL ORDER BY e.uscc) e")" \
	"91330106MA3000029K 91330106MA30000459 91330106MA3000061Y" "its coverage"
eq "$(sql $DB "SELECT count(*) FROM history WHERE tbl = 'org' AND key = '南山社区第七联合党支部' AND op = 'insert' AND who = 'web:boss' AND source = '/plan/adopt' AND new LIKE '%91330106MA30000459%'")" 1 "history of the new organisation"
eq "$(($(sql $DB "SELECT count(*) FROM history") > H0))" 1 "history written"
eq "$(orgs_now)" "$((N0 + 1))" "one organisation more"
# The plan no longer proposes it, and the second group's review is stale (its name is taken now).
req 200 GET /plan -b bj
hasnt "$WORK/body" '南山面馆有限公司'
has "$WORK/body" '南山软件有限公司'
run 0 "$FGDJ" plan joint --db $DB --format json
has "$WORK/out" '"groups_count": 1'
req 409 POST /plan/adopt -b bj --data-urlencode "csrf=$C1" --data-urlencode "covers=$G2" --data-urlencode "name=$NAME2"
has "$WORK/body" '组建方案已有变化'
eq "$(orgs_now)" "$((N0 + 1))" "the stale review wrote nothing"

# Reviewed again (第八), then one of its enterprises gets covered meanwhile: refused as well.
req 200 GET '/plan/adopt?group=1' -b nj
eq "$(field name)" 南山社区第八联合党支部 "the next name"
eq "$(field covers)" "$G2" "the remaining group"
NC=$(field csrf)
db_copy $DB before.db
"$FGDJ" import orgs /dev/stdin --db $DB >/dev/null <<'CSV' || fail "cover P3"
党组织名称,组织类别,组建方式,上级党组织,覆盖企业,所属街道,所属社区,所属区域,成立日期
南山软件有限公司党支部,党支部,单独建,中共南城街道工作委员会,91330106MA3000037E,南城街道,南山社区,,2026-11-01
CSV
req 409 POST /plan/adopt -b nj --data-urlencode "csrf=$NC" --data-urlencode "covers=$G2" --data-urlencode "name=南山社区第八联合党支部"
has "$WORK/body" '请重新查看组建方案'
eq "$(sql $DB "SELECT count(*) FROM org WHERE name = '南山社区第八联合党支部'")" 0 "not founded on a changed plan"

# The community user of the place adopts in its own plan (before P3 was covered).
stop_server
db_copy before.db $DB
start_server $DB
api_login ns nj
req 200 GET '/plan/adopt?group=1' -b nj
NC=$(field csrf)
req 303 POST /plan/adopt -b nj --data-urlencode "csrf=$NC" --data-urlencode "covers=$G2" --data-urlencode "name=南山社区第八联合党支部"
eq "$(sql $DB "SELECT count(*) FROM coverage c JOIN org o ON o.id = c.org_id WHERE o.name = '南山社区第八联合党支部'")" 3 "the community's branch"
eq "$(sql $DB "SELECT who FROM history WHERE tbl = 'org' AND key = '南山社区第八联合党支部'")" web:ns "by the community user"

# The organisation lists keep the numerals in order of value (六 七 八, not pinyin's 八 六 七), in
# the filtered list and in the tree (六 and 七 under the street committee), whose levels fold behind <details> with their counts.
req 200 GET '/orgs?q=%E5%8D%97%E5%B1%B1%E7%A4%BE%E5%8C%BA%E7%AC%AC' -b bj
eq "$(grep -o '南山社区第[六七八]联合党支部' "$WORK/body" | tr -d '\n')" 南山社区第六联合党支部南山社区第七联合党支部南山社区第八联合党支部 "the list's order"
req 200 GET /orgs -b bj
eq "$(grep -o '南山社区第[六七]联合党支部' "$WORK/body" | tr -d '\n')" 南山社区第六联合党支部南山社区第七联合党支部 "the tree's order"
has "$WORK/body" '<details class="subtree"><summary>下级组织 '

# The command line: a preview writes nothing; --confirm founds through the same function.
stop_server
run 2 "$FGDJ" plan adopt 1 --db $DB
has "$WORK/err" '组建方案中没有第 1 个'
run 2 "$FGDJ" plan adopt x --db $DB
S0=$(dbsum cli.db)
run 0 "$FGDJ" plan adopt 2 --db cli.db
has "$WORK/out" '拟组建：南山社区第七联合党支部'
has "$WORK/out" '上级党组织：中共南城街道工作委员会'
eq "$(dbsum cli.db)" "$S0" "the preview writes nothing"
run 0 "$FGDJ" plan adopt 2 --db cli.db --confirm
has "$WORK/out" '已组建 南山社区第七联合党支部，覆盖 3 家企业'
eq "$(sql cli.db "SELECT count(*) FROM coverage c JOIN org o ON o.id = c.org_id JOIN enterprise e ON e.id = c.enterprise_id WHERE o.name = '南山社区第七联合党支部' AND e.uscc = '91330106MA300007XN'")" 1 "the command's coverage"
eq "$(sql cli.db "SELECT source FROM history WHERE tbl = 'org' AND key = '南山社区第七联合党支部'")" "plan adopt" "the command's history"
finish
