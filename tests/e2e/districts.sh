#!/bin/sh
# The district that holds each enterprise, organisation and member (district_id, schema v35;
# docs/scaling.md): an enterprise's community's, an organisation's street's (else community's), a
# member's employer's (without one its organisation's); each dues row and meeting (schema v36):
# its member's, its organisation's; each study and development record (schema v37): its member's,
# its organisation's (not its employer's); each transfer and visit (schema v38): its organisation's
# (本方党组织, not its member's), its enterprise's. Kept on every write that can change it — the record
# itself (a development record or transfer given another organisation), a member's employer or
# organisation moved, an enterprise moved, streets and communities merged or moved under another
# district — and written for every row by the migrations (v35, v36, v37, v38). On PostgreSQL also a
# dues row, a meeting, a study record, a visit, a development record and a transfer (new, or given
# another organisation) written while another writer moves their member, organisation or
# enterprise to the other district. Checked against a walk
# up the region table's parent links written here (not the program's region_tree), after each step,
# on the hand-made city of tests/fixtures/territory (临江区 and 江北区; its README).
. "$(dirname "$0")/../lib.sh"

T="$FIX/territory"
DB=t.db
territory_city $DB
# Dues of every member for two months, a meeting of each organisation.
DH='公民身份号码,姓名,月份,税后工资,是否离退休,应缴,实缴,缴纳日期'
{ echo "$DH"; tail -n +2 "$T/members.csv" | awk -F, '{ print $2 "," $1 ",2026-01,,,10,10,2026-01-20"; print $2 "," $1 ",2026-02,,,10,10,2026-02-20" }'; } >dues.csv
run 0 "$FGDJ" import dues dues.csv --db $DB
MH='党组织名称,活动类型,日期,主题'
{ echo "$MH"; tail -n +2 "$T/orgs.csv" | cut -d, -f1 | sed 's/$/,党课,2026-03-10,三月党课/'; } >meetings.csv
run 0 "$FGDJ" import meetings meetings.csv --db $DB
eq "$(sql $DB "SELECT count(*) FROM dues")" 14 "14 dues rows"
eq "$(sql $DB "SELECT count(*) FROM meeting")" 2 "2 meetings"
# Two study records of every member; the development of two persons not yet members: 王发展 works
# at 江北电子 (江北区) and is developed by 梧埭智造's branch (临江区), 李积极 (no employer) by the
# joint branch (江北区).
SH='公民身份号码,姓名,日期,内容,学时'
{ echo "$SH"; tail -n +2 "$T/members.csv" | awk -F, '{ print $2 "," $1 ",2026-03-01,学习党章,2"; print $2 "," $1 ",2026-04-01,学习党史,1.5" }'; } >study.csv
run 0 "$FGDJ" import study study.csv --db $DB
VH='姓名,公民身份号码,工作单位统一社会信用代码,所在党组织,申请日期'
W1=33010619900101123X # 王发展
W2=330106199502021233 # 李积极
printf '%s\n%s\n%s\n' "$VH" "王发展,$W1,91330106MA2000414K,中共梧埭智造有限公司支部委员会,2026-03-01" \
	"李积极,$W2,,江北区双峰街道梧埭联合党支部,2026-03-01" >dev.csv
run 0 "$FGDJ" import development dev.csv --db $DB
eq "$(sql $DB "SELECT count(*) FROM study")" 14 "14 study records"
eq "$(sql $DB "SELECT count(*) FROM development")" 2 "2 development records"
# An instructor of 三墩社区 (临江区) assigned to 梧埭智造 and 三墩餐饮 (临江区) and 江北电子 (江北区),
# visiting each; two pending transfers (no member moves): 党员五's (employed by 江北电子, 江北区) handled
# by 梧埭智造's branch (临江区) — the record lies with 本方党组织, not with its member — and 党员六's by the
# joint branch (江北区).
printf '%s
%s
' '姓名,派出单位,联系电话,指导企业,派驻日期' \
	'王指导,三墩社区,13800000001,91330106MA20002034；91330106MA20002702；91330106MA2000414K,2026-01-01' >ins.csv
run 0 "$FGDJ" import instructors ins.csv --db $DB
VIH='指导员姓名,派出单位,企业统一社会信用代码,走访日期,发挥作用,走访内容'
{ echo "$VIH"; for c in 91330106MA20002034 91330106MA20002702 91330106MA2000414K; do echo "王指导,三墩社区,$c,2026-03-15,服务员,走访"; done; } >visits.csv
run 0 "$FGDJ" import visits visits.csv --db $DB
TFH='公民身份号码,姓名,方向,本方党组织,对方党组织,介绍信日期,办结日期'
M5=330106196506060113 # 党员五
M6=330106196607070134 # 党员六
printf '%s
%s
%s
' "$TFH" "$M5,党员五,转出,中共梧埭智造有限公司支部委员会,外地党支部,2026-05-01," \
	"$M6,党员六,转出,江北区双峰街道梧埭联合党支部,外地党支部,2026-05-01," >tf.csv
run 0 "$FGDJ" import transfers tf.csv --db $DB
eq "$(sql $DB "SELECT count(*) FROM visit")" 3 "3 visits"
eq "$(sql $DB "SELECT count(*) FROM transfer")" 2 "2 transfers"

# The region each member is placed by: its employer's community; without an employer its
# organisation's street, else community.
PLACE="SELECT m.id AS mid, CASE WHEN m.employer_id IS NOT NULL THEN (SELECT community_id FROM enterprise WHERE id = m.employer_id)
	ELSE (SELECT coalesce(street_id, community_id) FROM org WHERE id = m.org_id) END AS rid FROM member m"
# Each member's district by the parent links: up from that region to the one of level district.
WALK="WITH RECURSIVE up(mid, rid) AS ($PLACE UNION ALL SELECT up.mid, r.parent_id FROM up JOIN region r ON r.id = up.rid
	WHERE r.level <> 'district') SELECT up.mid, up.rid FROM up JOIN region r ON r.id = up.rid WHERE r.level = 'district'"
# The same walk for the enterprises (from the community) and the organisations (street, else community).
walk() { # walk TABLE PLACE-EXPRESSION
	printf '%s' "WITH RECURSIVE up(mid, rid) AS (SELECT id, $2 FROM $1 UNION ALL SELECT up.mid, r.parent_id FROM up
	JOIN region r ON r.id = up.rid WHERE r.level <> 'district') SELECT up.mid, up.rid FROM up JOIN region r ON r.id = up.rid
	WHERE r.level = 'district'"
}
# all_kept LABEL: every stored district is the walk's (NULL where the walk finds none).
all_kept() {
	eq "$(sql $DB "SELECT count(*) FROM member m LEFT JOIN ($WALK) w ON w.mid = m.id
		WHERE (m.district_id IS NULL) <> (w.rid IS NULL) OR m.district_id <> w.rid")" 0 "$1: every member's district as walked"
	eq "$(sql $DB "SELECT count(*) FROM enterprise x LEFT JOIN ($(walk enterprise community_id)) w ON w.mid = x.id
		WHERE (x.district_id IS NULL) <> (w.rid IS NULL) OR x.district_id <> w.rid")" 0 "$1: every enterprise's district as walked"
	eq "$(sql $DB "SELECT count(*) FROM org x LEFT JOIN ($(walk org 'coalesce(street_id, community_id)')) w ON w.mid = x.id
		WHERE (x.district_id IS NULL) <> (w.rid IS NULL) OR x.district_id <> w.rid")" 0 "$1: every organisation's district as walked"
	# A dues row's: its member's, as walked; a meeting's: its organisation's, as walked.
	eq "$(sql $DB "SELECT count(*) FROM dues x LEFT JOIN ($WALK) w ON w.mid = x.member_id
		WHERE (x.district_id IS NULL) <> (w.rid IS NULL) OR x.district_id <> w.rid")" 0 "$1: every dues row's district as walked"
	eq "$(sql $DB "SELECT count(*) FROM meeting x LEFT JOIN ($(walk org 'coalesce(street_id, community_id)')) w ON w.mid = x.org_id
		WHERE (x.district_id IS NULL) <> (w.rid IS NULL) OR x.district_id <> w.rid")" 0 "$1: every meeting's district as walked"
	# A study record's: its member's; a development record's: its organisation's.
	eq "$(sql $DB "SELECT count(*) FROM study x LEFT JOIN ($WALK) w ON w.mid = x.member_id
		WHERE (x.district_id IS NULL) <> (w.rid IS NULL) OR x.district_id <> w.rid")" 0 "$1: every study record's district as walked"
	eq "$(sql $DB "SELECT count(*) FROM development x LEFT JOIN ($(walk org 'coalesce(street_id, community_id)')) w ON w.mid = x.org_id
		WHERE (x.district_id IS NULL) <> (w.rid IS NULL) OR x.district_id <> w.rid")" 0 "$1: every development record's district as walked"
	# A transfer's: its organisation's (本方党组织); a visit's: its enterprise's.
	eq "$(sql $DB "SELECT count(*) FROM transfer x LEFT JOIN ($(walk org 'coalesce(street_id, community_id)')) w ON w.mid = x.org_id
		WHERE (x.district_id IS NULL) <> (w.rid IS NULL) OR x.district_id <> w.rid")" 0 "$1: every transfer's district as walked"
	eq "$(sql $DB "SELECT count(*) FROM visit x LEFT JOIN ($(walk enterprise community_id)) w ON w.mid = x.enterprise_id
		WHERE (x.district_id IS NULL) <> (w.rid IS NULL) OR x.district_id <> w.rid")" 0 "$1: every visit's district as walked"
}
# dues_in IDNO: the names of the districts holding that member's dues rows, one per row.
dues_in() {
	sql $DB "SELECT group_concat(coalesce(r.name, '-'), ' ') FROM (SELECT du.district_id FROM dues du JOIN member m ON m.id = du.member_id
		WHERE m.idno = '$1' ORDER BY du.month) d LEFT JOIN region r ON r.id = d.district_id"
}
# meeting_in ORG: the district holding that organisation's meetings.
meeting_in() {
	sql $DB "SELECT group_concat(coalesce(r.name, '-'), ' ') FROM meeting mt JOIN org o ON o.id = mt.org_id
		LEFT JOIN region r ON r.id = mt.district_id WHERE o.name = '$1'"
}
# study_in IDNO: the names of the districts holding that member's study records, one per record.
study_in() {
	sql $DB "SELECT group_concat(coalesce(r.name, '-'), ' ') FROM (SELECT st.district_id FROM study st JOIN member m ON m.id = st.member_id
		WHERE m.idno = '$1' ORDER BY st.date) d LEFT JOIN region r ON r.id = d.district_id"
}
# dev_in IDNO: the district holding that person's development record.
dev_in() {
	sql $DB "SELECT coalesce((SELECT r.name FROM development dv JOIN region r ON r.id = dv.district_id WHERE dv.idno = '$1'), '-')"
}
# tf_in IDNO: the names of the districts holding that member's transfers, by letter date.
tf_in() {
	sql $DB "SELECT group_concat(coalesce(r.name, '-'), ' ') FROM (SELECT tf.district_id FROM transfer tf JOIN member m ON m.id = tf.member_id
		WHERE m.idno = '$1' ORDER BY tf.letter_date) d LEFT JOIN region r ON r.id = d.district_id"
}
# visit_in USCC: the names of the districts holding the visits to that enterprise, by date.
visit_in() {
	sql $DB "SELECT group_concat(coalesce(r.name, '-'), ' ') FROM (SELECT vi.district_id FROM visit vi JOIN enterprise e ON e.id = vi.enterprise_id
		WHERE e.uscc = '$1' ORDER BY vi.date) d LEFT JOIN region r ON r.id = d.district_id"
}
# district_of IDNO: the name of the district a member is held in ("" for none).
district_of() {
	sql $DB "SELECT coalesce((SELECT r.name FROM member m JOIN region r ON r.id = m.district_id WHERE m.idno = '$1'), '')"
}
LJ=$(sql $DB "SELECT id FROM region WHERE level = 'district' AND name = '临江区'")
JB=$(sql $DB "SELECT id FROM region WHERE level = 'district' AND name = '江北区'")

all_kept "as imported"
eq "$(sql $DB "SELECT count(*) FROM member WHERE district_id = $LJ")" 4 "临江区 holds 4 members (README)"
eq "$(sql $DB "SELECT count(*) FROM member WHERE district_id = $JB")" 3 "江北区 holds 3 members"
eq "$(district_of 330106196102020035)" 临江区 "党员一 in 临江区 by 梧埭智造"
eq "$(sql $DB "SELECT count(*) FROM enterprise WHERE district_id = $LJ")" 3 "临江区 holds 3 enterprises"
eq "$(sql $DB "SELECT r.name FROM org o JOIN region r ON r.id = o.district_id WHERE o.name = '江北区双峰街道梧埭联合党支部'")" 江北区 \
	"the joint branch in 江北区"
eq "$(study_in 330106196102020035)" "临江区 临江区" "党员一's study records in 临江区"
eq "$(dev_in $W1)" 临江区 "王发展's development with 梧埭智造's branch (临江区), not the employer (江北区)"
eq "$(dev_in $W2)" 江北区 "李积极's development with the joint branch"
eq "$(tf_in $M5)" 临江区 "党员五's transfer with 梧埭智造's branch (临江区), not the member (江北区)"
eq "$(tf_in $M6)" 江北区 "党员六's transfer with the joint branch"
eq "$(visit_in 91330106MA20002034) $(visit_in 91330106MA20002702) $(visit_in 91330106MA2000414K)" "临江区 临江区 江北区" \
	"each visit with its enterprise, not its instructor (三墩社区, 临江区)"

# ---- the member's own record: another employer, in the other district ----
H=$(head -1 "$T/members.csv")
# 党员一 (梧埭智造, 临江区) now works at 江北电子 (江北区) and is in the joint branch.
grep '^党员一,' "$T/members.csv" | sed 's/,91330106MA20002034,中共梧埭智造有限公司支部委员会,/,91330106MA2000414K,江北区双峰街道梧埭联合党支部,/' >one.csv
printf '%s\n%s\n' "$H" "$(cat one.csv)" >m1.csv
run 0 "$FGDJ" import members m1.csv --db $DB
has out "更新 1"
eq "$(district_of 330106196102020035)" 江北区 "党员一 moved with the employer"
eq "$(dues_in 330106196102020035)" "江北区 江北区" "党员一's dues followed"
eq "$(study_in 330106196102020035)" "江北区 江北区" "党员一's study records followed"
all_kept "a member's employer changed"

# ---- a development record's own edit: 王发展 to the joint branch (江北区), then a new study record ----
printf '%s\n%s\n' "$VH" "王发展,$W1,91330106MA2000414K,江北区双峰街道梧埭联合党支部,2026-03-01" >dev1.csv
run 0 "$FGDJ" import development dev1.csv --db $DB
has out "更新 1"
eq "$(dev_in $W1)" 江北区 "王发展's development moved with its new organisation"
all_kept "a development record's organisation changed"
# A transfer's own edit: 党员五's handled by the joint branch (江北区) instead.
printf '%s
%s
' "$TFH" "$M5,党员五,转出,江北区双峰街道梧埭联合党支部,外地党支部,2026-05-01," >tf1.csv
run 0 "$FGDJ" import transfers tf1.csv --db $DB
has out "更新 1"
eq "$(tf_in $M5)" 江北区 "党员五's transfer moved with its new organisation"
all_kept "a transfer's organisation changed"

# A member without an employer: its organisation's district, then its organisation's new street.
printf '%s\n%s\n' "$H" '党员八,330106197001010019,正式党员,2012-07-01,2013-07-01,,江北区双峰街道梧埭联合党支部,正常,是,13900000008' >m8.csv
run 0 "$FGDJ" import members m8.csv --db $DB
eq "$(district_of 330106197001010019)" 江北区 "党员八 (no employer) by the joint branch's street"
printf '%s\n%s\n' "$DH" '330106197001010019,党员八,2026-03,,,10,10,2026-03-20' >d8.csv
run 0 "$FGDJ" import dues d8.csv --db $DB
eq "$(dues_in 330106197001010019)" 江北区 "党员八's new dues row written in 江北区"
printf '%s\n%s\n' "$SH" '330106197001010019,党员八,2026-03-02,学习党章,1' >s8.csv
run 0 "$FGDJ" import study s8.csv --db $DB
eq "$(study_in 330106197001010019)" 江北区 "党员八's new study record written in 江北区"
eq "$(meeting_in 江北区双峰街道梧埭联合党支部)" 江北区 "the joint branch's meeting in 江北区"
sed 's/,江北区\/双峰街道,梧埭社区,,2021-01-01,/,临江区\/东城街道,幸福社区,,2021-01-01,/' "$T/orgs.csv" >orgs2.csv
run 0 "$FGDJ" import orgs orgs2.csv --db $DB
eq "$(district_of 330106197001010019)" 临江区 "党员八 followed the branch to 临江区"
eq "$(dues_in 330106197001010019)" 临江区 "党员八's dues followed the branch"
eq "$(meeting_in 江北区双峰街道梧埭联合党支部)" 临江区 "the joint branch's meeting followed it"
eq "$(study_in 330106197001010019)" 临江区 "党员八's study record followed the branch"
eq "$(dev_in $W1) $(dev_in $W2)" "临江区 临江区" "the joint branch's development records followed it"
eq "$(tf_in $M5) $(tf_in $M6)" "临江区 临江区" "the joint branch's transfers followed it"
eq "$(sql $DB "SELECT r.name FROM org o JOIN region r ON r.id = o.district_id WHERE o.name = '江北区双峰街道梧埭联合党支部'")" 临江区 \
	"the joint branch now in 临江区"
eq "$(district_of 330106196102020035)" 江北区 "党员一 stays with the employer, not the branch"
all_kept "an organisation moved"

# ---- an enterprise moved to a community of the other district: its members follow ----
grep '^91330106MA20002702,' "$T/enterprises.csv" | sed 's/,临江区\/双峰街道,三墩社区,/,江北区\/双峰街道,梧埭社区,/' >e1.csv
printf '%s\n%s\n' "$(head -1 "$T/enterprises.csv")" "$(cat e1.csv)" >ents2.csv
before=$(sql $DB "SELECT count(*) FROM member m JOIN enterprise e ON e.id = m.employer_id WHERE e.uscc = '91330106MA20002702'")
run 0 "$FGDJ" import enterprises ents2.csv --db $DB
eq "$(sql $DB "SELECT count(*) FROM member m JOIN enterprise e ON e.id = m.employer_id WHERE e.uscc = '91330106MA20002702'
	AND m.district_id = $JB")" "$before" "三墩餐饮's members now in 江北区"
[ "$before" -gt 0 ] && ok || fail "三墩餐饮 has members (the step tests something)"
eq "$(dues_in 330106196405050098)" "江北区 江北区" "党员四's dues followed 三墩餐饮"
eq "$(study_in 330106196405050098)" "江北区 江北区" "党员四's study records followed 三墩餐饮"
eq "$(visit_in 91330106MA20002702)" 江北区 "三墩餐饮's visit followed it"
eq "$(visit_in 91330106MA20002034)" 临江区 "梧埭智造's visit stays"
all_kept "an enterprise moved"

# ---- places: a street of 江北区 merged into one of 临江区 (its community moves under it, a new
# region_tree; its organisations follow), then a community merged into its namesake ----
run 0 "$FGDJ" place add community 江北区/双峰街道 新村社区 --db $DB
run 0 "$FGDJ" place merge 街道 江北区/双峰街道 临江区/东城街道 --db $DB
eq "$(sql $DB "SELECT count(*) FROM member WHERE district_id = $JB")" 0 "江北区 holds no member now"
eq "$(sql $DB "SELECT count(*) FROM enterprise WHERE district_id = $JB")" 0 "江北区 holds no enterprise now"
eq "$(sql $DB "SELECT (SELECT count(*) FROM dues WHERE district_id = $JB) + (SELECT count(*) FROM meeting WHERE district_id = $JB)
	+ (SELECT count(*) FROM study WHERE district_id = $JB) + (SELECT count(*) FROM development WHERE district_id = $JB)
	+ (SELECT count(*) FROM transfer WHERE district_id = $JB) + (SELECT count(*) FROM visit WHERE district_id = $JB)")" 0 \
	"江北区 holds no dues row, meeting, study, development record, transfer or visit now"
eq "$(district_of 330106196102020035)" 临江区 "党员一's employer's community moved to 临江区"
all_kept "a street merged across districts"
run 0 "$FGDJ" place merge 社区 临江区/东城街道/梧埭社区 临江区/双峰街道/梧埭社区 --db $DB
all_kept "a community merged"

# ---- a refused write changes no district ----
printf '%s\n%s\n' "$H" '党员一,330106196102020035,正式党员,2010-07-01,2011-07-01,91330106MA20002702,没有这个党组织,正常,是,13900000000' >bad.csv
sum=$(dbsum $DB)
run 2 "$FGDJ" import members bad.csv --db $DB
eq "$(dbsum $DB)" "$sum" "a refused member: nothing written"

# ---- the migration: a database of version 34 (no column) gets it, filled ----
if sqlite_only "旧版本（第 34 版）的 SQLite 文件"; then
	db_copy $DB old.db
	sqlite3 old.db "ALTER TABLE member DROP COLUMN district_id; ALTER TABLE enterprise DROP COLUMN district_id;
		ALTER TABLE org DROP COLUMN district_id; ALTER TABLE dues DROP COLUMN district_id;
		ALTER TABLE meeting DROP COLUMN district_id; ALTER TABLE study DROP COLUMN district_id;
		ALTER TABLE development DROP COLUMN district_id; ALTER TABLE transfer DROP COLUMN district_id;
		ALTER TABLE visit DROP COLUMN district_id; DROP INDEX visit_enterprise; PRAGMA user_version = 34" || fail "make a v34 file"
	run 0 "$FGDJ" stats --db old.db
	eq "$(sql old.db 'PRAGMA user_version')" "$(schema_latest)" "migrated to the latest version"
	eq "$(sql old.db "SELECT group_concat(idno || ':' || coalesce(district_id, '-'), ' ') FROM (SELECT * FROM member ORDER BY idno)")" \
		"$(sql $DB "SELECT group_concat(idno || ':' || coalesce(district_id, '-'), ' ') FROM (SELECT * FROM member ORDER BY idno)")" \
		"the migration wrote every member's district"
	for t in enterprise org dues meeting study development transfer visit; do
		eq "$(sql old.db "SELECT group_concat(id || ':' || coalesce(district_id, '-'), ' ') FROM (SELECT * FROM $t ORDER BY id)")" \
			"$(sql $DB "SELECT group_concat(id || ':' || coalesce(district_id, '-'), ' ') FROM (SELECT * FROM $t ORDER BY id)")" \
			"the migration wrote every $t's district"
	done
fi
# ---- v36 alone: a database of version 35 (the ledgers' districts, none on dues and meetings) ----
if sqlite_only "旧版本（第 35 版）的 SQLite 文件"; then
	db_copy $DB v35.db
	sqlite3 v35.db "ALTER TABLE dues DROP COLUMN district_id; ALTER TABLE meeting DROP COLUMN district_id;
		ALTER TABLE study DROP COLUMN district_id; ALTER TABLE development DROP COLUMN district_id;
		ALTER TABLE transfer DROP COLUMN district_id; ALTER TABLE visit DROP COLUMN district_id;
		DROP INDEX visit_enterprise; PRAGMA user_version = 35" || fail "make a v35 file"
	run 0 "$FGDJ" stats --db v35.db
	eq "$(sql v35.db 'PRAGMA user_version')" "$(schema_latest)" "v35 migrated to the latest version"
	for t in dues meeting study development transfer visit; do
		eq "$(sql v35.db "SELECT group_concat(id || ':' || coalesce(district_id, '-'), ' ') FROM (SELECT * FROM $t ORDER BY id)")" \
			"$(sql $DB "SELECT group_concat(id || ':' || coalesce(district_id, '-'), ' ') FROM (SELECT * FROM $t ORDER BY id)")" \
			"v36 wrote every $t's district"
	done
	[ "$(sql v35.db "SELECT count(*) FROM dues WHERE district_id IS NOT NULL")" -gt 0 ] && ok || fail "v36: dues rows have a district"
fi
# ---- v37 alone: a database of version 36 (none on study and development records) ----
if sqlite_only "旧版本（第 36 版）的 SQLite 文件"; then
	db_copy $DB v36.db
	sqlite3 v36.db "ALTER TABLE study DROP COLUMN district_id; ALTER TABLE development DROP COLUMN district_id;
		ALTER TABLE transfer DROP COLUMN district_id; ALTER TABLE visit DROP COLUMN district_id;
		DROP INDEX visit_enterprise; PRAGMA user_version = 36" || fail "make a v36 file"
	run 0 "$FGDJ" stats --db v36.db
	eq "$(sql v36.db 'PRAGMA user_version')" "$(schema_latest)" "v36 migrated to the latest version"
	for t in study development transfer visit; do
		eq "$(sql v36.db "SELECT group_concat(id || ':' || coalesce(district_id, '-'), ' ') FROM (SELECT * FROM $t ORDER BY id)")" \
			"$(sql $DB "SELECT group_concat(id || ':' || coalesce(district_id, '-'), ' ') FROM (SELECT * FROM $t ORDER BY id)")" \
			"v37 wrote every $t record's district"
	done
	eq "$(sql v36.db "SELECT (SELECT count(*) FROM study WHERE district_id IS NULL) + (SELECT count(*) FROM development
		WHERE district_id IS NULL)")" 0 "v37: every study and development record has a district"
fi
# ---- v38 alone: a database of version 37 (none on transfers and visits, no visit_enterprise) ----
if sqlite_only "旧版本（第 37 版）的 SQLite 文件"; then
	db_copy $DB v37.db
	sqlite3 v37.db "ALTER TABLE transfer DROP COLUMN district_id; ALTER TABLE visit DROP COLUMN district_id;
		DROP INDEX visit_enterprise; PRAGMA user_version = 37" || fail "make a v37 file"
	run 0 "$FGDJ" stats --db v37.db
	eq "$(sql v37.db 'PRAGMA user_version')" "$(schema_latest)" "v37 migrated to the latest version"
	for t in transfer visit; do
		eq "$(sql v37.db "SELECT group_concat(id || ':' || coalesce(district_id, '-'), ' ') FROM (SELECT * FROM $t ORDER BY id)")" \
			"$(sql $DB "SELECT group_concat(id || ':' || coalesce(district_id, '-'), ' ') FROM (SELECT * FROM $t ORDER BY id)")" \
			"v38 wrote every $t's district"
	done
	eq "$(sql v37.db "SELECT (SELECT count(*) FROM transfer WHERE district_id IS NULL) + (SELECT count(*) FROM visit
		WHERE district_id IS NULL)")" 0 "v38: every transfer and visit has a district"
	eq "$(sql v37.db "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'visit_enterprise'")" 1 "v38: visits indexed by enterprise"
	sql v37.db "EXPLAIN QUERY PLAN SELECT id FROM visit WHERE enterprise_id = 1" >plan.txt
	has plan.txt visit_enterprise
fi

# ---- PostgreSQL: a dues row written while another writer moves its member to the other district
# (psql's transaction, uncommitted while fgdj writes the row with the district it reads): once the
# member is locked for its year of dues, the year's rows are written again with the district the
# other writer committed (store/dues_store.c dues_year_flush; no mark of the new row). A meeting and
# the records below: marked, and written again once the owner is locked (store/extras.c PG_TRIGGERS,
# LOCKS) ----
if [ "${FGDJ_TEST_BACKEND:-sqlite}" = pg ]; then
	# meanwhile UPDATE KIND CSV: fgdj imports CSV (a ledger of KIND) while psql's transaction, which
	# runs UPDATE, holds its rows for 3 s.
	meanwhile() {
		psql "$(pg_uri "$(pg_db $DB)")" -X -q -v ON_ERROR_STOP=1 -c "$PG_MARK_TABLES" -c "BEGIN" -c "$1" \
			-c "SELECT pg_sleep(3)" -c "COMMIT" >/dev/null 2>&1 &
		mover=$!
		sleep 1
		run 0 "$FGDJ" import "$2" "$3" --db $DB
		wait $mover || fail "the other writer's transaction"
	}
	M2=330106196203030056 # 党员二
	eq "$(district_of $M2)" 临江区 "党员二 in 临江区 before"
	printf '%s\n%s\n' "$DH" "$M2,党员二,2026-04,,,10,10,2026-04-20" >d2.csv
	meanwhile "UPDATE member SET district_id = $JB WHERE idno = '$M2'" dues d2.csv
	eq "$(sql $DB "SELECT r.name FROM dues du JOIN member m ON m.id = du.member_id JOIN region r ON r.id = du.district_id
		WHERE m.idno = '$M2' AND du.month = 202604")" 江北区 "the dues row written meanwhile: the member's new district"
	# The same for a meeting while another writer moves its organisation.
	O1=中共梧埭智造有限公司支部委员会
	eq "$(sql $DB "SELECT r.name FROM org o JOIN region r ON r.id = o.district_id WHERE o.name = '$O1'")" 临江区 "梧埭智造's branch in 临江区 before"
	printf '%s\n%s\n' "$MH" "$O1,支部委员会,2026-04-08,四月支委会" >mt2.csv
	meanwhile "UPDATE org SET district_id = $JB WHERE name = '$O1'" meetings mt2.csv
	eq "$(sql $DB "SELECT r.name FROM meeting mt JOIN region r ON r.id = mt.district_id WHERE mt.topic = '四月支委会'")" 江北区 \
		"the meeting written meanwhile: its organisation's new district"
	# A study record while another writer moves its member (党员三, 临江区).
	M3=330106196304040077
	eq "$(district_of $M3)" 临江区 "党员三 in 临江区 before"
	printf '%s\n%s\n' "$SH" "$M3,党员三,2026-04-09,学习条例,1" >s3.csv
	meanwhile "UPDATE member SET district_id = $JB WHERE idno = '$M3'" study s3.csv
	eq "$(study_in $M3)" "临江区 临江区 江北区" "the study record written meanwhile: the member's new district"
	# A new development record while another writer moves its organisation (the joint branch, 临江区).
	O2=江北区双峰街道梧埭联合党支部
	eq "$(sql $DB "SELECT r.name FROM org o JOIN region r ON r.id = o.district_id WHERE o.name = '$O2'")" 临江区 "the joint branch in 临江区 before"
	W3=330106199803031240 # 赵预备
	printf '%s\n%s\n' "$VH" "赵预备,$W3,,$O2,2026-04-10" >dev3.csv
	meanwhile "UPDATE org SET district_id = $JB WHERE name = '$O2'" development dev3.csv
	eq "$(dev_in $W3)" 江北区 "the development record written meanwhile: its organisation's new district"
	# A development record given another organisation (王发展 to 梧埭智造's branch, now 江北区) while
	# another writer moves that organisation back to 临江区.
	printf '%s\n%s\n' "$VH" "王发展,$W1,91330106MA2000414K,$O1,2026-03-01" >dev4.csv
	meanwhile "UPDATE org SET district_id = $LJ WHERE name = '$O1'" development dev4.csv
	eq "$(dev_in $W1)" 临江区 "the development record moved meanwhile: its new organisation's new district"
	# A new visit while another writer moves its enterprise (梧埭智造, 临江区).
	printf '%s
%s
' "$VIH" "王指导,三墩社区,91330106MA20002034,2026-04-15,宣传员,走访" >vi2.csv
	meanwhile "UPDATE enterprise SET district_id = $JB WHERE uscc = '91330106MA20002034'" visits vi2.csv
	eq "$(visit_in 91330106MA20002034)" "临江区 江北区" "the visit written meanwhile: its enterprise's new district"
	# A new transfer while another writer moves its organisation (the joint branch, 江北区, to 临江区).
	M7=330106196708080155 # 党员七
	printf '%s
%s
' "$TFH" "$M7,党员七,转出,$O2,外地党支部,2026-05-02," >tf7.csv
	meanwhile "UPDATE org SET district_id = $LJ WHERE name = '$O2'" transfers tf7.csv
	eq "$(tf_in $M7)" 临江区 "the transfer written meanwhile: its organisation's new district"
	# A transfer given another organisation (党员六's to 梧埭智造's branch, 临江区) while another writer
	# moves that organisation to 江北区.
	printf '%s
%s
' "$TFH" "$M6,党员六,转出,$O1,外地党支部,2026-05-01," >tf6.csv
	meanwhile "UPDATE org SET district_id = $JB WHERE name = '$O1'" transfers tf6.csv
	eq "$(tf_in $M6)" 江北区 "the transfer moved meanwhile: its new organisation's new district"
fi
finish
