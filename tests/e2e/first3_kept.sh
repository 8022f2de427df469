#!/bin/sh
# Kept == recomputed over closings and reopenings (web/cache.h; store_changes_since,
# facts_patch, check_patch): an enterprise that no other record names (store_enterprise_bare — no
# organisation, instructor, member, roster line, task, party-work record) closed or reopened has
# the kept facts patched — it leaves them or comes back in its place, the others' indexes moved —
# and its enterprise rules run alone; the plan and a past day's figures kept when they cannot
# change. Each page and API below, read from the warm server right after the write, must be
# byte-identical to a fresh server's on the same database; closings of enterprises that are not bare
# (with members, with a covering organisation: patched when nothing else names them, first27_kept.sh)
# and a closing dated back are among them.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

kept_setup
# Enterprises no row of another table names (the tables store_enterprise_bare reads, written out
# here again as the schema has them), founded before the dashboard's year-earlier day.
BARE="closed IS NULL AND founded < '2025-06-01'"
for t in coverage:enterprise_id assignment:enterprise_id member:employer_id visit:enterprise_id \
	trainee:enterprise_id development:employer_id task:enterprise_id roster_line:enterprise_id \
	crossmatch_decision:enterprise_id designation:enterprise_id roster_candidate:enterprise_id; do
	BARE="$BARE AND NOT EXISTS (SELECT 1 FROM ${t%%:*} x WHERE x.${t#*:} = e.id)"
done
B1=$(sql $DB "SELECT uscc FROM enterprise e WHERE $BARE ORDER BY id LIMIT 1")
B2=$(sql $DB "SELECT uscc FROM enterprise e WHERE $BARE ORDER BY id DESC LIMIT 1")
# not bare: members employed there but no organisation; a covering organisation
MEMBERED=$(sql $DB "SELECT uscc FROM enterprise e WHERE closed IS NULL AND status = '在营'
	AND EXISTS (SELECT 1 FROM member m WHERE m.employer_id = e.id AND m.closed IS NULL)
	AND NOT EXISTS (SELECT 1 FROM coverage c WHERE c.enterprise_id = e.id) ORDER BY id LIMIT 1")
COVERED=$(sql $DB "SELECT uscc FROM enterprise e WHERE closed IS NULL AND status = '在营'
	AND EXISTS (SELECT 1 FROM coverage c WHERE c.enterprise_id = e.id AND c.end_date IS NULL) ORDER BY id LIMIT 1")
[ -n "$B1" ] && [ -n "$B2" ] && [ "$B1" != "$B2" ] && [ -n "$MEMBERED" ] && [ -n "$COVERED" ] && ok ||
	fail "enterprises to close"

kept_start


# edit USCC COL=VALUE...: the enterprise's row of the export with those columns (1-based) set,
# imported (an update naming those fields alone).
edit_ent() {
	u=$1
	shift
	"$FGDJ" export enterprises --unmasked --db $DB -o "$WORK/ents.csv" >/dev/null 2>&1
	{ head -1 "$WORK/ents.csv"; grep -e "^$u," "$WORK/ents.csv" |
		awk -F, -v OFS=, -v set="$*" '{ n = split(set, s, " "); for (i = 1; i <= n; i++) {
			split(s[i], kv, "="); $kv[1] = kv[2] } print }'; } >"$WORK/edit.csv"
	run 0 "$FGDJ" import enterprises "$WORK/edit.csv" --db $DB
	grep -q '更新 [1-9]' "$WORK/out" && ok || fail "edit $u $*: $(cat "$WORK/out")"
}
# the enterprises the dashboard counts (the first card's first line: 企业总数) and the JSON findings' total
ents_shown() { grep -o '<span class="num">[0-9]*</span>' "$WORK/$1.1" | head -1 | tr -dc 0-9; }
total() { sed -n 's/^  "total": \([0-9]*\),$/\1/p' "$WORK/$1.5"; }

snap warm
t0=$(total warm)
[ "$t0" -gt 0 ] && ok || fail "findings on the demo"
n0=$(ents_shown warm)
eq "$n0" "$(sql $DB "SELECT count(*) FROM enterprise WHERE closed IS NULL")" "the dashboard counts the open enterprises"

# ---- a bare enterprise made one the enterprise rules find (an edit of numbers: patched) ----
edit_ent "$B1" 8=在营 9=500 10=是
same "a bare enterprise's numbers"
# 较大规模未选派指导员 (500 employees, no member, organisation or instructor), and 五清 incomplete
# when one of its texts is empty (counted here from the database)
gap=$(sql $DB "SELECT coalesce(op_info, '') = '' OR coalesce(staff_info, '') = '' OR coalesce(investor, '') = ''
	OR coalesce(no_org_reason, '') = '' FROM enterprise WHERE uscc = '$B1'")
t1=$((t0 + 1 + gap))
eq "$(total fresh)" "$t1" "500 employees: its findings"
grep -q "\"key\": \"big_no_instructor/$B1\"" "$WORK/fresh.5" && ok || fail "big_no_instructor of $B1"

# ---- closed today, reopened: patched (it leaves the facts, comes back in its place) ----
run 0 "$FGDJ" close enterprise "$B1" --date "$FGDJ_TODAY" --reason 测试 --db $DB
same "a bare enterprise closed"
eq "$(total fresh)" "$t0" "closed: its findings gone"
eq "$(ents_shown fresh)" "$((n0 - 1))" "closed: one enterprise fewer on the dashboard"
run 0 "$FGDJ" reopen enterprise "$B1" --db $DB
same "a bare enterprise reopened"
eq "$(total fresh)" "$t1" "reopened: its findings again"
eq "$(ents_shown fresh)" "$n0" "reopened: the enterprises as before"

# ---- two bare enterprises closed one after the other, then one reopened, a number of the other
# edited and a finding's state set before the next request ----
run 0 "$FGDJ" close enterprise "$B1" --date "$FGDJ_TODAY" --reason 测试 --db $DB
run 0 "$FGDJ" close enterprise "$B2" --date "$FGDJ_TODAY" --reason 测试 --db $DB
same "two bare enterprises closed"
eq "$(ents_shown fresh)" "$((n0 - 2))" "two enterprises fewer"
run 0 "$FGDJ" reopen enterprise "$B2" --db $DB
edit_ent "$B2" 9=7
REF=$(sed -n 's/^ *"ref": "\([0-9a-f]*\)",$/\1/p' "$WORK/fresh.5" | head -1)
run 0 "$FGDJ" finding set "$REF" 整改中 --db $DB
same "one reopened, edited, a state set"
run 0 "$FGDJ" reopen enterprise "$B1" --db $DB
same "the other reopened"
eq "$(total fresh)" "$t1" "both back: the findings as before"

# ---- closed dated back, before the dashboard's year-earlier day: that day's figures change too ----
run 0 "$FGDJ" close enterprise "$B1" --date 2025-06-01 --reason 测试 --db $DB
same "a bare enterprise closed dated back"
run 0 "$FGDJ" reopen enterprise "$B1" --db $DB
same "reopened after a closing dated back"

# ---- not bare (patched or found afresh: first27_kept.sh says which) ----
run 0 "$FGDJ" close enterprise "$MEMBERED" --date "$FGDJ_TODAY" --reason 测试 --db $DB
same "an enterprise with members closed"
run 0 "$FGDJ" reopen enterprise "$MEMBERED" --db $DB
same "an enterprise with members reopened"
run 0 "$FGDJ" close enterprise "$COVERED" --date "$FGDJ_TODAY" --reason 测试 --db $DB
same "a covered enterprise closed"
run 0 "$FGDJ" reopen enterprise "$COVERED" --db $DB
same "a covered enterprise reopened"
# a bare one's closing and a covered one's in the same change
run 0 "$FGDJ" close enterprise "$B1" --date "$FGDJ_TODAY" --reason 测试 --db $DB
run 0 "$FGDJ" close enterprise "$COVERED" --date "$FGDJ_TODAY" --reason 测试 --db $DB
same "a bare and a covered enterprise closed"
eq "$(ents_shown fresh)" "$((n0 - 2))" "two enterprises fewer"

finish
