#!/bin/sh
# Kept == recomputed over cross-match decisions (职工名册比对: a candidate confirmed or dismissed;
# web/cache.h; store_changes_since's STORE_XM_DECIDED, check_patch's confirmed_patch): the first
# confirmation (a crossmatch_confirmed finding comes), a second with a note, the note changed, the
# first dismissed (its finding goes) — the facts kept as they were and the findings patched each
# time, and each page and API (the dashboard, the statistics, the findings, the plan, figure sets,
# the work report; the street user's dashboard and findings), read from the warm server right after
# the write, byte-identical to a fresh server's on the same database; and the command line's kept
# facts and findings (`fgdj stats`, `fgdj check`, `fgdj report work`) byte-identical to a load from
# the tables. No figure reads a decision: the year-earlier figures are kept. Found afresh, and still
# right: a decision and an organisation's 成立日期 in one change.
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

# ---- not patched: a decision and an organisation's 成立日期 ----
decide confirm "$A"
org_refounded
N_BOTH=$(first_notes)
same "a decision and an organisation's 成立日期"

# ---- the patch was taken (the server's access log) ----
echo "computed by the first /findings, /plan, /: first [$N_FIRST], note [$N_NOTE], changed [$N_CHANGED], dismissed [$N_DISMISSED]; control [$N_BOTH]" >&2
for n in "$N_FIRST" "$N_NOTE" "$N_CHANGED" "$N_DISMISSED"; do
	notes_are "the first pages after a decision" "$n" "事实增量 问题增量" "事实载入 问题重查"
	# no figure reads a decision: the year-earlier day kept, today's computed from the same facts
	eq "$(count_of 统计重算 "$n")" 1 "after a decision: today's figures alone computed ($n)"
done
notes_are "the first pages after a decision and an organisation's 成立日期" "$N_BOTH" "事实载入 问题重查" "事实增量 问题增量"
finish
