#!/bin/sh
# Employee rosters (职工名册) and the cross-match with the member ledger: the figures of
# tests/fixtures/rosters/README.md at three dates and for a street; import, re-import that changes
# nothing, a bad ID number or an unknown enterprise refused with row and column and nothing
# written, masked export; confirm and dismiss (history, figures unchanged, confirmed ones in
# `fgdj check`, a non-candidate refused); the pocket-member finding's second half; the pages and
# the API in a user's scope, refused outside it.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

DB=d.db
import_district $DB
RS=$FIX/rosters/rosters.csv
run 0 "$FGDJ" import members "$FIX/rosters/members.csv" --db $DB
run 0 "$FGDJ" import rosters "$RS" --db $DB

# The candidates kept on write (roster_candidate) are exactly the ones a rebuild from every line
# finds (the v20 migration, run again on a copy), and each such line still exists.
kept_as_rebuilt() {
	sqlite_only "v19 的文件（$1）：从旧版结构的 SQLite 文件升级（PostgreSQL 上不做结构升级）" || return 0
	db_copy $DB rb.db
	sqlite3 rb.db "DROP TABLE roster_candidate; PRAGMA user_version = 19"
	"$FGDJ" stats --db rb.db --format json >/dev/null && ok || fail "rebuild by the migration ($1)"
	eq "$(sqlite3 $DB "SELECT * FROM roster_candidate ORDER BY line_id")" \
		"$(sqlite3 rb.db "SELECT * FROM roster_candidate ORDER BY line_id")" \
		"candidates kept on write = rebuilt, line by line and field by field ($1)"
	eq "$(sql $DB "SELECT count(*) FROM roster_candidate k LEFT JOIN roster_line rl ON rl.id = k.line_id WHERE rl.id IS NULL")" 0 \
		"no candidate without its line ($1)"
}
kept_as_rebuilt "first import"
has out '新增 9'
eq "$(sql $DB "SELECT political FROM roster_line WHERE name = '自报乙'")" "中共党员" "党员 is read as 中共党员"

# ---- figures at three dates, and for a street ----
figures() { # AS_OF "pocket hidden unregistered" [REGION]
	run 0 "$FGDJ" stats --db $DB --format json --as-of "$1" ${3:+--region "$3"}
	set -- "$1" $2
	expect_json "$WORK/out" "pocket_candidates=$2 hidden_candidates=$3 unregistered_candidates=$4" "$1"
}
figures 2026-03-31 "1 1 2"
figures 2026-06-30 "1 2 2"
figures 2026-11-26 "2 2 2"
figures 2026-11-26 "1 2 1" 西城街道
figures 2026-11-26 "0 1 0" 区域:国贸大厦

# ---- the list: one function for the command and the page ----
run 0 "$FGDJ" crossmatch --db $DB --format json
has out '"pocket": 2'
has out '"hidden": 2'
has out '"unregistered": 2'
hasnt out '330106199001010018'
has out '330106********0018'
run 0 "$FGDJ" crossmatch --db $DB --as-of 2026-03-31 --class hidden
has out '隐形党员线索】1 条'
has out '隐身'
hasnt out '李一'
run 0 "$FGDJ" crossmatch --db $DB --region 区域:国贸大厦
has out '口袋党员线索 0 条，隐形党员线索 1 条，自报党员未登记 0 条'
run 0 "$FGDJ" crossmatch --db $DB --region 西城街道 --format xlsx -o xm.xlsx
[ -s xm.xlsx ] && ok || fail "crossmatch xlsx written"

# ---- re-import: nothing changes; refused rows write nothing ----
before=$(dbsum $DB)
run 0 "$FGDJ" import rosters "$RS" --db $DB
has out '未变 9'
eq "$(dbsum $DB)" "$before" "re-import changes nothing"
refuse() { # NAME CSV-ROW COLUMN TEXT
	printf '%s\n%s\n' "$(head -1 "$RS")" "$2" >bad.csv
	run 2 "$FGDJ" import rosters bad.csv --db $DB
	has err "bad.csv:2:$3"
	has err "$4"
	eq "$(dbsum $DB)" "$before" "$1: nothing written"
}
refuse "invalid ID number" '91330106MA2000481H,错号,330106199001010019,2025-06-01,群众' 公民身份号码 '校验码'
refuse "unknown enterprise" '91330106MA2000999X,某人,330106199001010018,2025-06-01,群众' 企业统一社会信用代码 ''
refuse "no name" '91330106MA2000481H,,330106199001010018,2025-06-01,群众' 姓名 ''
refuse "hired as a child" '91330106MA2000481H,新人甲,330106199001010018,2000-06-01,群众' 入职日期 '16 周岁'
refuse "unknown 政治面貌" '91330106MA2000481H,新人甲,330106199001010018,2025-06-01,无业' 政治面貌 '中共党员'

# ---- masked export ----
run 0 "$FGDJ" export rosters --db $DB
has out '330106********0018'
hasnt out '330106199001010018'

# ---- decisions ----
# a decision names a campaign that is recorded, or none: a typo makes no second campaign
sum0=$(dbsum $DB)
run 2 "$FGDJ" crossmatch confirm 91330106MA2000481H 330106198110220431 --campaign 2026年排查 --db $DB
has err '排查“2026年排查”不在排查台账中'
eq "$(dbsum $DB)" "$sum0" "an unknown campaign: nothing written"
printf '名称,牵头部门,配合部门,开始日期,截止日期,范围\n2026年排查,区委组织部,区市场监管局,2026-01-10,2026-12-31,\n' >camp.csv
run 0 "$FGDJ" import campaigns camp.csv --db $DB
run 0 "$FGDJ" crossmatch confirm 91330106MA2000481H 330106198110220431 --campaign 2026年排查 --note 已联系本人 --db $DB
run 0 "$FGDJ" crossmatch confirm 91330106MA2000481H 330106199001010018 --db $DB
run 0 "$FGDJ" crossmatch dismiss 91330106MA2000414K 330106198503030030 --note 已亮明身份 --db $DB
eq "$(sql $DB "SELECT count(*) FROM history WHERE tbl = 'crossmatch' AND op = 'insert'")" 3 "three decisions in the history"
eq "$(sql $DB "SELECT json_extract(new, '\$.class') || '/' || json_extract(new, '\$.campaign') FROM history WHERE tbl = 'crossmatch' AND key = '91330106MA2000481H/330106198110220431'")" \
	"pocket/2026年排查" "the decision records its class and campaign"
# the campaign's findings: the lines confirmed with its name, in the command and from the campaign's page
run 0 "$FGDJ" crossmatch --state confirmed --campaign 2026年排查 --format json --db $DB
has out '330106********0431'
hasnt out '330106********0018'
before=$(dbsum $DB)
run 2 "$FGDJ" crossmatch confirm 91330106MA20002034 330106196102020035 --db $DB
has err '不是比对线索'
run 2 "$FGDJ" crossmatch dismiss 91330106MA20002034 330106199001010018 --db $DB
has err '职工名册中没有'
eq "$(dbsum $DB)" "$before" "refused decisions write nothing"
figures 2026-11-26 "2 2 2"
run 0 "$FGDJ" crossmatch --db $DB --state open
has out '李一'
has out '自报乙'
has out '孙口袋'
hasnt out '隐身'
run 0 "$FGDJ" crossmatch --db $DB --state dismissed
has out '已排除（2026-11-26 命令行:tester，已亮明身份）'

# ---- confirmed ones are findings while still candidates; the pocket-member finding's second half ----
run 1 "$FGDJ" check --db $DB --format json
has out '"crossmatch_confirmed": 2'
has out '"pocket_member": 2'
run 1 "$FGDJ" check --db $DB
has out '口袋党员线索：光明电子有限公司（91330106MA2000481H）；2026-11-26 由 命令行:tester 确认（排查：2026年排查）；已联系本人'
has out '组织关系在区外（中共某高校学生党支部），关系状态起始日期 2026-05-01 起在本区工作，已满 6 个月'
hasnt out '外一'
run 1 "$FGDJ" check --db $DB --format json --region 东城街道
has out '"crossmatch_confirmed": 0'
run 1 "$FGDJ" check --db $DB --format json --as-of 2026-06-30
has out '"pocket_member": 1'
# Registered as the ledger should say, 新人甲 is settled: the confirmed line is no finding any more.
printf '%s\n%s\n' "$(head -1 "$FIX/rosters/members.csv")" \
	'新人甲,330106199001010018,预备党员,2026-10-01,,91330106MA2000481H,光明社区非公企业联合党支部,正常,是,13900000033,,' >m.csv
run 0 "$FGDJ" import members m.csv --db $DB
run 1 "$FGDJ" check --db $DB --format json
has out '"crossmatch_confirmed": 1'
kept_as_rebuilt "a member registered"
eq "$(sql $DB "SELECT count(*) FROM roster_candidate k JOIN roster_line rl ON rl.id = k.line_id WHERE rl.idno = '330106199001010018'")" 0 \
	"新人甲, now lodged, employed and disclosed here, is no candidate any more"

# ---- pages and API in scope, refused outside it ----
add_user boss admin
add_user dc street 东城街道
add_user xc street 西城街道
start_server $DB
api_login boss bj
api_login dc dj
DC=$CSRF
req 200 GET /rosters -b dj
has "$WORK/body" '自报乙'
hasnt "$WORK/body" '新人甲'
XID=$(sql $DB "SELECT id FROM roster_line WHERE name = '新人甲'")
req 404 GET "/rosters/$XID" -b dj
req 404 GET "/api/v1/rosters/$XID" -b dj
req 200 GET "/api/v1/rosters/$XID" -b bj
req 200 GET /crossmatch -b dj
has "$WORK/body" '口袋党员线索 1 条，隐形党员线索 0 条，自报党员未登记 1 条'
hasnt "$WORK/body" '330106199202020028'
before=$(dbsum $DB)
req 400 POST /crossmatch/decide -b dj -H "X-CSRF-Token: $DC" --data-urlencode "line=$XID" --data-urlencode decision=dismissed
eq "$(dbsum $DB)" "$before" "a decision outside the scope writes nothing"
ZID=$(sql $DB "SELECT id FROM roster_line WHERE name = '自报乙'")
req 303 POST /crossmatch/decide -b dj -H "X-CSRF-Token: $DC" --data-urlencode "line=$ZID" --data-urlencode decision=confirmed
eq "$(sql $DB "SELECT decision || '/' || class || '/' || who FROM crossmatch_decision WHERE idno = '330106199202020028'")" \
	"confirmed/unregistered/web:dc" "the page's decision, by the street user"
CID=$(sql $DB "SELECT id FROM campaign WHERE name = '2026年排查'")
req 200 GET "/campaigns/$CID" -b bj
has "$WORK/body" "/crossmatch?state=confirmed&amp;campaign=2026%E5%B9%B4%E6%8E%92%E6%9F%A5"
req 200 GET "/crossmatch?state=confirmed&campaign=2026%E5%B9%B4%E6%8E%92%E6%9F%A5" -b bj
has "$WORK/body" '330106********0431'
hasnt "$WORK/body" '330106********0028'
req 200 GET "/crossmatch.xlsx?class=pocket" -b bj
eq "$(header Content-Type)" "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" "XLSX download"
stop_server

# ---- a new file for an enterprise: absent lines are kept, or removed with --replace ----
printf '%s\n%s\n%s\n' "$(head -1 "$RS")" '91330106MA2000481H,李一,330106197011110216,2026-05-01,群众' \
	'91330106MA2000481H,新人甲,330106199001010018,2025-06-01,中共预备党员' >e5.csv
run 0 "$FGDJ" import rosters e5.csv --db $DB
eq "$(sql $DB "SELECT count(*) FROM roster_line")" 9 "lines absent from a new file are kept"
run 0 "$FGDJ" import rosters e5.csv --replace --dry-run --db $DB
has out '删除文件中没有的 2 行'
eq "$(sql $DB "SELECT count(*) FROM roster_line")" 9 "a dry run removes nothing"
run 0 "$FGDJ" import rosters e5.csv --replace --db $DB
has out '删除文件中没有的 2 行'
eq "$(sql $DB "SELECT group_concat(name, ' ') FROM (SELECT rl.name FROM roster_line rl JOIN enterprise e ON e.id = rl.enterprise_id WHERE e.uscc = '91330106MA2000481H' ORDER BY rl.name) q")" \
	"新人甲 李一" "群众丙 and 孙口袋 are gone from E5"
eq "$(sql $DB "SELECT count(*) FROM roster_line")" 7 "other enterprises' lines stay"
eq "$(sql $DB "SELECT count(*) FROM history WHERE tbl = 'roster_line' AND op = 'delete' AND old LIKE '%群众丙%'")" 1 "a removal is in the history"
kept_as_rebuilt "lines removed with --replace"
run 2 "$FGDJ" import members "$FIX/rosters/members.csv" --replace --db $DB
has err '只用于职工名册'
finish
