#!/bin/sh
# `fgdj stats --format json` and `fgdj report work --format docx` on a large database (the province
# demo, or a city copy), each beside two bare SQL baselines measured in the same run, on SQLite and
# (PG=1) on PostgreSQL (issues 12 point 5 and 14):
#   core — the aggregate of the 2026-11 section (enterprises by status, members by employer);
#   all  — one plain aggregate over every table the statistics read (enterprise, member, coverage,
#          assignment, meeting_tally, member_hours, dues_year, development, task, roster_candidate),
#          each reading a value column of every row; the same text in sqlite3 and in psql.
# Times: CPU (user+sys of the process; psql's and the server's for PostgreSQL are not in it, so
# PostgreSQL is compared by wall) and wall, best of $N runs each, alternating.
#
#   DB=/tmp/prov/province.db FGDJ=build/fgdj sh bench/province.sh          SQLite only
#   DB=/tmp/prov/city.db PG=1 FGDJ=build/fgdj sh bench/province.sh         SQLite, then the same
#       database copied by `fgdj migrate --to` into a throwaway PostgreSQL (tests/pg.sh) and measured
#   BASE=old-binary …   the same commands of another binary alternating with FGDJ's (outputs compared:
#       the stats JSON and the DOCX's word/document.xml, byte for byte)
#   DB=/tmp/city.db, or any demo (`fgdj demo --scale district|city|province`): the same at any scale
# DB defaults to the city demo made once in $BENCH_DIR/city (`make bench`); the province demo
# (`fgdj demo --scale province --db FILE`) takes ≈ 28 minutes, 3 GB of memory and 25 GB of disk here
# (BENCHMARKS.md, 2026-12-03): check the free disk before making one.
# The database must already be at FGDJ's schema (`fgdj migrate --db DB` first). FGDJ_TODAY is fixed
# so outputs compare across runs. The commands keep the facts they read in the database (facts_kept,
# docs/kept_figures.md), so each is measured three ways: "tables" (FGDJ_FACTS_KEPT=0: every table
# read, as before), "kept" (the facts kept by the run before, nothing written since) and, for the
# statistics, "patched" (after an enterprise's 从业人员数 changed: the kept facts with that
# enterprise read again; the write itself, an import of one row, is not timed — KEEP_WRITES=0 skips
# it, leaving the database's ledgers as they were).
if [ "${PG:-0}" = 1 ] && [ -z "${FGDJ_TEST_PG:-}" ]; then
	exec sh "$(dirname "$0")/../tests/pg.sh" sh "$0" "$@"
fi
. "$(dirname "$0")/lib.inc"
N=${N:-3}
export FGDJ_TODAY=${FGDJ_TODAY:-2026-12-03}
DB=${DB:-$(demo_db city)/demo.db}
B=$BENCH_DIR/province-$$
mkdir -p "$B"
trap 'rm -rf "$B"' EXIT

CORE="SELECT status, count(*), sum(employees) FROM enterprise GROUP BY status;
SELECT count(*) FROM (SELECT employer_id, count(*) FROM member GROUP BY employer_id) t;"
ALL="$CORE
SELECT count(*), sum(org_id) FROM coverage WHERE end_date IS NULL OR end_date > '2026-12-03';
SELECT count(*), sum(instructor_id) FROM assignment WHERE end_date IS NULL OR end_date > '2026-12-03';
SELECT kind, count(*), sum(m1 + m2 + m3 + m4 + m5 + m6 + m7 + m8 + m9 + m10 + m11 + m12) FROM meeting_tally WHERE year = 2026 GROUP BY kind;
SELECT count(*), sum(tenths) FROM member_hours WHERE year = 2026;
SELECT count(*), sum(months), sum(unpaid) FROM dues_year WHERE year = 2026;
SELECT count(*), count(full_date) FROM development;
SELECT status, count(*) FROM task GROUP BY status;
SELECT count(*), sum(flags) FROM roster_candidate;"

# cpu CMD…: user+sys seconds of CMD (output discarded; a command, not a shell function)
cpu() { /usr/bin/time -f '%U %S' -o "$B/time" "$@" >/dev/null 2>&1; awk '{ printf "%.3f", $1 + $2 }' "$B/time"; }
# best CMD…: runs CMD $N times; prints "best-wall best-cpu"
best() { best_after : "$@"; }
# best_after PRE CMD…: as best, with the shell command PRE run (untimed) before each run
best_after() {
	pre=$1; shift
	bw=""; bc=""; i=0
	while [ "$i" -lt "$N" ]; do
		eval "$pre"
		t0=$(now); c=$(cpu "$@"); t1=$(now); w=$(secs "$t0" "$t1")
		if [ -z "$bw" ] || lt "$w" "$bw"; then bw=$w; fi
		if [ -z "$bc" ] || lt "$c" "$bc"; then bc=$c; fi
		i=$((i + 1))
	done
	printf '%.3f %.3f' "$bw" "$bc"
}
line() { # LABEL "wall cpu" [baseline-wall baseline-cpu]
	set -- "$1" $2 ${3:-}
	if [ $# -ge 5 ]; then
		printf '%-34s %8.3f %8.3f   ×%-6s ×%-6s\n' "$1" "$2" "$3" "$(ratio "$2" "$4")" "$(ratio "$3" "$5")"
	else
		printf '%-34s %8.3f %8.3f\n' "$1" "$2" "$3"
	fi
}

echo "fgdj stats / report work at scale, $DB, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "enterprises $(sqlite3 "$DB" 'select count(*) from enterprise'), members $(sqlite3 "$DB" 'select count(*) from member')," \
	"file $(du -m "$DB" | cut -f1) MB"
echo
echo "== SQLite (best of $N: wall s, CPU s; ratios to the bare 'all' aggregate)"
printf '%-34s %8s %8s   %-7s %-7s\n' what wall cpu wall× cpu×
for bin in $FGDJ ${BASE:-}; do "$bin" stats --format json --db "$DB" >/dev/null; done # warm the page cache
core=$(best sqlite3 "$DB" "$CORE"); all=$(best sqlite3 "$DB" "$ALL")
line "bare core (sqlite3)" "$core"
line "bare all (sqlite3)" "$all"
for bin in $FGDJ ${BASE:-}; do
	tag=$( [ "$bin" = "$FGDJ" ] && echo fgdj || echo base )
	line "stats --format json ($tag, tables)" "$(best env FGDJ_FACTS_KEPT=0 "$bin" stats --format json --db "$DB")" "$all"
	line "stats --format json ($tag, tables+keep)" \
		"$(best_after "sqlite3 '$DB' 'DELETE FROM facts_kept'" "$bin" stats --format json --db "$DB")" "$all"
	line "stats --format json ($tag, kept)" "$(best "$bin" stats --format json --db "$DB")" "$all"
	line "report work --format docx ($tag, tables)" \
		"$(best env FGDJ_FACTS_KEPT=0 "$bin" report work --format docx --db "$DB" -o "$B/r-$tag.docx")" "$all"
	"$bin" report work --format docx --db "$DB" -o "$B/r-$tag.docx" >/dev/null 2>&1
	line "report work --format docx ($tag, kept)" \
		"$(best "$bin" report work --format docx --db "$DB" -o "$B/r-$tag.docx")" "$all"
done
# The statistics after an enterprise's 从业人员数 changed (one row imported, not timed), each run.
if [ "${KEEP_WRITES:-1}" = 1 ]; then
	"$FGDJ" export enterprises --db "$DB" -o "$B/e.csv" >/dev/null 2>&1
	head -2 "$B/e.csv" >"$B/e1.csv"
	col=$(head -1 "$B/e.csv" | tr ',' '\n' | grep -n '^从业人员数$' | cut -d: -f1)
	orig=$(awk -F, -v c="$col" 'NR == 2 { print $c }' "$B/e.csv")
	k=0
	edit() { # a new 从业人员数 for the first enterprise, imported (not timed)
		k=$((k + 1))
		awk -F, -v OFS=, -v c="$col" -v v=$((orig + k)) 'NR == 2 { $c = v } 1' "$B/e1.csv" >"$B/e2.csv"
		"$FGDJ" import enterprises "$B/e2.csv" --db "$DB" >/dev/null
	}
	line "stats --format json (fgdj, patched)" "$(best_after edit "$FGDJ" stats --format json --db "$DB")" "$all"
	"$FGDJ" stats --format json --db "$DB" >"$B/patched.json"
	FGDJ_FACTS_KEPT=0 "$FGDJ" stats --format json --db "$DB" >"$B/tables.json"
	cmp -s "$B/patched.json" "$B/tables.json" && echo "stats JSON patched and from the tables: 相同" ||
		echo "stats JSON patched and from the tables: 不同"
	"$FGDJ" import enterprises "$B/e1.csv" --db "$DB" >/dev/null # the row as it was
fi
"$FGDJ" stats --format json --db "$DB" >"$B/s.json"
if [ -n "${BASE:-}" ]; then
	"$BASE" stats --format json --db "$DB" >"$B/base.json"
	cmp -s "$B/s.json" "$B/base.json" && echo "stats JSON of fgdj and base: 相同" || echo "stats JSON of fgdj and base: 不同"
	# word/document.xml: the text and layout (the chart pictures' bytes depend on their encoder)
	unzip -p "$B/r-fgdj.docx" word/document.xml >"$B/d-fgdj.xml"
	unzip -p "$B/r-base.docx" word/document.xml >"$B/d-base.xml"
	cmp -s "$B/d-fgdj.xml" "$B/d-base.xml" && echo "DOCX word/document.xml of fgdj and base: 相同" ||
		echo "DOCX word/document.xml of fgdj and base: 不同"
fi

[ -n "${FGDJ_TEST_PG:-}" ] || exit 0
U() { printf '%s' "$FGDJ_TEST_PG" | sed "s|/postgres?|/$1?|"; }
PGOPTIONS='-c client_min_messages=warning' psql "$FGDJ_TEST_PG" -X -q -c "CREATE DATABASE prov"
PGU=$(U prov)
t0=$(now) # migrate --to reads the SQLite database only
c=$(cpu "$FGDJ" migrate --to "$PGU" --db "$DB") || { echo "migrate --to failed" >&2; exit 1; }
t1=$(now)
echo
echo "copied to PostgreSQL by fgdj migrate --to: $(secs "$t0" "$t1") s wall, fgdj CPU $c s"
psql "$PGU" -X -q -c "VACUUM ANALYZE" >/dev/null
echo "== PostgreSQL 15 (tests/pg.sh, Unix socket; best of $N: wall s, fgdj's CPU s; ratios to the bare 'all' in psql)"
printf '%-34s %8s %8s   %-7s %-7s\n' what wall cpu wall× cpu×
core=$(best psql "$PGU" -X -q -A -t -c "$CORE"); pall=$(best psql "$PGU" -X -q -A -t -c "$ALL")
line "bare core (psql)" "$core"
line "bare all (psql)" "$pall"
line "stats --format json" "$(best "$FGDJ" stats --format json --db "$PGU")" "$pall"
line "report work --format docx" "$(best "$FGDJ" report work --format docx --db "$PGU" -o "$B/p.docx")" "$pall"
"$FGDJ" stats --format json --db "$PGU" >"$B/p.json"
cmp -s "$B/s.json" "$B/p.json" && echo "stats JSON on SQLite and PostgreSQL: 相同" || echo "stats JSON on SQLite and PostgreSQL: 不同"
