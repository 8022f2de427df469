/* The HTTP server on libmicrohttpd: thread pool, limits, the request lifecycle, body streaming,
 * the access log, per-thread database connections and the graceful stop. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <netdb.h>
#include <signal.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "store/history_query.h"
#include "store/places.h"
#include "web/cache.h"
#include "web/web_int.h"

/* The worker's connection. Workers belong to one server, so the pointer never outlives it. */
static _Thread_local store *tls_store;
static _Thread_local web_server *tls_server;

store *web_db(web_req *r)
{
	web_server *w = r->priv->srv;
	if (tls_store && tls_server == w)
		return tls_store;
	store *s;
	fg_err e;
	if (store_open(w->cfg.db_path, &s, &e) != FG_OK) {
		web_log_error(r, "%s", e.msg);
		web_error(r, 500, "数据库暂时无法使用，请稍后再试");
		return NULL;
	}
	store_server_cache(s);
	pthread_mutex_lock(&w->mu);
	if (w->nstores == w->capstores) {
		w->capstores = w->capstores ? w->capstores * 2 : 8;
		w->stores = xrealloc(w->stores, w->capstores * sizeof *w->stores);
	}
	w->stores[w->nstores++] = s;
	pthread_mutex_unlock(&w->mu);
	tls_store = s;
	tls_server = w;
	return s;
}

int web_db_conflict_take(web_req *r)
{
	return tls_store && tls_server == r->priv->srv && store_conflict_take(tls_store);
}

void web_resp_reset(web_req *r)
{
	web_resp *o = &r->resp;
	if (o->stream && o->stream_free)
		o->stream_free(o->stream_ctx);
	if (o->data_release)
		o->data_release(o->data_ctx);
	for (size_t i = 0; i < o->nheaders; i++) {
		free(o->hname[i]);
		free(o->hvalue[i]);
	}
	buf_free(&o->body);
	memset(o, 0, sizeof *o);
	free(r->priv->log_error);
	r->priv->log_error = NULL;
}

/* ---- the request's life: URI → headers → body → response → completion ---- */

typedef struct conn_state {
	web_req req;
	struct web_priv priv;
} conn_state;

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	web_server *w = cls;
	conn_state *cs = xcalloc(1, sizeof *cs);
	cs->req.priv = &cs->priv;
	cs->priv.srv = w;
	cs->priv.conn = c;
	cs->priv.uri = xstrdup(uri ? uri : "");
	cs->priv.upload_fd = -1;
	unsigned char id[8];
	randombytes_buf(id, sizeof id);
	for (size_t i = 0; i < sizeof id; i++)
		snprintf(cs->priv.request_id + 2 * i, 3, "%02x", id[i]);
	clock_gettime(CLOCK_MONOTONIC, &cs->priv.t0);
	cs->req.now = (int64_t)time(NULL);
	atomic_fetch_add(&w->inflight, 1);
	return cs;
}

static void peer_address(web_req *r, struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = mhd.MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(r->client, sizeof r->client, "-");
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, r->client, sizeof r->client);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, r->client,
			  sizeof r->client);
}

/* Receives one multipart part's bytes: a file part goes to a temporary file, a field to form. */
static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
			       const char *ctype, const char *encoding, const char *data, uint64_t off, size_t size)
{
	(void)kind, (void)ctype, (void)encoding;
	web_req *r = cls;
	struct web_priv *p = r->priv;
	fg_err e;
	if (!key)
		key = "";
	if (off == 0 && p->part_open) {
		p->part_open = 0;
		if (form_add(&r->form, buf_cstr(&p->part_name), p->part_name.len, buf_cstr(&p->part_value),
			     p->part_value.len, FORM_MAX_VALUE, &e))
			p->bad_body = 1;
	}
	if (filename) {
		if (off == 0) {
			if (r->upload.path) {
				p->bad_body = 1; /* one file per request */
				return MHD_NO;
			}
			const char *dir = getenv("TMPDIR");
			buf path = {0};
			buf_printf(&path, "%s/fgdj-upload-XXXXXX", dir && *dir ? dir : "/tmp");
			r->upload.path = buf_detach(&path);
			p->upload_fd = mkstemp(r->upload.path);
			if (p->upload_fd < 0) {
				free(r->upload.path);
				r->upload.path = NULL;
				p->bad_body = 1;
				return MHD_NO;
			}
			size_t fl = strlen(filename);
			r->upload.filename = form_utf8_valid(filename, fl) ? xstrdup(filename) : xstrdup("上传文件");
			r->upload.field = xstrdup(form_utf8_valid(key, strlen(key)) ? key : "");
		}
		for (size_t done = 0; done < size;) {
			ssize_t n = write(p->upload_fd, data + done, size - done);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				p->bad_body = 1;
				return MHD_NO;
			}
			done += (size_t)n;
		}
		r->upload.size += size;
		return MHD_YES;
	}
	if (off == 0) {
		buf_reset(&p->part_name);
		buf_reset(&p->part_value);
		buf_puts(&p->part_name, key);
		p->part_open = 1;
	}
	if (p->part_value.len + size > FORM_MAX_VALUE) {
		p->bad_body = 1;
		return MHD_NO;
	}
	buf_add(&p->part_value, data, size);
	return MHD_YES;
}

/* Lower-case media type without parameters. */
static void media_type(const char *v, char *out, size_t cap)
{
	size_t n = 0;
	while (v && *v == ' ')
		v++;
	for (; v && *v && *v != ';' && *v != ' ' && n + 1 < cap; v++)
		out[n++] = (char)(*v >= 'A' && *v <= 'Z' ? *v + 32 : *v);
	out[n] = '\0';
}

/* Everything decided from the request line and headers. 0 to read the body, else responded. */
static int begin(web_req *r, struct MHD_Connection *c, const char *method)
{
	struct web_priv *p = r->priv;
	r->method = method;
	peer_address(r, c);
	const char *uri = p->uri, *q = strchr(uri, '?');
	size_t plen = q ? (size_t)(q - uri) : strlen(uri);
	r->path = xstrndup(uri, plen);
	const char *xfp = mhd.MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-Proto");
	r->secure = xfp && strcmp(xfp, "https") == 0 && web_from_proxy(r);
	/* The proxy's request id (nginx: $request_id), so that its log and ours name a request alike. */
	const char *rid = mhd.MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Request-Id");
	if (rid && web_from_proxy(r) && *rid && strlen(rid) < sizeof p->request_id &&
	    strspn(rid, "0123456789abcdefABCDEF-") == strlen(rid))
		snprintf(p->request_id, sizeof p->request_id, "%s", rid);
	fg_err e;
	if (r->path[0] != '/') {
		web_error(r, 400, "请求路径无效");
		return 1;
	}
	if (q && form_parse(&r->query, q + 1, strlen(q + 1), FORM_MAX_QUERY_VALUE, &e)) {
		web_error(r, 400, e.msg);
		return 1;
	}
	if (web_route_match(r) || web_precheck(r))
		return 1;
	if (!web_unsafe_method(method))
		return 0;
	const char *cl = mhd.MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	unsigned long long len = cl ? strtoull(cl, NULL, 10) : 0;
	media_type(mhd.MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE), r->content_type,
		   sizeof r->content_type);
	size_t cap = p->srv->cfg.max_body;
	if (strcmp(r->content_type, "multipart/form-data") == 0) {
		if (!(r->route->flags & WEB_UPLOAD)) {
			web_error(r, 415, "此处不接受文件上传");
			return 1;
		}
		p->multipart = 1;
	} else {
		cap = cap < WEB_MAX_INLINE ? cap : WEB_MAX_INLINE;
		p->urlencoded = strcmp(r->content_type, "application/x-www-form-urlencoded") == 0;
	}
	p->cap = cap;
	if (len > cap) {
		web_error(r, 413, NULL);
		return 1;
	}
	if (p->multipart) {
		p->pp = mhd.MHD_create_post_processor(c, 64 * 1024, on_part, r);
		if (!p->pp) {
			web_error(r, 400, "multipart/form-data 请求缺少 boundary");
			return 1;
		}
	}
	return 0;
}

/* Takes body bytes. Returns 0 to go on, -1 to drop the connection (far beyond the cap). */
static int take(web_req *r, const char *data, size_t n)
{
	struct web_priv *p = r->priv;
	size_t cap = p->cap ? p->cap : WEB_MAX_INLINE;
	p->received += n;
	if (p->received > cap) {
		/* A response can only be queued once the body is read: discard the rest, then 413. */
		p->too_big = 1;
		return p->received > 2 * (size_t)cap ? -1 : 0;
	}
	if (p->too_big || p->bad_body)
		return 0;
	if (p->pp) {
		if (mhd.MHD_post_process(p->pp, data, n) != MHD_YES)
			p->bad_body = 1;
	} else {
		buf_add(&r->body, data, n);
	}
	return 0;
}

/* The body is complete: decode it and run the route. */
static void finish(web_req *r)
{
	struct web_priv *p = r->priv;
	fg_err e;
	if (p->pp) {
		if (mhd.MHD_destroy_post_processor(p->pp) != MHD_YES)
			p->bad_body = 1;
		p->pp = NULL;
		if (p->part_open && form_add(&r->form, buf_cstr(&p->part_name), p->part_name.len, buf_cstr(&p->part_value),
					     p->part_value.len, FORM_MAX_VALUE, &e))
			p->bad_body = 1;
		p->part_open = 0;
	}
	if (p->upload_fd >= 0) {
		if (close(p->upload_fd) != 0)
			p->bad_body = 1;
		p->upload_fd = -1;
	}
	if (p->too_big) {
		web_error(r, 413, NULL);
		return;
	}
	if (p->bad_body) {
		web_error(r, 400, "请求内容无法解析（文件或表单字段有误）");
		return;
	}
	if (p->urlencoded) {
		if (form_parse(&r->form, buf_cstr(&r->body), r->body.len, FORM_MAX_VALUE, &e)) {
			web_error(r, 400, e.msg);
			return;
		}
		buf_free(&r->body);
	}
	cache_notes_clear();
	web_dispatch(r);
	if (cache_notes()[0])
		r->priv->log_note = xstrdup(cache_notes());
}

static const char CSP[] = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
			  "frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

/* A streamed body (web_respond_stream) being sent: the part written and how much of it is sent. */
typedef struct stream_out {
	web_stream_fn fn;
	void *ctx;
	void (*free_ctx)(void *ctx);
	buf part;
	size_t off;
	int last;      /* fn said the part is the last */
	size_t *bytes; /* the access log's count (the connection outlives its response's reads) */
} stream_out;

static ssize_t stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
	(void)pos;
	stream_out *so = cls;
	while (so->off == so->part.len) {
		if (so->last)
			return MHD_CONTENT_READER_END_OF_STREAM;
		buf_reset(&so->part);
		so->off = 0;
		so->last = so->fn(so->ctx, &so->part);
	}
	size_t n = so->part.len - so->off < max ? so->part.len - so->off : max;
	memcpy(out, buf_cstr(&so->part) + so->off, n);
	so->off += n;
	*so->bytes += n;
	return (ssize_t)n;
}

static void stream_free(void *cls)
{
	stream_out *so = cls;
	if (so->free_ctx)
		so->free_ctx(so->ctx);
	buf_free(&so->part);
	free(so);
}

static enum MHD_Result queue(web_req *r)
{
	struct web_priv *p = r->priv;
	web_resp *o = &r->resp;
	if (!o->status)
		web_error(r, 500, "内部错误：页面没有输出");
	size_t len = o->data ? o->data_len : o->body.len;
	struct MHD_Response *resp;
	if (o->stream) {
		stream_out *so = xcalloc(1, sizeof *so);
		*so = (stream_out){o->stream, o->stream_ctx, o->stream_free, {0}, 0, 0, &p->log_bytes};
		o->stream = NULL; /* the response's now, freed with it */
		len = 0;
		resp = mhd.MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64 * 1024, stream_read, so, stream_free);
		if (!resp)
			stream_free(so);
	} else if (o->data && o->data_release) {
		/* the response's now, released with it */
		resp = mhd.MHD_create_response_from_buffer_with_free_callback_cls(len, (void *)o->data, o->data_release,
									   o->data_ctx);
		if (!resp)
			o->data_release(o->data_ctx);
		o->data_release = NULL;
	} else if (o->data)
		resp = mhd.MHD_create_response_from_buffer(len, (void *)o->data, MHD_RESPMEM_PERSISTENT);
	else if (len)
		resp = mhd.MHD_create_response_from_buffer_with_free_callback(len, buf_detach(&o->body), free);
	else
		resp = mhd.MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	mhd.MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, o->ctype[0] ? o->ctype : "text/plain; charset=utf-8");
	mhd.MHD_add_response_header(resp, "Content-Security-Policy", CSP);
	mhd.MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	mhd.MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	mhd.MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	mhd.MHD_add_response_header(resp, "X-Request-Id", p->request_id);
	if (!r->route || !(r->route->flags & WEB_CACHE))
		mhd.MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	for (size_t i = 0; i < o->nheaders; i++)
		mhd.MHD_add_response_header(resp, o->hname[i], o->hvalue[i]);
	enum MHD_Result rc = mhd.MHD_queue_response(p->conn, (unsigned)o->status, resp);
	mhd.MHD_destroy_response(resp);
	p->queued = 1;
	p->log_status = o->status;
	p->log_bytes += len;
	return rc;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
				  const char *version, const char *data, size_t *size, void **con_cls)
{
	(void)cls, (void)url, (void)version;
	conn_state *cs = *con_cls;
	if (!cs)
		return MHD_NO; /* no URI callback: cannot happen with our options */
	web_req *r = &cs->req;
	struct web_priv *p = &cs->priv;
	if (p->state == WEB_ST_NEW) {
		p->state = WEB_ST_BODY;
		if (!begin(r, c, method))
			return MHD_YES;
		p->state = WEB_ST_DONE;
		/* Answering now skips an unread body (and closes the connection after); a request
		 * without one keeps its connection when answered at the final call. */
		if (!web_unsafe_method(method))
			return MHD_YES;
		return queue(r);
	}
	if (*size) {
		int rc = p->state == WEB_ST_BODY ? take(r, data, *size) : 0;
		*size = 0;
		return rc ? MHD_NO : MHD_YES;
	}
	if (p->state == WEB_ST_DONE)
		return p->queued ? MHD_YES : queue(r);
	p->state = WEB_ST_DONE;
	finish(r);
	return queue(r);
}

/* Writes s to the log with control characters, quotes and backslashes escaped, at most max bytes. */
static void log_escaped(buf *b, const char *s, size_t max)
{
	for (size_t i = 0; s[i] && i < max; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch < 0x20 || ch == 0x7F || ch == '"' || ch == '\\')
			buf_printf(b, "\\x%02X", ch);
		else
			buf_putc(b, (char)ch);
	}
}

static void free_request(conn_state *cs)
{
	web_req *r = &cs->req;
	struct web_priv *p = &cs->priv;
	if (p->pp)
		mhd.MHD_destroy_post_processor(p->pp);
	if (p->upload_fd >= 0)
		close(p->upload_fd);
	if (r->upload.path)
		unlink(r->upload.path);
	free(r->upload.path);
	free(r->upload.filename);
	free(r->upload.field);
	for (size_t i = 0; i < r->nparams; i++)
		free(r->param_value[i]);
	form_free(&r->query);
	form_free(&r->form);
	buf_free(&r->body);
	buf_free(&r->resp.body);
	if (r->resp.stream && r->resp.stream_free) /* never handed to MHD */
		r->resp.stream_free(r->resp.stream_ctx);
	for (size_t i = 0; i < r->resp.nheaders; i++) {
		free(r->resp.hname[i]);
		free(r->resp.hvalue[i]);
	}
	buf_free(&p->part_name);
	buf_free(&p->part_value);
	buf_free(&p->page);
	free((char *)r->path);
	free(p->uri);
	free(p->log_error);
	free(p->log_note);
	free(cs);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)c;
	web_server *w = cls;
	conn_state *cs = *con_cls;
	if (!cs)
		return;
	*con_cls = NULL;
	web_req *r = &cs->req;
	struct web_priv *p = &cs->priv;
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double ms = (double)(t1.tv_sec - p->t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - p->t0.tv_nsec) / 1e6;
	char when[32];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
	buf line = {0};
	buf_printf(&line, "%s %s %s ", when, r->client[0] ? r->client : "-", p->request_id);
	log_escaped(&line, r->method ? r->method : "-", 16);
	buf_putc(&line, ' ');
	log_escaped(&line, r->path ? r->path : p->uri, 512);
	buf_printf(&line, " %d %zu %.1fms %s%s", p->log_status, p->log_bytes, ms, r->user.id ? r->user.name : "-",
		   toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " 中断");
	if (p->log_note) {
		buf_puts(&line, " 计算：");
		buf_puts(&line, p->log_note);
	}
	if (p->log_error) {
		buf_puts(&line, " 错误：");
		log_escaped(&line, p->log_error, 512);
	}
	buf_putc(&line, '\n');
	fputs(buf_cstr(&line), w->log);
	fflush(w->log);
	buf_free(&line);
	free_request(cs);
	atomic_fetch_sub(&w->inflight, 1);
}

int web_from_proxy(const web_req *r)
{
	const web_server *w = r->priv->srv;
	for (size_t i = 0; i < w->nproxies; i++)
		if (strcmp(w->proxies[i], r->client) == 0)
			return 1;
	return 0;
}

void web_log_error(const web_req *r, const char *fmt, ...)
{
	web_server *w = r->priv->srv;
	buf msg = {0}, line = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	buf_printf(&line, "fgdj: 请求 %s：", r->priv->request_id);
	log_escaped(&line, buf_cstr(&msg), 1024);
	buf_free(&msg);
	buf_putc(&line, '\n');
	fputs(buf_cstr(&line), w->log);
	fflush(w->log);
	buf_free(&line);
}

/* ---- starting and stopping ---- */

/* Reads web_config.trust_proxy into w->proxies, each address as inet_ntop writes it (the form
 * r->client takes), so that "::0001" and "::1" are one. */
static int parse_proxies(web_server *w, const char *spec, fg_err *e)
{
	if (!spec)
		spec = WEB_TRUST_PROXY_DEFAULT;
	if (strcmp(spec, "none") == 0)
		spec = "";
	while (*spec) {
		size_t n = strcspn(spec, ",");
		char a[64];
		snprintf(a, sizeof a, "%.*s", (int)(n < 63 ? n : 63), spec);
		char *s = a + strspn(a, " ");
		s[strcspn(s, " ")] = '\0';
		unsigned char bin[16];
		int fam = strchr(s, ':') ? AF_INET6 : AF_INET;
		if (n >= 63 || !*s || inet_pton(fam, s, bin) != 1)
			return err_set(e, FG_EINPUT, "--trust-proxy 的“%.*s”应为 IP 地址（例：127.0.0.1,::1；none 表示不信任任何代理）",
				       (int)n, spec);
		if (w->nproxies == sizeof w->proxies / sizeof w->proxies[0])
			return err_set(e, FG_EINPUT, "--trust-proxy 最多 %zu 个地址", sizeof w->proxies / sizeof w->proxies[0]);
		inet_ntop(fam, bin, w->proxies[w->nproxies++], sizeof w->proxies[0]);
		spec += n + (spec[n] == ',');
	}
	return FG_OK;
}

static int parse_listen(const char *spec, struct sockaddr_storage *ss, socklen_t *sl, fg_err *e)
{
	char host[128];
	const char *port;
	if (spec[0] == '[') {
		const char *rb = strchr(spec, ']');
		if (!rb || rb[1] != ':' || (size_t)(rb - spec) >= sizeof host)
			return err_set(e, FG_EINPUT, "--listen “%s”无法识别（例：127.0.0.1:8080 或 [::1]:8080）", spec);
		snprintf(host, sizeof host, "%.*s", (int)(rb - spec - 1), spec + 1);
		port = rb + 2;
	} else {
		const char *colon = strrchr(spec, ':');
		if (!colon || (size_t)(colon - spec) >= sizeof host)
			return err_set(e, FG_EINPUT, "--listen “%s”无法识别（例：127.0.0.1:8080）", spec);
		snprintf(host, sizeof host, "%.*s", (int)(colon - spec), spec);
		port = colon + 1;
	}
	if (!host[0] || strcmp(host, "localhost") == 0)
		snprintf(host, sizeof host, "127.0.0.1");
	char *end;
	long pn = strtol(port, &end, 10);
	if (!*port || *end || pn < 0 || pn > 65535)
		return err_set(e, FG_EINPUT, "--listen 的端口“%s”应为 0 到 65535", port);
	struct addrinfo hints = {.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV, .ai_socktype = SOCK_STREAM}, *ai;
	if (getaddrinfo(host, port, &hints, &ai) != 0)
		return err_set(e, FG_EINPUT, "--listen 的地址“%s”应为 IP 地址（例：127.0.0.1、0.0.0.0、::1）", host);
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	*sl = ai->ai_addrlen;
	freeaddrinfo(ai);
	return FG_OK;
}

/* libmicrohttpd's own messages (malformed requests it answers itself, socket errors). */
static void mhd_log(void *cls, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	web_server *w = cls;
	buf line = {0};
	buf_puts(&line, "fgdj: libmicrohttpd: ");
	buf_vprintf(&line, fmt, ap);
	if (line.len && line.p[line.len - 1] != '\n')
		buf_putc(&line, '\n');
	fputs(buf_cstr(&line), w->log);
	buf_free(&line);
}

/* ---- the refresher: kept values made ready before requests ask (web_config.refresh_ms) ---- */

/* How long after its last asking a kept value is still refreshed (cache_refresh). */
enum { REFRESH_AGE_S = 600, REFRESH_TICK_MS = 200 };

static double since_s(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Waits one tick, or until told to stop: 1 when told. */
static int refresher_wait(web_server *w)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_nsec += REFRESH_TICK_MS * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&w->refresh_mu);
	if (!atomic_load(&w->refresh_stop))
		pthread_cond_timedwait(&w->refresh_cv, &w->refresh_mu, &until);
	pthread_mutex_unlock(&w->refresh_mu);
	return atomic_load(&w->refresh_stop);
}

/* At start the warm values; then, whenever the newest history id has stayed the same for
 * refresh_ms since it last moved, the kept values asked for lately, computed again once for it. */
static void *refresher(void *p)
{
	web_server *w = p;
	store *s;
	fg_err e;
	if (store_open(w->cfg.db_path, &s, &e) != FG_OK) {
		fprintf(w->log, "fgdj: 后台预先计算无法打开数据库：%s\n", e.msg);
		fflush(w->log);
		return NULL;
	}
	store_single_pass(s); /* its computations read each page once: no worker's cache of 2 MB */
	store_stop_on(s, &w->refresh_stop); /* a stop ends its computation at once */
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (w->cfg.warm) {
		int rc = w->cfg.warm(s, &e);
		if (!atomic_load(&w->refresh_stop)) { /* stopped: nothing to say */
			if (rc == FG_OK)
				fprintf(w->log, "fgdj: 已预先算好全%s的统计、检查发现和组建方案（%.1f 秒）\n",
					region_word(store_region_is_city(s)), since_s(&t0));
			else
				fprintf(w->log, "fgdj: 预先计算没有完成：%s\n", e.msg);
			fflush(w->log);
		}
	}
	int64_t seen = store_history_last_id(s), done = seen;
	struct timespec moved = t0;
	while (!refresher_wait(w)) {
		int64_t now = store_history_last_id(s);
		if (now != seen) {
			seen = now;
			clock_gettime(CLOCK_MONOTONIC, &moved);
		} else if (now != done && since_s(&moved) * 1000.0 >= (double)w->cfg.refresh_ms) {
			cache_notes_clear();
			cache_refresh(s, REFRESH_AGE_S);
			if (cache_notes()[0] && !atomic_load(&w->refresh_stop)) {
				fprintf(w->log, "fgdj: 后台更新 计算：%s\n", cache_notes());
				fflush(w->log);
			}
			done = now;
		}
	}
	store_close(s);
	return NULL;
}

struct web_mhd mhd;
static char mhd_error[256];

static void mhd_bind(void)
{
	dl_libs l;
	if (dl_open(&l, DL_MHD, mhd_error, sizeof mhd_error) == 0) {
#define MHD_BIND(f) dl_bind(&l, #f, &mhd.f, mhd_error, sizeof mhd_error);
		WEB_MHD_FUNCS(MHD_BIND)
#undef MHD_BIND
	}
}

int web_start(const web_config *c, web_server **out, fg_err *e)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, mhd_bind);
	if (mhd_error[0])
		return err_set(e, FG_EFAIL, "无法启动网页服务：没有可用的网络服务库 %s；请安装 Debian 软件包 libmicrohttpd12",
			       mhd_error);
	struct sockaddr_storage ss;
	socklen_t sl;
	int rc = parse_listen(c->listen ? c->listen : "127.0.0.1:8080", &ss, &sl, e);
	if (rc)
		return rc;
	if (sodium_init() < 0)
		return err_set(e, FG_EFAIL, "随机数与密码库 libsodium 无法初始化");
	/* Memory: the kept results are computed on any worker thread and freed on another. With one
	 * malloc arena what one computation frees serves the next wherever it runs (an arena per
	 * thread kept each thread's high-water mark: +35 MB at city scale); large blocks (facts,
	 * findings) are mapped and given back when freed, and freed room at the top beyond 1 MB is
	 * returned. Small allocations keep their per-thread cache (tcache). */
	mallopt(M_ARENA_MAX, 1);
	mallopt(M_MMAP_THRESHOLD, 256 * 1024);
	mallopt(M_TRIM_THRESHOLD, 1024 * 1024);
	web_server *w = xcalloc(1, sizeof *w);
	w->cfg = *c;
	if ((rc = parse_proxies(w, c->trust_proxy, e)) != FG_OK) {
		free(w);
		return rc;
	}
	if (!w->cfg.threads) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		w->cfg.threads = n > 2 ? (unsigned)n : 2;
	}
	if (!w->cfg.conn_limit)
		w->cfg.conn_limit = 512;
	if (!w->cfg.timeout_s)
		w->cfg.timeout_s = 30;
	if (!w->cfg.max_body)
		w->cfg.max_body = WEB_MAX_BODY;
	w->log = c->log ? c->log : stderr;
	pthread_mutex_init(&w->mu, NULL);
	atomic_init(&w->inflight, 0);
	/* poll(), not epoll (MHD_USE_AUTO's choice on Linux): with epoll, Debian 12's libmicrohttpd
	 * 0.9.75 races in MHD_quiesce_daemon — the stop's thread and a worker both take the listening
	 * socket out of the worker's epoll set, and the loser aborts the process ("Failed to remove
	 * listen FD from epoll set", exit 134 on SIGTERM; seen twice in this project's test runs).
	 * With poll() quiescing only signals each worker through its ITC. The cost, at city scale
	 * under wrk -c64: the dashboard and a ledger page as before, an organisation's calendar page
	 * about a quarter fewer requests a second (BENCHMARKS.md) — all far above the goals. */
	unsigned flags = MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	w->d = mhd.MHD_start_daemon(flags, 0, NULL, NULL, on_request, w, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, w,
				MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
				MHD_OPTION_THREAD_POOL_SIZE, w->cfg.threads, MHD_OPTION_CONNECTION_LIMIT, w->cfg.conn_limit,
				MHD_OPTION_CONNECTION_TIMEOUT, w->cfg.timeout_s, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
				(size_t)(64 * 1024), MHD_OPTION_URI_LOG_CALLBACK, on_uri, w, MHD_OPTION_NOTIFY_COMPLETED,
				on_completed, w, MHD_OPTION_END);
	if (!w->d) {
		char addr[160];
		snprintf(addr, sizeof addr, "%s", c->listen ? c->listen : "127.0.0.1:8080");
		pthread_mutex_destroy(&w->mu);
		free(w);
		return err_set(e, FG_EFAIL, "无法在 %s 上监听（端口已被占用或没有权限）", addr);
	}
	const union MHD_DaemonInfo *di = mhd.MHD_get_daemon_info(w->d, MHD_DAEMON_INFO_BIND_PORT);
	w->port = di ? di->port : 0;
	pthread_mutex_init(&w->refresh_mu, NULL);
	pthread_cond_init(&w->refresh_cv, NULL);
	atomic_init(&w->refresh_stop, 0);
	w->has_refresher = c->refresh_ms && pthread_create(&w->refresher, NULL, refresher, w) == 0;
	*out = w;
	return FG_OK;
}

unsigned web_port(const web_server *w)
{
	return w->port;
}

void web_stop(web_server *w)
{
	if (!w)
		return;
	if (w->has_refresher) {
		/* Told to stop; a computation under way ends first (the stores stay open till then). */
		pthread_mutex_lock(&w->refresh_mu);
		atomic_store(&w->refresh_stop, 1);
		pthread_cond_signal(&w->refresh_cv);
		pthread_mutex_unlock(&w->refresh_mu);
		pthread_join(w->refresher, NULL);
	}
	pthread_mutex_destroy(&w->refresh_mu);
	pthread_cond_destroy(&w->refresh_cv);
	MHD_socket fd = mhd.MHD_quiesce_daemon(w->d);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	struct timespec tick = {0, 10 * 1000 * 1000};
	for (int i = 0; i < 1000 && atomic_load(&w->inflight) > 0; i++)
		nanosleep(&tick, NULL);
	mhd.MHD_stop_daemon(w->d);
	for (size_t i = 0; i < w->nstores; i++)
		store_close(w->stores[i]);
	free(w->stores);
	pthread_mutex_destroy(&w->mu);
	free(w);
}

void web_block_signals(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
}

int web_run(const web_config *c, fg_err *e)
{
	web_block_signals();
	web_server *w;
	int rc = web_start(c, &w, e);
	if (rc)
		return rc;
	/* The host as given (the port may have been 0: print the real one). */
	const char *l = c->listen ? c->listen : "127.0.0.1:8080";
	const char *colon = strrchr(l, ':');
	int hl = colon && colon > l && !(l[0] != '[' && strchr(l, ':') != colon) ? (int)(colon - l) : 0;
	fprintf(w->log, "fgdj: 正在服务 http://%.*s:%u/ （%u 个工作线程；Ctrl-C 或 SIGTERM 停止）\n", hl ? hl : 9,
		hl ? l : "127.0.0.1", w->port, w->cfg.threads);
	fflush(w->log);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	int sig = 0;
	sigwait(&set, &sig);
	fprintf(w->log, "fgdj: 收到%s，正在停止：不再接受新连接，等待进行中的请求完成\n", sig == SIGINT ? " SIGINT" : " SIGTERM");
	fflush(w->log);
	web_stop(w);
	fputs("fgdj: 已停止\n", c->log ? c->log : stderr);
	return FG_OK;
}
