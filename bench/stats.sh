#!/bin/sh
# fgdj stats and fgdj report work --format docx at district, city and province scale, each with the
# ratio against a bare aggregate over the same database in the same run:
#   SELECT status, count(*), sum(employees) FROM enterprise GROUP BY status
# plus the members aggregate the statistics need (a scan of member grouped by employer).
. "$(dirname "$0")/lib.inc"
scales=${SCALES:-district city province}
printf '%-9s %9s %9s  %9s %9s  %9s %6s  %9s %6s\n' scale ents members bare_s stats_s "ratio" docx_s "ratio"
for sc in $scales; do
	d=$(demo_db "$sc")
	db="$d/demo.db"
	ents=$(sqlite3 "$db" 'select count(*) from enterprise')
	mems=$(sqlite3 "$db" 'select count(*) from member')
	bare() { sqlite3 "$db" "SELECT status, count(*), sum(employees) FROM enterprise GROUP BY status;
		SELECT count(*) FROM (SELECT employer_id, count(*) FROM member GROUP BY employer_id);"; }
	stats() { "$FGDJ" stats --db "$db" --format json; }
	docx() { "$FGDJ" report work --db "$db" --format docx -o "$BENCH_DIR/r.docx"; }
	t_bare=$(best_of 5 bare)
	t_stats=$(best_of 5 stats)
	t_docx=$(best_of 3 docx)
	printf '%-9s %9s %9s  %9.3f %9.3f  %8sx %9.3f %5sx\n' "$sc" "$ents" "$mems" "$t_bare" "$t_stats" \
		"$(ratio "$t_stats" "$t_bare")" "$t_docx" "$(ratio "$t_docx" "$t_bare")"
done
