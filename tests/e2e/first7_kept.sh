#!/bin/sh
# Kept == recomputed over a new member and a member's change of employer (web/cache.h;
# store_changes_since's STORE_MEMBER_MOVED, facts_patch's members_moved, check_patch's members step):
# a new member (an import adding one person) whom no record of another table names
# (store_member_bare) — into an enterprise with an organisation and lodged there, into one without,
# into one with no members; a 预备党员 and a 正式党员; 入党日期 this year (the dashboard's year-earlier
# figures kept: that day does not count it) and long ago (they are computed again) — and a member's
# 工作单位 changed from one enterprise to another (both counted again, the organisations covering
# either, the member's own findings placed by its new employer) within a street, to another street
# (the street user's kept facts found afresh when a member left its street or one with study hours
# came into it; patched when one no other record names came into it), to an enterprise with no
# members. Each page and API (the dashboard, the
# statistics, the findings, the plan, figure sets, the work report; the street user's dashboard and
# findings), read from the warm server right after the write, must be byte-identical to a fresh
# server's on the same database; the access log says the patch was taken. Patched too: an employer
# changed of a member a roster line names (the cross-match's candidates read again, STORE_ROSTER; the
# year-earlier figures computed again). Found afresh, and still right: a new member a roster line
# names, an employer cleared.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

kept_warm /findings?rule=pocket_member /findings?rule=study_short /api/v1/findings?rule=single_too_small \
	/api/v1/findings?rule=single_not_lodged /api/v1/stats /reports/work.html

# idno BASE: BASE (17 digits) with its check character (GB 11643)
idno() {
	echo "$1" | awk '{ split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " "); s = 0
		for (i = 1; i <= 17; i++) s += substr($1, i, 1) * w[i]
		printf "%s%s\n", $1, substr("10X98765432", s % 11 + 1, 1) }'
}
# newmember IDNO NAME 人员类别 入党日期 转正日期 USCC 所在党组织: one new member imported
newmember() {
	printf '%s\n%s,%s,%s,%s,%s,%s,%s,正常,是,,,,,\n' \
		"姓名,公民身份号码,人员类别,入党日期,转正日期,工作单位统一社会信用代码,所在党组织,组织关系状态,是否亮明身份,联系电话,关系状态起始日期,区外组织关系,减少日期,减少原因" \
		"$2" "$1" "$3" "$4" "$5" "$6" "$7" >"$WORK/new.csv"
	run 0 "$FGDJ" import members "$WORK/new.csv" --db $DB
	grep -q '新增 1' "$WORK/out" && ok || fail "new member $1: $(cat "$WORK/out")"
}
# count_of WORD NOTES: how many times WORD is among NOTES (first_notes)
count_of() { printf '%s\n' $2 | grep -cx "$1"; }
# OF_STREET: the street user's street (the first), by id
OF_STREET="(SELECT c.parent_id FROM region c WHERE c.id = e.community_id) = (SELECT id FROM region WHERE level = 'street'
	AND name = '$STREET')"
NOROSTER="NOT EXISTS (SELECT 1 FROM roster_line r WHERE r.idno = m.idno)"
# BARE: no record of another table names member m (store_member_bare)
BARE="$NOROSTER
	AND NOT EXISTS (SELECT 1 FROM study x WHERE x.member_id = m.id) AND NOT EXISTS (SELECT 1 FROM member_hours x WHERE x.member_id = m.id AND x.year = 2026)
	AND NOT EXISTS (SELECT 1 FROM secretary x WHERE x.member_id = m.id OR x.idno = m.idno)
	AND NOT EXISTS (SELECT 1 FROM trainee x WHERE x.member_id = m.id OR x.idno = m.idno)
	AND NOT EXISTS (SELECT 1 FROM development x WHERE x.idno = m.idno) AND NOT EXISTS (SELECT 1 FROM transfer x WHERE x.member_id = m.id)
	AND NOT EXISTS (SELECT 1 FROM dues x WHERE x.member_id = m.id) AND NOT EXISTS (SELECT 1 FROM dues_year x WHERE x.member_id = m.id)
	AND NOT EXISTS (SELECT 1 FROM crossmatch_decision x WHERE x.idno = m.idno)
	AND NOT EXISTS (SELECT 1 FROM designation_member x WHERE x.member_id = m.id)"

# ---- the enterprises: W of the street user's street with a covering organisation O and members, X
# of that street without an organisation, Y of another street with members, Z of the street with no
# member and no organisation, V of another street with no member ----
WO=$(sql $DB "SELECT e.uscc || ' ' || e.id || ' ' || o.id FROM enterprise e JOIN coverage cv ON cv.enterprise_id = e.id
	AND cv.end_date IS NULL JOIN org o ON o.id = cv.org_id AND o.closed IS NULL WHERE e.closed IS NULL AND e.status = '在营'
	AND $OF_STREET AND EXISTS (SELECT 1 FROM member m WHERE m.employer_id = e.id AND m.closed IS NULL) ORDER BY e.id LIMIT 1")
W=${WO%% *}
WI=$(echo "$WO" | cut -d' ' -f2)
O=$(sql $DB "SELECT name FROM org WHERE id = ${WO##* }")
X=$(sql $DB "SELECT e.uscc FROM enterprise e WHERE e.closed IS NULL AND e.status = '在营' AND $OF_STREET
	AND NOT EXISTS (SELECT 1 FROM coverage cv WHERE cv.enterprise_id = e.id) ORDER BY e.id LIMIT 1")
Y=$(sql $DB "SELECT e.uscc FROM enterprise e WHERE e.closed IS NULL AND e.status = '在营' AND NOT $OF_STREET
	AND EXISTS (SELECT 1 FROM member m WHERE m.employer_id = e.id AND m.closed IS NULL) ORDER BY e.id LIMIT 1")
Z=$(sql $DB "SELECT e.uscc FROM enterprise e WHERE e.closed IS NULL AND e.status = '在营' AND $OF_STREET
	AND NOT EXISTS (SELECT 1 FROM member m WHERE m.employer_id = e.id) AND NOT EXISTS (SELECT 1 FROM coverage cv
	WHERE cv.enterprise_id = e.id) ORDER BY e.id LIMIT 1")
V=$(sql $DB "SELECT e.uscc FROM enterprise e WHERE e.closed IS NULL AND e.status = '在营' AND NOT $OF_STREET
	AND NOT EXISTS (SELECT 1 FROM member m WHERE m.employer_id = e.id) ORDER BY e.id LIMIT 1")
[ -n "$W" ] && [ -n "$O" ] && [ -n "$X" ] && [ -n "$Y" ] && [ -n "$Z" ] && [ -n "$V" ] && ok ||
	fail "the enterprises: W [$W] O [$O] X [$X] Y [$Y] Z [$Z] V [$V]"

# ---- a new 正式党员 lodged in a 单独建 organisation with two formal members, employed by the
# enterprise it covers (patched: that organisation's single_too_small or single_not_lodged found
# again, gone with a third) ----
ST=$(path_at '/api/v1/findings?rule=single_too_small')
SN=$(path_at '/api/v1/findings?rule=single_not_lodged')
SO= SON=
for so in $(sql $DB "SELECT o.id || ':' || e.uscc FROM org o JOIN coverage cv ON cv.org_id = o.id AND cv.end_date IS NULL
	JOIN enterprise e ON e.id = cv.enterprise_id AND e.closed IS NULL AND e.status = '在营' WHERE o.mode = '单独建'
	AND o.closed IS NULL AND (SELECT count(*) FROM member x WHERE x.org_id = o.id AND x.closed IS NULL
	AND x.relation <> '停止党籍' AND ((x.full_date IS NULL AND x.status = '正式党员') OR x.full_date <= '2026-11-26')) = 2
	ORDER BY o.id"); do
	n=$(sql $DB "SELECT name FROM org WHERE id = ${so%%:*}")
	if cat "$WORK/warm.$ST" "$WORK/warm.$SN" | grep -q "\"subject\": \"$n\""; then
		SO=$so SON=$n
		break
	fi
done
[ -n "$SON" ] && ok || fail "a 单独建 organisation with two formal members and its single_too_small or single_not_lodged"
N5=$(idno 11010119860101006)
newmember "$N5" 新己 正式党员 2015-05-01 2016-05-01 "${SO#*:}" "$SON"
N_THIRD=$(first_notes)
same "a third formal member of a 单独建 organisation"
cat "$WORK/fresh.$ST" "$WORK/fresh.$SN" | grep -q "\"subject\": \"$SON\"" &&
	fail "single_too_small or single_not_lodged of $SON after a third formal member" || ok

# ---- a new 预备党员 of this year, lodged in the organisation covering its employer (patched; the
# year-earlier figures kept: that day does not count it) ----
N1=$(idno 11010119950101002)
nw=$(sql $DB "SELECT count(*) FROM member WHERE employer_id = $WI")
newmember "$N1" 新甲 预备党员 2026-10-01 "" "$W" "$O"
eq "$(sql $DB "SELECT count(*) FROM member WHERE employer_id = $WI")" $((nw + 1)) "one more member of W"
N_NEW=$(first_notes)
S_NEW=$(notes_of jj /findings /)
same "a new 预备党员 of this year lodged where employed"

# ---- a new 正式党员 of long ago, without an organisation (patched; the year-earlier figures computed
# again: that day counts it) ----
N2=$(idno 11010119700101003)
newmember "$N2" 新乙 正式党员 2001-07-01 2002-07-01 "$X" ""
N_OLD=$(first_notes)
same "a new 正式党员 of 2001 without an organisation"
grep -q 新乙 "$WORK/fresh.$(path_at '/findings?rule=pocket_member')" && ok ||
	fail "the new member without an organisation among the pocket_member findings"

# ---- a new 正式党员 of this year (转正 today: formal) into an enterprise with no members (patched) ----
N3=$(idno 11010119900101004)
newmember "$N3" 新丙 正式党员 2025-11-20 2026-11-26 "$Z" ""
N_EMPTY=$(first_notes)
same "a new member of an enterprise with no members"

# ---- a new member lodged in the organisation of an enterprise of another street (patched) ----
N4=$(idno 11010119880101005)
newmember "$N4" 新丁 正式党员 2019-05-01 2020-05-01 "$W" "$O"
same "a new 正式党员 lodged where employed"

# ---- 工作单位 within the street: a member of W, no roster line naming it, to X (patched) ----
M1=$(sql $DB "SELECT m.idno FROM member m WHERE m.employer_id = $WI AND m.closed IS NULL AND m.relation = '正常'
	AND m.status = '正式党员' AND $NOROSTER ORDER BY m.id LIMIT 1")
[ -n "$M1" ] && ok || fail "a formal member of W no roster line names"
member "$M1" 工作单位统一社会信用代码="$X"
N_MOVE=$(first_notes)
S_MOVE=$(notes_of jj /findings /)
same "a member's employer within the street"

# ---- 工作单位 to another street: a member of X to Y (patched for the district; the street user's
# facts found afresh: its street lost a member) ----
member "$M1" 工作单位统一社会信用代码="$Y"
N_AWAY=$(first_notes)
S_AWAY=$(notes_of jj /findings /)
same "a member's employer in another street"

# ---- and back into the street, to W: a member no other record names (patched for the street too:
# nothing of it but its counts) ----
B1=$(sql $DB "SELECT m.idno FROM member m JOIN enterprise e ON e.id = m.employer_id WHERE NOT $OF_STREET
	AND m.closed IS NULL AND m.relation = '正常' AND $BARE ORDER BY m.id LIMIT 1")
[ -n "$B1" ] && ok || fail "a member of another street no other record names"
member "$B1" 工作单位统一社会信用代码="$W"
N_BACK=$(first_notes)
S_BACK=$(notes_of jj /findings /)
same "a member no other record names into the street"

# ---- 工作单位 to an enterprise of another street with no members (patched) ----
member "$N2" 工作单位统一社会信用代码="$V"
N_VOID=$(first_notes)
same "a member's employer an enterprise with no members"

# ---- a member with party-work records (study hours, dues) to W (patched; its study and dues
# findings placed anew) ----
P1=$(sql $DB "SELECT m.idno FROM member m JOIN enterprise e ON e.id = m.employer_id WHERE $OF_STREET AND e.id <> $WI
	AND m.closed IS NULL AND m.relation = '正常' AND $NOROSTER AND EXISTS (SELECT 1 FROM dues x WHERE x.member_id = m.id)
	AND NOT EXISTS (SELECT 1 FROM transfer x WHERE x.member_id = m.id)
	AND NOT EXISTS (SELECT 1 FROM development x WHERE x.idno = m.idno) ORDER BY m.id LIMIT 1")
[ -n "$P1" ] && ok || fail "a member of the street with dues"
member "$P1" 工作单位统一社会信用代码="$W"
N_PARTY=$(first_notes)
same "a member with dues and hours to another enterprise"

# ---- a member of another street with study hours this year into the street (patched for the
# district; the street user's facts found afresh: a member came into its street whose hours and dues
# a load reads) ----
P2=$(sql $DB "SELECT m.idno FROM member m JOIN enterprise e ON e.id = m.employer_id WHERE NOT $OF_STREET
	AND m.closed IS NULL AND m.relation = '正常' AND $NOROSTER AND EXISTS (SELECT 1 FROM member_hours x
	WHERE x.member_id = m.id AND x.year = 2026 AND x.tenths > 0) AND NOT EXISTS (SELECT 1 FROM transfer x
	WHERE x.member_id = m.id) AND NOT EXISTS (SELECT 1 FROM development x WHERE x.idno = m.idno) ORDER BY m.id LIMIT 1")
[ -n "$P2" ] && ok || fail "a member of another street with hours"
member "$P2" 工作单位统一社会信用代码="$X"
N_INTO=$(first_notes)
S_INTO=$(notes_of jj /findings /)
same "a member with hours into the street"

# ---- found afresh: a new member a roster line names; patched: the employer of a member a roster line
# names; found afresh: an employer cleared ----
R=$(sql $DB "SELECT r.idno FROM roster_line r WHERE NOT EXISTS (SELECT 1 FROM member m WHERE m.idno = r.idno)
	AND length(r.idno) = 18 ORDER BY r.id LIMIT 1")
[ -n "$R" ] && ok || fail "a roster line of no member"
newmember "$R" 新戊 预备党员 2026-09-01 "" "$X" ""
N_ROSTER=$(first_notes)
same "a new member a roster line names"
E=$(sql $DB "SELECT m.idno FROM member m WHERE m.employer_id IS NOT NULL AND m.closed IS NULL AND NOT $NOROSTER
	ORDER BY m.id LIMIT 1")
member "$E" 工作单位统一社会信用代码="$X"
N_EROSTER=$(first_notes)
same "the employer of a member a roster line names"
member "$N4" 工作单位统一社会信用代码=
N_CLEARED=$(first_notes)
same "an employer cleared"

# ---- the patch was taken (the server's access log): the facts and findings patched after each new
# member and change of employer; the dashboard's year-earlier figures computed again after a new
# member of 2001 only (统计重算 twice: today's and that day's); the street user's facts found afresh
# when a member left its street or one with hours came into it, patched otherwise; found afresh
# after the controls ----
echo "computed by the first /findings, /plan, /: a new member [$N_NEW], of 2001 [$N_OLD], of an empty enterprise [$N_EMPTY], a third formal [$N_THIRD], moved [$N_MOVE], away [$N_AWAY], back [$N_BACK], to an empty enterprise [$N_VOID], with dues [$N_PARTY], with hours into the street [$N_INTO]; by the street user's first /findings, /: [$S_NEW] [$S_MOVE] [$S_AWAY] [$S_BACK] [$S_INTO]; controls [$N_ROSTER] [$N_EROSTER] [$N_CLEARED]" >&2
for n in "$N_NEW" "$N_OLD" "$N_EMPTY" "$N_THIRD" "$N_MOVE" "$N_AWAY" "$N_BACK" "$N_VOID" "$N_PARTY" "$N_INTO"; do
	notes_are "the first pages after a new member or a change of employer" "$n" "事实增量 问题增量" "事实载入 问题重查"
done
eq "$(count_of 统计重算 "$N_NEW")" 1 "after a new member of this year: today's figures alone computed ($N_NEW)"
eq "$(count_of 统计重算 "$N_MOVE")" 1 "after a change of employer: today's figures alone computed ($N_MOVE)"
eq "$(count_of 统计重算 "$N_OLD")" 2 "after a new member of 2001: the year-earlier figures computed again ($N_OLD)"
for n in "$S_NEW" "$S_MOVE" "$S_BACK"; do
	notes_are "the street user's first pages after a new member or a change of employer in its street" "$n" \
		"事实增量 问题增量" "事实载入 问题重查"
done
notes_are "the street user's first pages after a member left its street" "$S_AWAY" "事实载入"
notes_are "the street user's first pages after a member with hours came into its street" "$S_INTO" "事实载入"
notes_are "the first pages after the employer of a member a roster line names" "$N_EROSTER" "事实增量 问题增量" "事实载入 问题重查"
eq "$(count_of 统计重算 "$N_EROSTER")" 2 "after a roster member's employer: the year-earlier figures computed again ($N_EROSTER)"
for n in "$N_ROSTER" "$N_CLEARED"; do
	notes_are "the first pages after an edit not patched" "$n" "事实载入 问题重查" "事实增量 问题增量"
done

# ---- a new member is patched only when no other record names it (store_member_bare): every table
# whose rows name a member by id (a foreign key to member) or by ID number is among those it looks
# at, so that a ledger added later cannot be forgotten there ----
if sqlite_only "外键和身份证号列的清单只从 SQLite 的结构和数据中读"; then
	BARE=$(sed -n '/^int store_member_bare/,/^}/p' "$HERE/../../src/store/changes_store.c")
	[ -n "$BARE" ] && ok || fail "store_member_bare not found in src/store/changes_store.c"
	for t in $(sql $DB "SELECT DISTINCT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) p
		WHERE m.type = 'table' AND p.\"table\" = 'member' ORDER BY m.name"); do
		printf '%s\n' "$BARE" | grep -q "FROM $t " && ok || fail "store_member_bare does not look at $t, which names members"
	done
	# Nor by ID number: every column holding one — by the schema, a column named idno (whether or
	# not the demo fills its table); by the data, a text column with a value of an ID number's shape
	# (GB 11643: area code, birth date 19xx/20xx, 3 digits, check character; a USCC starts with 9 or
	# has letters), whatever its name — is of a table the query looks at, or it is here, with the
	# reason it cannot name a new member:
	cannot_name_member() {
		case $1 in
		# the member's own row
		member.idno) ;;
		# 参加党员: members of the meeting's organisation when written (party_meeting_rules), each
		# given the meeting's hours in member_hours, which the query reads
		meeting.attendees) ;;
		# 缺席党员及原因: only shown (the meeting's record and its roster to tick), never read by the
		# figures or the checks
		meeting.absentees) ;;
		# 培养联系人: only counted (core/ledger.c, core/dev.c: 1 to 2), never matched with a member
		development.contacts) ;;
		# the record of writes, where the new member's own import is; store_changes_since reads it
		# for what changed
		history.*) ;;
		*) return 1 ;;
		esac
	}
	IDNO_SHAPE='*[1-6][0-9][0-9][0-9][0-9][0-9][12][09][0-9][0-9][01][0-9][0-3][0-9][0-9][0-9][0-9][0-9Xx]*'
	FOUND=
	for tc in $(sql $DB "SELECT m.name || '.' || p.name FROM sqlite_master m, pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.sql NOT LIKE 'CREATE VIRTUAL TABLE%' AND upper(p.type) IN ('TEXT', '')
		ORDER BY m.name, p.cid"); do
		t=${tc%%.*}
		c=${tc#*.}
		case $c in
		*idno*) ;;
		*) [ "$(sql $DB "SELECT EXISTS (SELECT 1 FROM \"$t\" WHERE \"$c\" GLOB '$IDNO_SHAPE')")" = 1 ] || continue ;;
		esac
		FOUND="$FOUND $tc"
		{ printf '%s\n' "$BARE" | grep -q "FROM $t " || cannot_name_member "$tc"; } && ok ||
			fail "store_member_bare does not look at $t, whose $c holds ID numbers (or say in first7_kept.sh why it cannot name a member)"
	done
	# both ways find what they are for: a column by its name alone (crossmatch_decision has no rows in
	# the demo), one by its values alone (meeting.attendees)
	for tc in crossmatch_decision.idno meeting.attendees; do
		case " $FOUND " in *" $tc "*) ok ;; *) fail "$tc not found holding ID numbers (found:$FOUND)" ;; esac
	done
fi

finish
