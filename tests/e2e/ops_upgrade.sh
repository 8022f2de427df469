#!/bin/sh
# Upgrades through the package path: installing the package over a database of the previous schema
# version backs it up as it stands (verified), migrates it and records that in the history; the
# ledgers read the same afterwards. A database newer than the program is refused, by the upgrade
# and by `fgdj serve`, with a clear message, and is not changed. Also fgdj migrate on its own.
. "$(dirname "$0")/../lib.sh"
. "$HERE/ops_lib.sh"
need dpkg dpkg

"$FGDJ" init --db fresh.db >/dev/null
LATEST=$(sql fresh.db 'PRAGMA user_version')

# A district database made by an earlier release (schema v22, tests/fixtures/upgrade/README.md):
# the same ledgers as the hand-made district imported by this program (cur.db).
import_district cur.db
gzip -dc "$FIX/upgrade/district-v22.db.gz" >old.db
OLDV=$(sql old.db 'PRAGMA user_version')
eq "$OLDV" 22 "the earlier release's database"
for k in enterprises orgs members instructors; do
	"$FGDJ" export $k --unmasked -o before-$k.csv --db cur.db >/dev/null 2>&1 || fail "export $k"
done
"$FGDJ" stats --format json --db cur.db >before-stats.json

# ---- fgdj migrate by itself ----
cp old.db m.db
run 0 "$FGDJ" migrate --db m.db --backup m-before.db
has out "从结构版本 $OLDV 升级到 $LATEST"
eq "$(sql m-before.db 'PRAGMA user_version')" "$OLDV" "the backup is the database before the migration"
eq "$(sql m-before.db "SELECT count(*) FROM sqlite_master WHERE name = 'region_tree'")" 0 "backup unmigrated"
eq "$(sql m.db "SELECT count(*) FROM sqlite_master WHERE name = 'region_tree'")" 1 "migrated: the region tree (v24)"
eq "$(sql m.db "SELECT count(*) FROM pragma_table_info('member') WHERE name = 'closed'")" 1 "migrated: the closing columns (v23)"
eq "$(sql m.db 'PRAGMA user_version')" "$LATEST" "migrated"
eq "$(sql m.db "SELECT count(*) FROM history WHERE tbl = 'database' AND op = 'update' AND new LIKE '%升级数据库结构%\"from\":$OLDV%'")" 1 \
	"the migration is in the history"
run 0 "$FGDJ" migrate --db m.db
has out "无需升级"
cp old.db m2.db
: >taken.db
run 2 "$FGDJ" migrate --db m2.db --backup taken.db
has err "已存在"
eq "$(dbsum m2.db)" "$(dbsum old.db)" "no backup, no migration"
run 2 "$FGDJ" migrate --db absent.db
has err "不存在"
[ ! -e absent.db ] && ok || fail "migrate does not create a database"

# ---- the package upgrade ----
deb_build
R=$WORK/root
deb_root "$R"
deb_install "$R"
eq "$DPKG_RC" 0 "first install"
FUID=$(awk -F: '$1 == "fgdj" { print $3 ":" $4 }' "$R/etc/passwd")
# The district's database of the previous version takes the new one's place, as after years of use.
cp old.db "$R/var/lib/fgdj/fgdj.db"
chown "$FUID" "$R/var/lib/fgdj/fgdj.db"
OLDSUM=$(dbsum old.db)
deb_install "$R" # the same package again: dpkg runs postinst configure with the installed version
eq "$DPKG_RC" 0 "upgrade install"
[ "$DPKG_RC" = 0 ] || cat "$WORK/dpkg.log" >&2
has "$WORK/dpkg.log" "从结构版本 $OLDV 升级到 $LATEST"
DB=$R/var/lib/fgdj/fgdj.db
eq "$(sql "$DB" 'PRAGMA user_version')" "$LATEST" "upgraded to the current schema"
set -- "$R"/var/lib/fgdj/backups/before-upgrade-*.db
eq "$#" 1 "one backup taken before the upgrade"
BK=$1
eq "$(dbsum "$BK")" "$OLDSUM" "the backup is the old database exactly"
eq "$(stat -c '%U %a' "$BK" | sed 's/^[^ ]* //')" 640 "the backup is readable by fgdj only"
eq "$(stat -c '%u:%g' "$BK")" "$FUID" "the backup belongs to fgdj"
eq "$(stat -c '%u:%g' "$DB")" "$FUID" "the database still belongs to fgdj"
eq "$(sql "$DB" "SELECT count(*) FROM history WHERE tbl = 'database' AND new LIKE '%\"from\":$OLDV%'")" 1 "upgrade recorded"
for k in enterprises orgs members instructors; do
	"$FGDJ" export $k --unmasked -o after-$k.csv --db "$DB" >/dev/null 2>&1 || fail "export $k after"
	cmp -s before-$k.csv after-$k.csv && ok || fail "$k reads the same after the upgrade"
done
"$FGDJ" stats --format json --db "$DB" >after-stats.json
cmp -s before-stats.json after-stats.json && ok || fail "figures the same after the upgrade"
# The backup restores (it is a database of an older version: migrated on the way in).
run 0 "$FGDJ" restore "$BK" --yes --db drill.db
eq "$(sql drill.db 'SELECT count(*) FROM member')" "$(sql old.db 'SELECT count(*) FROM member')" "backup restores"

# ---- a database newer than the program ----
sqlite3 "$DB" "PRAGMA user_version = $((LATEST + 1))"
NEWSUM=$(dbsum "$DB")
deb_install "$R"
[ "$DPKG_RC" != 0 ] && ok || fail "the upgrade must refuse a newer database"
has "$WORK/dpkg.log" "结构版本为 $((LATEST + 1))，比本程序"
has "$WORK/dpkg.log" "没有改动数据库"
eq "$(dbsum "$DB")" "$NEWSUM" "the newer database is unchanged"
eq "$(ls "$R"/var/lib/fgdj/backups | wc -l)" 1 "no backup taken for a refused upgrade"
# The service refuses to start on it, saying why (exit 2: the unit does not restart it).
run 2 "$R/usr/bin/fgdj" serve --config "$R/etc/fgdj/fgdj.conf" --db "$DB" --listen 127.0.0.1:0
has err "数据库版本为 $((LATEST + 1))，比本程序支持的 $LATEST 新"
eq "$(dbsum "$DB")" "$NEWSUM" "serve changed nothing"

finish
