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
# The transfers right after the members: a member transferred out this year (所在党组织 empty, 减少
# on the 办结日期, as exported) attended its organisation's meetings before that day, which only its
# 转出 record tells. The demo's export holds the reduced members (减少) too: so does --closed.
kinds="enterprises orgs members transfers $(echo $LEDGER_KINDS | tr ' ' '\n' | grep -vx 'enterprises\|orgs\|members\|transfers' | tr '\n' ' ')"
eq "$(echo $kinds | wc -w)" "$(echo $LEDGER_KINDS | wc -w)" "every ledger re-imported"
for k in $kinds; do
	run 0 "$FGDJ" import $k a/$k.csv --db r.db --new-places
done
for k in $LEDGER_KINDS; do
	"$FGDJ" export $k --db r.db --unmasked --closed >r_$k.csv 2>/dev/null
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

# 转出: members move away — some transfers out completed this year, a few pending. Each completed one
# took the member out of its organisation and off the roll (减少, 转出本区) on the 办结日期, and no
# record after that day needs it there: no meeting, study, dues month, training, secretaryship,
# development contact, roster line or designation; no finding names it.
out=$(sed -n 's/^ *"transfers_out": \([0-9]*\),$/\1/p' sa.json)
[ -n "$out" ] && [ "$out" -gt 0 ] && ok || fail "transfers_out: '$out'"
pend=$(sql a.db "select count(*) from transfer where direction = '转出' and done_date is null")
[ "$pend" -gt 0 ] && ok || fail "no pending 转出"
OUT="(select m.id, m.idno, tf.done_date d from transfer tf join member m on m.id = tf.member_id
	where tf.direction = '转出' and tf.done_date is not null)"
eq "$(sql a.db "select count(*) from $OUT x")" "$out" "转出 completed this year"
eq "$(sql a.db "select count(*) from $OUT x join member m on m.id = x.id where m.org_id is null and m.outside_org is not null
	and m.closed = x.d and m.closed_reason = '转出本区'")" "$out" "members transferred out: no 所在党组织, 区外组织关系, 减少"
eq "$(sql a.db "select count(*) from meeting mt, $OUT x where mt.date >= x.d
	and (mt.attendees like '%' || x.idno || '%' or coalesce(mt.absentees, '') like '%' || x.idno || '%')")" 0 \
	"meetings after the 转出"
eq "$(sql a.db "select count(*) from study st join $OUT x on x.id = st.member_id where st.date >= x.d")" 0 "study after the 转出"
eq "$(sql a.db "select count(*) from dues du join $OUT x on x.id = du.member_id
	where du.month >= cast(substr(x.d, 1, 4) || substr(x.d, 6, 2) as integer)")" 0 "dues after the 转出"
eq "$(sql a.db "select count(*) from trainee te join training tr on tr.id = te.training_id, $OUT x
	where te.idno = x.idno and coalesce(tr.end_date, tr.start_date) >= x.d")" 0 "training after the 转出"
eq "$(sql a.db "select count(*) from secretary se, $OUT x where se.idno = x.idno and coalesce(se.until, '9999') > x.d")" 0 \
	"secretaries after the 转出"
eq "$(sql a.db "select count(*) from development dv, $OUT x where coalesce(dv.contacts, '') like '%' || x.idno || '%'")" 0 \
	"development contacts who transferred out"
eq "$(sql a.db "select count(*) from roster_line rl, $OUT x where rl.idno = x.idno")" 0 "roster lines of those who left"
eq "$(sql a.db "select count(*) from designation_member dm join $OUT x on x.id = dm.member_id")" 0 "designations of those who left"
"$FGDJ" check --db a.db --format json --unmasked >ca.json
sql a.db "select x.idno from $OUT x" >gone.txt
[ -s gone.txt ] && ! grep -qFf gone.txt ca.json && ok || fail "a finding names a member transferred out: $(grep -oFf gone.txt ca.json | head -3)"

# A demo refuses to write over a ledger.
run 2 "$FGDJ" demo --db a.db
has err "已有"
run 2 "$FGDJ" demo --db z.db --scale planet
run 2 "$FGDJ" demo --db z.db --seed abc

finish
