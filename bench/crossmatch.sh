#!/bin/sh
# The roster cross-match at city scale (the demo's ≈1M roster lines against its members):
# `fgdj crossmatch --format json` (every candidate classified and printed) against the sqlite3
# shell running a bare join of the same roster and member tables on the same database, in the
# same run. Goal (issue 9): ≤ 2× the bare join. The bare join prints every matched line (as the
# shell prints rows); a second baseline only counts them (no output at all), the floor of any join.
# Both run with fgdj's page cache (PRAGMA cache_size=-16384) rather than the shell's 2 MB default.
#
#   FGDJ=build/fgdj sh bench/crossmatch.sh
. "$(dirname "$0")/lib.inc"
d="$BENCH_DIR/city-rosters"
db="$d/demo.db"
if [ ! -f "$d/done" ]; then
	rm -rf "$d"; mkdir -p "$d"
	"$FGDJ" demo --scale city --seed 1 --db "$db" >/dev/null
	touch "$d/done"
fi
lines=$(sqlite3 "$db" "SELECT count(*) FROM roster_line")
members=$(sqlite3 "$db" "SELECT count(*) FROM member")

xm() { "$FGDJ" crossmatch --db "$db" --format json; }
bare() {
	sqlite3 -cmd "PRAGMA cache_size=-16384" "$db" "SELECT rl.enterprise_id, rl.idno, rl.name, rl.hired, rl.political, m.org_id, m.employer_id,
		m.disclosed FROM roster_line rl JOIN member m ON m.idno = rl.idno"
}
count() { sqlite3 -cmd "PRAGMA cache_size=-16384" "$db" "SELECT count(*) FROM roster_line rl JOIN member m ON m.idno = rl.idno"; }
xm >/dev/null
bare >/dev/null
t_xm=$(best_of 3 xm)
t_bare=$(best_of 3 bare)
t_count=$(best_of 3 count)
n=$(xm | sed -n 's/^ *"\(pocket\|hidden\|unregistered\)": \([0-9]*\).*/\2/p' | paste -sd+ | bc)
printf 'crossmatch  %d roster lines, %d members, %d candidates  fgdj %.3f s   bare join %.3f s   ratio %sx   count(*) of the join %.3f s   ratio %sx\n' \
	"$lines" "$members" "$n" "$t_xm" "$t_bare" "$(ratio "$t_xm" "$t_bare")" "$t_count" "$(ratio "$t_xm" "$t_count")"
