#!/bin/sh
# One scope everywhere: on the demo district, every street and every community user, three
# secretaries and the district see the same rows through the pages, the JSON API, `fgdj export
# --region` and `fgdj stats --region` (scope_equiv.py does the comparing).
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

DB=d.db
run 0 fgdj_demo --scale district --seed 1 --db $DB
# One account per region and role. Argon2id makes `fgdj user add` cost a second each, so the first
# account is made by fgdj and the others share its password hash (set-up only: every login below
# still goes through the login API).
add_user boss admin
H="(SELECT pwhash FROM app_user WHERE name = 'boss')"
sql $DB "INSERT INTO app_user(name, role, scope_region_id, pwhash, created)
	SELECT 's' || id, 'street', id, $H, 'test' FROM region WHERE level = 'street';
	INSERT INTO app_user(name, role, scope_region_id, pwhash, created)
	SELECT 'c' || id, 'community', id, $H, 'test' FROM region WHERE level = 'community';
	INSERT INTO app_user(name, role, scope_org_id, pwhash, created)
	SELECT 'o' || id, 'secretary', id, $H, 'test' FROM org WHERE mode <> '上级机关' ORDER BY id LIMIT 3"
sql $DB "SELECT 'boss' || char(9) || 'admin' || char(9);
	SELECT 's' || id || char(9) || 'street' || char(9) || name FROM region WHERE level = 'street';
	SELECT 'c' || c.id || char(9) || 'community' || char(9) || st.name || '/' || c.name
	FROM region c JOIN region st ON st.id = c.parent_id WHERE c.level = 'community';
	SELECT u.name || char(9) || 'secretary' || char(9) || o.name FROM app_user u JOIN org o ON o.id = u.scope_org_id" >users.tsv
eq "$(wc -l <users.tsv | tr -d ' ')" "$(sql $DB "SELECT count(*) + 4 FROM region WHERE level <> 'district'")" "one user per region, the district and three secretaries"
start_server $DB
if python3 "$HERE/scope_equiv.py" "$FGDJ" "$WORK/$DB" "$URL" users.tsv >py.out 2>py.err; then ok; else
	fail "scope differs between paths"; head -40 py.err >&2
fi
cat py.out
finish
