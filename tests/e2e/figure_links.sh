#!/bin/sh
# Every dashboard figure opens exactly the list it counts. On the demo database, for the district
# and for one street: each figure of the cards (value and the figures under it) links to a list
# whose count (page "共 N 条" and API "total") is the card's number and the figure of
# `fgdj stats --format json`; a rate's list is its numerator, and the rate of the numerator's and
# the denominator's lists is the card's rate. The district's by-street table links each count to
# the street's list with the same count. A predicate of the list that drifts from the statistics'
# (core/metrics.h metrics_ent_sets, MEMBER_COUNTED) fails here.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

DB=d.db
run 0 fgdj_demo --db $DB --seed 3
STREET=$(sql $DB "SELECT name FROM region WHERE level = 'street' ORDER BY id LIMIT 1")
STREET_ID=$(sql $DB "SELECT id FROM region WHERE level = 'street' ORDER BY id LIMIT 1")
add_user boss admin
add_user st viewer "$STREET"
start_server $DB
api_login boss bj
api_login st sj

# count LIST_HREF JAR: the count of a list page ("共 N 条").
count() {
	curl -s -b "$2" "$URL$1" | sed -n 's/.*<span>共 \([0-9]*\) 条.*/\1/p' | head -1
}

# api_count LIST_HREF JAR: the same list from the API (cov=K as coverage=NAME), its total.
api_count() {
	path=${1%%\?*}
	q=${1#*\?}
	[ "$q" = "$1" ] && q=
	q=$(printf '%s' "$q" | sed -e 's/cov=1/coverage=%E6%9C%AA%E8%A6%86%E7%9B%96/' -e 's/cov=2/coverage=%E5%8D%95%E7%8B%AC%E5%BB%BA/' \
		-e 's/cov=3/coverage=%E8%81%94%E5%90%88%E5%BB%BA/' -e 's/cov=4/coverage=%E6%8C%82%E9%9D%A0%E5%BB%BA/')
	curl -s -b "$2" "$URL/api/v1$path?$q&limit=1" | sed -n 's/.*"total":\([0-9]*\).*/\1/p'
}

# jv FILE KEY: a figure of fgdj stats --format json.
jv() { sed -n "s/^  \"$2\": \\([0-9.-]*\\).*/\\1/p" "$1"; }

# rate NUM DEN: metrics_rate in tenths written as the cards write it (66.7).
rate() { awk -v n="$1" -v d="$2" 'BEGIN { t = int((n * 2000 + d) / (2 * d)); printf "%d.%d", t / 10, t % 10 }'; }

# The figures the cards show, their stats key and the list a rate is the share of (its denominator).
KEYS='“三有”企业|enterprises_in_scope|
企业总数|enterprises_total|
在营企业|enterprises_operating|
组织覆盖率|org_coverage_rate|/enterprises?in_scope=1
单独建覆盖企业|enterprises_covered_single|
联合建覆盖企业|enterprises_covered_joint|
挂靠建覆盖企业|enterprises_covered_affiliated|
未覆盖企业|enterprises_uncovered|
单独组建率|single_rate|/enterprises?in_scope=1
应建尽建率|required_single_rate|/enterprises?in_scope=1&required_single=1
应单独建立党组织的企业|enterprises_required_single|
应建未建企业|enterprises_unbuilt|
工作覆盖率|work_coverage_rate|/enterprises?in_scope=1
有指导员的企业|enterprises_with_instructor|
五清完整率|ledger_complete_rate|/enterprises?in_scope=1
党员亮身份比例|disclosed_rate|=
正式党员|members_formal|
亮明身份的党员|members_disclosed|'

# check_scope JAR STATS_JSON: every linked figure of the cards against its list and the JSON.
check_scope() {
	jar=$1 js=$2
	curl -s -b "$jar" "$URL/" >home.html
	# value and label of a card; label and number of a figure under it — each with its link
	{
		grep -o '<div class="card"><a href="[^"]*"><span class="value">[^<]*</span><span class="label">[^<]*</span></a>' home.html |
			sed 's|.*<a href="\([^"]*\)"><span class="value">\([^<]*\)</span><span class="label">\([^<]*\)</span></a>|\1\t\3\t\2|'
		grep -o '<div class="sub"><a href="[^"]*">[^<]* <span class="num">[^<]*</span></a>' home.html |
			sed 's|.*<a href="\([^"]*\)">\([^<]*\) <span class="num">\([^<]*\)</span></a>|\1\t\2\t\3|'
	} | sed 's/&amp;/\&/g' | grep -E '^/(enterprises|members)' >figs.tsv
	n=0
	while IFS='	' read -r href label value; do
		line=$(printf '%s\n' "$KEYS" | grep -F "$label|" | head -1)
		[ -n "$line" ] || { fail "$label: a linked figure the test does not know"; continue; }
		key=$(printf '%s' "$line" | cut -d'|' -f2)
		den=$(printf '%s' "$line" | cut -d'|' -f3)
		want=$(jv "$js" "$key")
		listed=$(count "$href" "$jar")
		eq "$(api_count "$href" "$jar")" "$listed" "$label: the API list $href"
		if [ -n "$den" ]; then
			eq "$value" "$want%" "$label: the card and fgdj stats"
			# 亮身份: of the formal and probationary members (no list holds both)
			if [ "$den" = "=" ]; then d=$(($(jv "$js" members_formal) + $(jv "$js" members_probationary))); else d=$(count "$den" "$jar"); fi
			eq "$(rate "$listed" "$d")" "$want" "$label: the rate of its lists $href ÷ $den"
		else
			eq "$value" "$want" "$label: the card and fgdj stats"
			eq "$listed" "$value" "$label: the list $href"
		fi
		n=$((n + 1))
	done <figs.tsv
	[ "$n" -ge 17 ] && ok || fail "only $n linked figures on the dashboard"
}

# jm FILE KEY: a money figure of fgdj stats --format json (a string of 元 with two decimals).
jm() { sed -n "s/^  \"$2\": \"\\([0-9.]*\\)\".*/\\1/p" "$1"; }

# check_sets JAR STATS_JSON: every party-work figure of the cards opens /figures/KEY, the records
# the figure counts: the page's count is the card's and fgdj stats' figure (a money figure: the
# page's 合计; a rate: its numerator's list over the denominator's figure).
check_sets() {
	jar=$1 js=$2
	curl -s -b "$jar" "$URL/" >home.html
	{
		grep -o '<div class="card"><a href="/figures/[^"]*"><span class="value">[^<]*</span>' home.html |
			sed 's|.*<a href="/figures/\([^"]*\)"><span class="value">\([^<]*\)</span>|card\t\1\t\2|'
		grep -o '<div class="sub"><a href="/figures/[^"]*">[^<]* <span class="num">[^<]*</span></a>' home.html |
			sed 's|.*<a href="/figures/\([^"]*\)">[^<]* <span class="num">\([^<]*\)</span></a>|sub\t\1\t\2|'
	} >sets.tsv
	n=0
	while IFS='	' read -r where key value; do
		curl -s -b "$jar" "$URL/figures/$key" >fig.html
		listed=$(sed -n 's/.*<span>共 \([0-9]*\) 条.*/\1/p' fig.html | head -1)
		case $key in
		venues_standard)
			if [ "$where" = card ]; then # the card is the rate; its link lists the numerator
				eq "$value" "$(jv "$js" venue_standard_rate)%" "venue_standard_rate: the card"
				eq "$(rate "$listed" "$(jv "$js" orgs_total)")" "$(jv "$js" venue_standard_rate)" "venue_standard_rate: its list over orgs_total"
			else
				eq "$listed" "$(jv "$js" venues_standard)" "venues_standard: the list"
			fi ;;
		funding_awards | funding_subsidies)
			sum=$(sed -n 's/.*，合计 \([0-9.]*\) 元。.*/\1/p' fig.html)
			eq "$sum" "$(jm "$js" "$key")" "$key: the list's sum and fgdj stats"
			eq "$(grep -c '<td class="num">' fig.html)" "$(if [ "$listed" -gt 100 ]; then echo 100; else echo "$listed"; fi)" "$key: a sum per organisation" ;;
		*)
			eq "$value" "$(jv "$js" "$key")" "$key: the card and fgdj stats"
			eq "$listed" "$value" "$key: the list /figures/$key" ;;
		esac
		n=$((n + 1))
	done <sets.tsv
	[ "$n" -ge 14 ] && ok || fail "only $n party-work figures linked on the dashboard"
}

run 0 "$FGDJ" stats --db $DB --format json
cp out district.json
check_scope bj district.json
check_sets bj district.json
run 0 "$FGDJ" stats --db $DB --format json --region "$STREET"
cp out street.json
check_scope sj street.json
check_sets sj street.json
# the street's figures are not the district's (the lists are scoped, not the whole district)
[ "$(jv street.json enterprises_in_scope)" -lt "$(jv district.json enterprises_in_scope)" ] && ok || fail "street smaller than the district"

# The district's by-street table: each count of the street's row opens the street's list with it.
curl -s -b bj "$URL/" >home.html
has home.html '<details class="by-group"><summary>按街道统计'
grep "<tr><th scope=\"row\">$STREET</th>" home.html | grep -o '<td class="num"><a href="[^"]*">[0-9]*</a></td>' |
	sed 's|<td class="num"><a href="\([^"]*\)">\([0-9]*\)</a></td>|\1\t\2|' | sed 's/&amp;/\&/g' >row.tsv
m=0
while IFS='	' read -r href value; do
	case $href in *"street=$STREET_ID"*) ok ;; *) fail "$href: not the street's list" ;; esac
	eq "$(count "$href" bj)" "$value" "by-street table: $href"
	m=$((m + 1))
done <row.tsv
[ "$m" -ge 7 ] && ok || fail "only $m linked counts in the street's row"
# the uncovered count of the street's row is the street's own figure
eq "$(count "/enterprises?in_scope=1&cov=1&street=$STREET_ID" bj)" "$(jv street.json enterprises_uncovered)" "street uncovered"

# this year against last: the district's five coverage rates a year before (computed by the server
# from the plan's facts, without the party-work records) are fgdj stats --as-of that day's
run 0 "$FGDJ" stats --db $DB --format json --as-of 2025-11-26
cp out prev.json
grep -o '<li class="prev"><span class="pair"><span class="bar-label">上年同期</span><span class="num">[0-9.]*%' home.html |
	sed 's/.*"num">//' >prev.txt
k=0
for key in org_coverage_rate single_rate required_single_rate work_coverage_rate ledger_complete_rate; do
	k=$((k + 1))
	eq "$(sed -n "${k}p" prev.txt)" "$(jv prev.json $key)%" "the year-before $key of the comparison chart"
done
eq "$(wc -l <prev.txt)" 5 "five year-before rates"

# the list shows its filter: the checkboxes of the sets asked for are ticked
req 200 GET '/enterprises?in_scope=1&unbuilt=1' -b bj
has "$WORK/body" 'name="in_scope" value="1" checked'
has "$WORK/body" 'name="unbuilt" value="1" checked'
req 200 GET '/members?formal=1' -b sj
has "$WORK/body" 'name="formal" value="1" checked'

# The sets by an independent path: the district's 党员示范岗 in force on today are the designations
# of that kind granted by today and not revoked by then (every enterprise is the district's).
req 200 GET /figures/designations_model_post -b bj
eq "$(sed -n 's/.*<span>共 \([0-9]*\) 条.*/\1/p' "$WORK/body" | head -1)" \
	"$(sql $DB "SELECT count(*) FROM designation WHERE kind = '党员示范岗' AND granted <= '$FGDJ_TODAY' AND (revoked IS NULL OR revoked > '$FGDJ_TODAY')")" \
	"designations_model_post: the designations in force"
# the street's five-star organisations are the district's ones the street user can open
req 200 GET /figures/orgs_star_5 -b sj
hasnt "$WORK/body" '不在您的工作范围内'
# exported: the orgs ledger's XLSX holding exactly those organisations, logged like any export
LISTED=$(sed -n 's/.*<span>共 \([0-9]*\) 条.*/\1/p' "$WORK/body" | head -1)
has "$WORK/body" 'href="/figures/orgs_star_5/export.xlsx?'
curl -s -b sj -o star5.xlsx "$URL/figures/orgs_star_5/export.xlsx"
eq "$(python3 -c "import sys,zipfile,re; z=zipfile.ZipFile(sys.argv[1]); print(len(re.findall(r'<row ', z.read('xl/worksheets/sheet1.xml').decode())) - 1)" star5.xlsx)" \
	"$LISTED" "the export of /figures/orgs_star_5 holds its organisations"
has "$(sql $DB "SELECT new FROM history WHERE tbl = 'export' ORDER BY id DESC LIMIT 1" >last.txt; echo last.txt)" '统计数字：五星级党组织'
req 404 GET /figures/enterprises_total -b bj
req 404 GET /figures/nothing -b bj
finish
