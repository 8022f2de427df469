/* page_figures — GET /figures/{key}: the records a party-work figure counts (star-rated
 * organisations, standard venues, funding, secretaries, 亮身份 posts…), for the dashboard's cards to
 * open. The set comes from party_figure_set (report/party.h), the function whose counts the
 * statistics add up, over the facts of the user's region on the day — computed once per change of
 * the data (web/cache.h) — and each record is then read inside the user's scope, as its own page
 * would be. The count on the page is therefore the figure's. */
#include <stdlib.h>
#include <string.h>

#include "core/metrics.h"
#include "report/facts.h"
#include "report/party.h"
#include "report/stats.h"
#include "util/date.h"
#include "util/strmap.h"
#include "web/cache.h"
#include "web/page_ledger.h"
#include "web/pages_ledger.h"
#include "web/pages_tools.h"

typedef struct fig_item {
	ledger_kind kind;
	int64_t id, value;
	int64_t group; /* the street, community, zone or district it is counted in; 0: the whole region */
} fig_item;

typedef struct fig_group {
	int64_t id;
	char *name;
} fig_group;

typedef struct fig_value {
	fig_item *v;
	size_t n, cap;
	char *label;       /* the region's name as the facts give it */
	fig_group *groups; /* of the breakdown (none for the whole region), as stats_compute names them */
	size_t ngroups;
} fig_value;

static int add_item(void *ctx, int32_t slot, ledger_kind kind, int64_t id, int64_t value)
{
	fig_value *fv = ctx;
	if (fv->n == fv->cap) {
		fv->cap = fv->cap ? fv->cap * 2 : 64;
		fv->v = xrealloc(fv->v, fv->cap * sizeof *fv->v);
	}
	fv->v[fv->n++] = (fig_item){kind, id, value, fv->ngroups ? fv->groups[slot].id : 0};
	return 0;
}

static const metric_key *key_at(size_t i)
{
	size_t n;
	const metric_key *k = metrics_keys(&n);
	return i < n ? &k[i] : NULL;
}

/* A breakdown's level as region.level names it, for the names of its groups. */
static const char *const BY_LEVEL[] = {"", "street", "community", "zone", "district"};
enum { FIG_BYS = 5 };

typedef struct names_ctx {
	fig_value *fv;
	const char *level;
} names_ctx;

static int add_name(void *ctx, const char *level, int64_t id, const char *name)
{
	names_ctx *nc = ctx;
	if (strcmp(level, nc->level) != 0)
		return 0;
	for (size_t i = 0; i < nc->fv->ngroups; i++)
		if (nc->fv->groups[i].id == id && !nc->fv->groups[i].name)
			nc->fv->groups[i].name = xstrdup(name);
	return 0;
}

/* The slots of a breakdown: one per group (street, community, …) holding an enterprise of the
 * facts, as stats_from_facts makes them; slot_of[i] for f.ents[i]. */
static int32_t *fig_slots(const facts *f, stats_by by, fig_value *fv)
{
	int32_t *slot = xmalloc((f->nents ? f->nents : 1) * sizeof *slot);
	strmap gidx = {0};
	for (size_t i = 0; i < f->nents; i++) {
		int64_t g = stats_group_of(&f->ents[i], by), gi;
		slot[i] = -1;
		if (!g)
			continue;
		if (!strmap_get(&gidx, (const char *)&g, sizeof g, &gi)) {
			gi = (int64_t)fv->ngroups++;
			fv->groups = xrealloc(fv->groups, fv->ngroups * sizeof *fv->groups);
			fv->groups[gi] = (fig_group){g, NULL};
			strmap_put(&gidx, (const char *)&g, sizeof g, gi);
		}
		slot[i] = (int32_t)gi;
	}
	strmap_free(&gidx);
	return slot;
}

static void fig_free(void *p)
{
	fig_value *fv = p;
	free(fv->v);
	free(fv->label);
	for (size_t i = 0; i < fv->ngroups; i++)
		free(fv->groups[i].name);
	free(fv->groups);
	free(fv);
}

/* variant: the figure's index in metrics_keys × FIG_BYS + the breakdown (stats_by). */
static int fig_compute(store *s, const char *region, int as_of, int variant, void **out, fg_err *e)
{
	const metric_key *k = key_at((size_t)(variant / FIG_BYS));
	stats_by by = (stats_by)(variant % FIG_BYS);
	const facts *f;
	cache_ref *fref;
	int rc = tools_facts_cached(s, region, as_of, &f, &fref, e);
	if (rc)
		return rc;
	fig_value *fv = xmalloc(sizeof *fv);
	memset(fv, 0, sizeof *fv);
	fv->label = xstrdup(f->label ? f->label : "");
	int32_t *slot = by == STATS_BY_NONE ? NULL : fig_slots(f, by, fv);
	if (!k || party_figure_set(&f->party, f, k->key, slot, fv->ngroups, add_item, fv) < 0)
		rc = err_set(e, FG_EINPUT, "这个数字没有对应的名单");
	tools_facts_release(f, fref);
	if (!rc && fv->ngroups) {
		names_ctx nc = {fv, BY_LEVEL[by]};
		rc = store_scan_names(s, add_name, &nc, e);
	}
	free(slot);
	if (rc) {
		fig_free(fv);
		return rc;
	}
	*out = fv;
	return FG_OK;
}

static const cache_kind FIGSET = {fig_compute, fig_free};

enum { FIG_PAGE = 100 };

typedef struct row_ctx {
	buf *b;
	const metric_key *k;
	int64_t value;
	int money;
} row_ctx;

/* A sum of money in 分 as the statistics write it (元, two decimals). */
static void yuan_text(const metric_key *k, int64_t fen, char out[32])
{
	metrics m;
	memset(&m, 0, sizeof m);
	memcpy((char *)&m + k->off, &fen, sizeof fen);
	stats_value_text(&m, k, out);
}

static void value_cell(const row_ctx *c)
{
	if (!c->money)
		return;
	char yuan[32];
	yuan_text(c->k, c->value, yuan);
	html_printf(c->b, "<td class=\"num\">%s</td>", yuan);
}

static int org_row(void *ctx, const query_row *row)
{
	row_ctx *c = ctx;
	const ledger_rec *o = row->rec;
	html_raw(c->b, "<tr><td><a href=\"");
	lw_href(c->b, &LW_ORGS, row);
	html_printf(c->b, "\">%s</a></td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>", o->f[O_NAME], o->f[O_KIND],
		    o->f[O_MODE], o->f[O_STREET] ? o->f[O_STREET] : "", o->f[O_COMMUNITY] ? o->f[O_COMMUNITY] : "");
	value_cell(c);
	html_raw(c->b, "</tr>\n");
	return 0;
}

static int desig_row(void *ctx, const query_row *row)
{
	row_ctx *c = ctx;
	const ledger_rec *d = row->rec;
	html_raw(c->b, "<tr><td><a href=\"");
	lw_href(c->b, &LW_DESIGNATIONS, row);
	html_printf(c->b, "\">%s</a></td><td>%s</td><td>%s</td><td>%s</td></tr>\n", d->f[DG_NAME], d->f[DG_KIND],
		    d->f[DG_USCC], d->f[DG_GRANTED] ? d->f[DG_GRANTED] : "");
	return 0;
}

static int fig_cmp(const void *a, const void *b)
{
	const fig_item *x = a, *y = b;
	return (x->id > y->id) - (x->id < y->id);
}

/* The request's figure and the records it counts, in id order (a page is a stable slice): 0 with
 * *items (freed by the caller), or -1 after answering. ?street=, ?community=, ?zone= or ?district=
 * (an id, as the dashboard's by-group table links them) keeps the records counted in that group of
 * the breakdown — the cell's own set; a group the scope's facts do not hold is refused. */
typedef struct fig_req {
	const metric_key *k;
	fig_item *items;
	size_t n;
	int64_t sum;
	int as_of, orgs;
	char *label;
	const char *place;  /* the group's parameter, NULL for the whole region */
	int64_t gid;
} fig_req;

static int fig_read(web_req *r, store *s, fig_req *q)
{
	memset(q, 0, sizeof *q);
	const char *name = web_param(r, "key");
	size_t nkeys, ki = 0;
	const metric_key *keys = metrics_keys(&nkeys);
	while (ki < nkeys && name && strcmp(keys[ki].key, name) != 0)
		ki++;
	if (!s || ki == nkeys) {
		web_error(r, 404, "没有这个统计数字");
		return -1;
	}
	const char *region;
	if (tools_region(r, s, &region) || tools_as_of(r, &q->as_of))
		return -1;
	/* the most specific place asked for: a community, a street, a zone, a district of a city */
	static const stats_by BY[] = {STATS_BY_COMMUNITY, STATS_BY_STREET, STATS_BY_ZONE, STATS_BY_DISTRICT};
	stats_by by = STATS_BY_NONE;
	for (size_t i = 0; i < sizeof BY / sizeof BY[0] && by == STATS_BY_NONE; i++) {
		const char *v = web_query(r, BY_LEVEL[BY[i]]);
		if (!v || !*v)
			continue;
		by = BY[i];
		q->place = BY_LEVEL[BY[i]];
		q->gid = lw_id_param(r, q->place);
	}
	if (by != STATS_BY_NONE && !q->gid) {
		web_error(r, 404, "没有这个地区，或它不在您的工作范围内");
		return -1;
	}
	fg_err e;
	const void *p = NULL;
	cache_ref *ref = NULL;
	int rc = store_read_begin(s, &e);
	if (!rc) {
		rc = cache_get(s, &FIGSET, region, q->as_of, (int)ki * FIG_BYS + (int)by, &p, &ref, &e);
		store_read_end(s);
	}
	if (rc) {
		web_error(r, rc == FG_EINPUT ? 404 : 500, e.msg);
		return -1;
	}
	const fig_value *fv = p;
	const char *group = NULL;
	for (size_t i = 0; i < fv->ngroups && !group; i++)
		if (fv->groups[i].id == q->gid)
			group = fv->groups[i].name ? fv->groups[i].name : "（未知）";
	if (by != STATS_BY_NONE && !group) { /* not a group of the scope's enterprises */
		cache_release(ref);
		web_error(r, 404, "没有这个地区，或它不在您的工作范围内");
		return -1;
	}
	q->k = &keys[ki];
	q->items = xmalloc((fv->n ? fv->n : 1) * sizeof *q->items);
	for (size_t i = 0; i < fv->n; i++) /* fv->v is NULL when the set is empty */
		if (fv->v[i].group == q->gid)
			q->items[q->n++] = fv->v[i];
	if (group) {
		buf t = {0};
		buf_printf(&t, "%s · %s", fv->label, group);
		q->label = buf_detach(&t);
	} else
		q->label = xstrdup(fv->label);
	cache_release(ref);
	for (size_t i = 0; i < q->n; i++)
		q->sum += q->items[i].value;
	qsort(q->items, q->n, sizeof *q->items, fig_cmp);
	q->orgs = q->n == 0 || q->items[0].kind == LEDGER_ORGS;
	return 0;
}

/* The request's region, date and place as a query string (for the export link). */
static void fig_query(buf *b, web_req *r, const fig_req *q)
{
	const char *region = web_query(r, "region");
	tools_filter_query(b, region && *region ? region : NULL, q->as_of);
	if (q->place)
		html_printf(b, "&amp;%s=%lld", q->place, (long long)q->gid);
}

static void fig_req_free(fig_req *q)
{
	free(q->items);
	free(q->label);
}

void page_figure(web_req *r)
{
	store *s = web_db(r);
	fig_req q;
	if (fig_read(r, s, &q))
		return;
	const metric_key *k = q.k;
	int money = k->is_rate == METRIC_MONEY, orgs = q.orgs;
	size_t n = q.n;
	fg_err e;
	buf *b = web_page_begin(r, k->label);
	char day[11];
	date_format(q.as_of, day);
	html_printf(b, "<h1>%s</h1>\n<p class=\"lead\">%s · 截至 %s · 本名单即首页和统计表中这个数字所统计的%s",
		    k->label, q.label, day, orgs ? "党组织（覆盖本地区在营企业的党组织，每个计一次）" : "岗区（当日有效）");
	if (money) {
		char yuan[32];
		yuan_text(k, q.sum, yuan);
		html_printf(b, "，合计 %s 元", yuan);
	}
	html_raw(b, "。</p>\n<p class=\"list-tools no-print\"><a href=\"");
	html_raw(b, r->path);
	html_raw(b, "/export.xlsx");
	html_raw(b, "?");
	fig_query(b, r, &q);
	html_printf(b, "\">导出 XLSX（%s台账的这些记录）</a>", orgs ? "党组织" : "亮身份岗区");
	/* the page that goes on from these records: the ranking, the funding totals, the ledger */
	static const struct {
		const char *prefix, *href, *text;
	} MORE[] = {{"orgs_", "/ratings/ranking", "星级评定排名"},
		    {"funding_", "/funding/totals", "党建经费汇总"},
		    {"venues_", "/venues", "党员活动阵地台账"},
		    {"open_bases", "/venues", "党员活动阵地台账"},
		    {"secretaries_", "/secretaries", "党组织书记台账"},
		    {"designations_", "/designations", "亮身份岗区台账"}};
	for (size_t i = 0; i < sizeof MORE / sizeof MORE[0]; i++)
		if (strncmp(k->key, MORE[i].prefix, strlen(MORE[i].prefix)) == 0) {
			html_printf(b, " · <a href=\"%s\">%s</a>", MORE[i].href, MORE[i].text);
			break;
		}
	html_raw(b, "</p>\n");

	int64_t page = lw_page_number(r), pages = n ? ((int64_t)n + FIG_PAGE - 1) / FIG_PAGE : 1;
	if (page > pages)
		page = pages;
	store_filter sc = lw_scope(r);
	row_ctx c = {b, k, 0, money};
	if (orgs)
		html_printf(b, "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">党组织</th><th scope=\"col\">类别</th>"
			       "<th scope=\"col\">组建方式</th><th scope=\"col\">街道</th><th scope=\"col\">社区</th>%s</tr></thead>\n<tbody>\n",
			    money ? "<th scope=\"col\">金额（元）</th>" : "");
	else
		html_raw(b, "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">名称</th><th scope=\"col\">类型</th>"
			    "<th scope=\"col\">企业统一社会信用代码</th><th scope=\"col\">授予日期</th></tr></thead>\n<tbody>\n");
	for (size_t i = (size_t)(page - 1) * FIG_PAGE; i < n && i < (size_t)page * FIG_PAGE; i++) {
		c.value = q.items[i].value;
		if (query_get(s, q.items[i].kind, &sc, q.items[i].id, NULL, date_today(), orgs ? org_row : desig_row, &c, &e) <= 0)
			html_printf(b, "<tr><td colspan=\"%d\" class=\"muted\">（编号 %lld 的记录不在您的工作范围内）</td></tr>\n",
				    orgs ? 5 + money : 4, (long long)q.items[i].id);
	}
	if (!n)
		html_printf(b, "<tr><td colspan=\"%d\" class=\"muted\">没有记录</td></tr>\n", orgs ? 5 + money : 4);
	html_raw(b, "</tbody>\n</table></div>\n");
	lw_pager(b, r, page, (int64_t)n);
	web_page_end(r, 200);
	fig_req_free(&q);
}

/* The export: the records of the set, each read inside the scope, through the ledger's own XLSX. */
typedef struct fig_src {
	store *s;
	const store_filter *sc;
	const fig_req *q;
	store_rec_fn fn;
	void *fn_ctx;
} fig_src;

static int src_row(void *ctx, const query_row *row)
{
	fig_src *src = ctx;
	return src->fn(src->fn_ctx, row->rec);
}

static int src_each(void *ctx, store_rec_fn fn, void *fn_ctx, fg_err *e)
{
	fig_src *src = ctx;
	src->fn = fn;
	src->fn_ctx = fn_ctx;
	for (size_t i = 0; i < src->q->n; i++) {
		int rc = query_get(src->s, src->q->items[i].kind, src->sc, src->q->items[i].id, NULL, date_today(), src_row,
				   src, e);
		if (rc < 0)
			return FG_EFAIL;
	}
	return FG_OK;
}

void page_figure_export(web_req *r)
{
	store *s = web_db(r);
	fig_req q;
	if (fig_read(r, s, &q))
		return;
	store_filter sc = lw_scope(r);
	buf words = {0};
	char day[11];
	date_format(q.as_of, day);
	html_printf(&words, "统计数字：%s（%s，截至 %s）", q.k->label, q.label, day);
	fig_src src = {s, &sc, &q, NULL, NULL};
	lw_export_xlsx(r, q.orgs ? &LW_ORGS : &LW_DESIGNATIONS, s, &sc, buf_cstr(&words), src_each, &src);
	buf_free(&words);
	fig_req_free(&q);
}
