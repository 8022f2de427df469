#!/bin/sh
# A re-import sorted by the key reads the stored rows in key order without their joins: the texts
# an id stands for (an enterprise's 所属街道, 所属社区, 所属区域 and 区域类型; a member's 工作单位
# and 所在党组织) are read once per id — by a look-up, or for all ids by one scan once a file has
# asked for many (a district's members name ≈ 1,900 employers). A row whose only change is in such
# a field must still be seen as changed, with the history entry a look-up with the joins writes
# (the same file in reverse order reads each row so): both databases end the same.
. "$(dirname "$0")/../lib.sh"

fgdj_demo --scale district --seed 1 --db d.db --export led >/dev/null 2>&1 || fail "demo"
E=led/enterprises.csv
M=led/members.csv
ne=$(($(wc -l <$E) - 1))
nm=$(($(wc -l <$M) - 1))

# Unchanged: nothing written.
h0=$(sql d.db 'select count(*) from history')
run 0 "$FGDJ" import enterprises $E --db d.db
has out "新增 0，更新 0，未变 $ne"
run 0 "$FGDJ" import members $M --db d.db
has out "新增 0，更新 0，未变 $nm"
eq "$(sql d.db 'select count(*) from history')" "$h0" "unchanged re-imports write no history"

# Enterprises (district export: 1 USCC, 3 所属街道, 4 所属社区, 5 所属区域, 6 区域类型): data row 11
# moves to another community of its street, row 21 to another street's community, row 31 into
# the zone of the first zoned row that has another one, the first zoned row from row 41 on out of
# its zone.
awk -F, 'BEGIN { OFS = "," }
	NR == FNR { if (FNR > 1) { st[FNR] = $3; co[FNR] = $4; zo[FNR] = $5; zk[FNR] = $6 }
		    if (FNR >= 42 && !out && $5 != "") out = FNR; n = FNR; next }
	FNR == 12 || FNR == 22 {
		for (i = 2; i <= n; i++)
			if ((FNR == 12) == (st[i] == $3) && co[i] != $4) { $3 = st[i]; $4 = co[i]; break }
	}
	FNR == 32 { for (i = 2; i <= n; i++) if (zo[i] != "" && zo[i] != $5) { $5 = zo[i]; $6 = zk[i]; break } }
	FNR == out { $5 = ""; $6 = "" }
	{ print }' $E $E >e2.csv
eq "$(diff $E e2.csv | grep -c '^>')" 4 "four enterprises changed"
# Members (1 name, 2 ID number, 6 工作单位, 7 所在党组织): rows 5 and 9 change employer, rows 13
# and 17 organisation, row 25 loses its employer.
awk -F, 'BEGIN { OFS = "," }
	NR == FNR { if (FNR > 1) { em[FNR] = $6; og[FNR] = $7 } n = FNR; next }
	FNR == 6 || FNR == 10 { for (i = n; i > 1; i--) if (em[i] != "" && em[i] != $6) { $6 = em[i]; break } }
	FNR == 14 || FNR == 18 { for (i = n; i > 1; i--) if (og[i] != "" && og[i] != $7) { $7 = og[i]; break } }
	FNR == 26 { $6 = "" }
	{ print }' $M $M >m2.csv
eq "$(diff $M m2.csv | grep -c '^>')" 5 "five members changed"

# Sorted (the ordered reading) into one copy, reversed (a look-up with the joins per row) into another.
db_copy d.db a.db
db_copy d.db b.db
{ head -1 e2.csv; tail -n +2 e2.csv | sort -r; } >e2r.csv
{ head -1 m2.csv; tail -n +2 m2.csv | sort -r; } >m2r.csv
run 0 "$FGDJ" import enterprises e2.csv --new-places --db a.db
has out "新增 0，更新 4，未变 $((ne - 4))"
run 0 "$FGDJ" import enterprises e2r.csv --new-places --db b.db
has out "新增 0，更新 4，未变 $((ne - 4))"
run 0 "$FGDJ" import members m2.csv --db a.db
has out "新增 0，更新 5，未变 $((nm - 5))"
run 0 "$FGDJ" import members m2r.csv --db b.db
has out "新增 0，更新 5，未变 $((nm - 5))"
q="select tbl, key, op, old, new from history where id > $h0 order by tbl, key"
eq "$(sql a.db "$q" | md5sum)" "$(sql b.db "$q" | md5sum)" "the same history entries either way"
eq "$(sql a.db "select count(*) from history where id > $h0 and op = 'update'")" 9 "nine updates recorded"
k=$(awk -F, 'NR == FNR { z[$1] = $5; next } $5 == "" && z[$1] != "" { print $1 }' $E e2.csv)
eq "$(sql d.db "select zone_id is not null from enterprise where uscc = '$k'")" 1 "enterprise $k was in a zone"
eq "$(sql a.db "select zone_id is null from enterprise where uscc = '$k'")" 1 "enterprise $k left its zone"
k=$(awk -F, 'NR == 26 { print $2 }' m2.csv)
eq "$(sql a.db "select json_extract(new, '\$.employer') is null and json_extract(old, '\$.employer') is not null from history where id > $h0 and key = '$k'")" 1 \
	"the employer removed is in the history"
for db in a.db b.db; do
	"$FGDJ" export enterprises --unmasked --db $db -o $db.e.csv >/dev/null 2>&1 || fail "export enterprises $db"
	"$FGDJ" export members --unmasked --db $db -o $db.m.csv >/dev/null 2>&1 || fail "export members $db"
done
eq "$(cmp -s a.db.e.csv b.db.e.csv && echo same)" same "both ways store the same enterprises"
eq "$(cmp -s a.db.m.csv b.db.m.csv && echo same)" same "both ways store the same members"
# The changed rows read back as the file has them.
for k in $(diff $E e2.csv | sed -n 's/^> \([^,]*\),.*/\1/p'); do
	eq "$(grep "^$k," a.db.e.csv)" "$(grep "^$k," e2.csv)" "enterprise $k stored as changed"
done
for k in $(diff $M m2.csv | sed -n 's/^> [^,]*,\([^,]*\),.*/\1/p'); do
	eq "$(grep ",$k," a.db.m.csv)" "$(grep ",$k," m2.csv)" "member $k stored as changed"
done

# Once more, sorted: every row 未变 now.
h1=$(sql a.db 'select count(*) from history')
run 0 "$FGDJ" import enterprises e2.csv --db a.db
has out "新增 0，更新 0，未变 $ne"
run 0 "$FGDJ" import members m2.csv --db a.db
has out "新增 0，更新 0，未变 $nm"
eq "$(sql a.db 'select count(*) from history')" "$h1" "no history the second time"

finish
