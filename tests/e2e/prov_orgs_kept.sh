#!/bin/sh
# store_scan_orgs keeps its rows for the rest of a read transaction: in the work report the findings
# and the plan read the organisations first, and the report's own figures of them (the leadership
# bodies named, the other bodies counted, organisations with a secretary) come from the kept rows,
# strings included. Those figures against the same counts in SQL, on the hand-made district and
# after an edit (a new read sees the edit, not the rows kept by an earlier one).
. "$(dirname "$0")/../lib.sh"

DB=d.db
import_district $DB
T=$FGDJ_TODAY
open_on="founded <= '$T' AND (closed IS NULL OR closed > '$T')"
# vars_ok MSG: the report's organisation figures = SQL's
vars_ok() {
	"$FGDJ" report vars --db $DB >vars.txt 2>&1 || fail "$1: report vars"
	v() { awk -F'\t' -v k="{{$1}}" '$1 == k { print $2 }' vars.txt; }
	own="mode = '上级机关' AND street_id IS NULL AND community_id IS NULL AND zone_id IS NULL AND $open_on"
	eq "$(v leadership_count)" "$(sql $DB "SELECT count(*) FROM org WHERE $own")" "$1: leadership_count"
	eq "$(v leadership_names)" "$(sql $DB "SELECT coalesce(group_concat(name, '、'), '') FROM (SELECT name FROM org WHERE $own ORDER BY id) AS o")" \
		"$1: leadership_names (the kept strings)"
	eq "$(v area_bodies_count)" "$(sql $DB "SELECT count(*) FROM org WHERE mode = '上级机关' AND NOT (street_id IS NULL AND community_id IS NULL AND zone_id IS NULL) AND $open_on")" \
		"$1: area_bodies_count"
}
vars_ok "imported"
[ "$(sql $DB "SELECT count(*) FROM org WHERE mode = '上级机关'")" -gt 0 ] || fail "the district has 上级机关 bodies"

# A leadership body added: the next report reads it (nothing kept across commands or reads).
street=$(sql $DB "SELECT name FROM region WHERE level = 'street' ORDER BY id LIMIT 1")
{
	printf '党组织名称,组织类别,建立方式,所属街道,成立日期\n'
	printf '区非公企业党委测试新增,党委,上级机关,,2020-01-01\n'
	printf '%s非公企业综合党委测试新增,党委,上级机关,%s,2020-01-01\n' "$street" "$street"
} >orgs_new.csv
"$FGDJ" import orgs orgs_new.csv --db $DB >import.log 2>&1 || { cat import.log >&2; fail "import of two bodies"; }
eq "$(sql $DB "SELECT count(*) FROM org WHERE name LIKE '%测试新增'")" 2 "two bodies imported"
vars_ok "after an import"
finish
