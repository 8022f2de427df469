#!/bin/sh
# Party work at city scale (the demo's records: ≈ 17k organisations, a year of meetings ≈ 400k
# rows, attendance ≈ 4.2M), each against a baseline measured in the same run:
#   stats    fgdj stats --format json with every key, against the fgdj of BASE_COMMIT (before the
#            party-work figures existed: ledger figures only) on a copy of the same database.
#            The copy's schema version is set back to BASE_SCHEMA, which that binary accepts:
#            later migrations only add tables, columns and indexes it does not read.
#            Goal (issue 8): within 1.5× of the baseline.
#   meetings fgdj import meetings of the city's 400k meetings into a database holding its
#            enterprises, organisations, members and transfers, against the sqlite3 shell's .import
#            of the same file into a bare table. Goal: ≥ 50,000 rows/s.
# The calendar page under wrk is in bench/web.sh.
#
#   FGDJ=build/fgdj sh bench/party.sh       (BASE_FGDJ=… to give the baseline binary yourself)
#   PARTS=meetings BEFORE_FGDJ=old/fgdj FGDJ=build/fgdj sh bench/party.sh
#            the meetings import alone, and with BEFORE_FGDJ also that binary's import of the same
#            file in the same run (alternating), for a before/after ratio beside the bare .import.
#   DEMO_DB=/path/city.db PARTS=stats FGDJ=build/fgdj sh bench/party.sh
#            a copy of an existing city demo (an earlier schema is migrated by FGDJ on its first
#            run) instead of making one; the meetings part needs the exported ledgers, so not that.
. "$(dirname "$0")/lib.inc"
PARTS=${PARTS:-stats meetings}
if [ -n "${DEMO_DB:-}" ] && [ ! -f "$BENCH_DIR/city/done" ]; then
	mkdir -p "$BENCH_DIR/city"
	cp "$DEMO_DB" "$BENCH_DIR/city/demo.db"
	touch "$BENCH_DIR/city/done"
fi
BASE_COMMIT=${BASE_COMMIT:-7144798}
BASE_SCHEMA=${BASE_SCHEMA:-2}
d=$(demo_db city)
db="$d/demo.db"
L="$d/ledgers"

case " $PARTS " in *" stats "*)
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
else
	BASE_NAME=$BASE_FGDJ # (given: named as given, not by the default commit)
fi
old="$BENCH_DIR/party-base.db"
rm -f "$old" "$old-wal" "$old-shm"
sqlite3 "$db" "VACUUM INTO '$old'"
sqlite3 "$old" "PRAGMA user_version = $BASE_SCHEMA"

stats_new() { "$FGDJ" stats --db "$db" --format json; }
stats_old() { "$BASE_FGDJ" stats --db "$old" --format json; }
stats_old >/dev/null || { echo "bench/party.sh: 基线程序无法读取数据库副本" >&2; exit 1; }
stats_new >/dev/null # (a database of an earlier schema is migrated here, not in a timed run)
# Alternate the two so that both see the same machine.
t_new="" t_old=""
for i in 1 2 3 4 5; do
	a=$(best_of 1 stats_old); b=$(best_of 1 stats_new)
	if [ -z "$t_old" ] || lt "$a" "$t_old"; then t_old=$a; fi
	if [ -z "$t_new" ] || lt "$b" "$t_new"; then t_new=$b; fi
done
meetings=$(sqlite3 "$db" 'SELECT count(*) FROM meeting')
attend=$(sqlite3 "$db" "SELECT sum(length(attendees) - length(replace(attendees, '；', '')) + 1) FROM meeting WHERE attendees IS NOT NULL")
printf 'stats    %d meetings, %d attendances: fgdj %.3f s, baseline (%s) %.3f s, ratio %sx\n' \
	"$meetings" "$attend" "$t_new" "${BASE_NAME:-$BASE_COMMIT}" "$t_old" "$(ratio "$t_new" "$t_old")"

;;
esac
# Meetings need their organisations and members: set up once per binary (its schema), then time
# the meetings alone.
case " $PARTS " in *" meetings "*) ;; *) exit 0 ;; esac
# m0_of BINARY: a database of that binary holding the enterprises, organisations, members and
# transfers (a member who transferred out attended meetings before; only the transfer shows it),
# made once per schema version (binaries of the same schema share it: rebuilding the one under
# test does not import the 370k ledger rows again).
m0_of() {
	v="$BENCH_DIR/party-v.db"
	rm -f "$v" "$v-wal" "$v-shm"
	"$1" init --db "$v" >/dev/null
	# (named by the schema and the page size the binary gives a new file: two binaries, two bases)
	m0="$BENCH_DIR/party-m0-v$(sqlite3 "$v" 'PRAGMA user_version')-p$(sqlite3 "$v" 'PRAGMA page_size').db"
	rm -f "$v" "$v-wal" "$v-shm"
	if [ ! -f "$m0.done" ]; then
		rm -f "$m0" "$m0-wal" "$m0-shm"
		for k in enterprises orgs members transfers; do
			"$1" import $k "$L/$k.csv" --new-places --db "$m0" >/dev/null ||
				{ echo "bench/party.sh: $1 import $k 失败" >&2; exit 1; }
		done
		sqlite3 "$m0" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
		touch "$m0.done"
	fi
	echo "$m0"
}
m="$BENCH_DIR/party-m.db"
rows=$(($(wc -l <"$L/meetings.csv") - 1))
M0=$(m0_of "$FGDJ")
# The copy is written back to disk before the clock starts (sync FILE): otherwise the import's
# first checkpoint waits for the copy's 460 MB as well.
copy_only() { rm -f "$m" "$m-wal" "$m-shm"; cp "$M0" "$m"; sync "$m"; }
import_meetings() { copy_only; "$FGDJ" import meetings "$L/meetings.csv" --db "$m"; }
bare() { rm -f "$BENCH_DIR/b.db"*; sqlite3 "$BENCH_DIR/b.db" ".import --csv $L/meetings.csv t"; }
if [ -n "${BEFORE_FGDJ:-}" ]; then
	B0=$(m0_of "$BEFORE_FGDJ")
	copy_before() { rm -f "$m" "$m-wal" "$m-shm"; cp "$B0" "$m"; sync "$m"; }
	import_before() { copy_before; "$BEFORE_FGDJ" import meetings "$L/meetings.csv" --db "$m"; }
fi
# Alternate (before, after, bare) so that all see the same machine; best of 3 each.
t_imp="" t_before="" t_bare="" t_copy=""
for i in 1 2 3; do
	if [ -n "${BEFORE_FGDJ:-}" ]; then
		a=$(best_of 1 import_before); c=$(best_of 1 copy_before); a=$(secs "$c" "$a")
		if [ -z "$t_before" ] || lt "$a" "$t_before"; then t_before=$a; fi
	fi
	a=$(best_of 1 import_meetings); c=$(best_of 1 copy_only); a=$(secs "$c" "$a")
	if [ -z "$t_imp" ] || lt "$a" "$t_imp"; then t_imp=$a; fi
	a=$(best_of 1 bare)
	if [ -z "$t_bare" ] || lt "$a" "$t_bare"; then t_bare=$a; fi
done
printf 'meetings import %d rows %.3f s = %s rows/s; bare .import %.3f s, ratio %sx\n' \
	"$rows" "$t_imp" "$(rate "$rows" "$t_imp")" "$t_bare" "$(ratio "$t_imp" "$t_bare")"
if [ -n "${BEFORE_FGDJ:-}" ]; then
	printf 'before (%s): %.3f s = %s rows/s, ratio to bare %sx; after/before %s\n' "$BEFORE_FGDJ" \
		"$t_before" "$(rate "$rows" "$t_before")" "$(ratio "$t_before" "$t_bare")" "$(ratio "$t_imp" "$t_before")"
fi
rm -f "$m" "$m-wal" "$m-shm" "$BENCH_DIR/party-base.db" "$BENCH_DIR/party-base.db-wal" "$BENCH_DIR/party-base.db-shm"
