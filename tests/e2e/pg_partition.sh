#!/bin/sh
# The ledgers partitioned by district across three PostgreSQL clusters (scripts/pg_partition.sql,
# docs/scaling.md): a coordinator and two servers each holding one district's partitions as
# postgres_fdw foreign tables. Each cluster is started by tests/pg.sh (initdb into a temporary
# directory, a Unix socket there only, stopped and removed when the test ends, whatever its
# outcome): this script runs itself under three nested pg.sh.
#
# The data: the hand-made city of tests/fixtures/territory (本市: 临江区 and 江北区, figures worked
# out by hand in its README) — small on purpose: the city demo has 6–10 districts but loads into
# PostgreSQL in tens of minutes (docs/postgresql.md), too long for `make check`; its measurement is
# in BENCHMARKS.md. Checked: the rows physically on the server holding their district; `fgdj stats`
# (whole, by district, a district's street), every ledger's export, the findings and the web API's
# lists the same on the partitioned coordinator as on one unpartitioned PostgreSQL database and on
# the SQLite file with the same data; a write through the coordinator lands on its district's server
# and the figures stay the same on all three; a record whose district changes moves to that
# district's partition with what follows it, on any server. Enterprises, organisations and members are partitioned,
# each by the district that holds it (district_id, kept by fgdj on every write), and so are dues,
# meetings, study and development records (a dues row and a study record by its member's district,
# a meeting and a development record by its organisation's), transfers (by their organisation's,
# 本方党组织) and visits (by their enterprise's).
here=$(dirname "$0")
case "${PGPART_N:-0}" in
0) export PGPART_N=1 && exec sh "$here/../pg.sh" sh "$0" "$@" ;;
1) export PGPART_A="$FGDJ_TEST_PG" PGPART_N=2 && exec sh "$here/../pg.sh" sh "$0" "$@" ;;
2) export PGPART_B="$FGDJ_TEST_PG" PGPART_N=3 && exec sh "$here/../pg.sh" sh "$0" "$@" ;;
esac
PGPART_C=$FGDJ_TEST_PG
. "$here/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

# U CLUSTER_URI DB: the URI of database DB on that cluster; DIR: its socket directory.
U() { printf '%s' "$1" | sed "s|/postgres?|/$2?|"; }
DIR() { printf '%s' "${1#*host=}"; }
psql_() { uri=$1; shift; psql "$uri" -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
psql_ "$PGPART_A" -c "CREATE DATABASE whole" -c "CREATE DATABASE part"
psql_ "$PGPART_B" -c "CREATE DATABASE hold"
psql_ "$PGPART_C" -c "CREATE DATABASE hold"
WHOLE=$(U "$PGPART_A" whole)
PART=$(U "$PGPART_A" part)

# ---- the city in SQLite (as tests/e2e/territory.sh makes it), with users of each scope ----
T="$FIX/territory"
DB=t.db
territory_city $DB
# Dues of every member for two months, a meeting of each organisation.
DH='公民身份号码,姓名,月份,税后工资,是否离退休,应缴,实缴,缴纳日期'
{ echo "$DH"; tail -n +2 "$T/members.csv" | awk -F, '{ print $2 "," $1 ",2026-01,,,10,10,2026-01-20"; print $2 "," $1 ",2026-02,,,10,10,2026-02-20" }'; } >dues.csv
"$FGDJ" import dues dues.csv --db $DB >/dev/null || fail "import dues"
MH='党组织名称,活动类型,日期,主题'
{ echo "$MH"; tail -n +2 "$T/orgs.csv" | cut -d, -f1 | sed 's/$/,党课,2026-03-10,三月党课/'; } >meetings.csv
"$FGDJ" import meetings meetings.csv --db $DB >/dev/null || fail "import meetings"
# Two study records of every member; 王发展 (working at 江北电子, 江北区) developed by 梧埭智造's
# branch (临江区), 李积极 by the joint branch (江北区).
SH='公民身份号码,姓名,日期,内容,学时'
{ echo "$SH"; tail -n +2 "$T/members.csv" | awk -F, '{ print $2 "," $1 ",2026-03-01,学习党章,2"; print $2 "," $1 ",2026-04-01,学习党史,1.5" }'; } >study.csv
"$FGDJ" import study study.csv --db $DB >/dev/null || fail "import study"
VH='姓名,公民身份号码,工作单位统一社会信用代码,所在党组织,申请日期'
printf '%s\n%s\n%s\n' "$VH" '王发展,33010619900101123X,91330106MA2000414K,中共梧埭智造有限公司支部委员会,2026-03-01' \
	'李积极,330106199502021233,,江北区双峰街道梧埭联合党支部,2026-03-01' >dev.csv
"$FGDJ" import development dev.csv --db $DB >/dev/null || fail "import development"
# An instructor of 三墩社区 (临江区) visiting 梧埭智造 (临江区) and 江北电子 (江北区); 党员五's transfer
# (a member of 江北区) handled by 梧埭智造's branch (临江区), 党员六's by the joint branch (江北区).
printf '%s\n%s\n' '姓名,派出单位,联系电话,指导企业,派驻日期' \
	'王指导,三墩社区,13800000001,91330106MA20002034；91330106MA2000414K,2026-01-01' >ins.csv
"$FGDJ" import instructors ins.csv --db $DB >/dev/null || fail "import instructors"
VIH='指导员姓名,派出单位,企业统一社会信用代码,走访日期,发挥作用,走访内容'
printf '%s\n%s\n%s\n' "$VIH" '王指导,三墩社区,91330106MA20002034,2026-03-15,服务员,走访' \
	'王指导,三墩社区,91330106MA2000414K,2026-03-15,服务员,走访' >visits.csv
"$FGDJ" import visits visits.csv --db $DB >/dev/null || fail "import visits"
TFH='公民身份号码,姓名,方向,本方党组织,对方党组织,介绍信日期,办结日期'
printf '%s\n%s\n%s\n' "$TFH" '330106196506060113,党员五,转出,中共梧埭智造有限公司支部委员会,外地党支部,2026-05-01,' \
	'330106196607070134,党员六,转出,江北区双峰街道梧埭联合党支部,外地党支部,2026-05-02,' >tf.csv
"$FGDJ" import transfers tf.csv --db $DB >/dev/null || fail "import transfers"
add_user boss admin
add_user lj district 临江区
add_user jb street 江北区/双峰街道
LJ=$(sql $DB "SELECT id FROM region WHERE level = 'district' AND name = '临江区'")
JB=$(sql $DB "SELECT id FROM region WHERE level = 'district' AND name = '江北区'")

# ---- one database, and the partitioned one: coordinator A, 临江区 on B, 江北区 on C ----
run 0 "$FGDJ" migrate --to "$WHOLE" --db $DB
run 0 "$FGDJ" migrate --to "$PART" --db $DB
psql_ "$PART" -f "$ROOT/scripts/pg_partition.sql" >/dev/null || fail "load scripts/pg_partition.sql"
psql_ "$PART" -c "SELECT fg_partition_by_district()" >/dev/null || fail "fg_partition_by_district"
eq "$(psql_ "$PART" -c "SELECT string_agg(c.relname || ':' || c.relkind::text, ' ' ORDER BY c.relname) FROM pg_inherits i
	JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'enterprise'::regclass")" \
	"enterprise_d$LJ:r enterprise_d$JB:r enterprise_rest:r" "a local partition per district and a default one"
psql_ "$PART" -c "SELECT fg_partition_remote_ddl($LJ)" | psql_ "$(U "$PGPART_B" hold)" >/dev/null || fail "tables on B"
psql_ "$PART" -c "SELECT fg_partition_remote_ddl($JB)" | psql_ "$(U "$PGPART_C" hold)" >/dev/null || fail "tables on C"
psql_ "$PART" -c "SELECT fg_partition_attach($LJ, '$(DIR "$PGPART_B")', '5432', 'hold', 'fgdj')" >/dev/null || fail "attach B"
psql_ "$PART" -c "SELECT fg_partition_attach($JB, '$(DIR "$PGPART_C")', '5432', 'hold', 'fgdj')" >/dev/null || fail "attach C"
eq "$(psql_ "$PART" -c "SELECT string_agg(c.relname || ':' || c.relkind::text, ' ' ORDER BY c.relname) FROM pg_inherits i
	JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent IN ('enterprise'::regclass, 'org'::regclass, 'member'::regclass,
	'dues'::regclass, 'meeting'::regclass, 'study'::regclass, 'development'::regclass, 'transfer'::regclass, 'visit'::regclass)")" \
	"development_d$LJ:f development_d$JB:f development_rest:r dues_d$LJ:f dues_d$JB:f dues_rest:r enterprise_d$LJ:f enterprise_d$JB:f enterprise_rest:r meeting_d$LJ:f meeting_d$JB:f meeting_rest:r member_d$LJ:f member_d$JB:f member_rest:r org_d$LJ:f org_d$JB:f org_rest:r study_d$LJ:f study_d$JB:f study_rest:r transfer_d$LJ:f transfer_d$JB:f transfer_rest:r visit_d$LJ:f visit_d$JB:f visit_rest:r" \
	"the districts' partitions are foreign tables"
# Where the rows are (README: T1–T3 and 梧埭智造's branch in 临江区; T4 T5 and the joint branch in 江北区).
eq "$(psql_ "$(U "$PGPART_B" hold)" -c "SELECT string_agg(uscc, ' ' ORDER BY uscc) FROM enterprise_d$LJ")" \
	"$(sql $DB "SELECT group_concat(uscc, ' ') FROM (SELECT uscc FROM enterprise WHERE community_id IN
		(SELECT descendant FROM region_tree WHERE ancestor = $LJ) ORDER BY uscc)")" "临江区's enterprises on B"
eq "$(psql_ "$(U "$PGPART_B" hold)" -c "SELECT count(*) FROM enterprise_d$LJ")" 3 "three enterprises on B"
eq "$(psql_ "$(U "$PGPART_C" hold)" -c "SELECT count(*) FROM enterprise_d$JB")" 2 "two enterprises on C"
eq "$(psql_ "$(U "$PGPART_B" hold)" -c "SELECT name FROM org_d$LJ")" "中共梧埭智造有限公司支部委员会" "临江区's organisation on B"
eq "$(psql_ "$(U "$PGPART_C" hold)" -c "SELECT name FROM org_d$JB")" "江北区双峰街道梧埭联合党支部" "江北区's organisation on C"
# The members by the district that holds them (employer's; README: 党员一–四 in 临江区, 五–七 in 江北区).
eq "$(psql_ "$(U "$PGPART_B" hold)" -c "SELECT string_agg(name, ' ' ORDER BY idno) FROM member_d$LJ")" "党员一 党员二 党员三 党员四" \
	"临江区's members on B"
eq "$(psql_ "$(U "$PGPART_C" hold)" -c "SELECT string_agg(name, ' ' ORDER BY idno) FROM member_d$JB")" "党员五 党员六 党员七" \
	"江北区's members on C"
# Dues by their member's district, meetings by their organisation's.
eq "$(psql_ "$(U "$PGPART_B" hold)" -c "SELECT count(*) || ' ' || count(DISTINCT member_id) FROM dues_d$LJ")" "8 4" "临江区's members' dues on B"
eq "$(psql_ "$(U "$PGPART_C" hold)" -c "SELECT count(*) || ' ' || count(DISTINCT member_id) FROM dues_d$JB")" "6 3" "江北区's members' dues on C"
eq "$(psql_ "$(U "$PGPART_B" hold)" -c "SELECT topic FROM meeting_d$LJ")" "三月党课" "临江区's organisation's meeting on B"
eq "$(psql_ "$(U "$PGPART_C" hold)" -c "SELECT topic FROM meeting_d$JB")" "三月党课" "江北区's organisation's meeting on C"
# Study records by their member's district, development records by their organisation's.
eq "$(psql_ "$(U "$PGPART_B" hold)" -c "SELECT count(*) || ' ' || count(DISTINCT member_id) FROM study_d$LJ")" "8 4" "临江区's members' study on B"
eq "$(psql_ "$(U "$PGPART_C" hold)" -c "SELECT count(*) || ' ' || count(DISTINCT member_id) FROM study_d$JB")" "6 3" "江北区's members' study on C"
eq "$(psql_ "$(U "$PGPART_B" hold)" -c "SELECT name FROM development_d$LJ")" "王发展" "梧埭智造's branch's development record on B"
eq "$(psql_ "$(U "$PGPART_C" hold)" -c "SELECT name FROM development_d$JB")" "李积极" "the joint branch's development record on C"
# Transfers by their organisation's district (本方党组织, not the member's), visits by their enterprise's.
eq "$(psql_ "$(U "$PGPART_B" hold)" -c "SELECT name FROM transfer_d$LJ")" "党员五" "梧埭智造's branch's transfer on B (its member on C)"
eq "$(psql_ "$(U "$PGPART_C" hold)" -c "SELECT name FROM transfer_d$JB")" "党员六" "the joint branch's transfer on C"
eq "$(psql_ "$(U "$PGPART_B" hold)" -c "SELECT count(*) FROM visit_d$LJ")" 1 "the visit to 梧埭智造 on B"
eq "$(psql_ "$(U "$PGPART_C" hold)" -c "SELECT count(*) FROM visit_d$JB")" 1 "the visit to 江北电子 on C"
eq "$(psql_ "$PART" -c "SELECT (SELECT count(*) FROM enterprise_rest) + (SELECT count(*) FROM org_rest)
	+ (SELECT count(*) FROM member_rest) + (SELECT count(*) FROM dues_rest) + (SELECT count(*) FROM meeting_rest)
	+ (SELECT count(*) FROM study_rest) + (SELECT count(*) FROM development_rest) + (SELECT count(*) FROM transfer_rest)
	+ (SELECT count(*) FROM visit_rest)")" 0 \
	"nothing left on the coordinator"
eq "$(psql_ "$PART" -c "SELECT count(*) FROM enterprise")" 5 "the coordinator reads all five"

# same LABEL ARGS…: fgdj prints the same on the SQLite file, the one database and the partitioned one.
same() {
	label=$1
	shift
	"$FGDJ" "$@" --db $DB >s.out 2>&1
	a=$?
	"$FGDJ" "$@" --db "$WHOLE" >w.out 2>&1
	eq "$?" "$a" "$label: exit status on the one database"
	"$FGDJ" "$@" --db "$PART" >p.out 2>&1
	eq "$?" "$a" "$label: exit status partitioned"
	if cmp -s s.out w.out; then ok; else fail "$label: one database differs from SQLite: $(diff s.out w.out | head -5)"; fi
	if cmp -s w.out p.out; then ok; else fail "$label: partitioned differs: $(diff w.out p.out | head -5)"; fi
}
# regions LABEL: the organisations and members of districts and streets of both the same three ways
# (their scope is not their stored district: scope_sql.h HELD_FOR).
regions() {
	for r in 临江区 临江区/双峰街道 临江区/东城街道 江北区 江北区/双峰街道; do
		for k in orgs members; do
			same "export $k of $r ($1)" export $k --region "$r" -o /dev/stdout
		done
	done
}
compare_all() {
	for k in enterprises orgs members instructors dues meetings study development transfers visits; do
		same "export $k ($1)" export "$k" -o /dev/stdout
	done
	same "stats ($1)" stats --format json
	same "stats by district ($1)" stats --format json --by district
	same "stats of 临江区 ($1)" stats --format json --region 临江区
	same "stats of 江北区/双峰街道 ($1)" stats --format json --region 江北区/双峰街道
	same "stats of 临江区 by street ($1)" stats --format json --region 临江区 --by street
	same "check ($1)" check --format json
	regions "$1"
}
compare_all "as loaded"
# The figures themselves (tests/fixtures/territory/README.md, worked out by hand).
"$FGDJ" stats --format json --db "$PART" >p.json
expect_json p.json "enterprises_total=5 enterprises_in_scope=4 enterprises_uncovered=2 members_formal=7" "the city:"
"$FGDJ" stats --format json --region 临江区 --db "$PART" >p.json
expect_json p.json "enterprises_total=3 enterprises_in_scope=3 enterprises_covered_single=1 members_formal=4" "临江区:"
"$FGDJ" stats --format json --region 江北区 --db "$PART" >p.json
expect_json p.json "enterprises_total=2 enterprises_in_scope=1 enterprises_covered_joint=1 members_formal=3" "江北区:"

# A district's or street's enterprises and their visits read on its own server alone (scope_sql.h
# HELD_IN_DISTRICT_OF, SCOPE_VISIT; planned with the values: scripts/pg_partition.sql
# fg_partition_plans): 江北区's server C sees no scan of its enterprises or visits while 临江区's are
# exported seven times at each level (past the fifth run, after which PostgreSQL would otherwise plan
# once for any value), and a scan for 江北区's own exports — which also shows that C's counters have
# come in by the time they are read.
eq "$(psql_ "$PART" -c "SHOW plan_cache_mode")" force_custom_plan "the coordinator plans with the values"
ent_scans() { psql_ "$(U "$1" hold)" -c "SELECT seq_scan + coalesce(idx_scan, 0) FROM pg_stat_user_tables WHERE relname = '$2'"; }
quiet() { # quiet CLUSTER: no session left on its hold database, then its counters written out
	n=0
	while [ "$(psql_ "$(U "$1" hold)" -c "SELECT count(*) FROM pg_stat_activity WHERE datname = 'hold' AND pid <> pg_backend_pid()")" != 0 ] &&
		[ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
	sleep 1.5
}
quiet "$PGPART_C"
c0=$(ent_scans "$PGPART_C" "enterprise_d$JB")
v0=$(ent_scans "$PGPART_C" "visit_d$JB")
b0=$(ent_scans "$PGPART_B" "enterprise_d$LJ")
bv0=$(ent_scans "$PGPART_B" "visit_d$LJ")
# lj_exports KIND…: 临江区's ledgers of each kind exported at the district's, a street's and a
# community's level, seven times each partitioned (past the fifth run), the last the same as the one
# database's.
lj_exports() {
	for k in "$@"; do
		for r in 临江区 临江区/双峰街道 临江区/双峰街道/梧埭社区; do
			for i in 1 2 3 4 5 6 7; do
				"$FGDJ" export "$k" --region "$r" --db "$PART" >p.csv || fail "export $k of $r"
			done
			"$FGDJ" export "$k" --region "$r" --db "$WHOLE" >w.csv
			if cmp -s w.csv p.csv; then ok; else fail "$r's $k differ partitioned"; fi
		done
	done
}
lj_exports enterprises visits
eq "$(grep -c 91330106MA20002034 p.csv)" 1 "梧埭社区's visit exported"
quiet "$PGPART_C"
eq "$(ent_scans "$PGPART_C" "enterprise_d$JB")" "$c0" "临江区's exports touch no enterprise on C"
eq "$(ent_scans "$PGPART_C" "visit_d$JB")" "$v0" "临江区's exports touch no visit on C"
quiet "$PGPART_B"
[ "$(ent_scans "$PGPART_B" "enterprise_d$LJ")" -ge $((b0 + 21)) ] && ok || fail "21 scans on B for 临江区's exports"
[ "$(ent_scans "$PGPART_B" "visit_d$LJ")" -ge $((bv0 + 21)) ] && ok || fail "21 visit scans on B for 临江区's exports"
"$FGDJ" export enterprises --region 江北区 --db "$PART" >/dev/null || fail "export enterprises of 江北区"
quiet "$PGPART_C"
c0=$((c0 + 1))
eq "$(ent_scans "$PGPART_C" "enterprise_d$JB")" "$c0" "江北区's export scans C once"
"$FGDJ" export visits --region 江北区 --db "$PART" >/dev/null || fail "export visits of 江北区"
quiet "$PGPART_C"
v1=$(ent_scans "$PGPART_C" "visit_d$JB")
[ "$v1" -gt "$v0" ] && ok || fail "江北区's visits export scans C"
c0=$(ent_scans "$PGPART_C" "enterprise_d$JB")
# The same for the web's lists (store/query.c), on the server's long-lived connections: 临江区's user
# reading ten lists of its enterprises, whole, searched and from an offset, each a page longer than
# the server reads by ids, so that the page's rows are read again by the ids its scoped part chose
# (SCOPE_ENT_HELD); nothing computed ahead in the background (--refresh-after 0), which reads every
# district. 有限公司: all three; 梧埭, 餐饮, 物流: one each; 江北: none.
start_server "$PART" --refresh-after 0
api_login lj lj
b0=$(ent_scans "$PGPART_B" "enterprise_d$LJ")
: >lj_found.txt
for q in "" "&offset=1" "&offset=2" "&q=%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8" "&q=%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8&offset=1" \
	"&q=%E6%A2%A7%E5%9F%AD" "&q=%E9%A4%90%E9%A5%AE" "&q=%E7%89%A9%E6%B5%81" "&q=%E6%B1%9F%E5%8C%97" "&status=%E5%9C%A8%E8%90%A5"; do
	req 200 GET "/api/v1/enterprises?limit=100$q" -b lj
	printf '%s ' "$(grep -o '"uscc":"[^"]*"' "$WORK/body" | wc -l)" >>lj_found.txt
done
eq "$(cat lj_found.txt)" "3 2 1 3 2 1 1 1 0 3 " "临江区's user's ten lists"
req 200 GET "/visits" -b lj
eq "$(grep -o '<td>9133010[^<]*</td>' "$WORK/body" | tr -d '\n')" "<td>91330106MA20002034</td>" \
	"临江区's user's visits page: the visit to 梧埭智造, not 江北区's to 江北电子"
stop_server
quiet "$PGPART_C"
quiet "$PGPART_B"
[ "$(ent_scans "$PGPART_B" "enterprise_d$LJ")" -ge $((b0 + 10)) ] && ok || fail "10 lists on B for 临江区's user"
eq "$(ent_scans "$PGPART_C" "enterprise_d$JB")" "$c0" "临江区's user's lists touch no enterprise on C"
eq "$(ent_scans "$PGPART_C" "visit_d$JB")" "$v1" "nor a visit on C"

# A district's or street's statistics of today read the members on its own server alone
# (store_scan_members by the region's district: every member a region's enterprises count is held
# there, when none of them changed since the day counted — on an earlier day here all did: they were
# imported today): no full scan of C's members or enterprises (its largest tables; what remains there
# are look-ups by index, such as the highest id) for 临江区 and its street, one each for 江北区's.
seq_scans() { psql_ "$(U "$PGPART_C" hold)" -c "SELECT string_agg(seq_scan::text, ' ' ORDER BY relname) FROM pg_stat_user_tables
	WHERE relname IN ('enterprise_d$JB', 'member_d$JB')"; }
# What a load reads: not the facts kept by an earlier command (facts_kept).
export FGDJ_FACTS_KEPT=0
for r in 临江区 临江区/双峰街道; do
	same "stats of $r as of 2026-03-31" stats --format json --region "$r" --as-of 2026-03-31
done
quiet "$PGPART_C"
s0=$(seq_scans)
for r in 临江区 临江区/双峰街道; do
	same "stats of $r (members by district)" stats --format json --region "$r"
done
quiet "$PGPART_C"
eq "$(seq_scans)" "$s0" "临江区's statistics scan no enterprise or member on C"
"$FGDJ" stats --format json --region 江北区 --db "$PART" >/dev/null || fail "stats of 江北区"
quiet "$PGPART_C"
# (the positive control: 江北区's own statistics do read C's enterprises and members — its enterprises,
# and again the ones employing the members read, store_scan_members)
echo "$(seq_scans) $s0" | awk '{ exit !($1 > $3 && $2 > $4) }' && ok ||
	fail "江北区's statistics scan C's enterprises and members: $(seq_scans) against $s0"
unset FGDJ_FACTS_KEPT
# The web API's lists and records, for the administrator and each district's user.
web() { # web DB FILE
	start_server "$1"
	api_login boss bj
	api_login lj lj
	api_login jb jj
	: >"$2"
	for path in "/api/v1/enterprises?limit=100" "/api/v1/orgs?limit=100" "/api/v1/members?limit=100" \
		"/api/v1/enterprises?limit=100&q=%E6%A2%A7%E5%9F%AD" "/api/v1/stats" "/api/v1/findings" /orgs/1 /orgs/2; do
		for jar in bj lj jj; do
			req - GET "$path" -b $jar
			{ echo "== $jar $path $STATUS"; sed 's/[0-9a-f]\{64\}/TOKEN/g; s/[0-9]\{4\}-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]/TIME/g' \
				"$WORK/body"; echo; } >>"$2"
		done
	done
	stop_server
}
web "$WHOLE" web_w.txt
web "$PART" web_p.txt
if cmp -s web_w.txt web_p.txt; then ok; else fail "web answers differ: $(diff web_w.txt web_p.txt | head -6)"; fi
eq "$(grep -A1 '^== lj /api/v1/enterprises?limit=100 ' web_p.txt | grep -o '"uscc":"[^"]*"' | wc -l)" 3 "临江区's user lists its 3"
eq "$(grep -A1 '^== jj /api/v1/enterprises?limit=100 ' web_p.txt | grep -o '"uscc":"[^"]*"' | wc -l)" 2 "江北区's street user lists its 2"

# ---- organisations and members read on their district's server (scope_sql.h HELD_FOR): their
# scope is not their stored district — an organisation covering an enterprise of a region is in its
# scope wherever it is held, a member without an employer is held with its organisation —, so the
# hint reads the region's district's partitions and the coordinator's (no district) alone while the
# district has no link to another district's organisations (scripts/pg_partition.sql fg_held_floor: an organisation of
# another district covering one of its enterprises, the parent of one of its organisations, the
# organisation of one of its members), every partition otherwise. Records of no district first:
# 中共本市非公企业党委 (上级机关, no place) the parent of 梧埭智造's branch, 中共东城物流联合党支部 (no
# place) covering 东城物流 (临江区) with 党员九 (no employer) — all in 临江区's scope, on the
# coordinator; and 党员十 working at 江北电子 (江北区) in 梧埭智造's branch (临江区): 江北区's only link.
OH="$(head -1 "$T/orgs.csv")"
MEMH="$(head -1 "$T/members.csv")"
printf '%s\n%s\n%s\n%s\n' "$OH" '中共本市非公企业党委,党委,上级机关,,,,,,2019-01-01,丙一,是,5,2023-01-01' \
	'中共东城物流联合党支部,党支部,联合建,,91330106MA2000342T,,,,2019-01-01,丁一,否,,2023-01-01' \
	'中共梧埭智造有限公司支部委员会,党支部,单独建,中共本市非公企业党委,91330106MA20002034,临江区/双峰街道,梧埭社区,,2020-01-01,甲一,否,,2023-01-01' >xorgs.csv
printf '%s\n%s\n%s\n' "$MEMH" '党员九,330106197102020056,正式党员,2012-07-01,2013-07-01,,中共东城物流联合党支部,正常,是,13900000009' \
	'党员十,330106197203030050,正式党员,2012-07-01,2013-07-01,91330106MA2000414K,中共梧埭智造有限公司支部委员会,正常,是,13900000010' >xmem.csv
for db in $DB "$WHOLE" "$PART"; do
	"$FGDJ" import orgs xorgs.csv --db "$db" >/dev/null || fail "import xorgs.csv into $db"
	"$FGDJ" import members xmem.csv --db "$db" >/dev/null || fail "import xmem.csv into $db"
done
eq "$(psql_ "$PART" -c "SELECT string_agg(name, ' ' ORDER BY name) FROM org_rest")" "中共东城物流联合党支部 中共本市非公企业党委" \
	"the organisations of no place on the coordinator"
eq "$(psql_ "$PART" -c "SELECT name FROM member_rest")" "党员九" "党员九 (no employer) with them"
regions "records of no place"
eq "$("$FGDJ" export orgs --region 临江区/东城街道 -o /dev/stdout --db "$PART" 2>/dev/null | cut -d, -f1 | tail -n +2)" "中共东城物流联合党支部" \
	"东城街道's organisation held on no district's server"
eq "$("$FGDJ" export members --region 江北区 -o /dev/stdout --db "$PART" 2>/dev/null | grep -c '党员十,.*中共梧埭智造有限公司支部委员会')" 1 \
	"党员十 (江北区) with its organisation on B"
# 临江区's organisations and members: no scan of an organisation or member on C for exports at the
# district's, a street's and a community's level, seven each (past the fifth run), nor for its user's
# web lists (whole, searched, from an offset) and rows, where no enterprise is read on C either (the
# exported organisations' 覆盖企业 still are: every active link's enterprise, looked up by id). 江北区's
# exports scan C (its organisations, its members).
# Mutants of scope_sql.h / store/query.c / ledger_store.c, each built apart and run through this file cut
# to its part up to here and the cross-district steps below (the enterprise scans, statistics and web
# comparisons above and the writes and moves below left out; 192 checks), all caught — failing checks:
# without the organisation's HELD_FOR in SCOPE_ORG 2 (21 organisation scans on C for the exports, 8 for
# the lists), the member's in SCOPE_MEM 2 (21 and 8 member scans), the hints on the joined rows (the
# parent, a member's employer and organisation, removed together) 2, the hint on a page's rows read
# again 1, the hint on the organisation of a member without an employer 2, SE_HELD 1 (16 enterprise
# scans for the lists); HELD_FOR's "no district" branch 20 (the exports of the records of no place
# differ, 党员九's row is not found), DISTRICT_LINKED (the link check, written in the statements then;
# fg_held_floor now) without the coverage link 3, the parent link 3, the member's organisation 3.
om_scans() { psql_ "$(U "$PGPART_C" hold)" -c "SELECT string_agg((seq_scan + coalesce(idx_scan, 0))::text, ' ' ORDER BY relname)
	FROM pg_stat_user_tables WHERE relname IN ('enterprise_d$JB', 'member_d$JB', 'org_d$JB')"; }
quiet "$PGPART_C"
o0=$(om_scans)
lj_exports orgs members
quiet "$PGPART_C"
o1=$(om_scans)
eq "${o1#* }" "${o0#* }" "临江区's organisation and member exports touch no member or organisation on C"
printf '临江区的党组织、党员导出在 C 上的扫描（企业 党员 党组织）：%s → %s（企业：导出党组织的“覆盖企业”一列）\n' "$o0" "$o1"
o0=$o1
LJORG=$(psql_ "$WHOLE" -c "SELECT id FROM org WHERE name = '中共梧埭智造有限公司支部委员会'") # the same ids (not read on C)
LJMEM=$(psql_ "$WHOLE" -c "SELECT id FROM member WHERE name = '党员九'")
start_server "$PART" --refresh-after 0
api_login lj lj
: >lj_found.txt
for l in orgs members; do
	for q in "" "&offset=1" "&q=%E4%B8%AD%E5%85%B1" "&q=%E5%85%9A%E5%91%98" "&q=%E6%B1%9F%E5%8C%97"; do
		req 200 GET "/api/v1/$l?limit=100$q" -b lj
		printf '%s ' "$(grep -o '"id":' "$WORK/body" | wc -l)" >>lj_found.txt
	done
done
req 200 GET "/api/v1/orgs/$LJORG" -b lj
grep -q '中共梧埭智造有限公司支部委员会' "$WORK/body" && ok || fail "临江区's user reads its organisation's row"
req 200 GET "/api/v1/members/$LJMEM" -b lj
grep -q '党员九' "$WORK/body" && ok || fail "临江区's user reads 党员九's row"
eq "$(cat lj_found.txt)" "2 1 2 0 0 5 4 0 5 0 " "临江区's user's ten lists of organisations and members"
stop_server
quiet "$PGPART_C"
eq "$(om_scans)" "$o0" "临江区's user's lists and rows touch no enterprise, member or organisation on C"
# The pages of an organisation and a member read more than the row (its members, its records …):
# those reads still reach every server (docs/scaling.md).
start_server "$PART" --refresh-after 0
api_login lj lj
for path in "/orgs/$LJORG" "/members/$LJMEM"; do
	req 200 GET "$path" -b lj
done
stop_server
quiet "$PGPART_C"
printf '临江区的党组织、党员页面在 C 上的扫描（企业 党员 党组织）：%s → %s\n' "$o0" "$(om_scans)"
"$FGDJ" export orgs --region 江北区 --db "$PART" >/dev/null || fail "export orgs of 江北区"
"$FGDJ" export members --region 江北区 --db "$PART" >/dev/null || fail "export members of 江北区"
quiet "$PGPART_C"
o1=$(om_scans)
[ "${o1#* }" != "${o0#* }" ] && ok || fail "江北区's exports scan C's members and organisations ($o0 → $o1)"
# 江北区's link alone changed: 党员十 in the joint branch instead, whose parent is 中共临江区双峰街道
# 综合党委 (临江区); then no parent, and the joint branch covering 三墩餐饮 (临江区) as well —
# 临江区's link, whose reads then scan C's organisations (the joint branch is in its scope there).
sed 's/,中共梧埭智造有限公司支部委员会,正常,是,13900000010$/,江北区双峰街道梧埭联合党支部,正常,是,13900000010/' xmem.csv >xmem2.csv
printf '%s\n%s\n%s\n' "$OH" '中共临江区双峰街道综合党委,党委,单独建,,,临江区/双峰街道,,,2019-01-01,丁二,是,5,2023-01-01' \
	"$(grep '^江北区双峰街道梧埭联合党支部' "$T/orgs.csv" | sed 's/,联合建,,/,联合建,中共临江区双峰街道综合党委,/')" >xorgs2.csv
printf '%s\n%s\n' "$OH" "$(grep '^江北区双峰街道梧埭联合党支部' "$T/orgs.csv" | sed 's/,91330106MA2000414K；/,91330106MA20002702；91330106MA2000414K；/')" >xorgs3.csv
grep -q '^江北区双峰街道梧埭联合党支部,党支部,联合建,中共临江区双峰街道综合党委,' xorgs2.csv && ok || fail "xorgs2.csv gives a parent"
grep -q '91330106MA20002702；91330106MA2000414K；91330106MA2000481H' xorgs3.csv && ok || fail "xorgs3.csv covers 三墩餐饮"
for db in $DB "$WHOLE" "$PART"; do
	"$FGDJ" import members xmem2.csv --db "$db" >/dev/null || fail "import xmem2.csv into $db"
	"$FGDJ" import orgs xorgs2.csv --db "$db" >/dev/null || fail "import xorgs2.csv into $db"
done
regions "a parent in another district"
eq "$("$FGDJ" export orgs --region 江北区 -o /dev/stdout --db "$PART" 2>/dev/null | grep -c '^江北区双峰街道梧埭联合党支部,党支部,联合建,中共临江区双峰街道综合党委,')" 1 \
	"the joint branch's parent read on B"
for db in $DB "$WHOLE" "$PART"; do
	"$FGDJ" import orgs xorgs3.csv --db "$db" >/dev/null || fail "import xorgs3.csv into $db"
done
regions "an organisation covering an enterprise of another district"
eq "$("$FGDJ" export orgs --region 临江区/双峰街道/三墩社区 -o /dev/stdout --db "$PART" 2>/dev/null | cut -d, -f1 | tail -n +2)" "江北区双峰街道梧埭联合党支部" \
	"三墩社区's organisation read on C"
quiet "$PGPART_C"
o1=$(om_scans)
"$FGDJ" export orgs --region 临江区 --db "$PART" >/dev/null || fail "export orgs of 临江区"
quiet "$PGPART_C"
[ "$(om_scans)" != "$o1" ] && ok || fail "临江区's organisations scan C once it has a link there"

# ---- a write through the coordinator: a new enterprise in 临江区/东城街道/幸福社区 ----
printf '%s\n%s\n' "$(head -1 "$T/enterprises.csv")" \
	'91330106MA2000553A,新企业有限公司,临江区/东城街道,幸福社区,,,制造业,在营,20,是,100,丙,否,2019-01-01,正常经营,职工20人,' >new.csv
for db in $DB "$WHOLE" "$PART"; do
	"$FGDJ" import enterprises new.csv --db "$db" >/dev/null || fail "import new.csv into $db"
done
eq "$(psql_ "$(U "$PGPART_B" hold)" -c "SELECT id FROM enterprise_d$LJ WHERE uscc = '91330106MA2000553A'")" \
	"$(psql_ "$WHOLE" -c "SELECT id FROM enterprise WHERE uscc = '91330106MA2000553A'")" \
	"the new enterprise on B, with the id the one database gave it"
eq "$(psql_ "$PART" -c "SELECT count(*) FROM enterprise_rest")" 0 "nothing new on the coordinator"
# An organisation's change (its secretary) through the coordinator, written on C.
sed 's/,乙一,/,乙二,/' "$T/orgs.csv" >orgs2.csv
for db in $DB "$WHOLE" "$PART"; do
	"$FGDJ" import orgs orgs2.csv --db "$db" >/dev/null || fail "import orgs2.csv into $db"
done
eq "$(psql_ "$(U "$PGPART_C" hold)" -c "SELECT secretary FROM org_d$JB")" "乙二" "the organisation's change written on C"
# A new member through the coordinator, working at the new enterprise (临江区): written on B.
printf '%s\n%s\n' "$(head -1 "$T/members.csv")" \
	'党员八,330106197001010019,正式党员,2012-07-01,2013-07-01,91330106MA2000553A,,正常,是,13900000008' >m8.csv
for db in $DB "$WHOLE" "$PART"; do
	"$FGDJ" import members m8.csv --db "$db" >/dev/null || fail "import m8.csv into $db"
done
eq "$(psql_ "$(U "$PGPART_B" hold)" -c "SELECT id || ':' || district_id FROM member_d$LJ WHERE idno = '330106197001010019'")" \
	"$(psql_ "$WHOLE" -c "SELECT id FROM member WHERE idno = '330106197001010019'"):$LJ" "the new member on B, held in 临江区"
# Its dues row and a new meeting of 梧埭智造's branch (临江区) through the coordinator: written on B.
printf '%s\n%s\n' "$DH" '330106197001010019,党员八,2026-03,,,10,10,2026-03-20' >d8.csv
printf '%s\n%s\n' "$MH" '中共梧埭智造有限公司支部委员会,支部党员大会,2026-04-02,四月党员大会' >mt.csv
# The dues row names its member's district, read with the member by 公民身份号码 (scope_sql.h HELD_AT):
# the coordinator asks 江北区's server C for that member by its number alone (one scan of its member
# partition: where it is held is not known before) and never for dues — the row's key looked up, the
# member's row read for the insert and locked at commit, its year of dues read again, all on B.
quiet "$PGPART_B"
quiet "$PGPART_C"
dm0=$(ent_scans "$PGPART_C" "member_d$JB") dd0=$(ent_scans "$PGPART_C" "dues_d$JB") bd0=$(ent_scans "$PGPART_B" "dues_d$LJ")
for db in $DB "$WHOLE" "$PART"; do
	"$FGDJ" import dues d8.csv --db "$db" >/dev/null || fail "import d8.csv into $db"
done
quiet "$PGPART_B"
quiet "$PGPART_C"
eq "$(ent_scans "$PGPART_C" "dues_d$JB")" "$dd0" "a dues row of 临江区 imported through the coordinator: no scan of C's dues"
eq "$(ent_scans "$PGPART_C" "member_d$JB")" "$((dm0 + 1))" "… and one of C's members (the 公民身份号码 looked up)"
[ "$(ent_scans "$PGPART_B" "dues_d$LJ")" -gt "$bd0" ] && ok || fail "… while B's dues were read: $(ent_scans "$PGPART_B" "dues_d$LJ") against $bd0"
for db in $DB "$WHOLE" "$PART"; do
	"$FGDJ" import meetings mt.csv --db "$db" >/dev/null || fail "import mt.csv into $db"
done
eq "$(psql_ "$(U "$PGPART_B" hold)" -c "SELECT d.id || ':' || d.district_id FROM dues_d$LJ d JOIN member_d$LJ m ON m.id = d.member_id
	WHERE m.idno = '330106197001010019'")" \
	"$(psql_ "$WHOLE" -c "SELECT d.id FROM dues d JOIN member m ON m.id = d.member_id WHERE m.idno = '330106197001010019'"):$LJ" \
	"the new dues row on B, with the id the one database gave it"
eq "$(psql_ "$(U "$PGPART_B" hold)" -c "SELECT id || ':' || district_id FROM meeting_d$LJ WHERE topic = '四月党员大会'")" \
	"$(psql_ "$WHOLE" -c "SELECT id FROM meeting WHERE topic = '四月党员大会'"):$LJ" "the new meeting on B"
# The same meeting again: unchanged (its key found across the partitions, no unique index there).
run 0 "$FGDJ" import meetings mt.csv --db "$PART"
eq "$(psql_ "$PART" -c "SELECT count(*) FROM meeting WHERE topic = '四月党员大会'")" 1 "the meeting imported again: still one"
# Its study record and a new development record of 梧埭智造's branch through the coordinator: on B.
printf '%s\n%s\n' "$SH" '330106197001010019,党员八,2026-03-02,学习党章,1' >s8.csv
printf '%s\n%s\n' "$VH" '赵预备,330106199803031240,,中共梧埭智造有限公司支部委员会,2026-04-10' >dev3.csv
for db in $DB "$WHOLE" "$PART"; do
	"$FGDJ" import study s8.csv --db "$db" >/dev/null || fail "import s8.csv into $db"
	"$FGDJ" import development dev3.csv --db "$db" >/dev/null || fail "import dev3.csv into $db"
done
eq "$(psql_ "$(U "$PGPART_B" hold)" -c "SELECT s.id || ':' || s.district_id FROM study_d$LJ s JOIN member_d$LJ m ON m.id = s.member_id
	WHERE m.idno = '330106197001010019'")" \
	"$(psql_ "$WHOLE" -c "SELECT s.id FROM study s JOIN member m ON m.id = s.member_id WHERE m.idno = '330106197001010019'"):$LJ" \
	"the new study record on B, with the id the one database gave it"
eq "$(psql_ "$(U "$PGPART_B" hold)" -c "SELECT id || ':' || district_id FROM development_d$LJ WHERE idno = '330106199803031240'")" \
	"$(psql_ "$WHOLE" -c "SELECT id FROM development WHERE idno = '330106199803031240'"):$LJ" "the new development record on B"
# A visit to 梧埭智造 and 党员八's transfer by its branch (临江区) through the coordinator: on B.
printf '%s\n%s\n' "$VIH" '王指导,三墩社区,91330106MA20002034,2026-04-15,宣传员,走访' >vi2.csv
printf '%s\n%s\n' "$TFH" '330106197001010019,党员八,转出,中共梧埭智造有限公司支部委员会,外地党支部,2026-05-03,' >tf8.csv
for db in $DB "$WHOLE" "$PART"; do
	"$FGDJ" import visits vi2.csv --db "$db" >/dev/null || fail "import vi2.csv into $db"
	"$FGDJ" import transfers tf8.csv --db "$db" >/dev/null || fail "import tf8.csv into $db"
done
eq "$(psql_ "$(U "$PGPART_B" hold)" -c "SELECT id || ':' || district_id FROM visit_d$LJ WHERE date = '2026-04-15'")" \
	"$(psql_ "$WHOLE" -c "SELECT id FROM visit WHERE date = '2026-04-15'"):$LJ" "the new visit on B, with the id the one database gave it"
eq "$(psql_ "$(U "$PGPART_B" hold)" -c "SELECT id || ':' || district_id FROM transfer_d$LJ WHERE name = '党员八'")" \
	"$(psql_ "$WHOLE" -c "SELECT id FROM transfer WHERE name = '党员八'"):$LJ" "the new transfer on B"
eq "$(psql_ "$PART" -c "SELECT (SELECT count(*) FROM dues_rest) + (SELECT count(*) FROM meeting_rest)
	+ (SELECT count(*) FROM study_rest) + (SELECT count(*) FROM development_rest) + (SELECT count(*) FROM transfer_rest)
	+ (SELECT count(*) FROM visit_rest)")" 0 \
	"no record on the coordinator"
compare_all "after writes"

# ---- a community added after the split: its enterprise goes straight to its district's server
# (the rows are placed by their district, not by the community), the figures the same; the refresh
# (for a district added later) finds nothing to do ----
sed 's/^91330106MA2000553A,新企业有限公司,临江区\/东城街道,幸福社区,/91330106MA20006253,后来企业有限公司,临江区\/东城街道,后来社区,/' \
	new.csv >later.csv
for db in $DB "$WHOLE" "$PART"; do
	"$FGDJ" place add community 临江区/东城街道 后来社区 --db "$db" >/dev/null || fail "place add into $db"
	"$FGDJ" import enterprises later.csv --db "$db" >/dev/null || fail "import later.csv into $db"
done
eq "$(psql_ "$PART" -c "SELECT count(*) FROM enterprise_rest")" 0 "nothing on the coordinator"
eq "$(psql_ "$(U "$PGPART_B" hold)" -c "SELECT count(*) FROM enterprise_d$LJ WHERE uscc = '91330106MA20006253'")" 1 \
	"the later enterprise on B at once"
compare_all "a new community"
psql_ "$PART" -c "SELECT fg_partition_refresh()" >/dev/null || fail "fg_partition_refresh"
eq "$(psql_ "$PART" -c "SELECT relkind FROM pg_class WHERE relname = 'enterprise_d$LJ'")" f "B's partition still foreign"
compare_all "refreshed"

# ---- records moving to another district ----
# placed LABEL: every row of the nine tables lies in the partition of the district it stores
# (the DEFAULT one when none), and that district is the one the SQLite file stores for the same
# record — named, not numbered (a district added later has its own id in each database).
placed() {
	for t in enterprise org member dues meeting study development transfer visit; do
		eq "$(psql_ "$PART" -c "SELECT count(*) FROM $t x WHERE x.tableoid::regclass::text <> CASE WHEN
			to_regclass('${t}_d' || x.district_id) IS NULL THEN '${t}_rest' ELSE '${t}_d' || x.district_id END")" 0 \
			"$1: every $t row in its district's partition"
	done
	for q in "SELECT uscc || ':' || DN FROM enterprise x" "SELECT name || ':' || DN FROM org x" \
		"SELECT idno || ':' || DN FROM member x" \
		"SELECT m.idno || '/' || x.month || ':' || DN FROM dues x JOIN member m ON m.id = x.member_id" \
		"SELECT o.name || '/' || x.kind || '/' || x.date || '/' || x.topic || ':' || DN FROM meeting x JOIN org o ON o.id = x.org_id" \
		"SELECT m.idno || '/' || x.date || '/' || x.content || ':' || DN FROM study x JOIN member m ON m.id = x.member_id" \
		"SELECT idno || ':' || DN FROM development x" \
		"SELECT m.idno || '/' || x.letter_date || ':' || DN FROM transfer x JOIN member m ON m.id = x.member_id" \
		"SELECT e.uscc || '/' || x.date || ':' || DN FROM visit x JOIN enterprise e ON e.id = x.enterprise_id"; do
		q=$(printf '%s' "$q" | sed "s|DN|coalesce((SELECT r.name FROM region r WHERE r.id = x.district_id), '-')|")
		sql $DB "$q ORDER BY 1" >dist_s.txt
		psql_ "$PART" -c "$q ORDER BY 1" >dist_p.txt
		if [ -s dist_s.txt ] && cmp -s dist_s.txt dist_p.txt; then ok; else
			fail "$1: stored districts differ from SQLite's: $(diff dist_s.txt dist_p.txt | head -4)"
		fi
	done
}
# on SERVER TABLE WHERE: the count of TABLE's rows matching WHERE in that server's database
on() { psql_ "$(U "$1" hold)" -c "SELECT count(*) FROM $2 WHERE $3"; }
# everywhere FILE KIND: FILE imported as KIND into the SQLite file, the one database and the partitioned one
everywhere() {
	for db in $DB "$WHOLE" "$PART"; do
		"$FGDJ" import "$2" "$1" --db "$db" >/dev/null 2>"$WORK/imp.err" || fail "import $1 into $db: $(cat "$WORK/imp.err")"
	done
}
placed "before the moves"
# A database partitioned by an earlier script (its foreign partitions refused moves, trigger
# fg_partition_keep): fg_partition_movers() puts fg_partition_move on every partition.
NPARTS=$(psql_ "$PART" -c "SELECT count(*) FROM pg_inherits i JOIN fg_partition_spec s ON i.inhparent = s.tbl::regclass")
psql_ "$PART" -c "DROP TRIGGER fg_partition_move ON enterprise_d$LJ" \
	-c "CREATE TRIGGER fg_partition_keep BEFORE UPDATE ON enterprise_d$LJ FOR EACH ROW EXECUTE FUNCTION fg_partition_move()" >/dev/null
eq "$(psql_ "$PART" -c "SELECT fg_partition_movers()" -c "SELECT count(*) FILTER (WHERE t.tgname = 'fg_partition_move') || ' '
	|| count(*) FILTER (WHERE t.tgname = 'fg_partition_keep') FROM pg_trigger t JOIN pg_inherits i ON i.inhrelid = t.tgrelid
	JOIN fg_partition_spec s ON i.inhparent = s.tbl::regclass")" "$(printf '\n%s 0' "$NPARTS")" "fg_partition_movers: one fg_partition_move a partition"

# An enterprise moved within its district stays on its server (all three alike).
grep '^91330106MA20002034,' "$T/enterprises.csv" | sed 's/,临江区\/双峰街道,梧埭社区,/,临江区\/双峰街道,三墩社区,/' >moved.csv
grep '^91330106MA20002034,' "$T/enterprises.csv" | sed 's/,临江区\/双峰街道,梧埭社区,/,江北区\/双峰街道,梧埭社区,/' >away.csv
for f in moved away; do
	{ head -1 "$T/enterprises.csv"; cat $f.csv; } >$f.2 && mv $f.2 $f.csv
done
everywhere moved.csv enterprises
eq "$(psql_ "$PART" -c "SELECT e.tableoid::regclass || ':' || r.name FROM enterprise e JOIN region r ON r.id = e.community_id
	WHERE uscc = '91330106MA20002034'")" "enterprise_d$LJ:三墩社区" "moved within 临江区, still on B"
compare_all "moved within a district"

# To another district (B → C, server to server: fg_partition_move deletes it on B and inserts it
# through the coordinator): the enterprise, and with it its members (their district is their
# employer's), their dues and study records; one write and its history, as on one database.
h=$(psql_ "$PART" -c "SELECT count(*) FROM history")
everywhere away.csv enterprises
eq "$(psql_ "$PART" -c "SELECT count(*) FROM history")" "$((h + 1))" "the move: one history entry"
eq "$(on "$PGPART_C" enterprise_d$JB "uscc = '91330106MA20002034'")" 1 "the enterprise moved to C"
eq "$(on "$PGPART_B" enterprise_d$LJ "uscc = '91330106MA20002034'")" 0 "and left B"
W1='employer_id = (SELECT id FROM enterprise_d'$JB' WHERE uscc = '\''91330106MA20002034'\'')'
eq "$(on "$PGPART_C" member_d$JB "$W1")" 3 "its three members moved to C"
eq "$(on "$PGPART_C" dues_d$JB "member_id IN (SELECT id FROM member_d$JB WHERE $W1)")" 6 "their dues moved to C"
eq "$(on "$PGPART_C" study_d$JB "member_id IN (SELECT id FROM member_d$JB WHERE $W1)")" 6 "their study records moved to C"
eq "$(on "$PGPART_C" visit_d$JB "enterprise_id = (SELECT id FROM enterprise_d$JB WHERE uscc = '91330106MA20002034')")" 2 \
	"its two visits moved to C"
eq "$(on "$PGPART_B" visit_d$LJ "true")" 0 "no visit left on B"
eq "$(on "$PGPART_B" member_d$LJ "name IN ('党员一', '党员二', '党员三')")" 0 "none of them left on B"
placed "an enterprise moved to another district"
compare_all "an enterprise moved to another district"

# A member whose new employer is in the other district: moved with its dues and study record.
printf '%s\n%s\n' "$(head -1 "$T/members.csv")" \
	'党员八,330106197001010019,正式党员,2012-07-01,2013-07-01,91330106MA2000414K,,正常,是,13900000008' >m8away.csv
everywhere m8away.csv members
eq "$(on "$PGPART_C" member_d$JB "idno = '330106197001010019'")" 1 "the member moved to C"
eq "$(on "$PGPART_B" member_d$LJ "idno = '330106197001010019'")" 0 "and left B"
eq "$(on "$PGPART_C" dues_d$JB "member_id = (SELECT id FROM member_d$JB WHERE idno = '330106197001010019')")" 1 "its dues on C"
eq "$(on "$PGPART_C" study_d$JB "member_id = (SELECT id FROM member_d$JB WHERE idno = '330106197001010019')")" 1 "its study record on C"
placed "a member moved"
compare_all "a member moved"

# An organisation moved to the other district: with its meetings and development records.
sed 's/^\(中共梧埭智造有限公司支部委员会,.*\),临江区\/双峰街道,梧埭社区,/\1,江北区\/双峰街道,梧埭社区,/' "$T/orgs.csv" | sed -n '1p; /^中共梧埭智造/p' >orgaway.csv
grep -q '江北区/双峰街道,梧埭社区,,2020' orgaway.csv && ok || fail "orgaway.csv moves the branch"
everywhere orgaway.csv orgs
eq "$(on "$PGPART_C" org_d$JB "name = '中共梧埭智造有限公司支部委员会'")" 1 "the organisation moved to C"
eq "$(on "$PGPART_B" meeting_d$LJ "true")" 0 "its meetings left B"
eq "$(on "$PGPART_C" meeting_d$JB "org_id = (SELECT id FROM org_d$JB WHERE name = '中共梧埭智造有限公司支部委员会')")" 2 \
	"its meetings on C"
eq "$(on "$PGPART_C" development_d$JB "org_id = (SELECT id FROM org_d$JB WHERE name = '中共梧埭智造有限公司支部委员会')")" 2 \
	"its development records on C"
eq "$(on "$PGPART_C" transfer_d$JB "org_id = (SELECT id FROM org_d$JB WHERE name = '中共梧埭智造有限公司支部委员会')")" 2 \
	"its transfers on C"
eq "$(on "$PGPART_B" transfer_d$LJ "true")" 0 "no transfer left on B"
placed "an organisation moved"
compare_all "an organisation moved"

# The organisation back (C → B) with its development records; then one of them given an organisation
# of the other district.
printf '%s\n%s\n' "$(head -1 "$T/orgs.csv")" "$(grep '^中共梧埭智造' "$T/orgs.csv")" >orgback.csv
everywhere orgback.csv orgs
eq "$(on "$PGPART_B" org_d$LJ "name = '中共梧埭智造有限公司支部委员会'")" 1 "the organisation back on B"
eq "$(on "$PGPART_B" development_d$LJ "idno = '330106199803031240'")" 1 "赵预备's record back on B with it"
eq "$(on "$PGPART_B" transfer_d$LJ "true")" 2 "its transfers back on B with it"
# A transfer given an organisation of the other district: 党员八's to the joint branch (C).
printf '%s\n%s\n' "$TFH" '330106197001010019,党员八,转出,江北区双峰街道梧埭联合党支部,外地党支部,2026-05-03,' >tf8away.csv
everywhere tf8away.csv transfers
eq "$(on "$PGPART_C" transfer_d$JB "name = '党员八'")" 1 "a transfer moved to C"
eq "$(on "$PGPART_B" transfer_d$LJ "name = '党员八'")" 0 "and left B"
placed "a transfer moved"
printf '%s\n%s\n' "$VH" '赵预备,330106199803031240,,江北区双峰街道梧埭联合党支部,2026-04-10' >dev3away.csv
everywhere dev3away.csv development
eq "$(on "$PGPART_C" development_d$JB "idno = '330106199803031240'")" 1 "a development record moved to C"
eq "$(on "$PGPART_B" development_d$LJ "idno = '330106199803031240'")" 0 "and left B"
placed "a development record moved"
sed 's/,91330106MA2000414K,/,91330106MA20002702,/' m8away.csv >m8near.csv
everywhere m8near.csv members
eq "$(on "$PGPART_B" member_d$LJ "idno = '330106197001010019'")" 1 "党员八 back on B with its employer"
compare_all "moved back"

# ---- districts added after the split keep their partitions on the coordinator (local): moves
# from a server to the coordinator, between two of its local partitions (PostgreSQL's own row
# movement would fire no update trigger: fg_partition_move does it the same way), and back to a
# server — the enterprise's members, dues and study records following each time ----
for db in $DB "$WHOLE" "$PART"; do
	for p in "district 甲区" "district 乙区" "street 甲区/甲街道" "street 乙区/乙街道"; do
		# shellcheck disable=SC2086
		"$FGDJ" place add $p --db "$db" >/dev/null || fail "place add $p into $db"
	done
	"$FGDJ" place add community 甲区/甲街道 甲社区 --db "$db" >/dev/null || fail "place add 甲社区 into $db"
	"$FGDJ" place add community 乙区/乙街道 乙社区 --db "$db" >/dev/null || fail "place add 乙社区 into $db"
done
psql_ "$PART" -c "SELECT fg_partition_refresh()" >/dev/null || fail "fg_partition_refresh for 甲区 and 乙区"
JIA=$(psql_ "$PART" -c "SELECT id FROM region WHERE level = 'district' AND name = '甲区'")
YI=$(psql_ "$PART" -c "SELECT id FROM region WHERE level = 'district' AND name = '乙区'")
eq "$(psql_ "$PART" -c "SELECT relkind FROM pg_class WHERE relname IN ('enterprise_d$JIA', 'member_d$YI') ORDER BY relname")" \
	"$(printf 'r\nr')" "the new districts' partitions are local"
for step in "甲区/甲街道,甲社区 server→coordinator $JIA" "乙区/乙街道,乙社区 local→local $YI" "江北区/双峰街道,梧埭社区 coordinator→server $JB"; do
	place=${step%% *}
	rest=${step#* }
	what=${rest%% *}
	d=${rest#* }
	{ head -1 "$T/enterprises.csv"; grep '^91330106MA20002034,' "$T/enterprises.csv" |
		sed "s|,临江区/双峰街道,梧埭社区,|,$place,|"; } >step.csv
	everywhere step.csv enterprises
	eq "$(psql_ "$PART" -c "SELECT e.tableoid::regclass || ' ' || (SELECT count(*) FROM member m WHERE m.employer_id = e.id
		AND m.tableoid = ('member_d' || $d)::regclass) || ' ' || (SELECT count(*) FROM dues u WHERE u.member_id IN
		(SELECT id FROM member WHERE employer_id = e.id) AND u.tableoid = ('dues_d' || $d)::regclass)
		FROM enterprise e WHERE uscc = '91330106MA20002034'")" "enterprise_d$d 3 6" "$what: the enterprise, its members and their dues"
	placed "$what"
	compare_all "$what"
done
eq "$(psql_ "$PART" -c "SELECT (SELECT count(*) FROM member_d$JIA) + (SELECT count(*) FROM member_d$YI)
	+ (SELECT count(*) FROM study_d$JIA) + (SELECT count(*) FROM study_d$YI)")" 0 "nothing left in the local partitions"

finish
