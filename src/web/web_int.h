/* Internals shared by the framework's files (server, router, session, layout). Handlers use web.h. */
#ifndef FGDJ_WEB_INT_H
#define FGDJ_WEB_INT_H
#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>

#include "util/dl.h"
#include "web/web.h"

#define WEB_SESSION_COOKIE "fgdj_session"
#define WEB_LOGIN_COOKIE "fgdj_login"  /* pre-session token of the login form (double submit) */
#define WEB_SESSION_IDLE (2 * 3600)     /* seconds without a request before a session ends */
#define WEB_SESSION_MAX (12 * 3600)     /* seconds after login when a session ends regardless */
#define WEB_SESSION_TOUCH 60            /* write "last seen" at most this often */

struct web_server {
	struct MHD_Daemon *d;
	web_config cfg;
	unsigned port;
	FILE *log;
	atomic_int inflight;  /* requests between their URI and their completion */
	pthread_mutex_t mu;   /* guards stores */
	store **stores;       /* every worker's connection, closed by web_stop */
	size_t nstores, capstores;
	char proxies[8][64];  /* trusted reverse proxies' addresses (web_config.trust_proxy), normalised */
	size_t nproxies;
	/* the refresher (web_config.refresh_ms): its thread, told to stop under refresh_mu */
	pthread_t refresher;
	int has_refresher;
	atomic_int refresh_stop; /* also stops the refresher's statements (store_stop_on) */
	pthread_mutex_t refresh_mu;
	pthread_cond_t refresh_cv;
};

enum { WEB_ST_NEW, WEB_ST_BODY, WEB_ST_DONE };

struct web_priv {
	web_server *srv;
	struct MHD_Connection *conn;
	int state;
	char *uri;                 /* the request URI as received */
	struct timespec t0;
	struct MHD_PostProcessor *pp;
	int upload_fd;             /* -1 when no file is open */
	int multipart, urlencoded;
	size_t received;           /* body bytes so far */
	size_t cap;                /* the body's byte limit */
	int too_big;               /* the body passed the cap: answer 413 */
	int bad_body;              /* the body could not be decoded: answer 400 */
	int csrf_checked;          /* the X-CSRF-Token header was present and right */
	buf part_name, part_value; /* a multipart field being received */
	int part_open;
	buf page;                  /* an HTML page between web_page_begin and web_page_end */
	char token_hash[65];       /* the session's token hash, "" without a session */
	char who[USERS_NAME_MAX + 8]; /* "web:" and a name */
	int queued;                /* the response has been handed to MHD */
	int log_status;
	size_t log_bytes;
	char request_id[33];       /* in the access log, error lines and the X-Request-Id header */
	char *log_error;           /* a 5xx response's message, for the access log */
	char *log_note;            /* what the request computed (cache_notes), for the access log */
	int keeping;               /* a page being kept: web_csrf_field writes WEB_CSRF_MARK */
};

/* kept_page.c: runs the route's handler — for a WEB_KEEP page, serves the page kept for this
 * user, day and query at the data's current stamp, or keeps the one the handler draws. */
void web_run_handler(web_req *r);

/* router.c: 1 for methods that change things (all but GET, HEAD, OPTIONS). */
int web_unsafe_method(const char *method);
/* router.c: finds r's route (sets route and params) — 0, or 404/405 with the response set. */
int web_route_match(web_req *r);
/* router.c: checks made when the headers are in — session, permission, Origin, CSRF header.
 * 0 to go on, else the response is set. */
int web_precheck(web_req *r);
/* router.c: checks the CSRF form field when still needed, then runs the handler. */
void web_dispatch(web_req *r);
/* How many times a request whose write lost to another writer runs again (web_dispatch). */
#define WEB_WRITE_RETRIES 5
/* 1 (once) when this worker's database connection lost a write to another writer's transaction
 * since the last call (store_conflict_take): the request may run again. server.c. */
int web_db_conflict_take(web_req *r);
/* Forgets the response a handler set (its status, body, headers, logged error), before running it again. */
void web_resp_reset(web_req *r);

/* session.c */
void web_session_load(web_req *r);
/* A new session for account u: stores it, sets the cookie, fills r->user. */
int web_session_start(web_req *r, const user_rec *u, fg_err *e);
/* Deletes the request's session and expires the cookie. FG_OK, or FG_EFAIL when the session
 * could not be deleted (it stays valid until it expires: the caller answers 500). */
int web_session_end(web_req *r, fg_err *e);
/* 1 when the request carries the session's CSRF token (header X-CSRF-Token or field csrf). */
int web_csrf_ok(web_req *r);
/* Constant-time comparison of two NUL-terminated tokens. */
int web_token_eq(const char *a, const char *b);
/* 32 random bytes as 64 hex digits. */
void web_random_hex(char out[65]);
/* A Set-Cookie value: name=value; Path=path; HttpOnly; SameSite=Strict[; Secure][; Max-Age=0]. */
void web_set_cookie(web_req *r, const char *name, const char *value, const char *path, int expire);

/* layout.c */
void web_layout_top(web_req *r, buf *b, const char *title);
void web_layout_bottom(web_req *r, buf *b);
/* The standard Chinese text of an HTTP status. */
const char *web_status_text(int status);

/* page_static.c: "/assets/NAME?v=HASH" for an embedded asset. */
void web_asset_url(buf *b, const char *name);

/* libmicrohttpd's functions, as mhd.NAME(…): bound by web_start (util/dl.h), so that no command
 * but fgdj serve loads it and the TLS libraries it needs. */
#define WEB_MHD_FUNCS(X) \
	X(MHD_add_response_header) X(MHD_create_post_processor) X(MHD_create_response_from_buffer) \
	X(MHD_create_response_from_buffer_with_free_callback) \
	X(MHD_create_response_from_buffer_with_free_callback_cls) X(MHD_create_response_from_callback) \
	X(MHD_destroy_post_processor) X(MHD_destroy_response) X(MHD_get_connection_info) \
	X(MHD_get_daemon_info) X(MHD_lookup_connection_value) X(MHD_post_process) X(MHD_queue_response) \
	X(MHD_quiesce_daemon) X(MHD_start_daemon) X(MHD_stop_daemon)
struct web_mhd {
	WEB_MHD_FUNCS(DL_POINTER)
};
extern struct web_mhd mhd;

#endif
