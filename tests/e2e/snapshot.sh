#!/bin/sh
# fgdj stats while another process imports: every output is one moment of the database. The
# importer adds enterprises in six transactions (ids above every ceiling read before); each stats
# output must be exactly the output of one of the seven states it passes through — never a mix,
# never a read past the arrays sized from an older ceiling (the ASan build fails on that) — and its
# street groups must add up to its total.
. "$(dirname "$0")/../lib.sh"

fgdj_demo --scale district --seed 1 --db demo.db --export led >/dev/null || fail "demo"
head -1 led/enterprises.csv >hdr
tail -n +2 led/enterprises.csv | head -1200 | split -l 200 - part.
n=0
for p in part.*; do
	n=$((n + 1))
	cat hdr "$p" >"chunk$n.csv"
done
eq "$n" 6 "chunks"

import_district base.db
# The states, one after another.
db_copy base.db ref.db
"$FGDJ" stats --db ref.db --by street --format json >state0.json || fail "stats state 0"
i=1
while [ "$i" -le 6 ]; do
	"$FGDJ" import enterprises "chunk$i.csv" --db ref.db --new-places >/dev/null || fail "import chunk $i"
	"$FGDJ" stats --db ref.db --by street --format json >"state$i.json" || fail "stats state $i"
	i=$((i + 1))
done
if cmp -s state0.json state6.json; then fail "the imports changed nothing"; else ok; fi

# The same imports in another process while stats runs again and again.
db_copy base.db live.db
(
	i=1
	while [ "$i" -le 6 ]; do
		"$FGDJ" import enterprises "chunk$i.csv" --db live.db --new-places >/dev/null 2>writer.err || echo "chunk $i" >>writer.failed
		i=$((i + 1))
	done
	touch writer.done
) &
writer=$!
runs=0
while [ ! -f writer.done ] || [ "$runs" -lt 3 ]; do
	runs=$((runs + 1))
	"$FGDJ" stats --db live.db --by street --format json >"run$runs.json" 2>"run$runs.err"
	echo $? >"run$runs.rc"
done
wait "$writer"
# One more after the importer has finished: it must see everything written.
runs=$((runs + 1))
"$FGDJ" stats --db live.db --by street --format json >"run$runs.json" 2>"run$runs.err"
echo $? >"run$runs.rc"
if [ -f writer.failed ]; then fail "importer: $(cat writer.failed) $(cat writer.err)"; else ok; fi

seen=""
r=1
while [ "$r" -le "$runs" ]; do
	eq "$(cat "run$r.rc")" 0 "stats run $r exit ($(head -c 300 "run$r.err"))"
	match=""
	for s in 0 1 2 3 4 5 6; do
		if cmp -s "run$r.json" "state$s.json"; then match=$s; break; fi
	done
	if [ -n "$match" ]; then ok; else fail "stats run $r is none of the seven states"; fi
	case " $seen " in *" $match "*) ;; *) seen="$seen $match" ;; esac
	total=$(sqlite3 :memory: "SELECT json_extract(readfile('run$r.json'), '\$.enterprises_total')")
	sum=$(sqlite3 :memory: "SELECT sum(value ->> 'enterprises_total') FROM json_each(readfile('run$r.json'), '\$.groups')")
	# (sqlite3 reads the JSON files, on either backend: no database is asked.)
	[ -n "$total" ] && ok || fail "stats run $r: no enterprises_total"
	eq "$sum" "$total" "stats run $r: street groups add up to the total"
	r=$((r + 1))
done
if cmp -s "run$runs.json" state6.json; then ok; else fail "the last run is not the final state"; fi
printf 'snapshot.sh: %d stats runs during the import saw states:%s\n' "$runs" "$seen"

finish
