#!/bin/sh
# Numbers read back from the database for the unchanged-row comparison (store_row_read formats
# integral values without printf): fractional, zero and large capitals round-trip, a re-import of
# the exported file changes nothing, and employee counts stay integers.
. "$(dirname "$0")/../lib.sh"

import_district d.db
run 0 "$FGDJ" export enterprises -o e.csv --db d.db
# Capital (注册资本, column 11) of the first three rows: 500, 50, 100 in the fixture.
python3 - <<'PY'
import csv
rows = list(csv.reader(open("e.csv", encoding="utf-8-sig")))
col = rows[0].index("注册资本（万元）")
for r, v in zip(rows[1:4], ["12.5", "0", "123456789012"]):
    r[col] = v
with open("e2.csv", "w", encoding="utf-8-sig", newline="") as f:
    csv.writer(f).writerows(rows)
PY
run 0 "$FGDJ" import enterprises e2.csv --db d.db
has out "新增 0，更新 3，未变 7"
eq "$(sql d.db "select group_concat(CAST(capital * 10 AS BIGINT), '|') from (select capital from enterprise where uscc in
	('91330106MA20002034','91330106MA20002702','91330106MA2000342T') order by uscc) q")" \
	"125|0|1234567890120" "capitals stored as numbers (×10)"
if sqlite_only "SQLite 的存储类型（PostgreSQL 上该列即 DOUBLE PRECISION）"; then
	eq "$(sql d.db "select group_concat(typeof(capital), '|') from enterprise where uscc in
		('91330106MA20002034','91330106MA20002702','91330106MA2000342T')")" "real|real|real" "capitals stored as REAL"
fi
eq "$(sql d.db "select count(*) from history where tbl = 'enterprise' and op = 'update'")" 3 "three updates in the history"

# The same file again: every row compares equal to what is stored, nothing is written.
before=$(dbsum d.db)
run 0 "$FGDJ" import enterprises e2.csv --db d.db
has out "新增 0，更新 0，未变 10"
eq "$(dbsum d.db)" "$before" "re-import leaves the database unchanged"

# The export shows the numbers as they were entered.
run 0 "$FGDJ" export enterprises -o e3.csv --db d.db
python3 - >caps.txt <<'PY'
import csv
rows = list(csv.reader(open("e3.csv", encoding="utf-8-sig")))
col = rows[0].index("注册资本（万元）")
emp = rows[0].index("从业人员数")
by = {r[0]: r for r in rows[1:]}
print("|".join(by[k][col] for k in ["91330106MA20002034", "91330106MA20002702", "91330106MA2000342T"]))
print(by["91330106MA20002034"][emp])
PY
eq "$(sed -n 1p caps.txt)" "12.5|0|123456789012" "exported capitals"
eq "$(sed -n 2p caps.txt)" "120" "exported employee count"
finish
