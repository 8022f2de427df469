#!/bin/sh
# Import of the city-scale export (enterprises, then members), as validated rows per second and as a
# ratio against the sqlite3 shell's .import of the same CSV into a bare table, in the same run.
. "$(dirname "$0")/lib.inc"
d=$(demo_db city)
L="$d/ledgers"
ent_rows=$(($(wc -l <"$L/enterprises.csv") - 1))
mem_rows=$(($(wc -l <"$L/members.csv") - 1))

import_ent() { rm -f "$BENCH_DIR/i.db"*; "$FGDJ" import enterprises "$L/enterprises.csv" --new-places --db "$BENCH_DIR/i.db"; }
bare_ent() { rm -f "$BENCH_DIR/b.db"*; sqlite3 "$BENCH_DIR/b.db" ".import --csv $L/enterprises.csv t"; }
t_ent=$(best_of 3 import_ent)
t_bare_ent=$(best_of 3 bare_ent)

# Members need their employers and organisations in place: set up once, then time the members alone.
rm -f "$BENCH_DIR/m0.db"*
"$FGDJ" import enterprises "$L/enterprises.csv" --new-places --db "$BENCH_DIR/m0.db" >/dev/null
"$FGDJ" import orgs "$L/orgs.csv" --db "$BENCH_DIR/m0.db" >/dev/null
sqlite3 "$BENCH_DIR/m0.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
import_mem() { rm -f "$BENCH_DIR/m.db"*; cp "$BENCH_DIR/m0.db" "$BENCH_DIR/m.db"; "$FGDJ" import members "$L/members.csv" --db "$BENCH_DIR/m.db"; }
copy_only() { rm -f "$BENCH_DIR/m.db"*; cp "$BENCH_DIR/m0.db" "$BENCH_DIR/m.db"; }
bare_mem() { rm -f "$BENCH_DIR/b.db"*; sqlite3 "$BENCH_DIR/b.db" ".import --csv $L/members.csv t"; }
t_mem=$(best_of 3 import_mem)
t_copy=$(best_of 3 copy_only)
t_mem=$(secs "$t_copy" "$t_mem")
t_bare_mem=$(best_of 3 bare_mem)

# Re-importing the unchanged files (every row 未变, nothing written): enterprises into the last
# enterprise import (i.db), members into a fresh members import (copy_only left m.db without them).
reimport_ent() { "$FGDJ" import enterprises "$L/enterprises.csv" --db "$BENCH_DIR/i.db"; }
reimport_mem() { "$FGDJ" import members "$L/members.csv" --db "$BENCH_DIR/m.db"; }
import_mem >/dev/null 2>&1
t_re_ent=$(best_of 3 reimport_ent)
t_re_mem=$(best_of 3 reimport_mem)

printf 'import enterprises  %7d rows  %7.3f s  %8s rows/s   bare .import %6.3f s   ratio %sx\n' \
	"$ent_rows" "$t_ent" "$(rate "$ent_rows" "$t_ent")" "$t_bare_ent" "$(ratio "$t_ent" "$t_bare_ent")"
printf 'import members      %7d rows  %7.3f s  %8s rows/s   bare .import %6.3f s   ratio %sx\n' \
	"$mem_rows" "$t_mem" "$(rate "$mem_rows" "$t_mem")" "$t_bare_mem" "$(ratio "$t_mem" "$t_bare_mem")"
printf 're-import enterprises %6d rows  %7.3f s  %8s rows/s   (unchanged file)\n' \
	"$ent_rows" "$t_re_ent" "$(rate "$ent_rows" "$t_re_ent")"
printf 're-import members    %7d rows  %7.3f s  %8s rows/s   (unchanged file)\n' \
	"$mem_rows" "$t_re_mem" "$(rate "$mem_rows" "$t_re_mem")"
