#!/bin/sh
# Every refusal: the file is refused whole, every error is printed as FILE:ROW:COLUMN: message,
# the exit code is 2 and the database is unchanged.
. "$(dirname "$0")/../lib.sh"

import_district d.db
E="$FIX/district/enterprises.csv"

# refused NAME FILE KIND EXPECTED...: import FILE as KIND must fail with each EXPECTED text in stderr
refused() {
	name=$1 file=$2 kind=$3; shift 3
	before=$(dbsum d.db)
	run 2 "$FGDJ" import "$kind" "$file" --db d.db
	for want in "$@"; do has err "$want"; done
	eq "$(dbsum d.db)" "$before" "$name: database unchanged"
}

# A wrong check character: row and column named, the expected character explained.
sed 's/^91330106MA20002702,/91330106MA20002703,/' "$E" >badcheck.csv
refused "USCC check" badcheck.csv enterprises "badcheck.csv:3:统一社会信用代码: " "校验" "没有写入任何数据"

# Several errors in one file: all of them reported, nothing written (the good rows neither).
sed -e 's/^91330106MA20002702,/91330106MA20002703,/' -e 's/,在营,15,是,/,营业中,15,是,/' -e 's/,2018-01-20,/,2018-02-30,/' \
	-e 's/,在营,60,是,/,在营,-3,是,/' -e 's/,在营,9,是,/,在营,9,也许,/' "$E" >many.csv
refused "many errors" many.csv enterprises "many.csv:3:统一社会信用代码:" "many.csv:4:经营状态: 应为 在营" \
	"many.csv:5:成立日期: 日期无法识别" "many.csv:6:从业人员数: 不能为负数" "many.csv:7:有固定经营场所:" "有 5 处错误"

# --errors writes the list as CSV with the original values.
run 2 "$FGDJ" import enterprises many.csv --db d.db --errors errs.csv
has errs.csv "营业中"
has errs.csv "2018-02-30"
eq "$(wc -l <errs.csv | tr -d ' ')" 6 "errors CSV: header + 5 rows"
eq "$(head -1 errs.csv)" "$(printf '\357\273\277文件,行,列,企业/人员,原值,说明,位置\r')" "errors CSV: the columns of the XLSX list"
has errs.csv "many.csv:4:经营状态: 应为 在营"
# A name ending in .xlsx gets the list as XLSX: the same columns and cells.
run 2 "$FGDJ" import enterprises many.csv --db d.db --errors errs.xlsx
has err "错误清单已写入"
unzip -p errs.xlsx xl/sharedStrings.xml >errs.strings 2>/dev/null && ok || fail "errs.xlsx is not an XLSX"
has errs.strings "<t>企业/人员</t>"
has errs.strings "<t>营业中</t>"
has errs.strings "<t>2018-02-30</t>"
has errs.strings "many.csv:4:经营状态: 应为 在营"
# Past the 10,000 errors kept with their text, the list's last line says how many more were found.
awk -F, -v OFS=, 'NR == 1 { print; next } NR == 2 { for (i = 0; i < 10003; i++) { $7 = "营业中" i; print } }' "$E" >over.csv
run 2 "$FGDJ" import enterprises over.csv --db d.db --errors over.csv.errs
eq "$(wc -l <over.csv.errs | tr -d ' ')" 10002 "errors CSV past the limit: header, 10,000 errors, the line of the rest"
total=$(sed -n 's/.*over.csv 有 \([0-9]*\) 处错误.*/\1/p' err)
eq "$(tail -1 over.csv.errs | tr -d '\r' | cut -d, -f6)" "另有 $((total - 10000)) 处错误未列出" "errors CSV: the last line counts the rest"
run 2 "$FGDJ" import enterprises over.csv --db d.db --errors over.xlsx
unzip -p over.xlsx xl/sharedStrings.xml | grep -o '另有 [0-9]* 处错误未列出' >over.more
eq "$(cat over.more)" "$(tail -1 over.csv.errs | tr -d '\r' | cut -d, -f6)" "the XLSX list ends with the same line"

# A required column missing; a required cell empty; a future date; zone without its kind.
cut -d, -f1-7,9- "$E" >nostatus.csv
refused "missing column" nostatus.csv enterprises "缺少必填列“经营状态”" "没有写入任何数据"
hasnt err "数据库错误" # refused as input, not by the database's NOT NULL
sed 's/^91330106MA20002702,临江小象餐饮有限公司/91330106MA20002702,/' "$E" >noname.csv
refused "empty required" noname.csv enterprises "noname.csv:3:企业名称: 必填项为空"
sed 's/,2015-03-12,/,2027-01-01,/' "$E" >future.csv
refused "future date" future.csv enterprises "future.csv:3:成立日期: 日期晚于今天"
sed 's/,幸福社区,,,餐饮业/,幸福社区,某大厦,,餐饮业/' "$E" >zone.csv
refused "zone kind" zone.csv enterprises "zone.csv:3:区域类型: 填写了所属区域时必须填写区域类型"

# The same key twice in one file.
(cat "$E"; sed -n 3p "$E") >dup.csv
refused "duplicate" dup.csv enterprises "dup.csv:12:统一社会信用代码: 与第 3 行重复"

# A USCC that a spreadsheet turned into a number.
sed 's/^91330106MA20002702,/9.13301E+17,/' "$E" >sci.csv
refused "scientific" sci.csv enterprises "sci.csv:3:统一社会信用代码: 统一社会信用代码被电子表格当成了数字"

# An 18-digit ID number stored as a number by LibreOffice: precision lost.
run 2 "$FGDJ" import members "$FIX/members_mangled_lo.xlsx" --db d.db
has err "members_mangled_lo.xlsx:2:"
has err "丢失"

# ID numbers: a wrong check character, one typed with a digit lost (precision), and a masked one.
M="$FIX/district/members.csv"
sed 's/,330106196102020035,/,330106196102020036,/' "$M" >idcheck.csv
refused "ID check" idcheck.csv members "idcheck.csv:2:公民身份号码:" "应为 5"
sed 's/,330106196203030056,/,330106196203030000,/' "$M" >idprec.csv
refused "ID precision" idprec.csv members "idprec.csv:3:公民身份号码:" "15 位"
"$FGDJ" export members --db d.db >masked.csv
refused "masked ID" masked.csv members "已脱敏"

# References: an unknown employer, an unknown organisation, a joint branch covering a missing enterprise.
sed 's/,91330106MA20002034,中共临江智造/,91330106MA2000908B,中共临江智造/' "$M" >noemp.csv
refused "unknown employer" noemp.csv members "noemp.csv:2:工作单位统一社会信用代码: 工作单位 91330106MA2000908B 不在企业台账中"
sed '2s/,中共临江智造科技有限公司支部委员会,/,不存在的支部,/' "$M" >noorg.csv
refused "unknown org" noorg.csv members "noorg.csv:2:所在党组织: 党组织“不存在的支部”不在党组织台账中"
O="$FIX/district/orgs.csv"
sed 's/91330106MA20002702；91330106MA2000342T/91330106MA20002702；91330106MA2000908B/' "$O" >orgcover.csv
refused "unknown covered" orgcover.csv orgs "orgcover.csv:3:覆盖企业:" "91330106MA2000908B"

# Organisations that are each other's parent.
printf '党组织名称,组织类别,组建方式,上级党组织,成立日期\r\n甲支部,党支部,单独建,乙支部,2020-01-01\r\n乙支部,党支部,单独建,甲支部,2020-01-01\r\n' >cycle.csv
refused "cycle" cycle.csv orgs "cycle.csv:2:上级党组织:" "循环"
# A leadership body may not cover enterprises.
printf '党组织名称,组织类别,组建方式,覆盖企业,成立日期\r\n某工委,党委,上级机关,91330106MA20002034,2020-01-01\r\n' >lead.csv
refused "leadership covers" lead.csv orgs "lead.csv:2:覆盖企业:" "上级机关"

# Members: 预备党员 with a full-membership date, full date before joining, joining before 18.
sed '2s/,正式党员,2010-07-01,2011-07-01,/,正式党员,2010-07-01,2009-07-01,/' "$M" >fullbefore.csv
refused "full before join" fullbefore.csv members "fullbefore.csv:2:转正日期: 转正日期必须晚于入党日期"
sed '2s/,正式党员,2010-07-01,2011-07-01,/,正式党员,1975-07-01,1976-07-01,/' "$M" >young.csv
refused "under 18" young.csv members "young.csv:2:入党日期: 入党日期早于本人年满 18 周岁"

# Files that are not ledgers.
printf 'a,b,c\r\n1,2,3\r\n' >noheader.csv
refused "no header" noheader.csv enterprises "找不到表头"
: >empty.csv
refused "empty" empty.csv enterprises "空"
refused "corrupt xlsx" "$FIX/bad_xml.xlsx" enterprises "bad_xml.xlsx"
refused "zip bomb" "$FIX/bomb.xlsx" enterprises "bomb.xlsx"
run 2 "$FGDJ" import enterprises "$FIX/enterprises_lo.xlsx" --sheet 不存在 --db d.db
has err "不存在"

# Usage errors exit 2 with a message.
run 2 "$FGDJ" import nonsense "$E" --db d.db
has err "不认识的台账"
run 2 "$FGDJ" import enterprises /nonexistent.csv --db d.db
has err "无法读取文件"
run 2 "$FGDJ" frobnicate
has err "没有命令"
run 2 "$FGDJ" import enterprises "$E" --bogus
has err "不认识选项"

finish
