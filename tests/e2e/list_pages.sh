#!/bin/sh
# Paging of the enterprise list (pages by kept sort keys, store/query.c) on the district demo
# (≈ 5,000 enterprises, 100 pages): every page of the API, and page 1, a middle page and the last
# page of the HTML list, hold exactly the rows of the whole list in pinyin order (the order of the
# stored sort key, as sqlite3 sorts it, the set as the export has it): no row twice, none missing.
# The same for a street, a search (by key range and by kept ids), a street reader's scope; after
# an import and a web edit the pages and the counts follow at once (the kept keys belong to the
# old state).
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

DB=d.db
fgdj_demo --scale district --seed 3 --db $DB >/dev/null || fail "demo"
STREET=$(sql $DB "SELECT name FROM region WHERE level = 'street' ORDER BY id LIMIT 1")
SID=$(sql $DB "SELECT id FROM region WHERE level = 'street' ORDER BY id LIMIT 1")
add_user boss admin
add_user st street "$STREET"
start_server $DB
api_login boss bj
BOSS=$CSRF
api_login st sj

usccs() { grep -o '"uscc":"[^"]*"' "$WORK/body" | sed 's/"uscc":"\(.*\)"/\1/'; }
total() { sed -n 's/^{"total":\([0-9]*\),.*/\1/p' "$WORK/body"; }
# all_pages JAR QUERY OUT [SIZE]: every page of SIZE (50) through the API, concatenated into OUT.
all_pages() {
	: >"$3"
	off=0
	while :; do
		req 200 GET "/api/v1/enterprises?limit=${4:-50}&offset=$off$2" -b "$1"
		usccs >>"$3"
		n=$(total)
		off=$((off + ${4:-50}))
		[ "$off" -lt "$n" ] || break
	done
}
# same FILE EXPECTED-FILE WHAT: same lines in the same order, and no line twice.
same() {
	if cmp -s "$1" "$2"; then ok; else fail "$3: $(diff "$1" "$2" | head -5 | tr '\n' ' ')"; fi
	eq "$(sort "$1" | uniq -d | wc -l)" 0 "$3: no row twice"
}

# ---- the whole district ----
sql $DB "SELECT uscc FROM enterprise ORDER BY name_key, uscc" >want.txt
N=$(wc -l <want.txt)
[ "$N" -gt 1000 ] && ok || fail "the demo has enough enterprises ($N)"
"$FGDJ" export enterprises --format csv -o ents.csv --db $DB || fail "export"
tail -n +2 ents.csv | cut -d, -f1 | sort >export.txt
eq "$(sort want.txt | cmp - export.txt && echo same)" same "the expected rows are the exported ones"
all_pages bj "" got.txt
same got.txt want.txt "API pages of the district"
eq "$(total)" "$N" "the count"
# pages of 130 (more than a page by ids takes: read as key ranges that start inside a kept page)
all_pages bj "" got.txt 130
same got.txt want.txt "API pages of 130"
# HTML: page 1, a middle page and the last page
LAST=$(((N + 49) / 50))
MID=$((LAST / 2))
for p in 1 $MID $LAST; do
	req 200 GET "/enterprises?page=$p" -b bj
	grep -o '</a></td><td><code>[^<]*</code>' "$WORK/body" | sed 's/.*<code>\(.*\)<\/code>/\1/' >page.txt
	sed -n "$(((p - 1) * 50 + 1)),$((p * 50))p" want.txt >want_page.txt
	same page.txt want_page.txt "HTML page $p"
	has "$WORK/body" "第 $p / $LAST 页"
done
# API with offsets that are not page starts, and a longer limit
req 200 GET "/api/v1/enterprises?limit=120&offset=75" -b bj
usccs >got.txt
sed -n 76,195p want.txt >want_page.txt
same got.txt want_page.txt "limit 120 offset 75"
req 200 GET "/api/v1/enterprises?limit=50&offset=$N" -b bj
eq "$(usccs | wc -l) $(total)" "0 $N" "past the end: nothing, the count still"

# ---- a street: the filter, and a street reader's own scope ----
sql $DB "SELECT e.uscc FROM enterprise e JOIN region c ON c.id = e.community_id WHERE c.parent_id = $SID
	ORDER BY e.name_key, e.uscc" >want.txt
all_pages bj "&region=$(printf '%s' "$STREET" | od -An -tx1 | tr -d ' \n' | sed 's/../%&/g')" got.txt
same got.txt want.txt "API pages of one street"
all_pages sj "" got.txt
same got.txt want.txt "a street reader's pages"
OTHER=$(sql $DB "SELECT e.uscc FROM enterprise e JOIN region c ON c.id = e.community_id WHERE c.parent_id <> $SID LIMIT 1")
ONAME=$(sql $DB "SELECT name FROM enterprise WHERE uscc = '$OTHER'")
req 200 GET "/api/v1/enterprises?limit=50" -b sj -G --data-urlencode "q=$ONAME"
eq "$(usccs | grep -c "$OTHER")" 0 "a street reader does not find another street's enterprise by its name"
req 200 GET "/api/v1/enterprises?limit=50" -b sj -G --data-urlencode "q=$OTHER"
eq "$(total)" 0 "nor by its credit code"

# ---- a search: a substring of names (the truth: LIKE on the name) ----
sql $DB "SELECT uscc FROM enterprise WHERE name LIKE '%科技%' ORDER BY name_key, uscc" >want.txt
all_pages bj "&q=%E7%A7%91%E6%8A%80" got.txt
same got.txt want.txt "API pages of q=科技"
[ "$(wc -l <want.txt)" -gt 100 ] && ok || fail "q=科技 has more than two pages"

# ---- the pages follow the data: an import and a web edit ----
req 200 GET "/api/v1/enterprises?limit=1" -b bj
FIRST=$(usccs)
# an import renames the last enterprise so that it sorts first (阿 is first in pinyin order)
LASTU=$(sql $DB "SELECT uscc FROM enterprise ORDER BY name_key DESC, uscc DESC LIMIT 1")
cat >ren.py <<'EOF'
import csv, sys
r = csv.reader(open('ents.csv', encoding='utf-8-sig')); w = csv.writer(sys.stdout, lineterminator='\n')
w.writerow(next(r))
for row in r:
    if row[0] == sys.argv[1]:
        row[1] = '阿阿阿测试有限公司'
        w.writerow(row)
EOF
python3 ren.py "$LASTU" >ren.csv || fail "ren.csv"
run 0 "$FGDJ" import enterprises ren.csv --db $DB
req 200 GET "/api/v1/enterprises?limit=1" -b bj
eq "$(usccs)" "$LASTU" "after an import the renamed enterprise is first"
req 200 GET "/api/v1/enterprises?limit=50" -b bj -G --data-urlencode "q=aaa"
eq "$(usccs | head -1)" "$LASTU" "and found by its new pinyin"
# a web edit renames it back to the end
eq "$(json -X PUT -b bj -H "X-CSRF-Token: $BOSS" -d '{"name":"左左左测试有限公司"}' "$URL/api/v1/enterprises/$LASTU")" 200 "PUT"
req 200 GET "/api/v1/enterprises?limit=1" -b bj
eq "$(usccs)" "$FIRST" "after a web edit the first row is the old first again"
req 200 GET "/api/v1/enterprises?limit=500" -b bj -G --data-urlencode "q=zzzcs"
eq "$(usccs | grep -c "$LASTU")" 1 "found by the edited pinyin"
req 200 GET "/api/v1/enterprises?limit=50" -b bj -G --data-urlencode "q=aaace"
eq "$(total)" 0 "not by the old one"
# every page still holds the whole list in order
sql $DB "SELECT uscc FROM enterprise ORDER BY name_key, uscc" >want.txt
all_pages bj "" got.txt
same got.txt want.txt "API pages after the changes"

finish
