#!/bin/sh
# Party work at city scale (the demo's records: ≈ 17k organisations, a year of meetings ≈ 400k
# rows, attendance ≈ 4.2M), each against a baseline measured in the same run:
#   stats    fgdj stats --format json with every key, against the fgdj of BASE_COMMIT (before the
#            party-work figures existed: ledger figures only) on a copy of the same database.
#            The copy's schema version is set back to BASE_SCHEMA, which that binary accepts:
#            later migrations only add tables, columns and indexes it does not read.
#            Goal (issue 8): within 1.5× of the baseline.
#   meetings fgdj import meetings of the city's 400k meetings into a database holding its
#            enterprises, organisations and members, against the sqlite3 shell's .import of the
#            same file into a bare table. Goal: ≥ 50,000 rows/s.
# The calendar page under wrk is in bench/web.sh.
#
#   FGDJ=build/fgdj sh bench/party.sh       (BASE_FGDJ=… to give the baseline binary yourself)
. "$(dirname "$0")/lib.inc"
BASE_COMMIT=${BASE_COMMIT:-7144798}
BASE_SCHEMA=${BASE_SCHEMA:-2}
d=$(demo_db city)
db="$d/demo.db"
L="$d/ledgers"

if [ -z "${BASE_FGDJ:-}" ]; then
	repo=$(cd "$(dirname "$0")/.." && pwd)
	base="$BENCH_DIR/base-$BASE_COMMIT"
	if [ ! -x "$base/build/fgdj" ]; then
		rm -rf "$base"
		git -C "$repo" worktree prune
		git -C "$repo" worktree add --detach "$base" "$BASE_COMMIT" >/dev/null 2>&1
		make -C "$base" build/fgdj >/dev/null
	fi
	BASE_FGDJ="$base/build/fgdj"
fi
old="$BENCH_DIR/party-base.db"
rm -f "$old" "$old-wal" "$old-shm"
sqlite3 "$db" "VACUUM INTO '$old'"
sqlite3 "$old" "PRAGMA user_version = $BASE_SCHEMA"

stats_new() { "$FGDJ" stats --db "$db" --format json; }
stats_old() { "$BASE_FGDJ" stats --db "$old" --format json; }
stats_old >/dev/null || { echo "bench/party.sh: 基线程序无法读取数据库副本" >&2; exit 1; }
# Alternate the two so that both see the same machine.
t_new="" t_old=""
for i in 1 2 3 4 5; do
	a=$(best_of 1 stats_old); b=$(best_of 1 stats_new)
	if [ -z "$t_old" ] || lt "$a" "$t_old"; then t_old=$a; fi
	if [ -z "$t_new" ] || lt "$b" "$t_new"; then t_new=$b; fi
done
meetings=$(sqlite3 "$db" 'SELECT count(*) FROM meeting')
attend=$(sqlite3 "$db" 'SELECT count(*) FROM meeting_attendee')
printf 'stats    %d meetings, %d attendances: fgdj %.3f s, baseline (%s) %.3f s, ratio %sx\n' \
	"$meetings" "$attend" "$t_new" "$BASE_COMMIT" "$t_old" "$(ratio "$t_new" "$t_old")"

# Meetings need their organisations and members: set up once, then time the meetings alone.
m0="$BENCH_DIR/party-m0.db"
if [ ! -f "$m0.done" ]; then
	rm -f "$m0" "$m0-wal" "$m0-shm"
	"$FGDJ" import enterprises "$L/enterprises.csv" --new-places --db "$m0" >/dev/null
	"$FGDJ" import orgs "$L/orgs.csv" --db "$m0" >/dev/null
	"$FGDJ" import members "$L/members.csv" --db "$m0" >/dev/null
	sqlite3 "$m0" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	touch "$m0.done"
fi
m="$BENCH_DIR/party-m.db"
rows=$(($(wc -l <"$L/meetings.csv") - 1))
copy_only() { rm -f "$m" "$m-wal" "$m-shm"; cp "$m0" "$m"; }
import_meetings() { copy_only; "$FGDJ" import meetings "$L/meetings.csv" --db "$m"; }
bare() { rm -f "$BENCH_DIR/b.db"*; sqlite3 "$BENCH_DIR/b.db" ".import --csv $L/meetings.csv t"; }
t_imp=$(best_of 3 import_meetings)
t_copy=$(best_of 3 copy_only)
t_imp=$(secs "$t_copy" "$t_imp")
t_bare=$(best_of 3 bare)
printf 'meetings import %d rows %.3f s = %s rows/s; bare .import %.3f s, ratio %sx\n' \
	"$rows" "$t_imp" "$(rate "$rows" "$t_imp")" "$t_bare" "$(ratio "$t_imp" "$t_bare")"
rm -f "$m" "$m-wal" "$m-shm" "$old" "$old-wal" "$old-shm"
