#!/bin/sh
# Usage: FGDJ=path/to/fgdj [BASE=path/to/an-earlier-fgdj] sh bench/pg_partition.sh [WORKDIR]
# The city demo (fgdj demo --scale city: 6–10 districts) on one PostgreSQL database and on the same
# data partitioned by district (scripts/pg_partition.sql) with the districts' partitions on two
# other clusters (postgres_fdw), in the same run: `fgdj stats --format json` (whole city, by district,
# one district) alternating between the two, best of 3 (wall and fgdj's user+sys CPU); the outputs
# compared byte for byte. With BASE, one district's statistics and enterprise export on the
# partitioned database by both binaries, alternating, best of 3 (what a district's reads cost when
# they skip the other servers, docs/scaling.md). Three clusters started by tests/pg.sh (nested),
# removed at the end.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
: "${FGDJ:?FGDJ must name the fgdj binary}"
case "${PGPART_N:-0}" in
0) export PGPART_N=1 PGPART_W="${1:-$(mktemp -d /tmp/fgdj-pgpart-bench.XXXXXX)}" && exec sh "$here/../tests/pg.sh" sh "$0" ;;
1) export PGPART_A="$FGDJ_TEST_PG" PGPART_N=2 && exec sh "$here/../tests/pg.sh" sh "$0" ;;
2) export PGPART_B="$FGDJ_TEST_PG" PGPART_N=3 && exec sh "$here/../tests/pg.sh" sh "$0" ;;
esac
C=$FGDJ_TEST_PG
A=$PGPART_A B=$PGPART_B
W=$PGPART_W
export FGDJ_TODAY=2026-12-03 FGDJ_USER=bench
cd "$W"
U() { printf '%s' "$1" | sed "s|/postgres?|/$2?|"; }
DIR() { printf '%s' "${1#*host=}"; }
q() { uri=$1; shift; psql "$uri" -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
t0=$(date +%s)
[ -f city.db ] || "$FGDJ" demo --scale city --seed 1 --db city.db >demo.log 2>&1
echo "demo: $(($(date +%s) - t0)) s"; t0=$(date +%s)
q "$A" -c "CREATE DATABASE whole"
"$FGDJ" migrate --to "$(U "$A" whole)" --db city.db >migrate.log 2>&1
echo "migrate --to: $(($(date +%s) - t0)) s"; t0=$(date +%s)
q "$A" -c "CREATE DATABASE part TEMPLATE whole"
q "$B" -c "CREATE DATABASE hold"
q "$C" -c "CREATE DATABASE hold"
WHOLE=$(U "$A" whole) PART=$(U "$A" part)
q "$PART" -f "$here/../scripts/pg_partition.sql" >/dev/null
q "$PART" -c "SELECT fg_partition_by_district()" >/dev/null
echo "partitioned: $(($(date +%s) - t0)) s"; t0=$(date +%s)
i=0
for d in $(q "$PART" -c "SELECT id FROM region WHERE level = 'district' ORDER BY id"); do
	if [ $((i % 2)) = 0 ]; then X=$B; else X=$C; fi
	q "$PART" -c "SELECT fg_partition_remote_ddl($d)" | q "$(U "$X" hold)" >/dev/null
	q "$PART" -c "SELECT fg_partition_attach($d, '$(DIR "$X")', '5432', 'hold', 'fgdj')" >/dev/null
	i=$((i + 1))
done
q "$PART" -c "ANALYZE" ; q "$WHOLE" -c "ANALYZE"
echo "$i districts attached: $(($(date +%s) - t0)) s"
q "$(U "$B" hold)" -c "SELECT 'B enterprises ' || sum(n_live_tup) FROM pg_stat_user_tables WHERE relname LIKE 'enterprise_d%'"
q "$(U "$C" hold)" -c "SELECT 'C enterprises ' || sum(n_live_tup) FROM pg_stat_user_tables WHERE relname LIKE 'enterprise_d%'"
q "$PART" -c "SELECT 'coordinator default enterprises ' || count(*) FROM enterprise_rest"
q "$(U "$B" hold)" -c "SELECT 'B members ' || sum(n_live_tup) FROM pg_stat_user_tables WHERE relname LIKE 'member_d%'"
q "$(U "$C" hold)" -c "SELECT 'C members ' || sum(n_live_tup) FROM pg_stat_user_tables WHERE relname LIKE 'member_d%'"
q "$PART" -c "SELECT 'coordinator default members ' || count(*) FROM member_rest"
# The party-work records partitioned with their owners (schema v36, v37): rows on each server.
for t in dues meeting study development; do
	q "$(U "$B" hold)" -c "SELECT 'B $t ' || coalesce(sum(n_live_tup), 0) FROM pg_stat_user_tables WHERE relname LIKE '${t}_d%'"
	q "$(U "$C" hold)" -c "SELECT 'C $t ' || coalesce(sum(n_live_tup), 0) FROM pg_stat_user_tables WHERE relname LIKE '${t}_d%'"
	q "$PART" -c "SELECT 'coordinator default $t ' || count(*) FROM ${t}_rest"
done
dname=$(q "$PART" -c "SELECT name FROM region WHERE level = 'district' ORDER BY id LIMIT 1")
did=$(q "$PART" -c "SELECT id FROM region WHERE level = 'district' ORDER BY id LIMIT 1")
# Which servers a district's members are read from, by the stored district (a constant: pruned when
# planned) and by the read scope's employer subquery (scope_sql.h SCOPE_MEM's form).
q "$PART" -c "EXPLAIN SELECT count(*) FROM member m WHERE m.district_id = $did" | sed 's/^/explain by district_id: /'
q "$PART" -c "EXPLAIN SELECT count(*) FROM member m WHERE m.employer_id IN (SELECT se.id FROM enterprise se
	WHERE se.community_id IN (SELECT descendant FROM region_tree WHERE ancestor = $did))" | sed 's/^/explain by employer: /'
eq_rows() { # the same count on both databases
	a=$(q "$WHOLE" -c "$1"); b=$(q "$PART" -c "$1")
	[ "$a" = "$b" ] && echo "same: $1 = $a" || echo "DIFFERS: $1: $a against $b"
}
eq_rows "SELECT count(*) || ' ' || count(district_id) FROM member"
eq_rows "SELECT count(*) FROM member WHERE district_id = $did"
for t in dues meeting study development; do
	eq_rows "SELECT count(*) || ' ' || count(district_id) FROM $t"
done
one() { # one LABEL ARGS…: seconds wall and fgdj's CPU (the output in out.LABEL)
	label=$1
	shift
	/usr/bin/time -f "%e %U %S" -o t.txt "${BIN:-$FGDJ}" "$@" >"out.$label" 2>&1 || echo "$label: exit status $?"
	awk -v l="$label" '$1 ~ /^[0-9.]+$/ { printf "%s wall %.2f cpu %.2f\n", l, $1, $2 + $3 }' t.txt
}
for _ in 1 2 3; do
	for what in stats by_district district; do
		case $what in
		stats) set -- stats --format json ;;
		by_district) set -- stats --format json --by district ;;
		district) set -- stats --format json --region "$dname" ;;
		esac
		one "whole.$what" "$@" --db "$WHOLE"
		one "part.$what" "$@" --db "$PART"
		cmp -s "out.whole.$what" "out.part.$what" && echo "$what: same output" || echo "$what: OUTPUT DIFFERS"
	done
done
[ -n "${BASE:-}" ] || exit 0
for _ in 1 2 3; do
	for bin in base new; do
		if [ $bin = base ]; then BIN=$BASE; else BIN=$FGDJ; fi
		one "$bin.district" stats --format json --region "$dname" --db "$PART"
		one "$bin.export" export enterprises --region "$dname" -o /dev/stdout --db "$PART"
	done
	cmp -s out.base.district out.new.district && echo "district: same output" || echo "district: OUTPUT DIFFERS"
	cmp -s out.base.export out.new.export && echo "export: same output" || echo "export: OUTPUT DIFFERS"
done
