#!/bin/sh
# --as-recorded D: the ledgers exactly as they stood at the end of D, rebuilt from the history, so
# that what was printed on D is printed again, byte for byte, however the ledgers changed since.
# The changes and the figures worked out by hand are in tests/fixtures/asrecorded/README.md.
. "$(dirname "$0")/../lib.sh"

DB=d.db
AR="$FIX/asrecorded"

# print TAG [OPTIONS]: the statistics (also against 2026-06-01), the work report in every format, its
# placeholders and the joint plan, into TAG.*
print() {
	tag=$1; shift
	"$FGDJ" stats --db $DB --format json "$@" >"$tag.json" || fail "$tag stats json"
	"$FGDJ" stats --db $DB "$@" >"$tag.txt" || fail "$tag stats text"
	"$FGDJ" stats --db $DB --format csv --by community "$@" >"$tag.csv" || fail "$tag stats csv"
	"$FGDJ" report work --db $DB --format md "$@" >"$tag.md" || fail "$tag report md"
	"$FGDJ" report work --db $DB --format html "$@" >"$tag.html" || fail "$tag report html"
	"$FGDJ" report work --db $DB -o "$tag.docx" "$@" 2>/dev/null || fail "$tag report docx"
	"$FGDJ" report work --db $DB -o "$tag.pdf" "$@" 2>/dev/null || fail "$tag report pdf"
	"$FGDJ" plan joint --db $DB "$@" >"$tag.plan" || fail "$tag plan"
	"$FGDJ" stats --db $DB --compare 2026-06-01 "$@" >"$tag.cmp" || fail "$tag compare"
	"$FGDJ" report vars --db $DB "$@" >"$tag.vars" || fail "$tag vars"
	"$FGDJ" check --db $DB --format json "$@" >"$tag.check"
	[ $? -le 1 ] || fail "$tag check"
}
# same A B MSG: every file printed as A is byte for byte the one printed as B.
same() {
	for x in json txt csv md html docx pdf plan cmp vars check; do
		if cmp -s "$1.$x" "$2.$x"; then ok; else fail "$3: $1.$x differs from $2.$x"; diff "$1.$x" "$2.$x" 2>/dev/null | head -10 >&2; fi
	done
}
differ() {
	for x in json md check; do
		if cmp -s "$1.$x" "$2.$x"; then fail "$3: $1.$x should differ from $2.$x"; else ok; fi
	done
}

# ---- 2026-06-01: the district is recorded, and its figures printed ----
export FGDJ_TODAY=2026-06-01
import_district $DB
print jun

# ---- 2026-08-15: enterprises and organisations change, a coverage link ends, a member joins ----
export FGDJ_TODAY=2026-08-15
for f in "enterprises $FIX/asof/august.csv" "orgs $FIX/asof/orgs-august.csv" "orgs $AR/orgs-later.csv" \
	"members $AR/members-later.csv"; do
	# shellcheck disable=SC2086
	"$FGDJ" import $f --db $DB >/dev/null || fail "import $f"
done

# ---- 2026-11-26: a new enterprise and the year's party work; printed again ----
export FGDJ_TODAY=2026-11-26
"$FGDJ" import enterprises "$FIX/asof/november.csv" --db $DB >/dev/null || fail "import november"
for k in meetings study secretaries visits trainings trainees; do
	"$FGDJ" import "$k" "$FIX/party-figures/$k.csv" --db $DB >/dev/null || fail "import $k"
done
print nov

# ---- 2026-12-10: a community renamed, a setting changed, a member gone mobile ----
export FGDJ_TODAY=2026-12-10
run 0 "$FGDJ" place rename 社区 东城街道/和平社区 和平里社区 --db $DB
run 0 "$FGDJ" settings scope.min_employees 20 --db $DB
run 0 "$FGDJ" import members "$AR/members-december.csv" --db $DB
print dec

# ---- 2026-12-20: 和平里社区 merged into 幸福社区; 12-21: E3 (now in 幸福社区) grows to 16 staff ----
export FGDJ_TODAY=2026-12-20
run 0 "$FGDJ" place merge 社区 东城街道/和平里社区 东城街道/幸福社区 --db $DB
print dec20
export FGDJ_TODAY=2026-12-21
run 0 "$FGDJ" import enterprises "$AR/enterprises-december.csv" --db $DB
has out '更新 1'
print dec21

# ---- later (2027-01-05): each day reprinted as recorded then ----
export FGDJ_TODAY=2027-01-05
print now
print jun_again --as-recorded 2026-06-01
same jun_again jun "as recorded on 2026-06-01"
print nov_again --as-recorded 2026-11-26
same nov_again nov "as recorded on 2026-11-26"
# After the rename: the rows read back under the community's new name.
print dec_again --as-recorded 2026-12-10
same dec_again dec "as recorded on 2026-12-10"
# Without the option, today's ledgers.
differ now jun "today against 2026-06-01"
differ now nov "today against 2026-11-26"
# After the merge, and an update of a row whose community the merge changed.
print dec20_again --as-recorded 2026-12-20
same dec20_again dec20 "as recorded on 2026-12-20"
print dec21_again --as-recorded 2026-12-21
same dec21_again dec21 "as recorded on 2026-12-21"
differ dec21 dec20 "E3 grew on 12-21"
# A day between two prints: 2026-08-15's changes are in, 2026-11-26's are not.
run 0 "$FGDJ" stats --db $DB --format json --as-recorded 2026-08-20
expect_json "$WORK/out" 'enterprises_total=11 enterprises_in_scope=8 members_formal=22 meetings_held=0' 08-20

# ---- records recorded after D are absent, records removed after D present (README) ----
# On 2026-06-01: 陈新 (recorded 08-15) is not counted; E3's link to the joint branch (ended on
# 08-15) still covers it; 10 staff are enough for 三有 (the setting became 20 on 12-10).
expect_json jun_again.json 'members_formal=21 enterprises_with_members=6 enterprises_covered_joint=2 enterprises_uncovered=2 enterprises_in_scope=7' jun
expect_json nov_again.json 'members_formal=22 enterprises_with_members=6 enterprises_covered_joint=2 enterprises_uncovered=5 enterprises_in_scope=9' nov
expect_json now.json 'enterprises_in_scope=5 members_mobile=2' now
has jun_again.csv '和平社区'
hasnt jun_again.csv '和平里社区'
has dec.csv '和平里社区'
hasnt now.csv '和平'
has jun_again.md '2026年6月1日'

# ---- a deleted roster line: the employee rosters of tests/fixtures/rosters recorded on 2027-01-05,
# E2's roster replaced on 01-06 (自报乙, an unregistered candidate, deleted; 群众丁 is none) ----
run 0 "$FGDJ" import members "$FIX/rosters/members.csv" --db $DB
run 0 "$FGDJ" import rosters "$FIX/rosters/rosters.csv" --db $DB
run 0 "$FGDJ" stats --db $DB --format json
cp "$WORK/out" jan5.json
expect_json jan5.json 'unregistered_candidates=2' jan5
export FGDJ_TODAY=2027-01-06
run 0 "$FGDJ" import rosters "$AR/rosters-later.csv" --replace --db $DB
has out '删除文件中没有的 1 行'
run 0 "$FGDJ" stats --db $DB --format json --as-of 2027-01-05
expect_json "$WORK/out" 'unregistered_candidates=1' "01-05 as known on 01-06"
run 0 "$FGDJ" stats --db $DB --format json --as-recorded 2027-01-05
if cmp -s "$WORK/out" jan5.json; then ok; else fail "the roster line deleted on 01-06 is back as recorded on 01-05"; fi

# ---- the dates it may be combined with, and bad input ----
# --as-of 2026-06-01 on the ledgers of 2026-11-26: the world of 06-01 as known on 11-26. 陈新, recorded
# on 08-15 but a member since 2015, counts (22), where the ledgers of 06-01 did not know him (21).
run 0 "$FGDJ" stats --db $DB --format json --as-recorded 2026-11-26 --as-of 2026-06-01
expect_json "$WORK/out" 'enterprises_total=10 members_formal=22' "as of 06-01 as recorded 11-26"
run 2 "$FGDJ" stats --db $DB --as-recorded 2026-06-01 --as-of 2026-08-01
has err '不能晚于 --as-recorded'
run 2 "$FGDJ" report work --db $DB --format md --as-recorded 2026-13-01
has err '--as-recorded 的日期“2026-13-01”无法识别'
# Before anything was recorded: an empty district, not today's.
run 0 "$FGDJ" stats --db $DB --format json --as-recorded 2026-05-31
expect_json "$WORK/out" 'enterprises_total=0 members_formal=0' "before the first record"
# The database itself is left as it was.
sum=$(dbsum $DB)
run 0 "$FGDJ" report work --db $DB --format md --as-recorded 2026-08-20
eq "$(dbsum $DB)" "$sum" "nothing written by --as-recorded"

# ---- the findings as they were: a follow-up state set later is not in the check of the day before ----
"$FGDJ" check --db $DB --format json >jan6.check
[ $? -eq 1 ] && ok || fail "findings on 01-06"
REF=$(sed -n 's/.*"ref": *"\([^"]*\)".*/\1/p' jan6.check | head -1)
[ -n "$REF" ] && ok || fail "a finding's ref"
export FGDJ_TODAY=2027-01-07
run 0 "$FGDJ" finding set "$REF" 整改中 --note 已约谈 --db $DB
"$FGDJ" check --db $DB --format json --as-recorded 2027-01-06 >jan6_again.check
if cmp -s jan6.check jan6_again.check; then ok; else fail "check as recorded on 01-06 differs"; diff jan6.check jan6_again.check | head -5 >&2; fi
"$FGDJ" check --db $DB --format json --as-recorded 2027-01-07 >jan7.check
has jan7.check '整改中'
hasnt jan6_again.check '整改中'
run 2 "$FGDJ" check --db $DB --as-recorded 2027-01-06 --as-of 2027-01-07
has err '不能晚于 --as-recorded'
"$FGDJ" check --db $DB --as-recorded 2027-01-06 --unmasked >/dev/null
eq "$(sql $DB "SELECT count(*) FROM history WHERE tbl = 'check' AND op = 'view'")" 1 "the unmasked view is logged in the database itself"

finish
