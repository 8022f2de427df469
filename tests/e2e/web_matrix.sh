#!/bin/sh
# The permission matrix: every route of `fgdj serve --routes` × every role (and anonymous),
# checked against the authorisation model of src/web/auth.h. A new route is tested the moment it
# is added to the table; a {param} without a sample value below fails loudly.
#
#   anonymous, non-public route  → 401 (api) or 303 to /login?next=… (page)
#   role without the permission  → 403
#   allowed                      → anything but 401/403, a redirect to /login?next=…, or 5xx
#                                  (404 is fine: a valid sample may lie outside the role's scope)
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

# The model: what each role may (public and login are everyone's once logged in).
perms_of() {
	case $1 in
	admin) echo "read write visit import export reports admin" ;;
	district | street) echo "read write visit import export reports" ;;
	community) echo "read write visit import reports" ;;
	secretary) echo "read write" ;;
	instructor) echo "read visit" ;; # linked to its instructor row below
	viewer) echo "read reports" ;;
	esac
}

# Sample values of path parameters (the hand-made district): extend when a route adds a name.
sample() {
	case $1 in
	name) echo "fgdj.css" ;;
	uscc) echo "91330106MA2000414K" ;;
	org) echo "光明社区非公企业联合党支部" ;;
	idno | id) echo "1" ;;
	user) echo "no-such-user" ;;
	kind) echo "members" ;; # a ledger: /formats/{kind} and its template
	key) echo "orgs_star_5" ;; # a figure: /figures/{key}
	*) return 1 ;;
	esac
}

DB=d.db
import_district $DB
ROLES="admin district street community secretary instructor viewer"
add_user m_admin admin
add_user m_district district
add_user m_street street 西城街道
add_user m_community community 光明社区
add_user m_secretary secretary 小微设计工作室党支部
printf 'secret-pass-1\n' | "$FGDJ" user add m_instructor --role instructor --instructor 王指导（光明社区） \
	--password-stdin --db "$DB" 2>/dev/null || fail "user add m_instructor"
add_user m_viewer viewer 光明社区
start_server $DB

# Logs a role in (again) when its session has ended (logout routes end it on purpose).
ensure_session() {
	code=$(curl -s -o /dev/null -w '%{http_code}' -b "j_$1" "$URL/api/v1/session")
	if [ "$code" != 200 ]; then
		api_login "m_$1" "j_$1"
		echo "$CSRF" >"csrf_$1"
	fi
}

"$FGDJ" serve --routes >routes.txt || fail "serve --routes"
[ -s routes.txt ] && ok || fail "route table empty"
NROUTES=0
while read -r method pattern perm kind flags; do
	NROUTES=$((NROUTES + 1))
	path=$pattern
	while :; do
		p=$(printf '%s' "$path" | sed -n 's/.*{\([a-z_]*\)}.*/\1/p')
		[ -n "$p" ] || break
		v=$(sample "$p") || { fail "$method $pattern: no sample value for {$p} in web_matrix.sh"; continue 2; }
		path=$(printf '%s' "$path" | sed "s|{$p}|$v|")
	done
	case "$method" in GET | HEAD) unsafe=0 ;; *) unsafe=1 ;; esac
	for role in anonymous $ROLES; do
		jar="j_$role"
		tok=
		if [ "$role" = anonymous ]; then
			rm -f "$jar"
			: >"$jar"
		else
			ensure_session "$role"
			tok=$(cat "csrf_$role")
		fi
		# Unsafe requests carry what the route needs to get past CSRF: the session token, or the
		# login form's own token on the routes that create a session.
		case "$flags" in *nocsrf*) tok=$(login_token "$jar") ;; esac
		if [ "$kind" = api ]; then
			STATUS=$(curl -s -o body -D hdr -w '%{http_code}' -X "$method" -b "$jar" -c "$jar" \
				${tok:+-H "X-CSRF-Token: $tok"} -H 'Content-Type: application/json' \
				$([ $unsafe = 1 ] && echo "-d {}") "$URL$path")
		else
			STATUS=$(curl -s -o body -D hdr -w '%{http_code}' -X "$method" -b "$jar" -c "$jar" \
				$([ $unsafe = 1 ] && echo "-d csrf=$tok") "$URL$path")
		fi
		loc=$(tr -d '\r' <hdr | sed -n 's/^Location: //p')
		if [ "$perm" = public ]; then
			want=allowed
		elif [ "$role" = anonymous ]; then
			want=login
		elif [ "$perm" = login ] || echo " $(perms_of "$role") " | grep -q " $perm "; then
			want=allowed
		else
			want=forbidden
		fi
		case "$want:$kind:$STATUS" in
		login:api:401 | forbidden:*:403) ok ;;
		login:page:303)
			case "$loc" in /login\?next=*) ok ;; *) fail "$role $method $pattern: redirect to $loc, wanted /login?next=…" ;; esac ;;
		allowed:*:401 | allowed:*:403 | allowed:*:5??) fail "$role $method $pattern ($perm): $STATUS, wanted allowed" ;;
		allowed:*:*)
			case "$loc" in /login\?next=*) fail "$role $method $pattern: sent to the login page" ;; *) ok ;; esac ;;
		*) fail "$role $method $pattern ($perm): status $STATUS, wanted $want" ;;
		esac
		printf '%s %s %s %s\n' "$role" "$method" "$pattern" "$STATUS" >>matrix.txt
	done
done <routes.txt
[ "$NROUTES" -ge 10 ] && ok || fail "only $NROUTES routes"

# The findings' follow-up (tests/e2e/findings_state.sh): its routes are in the table, so in the
# matrix above, with these permissions; a read-only role sees the states but gets no form.
for r in "GET /findings.xlsx reports page" "POST /findings/state write page" "POST /api/v1/findings write api" \
	"PUT /api/v1/findings write api"; do
	grep -qx "$r" routes.txt && ok || fail "route table lacks: $r"
done
for role in viewer community; do
	ensure_session "$role"
	curl -s -o body -b "j_$role" "$URL/findings" || fail "GET /findings as $role"
	case $role in
	viewer) hasnt body 'action="/findings/state"' ;;
	community) has body 'action="/findings/state"' ;;
	esac
done

if [ "$FAILS" -gt 0 ]; then
	echo "matrix (role method pattern status):" >&2
	sed 's/^/    /' matrix.txt >&2
fi
finish
