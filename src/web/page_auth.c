/* Logging in and out: the login form, logout, and the session API.
 *
 * Login CSRF: the login form cannot carry a session's token (there is no session yet), so it
 * uses a double submit — GET /login puts a random token both in a cookie (SameSite=Strict, Path
 * /login) and in the form; POST /login accepts only when both agree. Another site can neither
 * read the cookie nor make the browser send it. The JSON login needs Content-Type
 * application/json, which no cross-site form can send without a CORS preflight we never grant.
 *
 * Throttling (store/users.h): a name or client address that must wait is answered at once with
 * 429 and Retry-After — no sleeping in a worker thread, no password hashed. Names are throttled
 * whether or not they exist, so the answers tell nothing about which names exist.
 *
 * Argon2id costs tens of milliseconds of a whole CPU and 64 MB per verification, so at most one
 * fewer than the threads (and the CPUs) run at once; a login beyond that answers 503 with
 * Retry-After at once, and a worker thread and a CPU stay free for everything else (/healthz). */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "web/pages.h"
#include "web/web_int.h"

static const char GENERIC[] = "用户名或密码不正确";

static atomic_int verifying; /* password verifications running now, in every worker */

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
		web_log_error(r, "无法记录登录历史：%s", e.msg);
	return rc;
}

/* Sets Retry-After and the message of a refusal (429 or 503) into msg. */
static void refusal(web_req *r, int64_t wait, buf *msg)
{
	char v[24];
	snprintf(v, sizeof v, "%lld", (long long)wait);
	web_header(r, "Retry-After", v);
	if (wait >= 60)
		buf_printf(msg, "登录失败次数过多，请 %lld 分钟后再试（管理员可解除锁定）", (long long)((wait + 59) / 60));
	else
		buf_printf(msg, "登录失败次数过多，请 %lld 秒后再试", (long long)wait);
}

/* The address a login is throttled by: the peer, or — when the peer is the local TLS proxy (see
 * docs/api.md) — the last address of its X-Forwarded-For, so that all clients behind the proxy
 * are not throttled as one. */
static void login_client(const web_req *r, char out[64])
{
	snprintf(out, 64, "%s", r->client);
	const char *xff = web_header_in(r, "X-Forwarded-For");
	if (!xff || !web_from_proxy(r))
		return;
	const char *last = strrchr(xff, ',');
	last = last ? last + 1 : xff;
	last += strspn(last, " \t");
	size_t n = strcspn(last, " \t");
	if (n > 0 && n < 64)
		snprintf(out, 64, "%.*s", (int)n, last);
}

/* Claims a verification slot: 1, or 0 when enough verifications already run — one fewer than
 * the worker threads and than the CPUs, since Argon2id keeps a CPU busy throughout. */
static int verify_enter(const web_req *r)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	long t = (long)r->priv->srv->cfg.threads;
	if (cpus > 0 && cpus < t)
		t = cpus;
	int cap = t > 1 ? (int)t - 1 : 1;
	if (atomic_fetch_add(&verifying, 1) < cap)
		return 1;
	atomic_fetch_sub(&verifying, 1);
	return 0;
}

/* Checks the password and starts a session. 0 (logged in), 401 (no response set yet), or
 * another status with msg filled (429, 503 with Retry-After; 500). */
static int do_login(web_req *r, const char *name, const char *password, buf *msg)
{
	store *s = web_db(r);
	if (!s) {
		buf_puts(msg, "数据库暂时无法使用");
		return 500;
	}
	if (strlen(name) > USERS_NAME_MAX || strlen(password) > USERS_PW_MAX)
		return 401;
	fg_err e;
	int64_t wait = 0;
	char client[64];
	login_client(r, client);
	if (users_login_wait(s, name, client, r->now, &wait, &e)) {
		buf_puts(msg, e.msg);
		return 500;
	}
	if (wait) {
		refusal(r, wait, msg);
		return 429;
	}
	if (!verify_enter(r)) {
		web_header(r, "Retry-After", "1");
		buf_puts(msg, "服务器正忙，请稍后再试");
		return 503;
	}
	user_rec u;
	users_login_result res = users_login(s, name, password, client, r->now, &u, &wait, &e);
	atomic_fetch_sub(&verifying, 1);
	switch (res) {
	case LOGIN_OK:
		break;
	case LOGIN_BAD:
		return 401;
	case LOGIN_WAIT:
		refusal(r, wait, msg);
		return 429;
	case LOGIN_ERROR:
		buf_puts(msg, e.msg);
		return 500;
	}
	if (web_session_start(r, &u, &e) || audit(r, "insert")) {
		web_session_end(r, &e);
		buf_puts(msg, "登录失败：无法保存会话");
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
		    USERS_NAME_CHARS, named ? name : "");
	html_raw(b, named ? "></label>\n" : " autofocus></label>\n");
	html_raw(b, "<label>密码 <input type=\"password\" name=\"password\" autocomplete=\"current-password\" required");
	html_raw(b, named ? " autofocus></label>\n" : "></label>\n");
	html_raw(b, "<button type=\"submit\">登录</button>\n</form>\n");
	/* Who to ask for an account or a forgotten password (setting web.admin_contact). */
	store *s = web_db(r);
	char *contact = s ? store_setting_get(s, "web.admin_contact") : NULL;
	if (contact && *contact)
		html_printf(b, "<p class=\"hint\">没有账户或忘记密码，请联系系统管理员：%s</p>\n", contact);
	else
		html_raw(b, "<p class=\"hint\">没有账户或忘记密码，请联系系统管理员。</p>\n");
	free(contact);
	html_raw(b, "</section>\n");
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
	buf msg = {0};
	int rc = do_login(r, name, pw, &msg);
	if (rc == 401)
		login_form(r, 401, GENERIC, name, next);
	else if (rc == 429 || rc == 503)
		login_form(r, rc, buf_cstr(&msg), name, next);
	else if (rc)
		web_error(r, rc, buf_cstr(&msg));
	else {
		web_set_cookie(r, WEB_LOGIN_COOKIE, "", "/login", 1);
		web_redirect(r, next && *next ? next : "/");
	}
	buf_free(&msg);
}

void page_logout(web_req *r)
{
	audit(r, "delete");
	fg_err e;
	if (web_session_end(r, &e))
		web_error(r, 500, e.msg);
	else
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
	buf msg = {0};
	int rc = do_login(r, name, pw, &msg);
	json_decref(j);
	if (rc == 401)
		web_error(r, 401, GENERIC);
	else if (rc)
		web_error(r, rc, buf_cstr(&msg));
	else
		web_json(r, 200, session_json(r));
	buf_free(&msg);
}

void api_session_delete(web_req *r)
{
	audit(r, "delete");
	fg_err e;
	if (web_session_end(r, &e))
		web_error(r, 500, e.msg);
	else
		web_json(r, 200, json_pack("{s:b}", "ok", 1));
}
