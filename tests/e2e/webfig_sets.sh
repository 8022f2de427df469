#!/bin/sh
# The party-work figures (ratings, funding, venues, secretaries, 亮身份) by street and by community:
# /figures/KEY?street=ID (?community=ID) lists exactly the records the by-group cell counts. On the
# hand-made district with its designations and venues, the sets worked out by hand
# (tests/fixtures/recog/README.md): the joint branch of 幸福 and 和平 is in both communities' sets
# and once in 东城's. On the district demo, every figure of every street, and of every community
# of a street's user, against `fgdj stats` (webfig_sets.py, given the regions read by db_query). Scope holds: another street's or
# community's set is refused.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

# count PATH JAR: the count of a figure's list ("共 N 条").
count() { curl -s -b "$2" "$URL$1" | sed -n 's/.*<span>共 \([0-9]*\) 条.*/\1/p' | head -1; }
# names PATH JAR: the organisations or designations the list links, sorted, one a line.
names() { curl -s -b "$2" "$URL$1" | grep -o '<tr><td><a href="/[a-z]*/[0-9]*">[^<]*</a>' | sed 's/.*">//; s/<.*//' | sort | tr '\n' ' '; }

DB=h.db
import_district $DB
run 0 "$FGDJ" import designations "$FIX/recog/designations.csv" --db $DB
run 0 "$FGDJ" import venues "$FIX/recog/venues.csv" --db $DB
E=$(sql $DB "SELECT id FROM region WHERE name = '东城街道'")
W=$(sql $DB "SELECT id FROM region WHERE name = '西城街道'")
XF=$(sql $DB "SELECT id FROM region WHERE name = '幸福社区'")
HP=$(sql $DB "SELECT id FROM region WHERE name = '和平社区'")
GM=$(sql $DB "SELECT id FROM region WHERE name = '光明社区'")
add_user boss admin
add_user dc street 东城街道
start_server $DB
api_login boss bj
api_login dc dj

A=中共临江智造科技有限公司支部委员会 B=东城街道幸福和平联合党支部 D=小微设计工作室党支部 N=新建材料有限公司党支部
# by street (the district's table): 东城 a b, 西城 d — the README's 西城 column
eq "$(names "/figures/venues_standard?street=$E" bj)" "$(printf '%s\n' $B $A | sort | tr '\n' ' ')" "东城's standard venues: a b"
eq "$(names "/figures/venues_standard?street=$W" bj)" "$D " "西城's standard venues: d"
eq "$(count "/figures/open_bases?street=$E" bj)" 1 "东城's open bases: a"
eq "$(names "/figures/open_bases?street=$W" bj)" "$(printf '%s\n' $D $N | sort | tr '\n' ' ')" "西城's open bases: d e"
eq "$(count "/figures/designations_model_post?street=$E" bj)" 2 "东城's 示范岗: #1 #4"
eq "$(count "/figures/designations_model_post?street=$W" bj)" 0 "西城's 示范岗: none"
eq "$(names "/figures/designations_vanguard_post?street=$E" bj)" "门店党员先锋岗 " "东城's 先锋岗: #5 (停业 E7 still counted)"
eq "$(names "/figures/designations_responsibility_area?street=$W" bj)" "设计部党员责任区 " "西城's 责任区: #3"
req 200 GET "/figures/venues_standard?street=$W" -b bj
has "$WORK/body" '<p class="lead">本区 · 西城街道 · 截至 2026-11-26 · '
# the dashboard's by-street row of 西城 links its venue rate and open bases to 西城's lists
req 200 GET / -b bj
grep '<tr><th scope="row">西城街道</th>' "$WORK/body" >row.html || fail "the by-street row of 西城"
has row.html "<a href=\"/figures/venues_standard?street=$W\">33.3%</a>"
has row.html "<a href=\"/figures/open_bases?street=$W\">2</a>"
# by community (东城's user, whose dashboard breaks down by community): the joint branch b covers
# E2 (幸福) and E3 (和平), so it is in both communities' sets — each cell counts it once
eq "$(names "/figures/venues_standard?community=$XF" dj)" "$(printf '%s\n' $B $A | sort | tr '\n' ' ')" "幸福's standard venues: a b"
eq "$(names "/figures/venues_standard?community=$HP" dj)" "$B " "和平's standard venues: b"
eq "$(count "/figures/venues_standard" dj)" 2 "东城's standard venues: a b once each"
eq "$(count "/figures/open_bases?community=$HP" dj)" 0 "和平's open bases: none"
req 200 GET / -b dj
grep '<tr><th scope="row">和平社区</th>' "$WORK/body" >row.html || fail "the by-community row of 和平"
has row.html "<a href=\"/figures/venues_standard?community=$HP\">100.0%</a>" # b, its only organisation
# the export keeps the place: 和平's standard venues are one organisation
curl -s -b dj -o hp.xlsx "$URL/figures/venues_standard/export.xlsx?community=$HP"
eq "$(python3 -c "import sys,zipfile,re; z=zipfile.ZipFile(sys.argv[1]); print(len(re.findall(r'<row ', z.read('xl/worksheets/sheet1.xml').decode())) - 1)" hp.xlsx)" 1 "和平's export"
# scope: 东城's user asking for 西城 or one of its communities is refused, not shown an empty list
req 404 GET "/figures/venues_standard?street=$W" -b dj
req 404 GET "/figures/open_bases?community=$GM" -b dj
req 404 GET "/figures/open_bases/export.xlsx?community=$GM" -b dj
req 404 GET "/figures/open_bases?street=nothing" -b bj
req 404 GET "/figures/open_bases?street=99999" -b bj
stop_server

# The district demo: every figure of every street (the district) and every community (a street).
DB=d.db
run 0 fgdj_demo --db $DB --scale district --seed 1
STREET=$(sql $DB "SELECT name FROM region WHERE level = 'street' ORDER BY id LIMIT 1")
add_user boss admin
add_user st street "$STREET"
sql $DB "SELECT id, name, level FROM region" >regions.txt
[ "$(grep -c '|street$' regions.txt)" -ge 2 ] || fail "the demo's streets read for webfig_sets.py"
start_server $DB
if python3 "$HERE/webfig_sets.py" "$FGDJ" "$WORK/$DB" regions.txt "$URL" boss >py.out 2>py.err; then ok; else
	fail "the district's sets by street"; head -30 py.err >&2; fi
if python3 "$HERE/webfig_sets.py" "$FGDJ" "$WORK/$DB" regions.txt "$URL" st "$STREET" >py.out 2>py.err; then ok; else
	fail "$STREET's sets by community"; head -30 py.err >&2; fi
finish
