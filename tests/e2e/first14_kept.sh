#!/bin/sh
# Kept == recomputed over changes of what organisations cover (覆盖企业: web/cache.h;
# store_changes_since's STORE_ORG_COVER — the enterprises whose links started or ended today —,
# facts_patch's links of those enterprises read again and replaced, check_patch's orgs_patch): a
# joint branch made to cover one enterprise less, then that one again and an enterprise nobody
# covered, then an enterprise of the street user's street that another organisation covers (found
# twice covered; for the street user the organisation comes into the street's region: found afresh
# there), then that one dropped again with its 组建方式 changed in the same import, then one less again
# with a meeting of the branch and a member of it made 预备党员 in the same batch — the facts and
# findings patched each time, and each page and API (the dashboard, the statistics, the findings,
# the plan, figure sets, the work report; the street user's dashboard and findings), read from the
# warm server right after the write, byte-identical to a fresh server's on the same database; and
# the command line's kept facts and findings (`fgdj stats`, `fgdj check`, `fgdj report work`)
# byte-identical to a load from the tables. A past day's figures are kept: a link added starts
# today, a link dropped ends today. Found afresh, and still right: a coverage change with a
# setting the figures read.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

kept_warm /findings?rule=need_single /findings?rule=covered_twice /findings?rule=big_no_instructor \
	/findings?rule=joint_too_many /api/v1/stats /reports/work.html

count_of() { printf '%s\n' $2 | grep -cx "$1"; }
covers() {
	"$FGDJ" export orgs --db $DB -o "$WORK/o.csv" >/dev/null 2>&1
	awk -F, -v n="$1" 'NR > 1 && $1 == n { print $5 }' "$WORK/o.csv"
}
links() { sql $DB "SELECT count(*) FROM coverage cv JOIN org o ON o.id = cv.org_id WHERE o.name = '$1' AND cv.end_date IS NULL"; }
SID=$(sql $DB "SELECT id FROM region WHERE level = 'street' AND name = '$STREET'")
IN_STREET="SELECT 1 FROM region c WHERE c.id = e.community_id AND c.parent_id = $SID"
COVERED="SELECT 1 FROM coverage cv WHERE cv.enterprise_id = e.id AND cv.end_date IS NULL"

# a joint branch covering two or more operating enterprises, none of the street user's street
J=$(sql $DB "SELECT o.name FROM org o WHERE o.closed IS NULL AND o.mode = '联合建'
	AND (SELECT count(*) FROM coverage cv JOIN enterprise e ON e.id = cv.enterprise_id
	     WHERE cv.org_id = o.id AND cv.end_date IS NULL AND e.status = '在营') >= 2
	AND NOT EXISTS (SELECT 1 FROM coverage cv JOIN enterprise e ON e.id = cv.enterprise_id
	     WHERE cv.org_id = o.id AND cv.end_date IS NULL AND EXISTS ($IN_STREET)) ORDER BY o.id LIMIT 1")
[ -n "$J" ] && ok || fail "a joint branch outside $STREET covering two operating enterprises"
COV=$(covers "$J")
N0=$(links "$J")

# ---- one enterprise less (it may be left uncovered: its findings) ----
org "$J" "覆盖企业=${COV%；*}"
eq "$(links "$J")" $((N0 - 1)) "$J covers one enterprise less"
N_CUT=$(first_notes)
same "a joint branch covering one enterprise less"

# ---- that one again, and an enterprise nobody covered (the one employing most members) ----
U=$(sql $DB "SELECT e.uscc FROM enterprise e WHERE e.status = '在营' AND e.closed IS NULL
	AND NOT EXISTS ($IN_STREET) AND NOT EXISTS ($COVERED)
	ORDER BY (SELECT count(*) FROM member m WHERE m.employer_id = e.id) DESC, e.id LIMIT 1")
[ -n "$U" ] && ok || fail "an operating enterprise nobody covers"
org "$J" "覆盖企业=$COV；$U"
eq "$(links "$J")" $((N0 + 1)) "$J covers that one again and one more"
N_ADD=$(first_notes)
same "a joint branch covering an enterprise nobody covered"
cli_same "a joint branch covering an enterprise nobody covered"

# ---- an enterprise of the street user's street that another organisation covers ----
T=$(sql $DB "SELECT e.uscc FROM enterprise e WHERE e.status = '在营' AND e.closed IS NULL
	AND EXISTS ($IN_STREET) AND EXISTS ($COVERED) ORDER BY e.id LIMIT 1")
TNAME=$(sql $DB "SELECT name FROM enterprise WHERE uscc = '$T'")
[ -n "$T" ] && ok || fail "a covered operating enterprise of $STREET"
org "$J" "覆盖企业=$COV；$U；$T"
N_TWICE=$(first_notes)
# the street user's region: the organisation comes into it (the party's organisations of the region
# change) — found afresh there
NS_TWICE=$(notes_of jj /findings /)
same "a joint branch covering an enterprise another organisation covers"
has "$WORK/fresh.$(path_at /findings?rule=covered_twice)" "$TNAME"

# ---- that one dropped again, with 组建方式 changed in the same import ----
A0=$(sql $DB "SELECT count(*) FROM org WHERE closed IS NULL AND mode = '挂靠建'")
org "$J" "覆盖企业=$COV；$U" 组建方式=挂靠建
eq "$(sql $DB "SELECT count(*) FROM org WHERE closed IS NULL AND mode = '挂靠建'")" $((A0 + 1)) "one more 挂靠建 organisation"
N_DROP=$(first_notes)
NS_DROP=$(notes_of jj /findings /)
same "a joint branch made 挂靠建, covering one enterprise less"
cli_same "a joint branch made 挂靠建, covering one enterprise less"

# ---- in one batch: one enterprise less again, a meeting of the branch today, a formal member of it
# made 预备党员 (the branch's findings found once: orgs_patch, party_hours_patch leaving them alone) ----
MB=$(sql $DB "SELECT m.idno FROM member m JOIN org o ON o.id = m.org_id WHERE o.name = '$J' AND m.status = '正式党员'
	AND m.closed IS NULL ORDER BY m.id LIMIT 1")
[ -n "$MB" ] && ok || fail "a formal member of $J"
org "$J" "覆盖企业=$COV"
printf '党组织名称,活动类型,日期,主题,参加党员,学时\n%s,主题党日,%s,测试主题党日,,\n' "$J" "$FGDJ_TODAY" >"$WORK/mt.csv"
run 0 "$FGDJ" import meetings "$WORK/mt.csv" --db $DB
member "$MB" 人员类别=预备党员 转正日期=
N_MIX=$(first_notes)
same "a coverage change, a meeting and a member made 预备党员 in one batch"
cli_same "a coverage change, a meeting and a member made 预备党员 in one batch"

# ---- not patched: a coverage change (one enterprise more) with a setting the figures read ----
org "$J" "覆盖企业=$COV；$U"
setting_changed
N_BOTH=$(first_notes)
same "a coverage change with a setting the figures read"

# ---- the patch was taken (the server's access log) ----
echo "computed by the first /findings, /plan, /: less [$N_CUT], more [$N_ADD], twice [$N_TWICE] (street [$NS_TWICE]), dropped [$N_DROP] (street [$NS_DROP]), with a meeting and a member [$N_MIX]; control [$N_BOTH]" >&2
for n in "$N_CUT" "$N_ADD" "$N_TWICE" "$N_DROP"; do
	notes_are "the first pages after a coverage change" "$n" "事实增量 问题增量" "事实载入 问题重查"
	# links added start today and dropped end today: the year-earlier day kept
	eq "$(count_of 统计重算 "$n")" 1 "after a coverage change: today's figures alone computed ($n)"
done
for n in "$NS_TWICE" "$NS_DROP"; do
	notes_are "the street user's first pages after an organisation came into or left the street" "$n" "事实载入" "事实增量"
done
notes_are "the first pages after a coverage change, a meeting and a member" "$N_MIX" "事实增量 问题增量" "事实载入 问题重查"
notes_are "the first pages after a coverage change with a setting the figures read" "$N_BOTH" "事实载入 问题重查" "事实增量 问题增量"
finish
