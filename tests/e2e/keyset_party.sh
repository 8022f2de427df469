#!/bin/sh
# The party-work lists walked over their order's index (store/query.c party_page, schema v32):
# - dues.member_key, the member's name_key kept for the dues list's order, equals the member's
#   after every kind of write: the demo, the migration (from v31), a member renamed through the
#   API and by import, dues recorded through the API and by import;
# - pages at the boundaries — page 1, the last page (walked backwards), a short last page, a page
#   past the end, every page of a list — hold exactly the rows of the whole list in the order
#   sqlite3 sorts them by the list's own columns, the row id last (ties: two members of one name
#   ordered by their ID numbers); a street sees its part only.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

DB=d.db
fgdj_demo --scale district --seed 3 --db $DB >/dev/null || fail "demo"
eq "$(sql $DB 'PRAGMA user_version')" "$(schema_latest)" "schema at the latest version"
# kept == recomputed: every dues row carries its member's name_key
stale() { sql $DB "SELECT count(*) FROM dues du JOIN member m ON m.id = du.member_id WHERE du.member_key IS DISTINCT FROM m.name_key"; }
eq "$(sql $DB 'SELECT count(*) > 1000 FROM dues')" 1 "the demo has dues"
eq "$(stale)" 0 "the demo's dues keep their members' name_key"

# ---- the migration fills the column ----
if sqlite_only "v31 的文件：从旧版结构的 SQLite 文件升级（PostgreSQL 上不做结构升级）"; then
db_copy $DB old.db
sqlite3 old.db "DROP INDEX dues_order; ALTER TABLE dues DROP COLUMN member_key; DROP INDEX training_order;
	DROP INDEX campaign_order; DROP INDEX region_parent; DROP INDEX development_order; PRAGMA user_version = 31"
run 0 "$FGDJ" migrate --db old.db
eq "$(sql old.db "SELECT count(*) FROM dues du JOIN member m ON m.id = du.member_id WHERE du.member_key IS DISTINCT FROM m.name_key")" 0 \
	"migrated: every dues row keeps its member's name_key"
eq "$(sql old.db "SELECT count(*) FROM sqlite_master WHERE name IN ('dues_order', 'training_order', 'campaign_order',
	'region_parent', 'development_order')")" 5 "migrated: the order indexes"
fi

# ---- a member renamed by import: its dues follow ----
M1=$(sql $DB "SELECT m.idno FROM member m WHERE EXISTS (SELECT 1 FROM dues du WHERE du.member_id = m.id) ORDER BY m.id LIMIT 1")
K0=$(sql $DB "SELECT hex(name_key) FROM member WHERE idno = '$M1'")
"$FGDJ" export members --db $DB --unmasked -o m.csv >/dev/null 2>&1 || fail "export members"
head -1 m.csv >m1.csv
grep "^[^,]*,$M1," m.csv | sed 's/^[^,]*,/欧阳改名,/' >>m1.csv
eq "$(wc -l <m1.csv)" 2 "one member row to import"
run 0 "$FGDJ" import members m1.csv --db $DB
eq "$(sql $DB "SELECT name FROM member WHERE idno = '$M1'")" "欧阳改名" "renamed by import"
neq() { if [ "$1" != "$2" ]; then ok; else fail "$3: both $1"; fi; }
neq "$(sql $DB "SELECT hex(name_key) FROM member WHERE idno = '$M1'")" "$K0" "the rename changes the name_key"
eq "$(stale)" 0 "renamed by import: its dues keep the new name_key"

# ---- dues by import: a new month for a member ----
M2=$(sql $DB "SELECT m.idno FROM member m WHERE NOT EXISTS (SELECT 1 FROM dues du WHERE du.member_id = m.id AND du.month = 202512)
	AND NOT EXISTS (SELECT 1 FROM dues du WHERE du.member_id = m.id AND du.month = 202601)
	AND m.closed IS NULL AND m.relation = '正常' AND m.employer_id IS NOT NULL AND m.join_date < '2024-01-01' ORDER BY m.id LIMIT 1")
N2=$(sql $DB "SELECT name FROM member WHERE idno = '$M2'")
printf '公民身份号码,姓名,月份,税后工资,是否离退休,应缴,实缴,缴纳日期\n%s,%s,2025-12,5000.00,否,,,\n' "$M2" "$N2" >d1.csv
run 0 "$FGDJ" import dues d1.csv --db $DB
eq "$(sql $DB "SELECT count(*) FROM dues du JOIN member m ON m.id = du.member_id WHERE m.idno = '$M2' AND du.month = 202512")" 1 "dues imported"
eq "$(stale)" 0 "imported dues keep their member's name_key"

# ---- two members of one name (a tie of name_key): in the dues list by their ID numbers ----
MON=$(sql $DB "SELECT max(month) FROM dues")
MONTH=$(printf '%s' "$MON" | sed 's/^\(....\)/\1-/')
T1=$(sql $DB "SELECT m.idno FROM member m WHERE m.idno <> '$M1' AND EXISTS (SELECT 1 FROM dues du WHERE du.member_id = m.id
	AND du.month = $MON) ORDER BY m.id DESC LIMIT 1")
T2=$(sql $DB "SELECT m.idno FROM member m WHERE m.idno NOT IN ('$M1', '$T1') AND EXISTS (SELECT 1 FROM dues du
	WHERE du.member_id = m.id AND du.month = $MON) ORDER BY m.id DESC LIMIT 1 OFFSET 1")

add_user boss admin
STREET=$(sql $DB "SELECT name FROM region WHERE level = 'street' ORDER BY id LIMIT 1")
SID=$(sql $DB "SELECT id FROM region WHERE level = 'street' ORDER BY id LIMIT 1")
add_user east street "$STREET"
start_server $DB
api_login boss bj
BOSS=$CSRF
api_login east ej

# ---- a member renamed through the API, dues recorded through the API ----
for T in $T1 $T2; do
	st=$(json -X PUT -b bj -H "X-CSRF-Token: $BOSS" -d '{"name":"司马同名"}' "$URL/api/v1/members/$(sql $DB "SELECT id FROM member WHERE idno = '$T'")")
	eq "$st" 200 "PUT a member's name"
done
eq "$(sql $DB "SELECT count(DISTINCT name_key) FROM member WHERE idno IN ('$T1', '$T2')")" 1 "two members, one name_key"
eq "$(stale)" 0 "renamed through the API: its dues keep the new name_key"
st=$(json -b bj -H "X-CSRF-Token: $BOSS" -X POST "$URL/api/v1/dues" -d "{\"idno\":\"$M2\",\"month\":\"2025-11\",\"base\":\"4000\"}")
eq "$st" 201 "dues recorded through the API"
eq "$(stale)" 0 "dues recorded through the API keep the member's name_key"

ids() { grep -o '{"id":[0-9]*' "${1:-$WORK/body}" | sed 's/{"id"://'; }
total() { sed -n 's/^{"total":\([0-9]*\),.*/\1/p' "$WORK/body"; }
html_ids() { grep -o "<tr><td><a href=\"/$1/[0-9]*\"" "$WORK/body" | sed 's/.*\/\([0-9]*\)"/\1/'; }
same() { if cmp -s "$1" "$2"; then ok; else fail "$3: $(diff "$1" "$2" | head -5 | tr '\n' ' ')"; fi; }
# bounds LIST QUERY SQL WHAT JAR [SIZE]: against the rows of SQL: every API page of SIZE (50; the
# second half is walked backwards), the count, page 1, the last page, a short last page (offset total - 7),
# a page past the end (no rows, the count), the HTML list's first and last page.
bounds() {
	sql $DB "$3" >want.txt
	n=$(wc -l <want.txt)
	[ "$n" -gt 60 ] || fail "$4: the reference lists too few rows ($n)"
	size=${6:-50}
	# every page in one curl, one connection: each page's file in turn, each status on its line
	b_list=$1 b_q=$2 b_what=$4 b_jar=$5
	set --
	i=0 off=0
	while [ "$off" -lt "$n" ]; do
		i=$((i + 1))
		set -- "$@" -o "$WORK/page.$i" "$URL/api/v1/$b_list?limit=$size&offset=$off$b_q"
		off=$((off + size))
	done
	curl -s -b "$b_jar" -w '%{http_code}\n' "$@" >codes.txt
	eq "$(grep -cx 200 codes.txt) $(wc -l <codes.txt)" "$i $i" "$b_what: every API page answered 200"
	j=0
	while [ "$j" -lt "$i" ]; do
		j=$((j + 1))
		cat "$WORK/page.$j"
		echo
	done >pages.txt
	ids pages.txt >got.txt
	cp "$WORK/page.$i" "$WORK/body" # the last page's count, below
	set -- "$b_list" "$b_q" "" "$b_what" "$b_jar"
	same got.txt want.txt "$4: every API page of $size"
	eq "$(total)" "$n" "$4: the count"
	req 200 GET "/api/v1/$1?limit=50&offset=$((n - 7))$2" -b "$5"
	ids >got.txt
	tail -7 want.txt >want7.txt
	same got.txt want7.txt "$4: a short last page"
	req 200 GET "/api/v1/$1?limit=50&offset=$n$2" -b "$5"
	eq "$(ids | wc -l) $(total)" "0 $n" "$4: a page past the end"
	last=$(((n + 49) / 50))
	for p in 1 $last; do
		req 200 GET "/$1?page=$p$2" -b "$5"
		html_ids "$1" >page.txt
		sed -n "$(((p - 1) * 50 + 1)),$((p * 50))p" want.txt >want_page.txt
		same page.txt want_page.txt "$4: HTML page $p"
	done
}

DUES="SELECT du.id FROM dues du JOIN member m ON m.id = du.member_id"
DORDER="ORDER BY du.month DESC, m.name_key, m.idno, du.id"
bounds dues "&month=$MONTH" "$DUES WHERE du.month = $MON $DORDER" "dues of a month" bj
# the tie: T1 and T2 next to each other, by ID number
sql $DB "$DUES WHERE du.month = $MON $DORDER" >all.txt
A1=$(grep -nx "$(sql $DB "SELECT du.id FROM dues du JOIN member m ON m.id = du.member_id WHERE m.idno = '$T1' AND du.month = $MON")" all.txt | cut -d: -f1)
A2=$(grep -nx "$(sql $DB "SELECT du.id FROM dues du JOIN member m ON m.id = du.member_id WHERE m.idno = '$T2' AND du.month = $MON")" all.txt | cut -d: -f1)
LO=$(printf '%s\n%s\n' "$T1" "$T2" | sort | head -1)
FIRST=$([ "$LO" = "$T1" ] && echo "$A1" || echo "$A2")
eq "$(((A1 - A2) * (A1 - A2))) $(( FIRST < A1 || FIRST < A2 ))" "1 1" "the tie: next to each other, the lower ID number first"
req 200 GET "/api/v1/dues?limit=50&offset=$((A1 < A2 ? A1 - 1 : A2 - 1))&month=$MONTH" -b bj
eq "$(ids | head -2 | tr '\n' ' ')" "$(sed -n "$((A1 < A2 ? A1 : A2)),$((A1 < A2 ? A2 : A1))p" all.txt | tr '\n' ' ')" "the tie on a page of the API"
bounds dues "" "$DUES $DORDER" "dues (every month)" bj 500
bounds trainees "" "SELECT te.id FROM trainee te JOIN training tr ON tr.id = te.training_id
	ORDER BY tr.start_date DESC, tr.name, te.person_key, te.id" "trainees" bj
bounds development "" "SELECT dv.id FROM development dv ORDER BY dv.apply_date DESC, dv.idno, dv.id" "development" bj
TASKS="SELECT tk.id FROM task tk JOIN campaign cp ON cp.id = tk.campaign_id JOIN enterprise e ON e.id = tk.enterprise_id
	JOIN region c ON c.id = e.community_id"
TORDER="ORDER BY cp.start_date DESC, cp.name, c.parent_id, c.id, e.name_key, tk.id"
bounds tasks "" "$TASKS $TORDER" "tasks" bj
bounds tasks "" "$TASKS WHERE c.id = $SID OR c.parent_id = $SID $TORDER" "tasks of a street" ej
bounds meetings "" "SELECT mt.id FROM meeting mt JOIN org o ON o.id = mt.org_id
	ORDER BY mt.date DESC, o.name_key, mt.kind, mt.topic, mt.id" "meetings" bj

# ---- a write shows at once: the count, and the row on its page near the end ----
req 200 GET "/api/v1/dues?limit=1" -b bj
N0=$(total)
st=$(json -b bj -H "X-CSRF-Token: $BOSS" -X POST "$URL/api/v1/dues" -d "{\"idno\":\"$M2\",\"month\":\"2026-01\",\"base\":\"3000\"}")
eq "$st" 201 "dues of the oldest month"
NEW=$(sql $DB "SELECT du.id FROM dues du JOIN member m ON m.id = du.member_id WHERE m.idno = '$M2' AND du.month = 202601")
AT=$(sql $DB "$DUES $DORDER" | grep -nx "$NEW" | cut -d: -f1)
eq "$((AT > N0 / 2))" 1 "the new row lies in the second half (walked backwards)"
req 200 GET "/api/v1/dues?limit=50&offset=$(((AT - 1) / 50 * 50))" -b bj
eq "$(total) $(ids | grep -cx "$NEW")" "$((N0 + 1)) 1" "the new row on its page, the count one more"
bounds dues "" "$DUES $DORDER" "dues after the write" bj 500

finish
