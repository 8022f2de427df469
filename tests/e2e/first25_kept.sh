#!/bin/sh
# Kept == recomputed over an organisation moved (所属街道, 所属社区, 所属区域: web/cache.h;
# store_changes_since's STORE_ORG | STORE_ORG_PLACE — no figure of the whole district reads where an
# organisation is — a region holds the organisations covering its enterprises —, the findings placed
# by it do: its own, and those about the members it holds without an employer — their lost contact
# and their transfers —, found again by check_patch, the street user's too): an
# organisation holding members without an employer, one of them 失联 and one with a transfer overdue,
# moved into the street user's street; then into a zone; then back, with a setting the figures read
# changed too (a write nothing patches: found afresh, and still right).
# Each time each page and API (the dashboard, the statistics, the findings, the plan, figure sets,
# the work report; the street user's dashboard and findings), read from the warm server right after
# the write, is byte-identical to a fresh server's on the same database; and the command line's kept
# facts and findings (`fgdj stats`, `fgdj check`, `fgdj report work`) byte-identical to a load from
# the tables.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

kept_setup
# the findings from the tables, unmasked (their subjects name the members by 公民身份号码)
found_json >"$WORK/f0.json"
SID=$(sql $DB "SELECT id FROM region WHERE level = 'street' AND name = '$STREET'")
# an open organisation holding a member without an employer, covering an operating enterprise, none
# in the street user's street, not placed there, named by a finding
sql $DB "SELECT o.name FROM org o WHERE o.closed IS NULL AND o.mode <> '上级机关'
	AND EXISTS (SELECT 1 FROM member m WHERE m.org_id = o.id AND m.employer_id IS NULL AND m.closed IS NULL)
	AND EXISTS (SELECT 1 FROM coverage cv JOIN enterprise e ON e.id = cv.enterprise_id
		WHERE cv.org_id = o.id AND cv.end_date IS NULL AND e.status = '在营')
	AND NOT EXISTS (SELECT 1 FROM coverage cv JOIN enterprise e ON e.id = cv.enterprise_id
		JOIN region c ON c.id = e.community_id WHERE cv.org_id = o.id AND c.parent_id = $SID)
	AND coalesce(o.street_id, 0) <> $SID ORDER BY o.id" >"$WORK/orgs.txt"
O=$(while read -r o; do grep -qF "\"subject\": \"$o\"" "$WORK/f0.json" && { echo "$o"; break; }; done <"$WORK/orgs.txt")
[ -n "$O" ] && ok || fail "an organisation holding a member without an employer, named by a finding"
# one of those members made 失联 since last year (lost_contact, placed by the organisation)
LOST=$(sql $DB "SELECT m.idno FROM member m JOIN org o ON o.id = m.org_id WHERE o.name = '$O'
	AND m.employer_id IS NULL AND m.closed IS NULL ORDER BY m.id LIMIT 1")
member "$LOST" 组织关系状态=失联 关系状态起始日期=2025-03-01
# the member of the first transfer overdue held there without an employer (the finding placed by it)
TR=$(found_json | awk '/"rule": "transfer_pending"/ { t = 1 } t && /"subject": / {
	if (match($0, /（[0-9X]+）/)) { print substr($0, RSTART + 3, RLENGTH - 6); exit } }')
[ ${#TR} = 18 ] && ok || fail "a member with a transfer overdue: '$TR'"
member "$TR" 工作单位统一社会信用代码= "所在党组织=$O"
found_json >"$WORK/f1.json"
for k in "lost_contact" "transfer_pending"; do
	grep -A14 "\"rule\": \"$k\"" "$WORK/f1.json" | grep -q "（$([ $k = lost_contact ] && echo "$LOST" || echo "$TR")）" &&
		ok || fail "a $k finding about a member $O holds"
done

KEPT_ARGS="--refresh-after 0"
kept_start
PATHS="$PATHS /findings?rule=lost_contact /findings?rule=transfer_pending /findings?rule=life_missing
	/api/v1/findings?rule=lost_contact /api/v1/findings?rule=transfer_pending /api/v1/findings?rule=life_missing
	/api/v1/findings /api/v1/stats /reports/work.html /orgs"
snap warm

# where the tables place a finding about that subject: "street community"
placed() { found_json | grep -A16 -F "$1" | sed -n 's/^ *"street": "\(.*\)",$/\1/p; s/^ *"community": "\(.*\)"$/\1/p' | head -2 | tr '\n' ' '; }
C1=$(sql $DB "SELECT c.name FROM region c JOIN region s ON s.id = c.parent_id WHERE c.level = 'community'
	AND s.name = '$STREET' ORDER BY c.id LIMIT 1 OFFSET 1")

# ---- into the street user's street ----
org "$O" "所属街道=$STREET" "所属社区=$C1"
eq "$(placed "（$LOST）")" "$STREET $C1 " "the lost contact found in the organisation's new place"
eq "$(placed "（$TR）")" "$STREET $C1 " "the transfer found in the organisation's new place"
N_IN=$(first_notes)
NS_IN=$(notes_of jj /findings /)
same "an organisation moved into the street user's street"
cli_same "an organisation moved into the street user's street"

# ---- into a zone (its street and community as they are) ----
ZN=$(other_zone "$O")
org "$O" "所属区域=$ZN"
N_ZONE=$(first_notes)
same "an organisation moved into a zone"
cli_same "an organisation moved into a zone"

# ---- not patched: back, with a setting the figures read ----
S2=$(sql $DB "SELECT name FROM region WHERE level = 'street' AND id <> $SID ORDER BY id LIMIT 1")
org "$O" "所属街道=$S2" 所属社区= 所属区域=
setting_changed
N_BOTH=$(first_notes)
same "an organisation moved with a setting the figures read"
cli_same "an organisation moved with a setting the figures read"

# ---- the patch was taken (the server's access log) ----
echo "computed by the first /findings, /plan, /: into the street [$N_IN] (street user [$NS_IN]), zone [$N_ZONE]; control [$N_BOTH]" >&2
# (the dashboard's year-earlier coverage figures read the enterprises alone: kept)
patched_today "an organisation moved" "$N_IN" "$N_ZONE"
# (the street user's street holds the organisations covering its enterprises, wherever they are)
notes_are "the street user's first pages after an organisation moved into the street" "$NS_IN" "事实增量 问题增量" "事实载入 问题重查"
notes_are "the first pages after a move with a setting the figures read" "$N_BOTH" "事实载入 问题重查" "事实增量 问题增量"
finish
