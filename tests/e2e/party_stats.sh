#!/bin/sh
# fgdj stats: every party-work key (party-work.md §7, §1–3) compared with the figures worked out
# by hand in tests/fixtures/party-figures/README.md, at three dates, for the district, a street
# and a community; the breakdown by street agrees with the streets asked one by one.
. "$(dirname "$0")/../lib.sh"

import_district d.db
for k in meetings study secretaries visits trainings trainees; do
	"$FGDJ" import "$k" "$FIX/party-figures/$k.csv" --db d.db >/dev/null 2>err || { fail "import $k"; cat err >&2; }
done

run 0 "$FGDJ" stats --db d.db --format json --as-of 2026-03-31
expect_json out "life_orgs_checked=4 life_orgs_compliant=2 life_compliance_rate=50.0 meetings_held=17
	themed_days_held=8 party_lessons_held=3 study_hours_avg=1.3 study_hours_met_rate=9.1 secretaries_total=3
	secretaries_dual_strong=1 secretaries_trained=0 instructor_visits=2 instructor_visit_compliance_rate=100.0
	trainings_held=0 training_participants=0 investors_trained=0" "2026-03-31"

run 0 "$FGDJ" stats --db d.db --format json --as-of 2026-06-30
expect_json out "life_orgs_checked=5 life_orgs_compliant=2 life_compliance_rate=40.0 meetings_held=26
	themed_days_held=12 party_lessons_held=4 study_hours_avg=4.5 study_hours_met_rate=13.6 secretaries_total=3
	secretaries_dual_strong=2 secretaries_trained=1 instructor_visits=3 instructor_visit_compliance_rate=50.0
	trainings_held=2 training_participants=4 investors_trained=2" "2026-06-30"

run 0 "$FGDJ" stats --db d.db --format json
expect_json out "life_orgs_checked=5 life_orgs_compliant=1 life_compliance_rate=20.0 meetings_held=37
	themed_days_held=17 party_lessons_held=5 study_hours_avg=7.4 study_hours_met_rate=4.5 secretaries_total=4
	secretaries_dual_strong=3 secretaries_trained=2 instructor_visits=4 instructor_visit_compliance_rate=0.0
	trainings_held=3 training_participants=6 investors_trained=2" "2026-11-26"

run 0 "$FGDJ" stats --db d.db --format json --region 东城街道
expect_json out "life_orgs_checked=2 life_orgs_compliant=1 life_compliance_rate=50.0 meetings_held=32
	themed_days_held=14 party_lessons_held=4 study_hours_avg=8.0 study_hours_met_rate=6.7 secretaries_total=2
	secretaries_dual_strong=2 secretaries_trained=1 instructor_visits=2 instructor_visit_compliance_rate=0.0
	trainings_held=2 training_participants=2 investors_trained=1" "东城街道"
cp out east.json

run 0 "$FGDJ" stats --db d.db --format json --region 和平社区
expect_json out "life_orgs_checked=1 life_orgs_compliant=0 life_compliance_rate=0.0 meetings_held=5
	themed_days_held=3 party_lessons_held=1 study_hours_avg=9.3 study_hours_met_rate=33.3 secretaries_total=1
	secretaries_dual_strong=1 secretaries_trained=0 instructor_visits=0 instructor_visit_compliance_rate=null
	trainings_held=0 training_participants=0 investors_trained=0" "和平社区"

run 0 "$FGDJ" stats --db d.db --format json --region 西城街道
cp out west.json
# The breakdown counts each street as the street alone does: one organisation, event or person
# counted once per street, however many of its enterprises bring it there.
run 0 "$FGDJ" stats --db d.db --format json --by street
python3 - out east.json west.json <<'PY' || fail "--by street differs from the streets alone"
import json, sys
by = {g["name"]: g for g in json.load(open(sys.argv[1]))["groups"]}
for name, path in (("东城街道", sys.argv[2]), ("西城街道", sys.argv[3])):
    alone = json.load(open(path))
    for k, v in alone.items():
        if k not in ("region", "as_of") and by[name][k] != v:
            sys.exit(f"{name} {k}: {by[name][k]} by street, {v} alone")
PY
ok

# Settings move the figures: with only the committee minimum left, only the one organisation
# with a committee has anything checked (the others are neither checked nor compliant); with
# the cadre requirement at 32, the secretaries 张一 (40) and 李一 (30) meet the prorated 28.
db_copy d.db s.db
for k in life.themed_day_per_month life.assembly_per_quarter life.lesson_per_quarter; do
	"$FGDJ" settings $k 0 --db s.db >/dev/null
done
"$FGDJ" settings study.cadre_hours 32 --db s.db >/dev/null
run 0 "$FGDJ" stats --db s.db --format json
expect_json out "life_orgs_checked=1 life_orgs_compliant=1 life_compliance_rate=100.0 study_hours_met_rate=13.6" "settings"

# The same keys reach the XLSX of report stats (one table of keys serves every face).
run 0 "$FGDJ" report stats --db d.db -o stats.xlsx
unzip -p stats.xlsx xl/worksheets/sheet1.xml >sheet.xml 2>/dev/null
unzip -p stats.xlsx xl/sharedStrings.xml >strings.xml 2>/dev/null
cat sheet.xml strings.xml >x.xml
has x.xml "组织生活达标率（%）"
has x.xml "党员人均学时"
finish
