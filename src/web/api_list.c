/* GET /api/v1/LEDGER: a ledger's list as JSON (total, limit, offset, items), inside the user's
 * scope, with the list filters of the pages (page_ledger.h lw_api_list).
 *
 * A masked answer is kept as its JSON text per (ledger, scope, day, query string) while the newest
 * history id is unchanged — every write appends to the history in its transaction, so the stamp
 * names the state exactly (web/cache.h) — and read inside the same read moment as the stamp: a
 * request is served an answer only of the state it reads, and the first request after any write
 * builds it again. The JSON is built by jansson once per state instead of once per request (at
 * city scale ≈ 20 values for each of 50 rows). An unmasked answer is never kept: it logs every row
 * it shows. The kept answers (web/kept.h) hold at most 8 MB together; the least recently used go. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/rules.h"
#include "store/history_query.h"
#include "store/places.h"
#include "util/date.h"
#include "web/kept.h"
#include "web/page_ledger.h"
#include "web/web_int.h"

/* At most 8 MB of JSON text together; an answer above 1 MB is built every time. */
static kept_entry api_slots[256];
static kept_set API_KEPT = KEPT_SET(api_slots, 8u << 20, 1u << 20);

/* What decides a masked answer besides the state: the ledger, the scope, the day and every query
 * parameter as sent (names and values percent-encoded, in order). */
static void answer_key(web_req *r, const lw_kind *k, const store_filter *sc, int today, buf *key)
{
	buf_printf(key, "%d\x1f%lld\x1f%lld\x1f%d", (int)k->kind, (long long)sc->region_id, (long long)sc->org_id, today);
	for (size_t i = 0; i < r->query.n; i++) {
		buf_putc(key, '\x1f');
		html_url(key, r->query.f[i].name);
		buf_putc(key, '=');
		html_url(key, r->query.f[i].value);
	}
}

typedef struct api_list_ctx {
	json_t *items;
	char **keys; /* the rows' keys when shown unmasked (logged) */
	size_t n;
	int unmasked;
} api_list_ctx;

static int api_add(void *ctx, const query_row *row)
{
	api_list_ctx *c = ctx;
	json_array_append_new(c->items, lw_item(row, c->unmasked));
	if (c->unmasked) {
		buf k = {0};
		lw_key(row, &k);
		c->keys = xrealloc(c->keys, (c->n + 1) * sizeof *c->keys);
		c->keys[c->n++] = buf_detach(&k);
	}
	return 0;
}

static int int_arg(web_req *r, const char *name, int64_t lo, int64_t hi, int64_t *out)
{
	const char *v = web_query(r, name);
	if (!v || !*v)
		return 0;
	char *end;
	long long n = strtoll(v, &end, 10);
	if (*end || n < lo || n > hi) {
		buf m = {0};
		buf_printf(&m, "%s 应为 %lld 到 %lld 的整数", name, (long long)lo, (long long)hi);
		web_error(r, 400, buf_cstr(&m));
		buf_free(&m);
		return -1;
	}
	*out = n;
	return 0;
}

/* ?region= (a street, community or — for enterprises — zone name; 404 outside the scope),
 * ?coverage=, ?org= and ?employer= (names resolved inside the scope). 0, or the response is set. */
static int api_filters(web_req *r, store *s, const lw_kind *k, const store_filter *sc, query_list *q)
{
	const char *region = web_query(r, "region");
	if (region && *region) {
		store_filter f;
		char *label = NULL;
		fg_err e;
		int rc = store_region_resolve(s, region, &f, &label, &e);
		free(label);
		int ok = !rc && (f.zone_id ? k->kind == LEDGER_ENTERPRISES : auth_filter_visible(s, &r->user, &f));
		if (!ok) {
			web_error(r, 404, "没有这个地区，或它不在您的工作范围内（按园区/商圈/楼宇筛选只适用于企业）");
			return -1;
		}
		q->region_id = f.region_id;
		q->zone_id = f.zone_id;
	}
	const char *cov = web_query(r, "coverage");
	if (cov && *cov) {
		for (int st = COV_UNCOVERED; st <= COV_AFFILIATED && !q->cov; st++)
			if (strcmp(cov, rules_cov_name((cov_state)st)) == 0)
				q->cov = 1 + st;
		if (!q->cov) {
			web_error(r, 400, "coverage 应为 单独建、联合建、挂靠建 或 未覆盖");
			return -1;
		}
	}
	lw_ref_filters(r, s, sc, q);
	return 0;
}

/* ?from= / ?to= of the party-work records: YYYY-MM-DD (400 otherwise), NULL when absent. */
static int date_arg(web_req *r, const char *name, const char **out)
{
	const char *v = web_query(r, name);
	int day;
	char canon[11];
	if (!v || !*v)
		return 0;
	if (date_parse(v, &day) == 0) {
		date_format(day, canon);
		if (strcmp(canon, v) == 0) {
			*out = v;
			return 0;
		}
	}
	buf m = {0};
	buf_printf(&m, "%s 应为 YYYY-MM-DD 格式的日期", name);
	web_error(r, 400, buf_cstr(&m));
	buf_free(&m);
	return -1;
}

static int flag_arg(web_req *r, const char *name)
{
	const char *v = web_query(r, name);
	return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

void lw_api_list(web_req *r)
{
	const lw_kind *k = r->route->ctx;
	store *s = web_db(r);
	if (!s)
		return;
	store_filter sc = lw_scope(r);
	query_list q = {.today = date_today(), .limit = QUERY_PAGE_SIZE};
	if (int_arg(r, "limit", 1, QUERY_MAX_LIMIT, &q.limit) || int_arg(r, "offset", 0, INT64_MAX / 2, &q.offset) ||
	    int_arg(r, "parent", 0, INT64_MAX, &q.parent_id) || api_filters(r, s, k, &sc, &q))
		return;
	q.q = web_query(r, "q");
	q.status = web_query(r, "status");
	/* dues filter by month, carried as the kind filter (query.c DUES_FILTER) */
	q.kind = web_query(r, k->kind == LEDGER_DUES ? "month" : "kind");
	q.mode = web_query(r, "mode");
	q.relation = web_query(r, "relation");
	q.incomplete = flag_arg(r, "incomplete");
	q.pocket = flag_arg(r, "pocket");
	q.disclosed = flag_arg(r, "disclosed");
	q.formal = flag_arg(r, "formal");
	q.closed = flag_arg(r, "closed");
	if (k->kind == LEDGER_ENTERPRISES)
		q.sets = lw_ent_sets(r);
	if (date_arg(r, "from", &q.from) || date_arg(r, "to", &q.to))
		return;
	int unmasked = lw_unmasked(r, k->kind);
	if (unmasked < 0)
		return;
	/* A masked answer: kept per state (above). The stamp and the rows are read in one moment. */
	fg_err e;
	buf key = {0}, text = {0};
	int64_t stamp = -1;
	if (!unmasked) {
		if (store_read_begin(s, &e)) {
			web_error(r, 500, e.msg);
			return;
		}
		stamp = store_history_last_id(s);
		answer_key(r, k, &sc, q.today, &key);
		if (stamp >= 0 && kept_get(&API_KEPT, buf_cstr(&key), stamp, &text)) {
			store_read_end(s);
			buf_free(&key);
			web_respond(r, 200, "application/json; charset=utf-8", &text);
			return;
		}
	}
	api_list_ctx c = {json_array(), NULL, 0, unmasked};
	int64_t total = 0;
	int rc = query_list_rows(s, k->kind, &sc, &q, &total, api_add, &c, &e);
	if (!unmasked)
		store_read_end(s);
	if (rc) {
		web_error(r, 500, e.msg);
	} else if (!unmasked || !c.n || lw_log_views(r, s, k->tbl, (const char *const *)c.keys, c.n) == FG_OK) {
		json_t *j = json_pack("{s:I, s:I, s:I, s:O}", "total", (json_int_t)total, "limit", (json_int_t)q.limit,
				      "offset", (json_int_t)q.offset, "items", c.items);
		if (unmasked) {
			web_json(r, 200, j);
		} else {
			/* web_json's text, kept */
			char *js = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
			json_decref(j);
			buf_puts(&text, js ? js : "null");
			buf_putc(&text, '\n');
			free(js);
			kept_put(&API_KEPT, buf_cstr(&key), stamp, text.p, text.len);
			web_respond(r, 200, "application/json; charset=utf-8", &text);
		}
	}
	buf_free(&key);
	buf_free(&text);
	json_decref(c.items);
	for (size_t i = 0; i < c.n; i++)
		free(c.keys[i]);
	free(c.keys);
}

