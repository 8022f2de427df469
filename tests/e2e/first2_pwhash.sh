#!/bin/sh
# Password hashes (store/users.c): new ones Argon2id at 16 MiB and 8 passes (the memory-time product
# of libsodium's INTERACTIVE limits, 64 MiB and 2 passes); a login peaks well below the 64 MiB an
# INTERACTIVE hash takes. A hash of the INTERACTIVE limits made by an earlier version still logs in,
# and is rehashed then to 16 MiB and 8 passes (one statement, no history row of the account: the
# password is the same); the same password logs in again with the new hash, a wrong one is
# refused; a failed login leaves an old hash as it is; a hash of a smaller product is rehashed too.
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

# (without the refresher's start computation: the login's memory alone is measured here)
start_server $DB --refresh-after 0
api_login neu nj
# the server's peak resident memory after one login of a new hash: its 16 MiB and the rest of the
# server (about 17 MB at start), far from the 64 MiB alone of an INTERACTIVE hash
hwm=$(awk '/^VmHWM:/ { print int($2 / 1024) }' "/proc/$SERVER_PID/status")
[ "$hwm" -lt 56 ] && ok || fail "peak RSS after a login: $hwm MB"
wrong() {
	code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
		-d "{\"username\":\"$1\",\"password\":\"wrong-pass-1\"}" "$URL/api/v1/session")
	[ "$code" = 401 ] && ok || fail "$1 with a wrong password: $code"
}
hist0=$(sql $DB "SELECT count(*) FROM history WHERE tbl = 'app_user'")
# a wrong password first: the old hash stays as it was
wrong alt
eq "$(sql $DB "SELECT pwhash FROM app_user WHERE name = 'alt'")" "$OLD" "the INTERACTIVE hash kept after a failed login"
api_login alt aj
req 200 GET /api/v1/session -b "$WORK/aj"
NEW=$(sql $DB "SELECT pwhash FROM app_user WHERE name = 'alt'")
case "$NEW" in
'$argon2id$v=19$m=16384,t=8,p=1$'*) ok ;;
*) fail "the INTERACTIVE hash rehashed at login to 16 MiB, 8 passes: $NEW" ;;
esac
eq "$(sql $DB "SELECT count(*) FROM history WHERE tbl = 'app_user'")" "$hist0" "the rehash leaves no history row of the account"
# the same password logs in with the new hash (which stays), a wrong one is refused for both
api_login alt aj2
req 200 GET /api/v1/session -b "$WORK/aj2"
eq "$(sql $DB "SELECT pwhash FROM app_user WHERE name = 'alt'")" "$NEW" "a current hash kept at login"
for u in neu alt; do wrong $u; done
# a hash weaker than the current limits (8 MiB, 2 passes; password secret-pass-1) is rehashed too
WEAK='$argon2id$v=19$m=8192,t=2,p=1$fi2iwmWPKpv2lLzybesICg$PogJGlY2wqmkUOyxLIPQ338QMW6EVo0ybt8P24VZuuY'
run 0 db_query $DB "UPDATE app_user SET pwhash = '$WEAK' WHERE name = 'neu'"
api_login neu nj2
req 200 GET /api/v1/session -b "$WORK/nj2"
case "$(sql $DB "SELECT pwhash FROM app_user WHERE name = 'neu'")" in
'$argon2id$v=19$m=16384,t=8,p=1$'*) ok ;;
*) fail "a weaker hash rehashed at login to 16 MiB, 8 passes" ;;
esac
wrong neu
finish
