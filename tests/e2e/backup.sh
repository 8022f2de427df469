#!/bin/sh
# fgdj backup / restore: a consistent copy, a verified restore, and refusals that change nothing.
. "$(dirname "$0")/../lib.sh"

import_district d.db
run 0 "$FGDJ" backup b1.db --db d.db
[ -f b1.db ] && [ ! -f b1.db-wal ] && ok || fail "backup is one file"
eq "$(sql b1.db 'select count(*) from member')" 23 "backup holds the members"
eq "$(sql b1.db "pragma integrity_check")" ok "backup intact"
eq "$(sql d.db "select count(*) from history where tbl='database' and op='view'")" 1 "backup recorded"
run 2 "$FGDJ" backup b1.db --db d.db
has err "已存在"

# Change the ledger, then restore: the change is gone, the restore is in the history.
sed 's/,在营,30,/,在营,31,/' "$FIX/district/enterprises.csv" >changed.csv
"$FGDJ" import enterprises changed.csv --db d.db >/dev/null
eq "$(sql d.db "select employees from enterprise where uscc='91330106MA20002702'")" 31 "changed"
run 2 "$FGDJ" restore b1.db --db d.db
has err "--yes"
run 0 "$FGDJ" restore b1.db --db d.db --yes
eq "$(sql d.db "select employees from enterprise where uscc='91330106MA20002702'")" 30 "restored"
eq "$(sql d.db "select count(*) from history where tbl='database' and op='update'")" 1 "restore recorded"

# Refusals: not a database, a database of something else, a damaged file — nothing changes.
before=$(dbsum d.db)
printf 'not a database' >junk.db
run 2 "$FGDJ" restore junk.db --db d.db --yes
sqlite3 other.db 'create table t(x); insert into t values (1);'
run 2 "$FGDJ" restore other.db --db d.db --yes
has err "不是 fgdj 数据库"
cp b1.db broken.db
dd if=/dev/zero of=broken.db bs=1024 seek=8 count=16 conv=notrunc 2>/dev/null
run 2 "$FGDJ" restore broken.db --db d.db --yes
eq "$(dbsum d.db)" "$before" "refused restores change nothing"

# A backup of another page size (the 4 KiB pages of files made before 16 KiB were the default, or
# the reverse): restored while nothing else has the database open; refused, with nothing changed,
# while another connection (a running server) holds it.
eq "$(sql b1.db 'pragma page_size')" 16384 "the backup has the database's 16 KiB pages"
cp b1.db b4.db
sqlite3 b4.db 'PRAGMA page_size=4096; VACUUM;'
eq "$(sql b4.db 'pragma page_size')" 4096 "a backup of 4 KiB pages"
"$FGDJ" import enterprises changed.csv --db d.db >/dev/null
before=$(dbsum d.db)
python3 -c 'import sqlite3, sys, time
c = sqlite3.connect("d.db"); c.execute("SELECT count(*) FROM member").fetchall(); print("open", flush=True); time.sleep(60)' >held &
holder=$!
until [ -s held ]; do sleep 0.1; done
run 2 "$FGDJ" restore b4.db --db d.db --yes
has err "备份文件的页大小（4096 字节）与数据库的（16384 字节）不同"
has err "请先停止 fgdj 服务"
kill $holder 2>/dev/null
wait $holder 2>/dev/null
eq "$(dbsum d.db)" "$before" "a refused restore of another page size changes nothing"
eq "$(sql d.db 'pragma journal_mode')" wal "still in WAL mode"
run 0 "$FGDJ" restore b4.db --db d.db --yes
eq "$(sql d.db "select employees from enterprise where uscc='91330106MA20002702'")" 30 "restored from 4 KiB pages"
eq "$(sql d.db 'pragma page_size')" 4096 "the database takes the backup's page size"
eq "$(sql d.db 'pragma journal_mode')" wal "and is in WAL mode again"
eq "$(sql d.db 'pragma integrity_check')" ok "intact"
run 0 "$FGDJ" restore b1.db --db d.db --yes
eq "$(sql d.db 'pragma page_size')" 16384 "and back to 16 KiB pages from the other backup"
eq "$(sql d.db 'select count(*) from member')" 23 "with every member"

finish
