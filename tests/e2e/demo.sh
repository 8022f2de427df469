#!/bin/sh
# fgdj demo: deterministic, valid (its own export re-imports through the validating importer
# unchanged, the party-work ledgers too), and shaped like a district.
. "$(dirname "$0")/../lib.sh"

# Seeds 1 and 3, the ones the other scripts use: on PostgreSQL each is made once per cluster
# (tests/lib_pg.sh), and a copy is what this script checks.
run 0 "$FGDJ" demo --db a.db --seed 1 --export a
has out "企业"
has out "组织生活"
for k in $LEDGER_KINDS; do [ "$(wc -l <a/$k.csv)" -gt 1 ] && ok || fail "demo export $k is empty"; done
n=$(sql a.db 'select count(*) from enterprise')
[ "$n" -ge 4000 ] && [ "$n" -le 6000 ] && ok || fail "district scale: $n enterprises"

# Same seed, same data; another seed, other data (on PostgreSQL the second demo of a seed is the
# cluster's copy of the first, so the sameness is SQLite's check; other data holds on both).
run 0 "$FGDJ" demo --db b.db --seed 1 --export b
for k in $LEDGER_KINDS; do
	cmp -s a/$k.csv b/$k.csv && ok || fail "seed 1 twice differs in $k"
done
run 0 "$FGDJ" demo --db c.db --seed 3 --export c
cmp -s a/enterprises.csv c/enterprises.csv && fail "seeds 1 and 3 give the same enterprises" || ok

# The export goes through the importer's validation into an empty database and comes out the same.
for k in $LEDGER_KINDS; do
	run 0 "$FGDJ" import $k a/$k.csv --db r.db --new-places
done
for k in $LEDGER_KINDS; do
	"$FGDJ" export $k --db r.db --unmasked >r_$k.csv 2>/dev/null
	cmp -s a/$k.csv r_$k.csv && ok || { fail "demo $k does not round-trip"; diff a/$k.csv r_$k.csv | head -4 >&2; }
done
# Statistics agree between the generated and the re-imported database (the district's name is not
# part of the ledger files, so it is left out of the comparison).
"$FGDJ" stats --db a.db --format json >sa.json
"$FGDJ" stats --db r.db --format json >sr.json
grep -v '"region"' sa.json >sa2.json
grep -v '"region"' sr.json >sr2.json
cmp -s sa2.json sr2.json && ok || { fail "stats differ after re-import"; diff sa2.json sr2.json >&2; }

# The shape: every mode present, some uncovered, some findings.
has sa.json '"orgs_joint": '
grep -q '"orgs_joint": 0,' sa.json && fail "no joint branches" || ok
grep -q '"orgs_affiliated": 0,' sa.json && fail "no affiliated orgs" || ok
grep -q '"enterprises_uncovered": 0,' sa.json && fail "nothing uncovered" || ok
run 1 "$FGDJ" check --db a.db --format json
has out '"pocket_member": '

# Party work as stored: attendance lists in the meetings (≥ 3 a meeting), the orgs ledger's 书记姓名 equal to
# each current secretary's, and this year's records only (FGDJ_TODAY is 2026-11-26).
nm=$(sql a.db 'select count(*) from meeting')
na=$(sql a.db "select sum(length(attendees) - length(replace(attendees, '；', '')) + 1) from meeting where attendees is not null")
[ "$na" -ge $((nm * 3)) ] && ok || fail "attendance: $na rows for $nm meetings"
[ "$(sql a.db 'select count(*) from secretary s join org o on o.id = s.org_id where s.until is null and (o.secretary IS NULL OR o.secretary <> s.name)')" = 0 ] &&
	ok || fail "书记姓名 differs from the current secretary"
[ "$(sql a.db "select count(*) from meeting where date < '2026-01-01' or date > '2026-11-26'")" = 0 ] && ok || fail "meetings outside the year"
[ "$(sql a.db "select count(distinct form) from meeting")" -ge 4 ] && ok || fail "meeting forms"
[ "$(sql a.db "select count(*) from org where groups > 0")" -gt 0 ] && ok || fail "no 党小组"

# A demo refuses to write over a ledger.
run 2 "$FGDJ" demo --db a.db
has err "已有"
run 2 "$FGDJ" demo --db z.db --scale planet
run 2 "$FGDJ" demo --db z.db --seed abc

finish
