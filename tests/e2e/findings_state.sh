#!/bin/sh
# Findings carry a follow-up state (docs/party-work.md, "Findings and their follow-up"): a stable
# key per finding; the state set on the command line (fgdj finding set), by the /findings form and
# by the API, each change one transaction with its history entry; shown in fgdj check, the page,
# the API, the XLSX and the dashboard; kept across a recomputation; a community user cannot change
# a finding outside its scope; read-only users see the state without a form.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

DB=d.db
import_district $DB
# ref_of RULE: the ref of the rule's first finding (fgdj check --format json).
ref_of() {
	"$FGDJ" check --format json --db $DB | python3 -c "
import json, sys
print(next(f['ref'] for f in json.load(sys.stdin)['findings'] if f['rule'] == sys.argv[1]))" "$1"
}
NEED=$(ref_of need_single)   # 和平物流 (东城街道/和平社区)
GAP=$(ref_of ledger_gap)     # 未建商贸 (东城街道/幸福社区)
[ -n "$NEED" ] && [ -n "$GAP" ] && ok || fail "refs of the findings"

# ---- the key: rule and the subject's natural key, masked in the JSON; the ref its digest ----
run 1 "$FGDJ" check --format json --db $DB
has out '"key": "need_single/91330106MA2000342T"'
has out '"key": "lost_contact/330106********0473"'
has out '"street": "东城街道"'
has out '"community": "和平社区"'
has out '"state": "todo"'
hasnt out "330106197"
run 1 "$FGDJ" check --db $DB
has out "［编号 $NEED］"
hasnt out "〔"

# ---- the command line: by ref, and by the full key (an ID number: the command line may) ----
run 0 "$FGDJ" finding set "$NEED" 整改中 --note 已约谈企业负责人 --db $DB
has out "need_single/91330106MA2000342T"
has out "整改中"
run 0 "$FGDJ" finding set lost_contact/330106198312240473 不适用 --note 已查明在外地务工 --db $DB
run 2 "$FGDJ" finding set "$NEED" 差不多了 --db $DB
has err "应为 待整改、整改中、已整改 或 不适用"
run 2 "$FGDJ" finding set 0123456789abcdef 整改中 --db $DB
has err "没有编号或键为"
run 1 "$FGDJ" check --db $DB
has out "应单独建立党组织〔整改中：2026-11-26 "
has out "，已约谈企业负责人〕"
has out "〔不适用："
eq "$(sql $DB "select state || '|' || note from finding_state where key = 'need_single/91330106MA2000342T'")" \
	"doing|已约谈企业负责人" "state stored by key"
eq "$(sql $DB "select count(*) from history where tbl = 'finding' and op = 'insert' and source = 'cli'")" 2 \
	"each change leaves a history entry"
# the same change again writes nothing (no second entry)
run 0 "$FGDJ" finding set "$NEED" 整改中 --note 已约谈企业负责人 --db $DB
eq "$(sql $DB "select count(*) from history where tbl = 'finding'")" 2 "an unchanged state is no change"

# ---- the key is stable: the findings computed again after a re-import keep their states ----
run 0 "$FGDJ" import members "$FIX/district/members.csv" --db $DB
run 0 "$FGDJ" import enterprises "$FIX/district/enterprises.csv" --db $DB
run 1 "$FGDJ" check --db $DB
has out "〔整改中："
eq "$(ref_of need_single)" "$NEED" "the ref is the same after a recomputation"

# ---- the web ----
add_user boss admin
add_user hp community 和平社区
add_user view viewer
add_user dc street 东城街道
start_server $DB
api_login boss bj
BOSS=$CSRF
api_login hp hj
HP=$CSRF
api_login view vj
api_login dc dj

req 200 GET /findings -b bj
has "$WORK/body" '<a href="/enterprises/91330106MA2000342T">和平物流有限公司（91330106MA2000342T）</a>'
has "$WORK/body" "<td>东城街道</td><td>和平社区</td>"
has "$WORK/body" "整改中"
has "$WORK/body" "已约谈企业负责人"
has "$WORK/body" 'action="/findings/state"'
has "$WORK/body" "name=\"ref\" value=\"$NEED\""
has "$WORK/body" '<a href="/members/'
hasnt "$WORK/body" "330106198"
# filters: by state and by rule, with the place filter of the scope
req 200 GET '/findings?state=na' -b bj
has "$WORK/body" "已查明在外地务工"
hasnt "$WORK/body" "已约谈企业负责人"
req 200 GET '/findings?state=doing&rule=need_single&region=东城街道/和平社区' -b bj
has "$WORK/body" "和平物流有限公司"
hasnt "$WORK/body" "未建商贸有限公司（91330106MA2000836J）："
req 400 GET '/findings?state=maybe' -b bj

# the form of a community user, on a finding of its community
req 303 POST /findings/state -b hj --data-urlencode "csrf=$HP" --data-urlencode "ref=$NEED" \
	--data-urlencode state=done --data-urlencode "note=已单独建立党支部" \
	--data-urlencode "back=region=&as_of=2026-11-26&state=open"
case "$(header Location)" in "/findings?region=&as_of=2026-11-26&state=open#f-$NEED") ok ;;
*) fail "redirect back to the list: $(header Location)" ;; esac
eq "$(sql $DB "select state || '|' || note || '|' || who from finding_state where key = 'need_single/91330106MA2000342T'")" \
	"done|已单独建立党支部|web:hp" "the form's change"
eq "$(sql $DB "select op || '|' || source from history where tbl = 'finding' order by id desc limit 1")" "update|web" \
	"the form's history entry"
req 200 GET /findings -b hj
has "$WORK/body" "已整改（仍被检出）"
# …but not on one outside it: refused, nothing written
N=$(sql $DB "select count(*) from history")
req 404 POST /findings/state -b hj --data-urlencode "csrf=$HP" --data-urlencode "ref=$GAP" --data-urlencode state=done
json -b hj -H "X-CSRF-Token: $HP" -X POST -d "{\"ref\":\"$GAP\",\"state\":\"done\"}" "$URL/api/v1/findings" >code
eq "$(cat code)" 404 "API: a finding outside the scope"
json -b hj -H "X-CSRF-Token: $HP" -X POST -d '{"key":"ledger_gap/91330106MA2000836J","state":"done"}' "$URL/api/v1/findings" >code
eq "$(cat code)" 404 "API by key: a finding outside the scope"
eq "$(sql $DB "select count(*) from finding_state where key like 'ledger_gap/%'")" 0 "nothing written outside the scope"
eq "$(sql $DB "select count(*) from history")" "$N" "no history entry for a refusal"
# read-only: sees the states, no form, may not post
req 200 GET /findings -b vj
has "$WORK/body" "已整改（仍被检出）"
hasnt "$WORK/body" 'action="/findings/state"'
req 403 POST /findings/state -b vj --data-urlencode "ref=$NEED" --data-urlencode state=todo

# ---- the API: PUT a state, then the list with key, state, note, person, date ----
json -b bj -H "X-CSRF-Token: $BOSS" -X PUT -d "{\"ref\":\"$GAP\",\"state\":\"整改中\",\"note\":\"已通知补录\"}" \
	"$URL/api/v1/findings" >code
eq "$(cat code)" 200 "API PUT"
has "$WORK/body" '"state":"doing"'
json -b bj -H "X-CSRF-Token: $BOSS" -X POST -d "{\"ref\":\"$GAP\",\"state\":\"someday\"}" "$URL/api/v1/findings" >code
eq "$(cat code)" 400 "API: an unknown state"
req 200 GET '/api/v1/findings?state=doing' -b bj
has "$WORK/body" '"key": "ledger_gap/91330106MA2000836J"'
has "$WORK/body" '"note": "已通知补录"'
has "$WORK/body" '"person": "web:boss"'
has "$WORK/body" '"date": "2026-11-26"'
has "$WORK/body" '"total": 1'
req 200 GET /api/v1/findings -b bj
has "$WORK/body" '"key": "lost_contact/330106********0473"'
has "$WORK/body" '"state_label": "已整改（仍被检出）"'
has "$WORK/body" '"open": 5'
hasnt "$WORK/body" "330106198"
# the API is still fgdj check --format json, byte for byte
"$FGDJ" check --format json --db $DB >cli.json
cmp -s cli.json "$WORK/body" && ok || fail "findings API differs from fgdj check --format json"

# ---- the dashboard: the open findings of the scope, linking to the list ----
req 200 GET / -b bj
has "$WORK/body" '<div class="value">5</div><div class="label"><a href="/findings?state=open">未完成整改的检查发现'
has "$WORK/body" "标为已整改但仍被检出"
grep -o '<li><a href="/findings?rule=[a-z_]*&amp;state=open"><span class="bar-label">[^<]*</span><span class="num">[0-9]*</span>' \
	"$WORK/body" | sed 's|.*rule=\([a-z_]*\)&amp;.*<span class="num">\([0-9]*\)</span>|\1 \2|' >bars.txt
req 200 GET '/findings?state=open' -b bj
has "$WORK/body" "符合筛选条件的 5 条"
# the chart beside the cards: the open findings by rule, each bar the count of the list it opens
sum=0
while read -r rule n; do
	req 200 GET "/findings?rule=$rule&state=open" -b bj
	has "$WORK/body" "符合筛选条件的 $n 条"
	sum=$((sum + n))
done <bars.txt
eq "$sum" 5 "the chart's bars add up to the open findings"

# ---- the XLSX: the filtered list with its states, masked, recorded as an export ----
req 200 GET '/findings.xlsx?state=&rule=' -b bj
cp "$WORK/body" all.xlsx
python3 - all.xlsx >xlsx.txt <<'PY' || fail "read the XLSX"
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
text = z.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in names else ""
text += z.read("xl/worksheets/sheet1.xml").decode()
print(re.sub(r"<[^>]+>", "\n", text))
PY
has xlsx.txt "整改状态"
has xlsx.txt "已整改（仍被检出）"
has xlsx.txt "已单独建立党支部"
has xlsx.txt "不适用"
has xlsx.txt "lost_contact/330106********0473"
hasnt xlsx.txt "330106198"
eq "$(sql $DB "select count(*) from history where tbl = 'export' and key = 'findings'")" 1 "the export recorded"
req 200 GET '/findings.xlsx?state=na' -b bj
cp "$WORK/body" na.xlsx
python3 - na.xlsx >na.txt <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
text = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/sharedStrings") or n.startswith("xl/worksheets/"))
print(re.sub(r"<[^>]+>", "\n", text))
PY
has na.txt "已查明在外地务工"
hasnt na.txt "已通知补录"

# ---- the history: readable and masked ----
req 200 GET '/api/v1/history?tbl=finding' -b bj
has "$WORK/body" "lost_contact/330106********0473"
has "$WORK/body" "已查明在外地务工"
hasnt "$WORK/body" "330106198"
req 200 GET '/history?tbl=finding' -b bj
has "$WORK/body" "检查发现整改"

# ---- kept pages (web/cache.h): per scope, computed again after any write ----
# a district user fills the cache for 东城街道 first; the street user reads the same region from it:
# only its own street's findings and places, no district-wide choice
req 200 GET "/findings?region=$(printf 东城街道 | od -An -tx1 | tr -d ' \n' | sed 's/../%&/g')" -b bj
has "$WORK/body" '（全区）</option>'
req 200 GET /findings -b dj
cp "$WORK/body" street.html
has street.html "<td>东城街道</td>"
hasnt street.html "<td>西城街道</td>"
hasnt street.html '（全区）</option>'
hasnt street.html '<option value="西城街道"'
has street.html 'name="csrf" value="'
# each form carries the session's own token
eq "$(grep -o 'name="csrf" value="[0-9a-f]*"' street.html | sort -u | wc -l)" 1 "one CSRF token on the page"
req 200 GET /api/v1/findings -b dj
hasnt "$WORK/body" '"street": "西城街道"'
has "$WORK/body" '"street": "东城街道"'
req 200 GET /findings -b bj
has "$WORK/body" "<td>西城街道</td>"
# a state change through the command line: the kept page and API show it at once
req 200 GET '/api/v1/findings?rule=ledger_gap' -b bj
hasnt "$WORK/body" "缓存后的说明"
run 0 "$FGDJ" finding set "$GAP" 不适用 --note 缓存后的说明 --db $DB
req 200 GET '/api/v1/findings?rule=ledger_gap' -b bj
has "$WORK/body" '"note": "缓存后的说明"'
req 200 GET '/findings?rule=ledger_gap' -b dj
has "$WORK/body" "缓存后的说明"
# (the findings kept before, their states read again: the same as found afresh)
req 200 GET /api/v1/findings -b bj
"$FGDJ" check --format json --db $DB >cli1.json
cmp -s cli1.json "$WORK/body" && ok || fail "the API after a state change differs from fgdj check --format json"
# a write of the data (a rule's setting: 3 organisations of 3–6 formal members then need a committee): the findings are computed again, as fgdj check finds them
JT=$("$FGDJ" check --format json --db $DB | python3 -c "import json, sys; print(json.load(sys.stdin)['by_rule']['committee_missing'])")
req 200 GET /findings -b bj
has "$WORK/body" "<tr><td>应设委员会而未设</td><td class=\"num\">0</td></tr>"
run 0 "$FGDJ" settings org.committee_members 3 --db $DB
JT1=$("$FGDJ" check --format json --db $DB | python3 -c "import json, sys; print(json.load(sys.stdin)['by_rule']['committee_missing'])")
[ "$JT" = 0 ] && [ "$JT1" -gt 0 ] && ok || fail "org.committee_members 3 makes committee_missing findings ($JT → $JT1)"
req 200 GET /findings -b bj
has "$WORK/body" "<a href=\"#rule-committee_missing\">应设委员会而未设</a></td><td class=\"num\">$JT1</td>"
req 200 GET /api/v1/findings -b bj
"$FGDJ" check --format json --db $DB >cli2.json
cmp -s cli2.json "$WORK/body" && ok || fail "the kept API after a write differs from fgdj check --format json"
req 200 GET /api/v1/plan -b bj
"$FGDJ" plan joint --format json --db $DB >plan.json
cmp -s plan.json "$WORK/body" && ok || fail "the kept plan after a write differs from fgdj plan joint --format json"
run 0 "$FGDJ" settings org.committee_members 7 --db $DB

# ---- back to 待整改: the row goes, the history says so ----
run 0 "$FGDJ" finding set "$NEED" 待整改 --db $DB
eq "$(sql $DB "select count(*) from finding_state where key = 'need_single/91330106MA2000342T'")" 0 "待整改 has no row"
eq "$(sql $DB "select op from history where tbl = 'finding' order by id desc limit 1")" delete "the delete's entry"

# ---- a note with what JSON escapes: the written findings stay JSON, the note as given ----
NOTE=$(printf '引号"反斜杠\\制表\t结束')
run 0 "$FGDJ" finding set "$NEED" 整改中 --note "$NOTE" --db $DB
"$FGDJ" check --format json --db $DB >esc.json
printf '%s' "$NOTE" >note.txt
python3 - esc.json note.txt "$NEED" <<'PY' && ok || fail "the findings JSON with a note to escape"
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
note = open(sys.argv[2], encoding="utf-8").read()
got = [f["note"] for f in doc["findings"] if f["ref"] == sys.argv[3]]
assert got == [note], (got, note)
PY
finish
