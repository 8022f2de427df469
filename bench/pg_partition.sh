#!/bin/sh
# Usage: FGDJ=path/to/fgdj [BASE=path/to/an-earlier-fgdj] sh bench/pg_partition.sh [WORKDIR]
# The city demo (fgdj demo --scale city: 6–10 districts) on one PostgreSQL database and on the same
# data partitioned by district (scripts/pg_partition.sql) with the districts' partitions on two
# other clusters (postgres_fdw), in the same run: `fgdj stats --format json` (whole city, by district,
# one district) alternating between the two, best of 3 (wall and fgdj's user+sys CPU); the outputs
# compared byte for byte; then (LEDGERS=1, the default) every ledger's export and the findings, compared
# byte for byte. With BASE, one district's statistics and enterprise export on the
# partitioned database by both binaries, alternating, best of 3 (what a district's reads cost when
# they skip the other servers, docs/scaling.md). STATS_ROUNDS rounds of the statistics (3 unless
# told; 0 skips them). Three clusters started by tests/pg.sh (nested), removed at the end.
#
# With DUES=1 (off by default), the import of new dues records (`fgdj import dues`) into the one
# database and through the coordinator of the partitioned one (docs/scaling.md 下一步 4): the city's
# dues ledger exported from city.db (`export dues --unmasked`), its newest month's rows rewritten to
# a month after it (月份 +k months, 缴纳日期 +k months with the day at most 28; every row a new row,
# an INSERT), imported into both databases in turn: the whole city's month twice (k = 1, one
# database first; k = 2, partitioned first), then one district's month (k = 3, the first district;
# how the time scales). Both databases hold the same data before every import, so each pair is
# fair; each import is measured once (a partitioned database cannot be copied with its remote rows
# by CREATE DATABASE … TEMPLATE). The imports run with FGDJ_TODAY=DUES_TODAY (2027-03-31 unless
# told: the months must not be later than "this month"), autovacuum off on the three clusters.
# Per import: wall and fgdj's user+sys CPU (/usr/bin/time), the three servers' CPU (the postmasters'
# children reaped meanwhile: the import's backends, on the coordinator and through postgres_fdw on
# the others), the round trips FGDJ_SQL_COUNT=1 reports; after each pair the dues rows per district
# and month, the year totals (dues_year) compared, at the end `fgdj stats --format json` (whole
# city, by district) byte for byte; the index scans of the member and dues partitions on the two
# district servers over each import (pg_stat_user_tables). Lines `dues …` and `DIFFERS`/`same` in the output. DUES_ROWS=N
# takes N of each month's rows (evenly spread over the file) instead of all: through the coordinator
# the whole city's month (≈ 228,000 rows) takes hours (BENCHMARKS.md, issue 14 dues import).
#
#   DUES=1 DUES_ROWS=2000 STATS_ROUNDS=0 FGDJ=build/fgdj sh bench/pg_partition.sh /tmp/pgdues-w > log 2>&1
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
r=0
while [ "$r" -lt "${STATS_ROUNDS:-3}" ]; do
	r=$((r + 1))
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
# LEDGERS=1 (on by default): every ledger's export (unmasked) and the findings (`fgdj check --format
# json`) of the one database and the partitioned one compared byte for byte, each timed once.
if [ "${LEDGERS:-1}" = 1 ]; then
	for k in enterprises orgs members instructors meetings study secretaries visits trainings trainees development \
		transfers dues campaigns tasks rosters funding rubric ratings designations venues; do
		one "whole.export.$k" export "$k" --unmasked --db "$WHOLE" -o "whole.$k.csv"
		one "part.export.$k" export "$k" --unmasked --db "$PART" -o "part.$k.csv"
		cmp -s "whole.$k.csv" "part.$k.csv" && echo "export $k: same ($(($(wc -l <"whole.$k.csv") - 1)) rows)" ||
			echo "export $k: OUTPUT DIFFERS"
	done
	one whole.check check --format json --db "$WHOLE"
	one part.check check --format json --db "$PART"
	cmp -s out.whole.check out.part.check && echo "check: same output" || echo "check: OUTPUT DIFFERS"
fi
if [ "${DUES:-0}" = 1 ]; then
	export FGDJ_TODAY="${DUES_TODAY:-2027-03-31}"
	for X in "$A" "$B" "$C"; do
		q "$X" -c "ALTER SYSTEM SET autovacuum = off" -c "SELECT pg_reload_conf()" >/dev/null
	done
	TCK=$(getconf CLK_TCK)
	# reaped: the CPU seconds of the three postmasters' reaped children so far.
	reaped() {
		for X in "$A" "$B" "$C"; do
			sed 's/^.*) //' "/proc/$(head -1 "$(DIR "$X")/data/postmaster.pid")/stat"
		done | awk -v t="$TCK" '{ s += $14 + $15 } END { printf "%.2f", s / t }'
	}
	t0=$(date +%s)
	"$FGDJ" export dues --unmasked --db city.db -o dues.all.csv
	"$FGDJ" export dues --unmasked --region "$dname" --db city.db -o dues.district.csv
	echo "dues export: $(($(date +%s) - t0)) s"
	# shift K IN OUT: IN's newest month's rows (DUES_ROWS of them, evenly spread, when told), 月份 and
	# 缴纳日期 moved K months later.
	shift_month() {
		awk -F, -v OFS=, -v ORS='\r\n' -v k="$1" -v n="${DUES_ROWS:-0}" '
		function later(y, m) { m += k; y += int((m - 1) / 12); m = (m - 1) % 12 + 1; return sprintf("%04d-%02d", y, m) }
		{ sub(/\r$/, "") }
		NR == FNR { if (FNR > 1) { if ($3 > newest) { newest = $3; c = 0 } if ($3 == newest) c++ } next }
		FNR == 1 { print; next }
		$3 == newest && (n == 0 || n >= c || int(++j * n / c) != int((j - 1) * n / c)) {
			split($3, a, "-"); $3 = later(a[1] + 0, a[2] + 0)
			if ($8 != "") { split($8, d, "-"); $8 = later(d[1] + 0, d[2] + 0) "-" sprintf("%02d", d[3] > 28 ? 28 : d[3]) }
			print
		}' "$2" "$2" >"$3"
	}
	shift_month 1 dues.all.csv dues.k1.csv
	shift_month 2 dues.all.csv dues.k2.csv
	shift_month 3 dues.district.csv dues.k3.csv
	head -2 dues.k1.csv | sed 's/^/dues file head: /'
	for k in 1 2 3; do
		echo "dues file k$k: $(($(wc -l <dues.k$k.csv) - 1)) rows, month $(awk -F, 'NR == 2 { print $3 }' dues.k$k.csv)"
	done
	# scans: the index scans of the member and dues partitions on the two district servers so far
	# (pg_stat_user_tables: what the coordinator asked of them).
	scans() {
		for X in "$B" "$C"; do
			q "$(U "$X" hold)" -c "SELECT coalesce(sum(idx_scan) FILTER (WHERE relname LIKE 'member_d%'), 0),
				coalesce(sum(idx_scan) FILTER (WHERE relname LIKE 'dues_d%'), 0) FROM pg_stat_user_tables"
		done | awk -F'|' '{ m += $1; d += $2 } END { print m, d }'
	}
	dues_import() { # dues_import LABEL FILE DB
		c0=$(reaped)
		s0=$(scans)
		FGDJ_SQL_COUNT=1 /usr/bin/time -f "%e %U %S" -o t.txt "$FGDJ" import dues "$2" --db "$3" >"out.$1" 2>&1 || {
			echo "$1: exit status $?"; tail -5 "out.$1"; exit 1
		}
		sleep 2 # the backends' exits reaped (postgres_fdw's on the other servers too)
		trips=$(sed -n 's/.*往返 \([0-9]*\) 次.*/\1/p' "out.$1" | tail -1)
		stmts=$(sed -n 's/.*发送语句 \([0-9]*\) 条.*/\1/p' "out.$1" | tail -1)
		rows=$(($(wc -l <"$2") - 1))
		awk -v l="$1" -v n="$rows" -v s="$(awk -v a="$c0" -v b="$(reaped)" 'BEGIN { printf "%.2f", b - a }')" \
			-v t="$trips" -v st="$stmts" -v ld="$(cut -d' ' -f1 /proc/loadavg)" '$1 ~ /^[0-9.]+$/ {
			printf "dues %s rows %d wall %.2f cpu %.2f server_cpu %s round_trips %s statements %s rows/s %.0f load %s\n",
				l, n, $1, $2 + $3, s, t, st, n / $1, ld }' t.txt
		set -- "$1" "$2" "$3" $s0 $(scans)
		echo "dues $1 remote index scans: member partitions $(($6 - $4)), dues partitions $(($7 - $5))"
		grep -v 'PostgreSQL 往返' "out.$1" | tail -2 | sed "s/^/dues $1 says: /"
	}
	dues_same() { # the dues rows by district and month, the year totals: the same on both
		eq_rows "SELECT string_agg(d || ':' || m || ':' || n, ' ' ORDER BY d, m) FROM (SELECT coalesce(district_id, 0) AS d,
			month AS m, count(*) AS n FROM dues WHERE month > 202610 GROUP BY 1, 2) x"
		eq_rows "SELECT count(*) || ' ' || sum(id) FROM dues"
		eq_rows "SELECT string_agg(year || ':' || n || ':' || mo || ':' || un || ':' || df || ':' || due || ':' || paid, ' ' ORDER BY year)
			FROM (SELECT year, count(*) AS n, sum(months) AS mo, sum(unpaid) AS un, sum(differs) AS df,
			sum(due1 + due2 + due3 + due4 + due5 + due6 + due7 + due8 + due9 + due10 + due11 + due12) AS due,
			sum(paid1 + paid2 + paid3 + paid4 + paid5 + paid6 + paid7 + paid8 + paid9 + paid10 + paid11 + paid12) AS paid
			FROM dues_year GROUP BY year) x"
		eq_rows "SELECT md5(string_agg(member_id || ':' || year || ':' || months || ':' || unpaid || ':' || differs, ',' ORDER BY year, member_id)) FROM dues_year"
	}
	dues_import whole.k1 dues.k1.csv "$WHOLE"
	dues_import part.k1 dues.k1.csv "$PART"
	dues_same
	dues_import part.k2 dues.k2.csv "$PART"
	dues_import whole.k2 dues.k2.csv "$WHOLE"
	dues_same
	dues_import whole.k3 dues.k3.csv "$WHOLE"
	dues_import part.k3 dues.k3.csv "$PART"
	dues_same
	for t in dues; do
		q "$(U "$B" hold)" -c "SELECT 'B $t ' || coalesce(sum(n_live_tup), 0) FROM pg_stat_user_tables WHERE relname LIKE '${t}_d%'"
		q "$(U "$C" hold)" -c "SELECT 'C $t ' || coalesce(sum(n_live_tup), 0) FROM pg_stat_user_tables WHERE relname LIKE '${t}_d%'"
		q "$PART" -c "SELECT 'coordinator default $t ' || count(*) FROM ${t}_rest"
	done
	for what in stats by_district; do
		case $what in
		stats) set -- stats --format json ;;
		by_district) set -- stats --format json --by district ;;
		esac
		one "whole.dues.$what" "$@" --db "$WHOLE"
		one "part.dues.$what" "$@" --db "$PART"
		cmp -s "out.whole.dues.$what" "out.part.dues.$what" && echo "dues $what: same output" || echo "dues $what: OUTPUT DIFFERS"
	done
fi
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
