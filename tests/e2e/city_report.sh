#!/bin/sh
# A city's work report names the leadership bodies (组建方式 上级机关) of the region it is about:
# the whole city names the bodies placed in no street, community or zone, counts its districts' own
# (所属街道 names a district alone) apart and the others together; a district of the city names its
# own and counts the bodies of its streets, communities and zones, never another district's.
# On the hand-made city of tests/fixtures/territory (临江区 and 江北区; its README).
. "$(dirname "$0")/../lib.sh"

DB=t.db
territory_city $DB
H=$(head -1 "$FIX/territory/orgs.csv")
# Without a body of the city's own, the city still says what its districts have.
printf '%s\n%s\n' "$H" "中共临江区非公企业党委,党委,上级机关,,,临江区,,,2019-01-01,丙六,是,5,2023-01-01" >own0.csv
run 0 "$FGDJ" import orgs own0.csv --db $DB
run 0 "$FGDJ" report work --format md -o city0.md --db $DB
has city0.md "在领导体制上，本市各区县设有党（工）委1个，按属地分级负责非公企业党建工作。"
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
# 临江区's own body, now under the city's: its 所属街道 is the district alone (and it has no community).
printf '%s\n%s\n' "$H" "中共临江区非公企业党委,党委,上级机关,中共本市两新工委,,临江区,,,2019-01-01,丙六,是,5,2023-01-01" >own.csv
run 0 "$FGDJ" import orgs own.csv --db $DB
printf '%s\n%s\n' "$H" "中共江北区非公企业党委,党委,上级机关,中共本市两新工委,,江北区,梧埭社区,,2019-01-01,丙七,是,5,2023-01-01" >own2.csv
run 2 "$FGDJ" import orgs own2.csv --db $DB
has err "own2.csv:2:所属社区: 所属街道写的是区县“江北区”（区县本级的党组织），所属社区应为空"
run 0 "$FGDJ" export orgs --db $DB -o o.csv
has o.csv "中共临江区非公企业党委,党委,上级机关,中共本市两新工委,,临江区,,,2019-01-01"

# A figure of `fgdj report vars` for REGION (empty: the whole city).
var() {
	if [ -n "${2:-}" ]; then
		"$FGDJ" report vars --db $DB --region "$2"
	else
		"$FGDJ" report vars --db $DB
	fi | awk -F '\t' -v k="{{$1}}" '$1 == k { print $2 }'
}
eq "$(var leadership_names)" 中共本市两新工委 "the city names its own body"
eq "$(var district_bodies_count)" 1 "the city counts its districts' own bodies apart"
eq "$(var area_bodies_count)" 4 "the city counts every street's and community's body"
eq "$(var leadership_names 临江区)" 中共临江区非公企业党委 "临江区 names its own body"
eq "$(var leadership_count 江北区)" 0 "江北区 has no body of its own"
eq "$(var area_bodies_count 临江区)" 2 "临江区 counts its two streets' bodies"
eq "$(var area_bodies_count 江北区)" 2 "江北区 counts its street's and its community's bodies"

run 0 "$FGDJ" report work --format md --region 临江区 -o lj.md --db $DB
has lj.md "临江区设有中共临江区非公企业党委，统筹指导辖区非公企业党建工作；街道和园区、商圈设有党（工）委2个"
hasnt lj.md "中共本市两新工委"
run 0 "$FGDJ" report work --format md --region 江北区 -o jb.md --db $DB
has jb.md "江北区下辖1个街道、1个社区，街道和园区、商圈设有党（工）委2个，按属地分级负责"
hasnt jb.md "中共临江区非公企业党委"
run 0 "$FGDJ" report work --format md -o city.md --db $DB
has city.md "设有中共本市两新工委，统筹指导辖区非公企业党建工作；各区县设有党（工）委1个；街道和园区、商圈设有党（工）委4个"
hasnt city.md "中共临江区非公企业党委"


# A body closed is counted no more (its district's and the city's).
run 0 "$FGDJ" close org 中共临江区东城街道工委 --date 2026-11-01 --reason 撤销 --db $DB
eq "$(var area_bodies_count 临江区)" 1 "临江区 after one body closed"
eq "$(var area_bodies_count)" 3 "the city after one body closed"
eq "$(var area_bodies_count 江北区)" 2 "江北区 unchanged"
finish
