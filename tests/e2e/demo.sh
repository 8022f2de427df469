#!/bin/sh
# fgdj demo: deterministic, valid (its own export re-imports through the validating importer
# unchanged), and shaped like a district.
. "$(dirname "$0")/../lib.sh"

run 0 "$FGDJ" demo --db a.db --seed 7 --export a
has out "企业"
for k in enterprises orgs members instructors; do [ -s a/$k.csv ] && ok || fail "demo export $k"; done
n=$(sql a.db 'select count(*) from enterprise')
[ "$n" -ge 4000 ] && [ "$n" -le 6000 ] && ok || fail "district scale: $n enterprises"

# Same seed, same data; another seed, other data.
run 0 "$FGDJ" demo --db b.db --seed 7 --export b
for k in enterprises orgs members instructors; do
	cmp -s a/$k.csv b/$k.csv && ok || fail "seed 7 twice differs in $k"
done
run 0 "$FGDJ" demo --db c.db --seed 8 --export c
cmp -s a/enterprises.csv c/enterprises.csv && fail "seeds 7 and 8 give the same enterprises" || ok

# The export goes through the importer's validation into an empty database and comes out the same.
for k in enterprises orgs members instructors; do
	run 0 "$FGDJ" import $k a/$k.csv --db r.db --new-places
done
for k in enterprises orgs members instructors; do
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

# A demo refuses to write over a ledger.
run 2 "$FGDJ" demo --db a.db
has err "已有"
run 2 "$FGDJ" demo --db z.db --scale planet
run 2 "$FGDJ" demo --db z.db --seed abc

finish
