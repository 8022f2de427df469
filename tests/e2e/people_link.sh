#!/bin/sh
# A secretary or training participant recorded before the member with the same 公民身份号码 is
# linked to that member when the member is written (store/ledger_write.c put_member) — in a small
# import, and in a large one, where after the 64th new member the store asks once whether any
# secretary's or participant's number is still no member's and, when none is, writes no link for
# the rest of the transaction (people_linked). Each import is its own transaction, so the answer is
# asked again by the next.
. "$(dirname "$0")/../lib.sh"

DB=d.db
"$FGDJ" init --name 临江区 --db $DB >/dev/null 2>&1 || fail "init"
import_district $DB
run 0 "$FGDJ" import trainings "$FIX/party/trainings.csv" --db $DB

# idno N: a valid 公民身份号码 (born 1990-01-01 in 330106) with sequence number N (3 digits)
idno() {
	awk -v n="$1" 'BEGIN {
		b = sprintf("33010619900101%03d", n); split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " ")
		s = 0; for (i = 1; i <= 17; i++) s += substr(b, i, 1) * w[i]
		printf "%s%s", b, substr("10X98765432", s % 11 + 1, 1) }'
}
# members FILE FROM TO: new members FROM..TO (sequence numbers) as a members ledger
members() {
	printf '姓名,公民身份号码,人员类别,入党日期,转正日期,工作单位统一社会信用代码,所在党组织,组织关系状态,是否亮明身份,联系电话\n' >"$1"
	i=$2
	while [ $i -le "$3" ]; do
		printf '党员%03d,%s,正式党员,2015-07-01,2016-07-01,91330106MA20002034,中共临江智造科技有限公司支部委员会,正常,是,\n' \
			$i "$(idno $i)" >>"$1"
		i=$((i + 1))
	done
}
# secretary FILE ORG NAME IDNO, trainee FILE NAME IDNO
secretary() {
	printf '党组织名称,姓名,公民身份号码,任职日期,离任日期,产生方式,是否双强,是否出资人或高管,联系电话\n%s,%s,%s,2026-01-01,,内部选举,是,否,\n' \
		"$2" "$3" "$4" >"$1"
}
trainee() {
	printf '培训名称,开始日期,姓名,公民身份号码,身份,企业统一社会信用代码\n2026年非公企业党组织书记培训班,2026-04-01,%s,%s,书记,91330106MA20002034\n' \
		"$2" "$3" >"$1"
}
linked() { sql $DB "SELECT count(*) FROM $1 t JOIN member m ON m.id = t.member_id WHERE t.idno = '$2' AND m.idno = '$2'"; }

# ---- a small import: the member written links the secretary recorded before it ----
secretary s1.csv 新建材料有限公司党支部 党员001 "$(idno 1)"
run 0 "$FGDJ" import secretaries s1.csv --db $DB
eq "$(linked secretary "$(idno 1)")" 0 "no member yet"
members m1.csv 1 1
run 0 "$FGDJ" import members m1.csv --db $DB
eq "$(linked secretary "$(idno 1)")" 1 "linked by a small import"

# ---- a large import: the secretary's and the participant's members come after the 64th row ----
secretary s2.csv 小微设计工作室党支部 党员190 "$(idno 190)"
run 0 "$FGDJ" import secretaries s2.csv --db $DB
trainee t2.csv 党员195 "$(idno 195)"
run 0 "$FGDJ" import trainees t2.csv --db $DB
members m2.csv 101 200
run 0 "$FGDJ" import members m2.csv --db $DB
has out "新增 100"
eq "$(linked secretary "$(idno 190)")" 1 "secretary linked by row 90 of a large import"
eq "$(linked trainee "$(idno 195)")" 1 "participant linked by row 95 of a large import"

# ---- every number a member's: a large import links nothing (and needs nothing) ----
members m3.csv 201 300
run 0 "$FGDJ" import members m3.csv --db $DB
eq "$(sql $DB "SELECT count(*) FROM secretary WHERE idno IS NOT NULL AND member_id IS NULL")" 0 "no secretary left unlinked"
# ---- and the next transaction asks again: a secretary recorded now is linked by the next import ----
secretary s4.csv 光明社区非公企业联合党支部 党员380 "$(idno 380)"
run 0 "$FGDJ" import secretaries s4.csv --db $DB
members m4.csv 301 400
run 0 "$FGDJ" import members m4.csv --db $DB
eq "$(linked secretary "$(idno 380)")" 1 "linked by the next large import"
eq "$(sql $DB "SELECT count(*) FROM member WHERE idno LIKE '33010619900101%'")" 301 "every member written"
finish
