#!/bin/sh
# Kept == recomputed over edits of organisations that cover no enterprise (web/cache.h;
# store_changes_since's STORE_ORG | STORE_ORG_UNLINKED — no figure reads them, in any region: a
# region's organisations are those covering its enterprises —; check_patch finds the findings of
# every organisation covering no enterprise again, the whole district's rules run for each, and those
# about the members they hold without an employer when one moved): a joint branch that covers no
# enterprise yet, its term overdue, given a 本届任期开始 of this year (its term_overdue finding goes);
# a leadership body holding a member without an employer (made 失联: lost_contact, placed by the
# body) moved into the street user's street (the finding placed there, the street user's pages
# patched too); the body given another 上级党组织 and 书记姓名. Each time each page and API (the
# dashboard, the statistics, the findings, the plan, figure sets, the work report; the street user's
# dashboard and findings), read from the warm server right after the write, is byte-identical to a
# fresh server's on the same database; and the command line's kept facts and findings (`fgdj stats`,
# `fgdj check`, `fgdj report work`) byte-identical to a load from the tables. Found afresh, and still
# right: a setting the figures read (joint.max_units).
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

kept_setup
SID=$(sql $DB "SELECT id FROM region WHERE level = 'street' AND name = '$STREET'")
# a leadership body of another street, none of its organisations in the street user's street
B=$(sql $DB "SELECT o.name FROM org o WHERE o.mode = '上级机关' AND o.closed IS NULL AND o.street_id IS NOT NULL
	AND o.street_id <> $SID AND NOT EXISTS (SELECT 1 FROM org c WHERE c.parent_id = o.id AND c.street_id = $SID)
	ORDER BY o.id LIMIT 1")
[ -n "$B" ] && ok || fail "a leadership body of another street"
eq "$(sql $DB "SELECT count(*) FROM coverage cv JOIN org o ON o.id = cv.org_id WHERE o.name = '$B'")" 0 "$B covers nothing"
# a member it holds without an employer, 失联 since last year (lost_contact, placed by the body)
LOST=$(sql $DB "SELECT m.idno FROM member m WHERE m.closed IS NULL AND m.employer_id IS NOT NULL
	AND m.relation = '正常' ORDER BY m.id LIMIT 1")
member "$LOST" 工作单位统一社会信用代码= "所在党组织=$B" 组织关系状态=失联 关系状态起始日期=2025-03-01
found_json >"$WORK/f1.json"
grep -A14 '"rule": "lost_contact"' "$WORK/f1.json" | grep -q "（$LOST）" && ok || fail "a lost_contact finding about the member $B holds"
# a joint branch covering no enterprise yet, founded 2018, its term overdue (term_overdue)
"$FGDJ" export orgs --db $DB -o "$WORK/orgs.csv" >/dev/null 2>&1
J0=$(sql $DB "SELECT o.name FROM org o WHERE o.mode = '联合建' AND o.closed IS NULL ORDER BY o.id LIMIT 1")
csv_row "$WORK/orgs.csv" 1 "$J0" "$WORK/n2.csv" 覆盖企业= 成立日期=2018-03-01 本届任期开始=2019-03-01 书记姓名=
U=中共测试未覆盖联合支部委员会
awk -F, -v OFS=, -v n="$U" 'NR > 1 { $1 = n } 1' "$WORK/n2.csv" >"$WORK/n1.csv"
run 0 "$FGDJ" import orgs "$WORK/n1.csv" --db $DB
grep -q '新增 1' "$WORK/out" && ok || fail "the joint branch $U: $(cat "$WORK/out")"
found_json >"$WORK/f2.json"
grep -A14 '"rule": "term_overdue"' "$WORK/f2.json" | grep -q "\"subject\": \"$U\"" && ok || fail "$U's term overdue"

KEPT_ARGS="--refresh-after 0"
kept_start
PATHS="$PATHS /findings?rule=lost_contact /findings?rule=term_overdue /api/v1/findings?rule=lost_contact
	/api/v1/findings?rule=term_overdue /api/v1/findings /api/v1/stats /reports/work.html /orgs"
snap warm
# where the tables place a finding about that subject: "street community"
placed() { found_json | grep -A16 -F "$1" | sed -n 's/^ *"street": "\(.*\)",$/\1/p; s/^ *"community": "\(.*\)"$/\1/p' | head -2 | tr '\n' ' '; }

# ---- the joint branch covering nothing given a 本届任期开始 of this year: its finding goes ----
org "$U" "本届任期开始=${FGDJ_TODAY%-*-*}-01-05"
N_TERM=$(first_notes)
same "an organisation covering no enterprise given a new term"
cli_same "an organisation covering no enterprise given a new term"
hasnt "$WORK/fresh.$(path_at /api/v1/findings?rule=term_overdue)" "$U"

# ---- the body moved into the street user's street: the lost contact placed there ----
C1=$(sql $DB "SELECT c.name FROM region c WHERE c.level = 'community' AND c.parent_id = $SID ORDER BY c.id LIMIT 1")
org "$B" "所属街道=$STREET" "所属社区=$C1" 所属区域=
eq "$(placed "（$LOST）")" "$STREET $C1 " "the lost contact found in the body's new place"
N_IN=$(first_notes)
NS_IN=$(notes_of jj /findings /)
same "a leadership body moved into the street user's street"
cli_same "a leadership body moved into the street user's street"
has "$WORK/kept.$(path_at /findings?rule=lost_contact)" "$C1"

# ---- the body given another 上级党组织 and 书记姓名 ----
P=$(sql $DB "SELECT p.name FROM org p WHERE p.mode = '上级机关' AND p.closed IS NULL AND p.name <> '$B'
	AND p.id <> coalesce((SELECT parent_id FROM org WHERE name = '$B'), 0)
	AND (SELECT parent_id FROM org WHERE id = p.id) IS NOT NULL
	AND NOT EXISTS (SELECT 1 FROM org c WHERE c.parent_id = (SELECT id FROM org WHERE name = '$B') AND c.id = p.id)
	ORDER BY p.id LIMIT 1")
[ -n "$P" ] && ok || fail "another leadership body for $B"
org "$B" "上级党组织=$P" 书记姓名=测试书记
N_PARENT=$(first_notes)
same "a leadership body given another 上级党组织 and 书记姓名"
cli_same "a leadership body given another 上级党组织 and 书记姓名"

# ---- not patched: a setting the figures read ----
setting_changed
N_SET=$(first_notes)
same "a setting the figures read"
cli_same "a setting the figures read"

# ---- the patch was taken (the server's access log) ----
echo "computed by the first /findings, /plan, /: term [$N_TERM], moved [$N_IN] (street user [$NS_IN]), parent [$N_PARENT]; control [$N_SET]" >&2
# (no figure reads them: the year-earlier figures kept each time)
patched_today "an organisation covering no enterprise" "$N_TERM" "$N_IN" "$N_PARENT"
notes_are "the street user's first pages after a leadership body moved into the street" "$NS_IN" "事实增量 问题增量" "事实载入 问题重查"
eq "$(count_of 方案重排 "$N_PARENT")" 1 "after a leadership body's 上级党组织: the plan drawn again ($N_PARENT)"
notes_are "the first pages after a setting" "$N_SET" "事实载入 问题重查" "事实增量 问题增量"
finish
