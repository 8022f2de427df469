/* List pages kept as their HTML per (user, day, path and query) while the data is unchanged
 * (route flag WEB_KEEP; web/kept.h).
 *
 * A list page shows the data inside the user's scope, the user (name, role, menu) and the query —
 * nothing else that changes: every change of the data, of the user or of the settings appends to
 * the history, whose newest id is the stamp (web/cache.h). The stamp is read before the handler
 * reads anything, so a page kept at a stamp shows that state or a later one, and the first request
 * after a write draws the page again. The request's own CSRF field is filled into the kept text
 * each time (web_csrf_fill). Not kept: views that log what they show (?unmasked=1), the print view,
 * and any answer but a plain 200 HTML page. At most 8 MB of pages together; a page above 1 MB is
 * drawn every time. */
#include <string.h>

#include "store/history_query.h"
#include "util/date.h"
#include "web/kept.h"
#include "web/web_int.h"

static kept_entry page_slots[512];
static kept_set PAGES = KEPT_SET(page_slots, 8u << 20, 1u << 20);

static int keepable(web_req *r)
{
	if (!(r->route->flags & WEB_KEEP) || strcmp(r->method, "GET") != 0 || !r->user.id)
		return 0;
	for (size_t i = 0; i < r->query.n; i++)
		if (strcmp(r->query.f[i].name, "unmasked") == 0 || strcmp(r->query.f[i].name, "print") == 0)
			return 0;
	return 1;
}

/* What decides the page besides the data: the user, the day, the path and every query parameter
 * as sent (names and values percent-encoded, in order). */
static void page_key(web_req *r, buf *key)
{
	buf_printf(key, "%lld\x1f%d\x1f%s", (long long)r->user.id, date_today(), r->path);
	for (size_t i = 0; i < r->query.n; i++) {
		buf_putc(key, '\x1f');
		html_url(key, r->query.f[i].name);
		buf_putc(key, '=');
		html_url(key, r->query.f[i].value);
	}
}

void web_run_handler(web_req *r)
{
	if (!keepable(r)) {
		r->route->handler(r);
		return;
	}
	store *s = web_db(r);
	if (!s)
		return;
	fg_err e;
	if (store_read_begin(s, &e)) {
		web_error(r, 500, e.msg);
		return;
	}
	int64_t stamp = store_history_last_id(s);
	store_read_end(s);
	buf key = {0}, text = {0};
	page_key(r, &key);
	if (kept_get(&PAGES, buf_cstr(&key), stamp, &text)) {
		buf out = {0};
		web_csrf_fill(r, &out, text.p, text.len);
		web_respond(r, 200, "text/html; charset=utf-8", &out);
		buf_free(&text);
		buf_free(&key);
		return;
	}
	r->priv->keeping = 1;
	r->route->handler(r);
	r->priv->keeping = 0;
	web_resp *p = &r->resp;
	if (p->status == 200 && !p->stream && !p->data && !p->nheaders && strncmp(p->ctype, "text/html", 9) == 0)
		kept_put(&PAGES, buf_cstr(&key), stamp, p->body.p ? p->body.p : "", p->body.len);
	/* Whatever the handler answered, its forms get the request's field. */
	if (p->body.len) {
		buf out = {0};
		web_csrf_fill(r, &out, p->body.p, p->body.len);
		buf_free(&p->body);
		p->body = out;
	}
	buf_free(&key);
}
