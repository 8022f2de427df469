/* Reading the request and setting the response: see web.h. */
#include <stdlib.h>
#include <string.h>

#include "web/web_int.h"

const char *web_param(const web_req *r, const char *name)
{
	if (!r->route)
		return NULL;
	size_t want = strlen(name), idx = 0;
	for (const char *p = r->route->pattern; *p;) {
		if (*p == '/') {
			p++;
			continue;
		}
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		if (n > 2 && p[0] == '{' && p[n - 1] == '}') {
			if (n - 2 == want && memcmp(p + 1, name, want) == 0)
				return idx < r->nparams ? r->param_value[idx] : NULL;
			idx++;
		}
		p += n;
	}
	return NULL;
}

const char *web_query(const web_req *r, const char *name)
{
	return form_get(&r->query, name);
}

const char *web_field(const web_req *r, const char *name)
{
	return form_get(&r->form, name);
}

const char *web_header_in(const web_req *r, const char *name)
{
	return mhd.MHD_lookup_connection_value(r->priv->conn, MHD_HEADER_KIND, name);
}

const char *web_cookie(const web_req *r, const char *name)
{
	return mhd.MHD_lookup_connection_value(r->priv->conn, MHD_COOKIE_KIND, name);
}

json_t *web_body_json(web_req *r)
{
	if (strcmp(r->content_type, "application/json") != 0) {
		web_error(r, 415, "请求内容应为 JSON（Content-Type: application/json）");
		return NULL;
	}
	json_error_t je;
	json_t *j = json_loadb(r->body.p ? r->body.p : "", r->body.len, JSON_REJECT_DUPLICATES, &je);
	if (!j || !json_is_object(j)) {
		buf m = {0};
		if (j)
			buf_puts(&m, "请求的 JSON 应为一个对象 {…}");
		else
			buf_printf(&m, "请求的 JSON 有误（第 %d 行第 %d 列）：%s", je.line, je.column, je.text);
		web_error(r, 400, buf_cstr(&m));
		buf_free(&m);
		json_decref(j);
		return NULL;
	}
	return j;
}

const char *web_who(web_req *r)
{
	snprintf(r->priv->who, sizeof r->priv->who, "web:%s", r->user.id ? r->user.name : "匿名");
	return r->priv->who;
}

/* Drops a stream set by an earlier call (the last call wins). */
static void drop_stream(web_resp *o)
{
	if (o->stream && o->stream_free)
		o->stream_free(o->stream_ctx);
	o->stream = NULL;
	o->stream_ctx = NULL;
	o->stream_free = NULL;
	if (o->data_release)
		o->data_release(o->data_ctx);
	o->data_release = NULL;
	o->data_ctx = NULL;
}

void web_respond_stream(web_req *r, int status, const char *ctype, web_stream_fn fn, void *ctx,
			void (*free_ctx)(void *ctx))
{
	buf_free(&r->resp.body);
	drop_stream(&r->resp);
	r->resp.data = NULL;
	r->resp.stream = fn;
	r->resp.stream_ctx = ctx;
	r->resp.stream_free = free_ctx;
	r->resp.status = status;
	snprintf(r->resp.ctype, sizeof r->resp.ctype, "%s", ctype);
}

void web_respond(web_req *r, int status, const char *ctype, buf *body)
{
	buf_free(&r->resp.body);
	drop_stream(&r->resp);
	r->resp.data = NULL;
	r->resp.body = *body;
	memset(body, 0, sizeof *body);
	r->resp.status = status;
	snprintf(r->resp.ctype, sizeof r->resp.ctype, "%s", ctype);
}

void web_respond_static(web_req *r, int status, const char *ctype, const void *data, size_t len)
{
	buf_free(&r->resp.body);
	drop_stream(&r->resp);
	r->resp.data = data;
	r->resp.data_len = len;
	r->resp.status = status;
	snprintf(r->resp.ctype, sizeof r->resp.ctype, "%s", ctype);
}

void web_respond_held(web_req *r, int status, const char *ctype, const void *data, size_t len,
		      void (*release)(void *ctx), void *ctx)
{
	web_respond_static(r, status, ctype, data, len);
	r->resp.data_release = release;
	r->resp.data_ctx = ctx;
}

void web_text(web_req *r, int status, const char *text)
{
	buf b = {0};
	buf_puts(&b, text);
	web_respond(r, status, "text/plain; charset=utf-8", &b);
}

buf *web_page_begin(web_req *r, const char *title)
{
	buf *b = &r->priv->page;
	buf_reset(b);
	web_layout_top(r, b, title);
	return b;
}

void web_page_end(web_req *r, int status)
{
	buf *b = &r->priv->page;
	web_layout_bottom(r, b);
	web_respond(r, status, "text/html; charset=utf-8", b);
}

void web_json(web_req *r, int status, json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(j);
	buf b = {0};
	buf_puts(&b, s ? s : "null");
	buf_putc(&b, '\n');
	free(s);
	web_respond(r, status, "application/json; charset=utf-8", &b);
}

/* A local path: "/" then printable ASCII, not "//" or "/\" (which browsers read as another host). */
static int local_path(const char *p)
{
	if (!p || p[0] != '/' || p[1] == '/' || p[1] == '\\')
		return 0;
	for (; *p; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7F)
			return 0;
	return 1;
}

void web_redirect(web_req *r, const char *path)
{
	web_header(r, "Location", local_path(path) ? path : "/");
	buf b = {0};
	web_respond(r, 303, "text/plain; charset=utf-8", &b);
}

void web_error(web_req *r, int status, const char *msg)
{
	const char *title = web_status_text(status);
	if (!msg)
		msg = title;
	if (status >= 500 && !r->priv->log_error)
		r->priv->log_error = xstrdup(msg);
	int api = r->route ? (r->route->flags & WEB_API) != 0 : r->path && strncmp(r->path, "/api/", 5) == 0;
	if (api) {
		web_json(r, status, json_pack("{s:s, s:i}", "error", msg, "status", status));
		return;
	}
	buf *b = web_page_begin(r, title);
	html_printf(b, "<section class=\"error\"><h1>%d %s</h1><p>%s</p>", status, title, msg);
	if (status == 401 || status == 403)
		html_raw(b, "<p><a href=\"/login\">重新登录</a> · <a href=\"/\">返回首页</a></p>");
	else
		html_raw(b, "<p><a href=\"/\">返回首页</a></p>");
	html_raw(b, "</section>");
	web_page_end(r, status);
}

void web_header(web_req *r, const char *name, const char *value)
{
	web_resp *o = &r->resp;
	if (o->nheaders == WEB_MAX_HEADERS) {
		fprintf(stderr, "fgdj: 内部错误：响应头超过 %d 个\n", WEB_MAX_HEADERS);
		abort();
	}
	o->hname[o->nheaders] = xstrdup(name);
	o->hvalue[o->nheaders++] = xstrdup(value);
}

void web_csrf_field(web_req *r, buf *b)
{
	if (r->priv->keeping)
		buf_puts(b, WEB_CSRF_MARK);
	else
		html_printf(b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", r->user.csrf);
}

/* The first WEB_CSRF_MARK in [p, end), or NULL. */
static const char *csrf_mark(const char *p, const char *end)
{
	const size_t n = sizeof WEB_CSRF_MARK - 1;
	while ((p = memchr(p, '<', (size_t)(end - p))) && (size_t)(end - p) >= n) {
		if (memcmp(p, WEB_CSRF_MARK, n) == 0)
			return p;
		p++;
	}
	return NULL;
}

void web_csrf_fill(web_req *r, buf *out, const char *t, size_t len)
{
	buf field = {0};
	html_printf(&field, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", r->user.csrf);
	const char *at = t, *end = t + len, *m;
	while ((m = csrf_mark(at, end))) {
		buf_add(out, at, (size_t)(m - at));
		buf_add(out, field.p, field.len);
		at = m + sizeof WEB_CSRF_MARK - 1;
	}
	buf_add(out, at, (size_t)(end - at));
	buf_free(&field);
}
