# Shared helpers for the end-to-end tests. Sourced; expects $FGDJ (the binary under test).
set -u
: "${FGDJ:?FGDJ must name the fgdj binary}"
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
FIX="$ROOT/tests/fixtures"
WORK=$(mktemp -d /tmp/fgdj-e2e.XXXXXX)
# lib_cleanup: what the EXIT trap does (web_lib.sh's trap stops its server first).
lib_cleanup() { pg_cleanup; rm -rf "$WORK"; }
pg_cleanup() { :; }
trap lib_cleanup EXIT
export FGDJ_TODAY=2026-11-26
export FGDJ_USER=tester
unset FGDJ_DB
cd "$WORK"
FAILS=0
TESTS=0

fail() { FAILS=$((FAILS + 1)); printf 'FAIL: %s\n' "$*" >&2; }
ok() { TESTS=$((TESTS + 1)); }

# run EXPECTED_CODE CMD...: runs the command, keeps stdout in $WORK/out and stderr in $WORK/err.
run() {
	want=$1; shift
	"$@" >"$WORK/out" 2>"$WORK/err"
	got=$?
	if [ "$got" != "$want" ]; then
		fail "exit $got (wanted $want): $*"; sed 's/^/    err: /' "$WORK/err" | head -20 >&2
	else ok; fi
}
# territory_city DB: the hand-made city of tests/fixtures/territory (临江区 and 江北区, its README) in DB
# (a file, or on PostgreSQL the database that name stands for): its districts, streets and communities,
# its enterprises, organisations and members.
territory_city() {
	run 0 "$FGDJ" init --db "$1"
	for p in "district 临江区" "district 江北区" "street 临江区/双峰街道" "street 临江区/东城街道" \
		"street 江北区/双峰街道"; do
		# shellcheck disable=SC2086 # level and path
		run 0 "$FGDJ" place add $p --db "$1"
	done
	for p in "临江区/双峰街道 梧埭社区" "临江区/双峰街道 三墩社区" "临江区/东城街道 幸福社区" "江北区/双峰街道 梧埭社区"; do
		# shellcheck disable=SC2086
		run 0 "$FGDJ" place add community $p --db "$1"
	done
	for k in enterprises orgs members; do
		run 0 "$FGDJ" import $k "$FIX/territory/$k.csv" --db "$1"
	done
}
# has FILE TEXT: FILE contains TEXT (fixed string).
has() {
	if grep -qF -- "$2" "$1"; then ok; else fail "$1 lacks: $2"; sed 's/^/    | /' "$1" | head -20 >&2; fi
}
hasnt() {
	if grep -qF -- "$2" "$1"; then fail "$1 should not contain: $2"; else ok; fi
}
# Every ledger fgdj imports and exports, by its KIND.
LEDGER_KINDS="enterprises orgs members instructors meetings study secretaries visits trainings trainees development \
transfers dues campaigns tasks rosters funding rubric ratings designations venues"
# same_cmd CMD...: CMD exits the same and prints the same with --db d.db and with --db "$SAME_DB"
# (the PostgreSQL copy of d.db the pg_* scripts compare against).
same_cmd() {
	"$FGDJ" "$@" --db d.db >s.out 2>&1
	a=$?
	"$FGDJ" "$@" --db "$SAME_DB" >p.out 2>&1
	eq "$?" "$a" "$*: exit status on PostgreSQL"
	if cmp -s s.out p.out; then ok; else fail "$* differs on PostgreSQL: $(diff s.out p.out | head -4)"; fi
}
# eq A B MSG
eq() { if [ "$1" = "$2" ]; then ok; else fail "$3: got '$1', wanted '$2'"; fi; }
# sql DB QUERY: one value (db_query on either backend).
sql() { db_query "$1" "$2"; }
# db_query DB QUERY: the rows QUERY reads from the database the tests call DB (a file name; on
# PostgreSQL the database that name stands for, see below), one a line, columns split by '|'.
db_query() { sqlite3 "$1" "$2"; }
# db_copy FROM TO, db_rm DB: copy or remove a whole database (on SQLite, its file: a consistent copy
# by sqlite3's .backup even while a server has it open, over TO's old file, WAL and all).
db_copy() { rm -f "$2" "$2-wal" "$2-shm" && sqlite3 "$1" ".backup '$2'"; }
db_rm() { rm -f "$1" "$1-wal" "$1-shm"; }
# sqlite_only REASON: true on SQLite; on PostgreSQL prints that the part is skipped and why
# (`if sqlite_only "…"; then … fi` around what only an SQLite file has: old schema versions…).
sqlite_only() {
	[ "${FGDJ_TEST_BACKEND:-sqlite}" != pg ] && return 0
	printf '%s: PostgreSQL 上跳过一段：%s\n' "$(basename "$0")" "$1"
	return 1
}
# db_exists DB: fgdj made the database (on SQLite, its file).
db_exists() { [ -f "$1" ]; }
# The schema version this binary writes (a new database's PRAGMA user_version).
schema_latest() {
	[ -f "$WORK/latest.done" ] || { "$FGDJ" init --db "$WORK/latest.db" >/dev/null 2>&1 && : >"$WORK/latest.done"; } || fail "init latest.db"
	db_query "$WORK/latest.db" 'PRAGMA user_version'
}
# expect_json FILE "key=value ..." MSG: each key of the JSON's first object (one "key": value per
# line, as fgdj stats --format json prints it) has the value.
expect_json() {
	for kv in $2; do
		k=${kv%%=*} v=${kv#*=}
		got=$(grep "\"$k\":" "$1" | head -1 | sed 's/.*: *//; s/,$//')
		eq "$got" "$v" "$3 $k"
	done
}
# A fingerprint of every table's content: proves "nothing was written". Not the facts kept between
# commands (facts_kept, derived: a reading command may keep its facts there).
dbsum() { sqlite3 "$1" .dump | grep -v '^PRAGMA' | grep -v '^INSERT INTO facts_kept' | sha256sum | cut -c1-16; }
# The tables fgdj's extras triggers mark into exist per session (src/store/extras.c makes them on
# each connection); a psql session on a PostgreSQL database fgdj made (lib_pg.sh's db_query, the
# scripts' own psql writers) gets them too, so that a test's own write passes the triggers,
# and its marks are dropped with the session — as sqlite3's session has no such triggers at all.
# (The same statements as extras.c's TEMP_TABLES: a table missing here fails the write that marks it.)
PG_MARK_TABLES='CREATE TEMP TABLE IF NOT EXISTS extras_dirty_ent (id INTEGER);
CREATE TEMP TABLE IF NOT EXISTS extras_dirty_org (id INTEGER); CREATE TEMP TABLE IF NOT EXISTS extras_dirty_ins (id INTEGER);
CREATE TEMP TABLE IF NOT EXISTS district_dirty_ent (id INTEGER); CREATE TEMP TABLE IF NOT EXISTS district_dirty_org (id INTEGER);
CREATE TEMP TABLE IF NOT EXISTS district_dirty_mem (id INTEGER); CREATE TEMP TABLE IF NOT EXISTS district_dirty_dues (id INTEGER);
CREATE TEMP TABLE IF NOT EXISTS district_dirty_meet (id INTEGER); CREATE TEMP TABLE IF NOT EXISTS district_dirty_study (id INTEGER);
CREATE TEMP TABLE IF NOT EXISTS district_dirty_dev (id INTEGER); CREATE TEMP TABLE IF NOT EXISTS district_dirty_tf (id INTEGER);
CREATE TEMP TABLE IF NOT EXISTS district_dirty_visit (id INTEGER);'
[ "${FGDJ_TEST_BACKEND:-sqlite}" = pg ] && . "$ROOT/tests/lib_pg.sh"
# refuse_row KIND FILE DB NAME CSV-ROW COLUMN TEXT: FILE's header with CSV-ROW as its only row is
# refused at row 2, column COLUMN, with TEXT, and DB is unchanged.
refuse_row() {
	printf '%s\n%s\n' "$(head -1 "$2")" "$5" >bad.csv
	sum_=$(dbsum "$3")
	run 2 "$FGDJ" import "$1" bad.csv --db "$3"
	has err "bad.csv:2:$6"
	has err "$7"
	eq "$(dbsum "$3")" "$sum_" "$4: nothing written"
}

finish() {
	if [ "$FAILS" -gt 0 ]; then
		printf '%s: %d of %d checks failed\n' "$(basename "$0")" "$FAILS" "$((TESTS + FAILS))" >&2
		exit 1
	fi
	printf '%s: %d checks passed\n' "$(basename "$0")" "$TESTS"
}

. "$ROOT/tests/demo_args.sh"
# fgdj_demo ARG...: `"$FGDJ" demo ARG...`, the same exit status, output and database. The district
# demo of a seed (`--scale district --seed N --db FILE [--export DIR]`, nothing more, into a file that
# does not exist yet) takes seconds, longer under ASan, and a dozen scripts start from it: with
# FGDJ_TEST_CACHE naming a directory (make e2e sets it) it is made once per binary, seed and day into
# that directory and then copied, with what it printed (its paths replaced by the ones asked for).
# On PostgreSQL lib_pg.sh's wrapper does the same in its cluster.
fgdj_demo() {
	if [ "${FGDJ_TEST_BACKEND:-sqlite}" = pg ] || [ -z "${FGDJ_TEST_CACHE:-}" ] ||
		[ -n "${FGDJ_SQL_COUNT:-}${FGDJ_SQL_PROFILE:-}" ]; then
		"$FGDJ" demo "$@"
		return
	fi
	demo_args "$@"
	case $d_db in '' | *://* | *'|'*) d_plain= ;; esac
	case $d_exp in *'|'*) d_plain= ;; esac
	if [ -z "$d_plain" ] || [ -e "$d_db" ]; then
		"$FGDJ" demo "$@"
		return
	fi
	# the binary by its inode, size and time (a rebuild is another binary)
	d_c="$FGDJ_TEST_CACHE/demo-$d_seed-$FGDJ_TODAY-$(stat -L -c '%i-%s-%Y' "$FGDJ")"
	if [ ! -e "$d_c/out" ]; then
		mkdir -p "$FGDJ_TEST_CACHE" || return 1
		d_t=$(mktemp -d "$FGDJ_TEST_CACHE/fill.XXXXXX") || return 1
		if ! "$FGDJ" demo --scale district --seed "$d_seed" --db "$d_t/db" --export "$d_t/exp" \
			>"$d_t/out" 2>"$d_t/err"; then
			d_rc=$? # not cached: its status and words passed on
			cat "$d_t/out"
			cat "$d_t/err" >&2
			rm -rf "$d_t"
			return "$d_rc"
		fi
		printf '%s\n' "$d_t" >"$d_t/from"
		# another script (the other ASan lane) may have made it meanwhile: then its copy stays
		mv -T "$d_t" "$d_c" 2>/dev/null || rm -rf "$d_t"
	fi
	d_t=$(cat "$d_c/from")
	cp "$d_c/db" "$d_db" || return 1
	for x in wal shm; do [ ! -e "$d_c/db-$x" ] || cp "$d_c/db-$x" "$d_db-$x" || return 1; done
	if [ -n "$d_exp" ]; then
		mkdir -p "$d_exp" && cp -R "$d_c/exp/." "$d_exp/" || return 1
		sed "s|$d_t/db\$|$d_db|; s|$d_t/exp/|$d_exp/|" "$d_c/out"
	else
		grep -vF "$d_t/exp/" "$d_c/out" | sed "s|$d_t/db\$|$d_db|"
	fi
	cat "$d_c/err" >&2
}

# Imports the hand-made district into DB (its streets and communities are new there: confirmed).
import_district() {
	"$FGDJ" import enterprises "$FIX/district/enterprises.csv" --new-places --db "$1" >/dev/null || fail "import enterprises"
	for k in orgs members instructors; do
		"$FGDJ" import "$k" "$FIX/district/$k.csv" --db "$1" >/dev/null || fail "import $k"
	done
}
