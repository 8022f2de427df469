/* The route table's matching, the checks every request passes before its handler, and
 * fgdj serve --routes. */
#include <sodium.h>
#include <string.h>
#include <time.h>

#include "web/web_int.h"

#define MAX_SEGS 32

int web_unsafe_method(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 && strcmp(method, "OPTIONS") != 0;
}

typedef struct seg {
	const char *p;
	size_t n;
} seg;

/* Splits "/a/b/" into "a", "b", "" (a trailing slash is a distinct, empty segment; "/" has none).
 * Returns the count, or -1 when there are too many. */
static int split(const char *path, seg *out)
{
	int n = 0;
	const char *p = path + (path[0] == '/');
	if (!*p)
		return 0;
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		if (n == MAX_SEGS)
			return -1;
		out[n].p = p;
		out[n++].n = len;
		if (!slash)
			return n;
		p = slash + 1;
	}
}

static int is_param(const seg *s)
{
	return s->n > 2 && s->p[0] == '{' && s->p[s->n - 1] == '}';
}

/* 1 when the pattern's segments match the path's: literals byte for byte, {param} any non-empty. */
static int pattern_match(const seg *ps, int np, const seg *xs, int nx)
{
	if (np != nx)
		return 0;
	for (int i = 0; i < np; i++) {
		if (is_param(&ps[i])) {
			if (xs[i].n == 0)
				return 0;
		} else if (ps[i].n != xs[i].n || memcmp(ps[i].p, xs[i].p, xs[i].n) != 0) {
			return 0;
		}
	}
	return 1;
}

static int method_match(const char *route, const char *req)
{
	return strcmp(route, req) == 0 || (strcmp(route, "GET") == 0 && strcmp(req, "HEAD") == 0);
}

int web_route_match(web_req *r)
{
	const web_config *c = &r->priv->srv->cfg;
	seg xs[MAX_SEGS], ps[MAX_SEGS];
	int nx = split(r->path, xs);
	if (nx < 0) {
		web_error(r, 404, NULL);
		return 404;
	}
	buf allow = {0};
	for (size_t i = 0; i < c->nroutes; i++) {
		const web_route *rt = &c->routes[i];
		int np = split(rt->pattern, ps);
		if (!pattern_match(ps, np, xs, nx))
			continue;
		if (!method_match(rt->method, r->method)) {
			buf_printf(&allow, "%s%s", allow.len ? ", " : "", rt->method);
			continue;
		}
		buf_free(&allow);
		r->route = rt;
		for (int k = 0; k < np; k++) {
			if (!is_param(&ps[k]))
				continue;
			buf v = {0};
			if (form_decode(xs[k].p, xs[k].n, 0, &v) != 0) {
				buf_free(&v);
				web_error(r, 400, "请求路径的编码有误（%XX 不完整、含 NUL 或不是 UTF-8）");
				return 400;
			}
			r->param_value[r->nparams++] = buf_detach(&v);
		}
		return 0;
	}
	if (allow.len) {
		web_header(r, "Allow", buf_cstr(&allow));
		buf_free(&allow);
		web_error(r, 405, NULL);
		return 405;
	}
	web_error(r, 404, NULL);
	return 404;
}

/* A browser that sends Origin tells us which site made the request: it must be ours. */
static int same_origin(web_req *r)
{
	const char *origin = web_header_in(r, "Origin");
	if (!origin)
		return 1;
	const char *host = web_header_in(r, "Host");
	if (!host)
		return 0;
	const char *rest = strncmp(origin, "http://", 7) == 0 ? origin + 7 : strncmp(origin, "https://", 8) == 0 ? origin + 8 : NULL;
	return rest && strcmp(rest, host) == 0;
}

/* Sends an anonymous visitor of a page to the login form, remembering where they were going
 * (the home page after a form sent without a session: its data cannot be replayed). The
 * redirect always has "?next=", which tells it apart from a page's own redirect to /login. */
static void to_login(web_req *r)
{
	buf target = {0}, loc = {0};
	if (web_unsafe_method(r->method)) {
		buf_puts(&target, "/");
	} else {
		const char *q = strchr(r->priv->uri, '?');
		buf_puts(&target, r->path);
		if (q)
			buf_puts(&target, q);
	}
	buf_puts(&loc, "/login?next=");
	html_url(&loc, buf_cstr(&target));
	web_redirect(r, buf_cstr(&loc));
	buf_free(&target);
	buf_free(&loc);
}

int web_precheck(web_req *r)
{
	const web_route *rt = r->route;
	if (rt->perm != PERM_PUBLIC) {
		web_session_load(r);
		if (r->resp.status)
			return 1;
		if (!r->user.id) {
			if (rt->flags & WEB_API)
				web_error(r, 401, "请先登录");
			else
				to_login(r);
			return 1;
		}
		if (!auth_can(&r->user, rt->perm)) {
			buf m = {0};
			buf_printf(&m, "您的角色（%s）没有“%s”的权限", users_role_label(r->user.role), auth_perm_label(rt->perm));
			web_error(r, 403, buf_cstr(&m));
			buf_free(&m);
			return 1;
		}
	}
	if (!web_unsafe_method(r->method))
		return 0;
	if (!same_origin(r)) {
		web_error(r, 403, "拒绝来自其他网站的请求");
		return 1;
	}
	if (!(rt->flags & WEB_NO_CSRF) && web_header_in(r, "X-CSRF-Token")) {
		if (!web_csrf_ok(r)) {
			web_error(r, 403, "CSRF 令牌不正确，请刷新页面后重试");
			return 1;
		}
		r->priv->csrf_checked = 1;
	}
	return 0;
}

void web_dispatch(web_req *r)
{
	const web_route *rt = r->route;
	if (web_unsafe_method(r->method) && !(rt->flags & WEB_NO_CSRF) && !r->priv->csrf_checked && !web_csrf_ok(r)) {
		web_error(r, 403, "缺少或错误的 CSRF 令牌，请刷新页面后重试");
		return;
	}
	/* A write that lost to another writer's transaction (PostgreSQL: deadlock, serialization) left
	 * nothing behind: the request runs again, a bounded number of times, after a short random wait
	 * that grows (the handlers need not know). */
	web_db_conflict_take(r);
	for (int again = 0;; again++) {
		web_run_handler(r);
		if (again == WEB_WRITE_RETRIES || !web_db_conflict_take(r))
			break;
		web_resp_reset(r);
		struct timespec pause = {0, (long)(1 + randombytes_uniform(4u << again)) * 1000000L};
		nanosleep(&pause, NULL);
	}
	if (!r->resp.status)
		web_error(r, 500, "内部错误：页面没有输出");
}

void web_routes_print(FILE *f, const web_route *routes, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const web_route *rt = &routes[i];
		fprintf(f, "%s %s %s %s%s%s\n", rt->method, rt->pattern, auth_perm_name(rt->perm),
			rt->flags & WEB_API ? "api" : "page", rt->flags & WEB_NO_CSRF ? " nocsrf" : "",
			rt->flags & WEB_UPLOAD ? " upload" : "");
	}
}
