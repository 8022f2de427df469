#!/bin/sh
# The party-work ledgers (meetings, study, secretaries, visits, trainings, trainees): a hand-made
# fixture on the district imports (secretaries as GBK CSV), exports re-import unchanged, the history
# shows changes, and every refusal names file:row:column and leaves the database unchanged.
. "$(dirname "$0")/../lib.sh"

P="$FIX/party"
import_district d.db
for k in meetings study trainings trainees visits; do
	run 0 "$FGDJ" import $k "$P/$k.csv" --db d.db
done
run 0 "$FGDJ" import secretaries "$P/secretaries_gbk.csv" --db d.db
has out "党组织书记 3 行，新增 3"
# attendance is each meeting's list of ID numbers (schema v19): 8 attendances in all
eq "$(sql d.db "SELECT sum(length(attendees) - length(replace(attendees, '；', '')) + 1) FROM meeting WHERE attendees IS NOT NULL")" 8 "attendances"
eq "$(sql d.db "SELECT m.name FROM member m JOIN meeting mt ON mt.attendees = m.idno WHERE mt.kind = '党课'")" "冯一" "attendee resolved by ID number"
# aliases and defaults are stored canonically
eq "$(sql d.db "SELECT kind || form || CAST(hours * 10 AS INTEGER) FROM meeting WHERE topic = '年度工作部署'")" "支部党员大会集中0" "alias and defaults"
eq "$(sql d.db "SELECT roles FROM visit WHERE date = '2026-06-30'")" "服务员；督导员" "roles in canonical order"
# the current secretary becomes the organisation's 书记姓名, with its own history entry
eq "$(sql d.db "SELECT secretary FROM org WHERE name = '中共临江智造科技有限公司支部委员会'")" "张一" "secretary follows"
run 0 "$FGDJ" history org 中共临江智造科技有限公司支部委员会 --db d.db
has out "张建国"
has out "张一"

# export → re-import changes nothing
for k in meetings study secretaries visits trainings trainees; do
	run 0 "$FGDJ" export $k --unmasked -o $k.csv --db d.db
done
h=$(sql d.db "SELECT count(*) FROM history WHERE op <> 'view'")
for k in meetings study secretaries visits trainings trainees; do
	run 0 "$FGDJ" import $k $k.csv --db d.db
	has out "新增 0，更新 0"
done
eq "$(sql d.db "SELECT count(*) FROM history WHERE op <> 'view'")" "$h" "re-import wrote no history"
# a masked export names the ID numbers masked and cannot be re-imported
run 0 "$FGDJ" export meetings -o masked.csv --db d.db
has masked.csv "330106********0035"
hasnt masked.csv "330106196102020035"

# a change is an update with its history; `fgdj history meeting KEY` shows it
sed 's/,书记讲党课,线上,2,/,书记讲党课,线上,3,/' meetings.csv >changed.csv
run 0 "$FGDJ" import meetings changed.csv --db d.db
has out "更新 1"
run 0 "$FGDJ" history meeting "新建材料有限公司党支部/党课/2026-07-01/书记讲党课" --db d.db
has out "3"
has out "新增（来源："

# ---- refusals: row and column named, nothing written ----
refused() {
	name=$1 file=$2 kind=$3; shift 3
	before=$(dbsum d.db)
	run 2 "$FGDJ" import "$kind" "$file" --db d.db
	for want in "$@"; do has err "$want"; done
	eq "$(dbsum d.db)" "$before" "$name: database unchanged"
}
H='党组织名称,活动类型,日期,主题,形式,学时,参加党员,缺席党员及原因,记录人'
O=中共临江智造科技有限公司支部委员会
printf '%s\n%s\n' "$H" "不存在的党支部,党课,2026-08-01,x,,,,," >m1.csv
refused "unknown organisation" m1.csv meetings "m1.csv:2:党组织名称:" "不在党组织台账中"
printf '%s\n%s\n' "$H" "$O,党课,2027-01-01,x,,,,," >m2.csv
refused "future date" m2.csv meetings "m2.csv:2:日期: 日期晚于今天"
printf '%s\n%s\n' "$H" "$O,党课,2012-05-01,x,,,,," >m3.csv
refused "before founded" m3.csv meetings "m3.csv:2:日期: 日期早于党组织成立日期（2012-06-01）"
printf '%s\n%s\n' "$H" "$O,党课,2026-08-01,x,,,330106197011110216,," >m4.csv
refused "attendee of another organisation" m4.csv meetings "m4.csv:2:参加党员: 330106197011110216 在 2026-08-01 不是该党组织的党员"
printf '%s\n%s\n' "$H" "$O,党课,2026-02-01,x,,,330106198009210415,," >m5.csv
refused "attendee not yet joined" m5.csv meetings "m5.csv:2:参加党员: 330106198009210415 在 2026-02-01 不是该党组织的党员"
printf '%s\n%s\n' "$H" "$O,党课,2026-08-01,x,,,,330106197011110216：病假," >m6.csv
refused "absentee of another organisation" m6.csv meetings "m6.csv:2:缺席党员及原因: 330106197011110216"
printf '%s\n%s\n' "$H" "$O,党课,2026-08-01,x,,25,,," >m7.csv
refused "more than 24 hours" m7.csv meetings "m7.csv:2:学时: 学时超过24小时"
printf '%s\n%s\n%s\n' "$H" "$O,党课,2026-08-01,x,,,,," "$O,党课,2026-08-01,x,线上,,,," >m8.csv
refused "duplicate key in file" m8.csv meetings "m8.csv:3:党组织名称: 与第 2 行重复"
printf '%s\n%s\n' "$H" "$O,党课,2026-08-01,x,,,330106196102020036,," >m9.csv
refused "bad check digit in list" m9.csv meetings "m9.csv:2:参加党员: “330106196102020036”"

printf '%s\n%s\n' '公民身份号码,姓名,日期,内容,学时' '330106196102020035,张二,2026-03-01,x,1' >s1.csv
refused "name differs from member" s1.csv study "s1.csv:2:姓名: 与党员名册中该公民身份号码的姓名“张一”不一致"
printf '%s\n%s\n' '公民身份号码,姓名,日期,内容,学时' '110101199003071233,,2026-03-01,x,1' >s2.csv
refused "unknown member" s2.csv study "s2.csv:2:公民身份号码:" "不在党员名册中"

VH='指导员姓名,派出单位,企业统一社会信用代码,走访日期,发挥作用,走访内容'
printf '%s\n%s\n' "$VH" '王指导,光明社区,91330106MA2000836J,2026-03-20,,' >v1.csv
refused "not assigned" v1.csv visits "v1.csv:2:企业统一社会信用代码: 该企业在 2026-03-20 不是指导员“王指导”的指导企业"
printf '%s\n%s\n' "$VH" '王指导,光明社区,91330106MA2000481H,2024-02-29,,' >v2.csv
refused "before the assignment" v2.csv visits "v2.csv:2:企业统一社会信用代码: 该企业在 2024-02-29"
printf '%s\n%s\n' "$VH" '赵指导,光明社区,91330106MA2000481H,2026-03-20,,' >v3.csv
refused "unknown instructor" v3.csv visits "v3.csv:2:指导员姓名: 党建指导员“赵指导”（光明社区）不在党建指导员台账中"
printf '%s\n%s\n' "$VH" '王指导,光明社区,91330106MA2000481H,2026-03-20,联络员,' >v4.csv
refused "unknown role" v4.csv visits "v4.csv:2:发挥作用: “联络员”：应为 调研员、宣传员、服务员、督导员 之一"

SH='党组织名称,姓名,公民身份号码,任职日期,离任日期,产生方式,是否双强,是否出资人或高管,联系电话'
printf '%s\n%s\n' "$SH" "$O,王五,,2024-01-01,,内选,,," >x1.csv
refused "overlap with stored term" x1.csv secretaries "x1.csv:2:任职日期: 任期与该党组织 2022-06-01 起任职的书记重叠"
printf '%s\n%s\n%s\n' "$SH" "新建材料有限公司党支部,冯一,,2026-06-01,,内选,,," "新建材料有限公司党支部,冯二,,2026-07-01,,内选,,," >x2.csv
refused "overlap within the file" x2.csv secretaries "x2.csv:3:任职日期: 任期与该党组织 2026-06-01 起任职的书记重叠"
printf '%s\n%s\n' "$SH" "$O,王五,,2024-01-01,2023-01-01,内选,,," >x3.csv
refused "until before since" x3.csv secretaries "x3.csv:2:离任日期: 离任日期应晚于任职日期"

printf '%s\n%s\n' '培训名称,开始日期,姓名,公民身份号码,身份,企业统一社会信用代码' '没有的培训,2026-04-01,甲,,其他,' >t1.csv
refused "unknown training" t1.csv trainees "t1.csv:2:培训名称: 培训“没有的培训”（2026-04-01 开始）不在培训观摩台账中"
printf '%s\n%s\n' '名称,类型,开始日期,结束日期,地点,学时,主办单位' '一日培训,集中培训,2026-04-01,,,30,' >t2.csv
refused "training hours beyond its days" t2.csv trainings "t2.csv:2:学时: 学时超过 1 天的 24 小时"

finish
