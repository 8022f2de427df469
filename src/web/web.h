/* web — the framework of the web face: routes, the request context, responses, the server.
 *
 * A page or API call is one function `void handler(web_req *r)` registered in the route table
 * (routes.c) with its method, path pattern, permission and flags. Before the handler runs, the
 * framework has: decoded the path, the query string and a form body (strictly: bad encoding
 * answers 400); loaded the session and refused the request when the user lacks the route's
 * permission (401/302 to /login when not logged in, 403 otherwise); checked the CSRF token of
 * every POST/PUT/PATCH/DELETE (403); capped the body (413) and streamed a file upload to a
 * temporary file. The handler checks the *scope* (auth.h: outside it answers 404), does its work
 * through the store, and sets exactly one response with the web_* functions below; a handler that
 * sets none answers 500. Every response carries the security headers (CSP, nosniff, …) and, unless
 * the route is WEB_CACHE, "Cache-Control: no-store".
 *
 * Threads: each request runs on one worker thread from start to end; web_db(r) is that thread's
 * own SQLite connection. Nothing in web_req is shared; handlers need no locks. Memory: every
 * string reachable from r lives until the response has been sent; handlers free only what they
 * allocate themselves.
 *
 * Example (a page and its route — see docs/api.md for more):
 *
 *   static void page_hello(web_req *r)
 *   {
 *   	buf *b = web_page_begin(r, "问候");
 *   	html_printf(b, "<h1>你好，%s</h1>", r->user.name);   // %s is escaped
 *   	web_page_end(r, 200);
 *   }
 *   {"GET", "/hello", page_hello, PERM_LOGIN, WEB_PAGE},   // in routes.c
 */
#ifndef FGDJ_WEB_H
#define FGDJ_WEB_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "store/store.h"
#include "util/buf.h"
#include "web/auth.h"
#include "web/form.h"
#include "web/html.h"

#define WEB_MAX_PARAMS 4          /* {param} segments per pattern */
#define WEB_MAX_HEADERS 8         /* extra response headers a handler may add */
#define WEB_MAX_BODY (32u << 20)  /* bytes of a request body (multipart uploads), else 413 */
#define WEB_MAX_INLINE (1u << 20) /* bytes of a body held in memory (forms, JSON), else 413 */

typedef struct web_req web_req;
typedef void (*web_handler)(web_req *r);

/* Route flags. */
enum {
	WEB_PAGE = 0,         /* an HTML page: anonymous → 303 to /login?next=…, errors as HTML pages */
	WEB_API = 1 << 0,     /* JSON: anonymous → 401, errors as {"error": "…"} */
	WEB_NO_CSRF = 1 << 1, /* an unsafe method that needs no session CSRF token because it creates
			       * the session (login); the handler must defend itself (see page_auth.c) */
	WEB_UPLOAD = 1 << 2,  /* accepts multipart/form-data with a file part (others: 415) */
	WEB_CACHE = 1 << 3,   /* the handler sets its own Cache-Control (static assets) */
	WEB_KEEP = 1 << 4,    /* a GET page kept per user, day and query while the data is unchanged
			       * (kept_page.c): it shows nothing but the data, the user and the query */
};

typedef struct web_route {
	const char *method;  /* "GET" (also answers HEAD), "POST", "PUT", "PATCH", "DELETE" */
	const char *pattern; /* "/api/v1/enterprises/{uscc}": literal segments and whole {name} segments */
	web_handler handler;
	auth_perm perm;
	unsigned flags;
	const void *ctx;     /* what the handler serves (e.g. the ledger of a generic ledger page), or NULL */
} web_route;

/* The application's route table (routes.c). */
extern const web_route web_routes[];
extern const size_t web_nroutes;
/* The application's warm values (web_config.warm; page_home.c): what the first pages of a user of
 * the whole district (city) compute — its findings, the joint-branch plan and the dashboard's
 * statistics. */
int web_warm(store *s, fg_err *e);

/* A file part of a multipart/form-data body (WEB_UPLOAD routes). Only the first file part is
 * kept; a second one answers 400. */
typedef struct web_upload {
	char *path;     /* temporary file holding the bytes; deleted after the response; NULL if none */
	char *filename; /* the name the browser gave (untrusted; display only, never a path) */
	char *field;    /* the form field's name */
	size_t size;
} web_upload;

/* A body written as it is sent (web_respond_stream): appends the next part to out, returns 1 when
 * that was the last. Runs on the server's threads after the handler returned: ctx owns all it reads. */
typedef int (*web_stream_fn)(void *ctx, buf *out);

/* The response being built (private: use the functions below). */
typedef struct web_resp {
	int status;             /* 0 until a handler responds */
	char ctype[128];        /* long enough for the Office types (…wordprocessingml.document) */
	buf body;
	const void *data;       /* web_respond_static, web_respond_held: sent instead of body */
	size_t data_len;
	void (*data_release)(void *ctx); /* web_respond_held: called once data is sent or dropped */
	void *data_ctx;
	size_t nheaders;
	char *hname[WEB_MAX_HEADERS], *hvalue[WEB_MAX_HEADERS];
	web_stream_fn stream;   /* web_respond_stream: the body written as it is sent */
	void *stream_ctx;
	void (*stream_free)(void *ctx);
} web_resp;

struct web_req {
	/* The request: read-only for handlers. Strings are valid UTF-8 without NUL. */
	const char *method;      /* as sent; HEAD requests reach GET routes with method "HEAD" */
	const char *path;        /* the raw path, without the query string (not %-decoded) */
	const web_route *route;  /* the matched route */
	size_t nparams;
	char *param_value[WEB_MAX_PARAMS]; /* %-decoded {param} segments in pattern order (web_param) */
	form query;              /* the decoded query string */
	form form;               /* decoded body fields: urlencoded, or the non-file parts of multipart */
	web_upload upload;
	buf body;                /* the raw body of any other content type (JSON), else empty */
	char content_type[64];   /* the body's media type in lower case without parameters, or "" */
	auth_user user;          /* id 0 when anonymous (always for PERM_PUBLIC routes) */
	int secure;              /* came over HTTPS (through a proxy on 127.0.0.1) */
	int64_t now;             /* request time, Unix seconds */
	char client[64];         /* the peer's address */

	web_resp resp;
	struct web_priv *priv;   /* the framework's own state */
};

/* ---- reading the request ---- */

/* The decoded value of path parameter {name}, or NULL when the pattern has none. */
const char *web_param(const web_req *r, const char *name);
/* The first query-string value of name, or NULL. */
const char *web_query(const web_req *r, const char *name);
/* The first body form field of name, or NULL. */
const char *web_field(const web_req *r, const char *name);
/* The request header's value, or NULL. */
const char *web_header_in(const web_req *r, const char *name);
/* The request cookie's value, or NULL. */
const char *web_cookie(const web_req *r, const char *name);
/* The body as a JSON object (caller json_decref's it). On a wrong content type (415), a body that
 * is not a JSON object (400) the error response is already set and NULL is returned. */
json_t *web_body_json(web_req *r);
/* This worker thread's database connection, opened on first use. On failure a 500 response is
 * set and NULL returned. */
store *web_db(web_req *r);
/* "web:NAME" — the who of store_begin for this request's user. */
const char *web_who(web_req *r);

/* ---- responding (the last call wins) ---- */

/* Takes over body's memory (body is left empty). ctype e.g. "text/csv; charset=utf-8". */
void web_respond(web_req *r, int status, const char *ctype, buf *body);
/* Responds with a body fn writes part by part while it is sent (a large one, never whole in
 * memory); free_ctx(ctx) once it is sent or the connection ends, also when this is not the last
 * call. */
void web_respond_stream(web_req *r, int status, const char *ctype, web_stream_fn fn, void *ctx,
			void (*free_ctx)(void *ctx));
/* Responds with data that outlives the server (embedded files): sent without a copy. */
void web_respond_static(web_req *r, int status, const char *ctype, const void *data, size_t len);
/* Responds with data held by the caller (a kept text): sent without a copy; release(ctx) once it
 * is sent or the connection ends, also when this is not the last call. */
void web_respond_held(web_req *r, int status, const char *ctype, const void *data, size_t len,
		      void (*release)(void *ctx), void *ctx);
/* A text/plain response. */
void web_text(web_req *r, int status, const char *text);
/* Starts an HTML page inside the layout (header, navigation): returns the buffer to write the
 * page's content into with html_printf. title is escaped. */
buf *web_page_begin(web_req *r, const char *title);
/* Closes the layout and responds with status. */
void web_page_end(web_req *r, int status);
/* A JSON response; takes the reference to j. */
void web_json(web_req *r, int status, json_t *j);
/* 303 See Other to a local path ("/..."; anything else redirects to "/"). */
void web_redirect(web_req *r, const char *local_path);
/* An error in Chinese: an HTML page or {"error": msg, "status": n} by the route kind.
 * msg NULL uses the status's standard text (未找到, 无权访问, …). */
void web_error(web_req *r, int status, const char *msg);
/* 1 when the peer is a trusted reverse proxy (web_config.trust_proxy): its X-Forwarded-* headers
 * speak for the client. */
int web_from_proxy(const web_req *r);
/* Writes "fgdj: 请求 ID：message" to the server's log (one line, control characters escaped; the ID
 * is the access log's). */
void web_log_error(const web_req *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Adds a response header (copied). Security headers are added by the framework. */
void web_header(web_req *r, const char *name, const char *value);
/* Writes the hidden CSRF input every form carries: <input type="hidden" name="csrf" value="…">. */
void web_csrf_field(web_req *r, buf *b);
/* Where a kept page's forms get the request's CSRF field (web_csrf_fill); web_csrf_field writes
 * it while a WEB_KEEP page is drawn for keeping. Text escaped for HTML never holds "<!--". */
#define WEB_CSRF_MARK "<!--csrf-->"
/* out gets the kept page text t (len bytes) with the request's CSRF field at each mark. */
void web_csrf_fill(web_req *r, buf *out, const char *t, size_t len);

/* ---- the server ---- */

#define WEB_TRUST_PROXY_DEFAULT "127.0.0.1,::1" /* web_config.trust_proxy when NULL */

typedef struct web_config {
	const char *listen;        /* "ADDR:PORT" ("[::1]:8080" for IPv6); port 0 picks a free one */
	const char *db_path;       /* the database every worker opens */
	const web_route *routes;   /* the table to serve (web_routes for the application) */
	size_t nroutes;
	unsigned threads;          /* worker threads; 0 = number of CPUs, at least 2 */
	unsigned conn_limit;       /* simultaneous connections; 0 = 512 */
	unsigned timeout_s;        /* idle seconds before a connection is closed; 0 = 30 */
	size_t max_body;           /* 0 = WEB_MAX_BODY */
	FILE *log;                 /* access log, one line per request; NULL = stderr */
	const char *trust_proxy;   /* reverse proxies whose X-Forwarded-Proto, -For and X-Request-Id are
				      believed: IP addresses separated by ','; NULL = 127.0.0.1,::1;
				      "" or "none" = none */
	/* The refresher (a thread and connection of its own): at start warm, when given (the kept
	 * values the first pages of most users need); then, each time the data has been unchanged for
	 * refresh_ms after a write, cache_refresh (web/cache.h). refresh_ms 0: no refresher. */
	unsigned refresh_ms;
	int (*warm)(store *s, fg_err *e);
} web_config;

typedef struct web_server web_server;

/* Starts serving in background threads. FG_OK, or FG_EINPUT (bad address) / FG_EFAIL (cannot
 * listen) with a message. The config's strings and table must outlive the server. */
int web_start(const web_config *c, web_server **out, fg_err *e);
/* The port actually listened on. */
unsigned web_port(const web_server *w);
/* Stops accepting, waits (up to 10 s) for requests in progress, stops the workers, closes the
 * database connections and frees w. */
void web_stop(web_server *w);
/* web_start, a line "fgdj: 正在服务 http://ADDR:PORT/" on stderr, then blocks until SIGTERM or
 * SIGINT and stops gracefully. The signals must be blocked in every thread before the call
 * (web_block_signals) so that only this thread receives them. */
int web_run(const web_config *c, fg_err *e);
void web_block_signals(void);

/* Prints the table, one route a line: METHOD PATTERN PERMISSION KIND(api|page) [nocsrf] [upload]. */
void web_routes_print(FILE *f, const web_route *routes, size_t n);

#endif
