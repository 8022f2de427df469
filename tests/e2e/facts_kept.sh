#!/bin/sh
# The facts kept between commands (table facts_kept, docs/kept_figures.md): `fgdj stats` keeps the
# facts it read, with the history's newest id, and the next one reads them back — as they were
# when nothing they read changed since, patched after writes of enterprises' numbers (as the web
# server patches its own), read again from the tables after any other write. Whatever the way,
# the figures are byte for byte those of a load from the tables (FGDJ_FACTS_KEPT=0). A kept row
# of another build or cut short is read again; a database rebuilt in memory (--as-recorded)
# keeps nothing; "nothing written" (dbsum) does not count them.
. "$(dirname "$0")/../lib.sh"

DB=d.db
run 0 "$FGDJ" init --db $DB
import_district $DB
for k in meetings study secretaries visits trainings trainees; do
	run 0 "$FGDJ" import $k "$FIX/party-figures/$k.csv" --db $DB
done
run 0 "$FGDJ" import designations "$FIX/recog/designations.csv" --db $DB

# The days as kept (day numbers since 1970-01-01, UTC).
TODAY=$(($(date -ud 2026-11-26 +%s) / 86400))
JUNE=$(($(date -ud 2026-06-30 +%s) / 86400))
last() { sql $DB "SELECT max(id) FROM history"; }
kept() { sql $DB "SELECT count(*) FROM facts_kept"; }
# The statistics' (mode 1: the figures' facts; 0 the findings', 2 the plan's)
stamp() { sql $DB "SELECT stamp FROM facts_kept WHERE region_id = 0 AND zone_id = 0 AND as_of = $TODAY AND mode = 1"; }
# same_kept CMD ARGS…: fgdj CMD ARGS prints the same and exits the same with the facts kept and
# loaded from the tables; the statements the kept one ran in kept.err (FGDJ_SQL_PROFILE=all,
# SQLite's; nothing on PostgreSQL).
same_kept() {
	FGDJ_FACTS_KEPT=0 "$FGDJ" "$@" --db $DB >loaded.out 2>loaded.err
	a=$?
	FGDJ_SQL_PROFILE=all "$FGDJ" "$@" --db $DB >kept.out 2>kept.err
	eq "$?" "$a" "$*: exit status kept"
	if [ -s loaded.out ] && cmp -s loaded.out kept.out; then ok; else
		fail "$* kept differs: $(diff loaded.out kept.out | head -6)"; fi
}
same_as_loaded() { same_kept stats "$@"; }
# every_kept: statistics, findings and the plan, each twice (kept, then read back), and the work
# report (its facts are the findings', its year-earlier figures the statistics'), the same.
every_kept() {
	for i in 1 2; do
		same_kept stats --format json
		same_kept check --format json
		same_kept plan joint --format json
	done
	same_kept report work --format md
}
# found: whether the last same_kept found the findings afresh (check_run reads every organisation's
# name and place up front; findings read back and restated, or patched, do not: a patch reads those
# of the organisations it finds again, one by one)
found() { grep -c "SELECT id, name, NULL, coalesce(community_id, street_id, 0), 0 FROM org *$" kept.err; }
# scanned: whether the last same_as_loaded read the coverage links (a load from the tables does;
# facts read back do not, nor does a patch: it reads the enterprises, members or meetings again).
scanned() { grep -c 'o.kind, o.name FROM coverage cv JOIN org o' kept.err; }

# ---- the first reads the tables and keeps what it read; the next reads it back ----
eq "$(kept)" 0 "nothing kept before"
same_as_loaded --format json
eq "$(kept)" 1 "the facts kept"
eq "$(stamp)" "$(last)" "kept at the history's newest id"
SQL=1
sqlite_only "the statements read (FGDJ_SQL_PROFILE)" || SQL=0
[ $SQL = 0 ] || eq "$(scanned)" 1 "the first reads the tables"
same_as_loaded --format json
[ $SQL = 0 ] || eq "$(scanned)" 0 "kept facts read back: no table read"
same_as_loaded --format text
same_as_loaded --by street --format csv

# ---- the findings kept beside their facts: found once, then read back with the states now ----
fstamp() { sql $DB "SELECT stamp FROM facts_kept WHERE region_id = 0 AND zone_id = 0 AND as_of = $TODAY AND mode = 3"; }
same_kept check --format json
[ $SQL = 0 ] || eq "$(found)" 1 "the first check finds the findings"
eq "$(fstamp)" "$(last)" "the findings kept at the history's newest id"
same_kept check --format json
[ $SQL = 0 ] || eq "$(found)" 0 "the next reads them back"
same_kept check --format text
same_kept check --format json --rule study_short
# --unmasked shows ID numbers: found afresh, never the kept (masked) ones
FGDJ_SQL_PROFILE=all "$FGDJ" check --format json --unmasked --db $DB >unmasked.out 2>kept.err
[ $SQL = 0 ] || eq "$(found)" 1 "--unmasked finds them afresh"
FGDJ_FACTS_KEPT=0 "$FGDJ" check --format json --unmasked --db $DB >unmasked0.out 2>/dev/null
cmp -s unmasked.out unmasked0.out && ok || fail "--unmasked differs from the tables'"
# a state set since: the same findings, that state among them (restated), the stamp raised
before=$(fstamp)
run 0 "$FGDJ" finding set lost_contact/330106198312240473 整改中 --note 正在联系 --db $DB
same_kept check --format json
has kept.out '"state_label": "整改中"'
[ $SQL = 0 ] || eq "$(found)" 0 "over a state set: read back and restated"
[ "$before" -lt "$(fstamp)" ] && ok || fail "the findings' stamp not raised over a state set"

# ---- a write that no figure reads (a finding's state): the same facts, a newer stamp ----
run 0 "$FGDJ" finding set lost_contact/330106198312240473 不适用 --note 已查明在外地务工 --db $DB
before=$(stamp)
same_as_loaded --format json
[ $SQL = 0 ] || eq "$(scanned)" 0 "over a finding's state: no table read"
every_kept
eq "$(stamp)" "$(last)" "the stamp raised over a write no figure reads"
[ "$before" -lt "$(stamp)" ] && ok || fail "stamp $before not raised"

# ---- an enterprise's numbers (从业人员数 of 国贸咨询 12 → 5: not 三有 any more): patched ----
cp loaded.out before.json
awk -F, -v OFS=, 'NR == 1 || $2 == "国贸咨询有限公司" { if (NR > 1) $9 = 5; print }' "$FIX/district/enterprises.csv" >e1.csv
eq "$(wc -l <e1.csv)" 2 "one enterprise's row"
run 0 "$FGDJ" import enterprises e1.csv --db $DB
same_as_loaded --format json
[ $SQL = 0 ] || eq "$(scanned)" 0 "patched: the coverage not read again"
[ $SQL = 0 ] || eq "$(grep -c 'FROM enterprise e WHERE 1 = 1' kept.err)" 0 "patched: the one enterprise read by id, not all"
if cmp -s before.json kept.out; then fail "the figures did not change with 从业人员数"; else ok; fi
[ "$(stamp)" -lt "$(last)" ] && ok || fail "patched, not kept again (a few writes since: patched anew next time)"
every_kept

# ---- an enterprise's 经营运行情况 filled in (未建商贸: its ledger_gap finding names one field less):
# the facts and the kept findings patched, not found afresh ----
awk -F, -v OFS=, 'NR == 1 || $2 == "未建商贸有限公司" { if (NR > 1) $15 = "正常经营"; print }' "$FIX/district/enterprises.csv" >e3.csv
eq "$(wc -l <e3.csv)" 2 "未建商贸's row"
same_kept check --format json
has kept.out '缺少：经营运行情况、未建党组织原因'
run 0 "$FGDJ" import enterprises e3.csv --db $DB
same_kept check --format json
[ $SQL = 0 ] || eq "$(found)" 0 "an enterprise's 经营运行情况: the findings patched"
hasnt kept.out '缺少：经营运行情况、未建党组织原因'
has kept.out '缺少：未建党组织原因'
every_kept

# ---- an organisation's 组建方式 (what it covers as it was): patched, its enterprises' links read again ----
sed 's/东城街道幸福和平联合党支部,党支部,联合建/东城街道幸福和平联合党支部,党支部,挂靠建/' "$FIX/district/orgs.csv" >o1.csv
run 0 "$FGDJ" import orgs o1.csv --db $DB
cp kept.out before.json
same_as_loaded --format json
[ $SQL = 0 ] || eq "$(scanned)" 0 "an organisation's 组建方式: patched"
[ $SQL = 0 ] || eq "$(grep -c 'FROM coverage cv JOIN org o ON o.id = cv.org_id WHERE cv.enterprise_id' kept.err)" 1 \
	"its enterprises' links read again"
if cmp -s before.json kept.out; then fail "the figures did not change with 组建方式"; else ok; fi
every_kept

# ---- what an organisation covers (one enterprise less, 联合建 again): patched, the links of the
# enterprises it covers or covered today read again ----
sed 's/东城街道幸福和平联合党支部,党支部,挂靠建,\([^,]*\),91330106MA20002702；91330106MA2000342T/东城街道幸福和平联合党支部,党支部,联合建,\1,91330106MA20002702/' o1.csv >o2.csv
cmp -s o1.csv o2.csv && fail "the covers cut" || ok
run 0 "$FGDJ" import orgs o2.csv --db $DB
cp kept.out before.json
same_as_loaded --format json
[ $SQL = 0 ] || eq "$(scanned)" 0 "a coverage change: patched"
[ $SQL = 0 ] || eq "$(grep -c 'FROM coverage cv JOIN org o ON o.id = cv.org_id WHERE cv.enterprise_id' kept.err)" 1 \
	"the enterprises' links read again"
if cmp -s before.json kept.out; then fail "the figures did not change with the coverage"; else ok; fi

# ---- where an organisation is (所属街道, 所属社区, 所属区域: no figure of the district reads it; its
# findings are placed by it): patched ----
awk -F, -v OFS=, '$1 == "东城街道幸福和平联合党支部" { $6 = "西城街道"; $7 = "光明社区"; $8 = "科创园" } 1' o2.csv >o3.csv
cmp -s o2.csv o3.csv && fail "the organisation moved" || ok
# orgs_patched FILE WHAT: the organisations' ledger FILE imported; the statistics and the findings
# then patched (no table read whole), each as loaded from the tables
orgs_patched() {
	run 0 "$FGDJ" import orgs "$1" --db $DB
	same_as_loaded --format json
	[ $SQL = 0 ] || eq "$(scanned)" 0 "$2: patched"
	same_kept check --format json
	[ $SQL = 0 ] || eq "$(found)" 0 "$2: the findings patched"
}
orgs_patched o3.csv "an organisation moved"
has kept.out '"西城街道"'
every_kept

# ---- an organisation's 上级党组织 (no figure or finding reads it): patched ----
awk -F, -v OFS=, '$1 == "东城街道幸福和平联合党支部" { $4 = "" } 1' o3.csv >o4.csv
cmp -s o3.csv o4.csv && fail "the 上级党组织 changed" || ok
orgs_patched o4.csv "an organisation's 上级党组织"
every_kept

# ---- the leadership body's 书记姓名 (it covers no enterprise; no figure reads it): patched ----
sed -n '1p; /^中共临江区非公有制企业委员会,/p' "$FIX/district/orgs.csv" | sed 's/,区委组织部,/,区委组织部办公室,/' >o5.csv
eq "$(wc -l <o5.csv)" 2 "the leadership body's row"
orgs_patched o5.csv "a leadership body's 书记姓名"
every_kept

# ---- anything else (a setting the figures read): read again from the tables ----
run 0 "$FGDJ" settings joint.max_units 6 --db $DB
same_as_loaded --format json
[ $SQL = 0 ] || eq "$(scanned)" 1 "after a setting the figures read the tables are read"
eq "$(stamp)" "$(last)" "kept again after reading the tables"
# a member's 人员类别 (patched when only that changed), a meeting (patched), a new member (read again)
awk -F, -v OFS=, 'NR == 1 || $2 == "330106197403150292" { if (NR > 1) { $3 = "预备党员"; $5 = "" } print }' \
	"$FIX/district/members.csv" >m1.csv
run 0 "$FGDJ" import members m1.csv --db $DB
same_as_loaded --format json
[ $SQL = 0 ] || eq "$(scanned)" 0 "a member's 人员类别: patched"
every_kept
{ echo '党组织名称,活动类型,日期,主题,参加党员,学时'
  echo '光明社区非公企业联合党支部,主题党日,2026-11-20,十一月主题党日,,'; } >mt.csv
run 0 "$FGDJ" import meetings mt.csv --db $DB
same_as_loaded --format json
[ $SQL = 0 ] || eq "$(scanned)" 0 "a meeting: patched"
# a dues row (patched: the members' dues read again; the findings' dues rules found again)
printf '%s\n%s\n' '公民身份号码,姓名,月份,税后工资,是否离退休,应缴,实缴,缴纳日期' \
	"330106197403150292,$(sql $DB "SELECT name FROM member WHERE idno = '330106197403150292'"),2026-10,5000,否,1,1,2026-10-20" >du.csv
run 0 "$FGDJ" import dues du.csv --db $DB
same_as_loaded --format json
[ $SQL = 0 ] || eq "$(scanned)" 0 "a dues row: patched"
same_kept check --format json
[ $SQL = 0 ] || eq "$(found)" 0 "a dues row: the findings patched"
has kept.out '2026-10 登记应缴 1.00 元'
# … and after a thousand writes or more, patched and kept again (writing them out is then cheaper
# than patching them anew each time)
{ echo '党组织名称,活动类型,日期,主题,参加党员,学时'
  i=0; while [ $i -lt 1000 ]; do echo "光明社区非公企业联合党支部,主题党日,2026-11-2$((i % 5)),批量$i,,"; i=$((i + 1)); done; } >mt2.csv
run 0 "$FGDJ" import meetings mt2.csv --db $DB
[ $(($(last) - $(stamp))) -ge 1000 ] && ok || fail "a thousand writes since the kept stamp"
same_as_loaded --format json
[ $SQL = 0 ] || eq "$(scanned)" 0 "a thousand meetings: patched"
eq "$(stamp)" "$(last)" "kept again after a thousand writes"
every_kept
same_kept check --format json --as-of 2026-06-30
same_kept check --region 东城街道

# ---- an enterprise leaves a street whose facts are kept (国贸咨询: 西城街道 → 东城街道/和平社区) ----
same_kept stats --format json --region 西城街道
same_kept stats --format json --region 东城街道
awk -F, -v OFS=, 'NR == 1 || $2 == "国贸咨询有限公司" { if (NR > 1) { $3 = "东城街道"; $4 = "和平社区"; $5 = ""; $6 = "" } print }' \
	"$FIX/district/enterprises.csv" >e2.csv
run 0 "$FGDJ" import enterprises e2.csv --db $DB
same_kept stats --format json --region 西城街道
same_kept stats --format json --region 东城街道
run 0 "$FGDJ" import enterprises "$FIX/district/enterprises.csv" --db $DB # back
same_kept stats --format json --region 西城街道
same_kept check --format json --region 西城街道

# ---- each region, day and kind of load kept apart ----
same_as_loaded --format json --as-of 2026-06-30
same_as_loaded --format json --as-of 2026-06-30
same_as_loaded --format json --region 东城街道
same_as_loaded --format json --region 东城街道
same_as_loaded --format json --region 科创园
eq "$(kept)" 15 "fifteen kept: the district's statistics, findings' facts, findings and plan today, its statistics a year before (the report's), its statistics, findings' facts and findings on 06-30, two streets' statistics, findings' facts and findings, a zone's statistics"
eq "$(sql $DB "SELECT count(*) FROM facts_kept WHERE as_of = $JUNE")" 3 "06-30 kept apart"

# ---- the newest kept first, within FGDJ_FACTS_KEPT_BYTES (here: room for about two) ----
size=$(sql $DB "SELECT length(data) FROM facts_kept WHERE region_id = 0 AND zone_id = 0 AND as_of = $TODAY AND mode = 1")
db_copy $DB big.db
DB=big.db
run 0 "$FGDJ" finding set lost_contact/330106198312240473 待整改 --db $DB # a newer stamp for what is kept next
FGDJ_FACTS_KEPT_BYTES=$((size * 2)) "$FGDJ" stats --as-of 2026-03-31 --db $DB >/dev/null 2>&1
eq "$(sql $DB "SELECT count(*) FROM facts_kept")" 2 "room for two: the newest and the one before"
eq "$(sql $DB "SELECT count(*) FROM facts_kept WHERE as_of = $((JUNE - 91))")" 1 "the one just kept stays"
FGDJ_FACTS_KEPT_BYTES=0 "$FGDJ" stats --as-of 2026-03-30 --db $DB >/dev/null 2>&1
eq "$(sql $DB "SELECT count(*) FROM facts_kept")" 2 "no room: the newest stamp's only (two kept at it)"
run 0 "$FGDJ" finding set lost_contact/330106198312240473 不适用 --db $DB
FGDJ_FACTS_KEPT_BYTES=0 "$FGDJ" stats --as-of 2026-03-29 --db $DB >/dev/null 2>&1
eq "$(sql $DB "SELECT count(*) FROM facts_kept")" 1 "no room: the one just kept"
DB=d.db

# ---- what is kept is what is read (a positive control): another moment's bytes under today's
# stamp are read as they are ----
run 0 "$FGDJ" import enterprises "$FIX/district/enterprises.csv" --db $DB # 国贸咨询 back to 12
same_as_loaded --format json
cp kept.out now.json
sql $DB "UPDATE facts_kept SET data = (SELECT data FROM facts_kept WHERE as_of = $JUNE AND mode = 1)
	WHERE region_id = 0 AND zone_id = 0 AND as_of = $TODAY AND mode = 1" >/dev/null
"$FGDJ" stats --format json --db $DB >tamper.out 2>&1
has tamper.out '"as_of": "2026-11-26"'
if cmp -s now.json tamper.out; then ok; else fail "06-30's bytes under 11-26's key were read (not refused)"; fi
# bytes cut short: refused, read again from the tables, kept again whole
sql $DB "UPDATE facts_kept SET data = substr(data, 1, 100) WHERE as_of = $TODAY AND region_id = 0 AND zone_id = 0 AND mode = 1" >/dev/null
same_as_loaded --format json
[ "$(sql $DB "SELECT length(data) FROM facts_kept WHERE as_of = $TODAY AND region_id = 0 AND zone_id = 0 AND mode = 1")" -gt 100 ] && ok ||
	fail "cut bytes not replaced"
# another build's bytes (the build's identity, after "FGDJBLD" and its length, changed): refused,
# read again from the tables, kept again as this build's
if sqlite_only "the bytes changed with SQLite's blob functions"; then
	key="as_of = $TODAY AND region_id = 0 AND zone_id = 0 AND mode = 1"
	head=$(sql $DB "SELECT hex(substr(data, 1, 28)) FROM facts_kept WHERE $key")
	sql $DB "UPDATE facts_kept SET data = CAST(substr(data, 1, 8) || CAST(X'00' AS BLOB) || substr(data, 10) AS BLOB) WHERE $key" >/dev/null
	[ "$(sql $DB "SELECT hex(substr(data, 1, 28)) FROM facts_kept WHERE $key")" != "$head" ] && ok || fail "the identity not changed"
	same_as_loaded --format json
	eq "$(scanned)" 1 "another build's bytes refused: the tables read"
	eq "$(sql $DB "SELECT hex(substr(data, 1, 28)) FROM facts_kept WHERE $key")" "$head" "kept again as this build's"
	case "$head" in 4647444A424C44*) ok ;; *) fail "kept bytes begin with FGDJBLD: $head" ;; esac
fi

# ---- a database rebuilt in memory keeps nothing; "nothing written" ignores kept facts ----
n=$(kept)
same_as_loaded --format json --as-recorded 2026-11-26
eq "$(kept)" "$n" "--as-recorded keeps nothing in the file"
sum=$(dbsum $DB)
sql $DB "DELETE FROM facts_kept" >/dev/null
same_as_loaded --format json
eq "$(dbsum $DB)" "$sum" "dbsum: the kept facts are not data"
# FGDJ_FACTS_KEPT=0 neither reads nor keeps
sql $DB "DELETE FROM facts_kept" >/dev/null
FGDJ_FACTS_KEPT=0 "$FGDJ" stats --db $DB >/dev/null 2>&1
eq "$(kept)" 0 "FGDJ_FACTS_KEPT=0 keeps nothing"
# fgdj migrate copies no kept facts (derived)
if sqlite_only "migrate --to needs a PostgreSQL server: tests/e2e/pg_*.sh"; then ok; fi

finish
