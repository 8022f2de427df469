#!/bin/sh
# Scheduled backups (fgdj backup --config, as fgdj-backup.timer runs it): one verified backup a day
# named by its date, not before backup_at, never twice; retention keeps the backups of the last
# keep_daily days and the newest of each of the last keep_monthly months, and touches no other
# file; the newest scheduled backup restores into a new database whose exports equal the
# original's (the drill of docs/deploy.md). Also the configuration file's errors.
. "$(dirname "$0")/../lib.sh"

import_district d.db
mkdir bk
cat >fgdj.conf <<EOF
# as /etc/fgdj/fgdj.conf, pointed here
listen = 127.0.0.1:0
database = d.db
backup_dir = bk
backup_at = 00:00
keep_daily = 3
keep_monthly = 2
EOF
: >bk/notes.txt
: >bk/fgdj-latest.db

# A backup on each of these days (FGDJ_TODAY is "today"); the ledger changes on the last day.
for day in 2026-08-31 2026-09-30 2026-10-15 2026-10-31 2026-11-20 2026-11-24 2026-11-25; do
	FGDJ_TODAY=$day "$FGDJ" backup --config fgdj.conf >>backup.log 2>&1 || fail "backup on $day"
done
sed 's/,在营,30,/,在营,31,/' "$FIX/district/enterprises.csv" >changed.csv
"$FGDJ" import enterprises changed.csv --db d.db >/dev/null 2>&1 || fail "change"
run 0 "$FGDJ" backup --config fgdj.conf
has out "已备份 d.db → bk/fgdj-2026-11-26.db（已校验）"
# Worked out by hand: the 3 latest days are 11-26, 11-25, 11-24; the 2 latest months' newest are
# 11-26 (November) and 10-31 (October); 08-31, 09-30, 10-15 and 11-20 go. Other names stay.
eq "$(ls bk | tr '\n' ' ')" "fgdj-2026-10-31.db fgdj-2026-11-24.db fgdj-2026-11-25.db fgdj-2026-11-26.db fgdj-latest.db notes.txt " \
	"retention"
has out "已删除过期备份 bk/fgdj-2026-11-20.db"
has backup.log "已删除过期备份 bk/fgdj-2026-08-31.db"
ls -a bk | grep -q '\.part' && fail "a partial file is left" || ok
# Each backup is a whole database that passes the checks a restore makes.
for f in bk/fgdj-2026-*.db; do
	eq "$(sql "$f" 'PRAGMA integrity_check')" ok "$f intact"
	[ ! -e "$f-wal" ] && ok || fail "$f has a WAL"
done
eq "$(sql bk/fgdj-2026-11-25.db "SELECT employees FROM enterprise WHERE uscc = '91330106MA20002702'")" 30 "before the change"
eq "$(sql bk/fgdj-2026-11-26.db "SELECT employees FROM enterprise WHERE uscc = '91330106MA20002702'")" 31 "after the change"

# Once a day: the second run the same day keeps the first backup.
S=$(sha256sum <bk/fgdj-2026-11-26.db)
run 0 "$FGDJ" backup --config fgdj.conf
has out "今天的备份已存在"
eq "$(sha256sum <bk/fgdj-2026-11-26.db)" "$S" "today's backup untouched"
# Not before backup_at (23:59 has not come when the test runs before it; 00:00 always has).
if [ "$(date +%H%M)" -lt 2359 ]; then
	run 0 "$FGDJ" backup --config fgdj.conf --at 23:59 --dir bk2
	has out "未到备份时间 23:59"
	[ ! -e bk2 ] && ok || fail "nothing written before the time"
fi
# The command line wins over the file.
mkdir bk3
run 0 "$FGDJ" backup --config fgdj.conf --dir bk3 --keep-daily 1 --keep-monthly 0
eq "$(ls bk3)" "fgdj-2026-11-26.db" "--dir over backup_dir"
run 2 "$FGDJ" backup --config fgdj.conf --keep-daily 0
has err "--keep-daily 应为 1 到"

# ---- the drill: the newest scheduled backup into a new database, the exports compared ----
NEWEST=$(ls bk/fgdj-2*.db | sort | tail -1)
eq "$NEWEST" bk/fgdj-2026-11-26.db "newest backup"
run 0 "$FGDJ" restore "$NEWEST" --yes --db drill.db
for k in enterprises orgs members instructors; do
	"$FGDJ" export $k --unmasked -o orig-$k.csv --db d.db >/dev/null 2>&1 || fail "export $k"
	"$FGDJ" export $k --unmasked -o drill-$k.csv --db drill.db >/dev/null 2>&1 || fail "export $k from the drill"
	[ -s orig-$k.csv ] && cmp -s orig-$k.csv drill-$k.csv && ok || fail "$k: the restored database exports the same"
done
"$FGDJ" stats --format json --db d.db >orig.json
"$FGDJ" stats --format json --db drill.db >drill.json
cmp -s orig.json drill.json && ok || fail "figures of the restored database"

# ---- the configuration file: every error names file, line, column and rule ----
printf 'listen = 127.0.0.1:0\nlisten = 127.0.0.1:1\n' >dup.conf
run 2 "$FGDJ" backup --config dup.conf --dir bk
has err "dup.conf:2:1: 设置“listen”重复（第 1 行已设置）"
printf '# ok\n\n  keep_daily = 2\nkeepdaily 3\n' >bad.conf
run 2 "$FGDJ" backup --config bad.conf
has err "bad.conf:4:11: 应为“名称 = 值”"
printf 'Listen = x\n' >case.conf
run 2 "$FGDJ" serve --config case.conf
has err "case.conf:1:1: 应为“名称 = 值”"
printf 'backup_dri = /tmp\n' >typo.conf
run 2 "$FGDJ" backup --config typo.conf
has err "typo.conf:1:1: 不认识的设置“backup_dri”（可用：listen、database"
run 2 "$FGDJ" serve --config absent.conf
has err "无法读取配置文件 absent.conf"
printf 'trust_proxy = 10.0.0.300\nlisten = 127.0.0.1:0\ndatabase = d.db\n' >proxy.conf
run 2 "$FGDJ" serve --config proxy.conf
has err "--trust-proxy 的“10.0.0.300”应为 IP 地址"

finish
