/* Sessions: a 256-bit random token in an HttpOnly, SameSite=Strict cookie; the database keeps
 * only its BLAKE2b hash, the account, the CSRF token and the times (store/users.h). A session ends
 * after WEB_SESSION_IDLE seconds without a request or WEB_SESSION_MAX seconds after login. */
#include <sodium.h>
#include <string.h>

#include "web/web_int.h"

void web_random_hex(char out[65])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(out, 65, raw, sizeof raw);
}

int web_token_eq(const char *a, const char *b)
{
	size_t n = strlen(a);
	return n > 0 && n == strlen(b) && sodium_memcmp(a, b, n) == 0;
}

static int is_token(const char *t)
{
	if (!t || strlen(t) != 64)
		return 0;
	for (const char *p = t; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return 0;
	return 1;
}

static void token_hash(const char *token, char out[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof h);
}

static int64_t next_expiry(int64_t now, int64_t created)
{
	int64_t idle = now + WEB_SESSION_IDLE, max = created + WEB_SESSION_MAX;
	return idle < max ? idle : max;
}

void web_set_cookie(web_req *r, const char *name, const char *value, const char *path, int expire)
{
	buf c = {0};
	buf_printf(&c, "%s=%s; Path=%s; HttpOnly; SameSite=Strict%s%s", name, value, path, r->secure ? "; Secure" : "",
		   expire ? "; Max-Age=0" : "");
	web_header(r, "Set-Cookie", buf_cstr(&c));
	buf_free(&c);
}

void web_session_load(web_req *r)
{
	const char *tok = web_cookie(r, WEB_SESSION_COOKIE);
	if (!is_token(tok))
		return;
	store *s = web_db(r);
	if (!s)
		return;
	char h[65];
	token_hash(tok, h);
	user_rec u;
	users_session ss;
	if (!users_session_get(s, h, r->now, &u, &ss))
		return;
	auth_from_account(&r->user, &u);
	snprintf(r->user.csrf, sizeof r->user.csrf, "%s", ss.csrf);
	snprintf(r->priv->token_hash, sizeof r->priv->token_hash, "%s", h);
	/* Sliding expiry, written at most once a minute so that reading pages costs no writes. */
	/* A failed touch only shortens the session, so the request goes on; the log says why. */
	fg_err e;
	if (r->now - ss.seen >= WEB_SESSION_TOUCH && users_session_touch(s, h, r->now, next_expiry(r->now, ss.created), &e))
		web_log_error(r, "%s", e.msg);
}

int web_session_start(web_req *r, const user_rec *u, fg_err *e)
{
	store *s = web_db(r);
	if (!s)
		return err_set(e, FG_EFAIL, "数据库暂时无法使用");
	char token[65], csrf[65], h[65];
	web_random_hex(token);
	web_random_hex(csrf);
	token_hash(token, h);
	int rc = users_purge(s, r->now, e);
	if (rc == FG_OK)
		rc = users_session_put(s, h, u->id, csrf, r->now, next_expiry(r->now, r->now), e);
	if (rc == FG_OK) {
		web_set_cookie(r, WEB_SESSION_COOKIE, token, "/", 0);
		auth_from_account(&r->user, u);
		snprintf(r->user.csrf, sizeof r->user.csrf, "%s", csrf);
		snprintf(r->priv->token_hash, sizeof r->priv->token_hash, "%s", h);
	}
	sodium_memzero(token, sizeof token);
	return rc;
}

int web_session_end(web_req *r, fg_err *e)
{
	int rc = FG_OK;
	if (r->priv->token_hash[0]) {
		store *s = web_db(r);
		rc = s ? users_session_delete(s, r->priv->token_hash, e) : err_set(e, FG_EFAIL, "数据库暂时无法使用");
		r->priv->token_hash[0] = '\0';
	}
	web_set_cookie(r, WEB_SESSION_COOKIE, "", "/", 1);
	return rc;
}

int web_csrf_ok(web_req *r)
{
	if (!r->user.id || !r->user.csrf[0])
		return 0;
	const char *t = web_header_in(r, "X-CSRF-Token");
	if (!t)
		t = web_field(r, "csrf");
	return t && web_token_eq(t, r->user.csrf);
}
