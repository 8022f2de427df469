#!/bin/sh
# Kept == recomputed over enterprises moved within the district (所属街道, 所属社区, 所属区域:
# web/cache.h; store_changes_since's STORE_ENT_PLACE, facts_patch reading them again in their new
# places — a past day counts each in the place it had —, check_patch finding again the findings
# placed by them: their own, those about the members they employ, their instructors' visits,
# campaign tasks, development records and confirmed cross-match candidates; the plan drawn again):
# enterprises each named by one kind of finding moved to other streets in one import, with one
# covered by an organisation new to the street user's street moved there (a street's organisations
# change: its findings found afresh); then one the plan names into a zone; then the one out of the
# street user's street again.
# Each time each page and API (the dashboard, the statistics, the findings, the plan, figure sets,
# the work report, the enterprises' list; the street user's dashboard and findings), read from the
# warm server right after the write, is byte-identical to a fresh server's on the same database;
# and the command line's kept facts and findings (`fgdj stats`, `fgdj check`, `fgdj report work`)
# byte-identical to a load from the tables. The year-earlier figures are kept. Found afresh, and
# still right: a move and a setting the figures read in one change.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

kept_setup
# The instructor of the first visit_missing finding sent by a unit that is no place (区委组织部): its
# findings are placed by the enterprise (finding_store.c). Written before the server starts.
VISIT=$(ent_named visit_missing detail)
VI=$(FGDJ_FACTS_KEPT=0 "$FGDJ" check --format json --rule visit_missing --db $DB 2>/dev/null | grep -m1 '"subject": ' |
	sed -n 's/.*"subject": "\(.*\)（\(.*\)）",$/\1 \2/p')
sql $DB "UPDATE instructor SET unit = '区委组织部', unit_region_id = NULL WHERE name = '${VI% *}' AND unit = '${VI#* }'" >/dev/null
eq "$(sql $DB "SELECT count(*) FROM instructor WHERE unit = '区委组织部'")" 1 "an instructor sent by a unit that is no place"
KEPT_ARGS="--refresh-after 0"
kept_start
PATHS="$PATHS /findings?rule=ledger_gap /findings?rule=lost_contact /findings?rule=study_short
	/findings?rule=visit_missing /findings?rule=campaign_overdue /findings?rule=dev_violation /findings?rule=transfer_pending
	/findings?rule=crossmatch_confirmed /api/v1/findings?rule=lost_contact /api/v1/findings?rule=study_short
	/api/v1/findings?rule=visit_missing /api/v1/findings?rule=dev_violation /api/v1/findings?rule=transfer_pending
	/api/v1/stats /reports/work.html /enterprises"
snap warm
# move USCC:STREET:COMMUNITY[:ZONE:KIND]...: those enterprises in those places in one import (updates)
move() {
	"$FGDJ" export enterprises --unmasked --db $DB -o "$WORK/e.csv" >/dev/null 2>&1
	head -1 "$WORK/e.csv" >"$WORK/r.csv"
	for m in "$@"; do
		IFS=: read -r mu ms mc mz mk <<EOF
$m
EOF
		csv_row "$WORK/e.csv" 1 "$mu" "$WORK/r1.csv" 所属街道="$ms" 所属社区="$mc" 所属区域="$mz" 区域类型="$mk"
		tail -n +2 "$WORK/r1.csv" >>"$WORK/r.csv"
	done
	run 0 "$FGDJ" import enterprises "$WORK/r.csv" --db $DB
	grep -q "更新 $#" "$WORK/out" && ok || fail "$# moved: $(cat "$WORK/out")"
}
# community STREET N: the Nth community of that street
community() { sql $DB "SELECT c.name FROM region c JOIN region s ON s.id = c.parent_id WHERE c.level = 'community'
	AND s.name = '$1' ORDER BY c.id LIMIT 1 OFFSET $(($2 - 1))"; }
street_of() { sql $DB "SELECT s.name FROM enterprise e JOIN region c ON c.id = e.community_id
	JOIN region s ON s.id = c.parent_id WHERE e.uscc = '$1'"; }
# other USCC: a street other than that enterprise's and the street user's
other() { sql $DB "SELECT name FROM region WHERE level = 'street' AND name NOT IN ('$STREET', '$(street_of "$1")')
	ORDER BY id LIMIT 1"; }

# ---- a confirmed cross-match candidate (its finding is placed by its employer) ----
xm_confirm # (then the moves alone)

GAP=$(ent_named ledger_gap subject)
LOST=$(ent_named lost_contact detail)
TASK=$(ent_named campaign_overdue subject)
# the enterprise of the first development record breaking a rule, and the employer of the first member
# whose transfer is overdue (their findings placed by them)
id_of() { FGDJ_FACTS_KEPT=0 "$FGDJ" check --format json --unmasked --rule "$1" --db $DB 2>/dev/null | grep -m1 '"subject": ' |
	sed -n 's/.*（\([0-9X]\{18\}\)）.*/\1/p'; }
DEV=$(sql $DB "SELECT e.uscc FROM development d JOIN enterprise e ON e.id = d.employer_id WHERE d.idno = '$(id_of dev_violation)'")
TRANSFER=$(sql $DB "SELECT e.uscc FROM member m JOIN enterprise e ON e.id = m.employer_id WHERE m.idno = '$(id_of transfer_pending)'")
# the enterprise employing the most members (their study and dues findings)
MANY=$(sql $DB "SELECT e.uscc FROM enterprise e JOIN member m ON m.employer_id = e.id WHERE e.closed IS NULL
	GROUP BY e.id ORDER BY count(*) DESC LIMIT 1")
# an enterprise covered by an organisation that covers none of the street user's street and has a
# life_missing finding (it comes there with the enterprise, and its findings with it)
SID=$(sql $DB "SELECT id FROM region WHERE level = 'street' AND name = '$STREET'")
FGDJ_FACTS_KEPT=0 "$FGDJ" check --format json --rule life_missing --db $DB 2>/dev/null |
	sed -n 's/^ *"subject": "\(.*\)",$/\1/p' | sort -u >"$WORK/life_orgs.txt"
COVERED=$(sql $DB "SELECT e.uscc || ' ' || o.name FROM enterprise e JOIN coverage cv ON cv.enterprise_id = e.id
	AND cv.end_date IS NULL JOIN org o ON o.id = cv.org_id
	WHERE e.closed IS NULL AND NOT EXISTS (SELECT 1 FROM coverage c2 JOIN enterprise e2 ON e2.id = c2.enterprise_id
		JOIN region r2 ON r2.id = e2.community_id WHERE c2.org_id = cv.org_id AND r2.parent_id = $SID)
	AND e.uscc NOT IN ('$GAP', '$LOST', '$VISIT', '$TASK', '$DEV', '$TRANSFER', '${XM% *}', '$MANY') ORDER BY e.id" |
	while read -r u o; do grep -qxF "$o" "$WORK/life_orgs.txt" && { echo "$u"; break; }; done)
for u in "$GAP" "$LOST" "$VISIT" "$TASK" "$DEV" "$TRANSFER" "${XM% *}" "$MANY" "$COVERED"; do
	[ ${#u} = 18 ] && ok || fail "an enterprise named by each kind of finding: '$u'"
done

# ---- moved to other streets in one import, one of them into the street user's ----
set -- "$COVERED:$STREET:$(community "$STREET" 3)"
for u in "$GAP" "$LOST" "$VISIT" "$TASK" "$DEV" "$TRANSFER" "${XM% *}" "$MANY"; do
	s=$(other "$u")
	set -- "$@" "$u:$s:$(community "$s" 2)"
done
move "$@"
eq "$(street_of "$COVERED")" "$STREET" "moved into the street user's street"
N_MANY=$(first_notes)
NS_MANY=$(notes_of jj /findings /)
same "enterprises moved to other streets"
cli_same "enterprises moved to other streets"

# ---- one into a zone (its street and community as they are) ----
Z=$(sql $DB "SELECT name || ':' || kind FROM zone ORDER BY id LIMIT 1")
PLANNED=$(plan_ent)
PS=$(street_of "$PLANNED")
PC=$(sql $DB "SELECT c.name FROM enterprise e JOIN region c ON c.id = e.community_id WHERE e.uscc = '$PLANNED'")
move "$PLANNED:$PS:$PC:$Z"
N_ZONE=$(first_notes)
same "an enterprise the plan names into a zone"
cli_same "an enterprise the plan names into a zone"

# ---- out of the street user's street again ----
s=$(other "$COVERED")
move "$COVERED:$s:$(community "$s" 1)"
N_OUT=$(first_notes)
NS_OUT=$(notes_of jj /findings /)
same "an enterprise out of the street user's street"
cli_same "an enterprise out of the street user's street"

# ---- not patched: a move and a setting the figures read ----
s=$(other "$LOST")
move "$LOST:$s:$(community "$s" 3)"
setting_changed
N_BOTH=$(first_notes)
same "a move and a setting the figures read"

# ---- the patch was taken (the server's access log) ----
echo "computed by the first /findings, /plan, /: streets [$N_MANY] (street user [$NS_MANY]), zone [$N_ZONE], out [$N_OUT] (street user [$NS_OUT]); control [$N_BOTH]" >&2
# (a past day counts an enterprise in the place it had: the year-earlier figures kept)
patched_today "a move" "$N_MANY" "$N_ZONE" "$N_OUT"
for n in "$N_MANY" "$N_ZONE" "$N_OUT"; do notes_are "the first pages after a move" "$n" "方案重排" ""; done
# (the street user's street gained or lost an enterprise and its organisation: found afresh)
notes_are "the street user's first pages after a move into the street" "$NS_MANY" "问题重查" "问题增量"
notes_are "the street user's first pages after a move out of the street" "$NS_OUT" "问题重查" "问题增量"
notes_are "the first pages after a move and a setting the figures read" "$N_BOTH" "事实载入 问题重查" "事实增量 问题增量"
finish
