#!/bin/sh
# Importing real ledger files: the hand-made district, re-imports, changes and their history,
# dry runs, GBK CSV and XLSX written by LibreOffice, export → import round trips.
. "$(dirname "$0")/../lib.sh"

import_district d.db
eq "$(sql d.db 'select count(*) from enterprise')" 10 "enterprises imported"
eq "$(sql d.db 'select count(*) from org')" 6 "orgs imported (child before parent in the file)"
eq "$(sql d.db 'select count(*) from member')" 23 "members imported"
eq "$(sql d.db 'select count(*) from assignment')" 2 "instructor assignments"
eq "$(sql d.db "select p.name from org o join org p on p.id=o.parent_id where o.name='小微设计工作室党支部'")" \
	"中共临江区非公有制企业委员会" "forward reference to a parent later in the file"
eq "$(sql d.db "select count(*) from coverage c join org o on o.id=c.org_id where o.name='东城街道幸福和平联合党支部'")" 2 \
	"joint branch covers two enterprises"
eq "$(sql d.db "select start_date from coverage c join org o on o.id=c.org_id where o.name='小微设计工作室党支部'")" \
	"2019-01-01" "coverage starts when the organisation was founded"
eq "$(sql d.db "select sex||birth from member where idno='330106196102020035'")" "男1961-02-02" "sex and birth from the ID"
eq "$(sql d.db "select relation from member where name='吴流动'")" "流动" "relation state"
if sqlite_only "SQLite 文件的 WAL 模式和页大小"; then
	eq "$(sql d.db 'pragma journal_mode')" wal "WAL mode"
	eq "$(sql d.db 'pragma page_size')" 16384 "a new file has 16 KiB pages"
	# A file made with SQLite's default 4 KiB pages keeps them, and an import into it is the same.
	sqlite3 old.db 'PRAGMA page_size=4096; CREATE TABLE x(a); DROP TABLE x;'
	import_district old.db
	eq "$(sql old.db 'pragma page_size')" 4096 "an existing file keeps its page size"
	eq "$(sql old.db 'select count(*) from member')" 23 "members imported into a file of 4 KiB pages"
	eq "$("$FGDJ" export members --db old.db | md5sum)" "$("$FGDJ" export members --db d.db | md5sum)" \
		"the same export from either page size"
	# A file of 16 MB or more is a bulk load: alone on the database it is written under a rollback
	# journal and the log is back on after it; beside another open connection it keeps the log,
	# so that the other goes on reading: the rows in the log while that connection is open, seen
	# by it. (The party fixture's meetings, padded with blank lines, which the importer skips.)
	cp "$FIX/party/meetings.csv" big.csv
	python3 -c 'open("big.csv", "a").write("\n" * (17 << 20))'
	import_district lo.db
	import_district la.db
	# Into an empty ledger, the date index is dropped and built once at the end: the same index
	# after it, and a bulk load that fails leaves it as it was (in place, at its root page).
	idx() { sql "$1" "select $2 from sqlite_master where name = 'meeting_date'"; }
	root0=$(idx la.db rootpage)
	{ cat big.csv; echo '中共临江智造科技有限公司支部委员会,主题党日,2030-01-01,未来,集中,2,,,张一'; } >bad.csv
	run 2 "$FGDJ" import meetings bad.csv --db la.db
	has err "bad.csv"
	eq "$(idx la.db rootpage)" "$root0" "a failed bulk load leaves the date index as it was"
	run 0 "$FGDJ" import meetings big.csv --db la.db
	eq "$(sql la.db 'pragma journal_mode')" wal "the log back after a bulk import alone"
	eq "$(sql la.db 'pragma integrity_check')" ok "intact after a bulk import alone"
	eq "$(idx la.db sql)" "$(idx lo.db sql)" "the date index made again after a first bulk load"
	sql la.db "explain query plan select count(*) from meeting where date >= '2026-01-01'" >plan
	has plan meeting_date
	# The same for the enterprises and members ledgers (their order and place indexes), loaded
	# from padded files: the same indexes and the same rows as the district imported plainly.
	for k in enterprises orgs members instructors; do
		cp "$FIX/district/$k.csv" big-$k.csv
		case $k in enterprises | members) python3 -c "open('big-$k.csv', 'a').write('\n' * (17 << 20))" ;; esac
		run 0 "$FGDJ" import $k big-$k.csv --new-places --db lb.db
	done
	idxs() { sql "$1" "select name || ': ' || sql from sqlite_master where type = 'index' and sql is not null order by name"; }
	eq "$(idxs lb.db)" "$(idxs d.db)" "every index there after first bulk loads"
	for k in enterprises members; do
		eq "$("$FGDJ" export $k --db lb.db | md5sum)" "$("$FGDJ" export $k --db d.db | md5sum)" "the same $k either way"
	done
	eq "$(sql lb.db 'pragma integrity_check')" ok "intact after first bulk loads"
	python3 -c 'import sqlite3, os, time
c = sqlite3.connect("lo.db"); c.execute("SELECT count(*) FROM member").fetchall(); print("open", flush=True)
while not os.path.exists("lo.go"): time.sleep(0.05)
print(c.execute("SELECT count(*) FROM meeting").fetchall()[0][0], flush=True)
while os.path.exists("lo.go"): time.sleep(0.05)' >held &
	holder=$!
	until [ -s held ]; do sleep 0.1; done
	run 0 "$FGDJ" import meetings big.csv --db lo.db
	[ -s lo.db-wal ] && ok || fail "beside an open connection the import went through the log"
	touch lo.go
	until [ "$(wc -l <held)" -ge 2 ]; do sleep 0.1; done
	eq "$(sed -n 2p held)" "$(sql lo.db 'select count(*) from meeting')" "the other connection reads the import's rows"
	[ "$(sql lo.db 'select count(*) from meeting')" -gt 0 ] && ok || fail "meetings imported"
	rm -f lo.go
	wait $holder
	eq "$("$FGDJ" export meetings --db la.db | md5sum)" "$("$FGDJ" export meetings --db lo.db | md5sum)" \
		"the same meetings either way"
	# While a bulk write holds the database (a rollback journal, locked), a command opening it
	# waits, then says why.
	python3 -c 'import sqlite3, time
c = sqlite3.connect("lo.db", isolation_level=None); c.execute("PRAGMA journal_mode=TRUNCATE")
c.execute("BEGIN EXCLUSIVE"); print("locked", flush=True); time.sleep(8); c.execute("ROLLBACK")
c.execute("PRAGMA journal_mode=WAL")' >locked &
	holder=$!
	until [ -s locked ]; do sleep 0.1; done
	run 2 "$FGDJ" stats --db lo.db
	has err "正由另一条命令整批写入"
	wait $holder
	eq "$(sql lo.db 'pragma journal_mode')" wal "the log back after the bulk write"
fi
[ "$(sql d.db 'pragma user_version')" -ge 1 ] && ok || fail "schema version"

# Re-importing the same files changes nothing, not even the history.
before=$(dbsum d.db)
for k in enterprises orgs members instructors; do
	run 0 "$FGDJ" import $k "$FIX/district/$k.csv" --db d.db
	has out "新增 0，更新 0"
done
eq "$(dbsum d.db)" "$before" "re-import leaves the database unchanged"

# A changed row is updated and the change goes to the history.
sed 's/临江小象餐饮有限公司,东城街道,幸福社区,,,餐饮业,在营,30,/临江小象餐饮有限公司,东城街道,幸福社区,,,餐饮业,在营,35,/' \
	"$FIX/district/enterprises.csv" >changed.csv
run 0 "$FGDJ" import enterprises changed.csv --db d.db
has out "新增 0，更新 1，未变 9"
eq "$(sql d.db "select employees from enterprise where uscc='91330106MA20002702'")" 35 "employees updated"
run 0 "$FGDJ" history enterprise 91330106ma20002702 --db d.db
has out "从业人员数：30 → 35"
has out "命令行:tester"
has out "changed.csv"

# A dry run reports and writes nothing.
sed 's/,在营,35,/,在营,40,/' changed.csv >changed2.csv
before=$(dbsum d.db)
run 0 "$FGDJ" import enterprises changed2.csv --db d.db --dry-run
has out "试导入（未写入）"
has out "更新 1"
eq "$(dbsum d.db)" "$before" "dry run writes nothing"

# An org that stops covering an enterprise: the link ends, it is not deleted.
sed 's/91330106MA20002702；91330106MA2000342T/91330106MA2000342T/' "$FIX/district/orgs.csv" >orgs2.csv
run 0 "$FGDJ" import orgs orgs2.csv --db d.db
eq "$(sql d.db "select end_date from coverage c join enterprise e on e.id=c.enterprise_id where e.uscc='91330106MA20002702'")" \
	"2026-11-26" "coverage link closed today"
run 0 "$FGDJ" history org 东城街道幸福和平联合党支部 --db d.db
has out "覆盖企业：91330106MA20002702；91330106MA2000342T → 91330106MA2000342T"

# GBK CSV, as Excel on Chinese Windows saves it.
run 0 "$FGDJ" import enterprises "$FIX/enterprises_gbk.csv" --db gbk.db --new-places
has out "新增"
n=$(sql gbk.db 'select count(*) from enterprise'); [ "$n" -gt 0 ] && ok || fail "GBK CSV imported no rows"
sql gbk.db 'select name from enterprise' | grep -q '有限公司' && ok || fail "GBK names decoded"

# XLSX written by LibreOffice, with a real date cell and numbers.
run 0 "$FGDJ" import enterprises "$FIX/enterprises_lo.xlsx" --db lo.db --new-places
n=$(sql lo.db 'select count(*) from enterprise'); [ "$n" -gt 0 ] && ok || fail "XLSX imported no rows"
sql lo.db 'select founded from enterprise' | grep -qE '^[12][0-9]{3}-[01][0-9]-[0-3][0-9]$' && ok || fail "XLSX date cell"

# Export → import round trips, in every format that re-imports.
for fmt in csv xlsx; do
	run 0 "$FGDJ" export enterprises --db d.db --format $fmt -o e.$fmt
	run 0 "$FGDJ" export orgs --db d.db --format $fmt -o o.$fmt
	run 0 "$FGDJ" export members --db d.db --format $fmt --unmasked -o m.$fmt
	run 0 "$FGDJ" export instructors --db d.db --format $fmt --unmasked -o i.$fmt
	rm -f r.db*
	for k in e:enterprises o:orgs m:members i:instructors; do
		run 0 "$FGDJ" import ${k#*:} ${k%%:*}.$fmt --db r.db --new-places
	done
	for k in enterprises orgs members instructors; do
		"$FGDJ" export $k --db d.db --format csv --unmasked >a.csv 2>/dev/null
		"$FGDJ" export $k --db r.db --format csv --unmasked >b.csv 2>/dev/null
		if cmp -s a.csv b.csv; then ok; else fail "$fmt round trip of $k differs"; diff a.csv b.csv | head -5 >&2; fi
	done
	# ...and importing the export back into the source changes nothing.
	for k in e:enterprises o:orgs m:members i:instructors; do
		run 0 "$FGDJ" import ${k#*:} ${k%%:*}.$fmt --db d.db
		has out "新增 0，更新 0"
	done
done

# JSON export uses the English field names and real types.
run 0 "$FGDJ" export enterprises --db d.db --format json
has out '"uscc": "91330106MA20002034"'
has out '"employees": 120'
has out '"fixed_site": true'

# Personal data is masked unless asked, and asking is recorded.
run 0 "$FGDJ" export members --db d.db
has out "330106********0035"
hasnt out "330106196102020035"
has out "139****0000"
eq "$(sql d.db "select count(*) from history where op='view'")" 12 "unmasked exports recorded (6 per format round)"
run 0 "$FGDJ" history member 330106196102020035 --db d.db
has out "330106********0035"
run 0 "$FGDJ" history member 330106196102020035 --db d.db --unmasked
has out "330106196102020035"
eq "$(sql d.db "select count(*) from history where op='view'")" 13 "unmasked history view recorded"

# Header variants, full-width input, lower-case x, title rows and 序号 columns, as people type them.
printf '\357\273\277企业台账（2026年）\r\n序号,统一社会信用代码（注册号）,企业名称/单位名称,街道,社区,状态,从业人员,是否有固定经营场所,备注,联系人\r\n1, ９１３３０１０６ＭＡ２０００９０８Ｂ ,全角公司,东城街道,幸福社区,存续,１２,Y,,王\r\n2,91330106ma20009759,小写公司,东城街道,幸福社区,在营,"1,200",√,x,李\r\n' >variants.csv
run 0 "$FGDJ" import enterprises variants.csv --db v.db --new-places
eq "$(sql v.db "select uscc||'|'||employees||'|'||status from enterprise order by uscc")" \
	"$(printf '91330106MA2000908B|12|在营\n91330106MA20009759|1200|在营')" "variants normalised"
has err "忽略不认识的列：“联系人”"
hasnt err "序号"

finish
