#!/bin/sh
# Schema v30's kept integers against what they stand for, recomputed here in SQL, and the figures
# read through them against the figures read without them:
# - meeting_tally.packed (five bits a month) = the meetings counted per organisation, kind and
#   month from the meeting rows; NULL when a month counts 32 or more (then the twelve columns
#   are read): 32 主题党日 of one organisation in one month, imported, give the same figures as
#   every packed value cleared;
# - roster_candidate.flags = its five columns, and the figures read them;
# - a kept total of another year makes the year's range be read instead of the whole table:
#   the figures stay the same.
. "$(dirname "$0")/../lib.sh"

DB=d.db
import_district $DB
for k in meetings study; do
	run 0 "$FGDJ" import $k "$FIX/party-figures/$k.csv" --db $DB
done

# packed_ok DB MSG: packed = the meeting rows counted per month, packed by hand (5 bits a month).
packed_ok() {
	rec="SELECT CAST(substr(date, 1, 4) AS INTEGER) AS y, org_id, kind,
		CASE WHEN max(n) < 32 THEN sum(n << (5 * (m - 1))) END AS p FROM (
		SELECT min(date) AS date, org_id, kind, CAST(substr(min(date), 6, 2) AS INTEGER) AS m, count(*) AS n FROM meeting
		GROUP BY org_id, kind, substr(date, 1, 7)) q GROUP BY y, org_id, kind"
	eq "$(sql "$1" "SELECT count(*) FROM meeting_tally t LEFT JOIN ($rec) r ON r.y = t.year AND r.org_id = t.org_id
		AND r.kind = t.kind WHERE r.org_id IS NULL OR t.packed IS DISTINCT FROM r.p")" 0 "$2: packed = recomputed"
	eq "$(sql "$1" "SELECT count(*) FROM meeting_tally")" "$(sql "$1" "SELECT count(*) FROM ($rec) q")" "$2: one tally per year, organisation and kind"
}
packed_ok $DB "imported"

# 32 more 主题党日 of one organisation in 2026-05 (one a day, two on the 1st).
ORG=$(sed -n 2p "$FIX/party-figures/meetings.csv" | cut -d, -f1)
BEFORE=$(sql $DB "SELECT count(*) FROM meeting mt JOIN org o ON o.id = mt.org_id WHERE o.name = '$ORG'
	AND mt.kind = '主题党日' AND mt.date LIKE '2026-05-%'")
{
	echo "党组织名称,活动类型,日期,主题,形式,学时,参加党员,缺席党员及原因,记录人"
	for d in 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31; do
		echo "$ORG,主题党日,2026-05-$d,五月主题党日$d,集中,1,,,"
	done
	echo "$ORG,主题党日,2026-05-01,五月主题党日加场,集中,1,,,"
} > many.csv
"$FGDJ" import meetings many.csv --db $DB >/dev/null 2>err || { fail "import 32 meetings"; cat err >&2; }
packed_ok $DB "32 in a month"
eq "$(sql $DB "SELECT m5, packed IS NULL FROM meeting_tally t JOIN org o ON o.id = t.org_id
	WHERE o.name = '$ORG' AND t.kind = '主题党日' AND t.year = 2026")" "$((BEFORE + 32))|1" "a month of 32 or more: the columns only"
for d in 2026-06-30 2026-12-03; do
	"$FGDJ" stats --db $DB --format json --as-of $d > kept-$d.json
	"$FGDJ" check --db $DB --format json --as-of $d > check-$d.json
done
db_copy $DB cleared.db
db_query cleared.db "UPDATE meeting_tally SET packed = NULL"
for d in 2026-06-30 2026-12-03; do
	"$FGDJ" stats --db cleared.db --format json --as-of $d > cleared.json
	cmp -s kept-$d.json cleared.json && ok || fail "stats at $d: packed months = the twelve columns"
	"$FGDJ" check --db cleared.db --format json --as-of $d > cleared.json
	cmp -s check-$d.json cleared.json && ok || fail "check at $d: packed months = the twelve columns"
done
# Totals of another year: the 2026 ones are then a range of the key, not the whole table.
db_copy $DB other.db
db_query other.db "INSERT INTO meeting_tally SELECT 2030, org_id, kind, m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11, m12,
	packed FROM meeting_tally WHERE year = 2026; INSERT INTO member_hours SELECT 2030, member_id, tenths + 7 FROM member_hours
	WHERE year = 2026; INSERT INTO dues_year SELECT member_id, 2030, months, unpaid, differs, due1, due2, due3, due4, due5, due6,
	due7, due8, due9, due10, due11, due12, paid1, paid2, paid3, paid4, paid5, paid6, paid7, paid8, paid9, paid10, paid11, paid12,
	bits FROM dues_year WHERE year = 2026"
"$FGDJ" stats --db other.db --format json --as-of 2026-12-03 > other.json
cmp -s kept-2026-12-03.json other.json && ok || fail "another year's totals leave the year's figures alone"

# Roster candidates: flags = the five columns.
R=r.db
import_district $R
run 0 "$FGDJ" import members "$FIX/rosters/members.csv" --db $R
run 0 "$FGDJ" import rosters "$FIX/rosters/rosters.csv" --db $R
flags_ok() {
	eq "$(sql "$1" "SELECT count(*) FROM roster_candidate WHERE flags <> self_member + 2 * matched + 4 * stopped
		+ 8 * has_org + 16 * (disclosed + 1)")" 0 "$2: flags = the five columns"
	eq "$(sql "$1" "SELECT count(*) FROM roster_candidate")" "$3" "$2: candidates"
}
N=$(sql $R "SELECT count(*) FROM roster_candidate")
[ "$N" -gt 0 ] && ok || fail "the rosters fixture has candidates"
flags_ok $R "imported" "$N"
run 0 "$FGDJ" stats --db $R --format json
cp out stats-r.json
db_copy $R r2.db
db_query r2.db "UPDATE roster_candidate SET flags = 0"
# (from the tables: a change made by SQL leaves no history, so the facts kept by the stats of r.db,
# copied with it, would be read back as they were — facts_kept, docs/kept_figures.md)
FGDJ_FACTS_KEPT=0 "$FGDJ" stats --db r2.db --format json > r2.json
cmp -s stats-r.json r2.json && fail "the figures read the flags" || ok
finish
