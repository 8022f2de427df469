#!/bin/sh
# Database selection, settings, summary and help.
. "$(dirname "$0")/../lib.sh"

# --db, else $FGDJ_DB, else ./fgdj.db
run 0 "$FGDJ" init --name 临江区
[ -f fgdj.db ] && ok || fail "./fgdj.db created by default"
FGDJ_DB=env.db run 0 "$FGDJ" init
db_exists env.db && ok || fail "FGDJ_DB honoured"
FGDJ_DB=env.db run 0 "$FGDJ" init --db flag.db
db_exists flag.db && ok || fail "--db wins over FGDJ_DB"
run 0 "$FGDJ" summary
has out "临江区"
grep -q '^fgdj: SQL' "$WORK/err" && fail "statement times printed unasked" || ok
# FGDJ_SQL_PROFILE=1: each statement's summed time and runs at exit, the costliest first (SQLite's)
if sqlite_only "语句计时（FGDJ_SQL_PROFILE）只在 SQLite 上"; then
	FGDJ_SQL_PROFILE=1 run 0 "$FGDJ" summary
	has out "临江区"
	grep -q '^fgdj: SQL  *[0-9.]* ms  *[1-9][0-9]* 次  [A-Z]' "$WORK/err" && ok || fail "statement times: $(head -3 "$WORK/err")"
	awk '/^fgdj: SQL/ { t = $3 + 0; if (n++ && t > last) bad = 1; last = t } END { exit !(n > 1 && !bad) }' "$WORK/err" && ok ||
		fail "statement times not in falling order: $(head -5 "$WORK/err")"
fi

# Settings: defaults from domain.md, validated changes with history.
run 0 "$FGDJ" settings --db s.db
has out "scope.min_employees"
has out "joint.max_units"
has out "life.themed_day_per_month"
has out "study.cadre_hours"
has out "instructor.visits_per_quarter"
run 2 "$FGDJ" settings life.themed_day_per_month 32 --db s.db
has err "超出允许范围"
run 0 "$FGDJ" settings scope.min_employees 20 --db s.db
run 0 "$FGDJ" settings scope.min_employees --db s.db
has out "20"
run 2 "$FGDJ" settings scope.min_employees abc --db s.db
has err "应为整数"
run 2 "$FGDJ" settings no.such --db s.db
eq "$(sql s.db "select count(*) from history where tbl='setting'")" 1 "setting change in the history"

# The history table refuses rewrites.
db_query s.db "delete from history" 2>/dev/null && fail "history delete allowed" || ok

run 0 "$FGDJ" --help
has out "fgdj import"
run 0 "$FGDJ" import --help
has out "enterprises"
run 2 "$FGDJ"

# docs/ledger-format.md is fgdj format's output: the description users read is the importer's table
run 0 "$FGDJ" format
if cmp -s out "$ROOT/docs/ledger-format.md"; then ok; else fail "docs/ledger-format.md differs from fgdj format (run: build/fgdj format -o docs/ledger-format.md)"; fi
run 0 "$FGDJ" format members
has out "| 公民身份号码 | 是 |"
hasnt out "## enterprises"
run 2 "$FGDJ" format planets
has err "没有“planets”这种台账"

finish
