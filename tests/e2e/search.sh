#!/bin/sh
# Name search in the lists (pages and API) on the hand-made district: any run of a name's Chinese
# characters, pinyin and pinyin initials from any character on, several words ANDed, full-width
# input, a credit code or ID number only by its beginning (letters inside a code are no name),
# a renamed enterprise found by its new name only, nothing for a search of punctuation, and the scope
# kept. (tests/e2e/web_version.sh checks that an upgrade fills the index.)
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

DB=d.db
import_district $DB
# The index rows are written at commit (a transaction's names are queued, then inserted together):
# one per enterprise, organisation and member; a refused import adds none.
for t in enterprise org member; do
	eq "$(sql $DB "SELECT count(*) FROM ${t}_search")" "$(sql $DB "SELECT count(*) FROM $t")" "one ${t}_search row per $t"
done
printf '%s\n%s\n%s\n' "$(head -1 "$FIX/district/enterprises.csv")" \
	'91330106MA2000553A,搜索新企业有限公司,东城街道,幸福社区,,,零售业,在营,5,是,20,某人,否,2021-04-04,,,' \
	'91330106MA2000553A,重复的行,东城街道,幸福社区,,,零售业,在营,5,是,20,某人,否,2021-04-04,,,' >dup.csv
run 2 "$FGDJ" import enterprises dup.csv --db $DB
eq "$(sql $DB "SELECT count(*) FROM enterprise_search('\"sousuo\"*')")" 0 "refused import: no index rows"
add_user boss admin
add_user hp community 和平社区
start_server $DB
api_login boss bj
api_login hp hj

names() { grep -o '"name":"[^"]*"' "$WORK/body" | sed 's/"name":"\(.*\)"/\1/' | tr '\n' ' '; }
total() { sed -n 's/^{"total":\([0-9]*\),.*/\1/p' "$WORK/body"; }
# finds KIND QUERY EXPECTED-NAMES (in list order)
finds() {
	req 200 GET "/api/v1/$1?limit=100" -G --data-urlencode "q=$2" -b bj
	eq "$(names)" "$3" "$1 ?q=$2"
}

finds enterprises 科技 "临江智造科技有限公司 "
finds enterprises 智造科技 "临江智造科技有限公司 "
finds enterprises 造科技有 "临江智造科技有限公司 "
finds enterprises 造餐 ""
finds enterprises 临江 "临江小象餐饮有限公司 临江智造科技有限公司 "
finds enterprises "临江 餐饮" "临江小象餐饮有限公司 "
finds enterprises ljzz "临江智造科技有限公司 "
finds enterprises LJZZ "临江智造科技有限公司 "
finds enterprises ＬＪＺＺ "临江智造科技有限公司 "
finds enterprises keji "临江智造科技有限公司 "
finds enterprises linjiangx "临江小象餐饮有限公司 "
finds enterprises "hpwl" "和平物流有限公司 "
finds enterprises "lj canyin" "临江小象餐饮有限公司 "
# codes: by their beginning, never by letters inside them
finds enterprises ma2000342 ""
finds enterprises 91330106ma2000342 "和平物流有限公司 "
finds enterprises ９１３３０１０６ＭＡ２０００３４２ "和平物流有限公司 "
req 200 GET "/api/v1/enterprises?q=9133&limit=100" -b bj
eq "$(total)" "$(sql $DB 'SELECT count(*) FROM enterprise')" "a code prefix common to all"
finds enterprises "！！" ""
# members and organisations
finds members 张一 "张一 "
finds members zhangy "张一 "
finds members 330106196102 "张一 "
finds orgs 联合 "东城街道幸福和平联合党支部 光明社区非公企业联合党支部 "
finds orgs "联合 和平" "东城街道幸福和平联合党支部 "
finds orgs xfhp "东城街道幸福和平联合党支部 "

# the scope still holds: a community finds only its own
req 200 GET "/api/v1/enterprises?q=gmzx" -b hj
eq "$(total)" 0 "search does not leave the scope"
req 200 GET "/api/v1/enterprises?q=hpwl" -b hj
eq "$(names)" "和平物流有限公司 " "a community finds its own"

# a renamed enterprise is found by its new name, not its old one; the page searches the same way
{ head -1 "$FIX/district/enterprises.csv"; sed -n 4p "$FIX/district/enterprises.csv" | sed 's/和平物流有限公司/安洋医药有限公司/'; } >ren.csv
run 0 "$FGDJ" import enterprises ren.csv --db $DB
finds enterprises ayyy "安洋医药有限公司 "
finds enterprises 物流 ""
req 200 GET "/enterprises?q=ayyy" -b bj
has "$WORK/body" 安洋医药有限公司
hasnt "$WORK/body" 临江智造科技有限公司

finish
