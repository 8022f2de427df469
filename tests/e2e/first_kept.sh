#!/bin/sh
# The kept results (web/cache.h) — the facts shared by the statistics, findings, plan and figure
# sets, and what is drawn from them — are what a fresh computation gives after every kind of write:
# on the district demo, each page and API below is read from a warm server right after the write
# (the kept values are found again, or kept when nothing they read changed), then from a server
# started afresh on the same database (nothing kept), and the two must be byte-identical. Each
# write is also checked to show where it must: an enterprise closed leaves the dashboard's count,
# a setting the findings read changes them, one no figure reads changes nothing.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

kept_setup
# an enterprise without an organisation (closing it ends no coverage link) and a member of one
ENT=$(sql $DB "SELECT uscc FROM enterprise e WHERE closed IS NULL AND status = '在营' AND NOT EXISTS
	(SELECT 1 FROM coverage c WHERE c.enterprise_id = e.id) ORDER BY id LIMIT 1")
MEM=$(sql $DB "SELECT idno FROM member WHERE closed IS NULL AND employer_id IS NOT NULL ORDER BY id LIMIT 1")
[ -n "$ENT" ] && [ -n "$MEM" ] && ok || fail "an enterprise and a member to write"

kept_start

snap warm
grep -q '未完成整改的检查发现' "$WORK/warm.1" && ok || fail "the dashboard shows the open findings"
[ "$(total warm)" -gt 0 ] && ok || fail "findings on the demo"

# ---- a write of the data: an enterprise closed, then reopened ----
run 0 "$FGDJ" close enterprise "$ENT" --date 2026-11-20 --reason 测试 --db $DB
same "enterprise closed"
run 0 "$FGDJ" reopen enterprise "$ENT" --db $DB
same "enterprise reopened"
eq "$(total fresh)" "$(total warm)" "reopened: the findings as before"

# ---- a member closed (the party-work figures and the findings read members) ----
run 0 "$FGDJ" close member "$MEM" --date 2026-11-20 --reason 测试 --db $DB
same "member closed"

# ---- a finding's state (the kept findings restated, the facts kept) ----
REF=$(sed -n 's/^ *"ref": "\([0-9a-f]*\)",$/\1/p' "$WORK/fresh.6" | head -1)
[ -n "$REF" ] && ok || fail "a finding's ref"
before=$(open_count fresh)
run 0 "$FGDJ" finding set "$REF" 已整改 --note 测试 --db $DB
same "a finding's state"
eq "$(open_count fresh)" "$((before - 1))" "one finding fewer open on the dashboard"

# ---- enterprises' numbers and flags (the kept facts patched, the enterprise rules run again for
# those enterprises alone and their findings spliced in: store_changes_since, facts_patch,
# check_patch) ----
# edit USCC COL VALUE [USCC2]: the enterprise's row of the export with column COL (1-based) set to
# VALUE, imported (an update naming that field alone); USCC2's row too when given.
edit_ent() {
	"$FGDJ" export enterprises --unmasked --db $DB -o "$WORK/ents.csv" >/dev/null 2>&1
	{ head -1 "$WORK/ents.csv"; grep -e "^$1," ${4:+-e "^$4,"} "$WORK/ents.csv" |
		awk -F, -v OFS=, -v c="$2" -v v="$3" '{ $c = v; print }'; } >"$WORK/edit.csv"
	run 0 "$FGDJ" import enterprises "$WORK/edit.csv" --db $DB
	grep -q '更新 [1-9]' "$WORK/out" && ok || fail "edit $1 column $2: $(cat "$WORK/out")"
}
# An operating 三有 enterprise (fixed site, 10–49 employees: scope.min_employees 10, below
# instructor.priority_employees 50) with its 五清 complete, no organisation, no instructor and no
# member: none of the enterprise rules finds it, and no other finding reads it but by name.
PLAIN=$(sql $DB "SELECT uscc FROM enterprise e WHERE closed IS NULL AND status = '在营' AND fixed_site = 1
	AND employees BETWEEN 10 AND 49 AND op_info > '' AND staff_info > '' AND investor > '' AND no_org_reason > ''
	AND NOT EXISTS (SELECT 1 FROM coverage c WHERE c.enterprise_id = e.id)
	AND NOT EXISTS (SELECT 1 FROM assignment a WHERE a.enterprise_id = e.id)
	AND NOT EXISTS (SELECT 1 FROM member m WHERE m.employer_id = e.id) ORDER BY id LIMIT 1")
# and an operating enterprise with a covering organisation (its 经营状态 decides which are active)
COVERED=$(sql $DB "SELECT uscc FROM enterprise e WHERE closed IS NULL AND status = '在营'
	AND EXISTS (SELECT 1 FROM coverage c WHERE c.enterprise_id = e.id AND c.end_date IS NULL) ORDER BY id LIMIT 1")
[ -n "$PLAIN" ] && [ -n "$COVERED" ] && ok || fail "enterprises to edit"
ftotal() { "$FGDJ" check --format json --db $DB 2>/dev/null | sed -n 's/^  "total": \([0-9]*\),$/\1/p'; }
t0=$(ftotal)
# 从业人员数 500: no members, no organisation, no instructor — 较大规模未覆盖企业尚未选派党建指导员
edit_ent "$PLAIN" 9 500
same "an enterprise's 从业人员数"
eq "$(total fresh)" "$((t0 + 1))" "500 employees: big_no_instructor found"
grep -q "\"key\": \"big_no_instructor/$PLAIN\"" "$WORK/fresh.5" && ok || fail "big_no_instructor of $PLAIN"
# 经营运行情况 emptied: its 五清 incomplete too
edit_ent "$PLAIN" 15 ""
same "an enterprise's 经营运行情况"
eq "$(total fresh)" "$((t0 + 2))" "经营运行情况 emptied: ledger_gap found"
# 经营状态 停业 (no organisation, no instructor: the active organisations stay): neither rule applies
edit_ent "$PLAIN" 8 停业
same "an enterprise's 经营状态"
eq "$(total fresh)" "$t0" "停业: its findings gone"
# two enterprises in one import, one of them covered (经营状态: everything found again)
edit_ent "$PLAIN" 8 在营 "$COVERED"
same "two enterprises' 经营状态, one covered"
edit_ent "$COVERED" 9 3
same "a covered enterprise's 从业人员数"
# a candidate of the joint-branch plan (uncovered 三有, one formal member) out of 三有 (5 employees):
# the plan's class of it changes, the plan is made again
CAND=$(sql $DB "SELECT e.uscc FROM enterprise e JOIN member m ON m.employer_id = e.id AND m.closed IS NULL
	WHERE e.closed IS NULL AND e.status = '在营' AND e.fixed_site = 1 AND e.employees BETWEEN 10 AND 49
	AND NOT EXISTS (SELECT 1 FROM coverage c WHERE c.enterprise_id = e.id)
	GROUP BY e.id HAVING count(*) = 1 AND sum(CASE WHEN m.status = '正式党员' AND m.relation <> '停止党籍' THEN 1 ELSE 0 END) = 1 ORDER BY e.id LIMIT 1")
cands() { sed -n 's/^ *"candidates": \([0-9]*\),$/\1/p' "$WORK/$1.8"; }
c0=$(cands fresh)
edit_ent "$CAND" 9 5
same "a plan candidate's 从业人员数"
eq "$(cands fresh)" "$((c0 - 1))" "the plan without the candidate"
# a setting no figure reads and a finding's state after such an edit: the patched values restated
run 0 "$FGDJ" settings web.admin_contact "组织科" --db $DB
edit_ent "$PLAIN" 9 30
REF=$(sed -n 's/^ *"ref": "\([0-9a-f]*\)",$/\1/p' "$WORK/fresh.5" | sed -n 2p)
run 0 "$FGDJ" finding set "$REF" 整改中 --db $DB
same "an edit, a setting and a state"

# ---- a setting no figure reads: everything kept as it was ----
cp "$WORK/fresh.5" "$WORK/prev.5"
run 0 "$FGDJ" settings web.admin_contact "组织科 0571-00000000" --db $DB
same "a setting no figure reads"
cmp -s "$WORK/prev.5" "$WORK/fresh.5" && ok || fail "the findings unchanged by the login page's contact"

# ---- a setting the findings read: found again ----
run 0 "$FGDJ" settings scope.min_employees 5 --db $DB
same "scope.min_employees"
[ "$(total fresh)" != "$(total warm)" ] && ok || fail "scope.min_employees 5 changes the findings"

# ---- the whole list sent as it is written (a city's, beyond the kept size: pinned small here) ----
stop_server
FGDJ_FINDINGS_JSON_KEEP=100 start_server $DB
for q in "" "?rule=study_short" "?state=open" "?rule=need_single&state=todo"; do
	curl -s -D "$WORK/hdr" -b "$WORK/bj" "$URL/api/v1/findings$q" >"$WORK/sent"
	rule=$(printf '%s' "$q" | sed -n 's/.*rule=\([a-z_]*\).*/\1/p')
	"$FGDJ" check --format json ${rule:+--rule $rule} --db $DB >"$WORK/cli" 2>/dev/null
	case "$q" in
	"" | "?rule=$rule") # what the command prints for the same selection
		cmp -s "$WORK/sent" "$WORK/cli" && ok || fail "/api/v1/findings$q sent in parts: not fgdj check's JSON" ;;
	esac
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['total'] == len(d['findings'])" "$WORK/sent" &&
		ok || fail "/api/v1/findings$q sent in parts: total and findings"
	grep -qi '^transfer-encoding: chunked' "$WORK/hdr" && ok || fail "/api/v1/findings$q: chunked"
done
[ "$(sed -n 's/^  "total": \([0-9]*\),$/\1/p' "$WORK/sent")" -gt 0 ] && ok || fail "need_single findings to send"

finish
