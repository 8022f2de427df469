#!/bin/sh
# Kept == recomputed over writes of trainings and trainees (web/cache.h; store_changes_since's
# STORE_PARTY_TRAINING, facts_patch's party_reload_trainings, check_patch's party_hours_patch): a
# member short of study hours joins a training of this year (the hours, the training figures), that
# training's 学时 raised (its trainees' hours), a current
# secretary never trained joins it (the secretaries' training figure) — the facts and findings
# patched each time, and each page and API (the dashboard, the statistics, the findings, the plan,
# figure sets, the work report; the street user's dashboard and findings), read from the warm server
# right after the write, byte-identical to a fresh server's on the same database; and the command
# line's kept facts and findings (`fgdj stats`, `fgdj check`, `fgdj report work`) byte-identical to
# a load from the tables. A past day's figures are kept when every record written is dated after it
# (store_records_dated_from). Found afresh, and still right: a trainee and a setting the figures read in one
# change.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

kept_warm /findings?rule=study_short /api/v1/findings?rule=study_short /api/v1/stats /reports/work.html

count_of() { printf '%s\n' $2 | grep -cx "$1"; }
put() {
	printf '%s\n%s\n' "$2" "$3" >"$WORK/r.csv"
	run 0 "$FGDJ" import "$1" "$WORK/r.csv" --db $DB
	grep -q '新增 1\|更新 1' "$WORK/out" && ok || fail "$1 $3: $(cat "$WORK/out")"
}
short_of() { FGDJ_FACTS_KEPT=0 "$FGDJ" check --format json --rule study_short --db $DB 2>/dev/null; }
"$FGDJ" export trainings --db $DB -o "$WORK/trainings.csv" >/dev/null 2>&1
"$FGDJ" export trainees --unmasked --db $DB -o "$WORK/trainees.csv" >/dev/null 2>&1
THEAD=$(head -1 "$WORK/trainees.csv" | tr -d '\r')
# a training of this year up to the tests' day, of 2 学时 or more
TR=$(awk -F, -v d="$FGDJ_TODAY" '{ sub(/\r$/, "") } NR > 1 && $3 >= "2026-01-01" && $3 <= d && $6 + 0 >= 2 { print; exit }' "$WORK/trainings.csv")
[ -n "$TR" ] && ok || fail "a training of this year"
TNAME=$(printf '%s\n' "$TR" | cut -d, -f1)
TDAY=$(printf '%s\n' "$TR" | cut -d, -f3)

# ---- a member short of study hours joins it ----
short_of >"$WORK/s0.json"
SUBJ=$(sed -n 's/.*"subject": "\(.*\)（\(.*\)）",$/\1 \2/p' "$WORK/s0.json" | head -1)
MN=${SUBJ%% *} MASK=${SUBJ#* }
MROW=$(sql $DB "SELECT m.idno || ',' || coalesce(e.uscc, '') FROM member m LEFT JOIN enterprise e ON e.id = m.employer_id
	WHERE m.name = '$MN' AND m.idno LIKE '${MASK%%\**}%${MASK##*\*}' LIMIT 1")
[ -n "$MROW" ] && ok || fail "the member $SUBJ"
put trainees "$THEAD" "$TNAME,$TDAY,$MN,${MROW%%,*},党员,${MROW#*,}"
short_of >"$WORK/s1.json"
if cmp -s "$WORK/s0.json" "$WORK/s1.json"; then fail "the study findings did not change"; else ok; fi
N_JOIN=$(first_notes)
same "a member short of study hours joins a training"
cli_same "a member short of study hours joins a training"

# ---- that training's 学时 raised ----
put trainings "$(head -1 "$WORK/trainings.csv" | tr -d '\r')" "$(printf '%s\n' "$TR" | awk -F, -v OFS=, '{ $6 = 20; print }')"
short_of >"$WORK/s2.json"
if cmp -s "$WORK/s1.json" "$WORK/s2.json"; then fail "the study findings did not change with the 学时"; else ok; fi
[ "$(grep -c '"rule": "study_short"' "$WORK/s2.json")" -le "$(grep -c '"rule": "study_short"' "$WORK/s1.json")" ] && ok ||
	fail "more study findings with more 学时"
N_HOURS=$(first_notes)
same "a training's 学时 raised"
cli_same "a training's 学时 raised"

# ---- a current secretary never trained joins it ----
SEC=$(sql $DB "SELECT s.name || ',' || s.idno FROM secretary s WHERE s.until IS NULL AND s.idno IS NOT NULL
	AND s.idno NOT IN (SELECT idno FROM trainee WHERE idno IS NOT NULL) ORDER BY s.id LIMIT 1")
[ -n "$SEC" ] && ok || fail "a current secretary never trained"
put trainees "$THEAD" "$TNAME,$TDAY,${SEC%%,*},${SEC#*,},书记,"
N_SEC=$(first_notes)
same "a secretary joins a training"
cli_same "a secretary joins a training"

# ---- not patched: a trainee and a setting the figures read ----
put trainings "$(head -1 "$WORK/trainings.csv" | tr -d '\r')" "$TR"
setting_changed
N_BOTH=$(first_notes)
same "a training and a setting the figures read"

# ---- the patch was taken (the server's access log) ----
echo "computed by the first /findings, /plan, /: joined [$N_JOIN], 学时 [$N_HOURS], secretary [$N_SEC]; control [$N_BOTH]" >&2
for n in "$N_JOIN" "$N_HOURS" "$N_SEC"; do
	notes_are "the first pages after a training or trainee" "$n" "事实增量 问题增量" "事实载入 问题重查"
	# (the year-earlier day kept: the training and its trainees are of this year — its 开始日期
	# is in their keys — store_records_dated_from)
	eq "$(count_of 统计重算 "$n")" 1 "after a training of this year: today's figures alone computed ($n)"
done
notes_are "the first pages after a training and a setting the figures read" "$N_BOTH" "事实载入 问题重查" "事实增量 问题增量"
finish
