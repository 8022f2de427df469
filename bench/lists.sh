#!/bin/sh
# The member, organisation and instructor lists (pages by kept sort keys, store/query_keys.c) under
# load at city scale: wrk (2 threads, 64 connections, 10 s each) on the static asset (the raw limit
# of the same server, same run), then page 1 and the last page of
#   members      GET /members, ?status=预备党员, ?street=…      and /api/v1/members?limit=50
#   orgs         GET /orgs (the tree: too many to draw, the count), /orgs?kind=党支部 (flat)
#                and /api/v1/orgs?limit=50
#   instructors  GET /instructors                                and /api/v1/instructors?limit=50
#   party work   GET /meetings, /study, /secretaries, /visits, /trainings, /trainees, /development,
#                /transfers, /dues, /campaigns, /tasks, /rosters, /funding, /ratings,
#                /designations, /venues and their /api/v1/…?limit=50, page 1 and the last page
#                (PARTY=0 leaves them out)
# printing requests/s, p99 latency and the ratio to the static baseline. Goal (issue 12): every
# list ≥ 2,000 req/s and p99 ≤ 50 ms, i.e. ≥ 5 % of the static asset, on any page.
#
#   FGDJ=build/fgdj sh bench/lists.sh            (make bench runs it)
#   DB=/tmp/city.db FGDJ=… sh bench/lists.sh      an existing city database (copied, not changed)
#   DURATION=10s THREADS=2 CONNECTIONS=64 SCALE=city
. "$(dirname "$0")/lib.inc"
serve_wrk lists

count() { sqlite3 "$W" "$1"; }
mems=$(count 'SELECT count(*) FROM member')
prob=$(count "SELECT count(*) FROM member WHERE status = '预备党员'")
orgs=$(count 'SELECT count(*) FROM org')
branches=$(count "SELECT count(*) FROM org WHERE kind = '党支部'")
ins=$(count 'SELECT count(*) FROM instructor')
STREET=$(count "SELECT name FROM region WHERE level = 'street' ORDER BY id LIMIT 1")
in_street=$(curl -s -H "$COOKIE" "$URL/api/v1/members?limit=1&region=$(enc "$STREET")" | sed -n 's/^{"total":\([0-9]*\),.*/\1/p')
ML=$(pages "$mems")
a1=$(alone /members)
a2=$(alone /members)
a3=$(alone "/members?page=$ML")
a4=$(alone /orgs)
a5=$(alone /orgs)

echo "fgdj serve at $SCALE scale ($mems members, $orgs organisations, $ins instructors), wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "one request alone: /members first ${a1} ms, again ${a2} ms, last page ${a3} ms; /orgs first ${a4} ms, again ${a5} ms"
printf '%-10s %-44s %9s %9s %7s\n' what path req/s p99_ms ratio
static=
run static /assets/fgdj.css /assets/fgdj.css
static=$RPS
run mem /members /members
run mem_l "/members?page=$ML" "/members?page=$ML"
run mem_st "/members?status=$(enc 预备党员)&page=$(pages "$prob")" "/members?status=预备党员&page=$(pages "$prob") (last)"
run mem_str "/members?street=$(enc "$STREET")" "/members?street=$STREET"
run mem_strl "/members?street=$(enc "$STREET")&page=$(pages "${in_street:-1}")" "/members?street=…&page=$(pages "${in_street:-1}") (last)"
run api_mem "/api/v1/members?limit=50" "/api/v1/members?limit=50"
run api_meml "/api/v1/members?limit=50&offset=$(((ML - 1) * 50))" "/api/v1/members?limit=50&offset=$(((ML - 1) * 50))"
run orgs /orgs "/orgs (tree)"
run orgs_k "/orgs?kind=$(enc 党支部)" "/orgs?kind=党支部"
run orgs_kl "/orgs?kind=$(enc 党支部)&page=$(pages "$branches")" "/orgs?kind=党支部&page=$(pages "$branches") (last)"
run api_org "/api/v1/orgs?limit=50&offset=$((($(pages "$orgs") - 1) * 50))" "/api/v1/orgs?limit=50&offset=… (last)"
run ins /instructors /instructors
run ins_l "/instructors?page=$(pages "$ins")" "/instructors?page=$(pages "$ins") (last)"
run api_ins "/api/v1/instructors?limit=50" "/api/v1/instructors?limit=50"
if [ "${PARTY:-1}" != 0 ]; then
	for k in meetings study secretaries visits trainings trainees development transfers dues campaigns tasks rosters \
		funding ratings designations venues; do
		n=$(curl -s -H "$COOKIE" "$URL/api/v1/$k?limit=1" | sed -n 's/^{"total":\([0-9]*\),.*/\1/p')
		last=$(pages "${n:-1}")
		[ "$last" -gt 0 ] || last=1
		alone "/$k" >/dev/null # the list's first request reads its order once
		run "$k" "/$k" "/$k ($n rows)"
		run "${k}_l" "/$k?page=$last" "/$k?page=$last (last)"
		run "api_$k" "/api/v1/$k?limit=50" "/api/v1/$k?limit=50"
		run "api_${k}_l" "/api/v1/$k?limit=50&offset=$(((last - 1) * 50))" "/api/v1/$k?…&offset=$(((last - 1) * 50)) (last)"
	done
fi
hwm=$(awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$PID/status")
echo "server peak RSS (VmHWM) $hwm MB"
