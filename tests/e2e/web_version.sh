#!/bin/sh
# No lost updates (row versions): two people editing the same row from the same version — by
# form or by API with If-Match — the second save answers 409 with both versions and writes
# nothing; an organisation whose coverage changed (API or import) since its form was opened is
# not saved over, so the added link is not ended; parallel conditional PUTs: exactly one wins.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

E1=91330106MA20002034  # 临江智造科技, 东城/幸福
E3=91330106MA2000342T  # 和平物流, 东城/和平
E4=91330106MA2000414K  # 国贸咨询, 西城/光明
E5=91330106MA2000481H  # 光明电子, 西城/光明
E7=91330106MA2000764R  # 新建材料, 西城/光明
GM_ORG_NAME=光明社区非公企业联合党支部

DB=d.db
import_district $DB

# ---- the schema: every ledger row has a version, starting at 1 ----
eq "$(sql $DB "SELECT count(*) FROM enterprise WHERE version <> 1")" 0 "imported rows are version 1"
# a database of schema v3 (before versions) gains the column on opening, and the later migrations
if sqlite_only "v3 与 v20 的文件：从旧版结构的 SQLite 文件升级（PostgreSQL 上不做结构升级）"; then
db_copy $DB $DB.old
sqlite3 $DB.old "DROP INDEX member_org; CREATE INDEX member_org ON member(org_id)" # as before v19
for t in enterprise org member instructor; do sqlite3 $DB.old "ALTER TABLE $t DROP COLUMN version"; done
sqlite3 $DB.old "ALTER TABLE org DROP COLUMN groups"
for t in roster_candidate designation_member designation venue rating_score rating rubric_item funding crossmatch_decision roster_line task campaign dues_year dues enterprise_search org_search member_search transfer development member_hours meeting_tally meeting study secretary visit trainee training; do sqlite3 $DB.old "DROP TABLE $t"; done
sqlite3 $DB.old "ALTER TABLE app_user DROP COLUMN instructor_id"
sqlite3 $DB.old "DROP INDEX member_employer; CREATE INDEX member_employer ON member(employer_id, relation, join_date, full_date, status)"
for c in relation_since outside_org; do sqlite3 $DB.old "ALTER TABLE member DROP COLUMN $c"; done
sqlite3 $DB.old "DROP INDEX member_crossmatch"
sqlite3 $DB.old "PRAGMA user_version = 3"
run 0 "$FGDJ" stats --db $DB.old
eq "$(sql $DB.old "SELECT count(*) FROM member WHERE version = 1") $(sql $DB.old 'PRAGMA user_version')" \
	"$(sql $DB 'SELECT count(*) FROM member') $(sql $DB 'PRAGMA user_version')" "migration adds the version"
# the name-search indexes are filled from the rows already there (schema v10)
for t in enterprise org member; do
	eq "$(sql $DB.old "SELECT count(*) FROM ${t}_search WHERE words <> ''")" "$(sql $DB.old "SELECT count(*) FROM $t")" "$t names indexed on upgrade"
done
eq "$(sql $DB.old "SELECT m.name FROM member m WHERE m.id IN (SELECT rowid FROM member_search WHERE member_search MATCH '\"zhangy\"*')")" "张一" "an upgraded index finds by pinyin"

# the stored sort keys are computed again with numbers by value (schema v21): keys of an older
# collation are replaced, and each equals the key a fresh write gives the same name
db_copy $DB keys.db
sqlite3 keys.db "UPDATE org SET name_key = x'00'; UPDATE enterprise SET name_key = NULL; PRAGMA user_version = 20"
run 0 "$FGDJ" stats --db keys.db
for t in enterprise org member; do
	eq "$(sqlite3 keys.db "SELECT hex(name_key) FROM $t ORDER BY id")" "$(sqlite3 $DB "SELECT hex(name_key) FROM $t ORDER BY id")" \
		"$t sort keys recomputed on upgrade"
done
fi

add_user boss admin
add_user xc street 西城街道
add_user gm community 光明社区
start_server $DB --threads 8 # as many workers as racing requests below
api_login boss bj
BOSS=$CSRF
api_login xc xj
XC=$CSRF
api_login gm gj
GM=$CSRF

# form_of JAR PATH: GETs an edit form; sets FCSRF and FVERSION from its hidden fields.
form_of() {
	req 200 GET "$2" -b "$1"
	FCSRF=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$WORK/body" | head -1)
	FVERSION=$(sed -n 's/.*name="version" value="\([0-9]*\)".*/\1/p' "$WORK/body" | head -1)
}
updates() { sql $DB "SELECT count(*) FROM history WHERE tbl = '$1' AND key = '$2' AND op = 'update'"; }

# ---- two forms opened on the same version: the second save is refused and shows both ----
form_of bj /enterprises/$E4/edit
A_CSRF=$FCSRF A_VERSION=$FVERSION
form_of xj /enterprises/$E4/edit
B_CSRF=$FCSRF B_VERSION=$FVERSION
eq "$A_VERSION $B_VERSION" "1 1" "both forms carry version 1"
req 303 POST /enterprises/$E4 -b bj --data-urlencode "csrf=$A_CSRF" --data-urlencode "version=$A_VERSION" \
	--data-urlencode employees=21 --data-urlencode industry=咨询业
req 409 POST /enterprises/$E4 -b xj --data-urlencode "csrf=$B_CSRF" --data-urlencode "version=$B_VERSION" \
	--data-urlencode employees=22 --data-urlencode industry=咨询业
has "$WORK/body" '保存冲突'
has "$WORK/body" '当前保存的内容（第 2 版）'
has "$WORK/body" '<th scope="row">从业人员数</th><td>21</td><td><mark>22</mark></td>'
has "$WORK/body" '<th scope="row">行业</th><td>咨询业</td><td>咨询业</td>'
has "$WORK/body" 'web:boss'                                        # the history says who saved
has "$WORK/body" 'name="version" value="2"'                        # the form to re-apply
has "$WORK/body" 'name="employees" id="f-employees" value="22"'
eq "$(sql $DB "SELECT employees || industry || version FROM enterprise WHERE uscc = '$E4'")" "21咨询业2" "the first save stands"
eq "$(updates enterprise $E4)" 1 "one update in the history"
# re-applying from the 409 page (current version) saves
req 303 POST /enterprises/$E4 -b xj --data-urlencode "csrf=$B_CSRF" --data-urlencode "version=2" --data-urlencode employees=22
eq "$(sql $DB "SELECT employees || '/' || version FROM enterprise WHERE uscc = '$E4'")" "22/3" "re-applied"
eq "$(updates enterprise $E4)" 2 "and recorded"
# a form without a version field saves unconditionally, as before
req 303 POST /enterprises/$E4 -b xj --data-urlencode "csrf=$B_CSRF" --data-urlencode employees=23
# a junk version is no version of the row
req 409 POST /enterprises/$E4 -b xj --data-urlencode "csrf=$B_CSRF" --data-urlencode "version=4x" --data-urlencode employees=24
eq "$(sql $DB "SELECT employees FROM enterprise WHERE uscc = '$E4'")" 23 "junk version wrote nothing"

# ---- the API: ETag on GET, If-Match on PUT ----
eq "$(json -b bj "$URL/api/v1/enterprises/$E3")" 200 "GET"
eq "$(header ETag)" '"v1"' "ETag of a row never changed"
eq "$(json -X PUT -b bj -H "X-CSRF-Token: $BOSS" -H 'If-Match: "v1"' -d '{"employees":40}' "$URL/api/v1/enterprises/$E3")" 200 "PUT with the current ETag"
eq "$(header ETag)" '"v2"' "the PUT answers the new ETag"
eq "$(json -b bj "$URL/api/v1/enterprises/$E3")" 200 "GET again"
eq "$(header ETag)" '"v2"' "ETag changed after the save"
N=$(sql $DB "SELECT count(*) FROM history")
eq "$(json -X PUT -b xj -H "X-CSRF-Token: $XC" -H 'If-Match: "v1"' -d '{"employees":41}' "$URL/api/v1/enterprises/$E3")" 404 "stale PUT outside the scope is still 404"
eq "$(json -X PUT -b bj -H "X-CSRF-Token: $BOSS" -H 'If-Match: "v1"' -d '{"employees":41,"industry":"物流业"}' "$URL/api/v1/enterprises/$E3")" 409 "stale ETag"
has "$WORK/body" '"status":409'
has "$WORK/body" '"current":{'
has "$WORK/body" '"employees":40'
has "$WORK/body" '"yours":{"employees":41,"industry":"物流业"}'
eq "$(header ETag)" '"v2"' "409 names the current ETag"
eq "$(json -X PUT -b bj -H "X-CSRF-Token: $BOSS" -H 'If-Match: W/"v2"' -d '{"employees":41}' "$URL/api/v1/enterprises/$E3")" 409 "a weak tag never matches"
eq "$(json -X PUT -b bj -H "X-CSRF-Token: $BOSS" -H 'If-Match: ""' -d '{"employees":41}' "$URL/api/v1/enterprises/$E3")" 409 "an empty tag matches nothing"
eq "$(sql $DB "SELECT count(*) FROM history")" "$N" "refused PUTs wrote nothing"
eq "$(sql $DB "SELECT employees FROM enterprise WHERE uscc = '$E3'")" 40 "stored value kept"
eq "$(json -X PUT -b bj -H "X-CSRF-Token: $BOSS" -H 'If-Match: "v9", "v2"' -d '{"employees":41}' "$URL/api/v1/enterprises/$E3")" 200 "a list naming the current tag"
eq "$(json -X PUT -b bj -H "X-CSRF-Token: $BOSS" -H 'If-Match: *' -d '{"employees":42}' "$URL/api/v1/enterprises/$E3")" 200 "If-Match: *"
eq "$(json -X PUT -b bj -H "X-CSRF-Token: $BOSS" -d '{"employees":43}' "$URL/api/v1/enterprises/$E3")" 200 "no If-Match: unconditional"
eq "$(header ETag)" '"v5"' "every change counted"
eq "$(json -X PUT -b bj -H "X-CSRF-Token: $BOSS" -H 'If-Match: "v5"' -d '{"employees":43}' "$URL/api/v1/enterprises/$E3")" 200 "an unchanged PUT"
eq "$(header ETag)" '"v5"' "no change, no new version"
eq "$(updates enterprise $E3)" 4 "history of the API saves"

# ---- an organisation: coverage added by someone else is not ended by a stale form ----
GM_ORG=$(sql $DB "SELECT id FROM org WHERE name = '$GM_ORG_NAME'")
form_of gj /orgs/$GM_ORG/edit
OLD_CSRF=$FCSRF OLD_VERSION=$FVERSION
has "$WORK/body" "name=\"covers\" id=\"f-covers\" value=\"$E4\" role=\"combobox\""
# meanwhile the street adds 光明电子 through the API
eq "$(json -X PUT -b xj -H "X-CSRF-Token: $XC" -d "{\"covers\":[\"$E4\",\"$E5\"]}" "$URL/api/v1/orgs/$GM_ORG")" 200 "coverage added by API"
eq "$(header ETag)" "\"v$((OLD_VERSION + 1))\"" "a coverage change is a new version of the organisation"
# the old form, sent back with its old 覆盖企业 list and a new secretary
req 409 POST /orgs/$GM_ORG -b gj --data-urlencode "csrf=$OLD_CSRF" --data-urlencode "version=$OLD_VERSION" \
	--data-urlencode "covers=$E4" --data-urlencode "secretary=钱新"
has "$WORK/body" "<mark>$E4</mark>"
covered() { sql $DB "SELECT count(*) FROM coverage WHERE org_id = $GM_ORG AND enterprise_id = (SELECT id FROM enterprise WHERE uscc = '$1') AND end_date IS NULL"; }
eq "$(covered $E5)" 1 "the link added by API is not ended"
eq "$(sql $DB "SELECT secretary FROM org WHERE id = $GM_ORG")" 钱书记 "nothing of the stale form written"
# the same with an import adding a link
form_of gj /orgs/$GM_ORG/edit
OLD_CSRF=$FCSRF OLD_VERSION=$FVERSION
{
	head -1 "$FIX/district/orgs.csv"
	grep "^$GM_ORG_NAME," "$FIX/district/orgs.csv" | sed "s/,$E4,/,$E4；$E5；$E7,/"
} >orgs_more.csv
run 0 "$FGDJ" import orgs orgs_more.csv --db $DB
eq "$(covered $E7)" 1 "import added a link"
req 409 POST /orgs/$GM_ORG -b gj --data-urlencode "csrf=$OLD_CSRF" --data-urlencode "version=$OLD_VERSION" \
	--data-urlencode "covers=$E4；$E5" --data-urlencode "secretary=钱新"
eq "$(covered $E7)" 1 "the link added by import is not ended"
eq "$(updates org "$GM_ORG_NAME")" 2 "history: the API's and the import's change only"

# ---- instructors and members count their changes too ----
WANG=$(sql $DB "SELECT id FROM instructor WHERE name = '王指导'")
eq "$(json -b bj "$URL/api/v1/instructors/$WANG")" 200 "GET instructor"
eq "$(header ETag)" '"v1"' "instructor ETag"
eq "$(json -X PUT -b bj -H "X-CSRF-Token: $BOSS" -H 'If-Match: "v1"' -d "{\"covers\":[\"$E5\",\"$E4\"]}" "$URL/api/v1/instructors/$WANG")" 200 "assignment added"
eq "$(header ETag)" '"v2"' "an assignment is a new version of the instructor"
eq "$(json -X PUT -b bj -H "X-CSRF-Token: $BOSS" -H 'If-Match: "v1"' -d "{\"covers\":[\"$E5\"]}" "$URL/api/v1/instructors/$WANG")" 409 "stale instructor PUT"
eq "$(sql $DB "SELECT count(*) FROM assignment WHERE instructor_id = $WANG AND end_date IS NULL")" 2 "assignment kept"
MEM=$(sql $DB "SELECT id FROM member ORDER BY id LIMIT 1")
eq "$(json -X PUT -b bj -H "X-CSRF-Token: $BOSS" -H 'If-Match: "v1"' -d '{"relation":"流动"}' "$URL/api/v1/members/$MEM")" 200 "member PUT"
eq "$(json -X PUT -b bj -H "X-CSRF-Token: $BOSS" -H 'If-Match: "v1"' -d '{"relation":"正常"}' "$URL/api/v1/members/$MEM")" 409 "stale member PUT"
# a masked phone in a stale form: shown beside the new one, and not offered again (it would not
# validate); the re-applied form keeps the phone the other person saved
form_of bj /members/$MEM/edit
OLD_CSRF=$FCSRF OLD_VERSION=$FVERSION
OLD_PHONE=$(sed -n 's/.*name="phone" id="f-phone" value="\([^"]*\)".*/\1/p' "$WORK/body")
eq "$OLD_PHONE" '139****0000' "the form shows the phone masked"
eq "$(json -X PUT -b bj -H "X-CSRF-Token: $BOSS" -d '{"phone":"13912345678"}' "$URL/api/v1/members/$MEM")" 200 "phone changed"
req 409 POST /members/$MEM -b bj --data-urlencode "csrf=$OLD_CSRF" --data-urlencode "version=$OLD_VERSION" \
	--data-urlencode "phone=$OLD_PHONE" --data-urlencode "name=张一一"
has "$WORK/body" '<th scope="row">联系电话</th><td>139****5678</td><td><mark>139****0000</mark></td>'
has "$WORK/body" 'name="phone" id="f-phone" value="139****5678"'
hasnt "$WORK/body" '13912345678'
NEW_VERSION=$(sed -n 's/.*name="version" value="\([0-9]*\)".*/\1/p' "$WORK/body")
req 303 POST /members/$MEM -b bj --data-urlencode "csrf=$OLD_CSRF" --data-urlencode "version=$NEW_VERSION" \
	--data-urlencode "phone=139****5678" --data-urlencode "name=张一一"
eq "$(sql $DB "SELECT name || phone FROM member WHERE id = $MEM")" "张一一13912345678" "re-applied, phone kept"

# ---- eight parallel PUTs with the same If-Match: exactly one wins ----
eq "$(json -b bj "$URL/api/v1/enterprises/$E1")" 200 "GET before the race"
TAG=$(header ETag)
H=$(sql $DB "SELECT count(*) FROM history WHERE key = '$E1'")
# Another writer holds the database while the PUTs arrive, so all of them have been read and
# parsed before any can write: a save that loaded or checked outside its write transaction would
# let every one of them through.
if [ "${FGDJ_TEST_BACKEND:-sqlite}" = pg ]; then
	# PostgreSQL: a transaction holding the row the PUTs write (FOR UPDATE) for the same time.
	{ echo 'BEGIN;'; echo "SELECT 1 FROM enterprise WHERE uscc = '$E1' FOR UPDATE;"; sleep 1.5; echo 'COMMIT;'; } |
		psql "$(pg_uri "$(pg_db $DB)")" -X -q >/dev/null &
else
	{ echo 'BEGIN IMMEDIATE;'; sleep 1.5; echo 'COMMIT;'; } | sqlite3 $DB &
fi
PIDS=$!
sleep 0.3
for i in 1 2 3 4 5 6 7 8; do
	curl -s -o "$WORK/race$i" -w '%{http_code}\n' -X PUT -b bj -H 'Content-Type: application/json' \
		-H "X-CSRF-Token: $BOSS" -H "If-Match: $TAG" -d "{\"employees\":$((200 + i))}" \
		"$URL/api/v1/enterprises/$E1" >"$WORK/code$i" &
	PIDS="$PIDS $!"
done
wait $PIDS # not a bare wait: the server runs in the background too
eq "$(cat "$WORK"/code? | sort | uniq -c | tr -s ' ' | tr '\n' ';')" " 1 200; 7 409;" "one 200, seven 409"
eq "$(sql $DB "SELECT count(*) FROM history WHERE key = '$E1'")" "$((H + 1))" "exactly one history entry"
WON=$(grep -l "^200$" "$WORK"/code? | head -1 | sed "s/.*code//")
eq "$(sql $DB "SELECT employees FROM enterprise WHERE uscc = '$E1'")" "$((200 + WON))" "the winner's value is stored"
eq "$(sql $DB "SELECT new FROM history WHERE key = '$E1' ORDER BY id DESC LIMIT 1")" "{\"employees\":\"$((200 + WON))\"}" "and is the one in the history"
hasnt "$WORK/server.log" ' 500 '

stop_server
eq "$SERVER_RC" 0 "server stopped cleanly"
finish
