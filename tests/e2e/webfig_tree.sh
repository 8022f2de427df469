#!/bin/sh
# The organisation tree: a node with more children than a page (130 branches under one 党委) shows
# the first 50 and links to its children paged like the top level (?under=, with the count: 50,
# 50, 30); 含已撤销 keeps the tree and marks the 撤销 organisation with its date (without it the
# organisation is not drawn); an organisation out of scope or unknown is refused.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

DB=d.db
import_district $DB
ROOT=中共临江区非公有制企业委员会
P=东城街道两新组织综合党委
H=党组织名称,组织类别,组建方式,上级党组织,覆盖企业,所属街道,所属社区,所属区域,成立日期,书记姓名,是否设支委会,支委会人数,本届任期开始
{
	echo "$H"
	echo "$P,党委,上级机关,$ROOT,,东城街道,,,2020-01-01,王综合,是,5,2022-01-01"
	i=1
	while [ $i -le 130 ]; do
		printf '东城街道第%03d楼宇党支部,党支部,上级机关,%s,,东城街道,,,2020-01-01,,否,,\n' $i $P
		i=$((i + 1))
	done
} >big.csv
run 0 "$FGDJ" import orgs big.csv --db $DB
eq "$(sql $DB "SELECT count(*) FROM org c JOIN org p ON p.id = c.parent_id WHERE p.name = '$P'")" 130 "130 children imported"
run 0 "$FGDJ" close org 东城街道第007楼宇党支部 --date 2026-10-01 --reason 楼宇改造 --db $DB
PID=$(sql $DB "SELECT id FROM org WHERE name = '$P'")
C7=$(sql $DB "SELECT id FROM org WHERE name = '东城街道第007楼宇党支部'")
add_user boss admin
add_user dc street 东城街道
add_user xc street 西城街道
start_server $DB
api_login boss bj
api_login dc dj
api_login xc xj

# branches of P drawn in the tree (whatever page): their numbers, one a line
branches() { grep -o '>东城街道第[0-9]*楼宇党支部</a>' "$1" | sed 's/.*第\([0-9]*\)楼.*/\1/'; }

# the tree: P's 129 active branches, of which the first 50 are drawn, then the link to all of them
req 200 GET /orgs -b bj
has "$WORK/body" '<p class="lead">共 136 个党组织，按隶属关系排列' # 6 of the district + P + 129
has "$WORK/body" '<summary>下级组织 129 个</summary>'
eq "$(branches "$WORK/body" | wc -l | tr -d ' ')" 50 "the tree draws the first page of P's children"
eq "$(branches "$WORK/body" | head -1)" 001 "the first child first"
hasnt "$WORK/body" '第007楼宇党支部' # 撤销: not in the current tree
has "$WORK/body" "以上是前 50 个，<a href=\"/orgs?under=$PID\">分页查看全部 129 个下级组织</a>"
# P's children paged: 50, 50, 29 with the count and the pager
req 200 GET "/orgs?under=$PID" -b bj
has "$WORK/body" "<p class=\"tree-root\"><a href=\"/orgs/$PID\">$P</a> <span class=\"muted\">党委 · 上级机关 · 下级组织 129 个</span></p>"
has "$WORK/body" '<span>共 129 条 · 第 1 / 3 页</span>'
eq "$(branches "$WORK/body" | tr '\n' ' ' | cut -c1-12)" "001 002 003 " "page 1 starts at 001"
req 200 GET "/orgs?under=$PID&page=3" -b bj
eq "$(branches "$WORK/body" | wc -l | tr -d ' ')" 29 "page 3: the last 29"
eq "$(branches "$WORK/body" | tail -1)" 130 "page 3 ends with 130"
has "$WORK/body" '<span>共 129 条 · 第 3 / 3 页</span>'
# 含已撤销: the tree (not the flat list) with the 撤销 branch marked with its date, in its place
req 200 GET '/orgs?closed=1' -b bj
has "$WORK/body" '<p class="lead">共 137 个党组织，按隶属关系排列'
hasnt "$WORK/body" '<th scope="col">党组织名称</th>'
has "$WORK/body" '<summary>下级组织 130 个</summary>'
has "$WORK/body" "<a href=\"/orgs/$C7\">东城街道第007楼宇党支部</a> <span class=\"tag closed\">已撤销 2026-10-01</span>"
eq "$(branches "$WORK/body" | sed -n 7p)" 007 "the 撤销 branch in its order"
has "$WORK/body" "<a href=\"/orgs?under=$PID&amp;closed=1\">分页查看全部 130 个下级组织</a>"
req 200 GET "/orgs?under=$PID&closed=1" -b bj
has "$WORK/body" '<span>共 130 条 · 第 1 / 3 页</span>'
has "$WORK/body" '东城街道第007楼宇党支部</a> <span class="tag closed">已撤销 2026-10-01</span>'
# one tag only: the active organisations are not marked
eq "$(grep -o 'class="tag closed"' "$WORK/body" | wc -l | tr -d ' ')" 1 "only the 撤销 branch marked"
# a street's user: 东城 sees P's children; 西城 neither sees them nor reaches P's page of them
req 200 GET "/orgs?under=$PID" -b dj
has "$WORK/body" '<span>共 129 条 · 第 1 / 3 页</span>'
req 404 GET "/orgs?under=$PID" -b xj
has "$WORK/body" '没有这个党组织，或它不在您的工作范围内'
req 404 GET '/orgs?under=999999' -b bj
finish
