#!/bin/sh
# A city's work report names the leadership bodies (组建方式 上级机关) of the region it is about:
# the whole city names the bodies placed in no street, community or zone and counts the others; a
# district of the city counts the bodies of its own streets, communities and zones (an organisation
# is placed by street or community, so none is the district's own) and never another district's.
# On the hand-made city of tests/fixtures/territory (临江区 and 江北区; its README).
. "$(dirname "$0")/../lib.sh"

DB=t.db
territory_city $DB
H=$(head -1 "$FIX/territory/orgs.csv")
# The city's body; a street body in each district (临江区 two, one of them closed); a community body.
{
	echo "$H"
	echo "中共本市两新工委,党委,上级机关,,,,,,2019-01-01,丙一,是,5,2023-01-01"
	echo "中共临江区双峰街道工委,党委,上级机关,中共本市两新工委,,临江区/双峰街道,,,2019-01-01,丙二,是,5,2023-01-01"
	echo "中共临江区东城街道工委,党委,上级机关,中共本市两新工委,,临江区/东城街道,,,2019-01-01,丙三,是,5,2023-01-01"
	echo "中共江北区双峰街道工委,党委,上级机关,中共本市两新工委,,江北区/双峰街道,,,2019-01-01,丙四,是,5,2023-01-01"
	echo "中共江北区梧埭社区党委,党委,上级机关,中共江北区双峰街道工委,,江北区/双峰街道,梧埭社区,,2019-01-01,丙五,是,5,2023-01-01"
} >bodies.csv
run 0 "$FGDJ" import orgs bodies.csv --db $DB

# A figure of `fgdj report vars` for REGION (empty: the whole city).
var() {
	if [ -n "${2:-}" ]; then
		"$FGDJ" report vars --db $DB --region "$2"
	else
		"$FGDJ" report vars --db $DB
	fi | awk -F '\t' -v k="{{$1}}" '$1 == k { print $2 }'
}
eq "$(var leadership_names)" 中共本市两新工委 "the city names its own body"
eq "$(var area_bodies_count)" 4 "the city counts every street's and community's body"
eq "$(var leadership_count 临江区)" 0 "a district of the city has no body of its own"
eq "$(var area_bodies_count 临江区)" 2 "临江区 counts its two streets' bodies"
eq "$(var area_bodies_count 江北区)" 2 "江北区 counts its street's and its community's bodies"

run 0 "$FGDJ" report work --format md --region 临江区 -o lj.md --db $DB
has lj.md "街道和园区、商圈设有党（工）委2个"
hasnt lj.md "中共本市两新工委"
run 0 "$FGDJ" report work --format md -o city.md --db $DB
has city.md "设有中共本市两新工委"
has city.md "街道和园区、商圈设有党（工）委4个"

# A body closed is counted no more (its district's and the city's).
run 0 "$FGDJ" close org 中共临江区东城街道工委 --date 2026-11-01 --reason 撤销 --db $DB
eq "$(var area_bodies_count 临江区)" 1 "临江区 after one body closed"
eq "$(var area_bodies_count)" 3 "the city after one body closed"
eq "$(var area_bodies_count 江北区)" 2 "江北区 unchanged"
finish
