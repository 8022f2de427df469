#!/bin/sh
# Password hashes (store/users.c): new ones Argon2id at 16 MiB and 8 passes (the memory-time product
# of libsodium's INTERACTIVE limits, 64 MiB and 2 passes); a hash of the INTERACTIVE limits made by
# an earlier version still logs in and is kept as it is, never rehashed to lower memory; a login
# peaks well below the 64 MiB an INTERACTIVE hash takes.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

DB=p.db
run 0 "$FGDJ" init --db $DB
add_user neu admin
add_user alt admin
# alt's hash as an earlier version made it (libsodium INTERACTIVE; password secret-pass-1)
OLD='$argon2id$v=19$m=65536,t=2,p=1$eFCLqU1ZFnAZKOz7rNd2tA$EF6ofQK2LGQNLBOaHfViI3i3OS0Wg60nVyuw6qaCMrc'
run 0 db_query $DB "UPDATE app_user SET pwhash = '$OLD' WHERE name = 'alt'"
case "$(sql $DB "SELECT pwhash FROM app_user WHERE name = 'neu'")" in
'$argon2id$v=19$m=16384,t=8,p=1$'*) ok ;;
*) fail "a new hash: Argon2id, 16 MiB, 8 passes" ;;
esac

start_server $DB
api_login neu nj
# the server's peak resident memory after one login of a new hash: its 16 MiB and the rest of the
# server (about 17 MB at start), far from the 64 MiB alone of an INTERACTIVE hash
hwm=$(awk '/^VmHWM:/ { print int($2 / 1024) }' "/proc/$SERVER_PID/status")
[ "$hwm" -lt 56 ] && ok || fail "peak RSS after a login: $hwm MB"
api_login alt aj
req 200 GET /api/v1/session -b "$WORK/aj"
eq "$(sql $DB "SELECT pwhash FROM app_user WHERE name = 'alt'")" "$OLD" "the INTERACTIVE hash kept as it was"
# a wrong password is still refused for both
for u in neu alt; do
	code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
		-d "{\"username\":\"$u\",\"password\":\"wrong-pass-1\"}" "$URL/api/v1/session")
	[ "$code" = 401 ] && ok || fail "$u with a wrong password: $code"
done
finish
