#!/bin/sh
# Party work on the web (page_party.c) on the hand-made district: a secretary records a 主题党日
# through the API and through the form that ticks attendees from the roster; the calendar cell of
# that month turns from 未开展 to 已开展; the records are read and written only inside the scope
# (a street that does not hold the organisation sees nothing and cannot write); the roster never
# carries a full ID number and a forged member id is refused; the six lists and the calendar answer.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

ORG=小微设计工作室党支部 # 西城/光明; members 周一 周二 周三
ZHOU1=330106197403150292
ZHOU2=330106197504160318
ZHOU3=330106197605170339
ZHANG1=330106196102020035 # a member of another organisation (东城)

DB=d.db
import_district $DB
add_user boss admin
add_user sec secretary $ORG
add_user gm community 光明社区
add_user dc street 东城街道
add_user look instructor
start_server $DB
api_login boss bj
BJ=$CSRF
api_login sec sj
SEC=$CSRF
api_login gm gj
GM=$CSRF
api_login dc dj
DC=$CSRF
api_login look lj

OID=$(sql $DB "SELECT id FROM org WHERE name = '$ORG'")
# October, ended on the pinned today (lib.sh: 2026-11-26), so its cell is 未开展 until a meeting is
# recorded; the organisation was founded in 2019.
D1=2026-10-01
D2=2026-10-05
YEAR=2026
MONTH=10

# cell KIND: the text of the calendar cell of month MONTH for that kind (tags removed).
cell() {
	grep "<th scope=\"row\">$1</th>" "$WORK/body" |
		sed "s|.*title=\"${YEAR}年${MONTH}月\">||; s|</td>.*||; s|<[^>]*>||g"
}
total() { sed -n 's/^{"total":\([0-9]*\),.*/\1/p' "$WORK/body"; }

# ---- the calendar before: the month is missing ----
req 200 GET "/orgs/$OID/life?year=$YEAR" -b sj
eq "$(cell 主题党日)" "未开展" "calendar before: 主题党日 of $YEAR-$MONTH"
eq "$(cell 支部委员会)" "不适用" "no committee: 支部委员会 not applicable"
req 404 GET "/orgs/$OID/life" -b dj

# ---- the secretary's home page: this month's to-do with a link to record a meeting ----
req 200 GET / -b sj
has "$WORK/body" '本月待办'
has "$WORK/body" "/meetings/new?org=$OID&amp;kind="

# ---- API: create inside the scope, refused outside ----
before=$(dbsum $DB)
st=$(json -b dj -H "X-CSRF-Token: $DC" -X POST "$URL/api/v1/meetings" \
	-d "{\"org\":\"$ORG\",\"kind\":\"主题党日\",\"date\":\"$D1\",\"topic\":\"外街道登记\",\"attendees\":[\"$ZHOU1\"]}")
eq "$st" 422 "a street outside the organisation cannot record its meeting"
eq "$(dbsum $DB)" "$before" "refused meeting: database unchanged"

st=$(json -b sj -H "X-CSRF-Token: $SEC" -X POST "$URL/api/v1/meetings" \
	-d "{\"org\":\"$ORG\",\"kind\":\"主题党日\",\"date\":\"$D1\",\"topic\":\"学习党章\",\"form\":\"集中\",\"hours\":1.5,
	     \"attendees\":[\"$ZHOU1\",\"$ZHOU2\"],\"absentees\":[\"$ZHOU3：出差\"],\"recorder\":\"周一\"}")
eq "$st" 201 "secretary records a meeting through the API"
[ "$st" = 201 ] || cat "$WORK/body" >&2
has "$WORK/body" '"attendees":["330106********0292","330106********0318"]'
has "$WORK/body" '"absentees":["330106********0339：出差"]'
MID=$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' "$WORK/body" | head -1)
eq "$(sql $DB "SELECT length(attendees) - length(replace(attendees, '；', '')) + 1 FROM meeting WHERE id = $MID")" 2 "attendance stored"

# an attendee who is not a member of the organisation
before=$(dbsum $DB)
st=$(json -b sj -H "X-CSRF-Token: $SEC" -X POST "$URL/api/v1/meetings" \
	-d "{\"org\":\"$ORG\",\"kind\":\"党课\",\"date\":\"$D1\",\"topic\":\"外人\",\"attendees\":[\"$ZHANG1\"]}")
eq "$st" 422 "attendee of another organisation refused"
eq "$(dbsum $DB)" "$before" "refused attendee: database unchanged"

# ---- API: read inside the scope only ----
req 200 GET /api/v1/meetings -b sj
eq "$(total)" 1 "secretary sees its meeting"
req 200 GET /api/v1/meetings -b gj
eq "$(total)" 1 "the community of the organisation sees it"
req 200 GET /api/v1/meetings -b dj
eq "$(total)" 0 "another street sees nothing"
req 404 GET /api/v1/meetings/$MID -b dj
req 200 GET /api/v1/meetings/$MID -b sj
has "$WORK/body" '"topic":"学习党章"'
hasnt "$WORK/body" "$ZHOU1"
ETAG=$(header ETag)

# ---- API: update with the version; a stale one is refused ----
st=$(json -b sj -H "X-CSRF-Token: $SEC" -H "If-Match: $ETAG" -X PUT "$URL/api/v1/meetings/$MID" -d '{"hours":2}')
eq "$st" 200 "update with the current version"
has "$WORK/body" '"hours":2.0'
st=$(json -b sj -H "X-CSRF-Token: $SEC" -H "If-Match: $ETAG" -X PUT "$URL/api/v1/meetings/$MID" -d '{"hours":3}')
eq "$st" 409 "update with a stale version"
st=$(json -b dj -H "X-CSRF-Token: $DC" -X PUT "$URL/api/v1/meetings/$MID" -d '{"hours":3}')
eq "$st" 404 "another street cannot change it"

# ---- the calendar after: held, linking to the meetings ----
req 200 GET "/orgs/$OID/life?year=$YEAR" -b sj
eq "$(cell 主题党日)" "已开展 1 次" "calendar after: 主题党日 of $YEAR-$MONTH"
has "$WORK/body" "/meetings?org=$OID&amp;kind="

# ---- the form: attendees ticked from the roster ----
req 200 GET "/meetings/new?kind=党课" -b sj
has "$WORK/body" 'name="attendee"'
has "$WORK/body" '<label for="tick-'
hasnt "$WORK/body" "$ZHOU1"
hasnt "$WORK/body" "$ZHOU3"
eq "$(grep -c 'type="checkbox" name="attendee"' "$WORK/body")" 3 "roster: the organisation's three members"
M1=$(sql $DB "SELECT id FROM member WHERE idno = '$ZHOU1'")
M3=$(sql $DB "SELECT id FROM member WHERE idno = '$ZHOU3'")
MZ=$(sql $DB "SELECT id FROM member WHERE idno = '$ZHANG1'")

# a forged member id outside the secretary's scope
before=$(dbsum $DB)
req 422 POST /meetings -b sj --data-urlencode "csrf=$SEC" --data-urlencode "org=$ORG" --data-urlencode kind=党课 \
	--data-urlencode "date=$D2" --data-urlencode topic=伪造 -d roster=1 -d "attendee=$MZ"
has "$WORK/body" '不在您的工作范围内'
eq "$(dbsum $DB)" "$before" "forged attendee: database unchanged"

req 303 POST /meetings -b sj --data-urlencode "csrf=$SEC" --data-urlencode "org=$ORG" --data-urlencode kind=党课 \
	--data-urlencode "date=$D2" --data-urlencode topic=党史学习 --data-urlencode hours=1 -d roster=1 \
	-d "attendee=$M1" --data-urlencode "absent_$M3=病假"
LOC=$(header Location)
case $LOC in /meetings/[0-9]*) ok ;; *) fail "form save redirects to the meeting: $LOC" ;; esac
FID=$(echo "$LOC" | sed 's|/meetings/\([0-9]*\).*|\1|')
eq "$(sql $DB "SELECT m.idno FROM meeting mt JOIN member m ON m.idno = mt.attendees WHERE mt.id = $FID")" \
	"$ZHOU1" "form: the ticked member attended"
eq "$(sql $DB "SELECT absentees FROM meeting WHERE id = $FID")" "$ZHOU3：病假" "form: the unticked member's reason"
req 200 GET "/meetings/$FID" -b sj
has "$WORK/body" '>周一</a>'
req 200 GET "/meetings/$FID/edit" -b sj
eq "$(grep -c 'name="attendee" value="[0-9]*" id="tick-[0-9]*" checked' "$WORK/body")" 1 "edit form keeps the tick"
has "$WORK/body" 'value="病假"'
# 周一 leaves the organisation afterwards (and 周三 with his reason): an edit of the old meeting
# still shows both, ticked and with the reason, so that saving it drops no one unseen.
db_query $DB "UPDATE member SET org_id = NULL WHERE idno IN ('$ZHOU1', '$ZHOU3')"
req 200 GET "/meetings/$FID/edit" -b bj
eq "$(grep -c "name=\"attendee\" value=\"$M1\" id=\"tick-$M1\" checked" "$WORK/body")" 1 "a former member's tick stays"
has "$WORK/body" '周一（已记录，现不在名单中）'
has "$WORK/body" '周三（已记录，现不在名单中）'
has "$WORK/body" 'value="病假"'
db_query $DB "UPDATE member SET org_id = $OID WHERE idno IN ('$ZHOU1', '$ZHOU3')"
# 周一 moves to an organisation of another street (a write, so the history knows he was here on the
# meeting's day): the secretary cannot see him any more, yet saving the old meeting keeps him.
ZORG=$(sql $DB "SELECT o.name FROM member m JOIN org o ON o.id = m.org_id WHERE m.idno = '$ZHANG1'")
ZENT=$(sql $DB "SELECT e.uscc FROM member m JOIN enterprise e ON e.id = m.employer_id WHERE m.idno = '$ZHANG1'")
OENT=$(sql $DB "SELECT e.uscc FROM member m JOIN enterprise e ON e.id = m.employer_id WHERE m.idno = '$ZHOU1'")
st=$(json -b bj -H "X-CSRF-Token: $BJ" -X PUT "$URL/api/v1/members/$M1" -d "{\"org\":\"$ZORG\",\"employer\":\"$ZENT\"}")
eq "$st" 200 "周一 moves to $ZORG"
req 200 GET "/meetings/$FID/edit" -b sj
hasnt "$WORK/body" "tick-$M1\""
has "$WORK/body" '另有 1 名已记录的党员不在您的工作范围内'
VER=$(sed -n 's/.*name="version" value="\([0-9]*\)".*/\1/p' "$WORK/body" | head -1)
req 303 POST "/meetings/$FID" -b sj --data-urlencode "csrf=$SEC" --data-urlencode "version=$VER" \
	--data-urlencode hours=2 -d roster=1 --data-urlencode "absent_$M3=病假"
eq "$(sql $DB "SELECT attendees || '|' || absentees || '|' || CAST(hours * 10 AS INTEGER) FROM meeting WHERE id = $FID")" \
	"$ZHOU1|$ZHOU3：病假|20" "an edit keeps the attendee the secretary cannot see"
st=$(json -b bj -H "X-CSRF-Token: $BJ" -X PUT "$URL/api/v1/members/$M1" -d "{\"org\":\"$ORG\",\"employer\":\"$OENT\"}")
eq "$st" 200 "周一 back in $ORG"

# ---- a record of an earlier day ticks from the members on that day ----
# 周二 moves to 张一's organisation and employer in 东城 and 张一 into this organisation:
# on 10-01 the roster was 周一 周二 周三; today it is 周一 周三 张一.
M2=$(sql $DB "SELECT id FROM member WHERE idno = '$ZHOU2'")
st=$(json -b bj -H "X-CSRF-Token: $BJ" -X PUT "$URL/api/v1/members/$M2" -d "{\"org\":\"$ZORG\",\"employer\":\"$ZENT\"}")
eq "$st" 200 "周二 moves to $ZORG"
st=$(json -b bj -H "X-CSRF-Token: $BJ" -X PUT "$URL/api/v1/members/$MZ" -d "{\"org\":\"$ORG\"}")
eq "$st" 200 "张一 moves into $ORG"
ticks() { grep -o 'type="checkbox" name="attendee" value="[0-9]*"' "$WORK/body" | sed 's/.*value="//; s/"//' | sort -n | tr '\n' ' '; }
req 200 GET "/meetings/new?org=$OID&kind=党课" -b bj
eq "$(ticks)" "$(printf '%s\n' $M1 $M3 $MZ | sort -n | tr '\n' ' ')" "today's roster: 周一 周三 张一"
req 200 GET "/meetings/new?org=$OID&kind=党课&date=$D1" -b bj
eq "$(ticks)" "$(printf '%s\n' $M1 $M2 $M3 | sort -n | tr '\n' ' ')" "the roster on $D1: 周一 周二 周三"
has "$WORK/body" '周二（当日在本组织，现已转出）'
has "$WORK/body" "名单为 $D1 当日在本组织的党员；另有 1 名现有党员在那天以后才入党或转入，未列出"
has "$WORK/body" "name=\"date\" id=\"f-date\" value=\"$D1\""
# the secretary cannot see 周二 any more: told, not shown
req 200 GET "/meetings/new?kind=党课&date=$D1" -b sj
eq "$(ticks)" "$(printf '%s\n' $M1 $M3 | sort -n | tr '\n' ' ')" "the secretary's roster on $D1"
has "$WORK/body" '另有 1 名当日在本组织的党员现已转到您工作范围以外'
# the save is checked by the same rule: 周二 attended on the day, 张一 could not have
before=$(dbsum $DB)
req 422 POST /meetings -b bj --data-urlencode "csrf=$BJ" --data-urlencode "org=$ORG" --data-urlencode kind=党课 \
	--data-urlencode "date=$D1" --data-urlencode topic=补记 -d roster=1 -d "attendee=$MZ"
eq "$(dbsum $DB)" "$before" "张一 was not a member on $D1: nothing written"
eq "$(ticks)" "$(printf '%s\n' $M1 $M2 $M3 $MZ | sort -n | tr '\n' ' ')" "the form shown again: the members on $D1 and the ticked 张一"
has "$WORK/body" '张一（已记录，现不在名单中）'
has "$WORK/body" "name=\"date\" id=\"f-date\" value=\"$D1\""
req 303 POST /meetings -b bj --data-urlencode "csrf=$BJ" --data-urlencode "org=$ORG" --data-urlencode kind=党课 \
	--data-urlencode "date=$D1" --data-urlencode topic=补记 -d roster=1 -d "attendee=$M2" -d "attendee=$M1"
eq "$(sql $DB "SELECT attendees FROM meeting WHERE org_id = $OID AND topic = '补记'")" "$ZHOU1；$ZHOU2" \
	"a past meeting records 周二, who has moved since"
db_query $DB "DELETE FROM meeting WHERE topic = '补记'"
st=$(json -b bj -H "X-CSRF-Token: $BJ" -X PUT "$URL/api/v1/members/$M2" -d "{\"org\":\"$ORG\",\"employer\":\"$OENT\"}")
eq "$st" 200 "周二 back in $ORG"
st=$(json -b bj -H "X-CSRF-Token: $BJ" -X PUT "$URL/api/v1/members/$MZ" -d "{\"org\":\"$ZORG\"}")
eq "$st" 200 "张一 back in $ZORG"

# ---- the other records: written by whoever reads what they are about ----
st=$(json -b gj -H "X-CSRF-Token: $GM" -X POST "$URL/api/v1/study" \
	-d "{\"idno\":\"$ZHOU1\",\"name\":\"周一\",\"date\":\"$D1\",\"content\":\"党章\",\"hours\":2}")
eq "$st" 201 "a community records study of its member"
before=$(dbsum $DB)
st=$(json -b gj -H "X-CSRF-Token: $GM" -X POST "$URL/api/v1/study" \
	-d "{\"idno\":\"$ZHOU1\",\"name\":\"周一\",\"date\":\"$D2\",\"content\":\"通宵\",\"hours\":25}")
eq "$st" 422 "more than 24 hours refused"
has "$WORK/body" '"hours":'
st=$(json -b dj -H "X-CSRF-Token: $DC" -X POST "$URL/api/v1/study" \
	-d "{\"idno\":\"$ZHOU1\",\"name\":\"周一\",\"date\":\"$D2\",\"content\":\"外街道\",\"hours\":1}")
eq "$st" 422 "another street cannot record study of the member"
st=$(json -b sj -H "X-CSRF-Token: $SEC" -X POST "$URL/api/v1/trainings" \
	-d "{\"name\":\"书记培训\",\"kind\":\"集中培训\",\"start_date\":\"$D1\"}")
eq "$st" 422 "a secretary records no training"
st=$(json -b gj -H "X-CSRF-Token: $GM" -X POST "$URL/api/v1/trainings" \
	-d "{\"name\":\"社区培训\",\"kind\":\"集中培训\",\"start_date\":\"$D1\"}")
eq "$st" 422 "trainings are the district's"
eq "$(dbsum $DB)" "$before" "refused records: database unchanged"
req 200 GET /api/v1/study -b bj
has "$WORK/body" '"total":1'

# ---- an instructor's account records its own visits, and nothing else ----
# linking: unknown and wrong-role accounts are refused by name
printf 'secret-pass-1\n' | "$FGDJ" user add nobody --role instructor --instructor 无此人 --password-stdin --db $DB \
	>/dev/null 2>err && fail "link to an unknown instructor accepted" || has err '党建指导员台账中没有“无此人”'
printf 'secret-pass-1\n' | "$FGDJ" user add notins --role viewer --instructor 王指导 --password-stdin --db $DB \
	>/dev/null 2>err && fail "a viewer linked to an instructor" || has err '只有党建指导员账户'
printf 'secret-pass-1\n' | "$FGDJ" user add wang --role instructor --instructor 王指导（光明社区） --password-stdin \
	--db $DB 2>err || fail "user add wang"
has err '登记本人走访：王指导（光明社区）'
run 0 "$FGDJ" user list --format json --db $DB
has out '"instructor": {'
api_login wang wj
WANG=$CSRF
# the form offers the instructor's own name and unit
req 200 GET /visits/new -b wj
has "$WORK/body" 'value="王指导"'
has "$WORK/body" 'value="光明社区"'
nv=$(sql $DB "SELECT count(*) FROM visit")
st=$(json -b wj -H "X-CSRF-Token: $WANG" -X POST "$URL/api/v1/visits" \
	-d '{"instructor":"王指导","unit":"光明社区","uscc":"91330106MA2000481H","date":"2026-11-20","roles":["调研员"]}')
eq "$st" 201 "an instructor records its own visit"
[ "$st" = 201 ] || cat "$WORK/body" >&2
eq "$(sql $DB "SELECT count(*) FROM visit")" $((nv + 1)) "the visit is stored"
api_login look lj
LOOK=$CSRF
before=$(dbsum $DB)
st=$(json -b wj -H "X-CSRF-Token: $WANG" -X POST "$URL/api/v1/visits" \
	-d '{"instructor":"李指导","unit":"东城街道","uscc":"91330106MA2000836J","date":"2026-11-20"}')
eq "$st" 422 "another instructor's visit is refused"
has "$WORK/body" '只能登记本人的走访记录'
st=$(json -b wj -H "X-CSRF-Token: $WANG" -X POST "$URL/api/v1/meetings" \
	-d "{\"org\":\"$ORG\",\"kind\":\"党课\",\"date\":\"$D1\",\"topic\":\"指导员登记\"}")
eq "$st" 403 "an instructor records no meetings"
# an instructor's account without a linked row only reads
st=$(json -b lj -H "X-CSRF-Token: $LOOK" -X POST "$URL/api/v1/visits" \
	-d '{"instructor":"王指导","unit":"光明社区","uscc":"91330106MA2000481H","date":"2026-11-21"}')
eq "$st" 403 "an unlinked instructor's account records no visit"
has "$WORK/body" '登记走访记录'
eq "$(dbsum $DB)" "$before" "refused visits: database unchanged"

# ---- lists of the six records, the meeting's history ----
for p in /meetings /study /secretaries /visits /trainings /trainees; do
	req 200 GET "$p" -b bj
done
req 200 GET "/meetings?org=$OID&kind=党课" -b bj
has "$WORK/body" '党史学习'
hasnt "$WORK/body" '学习党章'
req 200 GET "/api/v1/meetings?from=2026-10-02&to=2026-10-31" -b bj
eq "$(total)" 1 "API date range: the meeting of the 5th only"
req 400 GET "/api/v1/meetings?from=2026-13-01" -b bj
req 200 GET "/meetings/$MID" -b bj
has "$WORK/body" '变更历史'
req 403 GET /meetings/new -b lj

finish
