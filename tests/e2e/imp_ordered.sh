#!/bin/sh
# Imports read the stored rows in key order (store_load_row_seq): a file sorted by its key, new
# keys before, between and after the stored ones, changed rows among unchanged ones, and the same
# file in reverse order must give what a lookup per row gives — counts, history rows, the export.
. "$(dirname "$0")/../lib.sh"

import_district d.db
"$FGDJ" export enterprises --unmasked --db d.db -o all.csv >/dev/null 2>&1 || fail "export enterprises"
eq "$(($(wc -l <all.csv) - 1))" 10 "ten enterprises exported"

# A database without the first, the fourth and the last enterprise of the export (key order).
awk 'NR != 2 && NR != 5 && NR != 11' all.csv >base.csv
run 0 "$FGDJ" init --name 临江区 --db o.db
run 0 "$FGDJ" import enterprises base.csv --new-places --db o.db
eq "$(sql o.db 'select count(*) from enterprise')" 7 "seven stored"
h0=$(sql o.db 'select count(*) from history')

# The whole export, sorted, with 从业人员数 (column 9) changed in data rows 2 and 6.
awk -F, 'BEGIN { OFS = "," } (NR == 3 || NR == 7) { $9 = $9 + 7 } { print }' all.csv >mod.csv
run 0 "$FGDJ" import enterprises mod.csv --new-places --db o.db
has out "新增 3，更新 2，未变 5"
eq "$(sql o.db "select count(*) from history where id > $h0 and op = 'insert' and tbl = 'enterprise'")" 3 "three insert rows"
eq "$(sql o.db "select count(*) from history where id > $h0 and op = 'update' and tbl = 'enterprise'")" 2 "two update rows"
k2=$(awk -F, 'NR == 3 { print $1 }' mod.csv)
e2=$(awk -F, 'NR == 3 { print $9 }' mod.csv)
eq "$(sql o.db "select employees from enterprise where uscc = '$k2'")" "$e2" "changed row stored"
eq "$(sql o.db "select json_extract(new, '\$.employees') from history where id > $h0 and key = '$k2'")" "$e2" \
	"its history holds the new value"
"$FGDJ" export enterprises --unmasked --db o.db -o back.csv >/dev/null 2>&1 || fail "export back"
eq "$(cmp -s back.csv mod.csv && echo same)" same "export is the file imported"

# The same file again, in reverse order and sorted: nothing written.
h1=$(sql o.db 'select count(*) from history')
{ head -1 mod.csv; tail -n +2 mod.csv | sort -r; } >rev.csv
run 0 "$FGDJ" import enterprises rev.csv --db o.db
has out "新增 0，更新 0，未变 10"
run 0 "$FGDJ" import enterprises mod.csv --db o.db
has out "新增 0，更新 0，未变 10"
eq "$(sql o.db 'select count(*) from history')" "$h1" "unchanged re-imports write no history"

# Reverse order with one change near the end of the file (the start of the key order).
awk -F, 'BEGIN { OFS = "," } NR == 10 { $9 = $9 + 1 } { print }' rev.csv >rev2.csv
run 0 "$FGDJ" import enterprises rev2.csv --db o.db
has out "新增 0，更新 1，未变 9"

# Members: the district's roster exported, re-imported sorted and reversed.
"$FGDJ" export members --unmasked --db d.db -o m.csv >/dev/null 2>&1 || fail "export members"
h2=$(sql d.db 'select count(*) from history')
run 0 "$FGDJ" import members m.csv --db d.db
has out "新增 0，更新 0，未变 23"
{ head -1 m.csv; tail -n +2 m.csv | sort -r; } >mrev.csv
run 0 "$FGDJ" import members mrev.csv --db d.db
has out "新增 0，更新 0，未变 23"
eq "$(sql d.db 'select count(*) from history')" "$h2" "members: no history"

finish
