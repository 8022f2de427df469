#!/bin/sh
# Lists out of the browser (issue 13): the XLSX export of a list's current filters (the same rows
# as the list, personal data masked unless a user who may asks, every export in the history), the
# print view (filters in words, the count, every row), the import template of a ledger (its headers,
# a dropdown on an enumerated column, the instructions sheet), the format page, and the import
# preview (changed fields old → new, unchanged rows, errors naming the enterprise or person, the
# error list as XLSX).
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

DB=d.db
import_district $DB
add_user boss admin
add_user dc street 东城街道
add_user gm community 光明社区
start_server $DB
api_login boss bj
api_login dc dj
api_login gm gj

# xlsx_rows FILE: data rows of the first sheet; xlsx_cells FILE COL: the texts of a column (A, B…).
xlsx_py() {
	python3 - "$@" <<'PY'
import sys, zipfile, re
z = zipfile.ZipFile(sys.argv[2])
ss = []
if 'xl/sharedStrings.xml' in z.namelist():
    x = z.read('xl/sharedStrings.xml').decode()
    for si in re.findall(r'<si>(.*?)</si>', x, re.S):
        ss.append(''.join(re.findall(r'<t[^>]*>(.*?)</t>', si, re.S)))
sheet = z.read('xl/worksheets/sheet1.xml').decode()
rows = re.findall(r'<row [^>]*>(.*?)</row>', sheet, re.S)
def cells(row):
    out = {}
    for ref, attrs, body in re.findall(r'<c r="([A-Z]+)\d+"([^>]*?)(?:/>|>(.*?)</c>)', row, re.S):
        v = re.search(r'<v>(.*?)</v>', body or '')
        is_ = re.search(r'<t[^>]*>(.*?)</t>', body or '')
        if v and 't="s"' in attrs: out[ref] = ss[int(v.group(1))]
        elif v: out[ref] = v.group(1)
        elif is_: out[ref] = is_.group(1)
    return out
cmd = sys.argv[1]
if cmd == 'rows':
    print(len(rows) - 1)
elif cmd == 'col':
    for r in rows[1:]:
        print(cells(r).get(sys.argv[3], ''))
elif cmd == 'header':
    c = cells(rows[0]); print(' '.join(c[k] for k in sorted(c, key=lambda s: (len(s), s))))
elif cmd == 'validation':
    m = re.findall(r'<dataValidation [^>]*sqref="([A-Z]+)2:[^"]*"[^>]*>\s*<formula1>(.*?)</formula1>', sheet, re.S)
    for ref, f in m: print(ref, f)
elif cmd == 'sheets':
    wb = z.read('xl/workbook.xml').decode()
    print(' '.join(re.findall(r'<sheet name="([^"]*)"', wb)))
elif cmd == 'sheet2':
    s2 = z.read('xl/worksheets/sheet2.xml').decode()
    ids = [int(v) for v in re.findall(r't="s"[^>]*><v>(\d+)</v>', s2)]
    print('\n'.join(ss[i] for i in ids))
PY
}

# ---- members: a filtered export counts what the list counts, masked for a community user ----
req 200 GET '/members?status=%E6%AD%A3%E5%BC%8F%E5%85%9A%E5%91%98' -b bj
LIST=$(sed -n 's/.*<span>共 \([0-9]*\) 条.*/\1/p' "$WORK/body")
has "$WORK/body" '/members/export.xlsx?status=%E6%AD%A3%E5%BC%8F%E5%85%9A%E5%91%98'
has "$WORK/body" 'print=1'
req 200 GET '/members/export.xlsx?status=%E6%AD%A3%E5%BC%8F%E5%85%9A%E5%91%98' -b bj
cp "$WORK/body" m.xlsx
eq "$(header Content-Type)" "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" "export type"
eq "$(xlsx_py rows m.xlsx)" "$LIST" "members export = list count"
[ "$LIST" -gt 1 ] && ok || fail "a filter that keeps several members: $LIST"
xlsx_py col m.xlsx C | sort -u >status.txt
eq "$(cat status.txt)" "正式党员" "only the filtered status"
xlsx_py col m.xlsx B | grep '^3301.*\*' >/dev/null && ok || fail "district admin's export is masked by default"
# a community user: its own scope, masked, and refused the unmasked export
req 200 GET '/members' -b gj
GMLIST=$(sed -n 's/.*<span>共 \([0-9]*\) 条.*/\1/p' "$WORK/body")
req 200 GET '/members/export.xlsx' -b gj
cp "$WORK/body" gm.xlsx
eq "$(xlsx_py rows gm.xlsx)" "$GMLIST" "community export = its list"
if xlsx_py col gm.xlsx B | grep -E '^[0-9]{17}[0-9X]$' >/dev/null; then fail "full ID number for a community user"; else ok; fi
xlsx_py col gm.xlsx B | grep '\*' >/dev/null && ok || fail "masked ID numbers for a community user"
req 403 GET '/members/export.xlsx?unmasked=1' -b gj
req 200 GET '/members/export.xlsx?unmasked=1&status=%E6%AD%A3%E5%BC%8F%E5%85%9A%E5%91%98' -b bj
cp "$WORK/body" mu.xlsx
xlsx_py col mu.xlsx B | grep -E '^[0-9]{17}[0-9X]$' >/dev/null && ok || fail "unmasked export for an admin"

# ---- the history: who, which ledger, which filters, how many rows ----
N=$(db_query $DB "select count(*) from history where tbl='export' and who='web:boss' and new like '%人员类别：正式党员%' and new like '%\"rows\":$LIST%'")
[ "$N" -ge 2 ] && ok || fail "export history entries with filters and rows: $N"
eq "$(db_query $DB "select count(*) from history where tbl='export' and who='web:gm' and new like '%\"rows\":$GMLIST%'")" 1 "community export logged"

# ---- enterprises and a party-work ledger: a region filter, a kind filter ----
req 200 GET '/enterprises?status=%E5%9C%A8%E8%90%A5' -b dj
ELIST=$(sed -n 's/.*<span>共 \([0-9]*\) 条.*/\1/p' "$WORK/body")
req 200 GET '/enterprises/export.xlsx?status=%E5%9C%A8%E8%90%A5' -b dj
cp "$WORK/body" e.xlsx
eq "$(xlsx_py rows e.xlsx)" "$ELIST" "enterprises export = list count"
xlsx_py col e.xlsx C | sort -u >streets.txt
eq "$(cat streets.txt)" "东城街道" "a street user's export stays in its street"
req 200 GET '/orgs/export.xlsx?kind=%E6%94%AF%E9%83%A8' -b bj
cp "$WORK/body" o.xlsx
req 200 GET '/orgs?kind=%E6%94%AF%E9%83%A8' -b bj
OLIST=$(sed -n 's/.*<span>共 \([0-9]*\) 条.*/\1/p' "$WORK/body")
eq "$(xlsx_py rows o.xlsx)" "$OLIST" "orgs export = list count"

# ---- the print view: filters in words, count, every row ----
req 200 GET '/members?print=1&status=%E6%AD%A3%E5%BC%8F%E5%85%9A%E5%91%98' -b bj
has "$WORK/body" '筛选条件：</strong>人员类别：正式党员'
has "$WORK/body" "共 $LIST 条"
eq "$(grep -c '<tr><td><a href="/members/' "$WORK/body")" "$LIST" "print view: every row"
hasnt "$WORK/body" 'class="pager"'
req 200 GET '/enterprises?print=1' -b bj
has "$WORK/body" '筛选条件：</strong>无（全部）'
eq "$(grep -c '<tr><td><a href="/enterprises/' "$WORK/body")" 10 "print view of the enterprises"

# ---- the template and the format page ----
req 200 GET /formats/members/template.xlsx -b gj
cp "$WORK/body" t.xlsx
eq "$(xlsx_py header t.xlsx)" "姓名 公民身份号码 人员类别 入党日期 转正日期 工作单位统一社会信用代码 所在党组织 组织关系状态 是否亮明身份 联系电话 关系状态起始日期 区外组织关系 减少日期 减少原因" "template headers"
xlsx_py validation t.xlsx >dv.txt
has dv.txt 'C "正式党员,预备党员"'
has dv.txt 'H "正常,流动,失联,停止党籍"'
eq "$(xlsx_py sheets t.xlsx)" "党员名册 填写说明" "template sheets"
xlsx_py sheet2 t.xlsx >help.txt
has help.txt '取值：正式党员 / 预备党员'
# the command line writes the same template (headers, dropdowns, instructions)
"$FGDJ" format members --template -o cli.xlsx || fail "fgdj format members --template"
eq "$(xlsx_py header cli.xlsx)" "$(xlsx_py header t.xlsx)" "CLI template headers = web template"
eq "$(xlsx_py validation cli.xlsx)" "$(cat dv.txt)" "CLI template dropdowns = web template"
eq "$(xlsx_py sheet2 cli.xlsx)" "$(cat help.txt)" "CLI template instructions = web template"
req 200 GET /formats/members -b gj
has "$WORK/body" '<h1>党员名册文件格式</h1>'
has "$WORK/body" '取值：正式党员 / 预备党员'
req 404 GET /formats/nothing -b gj
req 200 GET /formats -b gj
has "$WORK/body" 'href="/formats/enterprises"'

# ---- the import preview: changed fields old → new, unchanged folded, new rows ----
{
	head -1 "$FIX/district/enterprises.csv"
	sed -n 2p "$FIX/district/enterprises.csv" | sed 's/,在营,120,/,在营,125,/'
	sed -n 3p "$FIX/district/enterprises.csv"
	echo '92330106MA2000342P,新开张科技有限公司,东城街道,幸福社区,,,制造业,在营,8,是,,,,,,,'
} >change.csv
api_login dc dj
SUM=$(dbsum $DB)
req 200 POST /import -b dj -F "csrf=$CSRF" -F kind=enterprises -F "file=@change.csv"
has "$WORK/body" '将更新的行（1）'
has "$WORK/body" '<td>临江智造科技有限公司</td><td><ul class="diff"><li><span class="field">从业人员数</span>：<del>120</del> → <ins>125</ins></li></ul></td>'
hasnt "$WORK/body" '<span class="field">企业名称</span>'
has "$WORK/body" '将新增的行（1）'
has "$WORK/body" '<td>新开张科技有限公司</td>'
has "$WORK/body" '<summary>未变的行：1 行'
eq "$(dbsum $DB)" "$SUM" "the preview writes nothing"
# the commit does what the preview said
T=$(sed -n 's/.*name="token" value="\([0-9a-f]*\)".*/\1/p' "$WORK/body")
req 200 POST /import/commit -b dj -d "csrf=$CSRF" -d "token=$T"
has "$WORK/body" '新增 1，更新 1，未变 1'
eq "$(db_query $DB "select employees from enterprise where uscc='91330106MA20002034'")" 125 "the change written"

# a member file: a personal field changes (masked both sides), an error names the person
{
	head -1 "$FIX/district/members.csv"
	sed -n 3p "$FIX/district/members.csv" | sed 's/13900000001/13911112222/'
	sed -n 4p "$FIX/district/members.csv" | sed 's/,正式党员,/,正式员工,/'
} >mem.csv
req 422 POST /import -b dj -F "csrf=$CSRF" -F kind=members -F "file=@mem.csv"
has "$WORK/body" '<td class="num">3</td><td>张三</td><td>人员类别</td><td>正式员工</td>'
ET=$(sed -n 's/.*href="\/import\/errors.xlsx?token=\([0-9a-f]*\)".*/\1/p' "$WORK/body")
[ ${#ET} -eq 64 ] && ok || fail "error list link"
req 200 GET "/import/errors.xlsx?token=$ET" -b dj
cp "$WORK/body" err.xlsx
eq "$(xlsx_py rows err.xlsx)" 1 "one error in the list"
eq "$(xlsx_py col err.xlsx D)" "张三" "the error names the person"
eq "$(xlsx_py col err.xlsx G | sed 's/:.*//')" "mem.csv" "file:row:column"
req 404 GET "/import/errors.xlsx?token=$ET" -b bj
req 409 POST /import/commit -b dj -d "csrf=$CSRF" -d "token=$ET"
{
	head -1 "$FIX/district/members.csv"
	sed -n 3p "$FIX/district/members.csv" | sed 's/13900000001/13911112222/'
} >mem2.csv
req 200 POST /import -b dj -F "csrf=$CSRF" -F kind=members -F "file=@mem2.csv"
has "$WORK/body" '<li><span class="field">联系电话</span>：<del>139****0001</del> → <ins>139****2222</ins></li>'
hasnt "$WORK/body" '13911112222'

stop_server
eq "$SERVER_RC" 0 "clean stop"
if grep -E 'ERROR: (Address|Leak)Sanitizer|runtime error' "$WORK/server.log" >&2; then fail "sanitizer report"; else ok; fi

finish
