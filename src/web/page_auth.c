/* Logging in and out: the login form, logout, and the session API.
 *
 * Login CSRF: the login form cannot carry a session's token (there is no session yet), so it
 * uses a double submit — GET /login puts a random token both in a cookie (SameSite=Strict, Path
 * /login) and in the form; POST /login accepts only when both agree. Another site can neither
 * read the cookie nor make the browser send it. The JSON login needs Content-Type
 * application/json, which no cross-site form can send without a CORS preflight we never grant.
 *
 * Throttling (store/users.h): every attempt is recorded; a failure answers after a pause that
 * grows with the recent failures (250 ms each, at most 2 s), and after USERS_LOCK_FAILS failures
 * in USERS_LOCK_WINDOW seconds the account refuses every password for that window. The answer is
 * the same generic message in every case, so it tells nothing about which names exist. */
#include <string.h>
#include <time.h>

#include "web/pages.h"
#include "web/web_int.h"

static const char GENERIC[] = "用户名或密码不正确，或账户因多次失败已暂时锁定（15 分钟后再试）";

/* Writes an audit row for a login or logout in its own transaction. */
static int audit(web_req *r, const char *op)
{
	store *s = web_db(r);
	if (!s)
		return FG_EFAIL;
	fg_err e;
	json_t *d = json_pack("{s:s}", "client", r->client);
	char *dj = json_dumps(d, JSON_COMPACT);
	json_decref(d);
	int rc = store_begin(s, web_who(r), r->path, &e);
	if (!rc)
		rc = store_log(s, "session", r->user.name, op, dj, &e);
	if (!rc)
		rc = store_commit(s, &e);
	else
		store_rollback(s);
	free(dj);
	if (rc)
		fprintf(stderr, "fgdj: 无法记录登录历史：%s\n", e.msg);
	return rc;
}

/* Checks the password and starts a session. 0, 401 (no response set yet) or 500 (response set). */
static int do_login(web_req *r, const char *name, const char *password)
{
	store *s = web_db(r);
	if (!s)
		return 500;
	user_rec u;
	int failures = 0;
	users_login_result res = LOGIN_BAD;
	if (strlen(name) <= USERS_NAME_MAX && strlen(password) <= USERS_PW_MAX)
		res = users_login(s, name, password, r->now, &u, &failures);
	if (res != LOGIN_OK) {
		long ms = failures * 250L;
		struct timespec pause = {ms > 2000 ? 2 : ms / 1000, (ms > 2000 ? 0 : ms % 1000) * 1000000L};
		nanosleep(&pause, NULL);
		return 401;
	}
	fg_err e;
	if (web_session_start(r, &u, &e) || audit(r, "insert")) {
		web_session_end(r);
		web_error(r, 500, "登录失败：无法保存会话");
		return 500;
	}
	return 0;
}

static void login_form(web_req *r, int status, const char *error, const char *name, const char *next)
{
	char tok[65];
	const char *have = web_cookie(r, WEB_LOGIN_COOKIE);
	if (have && strlen(have) == 64 && strspn(have, "0123456789abcdef") == 64)
		snprintf(tok, sizeof tok, "%s", have);
	else
		web_random_hex(tok);
	web_set_cookie(r, WEB_LOGIN_COOKIE, tok, "/login", 0);
	buf *b = web_page_begin(r, "登录");
	html_raw(b, "<section class=\"login\">\n<h1>登录</h1>\n");
	if (error)
		html_printf(b, "<p class=\"alert\" role=\"alert\">%s</p>\n", error);
	html_raw(b, "<form method=\"post\" action=\"/login\" class=\"stack\">\n");
	html_printf(b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n", tok);
	if (next && *next)
		html_printf(b, "<input type=\"hidden\" name=\"next\" value=\"%s\">\n", next);
	/* The cursor starts in the first empty field. */
	int named = name && *name;
	html_printf(b, "<label>用户名 <input name=\"username\" autocomplete=\"username\" required maxlength=\"%d\" value=\"%s\"",
		    USERS_NAME_MAX, named ? name : "");
	html_raw(b, named ? "></label>\n" : " autofocus></label>\n");
	html_raw(b, "<label>密码 <input type=\"password\" name=\"password\" autocomplete=\"current-password\" required");
	html_raw(b, named ? " autofocus></label>\n" : "></label>\n");
	html_raw(b, "<button type=\"submit\">登录</button>\n</form>\n"
		    "<p class=\"hint\">账户由管理员用 <code>fgdj user add</code> 创建。</p>\n</section>\n");
	web_page_end(r, status);
}

void page_login(web_req *r)
{
	login_form(r, 200, NULL, NULL, web_query(r, "next"));
}

void page_login_post(web_req *r)
{
	const char *tok = web_cookie(r, WEB_LOGIN_COOKIE), *field = web_field(r, "csrf");
	const char *name = web_field(r, "username"), *pw = web_field(r, "password"), *next = web_field(r, "next");
	if (!tok || !field || !web_token_eq(tok, field)) {
		login_form(r, 403, "登录页面已过期，请重新输入", name, next);
		return;
	}
	if (!name || !*name || !pw || !*pw) {
		login_form(r, 400, "请输入用户名和密码", name, next);
		return;
	}
	int rc = do_login(r, name, pw);
	if (rc == 401)
		login_form(r, 401, GENERIC, name, next);
	else if (rc == 0) {
		web_set_cookie(r, WEB_LOGIN_COOKIE, "", "/login", 1);
		web_redirect(r, next && *next ? next : "/");
	}
}

void page_logout(web_req *r)
{
	audit(r, "delete");
	web_session_end(r);
	web_redirect(r, "/login");
}

static json_t *session_json(const web_req *r)
{
	static const char *const KIND[] = {[SCOPE_DISTRICT] = "district", [SCOPE_REGION] = "region", [SCOPE_ORG] = "org"};
	const auth_user *u = &r->user;
	return json_pack("{s:s, s:{s:s, s:s, s:s, s:s, s:s}}", "csrf_token", u->csrf, "user", "name", u->name, "role",
			 users_role_name(u->role), "role_label", users_role_label(u->role), "scope_kind", KIND[u->scope_kind],
			 "scope", u->scope_label);
}

void api_session_get(web_req *r)
{
	web_json(r, 200, session_json(r));
}

void api_session_post(web_req *r)
{
	json_t *j = web_body_json(r);
	if (!j)
		return;
	const char *name = json_string_value(json_object_get(j, "username"));
	const char *pw = json_string_value(json_object_get(j, "password"));
	if (!name || !*name || !pw || !*pw) {
		json_decref(j);
		web_error(r, 400, "需要 username 和 password 两个字符串字段");
		return;
	}
	int rc = do_login(r, name, pw);
	json_decref(j);
	if (rc == 401)
		web_error(r, 401, GENERIC);
	else if (rc == 0)
		web_json(r, 200, session_json(r));
}

void api_session_delete(web_req *r)
{
	audit(r, "delete");
	web_session_end(r);
	web_json(r, 200, json_pack("{s:b}", "ok", 1));
}
