#!/bin/sh
# Places are never invented: a street, community or zone a ledger row names but the database does
# not know is refused with the nearest names (import, form, API), and created only when confirmed
# (--new-places, the web import's checkbox) by someone who may; zones and regions never share a
# name, and --region says which kind it means; fgdj place renames, merges and removes.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

HEAD=$(head -1 "$FIX/district/enterprises.csv")
ROW='91330106MA2000908B,双峰新材料有限公司,双峰街道,梧埭社区,,,制造业,在营,20,是,100,王五,否,2019-04-01,正常经营,职工20人,'
# row STREET COMMUNITY [USCC]: one enterprise row in that street and community.
row() { echo "$ROW" | sed -e "s/,双峰街道,梧埭社区,/,$1,$2,/" -e "s/^91330106MA2000908B/${3:-91330106MA2000908B}/"; }

DB=d.db
import_district $DB
run 0 "$FGDJ" place add street 双峰街道 --db $DB
run 0 "$FGDJ" place add community 双峰街道 梧埭社区 --db $DB
run 0 "$FGDJ" place add community 双峰街道 梧桐社区 --db $DB

# ---- a typo in a file is an error naming row and column, with the street meant ----
printf '%s\n%s\n' "$HEAD" "$(row 双峰街 梧埭社区)" >typo_street.csv
before=$(dbsum $DB)
run 2 "$FGDJ" import enterprises typo_street.csv --db $DB
has err 'typo_street.csv:2:所属街道: 街道“双峰街”不存在。您是不是要找：双峰街道？'
eq "$(dbsum $DB)" "$before" "typo street: database unchanged"
run 0 "$FGDJ" place list --db $DB
hasnt out "街道 双峰街："
has out "街道 双峰街道："

# …and a community written without 社区 suggests it (not 梧桐社区, one character off by the same count)
printf '%s\n%s\n' "$HEAD" "$(row 双峰街道 梧埭)" >typo_comm.csv
run 2 "$FGDJ" import enterprises typo_comm.csv --db $DB
has err 'typo_comm.csv:2:所属社区: 社区“梧埭”不存在。您是不是要找：梧埭社区？'
eq "$(dbsum $DB)" "$before" "typo community: database unchanged"
# a homophone typed through a pinyin input method
printf '%s\n%s\n' "$HEAD" "$(row 爽峰街道 梧埭社区)" >homophone.csv
run 2 "$FGDJ" import enterprises homophone.csv --db $DB
has err '街道“爽峰街道”不存在。您是不是要找：双峰街道？'

# an organisation never creates places, and its typos get the same suggestions
sed -n '1p;2s/,东城街道,幸福社区,科创园,/,东城街,幸福社区,科创圆,/p' "$FIX/district/orgs.csv" >org_typo.csv
run 2 "$FGDJ" import orgs org_typo.csv --db $DB --new-places
has err 'org_typo.csv:2:所属街道: 街道“东城街”不存在。您是不是要找：东城街道？'
sed -n '1p;2s/,科创园,/,科创圆,/p' "$FIX/district/orgs.csv" >org_zone.csv
run 2 "$FGDJ" import orgs org_zone.csv --db $DB --new-places
has err '区域“科创圆”不存在。您是不是要找：科创园？'
eq "$(dbsum $DB)" "$before" "organisation typos change nothing"

# ---- confirmed: --new-places lists what it creates, in the dry run too, and the history has it ----
printf '%s\n%s\n%s\n' "$HEAD" "$(row 双峰街 梧埭社区)" "$(row 双峰街道 新桥社区 91330106MA20009759)" >new.csv
run 0 "$FGDJ" import enterprises new.csv --db $DB --new-places --dry-run
has out "将新建的地点"
has out "街道 双峰街"
has out "社区 双峰街/梧埭社区"
has out "社区 双峰街道/新桥社区"
eq "$(dbsum $DB)" "$before" "dry run with --new-places writes nothing"
run 0 "$FGDJ" import enterprises new.csv --db $DB --new-places
has out "新建的地点"
has out "街道 双峰街"
run 0 "$FGDJ" place list --db $DB
has out "街道 双峰街：社区 1，企业 1"
has out "  社区 双峰街道/新桥社区：企业 1"
eq "$(sql $DB "SELECT count(*) FROM history WHERE tbl = 'region' AND key = '双峰街' AND op = 'insert' AND who = '命令行:tester' AND source = 'new.csv'")" 1 "new street in the history"
eq "$(sql $DB "SELECT count(*) FROM history WHERE tbl = 'region' AND key = '双峰街道/新桥社区' AND op = 'insert'")" 1 "new community in the history"
# an empty database takes its first streets only when confirmed
run 2 "$FGDJ" import enterprises "$FIX/district/enterprises.csv" --db empty.db
has err "街道“东城街道”不存在"
eq "$(sql empty.db 'SELECT count(*) FROM region')" 1 "nothing but the district"

# ---- place rename / merge / remove ----
run 0 "$FGDJ" place rename 街道 双峰街 双峰北街道 --db $DB
has out "已将街道“双峰街”改名为“双峰北街道”"
run 0 "$FGDJ" export enterprises --db $DB --region 街道:双峰北街道
has out "91330106MA2000908B,双峰新材料有限公司,双峰北街道,梧埭社区"
run 2 "$FGDJ" place rename 街道 双峰北街道 双峰街道 --db $DB
has err "街道“双峰街道”已存在"
# merge: the street's community joins its namesake, the enterprise follows, the street is gone
run 0 "$FGDJ" place merge street 双峰北街道 双峰街道 --db $DB
run 0 "$FGDJ" export enterprises --db $DB --region 社区:双峰街道/梧埭社区
has out "91330106MA2000908B,双峰新材料有限公司,双峰街道,梧埭社区"
run 0 "$FGDJ" place list --db $DB
hasnt out "双峰北街道"
has out "  社区 双峰街道/梧埭社区：企业 1"
eq "$(sql $DB "SELECT count(*) FROM region WHERE name = '梧埭社区'")" 1 "merged communities are one"
eq "$(sql $DB "SELECT new FROM history WHERE tbl = 'region' AND key = '双峰北街道' AND op = 'delete'")" '{"merged_into":"双峰街道"}' "merge in the history"
# remove: refused while anything refers to the place, done when empty
before=$(dbsum $DB)
run 2 "$FGDJ" place remove 社区 双峰街道/梧埭社区 --db $DB
has err "社区“双峰街道/梧埭社区”不能删除：仍有企业 1 家"
run 2 "$FGDJ" place remove 街道 东城街道 --db $DB
has err "企业"
has err "党组织"
has err "社区 2 个"
run 2 "$FGDJ" place remove 社区 光明社区 --db $DB
has err "党建指导员 1 名"
eq "$(dbsum $DB)" "$before" "refused removals change nothing"
run 0 "$FGDJ" place remove 社区 梧桐社区 --db $DB
eq "$(sql $DB "SELECT count(*) FROM region WHERE name = '梧桐社区'")" 0 "empty community removed"
eq "$(sql $DB "SELECT count(*) FROM history WHERE tbl = 'region' AND key = '双峰街道/梧桐社区' AND op = 'delete'")" 1 "removal in the history"
run 2 "$FGDJ" place remove 社区 梧桐社区 --db $DB
has err "社区“梧桐社区”不存在"

# ---- zones and regions never share a name ----
run 2 "$FGDJ" place add zone 东城街道 园区 --db $DB
has err "“东城街道”已是街道的名称"
run 2 "$FGDJ" place rename 区域 科创园 西城街道 --db $DB
has err "“西城街道”已是街道的名称"
run 2 "$FGDJ" place rename 街道 东城街道 科创园 --db $DB
has err "“科创园”已是区域（科技园）的名称"
run 2 "$FGDJ" place add community 西城街道 国贸大厦 --db $DB
has err "已是区域（楼宇）的名称"
# a file naming a new zone after a street is refused too
printf '%s\n%s\n' "$HEAD" "$(row 双峰街道 梧埭社区 | sed 's/,梧埭社区,,,/,梧埭社区,西城街道,园区,/')" >zone_clash.csv
run 2 "$FGDJ" import enterprises zone_clash.csv --db $DB --new-places
has err "zone_clash.csv:2:所属区域: “西城街道”已是街道的名称"
run 0 "$FGDJ" place add zone 双峰园 园区 --db $DB
run 0 "$FGDJ" place merge 区域 双峰园 科创园 --db $DB
run 0 "$FGDJ" place add zone 空园区 园区 --db $DB
run 0 "$FGDJ" place remove zone 空园区 --db $DB
run 2 "$FGDJ" place remove zone 科创园 --db $DB
has err "区域“科创园”不能删除：仍有企业"

# ---- --region says which kind it means; a plain name must be unique ----
run 0 "$FGDJ" stats --db $DB --region 街道:东城街道
has out "东城街道 非公企业党建统计"
run 0 "$FGDJ" stats --db $DB --region 区域:科创园
has out "科创园 非公企业党建统计"
run 0 "$FGDJ" stats --db $DB --region 社区：光明社区
run 2 "$FGDJ" stats --db $DB --region 区域:东城街道
has err "没有名为“东城街道”的区域"
# A database from before the rule may hold a zone named like a street: never silently the zone.
sql $DB "INSERT INTO zone(name, kind) VALUES ('西城街道', '园区')"
run 2 "$FGDJ" stats --db $DB --region 西城街道
has err "“西城街道”不止指一个地方：街道:西城街道、区域:西城街道"
run 2 "$FGDJ" check --db $DB --region 西城街道
has err "街道:西城街道"
run 0 "$FGDJ" stats --db $DB --region 街道:西城街道 --format json
has out '"enterprises_total": 4'
sql $DB "DELETE FROM zone WHERE name = '西城街道'"

# ---- the web: the form, the API and the import ----
add_user p_admin admin
add_user p_street street 双峰街道
add_user p_comm community 梧埭社区
start_server $DB
api_login p_admin ja; AC=$CSRF
api_login p_street js; SC=$CSRF
api_login p_comm jc; CC=$CSRF

before=$(dbsum $DB)
BODY='{"uscc":"93330106MA2000342L","name":"双峰表单","street":"双峰街","community":"梧埭社区","status":"在营","employees":5,"fixed_site":true}'
eq "$(json -b ja -H "X-CSRF-Token: $AC" -d "$BODY" "$URL/api/v1/enterprises")" 422 "API: unknown street → 422"
has "$WORK/body" '"street":"街道“双峰街”不存在。您是不是要找：双峰街道？'
BODY='{"uscc":"93330106MA2000342L","name":"双峰表单","street":"双峰街道","community":"梧埭","status":"在营","employees":5,"fixed_site":true}'
eq "$(json -b js -H "X-CSRF-Token: $SC" -d "$BODY" "$URL/api/v1/enterprises")" 422 "API: unknown community → 422"
has "$WORK/body" '您是不是要找：梧埭社区？'
eq "$(dbsum $DB)" "$before" "web refusals change nothing"

# the form offers the places as selects (communities grouped by street), not free text
req 200 GET /enterprises/new -b ja
has "$WORK/body" '<select name="street" id="f-street"'
has "$WORK/body" '<optgroup label="双峰街道"><option>梧埭社区</option><option>新桥社区</option></optgroup>'
has "$WORK/body" '/assets/places.js?v='
hasnt "$WORK/body" '<input name="street"'
req 200 GET /enterprises/new -b jc
has "$WORK/body" '<option>双峰街道</option>'
hasnt "$WORK/body" '<option>东城街道</option>'
hasnt "$WORK/body" '<option>幸福社区</option>'
req 200 GET /assets/places.js
has "$WORK/body" 'optgroup'
# a pair that does not belong together is refused by the server
FC=$(curl -s -b ja "$URL/enterprises/new" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
req 422 POST /enterprises -b ja --data-urlencode "csrf=$FC" --data-urlencode uscc=93330106MA2000342L \
	--data-urlencode name=双峰表单 --data-urlencode street=东城街道 --data-urlencode community=梧埭社区 \
	--data-urlencode status=在营 --data-urlencode employees=5 --data-urlencode fixed_site=是
has "$WORK/body" '社区“梧埭社区”不存在。'
eq "$(dbsum $DB)" "$before" "mismatched pair changes nothing"

# the import: a community user may not create places…
printf '%s\n%s\n' "$HEAD" "$(row 双峰街道 梧埭新社区)" >webnew.csv
req 422 POST /import -b jc -F "csrf=$CC" -F kind=enterprises -F "file=@webnew.csv"
has "$WORK/body" '社区“梧埭新社区”不存在。'
hasnt "$WORK/body" 'name="new_places"'
# …a street user may create a community of its street: the preview lists it, the commit needs the box
req 200 POST /import -b js -F "csrf=$SC" -F kind=enterprises -F "file=@webnew.csv"
has "$WORK/body" '<li>社区 双峰街道/梧埭新社区</li>'
has "$WORK/body" 'name="new_places" value="1" required'
TOKEN=$(sed -n 's/.*name="token" value="\([0-9a-f]*\)".*/\1/p' "$WORK/body")
req 422 POST /import/commit -b js -d "csrf=$SC" -d "token=$TOKEN"
has "$WORK/body" '社区“梧埭新社区”不存在。'
eq "$(dbsum $DB)" "$before" "commit without the confirmation writes nothing"
req 200 POST /import -b js -F "csrf=$SC" -F kind=enterprises -F "file=@webnew.csv"
TOKEN=$(sed -n 's/.*name="token" value="\([0-9a-f]*\)".*/\1/p' "$WORK/body")
req 200 POST /import/commit -b js -d "csrf=$SC" -d "token=$TOKEN" -d new_places=1
has "$WORK/body" '新建的地点'
eq "$(sql $DB "SELECT count(*) FROM region WHERE name = '梧埭新社区'")" 1 "confirmed community created"
eq "$(sql $DB "SELECT who FROM history WHERE tbl = 'region' AND key = '双峰街道/梧埭新社区'")" "web:p_street" "web creation in the history"
# …but not a street
printf '%s\n%s\n' "$HEAD" "$(row 新街道 新社区 91330106MA20009759)" >webstreet.csv
req 422 POST /import -b js -F "csrf=$SC" -F kind=enterprises -F "file=@webstreet.csv"

# ---- 地点管理: administrators only, every change a form with CSRF ----
req 200 GET /places -b ja
has "$WORK/body" '<h1>地点管理</h1>'
has "$WORK/body" '双峰街道/梧埭新社区'
req 403 GET /places -b js
req 403 POST /places -b js -d "csrf=$SC" -d op=add -d kind=street -d name=偷建街道
req 403 POST /places -b ja -d op=add -d kind=street -d name=无令牌街道
req 303 POST /places -b ja -d "csrf=$AC" -d op=add -d kind=street -d name=网页街道
eq "$(header Location)" "/places?ok=add" "redirect after add"
req 422 POST /places -b ja -d "csrf=$AC" -d op=add -d kind=zone -d name=网页街道 -d zone_kind=园区
has "$WORK/body" '“网页街道”已是街道的名称'
req 303 POST /places -b ja -d "csrf=$AC" -d op=rename -d kind=street -d name=网页街道 -d to=网页新街道
req 422 POST /places -b ja -d "csrf=$AC" -d op=remove -d kind=street -d name=东城街道
has "$WORK/body" '不能删除'
req 303 POST /places -b ja -d "csrf=$AC" -d op=remove -d kind=street -d name=网页新街道
eq "$(sql $DB "SELECT count(*) FROM region WHERE name LIKE '网页%'")" 0 "added, renamed and removed"
eq "$(sql $DB "SELECT count(*) FROM history WHERE tbl = 'region' AND who = 'web:p_admin'")" 3 "three changes, three history entries"

finish
