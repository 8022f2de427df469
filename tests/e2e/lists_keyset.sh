#!/bin/sh
# Paging of the member, organisation and instructor lists by their kept sort keys (store/
# query_keys.c) on the district demo: every page of the API, under each filter, holds exactly the
# rows of the whole list in the order sqlite3 sorts the stored keys (name_key, then the ID number
# or the name), and the same set as the export; the HTML list's first and last page hold their
# slices; after an import, a web edit and a new record the pages and the counts follow at once.
# Instructors have no stored sort key (their order is a collation): their pages (by kept ids) are
# checked against the print view, which reads them in one statement by OFFSET. The place pickers
# (kept per scope and state) show a new community and a renamed zone at once.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

DB=d.db
fgdj_demo --scale district --seed 3 --db $DB >/dev/null || fail "demo"
# The walk of the member list's keys reads one index (schema v34: 注销 in member_order, which every
# page's filter reads), also in a file upgraded from v33: no member row per key.
if sqlite_only "SQLite 的查询计划与从旧版结构升级"; then
	walk="EXPLAIN QUERY PLAN SELECT m.name_key, m.idno, m.id FROM member m WHERE (0 = 1 OR m.closed IS NULL) ORDER BY m.name_key, m.idno"
	eq "$(sqlite3 $DB "$walk" | grep -c 'COVERING INDEX member_order')" 1 "the members' key walk: the index alone"
	db_copy $DB v33.db
	sqlite3 v33.db "DROP INDEX member_order; CREATE INDEX member_order ON member(name_key, idno, employer_id, org_id, status, relation);
		PRAGMA user_version = 33"
	eq "$(sqlite3 v33.db "$walk" | grep -c 'COVERING INDEX member_order')" 0 "v33: the walk reads each member's row"
	run 0 "$FGDJ" migrate --db v33.db
	eq "$(sqlite3 v33.db "$walk" | grep -c 'COVERING INDEX member_order')" 1 "migrated from v33: the index alone"
fi
STREET=$(sql $DB "SELECT name FROM region WHERE level = 'street' ORDER BY id LIMIT 1")
SID=$(sql $DB "SELECT id FROM region WHERE level = 'street' ORDER BY id LIMIT 1")
add_user boss admin
start_server $DB
api_login boss bj
BOSS=$CSRF

enc() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n' | sed 's/../%&/g'; }
ids() { grep -o '{"id":[0-9]*' "$WORK/body" | sed 's/{"id"://'; }
names() { grep -o '"name":"[^"]*"' "$WORK/body" | sed 's/"name":"\(.*\)"/\1/'; }
total() { sed -n 's/^{"total":\([0-9]*\),.*/\1/p' "$WORK/body"; }
# all_pages LIST QUERY OUT [SIZE]: the row ids of every page of SIZE (50) of /api/v1/LIST into OUT,
# their names into OUT.names.
all_pages() {
	a_size=${4:-50} a_list=$1 a_q=$2 a_out=$3
	req 200 GET "/api/v1/$a_list?limit=$a_size&offset=0$a_q" -b bj
	n=$(total)
	cp "$WORK/body" "$WORK/apg.1"
	# the other pages in one curl, one connection: each page's file in turn, each status on its line
	set --
	i=1 off=$a_size
	while [ "$off" -lt "$n" ]; do
		i=$((i + 1))
		set -- "$@" -o "$WORK/apg.$i" "$URL/api/v1/$a_list?limit=$a_size&offset=$off$a_q"
		off=$((off + a_size))
	done
	if [ "$i" -gt 1 ]; then
		curl -s -b bj -w '%{http_code}\n' "$@" >codes.txt
		eq "$(grep -cx 200 codes.txt) $(wc -l <codes.txt)" "$((i - 1)) $((i - 1))" "$a_list$a_q: every API page answered 200"
		cp "$WORK/apg.$i" "$WORK/body"
	fi
	j=0
	while [ "$j" -lt "$i" ]; do
		j=$((j + 1))
		cat "$WORK/apg.$j"
		echo
	done >"$WORK/apg.all"
	grep -o '{"id":[0-9]*' "$WORK/apg.all" | sed 's/{"id"://' >"$a_out"
	grep -o '"name":"[^"]*"' "$WORK/apg.all" | sed 's/"name":"\(.*\)"/\1/' >"$a_out.names"
}
same() {
	if cmp -s "$1" "$2"; then ok; else fail "$3: $(diff "$1" "$2" | head -5 | tr '\n' ' ')"; fi
	eq "$(sort "$1" | uniq -d | wc -l)" 0 "$3: no row twice"
}
# same_names FILE EXPECTED WHAT: the same names (two people may share one).
same_names() { if cmp -s "$1" "$2"; then ok; else fail "$3: $(diff "$1" "$2" | head -5 | tr '\n' ' ')"; fi; }
# html_ids: the row ids of a list page, in order.
html_ids() { grep -o "<tr><td><a href=\"/$1/[0-9]*\"" "$WORK/body" | sed 's/.*\/\([0-9]*\)"/\1/'; }
# export_names LEDGER OUT: the 名称/姓名 column of the export, sorted.
export_names() {
	"$FGDJ" export "$1" --format csv -o "$1.csv" --db $DB >/dev/null 2>&1 || fail "export $1"
	python3 -c '
import csv, sys
r = csv.reader(open(sys.argv[1], encoding="utf-8-sig")); h = next(r)
for row in r: print(row[0])' "$1.csv" | LC_ALL=C sort >"$2"
}
# check LIST QUERY SQL WHAT: every page of 50 and of 130 against SQL (row ids in order); the
# count; HTML page 1 and the last page (HTML_PATH: the list page, ROW: the link of a row).
check() {
	sql $DB "$3" >want.txt
	n=$(wc -l <want.txt)
	all_pages "$1" "$2" got.txt
	same got.txt want.txt "$4: API pages of 50"
	eq "$(total)" "$n" "$4: the count"
	all_pages "$1" "$2" got.txt 130
	same got.txt want.txt "$4: API pages of 130"
	last=$(((n + 49) / 50))
	[ "$last" -gt 0 ] || last=1
	for p in 1 $last; do
		# the page's form names the region filter by its level
		req 200 GET "/$HTML_PATH?page=$p$(printf '%s' "$2" | sed 's/region=/street=/')" -b bj
		html_ids "$ROW" >page.txt
		sed -n "$(((p - 1) * 50 + 1)),$((p * 50))p" want.txt >want_page.txt
		same page.txt want_page.txt "$4: HTML page $p"
	done
}

# ---- members ----
HTML_PATH=members ROW=members
# A current list leaves the reduced members (减少: the demo's transferred out this year) out.
MEM="SELECT m.id FROM (SELECT * FROM member WHERE closed IS NULL) m"
MORDER="ORDER BY m.name_key, m.idno"
check members "" "$MEM $MORDER" "members"
export_names members exp.txt
LC_ALL=C sort got.txt.names >got_sorted.txt
same_names got_sorted.txt exp.txt "members: the pages hold the export's rows"
check members "&status=$(enc 预备党员)" "$MEM WHERE m.status = '预备党员' $MORDER" "members 预备党员"
check members "&relation=$(enc 流动)" "$MEM WHERE m.relation = '流动' $MORDER" "members 流动"
check members "&region=$(enc "$STREET")" "$MEM JOIN enterprise e ON e.id = m.employer_id JOIN region c
	ON c.id = e.community_id WHERE c.parent_id = $SID $MORDER" "members of a street"
req 200 GET "/api/v1/members?limit=50&offset=$(sql $DB 'SELECT count(*) FROM member WHERE closed IS NULL')" -b bj
eq "$(ids | wc -l) $(total)" "0 $(sql $DB 'SELECT count(*) FROM member WHERE closed IS NULL')" "members past the end: nothing, the count still"

# ---- organisations (the flat list: filtered) ----
HTML_PATH=orgs ROW=orgs
ORG="SELECT o.id FROM org o"
OORDER="ORDER BY o.name_key, o.name"
all_pages orgs "" got.txt
sql $DB "$ORG $OORDER" >want.txt
same got.txt want.txt "orgs: API pages"
export_names orgs exp.txt
LC_ALL=C sort got.txt.names >got_sorted.txt
same_names got_sorted.txt exp.txt "orgs: the pages hold the export's rows"
check orgs "&kind=$(enc 党支部)" "$ORG WHERE o.kind = '党支部' $OORDER" "orgs 党支部"
check orgs "&mode=$(enc 联合建)" "$ORG WHERE o.mode = '联合建' $OORDER" "orgs 联合建"
# the tree's top level holds the count of the whole list
req 200 GET "/orgs" -b bj
has "$WORK/body" "共 $(sql $DB 'SELECT count(*) FROM org') 个党组织"

# ---- instructors: by kept ids, against the print view (one statement, by OFFSET) and the export ----
all_pages instructors "" got.txt 7
req 200 GET "/instructors?print=1" -b bj
html_ids instructors >want.txt
same got.txt want.txt "instructors: pages of 7 in the print view's order"
eq "$(wc -l <got.txt)" "$(sql $DB 'SELECT count(*) FROM instructor')" "instructors: every row"
export_names instructors exp.txt
LC_ALL=C sort got.txt.names >got_sorted.txt
same_names got_sorted.txt exp.txt "instructors: the pages hold the export's rows"
for p in 1 2; do
	req 200 GET "/instructors?page=$p" -b bj
	html_ids instructors >page.txt
	sed -n "$(((p - 1) * 50 + 1)),$((p * 50))p" want.txt >want_page.txt
	same page.txt want_page.txt "instructors: HTML page $p"
done

# ---- the pages follow the data ----
# an import renames the last member so that it sorts first (阿 is first in pinyin order)
LASTM=$(sql $DB "SELECT id FROM member ORDER BY name_key DESC, idno DESC LIMIT 1")
LASTI=$(sql $DB "SELECT idno FROM member WHERE id = $LASTM")
"$FGDJ" export orgs --format csv -o orgs.csv --db $DB >/dev/null 2>&1
"$FGDJ" export members --format csv -o mfull.csv --db $DB >/dev/null 2>&1
NAME_LAST=$(sql $DB "SELECT name FROM member WHERE id = $LASTM")
# the export masks ID numbers: put the real one of the row back (the name is that member's)
python3 - "$DB" mfull.csv "$LASTI" "$NAME_LAST" >ren.csv <<'PY' || fail "ren.csv"
import csv, sys
r = csv.reader(open(sys.argv[2], encoding='utf-8-sig')); w = csv.writer(sys.stdout, lineterminator='\n')
h = next(r); w.writerow(h)
i = h.index('公民身份号码')
for row in r:
    if row[0] == sys.argv[4] and row[i][:6] == sys.argv[3][:6] and row[i][-4:] == sys.argv[3][-4:]:
        row[i] = sys.argv[3]; row[0] = '阿阿阿'
        w.writerow(row); break
PY
run 0 "$FGDJ" import members ren.csv --db $DB
req 200 GET "/api/v1/members?limit=1" -b bj
eq "$(ids)" "$LASTM" "after an import the renamed member is first"
# an import adds an organisation that sorts first
ORGN=$(sql $DB "SELECT name FROM org WHERE kind = '党支部' ORDER BY name_key DESC LIMIT 1")
python3 - "$ORGN" >org.csv <<'PY' || fail "org.csv"
import csv, sys
r = csv.reader(open('orgs.csv', encoding='utf-8-sig')); w = csv.writer(sys.stdout, lineterminator='\n')
h = next(r); w.writerow(h)
for row in r:
    if row[0] == sys.argv[1]:
        row[0] = '阿阿阿党支部'; row[h.index('上级党组织')] = ''; row[h.index('覆盖企业')] = ''
        w.writerow(row); break
PY
run 0 "$FGDJ" import orgs org.csv --db $DB
NEWO=$(sql $DB "SELECT id FROM org WHERE name = '阿阿阿党支部'")
req 200 GET "/api/v1/orgs?limit=1&kind=$(enc 党支部)" -b bj
eq "$(ids)" "$NEWO" "after an import the new organisation is first"
# a web edit moves an organisation out of the 党支部 list
MOVED=$(sql $DB "SELECT id FROM org WHERE kind = '党支部' AND parent_id IS NOT NULL ORDER BY name_key LIMIT 1 OFFSET 7")
eq "$(json -X PUT -b bj -H "X-CSRF-Token: $BOSS" -d '{"kind":"党总支"}' "$URL/api/v1/orgs/$MOVED")" 200 "PUT org kind"
HTML_PATH=orgs ROW=orgs
check orgs "&kind=$(enc 党支部)" "$ORG WHERE o.kind = '党支部' $OORDER" "orgs 党支部 after the changes"
req 200 GET "/api/v1/orgs?limit=200&kind=$(enc 党支部)" -b bj
eq "$(ids | grep -cx "$MOVED")" 0 "the edited organisation left the 党支部 pages"
# every page still holds the whole lists in order, with the counts
HTML_PATH=members ROW=members
check members "" "$MEM $MORDER" "members after the changes"
HTML_PATH=orgs ROW=orgs
all_pages orgs "" got.txt
sql $DB "$ORG $OORDER" >want.txt
same got.txt want.txt "orgs after the changes"

# ---- the place pickers (kept per scope and state) follow the places at once ----
req 200 GET /members -b bj
has "$WORK/body" "<optgroup label=\"$STREET\""
hasnt "$WORK/body" ">测试新社区</option>"
ZONE=$(sql $DB "SELECT z.name FROM zone z WHERE EXISTS (SELECT 1 FROM enterprise e WHERE e.zone_id = z.id) ORDER BY z.id LIMIT 1")
ZKIND=$(sql $DB "SELECT kind FROM zone WHERE name = '$ZONE'")
req 200 GET /enterprises -b bj
has "$WORK/body" ">$ZONE（$ZKIND）</option>"
run 0 "$FGDJ" place add community "$STREET" 测试新社区 --db $DB
run 0 "$FGDJ" place rename 区域 "$ZONE" 测试新区域 --db $DB
req 200 GET /members -b bj
has "$WORK/body" ">测试新社区</option>"
req 200 GET /enterprises -b bj
has "$WORK/body" ">测试新社区</option>"
has "$WORK/body" ">测试新区域（$ZKIND）</option>"
hasnt "$WORK/body" ">$ZONE（$ZKIND）</option>"
# a chosen street lists its own communities only, the new one selected when asked for
NEWC=$(sql $DB "SELECT id FROM region WHERE name = '测试新社区'")
req 200 GET "/members?street=$SID&community=$NEWC" -b bj
has "$WORK/body" "<option value=\"$NEWC\" selected>测试新社区</option>"
eq "$(grep -o '<optgroup' "$WORK/body" | wc -l)" 1 "a chosen street: its group alone"

finish
