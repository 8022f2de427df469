#!/bin/sh
# Kept == recomputed over writes of transfer records (web/cache.h; store_changes_since's
# STORE_PARTY_TRANSFER, facts_patch's party_reload_transfers, check_patch's party_transfers_patch): a
# new transfer out with its letter dated four months ago (a finding comes), the same letter's
# 对方党组织 changed (the finding's detail), a second letter of last month (pending, not late) — the
# facts and findings patched each time, and each page
# and API (the dashboard, the statistics, the findings, the plan, figure sets, the work report; the
# street user's dashboard and findings), read from the warm server right after the write,
# byte-identical to a fresh server's on the same database; and the command line's kept facts and
# findings (`fgdj stats`, `fgdj check`, `fgdj report work`) byte-identical to a load from the tables.
# A member's 所在党组织 moved (no roster line names it) is patched too (store_changes_since's
# STORE_MEMBER_FORMAL: the organisation it left found again through the enterprises it covers), and so
# is a late transfer completed (the import writes the member's 所在党组织 too, of a member a roster line
# names: the cross-match's candidates read again, STORE_ROSTER). Found afresh, and still right: a
# transfer record with a new organisation in one change.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

kept_warm /findings?rule=transfer_pending /api/v1/findings?rule=transfer_pending /api/v1/stats /reports/work.html

count_of() { printf '%s\n' $2 | grep -cx "$1"; }
HEAD=$("$FGDJ" export transfers --unmasked --db $DB 2>/dev/null | head -1)
# transfer ROW: one transfer record (the export's columns) imported, added or changed
transfer() {
	printf '%s\n%s\n' "$HEAD" "$1" >"$WORK/tr.csv"
	run 0 "$FGDJ" import transfers "$WORK/tr.csv" --db $DB
	grep -q '新增 1\|更新 1' "$WORK/out" && ok || fail "transfer $1: $(cat "$WORK/out")"
}
pending() { FGDJ_FACTS_KEPT=0 "$FGDJ" check --format json --rule transfer_pending --db $DB 2>/dev/null | grep -c '"rule": "transfer_pending"'; }
cli_same "before" # (keeps today's facts and findings)

# ---- a new transfer out, its letter of four months ago (a member of the region) ----
P0=$(pending)
NEW=$(sql $DB "SELECT m.idno || ',' || m.name || ',转出,' || o.name FROM member m JOIN org o ON o.id = m.org_id
	WHERE m.closed IS NULL AND m.relation = '正常' AND NOT EXISTS (SELECT 1 FROM transfer t WHERE t.member_id = m.id)
	ORDER BY m.id LIMIT 1")
[ -n "$NEW" ] && ok || fail "a member lodged with an organisation, without a transfer"
transfer "$NEW,中共测试市某某党委,2026-07-20,"
eq "$(pending)" $((P0 + 1)) "one late transfer more"
N_NEW=$(first_notes)
same "a new late transfer"
cli_same "a new late transfer"
has "$WORK/fresh.$(path_at /api/v1/findings?rule=transfer_pending)" "中共测试市某某党委"

# ---- its 对方党组织 changed (the finding's detail) ----
transfer "$NEW,中共测试市另一党委,2026-07-20,"
N_OTHER=$(first_notes)
same "its 对方党组织 changed"
has "$WORK/fresh.$(path_at /api/v1/findings?rule=transfer_pending)" "中共测试市另一党委"

# ---- a second letter of last month (pending, not late) ----
transfer "$NEW,中共测试市另一党委,2026-10-30,"
eq "$(pending)" $((P0 + 1)) "no late transfer more"
N_DATE=$(first_notes)
same "a second letter of last month"
cli_same "a second letter of last month"

# ---- a late transfer completed (the member's 所在党组织 written too, of a member on a roster) ----
ROW=$("$FGDJ" export transfers --unmasked --db $DB 2>/dev/null | awk -F, '{ sub(/\r$/, "") } NR > 1 && $7 == "" && $6 < "2026-08-01" { print; exit }')
[ -n "$ROW" ] && ok || fail "a letter of before August not completed"
transfer "$(printf '%s' "$ROW" | awk -F, -v OFS=, '{ $7 = "2026-11-20"; print }')"
eq "$(pending)" "$P0" "one late transfer less"
N_DONE=$(first_notes)
same "a late transfer completed"
cli_same "a late transfer completed"

# ---- a member's 所在党组织 moved to another branch (no roster line names it): the organisation it left
# and the one it joined found again (STORE_MEMBER_FORMAL; the left one through the enterprises it
# covers) ----
# (the branch joined a 单独建 one of fewer than three lodged formal members: its single_too_small or
# single_not_lodged finding prints their number)
MV=$(sql $DB "SELECT m.idno || ' ' || (SELECT o2.name FROM org o2 WHERE o2.id <> o1.id AND o2.closed IS NULL
	AND o2.mode = '单独建' AND EXISTS (SELECT 1 FROM coverage c2 WHERE c2.org_id = o2.id AND c2.end_date IS NULL)
	AND (SELECT count(*) FROM member x WHERE x.org_id = o2.id AND x.status = '正式党员' AND x.closed IS NULL) < 3
	ORDER BY o2.id LIMIT 1) FROM member m JOIN org o1 ON o1.id = m.org_id
	WHERE m.closed IS NULL AND m.status = '正式党员' AND m.employer_id IS NOT NULL
	AND NOT EXISTS (SELECT 1 FROM roster_line rl WHERE rl.idno = m.idno)
	AND EXISTS (SELECT 1 FROM coverage c1 WHERE c1.org_id = o1.id AND c1.end_date IS NULL)
	ORDER BY m.id LIMIT 1")
[ -n "$MV" ] && ok || fail "a formal member lodged with a branch, on no roster"
WAS=$(sql $DB "SELECT o.name FROM member m JOIN org o ON o.id = m.org_id WHERE m.idno = '${MV%% *}'")
member "${MV%% *}" "所在党组织=${MV#* }"
N_ORG=$(first_notes)
same "a member's 所在党组织 moved"
cli_same "a member's 所在党组织 moved"
# and back (the branch it leaves covers not its employer: found again through its own enterprises)
member "${MV%% *}" "所在党组织=$WAS"
N_BACK=$(first_notes)
same "a member's 所在党组织 moved back"

# ---- not patched: a transfer record and a setting the figures read ----
transfer "$NEW,中共测试市另一党委,2026-10-30,2026-11-21"
setting_changed
N_BOTH=$(first_notes)
same "a transfer record and a setting the figures read"
cli_same "a transfer record and a setting the figures read"

# ---- the patch was taken (the server's access log) ----
echo "computed by the first /findings, /plan, /: new [$N_NEW], other [$N_OTHER], dated [$N_DATE], completed [$N_DONE], 所在党组织 [$N_ORG]; control [$N_BOTH]" >&2
notes_are "the first pages after a member's 所在党组织" "$N_ORG" "事实增量 问题增量" "事实载入 问题重查"
notes_are "the first pages after a member's 所在党组织 moved back" "$N_BACK" "事实增量 问题增量" "事实载入 问题重查"
eq "$(count_of 统计重算 "$N_ORG")" 1 "after a member's 所在党组织: today's figures alone computed ($N_ORG)"
notes_are "the first pages after a late transfer completed" "$N_DONE" "事实增量 问题增量" "事实载入 问题重查"
for n in "$N_NEW" "$N_OTHER" "$N_DATE"; do
	notes_are "the first pages after a transfer record" "$n" "事实增量 问题增量" "事实载入 问题重查"
	# (the year-earlier day kept: each transfer record written is dated since — its 介绍信日期 is
	# in its key — store_records_dated_from)
	eq "$(count_of 统计重算 "$n")" 1 "after a transfer record of this year: today's figures alone computed ($n)"
done
notes_are "the first pages after a transfer record and a setting the figures read" "$N_BOTH" "事实载入 问题重查" "事实增量 问题增量"
finish
