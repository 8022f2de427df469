#!/bin/sh
# Kept == recomputed over new organisations that no other record names (web/cache.h;
# store_changes_since's STORE_ORG_NEW — store_org_bare —, facts_patch's links of the enterprises it
# covers read again and replaced, the organisation come into the region's active ones with its
# calendar alone — party_orgs_enter —, check_patch's orgs_patch): a joint branch founded today
# covering two operating enterprises nobody covered, a branch founded last year covering another
# (the year-earlier day reads it: computed again, store_org_new_dated_from), a branch covering an
# enterprise of the street user's street (for the street user too it comes into the region) — the
# facts and findings patched each time, and each page and API (the dashboard, the statistics, the
# findings, the plan, figure sets, the work report; the street user's dashboard and findings), read
# from the warm server right after the write, byte-identical to a fresh server's on the same
# database; and the command line's kept facts and findings (`fgdj stats`, `fgdj check`, `fgdj report
# work`) byte-identical to a load from the tables. Patched too: a new organisation with its
# secretary's record, and one with a meeting held today, in the same change (records a patch reads
# again whole, after the organisation came in: store_org_bare's reread), and one with a member
# lodged in it (no figure reads a member's organisation; its findings and the member's, and those
# of the organisation the member left, found again by the member's edit). Found afresh, and still
# right: a new organisation with a covered enterprise's 经营状态 in the same change.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

kept_warm /findings?rule=need_single /findings?rule=secretary_missing /api/v1/findings?rule=secretary_missing \
	/api/v1/stats /reports/work.html

count_of() { printf '%s\n' $2 | grep -cx "$1"; }
SID=$(sql $DB "SELECT id FROM region WHERE level = 'street' AND name = '$STREET'")
# operating enterprises nobody covers, of the street user's street or not (WHERE: that), N of them
uncovered() {
	sql $DB "SELECT e.uscc FROM enterprise e JOIN region c ON c.id = e.community_id WHERE e.status = '在营'
		AND e.closed IS NULL AND $1 AND NOT EXISTS (SELECT 1 FROM coverage cv WHERE cv.enterprise_id = e.id
		AND cv.end_date IS NULL) ORDER BY e.id LIMIT $2" | awk 'NR > 1 { printf "；" } { printf "%s", $0 } END { print "" }'
}
"$FGDJ" export orgs --db $DB -o "$WORK/orgs.csv" >/dev/null 2>&1
BASE=$(sql $DB "SELECT o.name FROM org o WHERE o.mode = '联合建' AND o.closed IS NULL ORDER BY o.id LIMIT 1")
# new_org NAME COVERS FOUNDED: a joint branch of that name, covering those enterprises, founded then
# (the first joint branch's row otherwise), imported (added)
new_org() {
	csv_row "$WORK/orgs.csv" 1 "$BASE" "$WORK/n2.csv" "覆盖企业=$2" "成立日期=$3" "本届任期开始=$3" 书记姓名=
	awk -F, -v OFS=, -v n="$1" 'NR > 1 { $1 = n } 1' "$WORK/n2.csv" >"$WORK/n1.csv"
	run 0 "$FGDJ" import orgs "$WORK/n1.csv" --db $DB
	grep -q '新增 1' "$WORK/out" && ok || fail "new organisation $1: $(cat "$WORK/out")"
}

# ---- a joint branch founded today covering two operating enterprises nobody covered ----
U2=$(uncovered "c.parent_id <> $SID" 2)
case "$U2" in *'；'*) ok ;; *) fail "two operating enterprises nobody covers: $U2" ;; esac
new_org 中共测试甲联合支部委员会 "$U2" "$FGDJ_TODAY"
N_TODAY=$(first_notes)
same "a joint branch founded today"
cli_same "a joint branch founded today"
has "$WORK/fresh.$(path_at /api/v1/findings?rule=secretary_missing)" 中共测试甲联合支部委员会

# ---- a branch founded last year covering another ----
U1=$(uncovered "c.parent_id <> $SID" 1)
new_org 中共测试乙联合支部委员会 "$U1" 2025-06-01
N_LAST=$(first_notes)
same "a branch founded last year"
cli_same "a branch founded last year"

# ---- a branch covering an enterprise of the street user's street ----
US=$(uncovered "c.parent_id = $SID" 1)
[ -n "$US" ] && ok || fail "an operating enterprise of $STREET nobody covers"
new_org 中共测试丙联合支部委员会 "$US" "$FGDJ_TODAY"
N_STREET=$(first_notes)
NS_STREET=$(notes_of jj /findings /)
same "a branch covering an enterprise of the street user's street"

# ---- the first branch (no record names it) covering an enterprise of the street user's street too:
# the district's facts patched; the street user's found afresh (an organisation that is not new
# comes into its region) ----
US2=$(uncovered "c.parent_id = $SID" 1)
[ -n "$US2" ] && ok || fail "another operating enterprise of $STREET nobody covers"
csv_row "$WORK/orgs.csv" 1 "$BASE" "$WORK/n2.csv" "覆盖企业=$U2；$US2" "成立日期=$FGDJ_TODAY" "本届任期开始=$FGDJ_TODAY" 书记姓名=
awk -F, -v OFS=, 'NR > 1 { $1 = "中共测试甲联合支部委员会" } 1' "$WORK/n2.csv" >"$WORK/n1.csv"
run 0 "$FGDJ" import orgs "$WORK/n1.csv" --db $DB
grep -q '更新 1' "$WORK/out" && ok || fail "中共测试甲联合支部委员会 covering more: $(cat "$WORK/out")"
N_MORE=$(first_notes)
NS_MORE=$(notes_of jj /findings /)
same "a new branch covering an enterprise of the street user's street too"

# ---- not patched: a new organisation and a covered enterprise's 经营状态 in one change (the new one
# comes in before the change is seen: the kept organisations, grown, go back to the kept value) ----
U4=$(uncovered "c.parent_id <> $SID" 1)
new_org 中共测试戊联合支部委员会 "$U4" "$FGDJ_TODAY"
Y=$(sql $DB "SELECT e.uscc FROM enterprise e WHERE e.status = '在营' AND e.closed IS NULL AND EXISTS (SELECT 1
	FROM coverage cv WHERE cv.enterprise_id = e.id AND cv.end_date IS NULL) ORDER BY e.id LIMIT 1")
"$FGDJ" export enterprises --unmasked --db $DB -o "$WORK/ents.csv" >/dev/null 2>&1
{ head -1 "$WORK/ents.csv"; grep -e "^$Y," "$WORK/ents.csv"; } |
	awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "经营状态") c = i; print; next } { $c = "停业"; print }' \
	>"$WORK/y.csv"
run 0 "$FGDJ" import enterprises "$WORK/y.csv" --db $DB
N_STATUS=$(first_notes)
same "a new organisation and a covered enterprise's 经营状态"
cli_same "a new organisation and a covered enterprise's 经营状态"

# new_with NAME LEDGER HEADER ROW: a joint branch NAME founded today covering an operating enterprise
# nobody covers (not of the street user's street), then a record naming it imported (the ledger's
# HEADER and a ROW) — one change for the server
new_with() {
	new_org "$1" "$(uncovered "c.parent_id <> $SID" 1)" "$FGDJ_TODAY"
	printf '%s\n%s\n' "$3" "$4" >"$WORK/rec.csv"
	run 0 "$FGDJ" import "$2" "$WORK/rec.csv" --db $DB
}

# ---- a new organisation and its secretary's record in one change ----
new_with 中共测试丁联合支部委员会 secretaries 党组织名称,姓名,公民身份号码,任职日期,离任日期,产生方式,是否双强,是否出资人或高管,联系电话 \
	"中共测试丁联合支部委员会,测试书记,,$FGDJ_TODAY,,内选,否,否,"
N_SEC=$(first_notes)
same "a new organisation and its secretary"
cli_same "a new organisation and its secretary"
has "$WORK/fresh.$(path_at /api/v1/findings?rule=secretary_missing)" 中共测试甲联合支部委员会
hasnt "$WORK/fresh.$(path_at /api/v1/findings?rule=secretary_missing)" 中共测试丁联合支部委员会

# ---- a new organisation and a meeting it held today in one change ----
new_with 中共测试己联合支部委员会 meetings 党组织名称,活动类型,日期,主题,参加党员,学时 \
	"中共测试己联合支部委员会,支部委员会,$FGDJ_TODAY,成立后第一次支委会,,"
N_MEET=$(first_notes)
same "a new organisation and its meeting"
cli_same "a new organisation and its meeting"

# ---- a new organisation and a member lodged in it in one change ----
U6=$(uncovered "c.parent_id <> $SID" 1)
new_org 中共测试庚联合支部委员会 "$U6" "$FGDJ_TODAY"
MB=$(sql $DB "SELECT idno FROM member WHERE closed IS NULL AND org_id IS NOT NULL AND employer_id IS NOT NULL ORDER BY id LIMIT 1")
[ -n "$MB" ] && ok || fail "a member lodged in an organisation"
MORG=$(sql $DB "SELECT o.name FROM member m JOIN org o ON o.id = m.org_id WHERE m.idno = '$MB'")
member "$MB" 所在党组织=中共测试庚联合支部委员会
N_BOTH=$(first_notes)
same "a new organisation and a member lodged in it"
cli_same "a new organisation and a member lodged in it"
eq "$(sql $DB "SELECT o.name FROM member m JOIN org o ON o.id = m.org_id WHERE m.idno = '$MB'")" 中共测试庚联合支部委员会 \
	"$MB lodged in the new organisation (from $MORG)"

# ---- the patch was taken (the server's access log) ----
echo "computed by the first /findings, /plan, /: today [$N_TODAY], last year [$N_LAST], street [$N_STREET] (street user [$NS_STREET]), with its secretary [$N_SEC], with a meeting [$N_MEET], with a member lodged in it [$N_BOTH]" >&2
for n in "$N_TODAY" "$N_LAST" "$N_STREET" "$NS_STREET" "$N_SEC" "$N_MEET" "$N_MORE" "$N_BOTH"; do
	notes_are "the first pages after a new organisation" "$n" "事实增量 问题增量" "事实载入 问题重查"
done
# the year-earlier day: kept after organisations founded today, computed again after one founded
# before it (its links count from its 成立日期)
for n in "$N_TODAY" "$N_STREET" "$N_SEC" "$N_MEET"; do
	eq "$(count_of 统计重算 "$n")" 1 "after an organisation founded today: today's figures alone computed ($n)"
done
eq "$(count_of 统计重算 "$N_LAST")" 2 "after an organisation founded last year: the year-earlier figures computed again ($N_LAST)"
notes_are "the street user's first pages after an organisation not new came into the street" "$NS_MORE" "事实载入" "事实增量"
notes_are "the first pages after a new organisation and a 经营状态" "$N_STATUS" "事实载入" "事实增量"
finish
