#!/bin/sh
# Forms that pick instead of type (issue 13, item 5), on the hand-made district:
#   - the pickers (覆盖企业, 工作单位, 上级党组织, 指导企业) are ARIA comboboxes fed by the list APIs'
#     ?q= search, which answers inside the user's scope (name and code);
#   - a form saved with a picked value (and one typed by hand) is stored;
#   - street → community: the organisation form's selects, and the list filters' server-side
#     fallback (once a street is chosen, only its communities are offered);
#   - 行业 offers the 20 sections of GB/T 4754-2017 and still takes any text;
#   - an organisation renamed: members, coverage and accounts follow (by id), its history keeps
#     the old name, the figures are unchanged, a later namesake does not inherit its history.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

E3=91330106MA2000342T # 和平物流, 东城/和平
E4=91330106MA2000414K # 国贸咨询, 西城/光明
E5=91330106MA2000481H # 光明电子, 西城/光明

DB=d.db
import_district $DB
add_user boss admin
add_user gm community 光明社区
add_user xc street 西城街道
start_server $DB
api_login boss bj
api_login gm gj
api_login xc xj

total() { sed -n 's/^{"total":\([0-9]*\),.*/\1/p' "$WORK/body"; }
names() { grep -o '"name":"[^"]*"' "$WORK/body" | sed 's/"name":"\(.*\)"/\1/' | tr '\n' ' '; }
csrf_of() { curl -s -b "$1" "$URL$2" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1; }

# ---- the pickers' source: the list APIs' search, inside the scope ----
req 200 GET '/api/v1/enterprises?limit=10&q=%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8' -b bj # 有限公司
eq "$(total)" 10 "the district finds every enterprise"
req 200 GET '/api/v1/enterprises?limit=10&q=%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8' -b gj
eq "$(total)" 4 "a community finds only its own enterprises"
hasnt "$WORK/body" "$E3"
has "$WORK/body" "\"uscc\":\"$E4\""
req 200 GET '/api/v1/enterprises?limit=10&q=%E7%89%A9%E6%B5%81' -b gj # 物流: 和平社区's
eq "$(total)" 0 "another community's enterprise is not offered"
req 200 GET '/api/v1/enterprises?limit=10&q=91330106MA2000481' -b gj
eq "$(names)" "光明电子有限公司 " "a code prefix finds its enterprise"
req 200 GET '/api/v1/orgs?limit=10&q=%E5%85%9A%E6%94%AF%E9%83%A8' -b gj # 党支部
hasnt "$WORK/body" "东城街道幸福和平联合党支部"
has "$WORK/body" "小微设计工作室党支部"

# ---- the controls: comboboxes where a column names another ledger ----
req 200 GET /orgs/new -b bj
has "$WORK/body" 'name="covers" id="f-covers" value="" role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="lb-covers" autocomplete="off" data-ref="enterprises" data-list="1"'
has "$WORK/body" 'role="listbox" id="lb-covers"'
has "$WORK/body" 'name="parent" id="f-parent" value="" role="combobox"'
has "$WORK/body" 'data-ref="orgs"'
has "$WORK/body" '/picker.js'
req 200 GET /members/new -b bj
has "$WORK/body" 'name="employer" id="f-employer" value="" role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="lb-employer" autocomplete="off" data-ref="enterprises">'
req 200 GET /instructors/new -b bj
has "$WORK/body" 'name="covers" id="f-covers" value="" role="combobox"'
req 200 GET /enterprises/new -b bj
hasnt "$WORK/body" 'role="combobox"'
hasnt "$WORK/body" '/picker.js'
req 200 GET /assets/picker.js -b bj
has "$WORK/body" 'aria-activedescendant'

# ---- a form saved with picked values: 覆盖企业 as the picker fills it, 上级党组织 by name ----
# (the district committee lies outside a community's scope: the district's user picks it)
CS=$(csrf_of bj /orgs/new)
req 303 POST /orgs -b bj --data-urlencode "csrf=$CS" --data-urlencode "name=光明电子有限公司党支部" \
	--data-urlencode "kind=党支部" --data-urlencode "mode=单独建" --data-urlencode "parent=中共临江区非公有制企业委员会" \
	--data-urlencode "covers=$E5；" --data-urlencode "street=西城街道" --data-urlencode "community=光明社区" \
	--data-urlencode "founded=2026-03-01"
req 200 GET "/api/v1/orgs?q=%E5%85%89%E6%98%8E%E7%94%B5%E5%AD%90" -b gj
has "$WORK/body" "\"covers\":[\"$E5\"]"
has "$WORK/body" '"parent":"中共临江区非公有制企业委员会"'
has "$WORK/body" '"community":"光明社区"'
# a code typed by hand (lower case, spaces) is still accepted; one outside the scope is refused
CS=$(csrf_of gj /members/new)
req 303 POST /members -b gj --data-urlencode "csrf=$CS" --data-urlencode "name=选单位" \
	--data-urlencode "idno=11010519491231002X" --data-urlencode "status=正式党员" --data-urlencode "join_date=2001-07-01" \
	--data-urlencode "employer=91330106ma2000 414k" --data-urlencode "org=光明电子有限公司党支部"
req 200 GET '/api/v1/members?q=%E9%80%89%E5%8D%95%E4%BD%8D' -b gj
has "$WORK/body" "\"employer\":\"$E4\""
has "$WORK/body" '"org":"光明电子有限公司党支部"'
CS=$(csrf_of gj /members/new)
req 422 POST /members -b gj --data-urlencode "csrf=$CS" --data-urlencode "name=越界" \
	--data-urlencode "idno=110105194912310038" --data-urlencode "status=正式党员" --data-urlencode "join_date=2001-07-01" \
	--data-urlencode "employer=$E3"
has "$WORK/body" 'aria-invalid="true" aria-describedby="e-employer"'
"$FGDJ" history org 光明电子有限公司党支部 --db $DB >hist.txt 2>&1 || fail "history org"
has hist.txt "$E5"

# ---- street → community ----
req 200 GET /orgs/new -b bj
has "$WORK/body" '<select name="street" id="f-street">'
has "$WORK/body" '<select name="community" id="f-community" data-street="f-street">'
has "$WORK/body" '<optgroup label="西城街道"><option>光明社区</option></optgroup>'
has "$WORK/body" '/places.js'
# the organisation form refuses a community of another street, as the enterprise form does
CS=$(csrf_of bj /orgs/new)
req 422 POST /orgs -b bj --data-urlencode "csrf=$CS" --data-urlencode "name=错位党支部" \
	--data-urlencode "kind=党支部" --data-urlencode "mode=单独建" --data-urlencode "street=西城街道" \
	--data-urlencode "community=幸福社区" --data-urlencode "founded=2026-03-01"
# the filters: every street's communities in groups, then only the chosen street's (no script needed)
req 200 GET /enterprises -b bj
has "$WORK/body" '<select name="street" id="flt-street">'
has "$WORK/body" '<select name="community" data-street="flt-street">'
has "$WORK/body" '>幸福社区</option>'
has "$WORK/body" '>光明社区</option>'
XC_ID=$(sed -n 's/.*<option value="\([0-9]*\)">西城街道<\/option>.*/\1/p' "$WORK/body" | head -1)
[ -n "$XC_ID" ] && ok || fail "the street filter offers 西城街道"
req 200 GET "/enterprises?street=$XC_ID" -b bj
has "$WORK/body" "<option value=\"$XC_ID\" selected>西城街道</option>"
has "$WORK/body" '>光明社区</option>'
hasnt "$WORK/body" '>幸福社区</option>'
hasnt "$WORK/body" '>和平社区</option>'
has "$WORK/body" '国贸咨询有限公司'
hasnt "$WORK/body" '和平物流有限公司'
req 200 GET "/orgs?street=$XC_ID" -b bj
hasnt "$WORK/body" '>幸福社区</option>'
# a street's user: its own communities only, whatever it asks
req 200 GET /members -b xj
hasnt "$WORK/body" '>幸福社区</option>'

# ---- 行业: the GB/T 4754-2017 sections offered, any text kept ----
req 200 GET /enterprises/new -b bj
has "$WORK/body" '<input name="industry" id="f-industry" value="" list="dl-industry"><datalist id="dl-industry"><option value="农、林、牧、渔业"></option>'
has "$WORK/body" '<option value="国际组织"></option></datalist>'
eq "$(grep -o '<datalist id="dl-industry">.*</datalist>' "$WORK/body" | grep -o '<option ' | wc -l | tr -d ' ')" 20 "20 sections"
req 200 GET "/enterprises/$E4/edit" -b bj
has "$WORK/body" 'value="商务服务业" list="dl-industry"'
CS=$(csrf_of bj "/enterprises/$E4/edit")
VER=$(curl -s -b bj "$URL/enterprises/$E4/edit" | sed -n 's/.*name="version" value="\([0-9]*\)".*/\1/p' | head -1)
req 303 POST "/enterprises/$E4" -b bj --data-urlencode "csrf=$CS" --data-urlencode "version=$VER" --data-urlencode "industry=租赁和商务服务业"
req 200 GET "/api/v1/enterprises/$E4" -b bj
has "$WORK/body" '"industry":"租赁和商务服务业"'

# ---- rename an organisation: references by id follow, the history keeps the old name ----
OLD=小微设计工作室党支部
NEWN=中共小微设计工作室有限公司支部委员会
"$FGDJ" stats --format json --db $DB >stats_before.json || fail "stats before"
req 200 GET "/api/v1/orgs?q=%E5%B0%8F%E5%BE%AE" -b bj
OID=$(sed -n 's/.*"id":\([0-9]*\),"name":"小微设计工作室党支部".*/\1/p' "$WORK/body")
[ -n "$OID" ] && ok || fail "the organisation's id"
req 200 GET "/orgs/$OID" -b gj
has "$WORK/body" "href=\"/orgs/$OID/rename\">改名</a>"
req 200 GET "/orgs/$OID/rename" -b gj
has "$WORK/body" '<input name="name" id="f-name" value="" required>'
CS=$(csrf_of gj "/orgs/$OID/rename")
req 422 POST "/orgs/$OID/rename" -b gj --data-urlencode "csrf=$CS" --data-urlencode "name=光明社区非公企业联合党支部"
has "$WORK/body" '已有名为“光明社区非公企业联合党支部”的党组织'
req 422 POST "/orgs/$OID/rename" -b gj --data-urlencode "csrf=$CS" --data-urlencode "name= "
JOINT_ID=$(curl -s -b bj "$URL/api/v1/orgs?q=%E5%B9%B8%E7%A6%8F" | sed -n 's/.*"id":\([0-9]*\),"name":"东城街道幸福和平联合党支部".*/\1/p')
req 404 POST "/orgs/$JOINT_ID/rename" -b gj --data-urlencode "csrf=$CS" --data-urlencode "name=越界改名"
req 303 POST "/orgs/$OID/rename" -b gj --data-urlencode "csrf=$CS" --data-urlencode "name=$NEWN"
eq "$(header Location)" "/orgs/$OID?saved=1" "back to the organisation"
req 200 GET "/api/v1/orgs/$OID" -b gj
has "$WORK/body" "\"name\":\"$NEWN\""
has "$WORK/body" '"covers":["91330106MA2000553A"]'
req 200 GET "/api/v1/members?org=$OID" -b gj
has "$WORK/body" "\"org\":\"$NEWN\""
hasnt "$WORK/body" "\"org\":\"$OLD\""
req 200 GET "/api/v1/orgs?q=%E5%B0%8F%E5%BE%AE%E8%AE%BE%E8%AE%A1%E5%B7%A5%E4%BD%9C%E5%AE%A4%E6%9C%89%E9%99%90" -b gj # 小微设计工作室有限
has "$WORK/body" "\"name\":\"$NEWN\""
# the secretary's account follows (it names the organisation by id)
add_user sec2 secretary "$NEWN"
"$FGDJ" history org "$NEWN" --db $DB >hist2.txt 2>&1 || fail "history of the renamed organisation"
has hist2.txt "$OLD"
has hist2.txt "$NEWN"
has hist2.txt "91330106MA2000553A"
eq "$(sql $DB "SELECT count(*) FROM history WHERE tbl = 'org' AND key = '$NEWN' AND op = 'update' AND json_extract(old, '\$.name') = '$OLD'")" 1 "one rename entry"
req 200 GET "/orgs/$OID" -b gj
has "$WORK/body" "$OLD"
"$FGDJ" stats --format json --db $DB >stats_after.json || fail "stats after"
eq "$(cat stats_after.json)" "$(cat stats_before.json)" "coverage unchanged by the rename"
"$FGDJ" stats --as-recorded 2026-11-26 --format json --db $DB >stats_rec.json 2>rec.err || { fail "stats --as-recorded after a rename"; cat rec.err >&2; }
eq "$(cat stats_rec.json)" "$(cat stats_after.json)" "the replayed history gives today's figures"
# a later organisation taking the old name does not inherit the renamed one's history
CS=$(csrf_of bj /orgs/new)
req 303 POST /orgs -b bj --data-urlencode "csrf=$CS" --data-urlencode "name=$OLD" --data-urlencode "kind=党支部" \
	--data-urlencode "mode=单独建" --data-urlencode "founded=2026-10-01"
"$FGDJ" history org "$OLD" --db $DB >hist3.txt 2>&1 || fail "history of the new namesake"
hasnt hist3.txt "$NEWN"
hasnt hist3.txt "91330106MA2000553A"

# ---- two columns on a wide screen, one under 700 px ----
req 200 GET /assets/fgdj.css
has "$WORK/body" '.ledger-form { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr));'
has "$WORK/body" '@media (max-width: 700px) { .ledger-form { grid-template-columns: minmax(0, 1fr); } }'

finish
