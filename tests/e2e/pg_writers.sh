#!/bin/sh
# Concurrent writers (docs/postgresql.md, "并发写入"): `fgdj serve` on PostgreSQL (the hand-made
# district, in a cluster tests/pg.sh starts when FGDJ_TEST_PG is not set) and on SQLite.
# - A writer held up on one enterprise (its row locked from psql) does not hold up a writer of
#   another: no database-wide write lock on PostgreSQL.
# - Two saves of one row from the same version (an enterprise, a meeting): exactly one is stored,
#   the other answers 409.
# - A request that loses a deadlock runs again and is saved once.
# - 8 API writers at once (6 on enterprises of their own, 2 moving members of their own between two
#   organisations): every request answers 200, the final values and versions are the last ones
#   sent, each record's history has one row per change, the kept extras equal their recomputation,
#   and the lists the running server keeps answer what a fresh server reads.
# The 8 writers run on SQLite too: no request fails there either.
[ -n "${FGDJ_TEST_PG:-}" ] || exec sh "$(dirname "$0")/../pg.sh" sh "$0" "$@"
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

U() { printf '%s' "$FGDJ_TEST_PG" | sed "s|/postgres?|/$1?|"; }
psql_() { psql "$(U w1)" -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
psql "$(U postgres)" -X -q -c "CREATE DATABASE w1" || fail "create database"
PG=$(U w1)
run 0 "$FGDJ" init --db "$PG"
import_district "$PG"

# rq STATUS_FILE METHOD PATH BODY [CURL_ARGS…]: one JSON request; appends "status seconds" to the file.
rq() {
	f=$1 m=$2 p=$3 b=$4
	shift 4
	curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -X "$m" -b "$WORK/bj" -H "X-CSRF-Token: $CSRF" \
		-H 'Content-Type: application/json' "$@" -d "$b" "$URL$p" >>"$f"
}

# writers DB N: 8 writers of N requests each, at once; their answers in $WORK/w*.out. The values
# sent are known: enterprise k gets employees 1000 + 100 k + i in request i; member k goes to
# organisation A on even requests, B on odd ones (both members between the same two).
writers() {
	k=0 pids=
	for u in $ENTS; do
		k=$((k + 1))
		(i=1; while [ $i -le "$2" ]; do
			rq "$WORK/w$k.out" PUT "/api/v1/enterprises/$u" "{\"employees\":$((1000 + 100 * k + i))}"
			i=$((i + 1))
		done) &
		pids="$pids $!"
	done
	for mid in $MEMS; do
		k=$((k + 1))
		(i=1; while [ $i -le "$2" ]; do
			if [ $((i % 2)) = 0 ]; then o=$ORG_A; else o=$ORG_B; fi
			rq "$WORK/w$k.out" PUT "/api/v1/members/$mid" "{\"org\":\"$o\"}"
			i=$((i + 1))
		done) &
		pids="$pids $!"
	done
	wait $pids # not the server's
}

N=12
ORG_A=中共临江智造科技有限公司支部委员会
ORG_B=小微设计工作室党支部
ENTS=$(psql_ -c "SELECT uscc FROM enterprise ORDER BY uscc LIMIT 6")
# two members of neither organisation, so that every request moves them
MEMS=$(psql_ -c "SELECT m.id FROM member m JOIN org o ON o.id = m.org_id WHERE o.name NOT IN ('$ORG_A', '$ORG_B')
	AND m.closed IS NULL AND m.relation = '正常' ORDER BY m.id LIMIT 2")
eq "$(echo $ENTS $MEMS | wc -w)" 8 "8 records to write"
DB=$PG
add_user boss admin
# The server's sessions check for a deadlock 3 s into a wait (the default is 1 s): in the deadlock
# below the cycle closes only once psql sees the API waiting, which a loaded machine (or ASan) can
# delay past 1 s; a check before the cycle is never repeated, and psql would lose instead.
start_server "$PG&options=-c%20deadlock_timeout%3D3s" --threads 8
api_login boss "$WORK/bj"

# ---- a writer waiting on one row holds up nobody else ----
E1=$(echo $ENTS | cut -d' ' -f1) E2=$(echo $ENTS | cut -d' ' -f2)
psql_ -c "BEGIN; SELECT id FROM enterprise WHERE uscc = '$E1' FOR UPDATE; SELECT pg_sleep(6); COMMIT" >/dev/null &
LOCKER=$!
sleep 0.5
rq "$WORK/held.out" PUT "/api/v1/enterprises/$E1" '{"employees":777}' &
HELD=$!
waiting() { psql_ -c "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%FROM enterprise WHERE id%'"; }
i=0
while [ "$(waiting)" != 1 ] && [ $i -lt 40 ]; do sleep 0.1; i=$((i + 1)); done
eq "$(waiting)" 1 "the first writer waits for the row"
rq "$WORK/free.out" PUT "/api/v1/enterprises/$E2" '{"employees":778}'
read -r st secs <"$WORK/free.out"
eq "$st" 200 "a writer of another enterprise"
awk "BEGIN { exit !($secs < 1) }" && ok || fail "it waited $secs s for the other writer"
[ ! -s "$WORK/held.out" ] && ok || fail "the held writer finished before the row was free: $(cat "$WORK/held.out")"
wait $HELD
read -r st secs <"$WORK/held.out"
eq "$st" 200 "the held writer, once the row is free"
awk "BEGIN { exit !($secs > 1.5) }" && ok || fail "the held writer did not wait ($secs s)"
wait $LOCKER
eq "$(psql_ -c "SELECT employees || ',' || version FROM enterprise WHERE uscc IN ('$E1', '$E2') ORDER BY uscc")" \
	"$(printf '777,2\n778,2')" "both saved once"

# ---- two saves of one row from the same version: one wins, the other answers 409 ----
E3=$(echo $ENTS | cut -d' ' -f3)
V=$(psql_ -c "SELECT version FROM enterprise WHERE uscc = '$E3'")
H=$(psql_ -c "SELECT count(*) FROM history WHERE tbl = 'enterprise' AND key = '$E3'")
psql_ -c "BEGIN; SELECT id FROM enterprise WHERE uscc = '$E3' FOR UPDATE; SELECT pg_sleep(1.5); COMMIT" >/dev/null &
LOCKER=$!
sleep 0.4
rq "$WORK/same.out" PUT "/api/v1/enterprises/$E3" '{"employees":31}' -H "If-Match: \"v$V\"" &
P1=$!
rq "$WORK/same.out" PUT "/api/v1/enterprises/$E3" '{"employees":32}' -H "If-Match: \"v$V\"" &
wait $P1 $! $LOCKER
eq "$(cut -d' ' -f1 "$WORK/same.out" | sort | tr '\n' ' ')" "200 409 " "one of two saves from the same version"
eq "$(psql_ -c "SELECT version FROM enterprise WHERE uscc = '$E3'")" "$((V + 1))" "one new version"
eq "$(psql_ -c "SELECT count(*) FROM history WHERE tbl = 'enterprise' AND key = '$E3'")" "$((H + 1))" "one history row"
eq "$(psql_ -c "SELECT employees FROM enterprise WHERE uscc = '$E3'")" \
	"$(psql_ -c "SELECT new::json->>'employees' FROM history WHERE tbl = 'enterprise' AND key = '$E3' ORDER BY id DESC LIMIT 1")" \
	"the stored value is the winner's"

# ---- the same on a party-work ledger: a meeting (imported twice: the second import reads and
# locks every stored row) ----
run 0 "$FGDJ" import meetings "$FIX/party/meetings.csv" --db "$PG"
run 0 "$FGDJ" import meetings "$FIX/party/meetings.csv" --db "$PG"
MID=$(psql_ -c "SELECT min(id) FROM meeting")
V=$(psql_ -c "SELECT version FROM meeting WHERE id = $MID")
psql_ -c "BEGIN; SELECT id FROM meeting WHERE id = $MID FOR UPDATE; SELECT pg_sleep(1.5); COMMIT" >/dev/null &
LOCKER=$!
sleep 0.4
rm -f "$WORK/same.out"
rq "$WORK/same.out" PUT "/api/v1/meetings/$MID" '{"hours":3}' -H "If-Match: \"v$V\"" &
P1=$!
rq "$WORK/same.out" PUT "/api/v1/meetings/$MID" '{"hours":4}' -H "If-Match: \"v$V\"" &
wait $P1 $! $LOCKER
eq "$(cut -d' ' -f1 "$WORK/same.out" | sort | tr '\n' ' ')" "200 409 " "one of two saves of a meeting from the same version"
eq "$(psql_ -c "SELECT version FROM meeting WHERE id = $MID")" "$((V + 1))" "one new version of the meeting"

# ---- a deadlock: the request that lost runs again and is saved ----
# psql holds organisation A, the API's move of a member into A locks the member and waits for A,
# then (once the API waits) psql asks for the member: PostgreSQL ends the API's transaction (psql's deadlock check is
# put off to 10 s, the server's is at 3 s, so the API's runs first), and the server runs the request again once psql is done.
M1=$(echo $MEMS | cut -d' ' -f1)
H=$(psql_ -c "SELECT count(*) FROM history h JOIN member m ON h.key = m.idno WHERE m.id = $M1 AND h.tbl = 'member'")
sleep 1 # the statistics of the writes above reach pg_stat_database after a moment (under load, more)
D=$(psql_ -c "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
psql_ -c "BEGIN; SET LOCAL deadlock_timeout = '10s'; SELECT id FROM org WHERE name = '$ORG_A' FOR UPDATE;
	DO \$\$ DECLARE n int := 0; BEGIN WHILE n < 400 AND NOT EXISTS (SELECT 1 FROM pg_stat_activity
	WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()) LOOP PERFORM pg_sleep(0.05); PERFORM pg_stat_clear_snapshot();
	n := n + 1; END LOOP; END \$\$;
	SELECT id FROM member WHERE id = $M1 FOR UPDATE; COMMIT" >"$WORK/locker.out" 2>&1 &
LOCKER=$!
sleep 0.3
rm -f "$WORK/dl.out"
rq "$WORK/dl.out" PUT "/api/v1/members/$M1" "{\"org\":\"$ORG_A\"}"
wait $LOCKER
eq "$(cut -d' ' -f1 "$WORK/dl.out")" 200 "the move that lost the deadlock, run again"
hasnt "$WORK/locker.out" "deadlock"
sleep 1 # the statistics reach pg_stat_database after a moment
# (at least one: on a loaded machine a deadlock of the blocks above can still reach the statistics late)
DL=$(psql_ -c "SELECT deadlocks - $D FROM pg_stat_database WHERE datname = current_database()")
[ "$DL" -ge 1 ] && ok || fail "there was a deadlock: got '$DL'"
eq "$(psql_ -c "SELECT o.name FROM member m JOIN org o ON o.id = m.org_id WHERE m.id = $M1")" "$ORG_A" "the member moved"
eq "$(psql_ -c "SELECT count(*) FROM history h JOIN member m ON h.key = m.idno WHERE m.id = $M1 AND h.tbl = 'member'")" \
	"$((H + 1))" "one history row for the move"

# ---- 8 writers at once ----
GET_LIST() { curl -s -b "$WORK/bj" "$URL/api/v1/enterprises?limit=100"; }
GET_LIST >/dev/null # the list kept by the server before the writes
hist() { psql_ -c "SELECT count(*) FROM history WHERE tbl = '$1' AND key = '$2' AND op = 'update'"; }
before=""
for u in $ENTS; do before="$before $(psql_ -c "SELECT version FROM enterprise WHERE uscc = '$u'"):$(hist enterprise "$u")"; done
for mid in $MEMS; do before="$before $(psql_ -c "SELECT version || ':' || (SELECT count(*) FROM history h WHERE h.tbl = 'member' AND h.key = m.idno AND h.op = 'update') FROM member m WHERE id = $mid")"; done
rm -f "$WORK"/w*.out
# overlap: sessions of the server with a transaction id at once (a write under way), sampled every
# millisecond by one session (its snapshot of the activity cleared each time) until two are seen,
# for at most 30 s — started before the writers and waited for after them.
psql_ -c "DO \$\$ DECLARE m int := 0; c int; t timestamptz := clock_timestamp(); BEGIN
	WHILE m < 2 AND clock_timestamp() < t + interval '30 s' LOOP PERFORM pg_stat_clear_snapshot();
	SELECT count(*) INTO c FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND application_name = '';
	IF c > m THEN m := c; END IF; PERFORM pg_sleep(0.001); END LOOP; RAISE NOTICE 'most=%', m; END \$\$" 2>&1 |
	sed -n 's/.*most=\([0-9]*\).*/\1/p' >"$WORK/overlap" &
SAMPLER=$!
sleep 0.2
writers "$PG" $N
wait $SAMPLER
eq "$(cat "$WORK"/w*.out | wc -l)" $((8 * N)) "every request answered"
eq "$(cut -d' ' -f1 "$WORK"/w*.out | sort -u)" 200 "every request saved"
most=$(sort -n "$WORK/overlap" | tail -1)
[ "${most:-0}" -ge 2 ] && ok || fail "no two writes were seen under way at once (at most $most)"
k=0
set -- $before
for u in $ENTS; do
	k=$((k + 1))
	v0=${1%%:*} h0=${1##*:}
	shift
	eq "$(psql_ -c "SELECT employees || ' ' || version FROM enterprise WHERE uscc = '$u'")" "$((1000 + 100 * k + N)) $((v0 + N))" "enterprise $k: last value, one version per save"
	eq "$(hist enterprise "$u")" "$((h0 + N))" "enterprise $k: one history row per save"
done
for mid in $MEMS; do
	v0=${1%%:*} h0=${1##*:}
	shift
	eq "$(psql_ -c "SELECT o.name || ' ' || m.version FROM member m JOIN org o ON o.id = m.org_id WHERE m.id = $mid")" \
		"$ORG_A $((v0 + N))" "member $mid: in the organisation last sent"
	eq "$(psql_ -c "SELECT count(*) FROM history h JOIN member m ON h.key = m.idno WHERE m.id = $mid AND h.tbl = 'member' AND h.op = 'update'")" \
		"$((h0 + N))" "member $mid: one history row per move"
done
# the kept extras against their recomputation
eq "$(psql_ -c "SELECT count(*) FROM org o LEFT JOIN org_extra x ON x.org_id = o.id WHERE x.org_id IS NULL
	OR x.members IS DISTINCT FROM (SELECT count(*) FROM member m WHERE m.org_id = o.id AND m.relation <> '停止党籍' AND m.closed IS NULL)
	OR x.covers IS DISTINCT FROM (SELECT string_agg(u, '；') FROM (SELECT e.uscc AS u FROM coverage cv JOIN enterprise e ON e.id = cv.enterprise_id
		WHERE cv.org_id = o.id AND cv.end_date IS NULL ORDER BY e.uscc) c)")" 0 "organisations' kept extras = recomputed"
eq "$(psql_ -c "SELECT (SELECT count(*) FROM enterprise) - (SELECT count(*) FROM ent_extra)")" 0 "one kept state per enterprise"
eq "$(psql_ -c "SELECT count(*) FROM history WHERE id IN (SELECT id FROM history GROUP BY id HAVING count(*) > 1)")" 0 "history ids unique"
# what the running server keeps answers as a fresh one reads
GET_LIST >"$WORK/list_kept"
stop_server
# The server's sessions check for a deadlock 3 s into a wait (the default is 1 s): in the deadlock
# below the cycle closes only once psql sees the API waiting, which a loaded machine (or ASan) can
# delay past 1 s; a check before the cycle is never repeated, and psql would lose instead.
start_server "$PG&options=-c%20deadlock_timeout%3D3s" --threads 8
api_login boss "$WORK/bj"
GET_LIST >"$WORK/list_fresh"
grep -q '"employees":"'$((1100 + N))'"\|"employees":'$((1100 + N)) "$WORK/list_fresh" && ok || fail "the fresh list shows the last value"
cmp -s "$WORK/list_kept" "$WORK/list_fresh" && ok || fail "the kept list differs from a fresh read"
stop_server

# ---- the same writers on SQLite: none fails ----
DB=s.db
import_district s.db
add_user boss admin
start_server s.db --threads 8
api_login boss "$WORK/bj"
ENTS=$(sql s.db "SELECT uscc FROM enterprise ORDER BY uscc LIMIT 6")
MEMS=$(sql s.db "SELECT m.id FROM member m JOIN org o ON o.id = m.org_id WHERE o.name NOT IN ('$ORG_A', '$ORG_B')
	AND m.closed IS NULL AND m.relation = '正常' ORDER BY m.id LIMIT 2")
rm -f "$WORK"/w*.out
writers s.db $N
eq "$(cut -d' ' -f1 "$WORK"/w*.out | sort | uniq -c | sed 's/^ *//')" "$((8 * N)) 200" "every request saved on SQLite"
k=0
for u in $ENTS; do
	k=$((k + 1))
	eq "$(sql s.db "SELECT employees || ' ' || version FROM enterprise WHERE uscc = '$u'")" "$((1000 + 100 * k + N)) $((1 + N))" "SQLite enterprise $k"
done
stop_server

finish
