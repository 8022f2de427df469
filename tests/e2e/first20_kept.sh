#!/bin/sh
# Kept == recomputed over cross-match decisions (职工名册比对: a candidate confirmed or dismissed;
# web/cache.h; store_changes_since's STORE_XM_DECIDED, check_patch's confirmed_patch): the first
# confirmation (a crossmatch_confirmed finding comes), a second with a note, the note changed, the
# first dismissed (its finding goes) — the facts kept as they were, the findings patched; and over a
# roster member's 是否亮明身份 and 所在党组织 (a confirmed hidden and a pocket candidate settled:
# STORE_ROSTER, facts_patch's party_reload_xms) — the candidates read again. Each time each page and
# API (the dashboard, the statistics, the findings, the plan, figure sets, the work report; the
# street user's dashboard and findings), read from the warm server right after the write, is
# byte-identical to a fresh server's on the same database; and the command line's kept facts and
# findings (`fgdj stats`, `fgdj check`, `fgdj report work`) byte-identical to a load from the tables.
# No figure reads a decision: the year-earlier figures are kept; a past day reads the candidates as
# they are today: computed again after a roster member's edit. Found afresh, and still right: a
# decision and a setting the figures read in one change.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

kept_warm /findings?rule=crossmatch_confirmed /api/v1/findings?rule=crossmatch_confirmed /api/v1/stats /reports/work.html

count_of() { printf '%s\n' $2 | grep -cx "$1"; }
confirmed() { FGDJ_FACTS_KEPT=0 "$FGDJ" check --format json --rule crossmatch_confirmed --db $DB 2>/dev/null | grep -c '"rule": "crossmatch_confirmed"'; }
# the open candidates, "USCC IDNO" a line
"$FGDJ" crossmatch --state open --format json --unmasked --db $DB 2>/dev/null |
	awk -F'"' '/"uscc":/ { u = $4 } /"idno":/ { print u, $4 }' >"$WORK/open.txt"
[ "$(wc -l <"$WORK/open.txt")" -ge 3 ] && ok || fail "open candidates on the demo"
A=$(sed -n 1p "$WORK/open.txt")
B=$(sed -n 2p "$WORK/open.txt")
C=$(sed -n 3p "$WORK/open.txt")
# decide confirm|dismiss "USCC IDNO" [ARGS...]
decide() {
	d=$1 k=$2
	shift 2
	run 0 "$FGDJ" crossmatch "$d" "${k% *}" "${k#* }" "$@" --db $DB
}
eq "$(confirmed)" 0 "no confirmed candidate on the demo"

# ---- the first confirmation ----
decide confirm "$A"
eq "$(confirmed)" 1 "a confirmed candidate's finding"
N_FIRST=$(first_notes)
same "the first confirmation"
cli_same "the first confirmation"
NAME=$(sql $DB "SELECT name FROM roster_line WHERE idno = '${A#* }'")
has "$WORK/fresh.$(path_at /findings?rule=crossmatch_confirmed)" "$NAME"

# ---- a second, with a note; then its note changed ----
decide confirm "$B" --note 已约谈本人
eq "$(confirmed)" 2 "two confirmed candidates' findings"
N_NOTE=$(first_notes)
same "a second confirmation with a note"
has "$WORK/fresh.$(path_at /findings?rule=crossmatch_confirmed)" 已约谈本人
decide confirm "$B" --note 已提醒转接组织关系
N_CHANGED=$(first_notes)
same "a confirmation's note changed"
cli_same "a confirmation's note changed"
has "$WORK/fresh.$(path_at /findings?rule=crossmatch_confirmed)" 已提醒转接组织关系

# ---- the first dismissed (confirmed → dismissed), the third dismissed while open ----
decide dismiss "$A"
decide dismiss "$C"
eq "$(confirmed)" 1 "the dismissed one's finding gone"
N_DISMISSED=$(first_notes)
same "a confirmation dismissed"
cli_same "a confirmation dismissed"

# ---- a roster member's 是否亮明身份: a confirmed hidden candidate settled (its finding goes, a hidden
# candidate less: the candidates read again, STORE_ROSTER) ----
by_class() { "$FGDJ" crossmatch --format json --db $DB 2>/dev/null | awk -F': ' -v c="\"$1\"" '$1 ~ c { sub(/,$/, "", $2); print $2; exit }'; }
H=$(sql $DB "SELECT e.uscc || ' ' || m.idno FROM roster_line rl JOIN member m ON m.idno = rl.idno
	JOIN enterprise e ON e.id = rl.enterprise_id WHERE m.org_id IS NOT NULL AND m.employer_id = rl.enterprise_id
	AND m.disclosed = 0 AND m.closed IS NULL AND coalesce(m.relation, '') <> '停止党籍'
	AND (rl.hired IS NULL OR rl.hired <= '$FGDJ_TODAY')
	AND (SELECT count(*) FROM roster_line r2 WHERE r2.idno = m.idno) = 1 ORDER BY rl.id LIMIT 1")
[ -n "$H" ] && ok || fail "a hidden candidate: lodged, employed there, not disclosed"
decide confirm "$H"
eq "$(confirmed)" 2 "the hidden one confirmed"
N_HCONF=$(first_notes) # (the server's values now hold the confirmation: the edit below alone follows)
HID=$(by_class hidden)
member "${H#* }" 是否亮明身份=是
eq "$(by_class hidden)" $((HID - 1)) "a hidden candidate less"
eq "$(confirmed)" 1 "the settled one's finding gone"
N_SETTLED=$(first_notes)
same "a roster member's 是否亮明身份"
cli_same "a roster member's 是否亮明身份"

# ---- a roster member's 所在党组织 recorded (as a transfer's completion writes it): a pocket candidate
# settled ----
"$FGDJ" crossmatch --class pocket --state open --format json --unmasked --db $DB 2>/dev/null |
	awk -F'"' '/"idno":/ { print $4 }' >"$WORK/pocket.txt"
# the first of them (in the cross-match's order) with an employer, no organisation, one roster line
sql $DB "SELECT idno FROM member WHERE idno IN ($(sed "s/.*/'&'/" "$WORK/pocket.txt" | paste -sd, -))
	AND employer_id IS NOT NULL AND org_id IS NULL
	AND (SELECT count(*) FROM roster_line r WHERE r.idno = member.idno) = 1" >"$WORK/pocket_ok.txt"
P=$(awk 'NR == FNR { ok[$1] = 1; next } ok[$1] { print; exit }' "$WORK/pocket_ok.txt" "$WORK/pocket.txt")
[ -n "$P" ] && ok || fail "a pocket candidate with an employer"
LODGE=$(sql $DB "SELECT o.name FROM org o WHERE o.closed IS NULL AND o.mode = '联合建'
	AND EXISTS (SELECT 1 FROM coverage c WHERE c.org_id = o.id AND c.end_date IS NULL) ORDER BY o.id LIMIT 1")
POC=$(by_class pocket)
member "$P" "所在党组织=$LODGE"
eq "$(by_class pocket)" $((POC - 1)) "a pocket candidate less"
N_LODGED=$(first_notes)
same "a roster member's 所在党组织"
cli_same "a roster member's 所在党组织"

# ---- roster lines (职工名册) imported: an earlier line of a member without an organisation whose
# relation is outside the district (pocket_member's 入职日期: found again with its employer's
# members), a self-reported 中共党员 no member record names (an unregistered candidate more), that
# line taken away again (--replace: an unregistered candidate less) ----
RHEAD=$("$FGDJ" export rosters --unmasked --db $DB 2>/dev/null | head -1)
# rosters ROWS... [--replace]: those roster lines imported
rosters() {
	printf '%s\n' "$RHEAD" >"$WORK/r.csv"
	while [ $# -gt 0 ] && [ "$1" != --replace ]; do printf '%s\n' "$1" >>"$WORK/r.csv"; shift; done
	run 0 "$FGDJ" import rosters "$WORK/r.csv" "$@" --db $DB
}
# an 18-digit 公民身份号码 with its check character, from its first 17 digits
idno() { printf '%s\n' "$1" | awk '{ split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " "); s = 0
	for (i = 1; i <= 17; i++) s += substr($0, i, 1) * w[i]; print $0 substr("10X98765432", s % 11 + 1, 1) }'; }
Q=$(sql $DB "SELECT m.idno FROM member m WHERE m.org_id IS NULL AND m.employer_id IS NOT NULL AND m.closed IS NULL
	AND (SELECT count(*) FROM roster_line r WHERE r.idno = m.idno) = 1
	AND (SELECT min(r.hired) FROM roster_line r WHERE r.idno = m.idno) > '2021-01-01' ORDER BY m.id LIMIT 1")
[ -n "$Q" ] && ok || fail "a member without an organisation on one roster line since 2021"
member "$Q" 区外组织关系=中共外省某某公司支部委员会
N_OUTSIDE=$(first_notes)
OTHER=$(sql $DB "SELECT uscc FROM enterprise WHERE closed IS NULL AND id <> (SELECT employer_id FROM member
	WHERE idno = '$Q') ORDER BY id LIMIT 1")
QNAME=$(sql $DB "SELECT name FROM member WHERE idno = '$Q'")
rosters "$OTHER,$QNAME,$Q,2019-03-01,中共党员"
N_EARLIER=$(first_notes)
same "an earlier roster line of a member without an organisation"
cli_same "an earlier roster line of a member without an organisation"
has "$WORK/fresh.$(path_at /findings)" "职工名册记载 2019-03-01"
UNREG=$(by_class unregistered)
NEWID=$(idno 33010619880512071)
rosters "$OTHER,测试自报,$NEWID,2026-01-05,中共党员"
eq "$(by_class unregistered)" $((UNREG + 1)) "an unregistered candidate more"
N_SELF=$(first_notes)
same "a self-reported 中共党员's roster line"
cli_same "a self-reported 中共党员's roster line"
"$FGDJ" export rosters --unmasked --db $DB 2>/dev/null | awk -F, -v u="$OTHER" -v x="$NEWID" \
	'{ sub(/\r$/, "") } $1 == u && $3 != x' >"$WORK/keep.txt"
# (the enterprise's other lines kept, the self-reported one taken away)
rosters $(cat "$WORK/keep.txt") --replace
eq "$(by_class unregistered)" "$UNREG" "the unregistered candidate gone"
N_GONE=$(first_notes)
same "a roster line taken away"
cli_same "a roster line taken away"

# ---- not patched: a decision and a setting the figures read ----
decide confirm "$A"
setting_changed
N_BOTH=$(first_notes)
same "a decision and a setting the figures read"

# ---- the patch was taken (the server's access log) ----
echo "computed by the first /findings, /plan, /: first [$N_FIRST], note [$N_NOTE], changed [$N_CHANGED], dismissed [$N_DISMISSED], hidden one [$N_HCONF], 是否亮明身份 [$N_SETTLED], 所在党组织 [$N_LODGED], 区外组织关系 [$N_OUTSIDE], an earlier line [$N_EARLIER], a self-reported line [$N_SELF], taken away [$N_GONE]; control [$N_BOTH]" >&2
for n in "$N_FIRST" "$N_NOTE" "$N_CHANGED" "$N_DISMISSED" "$N_HCONF"; do
	notes_are "the first pages after a decision" "$n" "事实增量 问题增量" "事实载入 问题重查"
	# no figure reads a decision: the year-earlier day kept, today's computed from the same facts
	eq "$(count_of 统计重算 "$n")" 1 "after a decision: today's figures alone computed ($n)"
done
for n in "$N_SETTLED" "$N_LODGED" "$N_EARLIER" "$N_SELF" "$N_GONE"; do
	notes_are "the first pages after a roster member's edit or a roster line" "$n" "事实增量 问题增量" "事实载入 问题重查"
	# a past day's candidates read the member records as they are today: computed again
	eq "$(count_of 统计重算 "$n")" 2 "after a roster member's edit or a roster line: the year-earlier figures computed again ($n)"
done
notes_are "the first pages after a roster member's 区外组织关系" "$N_OUTSIDE" "事实增量 问题增量" "事实载入 问题重查"
notes_are "the first pages after a decision and a setting the figures read" "$N_BOTH" "事实载入 问题重查" "事实增量 问题增量"
finish
