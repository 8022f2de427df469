#!/bin/sh
# Paging of the party-work lists by walks of their order (store/query.c party_page, PK_PARTY in
# store/query.c) on the district demo: every page of the API holds exactly the rows of the whole
# list in the order sqlite3 sorts them by the list's own columns, the count is the list's, the
# HTML list's first and last page hold their slices; a street sees its part only (the scope still
# in each page's statement); a new record shows at once on page 1 and in the count.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

DB=d.db
fgdj_demo --scale district --seed 3 --db $DB >/dev/null || fail "demo"
STREET=$(sql $DB "SELECT name FROM region WHERE level = 'street' ORDER BY id LIMIT 1")
SID=$(sql $DB "SELECT id FROM region WHERE level = 'street' ORDER BY id LIMIT 1")
add_user boss admin
add_user east street "$STREET"
start_server $DB
api_login boss bj
BOSS=$CSRF
api_login east ej

enc() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n' | sed 's/../%&/g'; }
ids() { grep -o '{"id":[0-9]*' "$WORK/body" | sed 's/{"id"://'; }
total() { sed -n 's/^{"total":\([0-9]*\),.*/\1/p' "$WORK/body"; }
html_ids() { grep -o "<tr><td><a href=\"/$1/[0-9]*\"" "$WORK/body" | sed 's/.*\/\([0-9]*\)"/\1/'; }
# all_pages LIST QUERY OUT SIZE JAR: the row ids of every API page of SIZE into OUT.
all_pages() {
	: >"$3"
	off=0
	while :; do
		req 200 GET "/api/v1/$1?limit=$4&offset=$off$2" -b "$5"
		ids >>"$3"
		n=$(total)
		off=$((off + $4))
		[ "$off" -lt "$n" ] || break
	done
}
same() {
	if cmp -s "$1" "$2"; then ok; else fail "$3: $(diff "$1" "$2" | head -5 | tr '\n' ' ')"; fi
	eq "$(sort "$1" | uniq -d | wc -l)" 0 "$3: no row twice"
}
# check LIST QUERY SQL WHAT [JAR]: API pages of 500 and of 50 (the first ten) against SQL; the
# count; HTML page 1 and the last page.
check() {
	jar=${5:-bj}
	sql $DB "$3" >want.txt
	n=$(wc -l <want.txt)
	[ "$n" -gt 0 ] || fail "$4: the reference lists no row"
	all_pages "$1" "$2" got.txt 500 "$jar"
	same got.txt want.txt "$4: API pages of 500"
	eq "$(total)" "$n" "$4: the count"
	: >got50.txt
	for off in 0 50 100 150 200 250 300 350 400 450; do
		req 200 GET "/api/v1/$1?limit=50&offset=$off$2" -b "$jar"
		ids >>got50.txt
	done
	head -500 want.txt >want50.txt
	same got50.txt want50.txt "$4: API pages of 50"
	last=$(((n + 49) / 50))
	for p in 1 $last; do
		req 200 GET "/$1?page=$p$2" -b "$jar"
		html_ids "$1" >page.txt
		sed -n "$(((p - 1) * 50 + 1)),$((p * 50))p" want.txt >want_page.txt
		same page.txt want_page.txt "$4: HTML page $p"
	done
}

MEET="SELECT mt.id FROM meeting mt JOIN org o ON o.id = mt.org_id"
MORDER="ORDER BY mt.date DESC, o.name_key, mt.kind, mt.topic"
check meetings "" "$MEET $MORDER" "meetings"
check meetings "&kind=$(enc 党课)" "$MEET WHERE mt.kind = '党课' $MORDER" "meetings 党课"
# the street's organisations: its own or its communities', or covering (active) an enterprise there
INSTREET="(SELECT id FROM region WHERE id = $SID OR parent_id = $SID)"
check meetings "" "$MEET WHERE o.street_id IN $INSTREET OR o.community_id IN $INSTREET OR EXISTS (SELECT 1
	FROM coverage cv JOIN enterprise e ON e.id = cv.enterprise_id WHERE cv.org_id = o.id AND cv.end_date IS NULL
	AND e.community_id IN $INSTREET) $MORDER" "meetings of a street" ej
check dues "&month=2026-03" "SELECT du.id FROM dues du JOIN member m ON m.id = du.member_id WHERE du.month = 202603
	ORDER BY du.month DESC, m.name_key, m.idno" "dues of a month"
check study "" "SELECT st.id FROM study st JOIN member m ON m.id = st.member_id ORDER BY st.date DESC, m.name_key,
	st.content" "study"
check tasks "" "SELECT tk.id FROM task tk JOIN campaign cp ON cp.id = tk.campaign_id JOIN enterprise e ON
	e.id = tk.enterprise_id JOIN region c ON c.id = e.community_id ORDER BY cp.start_date DESC, cp.name, c.parent_id,
	c.id, e.name_key" "tasks"

# ---- a write shows at once: the new meeting on its page, the count one more ----
req 200 GET "/api/v1/meetings?limit=1" -b bj
N0=$(total)
ORG=$(sql $DB "SELECT name FROM org ORDER BY id LIMIT 1")
st=$(json -b bj -H "X-CSRF-Token: $BOSS" -X POST "$URL/api/v1/meetings" \
	-d "{\"org\":\"$ORG\",\"kind\":\"党课\",\"date\":\"2026-11-25\",\"topic\":\"最新一次党课\"}")
eq "$st" 201 "a new meeting"
NEWM=$(sql $DB "SELECT id FROM meeting WHERE topic = '最新一次党课'")
AT=$(sql $DB "$MEET $MORDER" | grep -nx "$NEWM" | cut -d: -f1)
PAGE=$(((AT + 49) / 50))
req 200 GET "/api/v1/meetings?limit=50&offset=$(((PAGE - 1) * 50))" -b bj
eq "$(total) $(ids | grep -cx "$NEWM")" "$((N0 + 1)) 1" "the new meeting on its API page, the count one more"
req 200 GET "/meetings?page=$PAGE" -b bj
eq "$(html_ids meetings | grep -cx "$NEWM")" 1 "the HTML list shows it on its page"
check meetings "" "$MEET $MORDER" "meetings after the write"

finish
