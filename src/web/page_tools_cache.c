/* The statistics of a scope, computed once per change of the data, and the dashboard's charts.
 *
 * Computing the statistics reads every enterprise, member and link of the region: a few hundred
 * milliseconds at city scale, far too slow for a page every user opens first. The figures change
 * only when the data does, and every change appends to the history in the same transaction, so
 * the newest history id is an exact change stamp (store_history_last_id). An entry is keyed by
 * (region, as-of day, breakdown) and valid while the stamp is unchanged. The stamp and the figures
 * are read at one moment (store_read_begin), so the stamp names exactly the state the figures come
 * from and a request is served cached figures only of the state it reads.
 *
 * The entry keeps the charts' markup too: drawing them (a few hundred numbers through printf) costs
 * more than the rest of the page, and they change only with the figures.
 *
 * One computation per key at a time: concurrent requests for a key being computed wait for it
 * (a cold dashboard under load computes once, not once per connection). Entries are few (one per
 * scope in use); the least recently used is dropped beyond CACHE_MAX. */
#include <math.h>
#include <pthread.h>
#include <string.h>

#include "report/doc.h"
#include "store/history_query.h"
#include "web/pages.h"

#define CACHE_MAX 64

typedef struct entry {
	char *region;    /* "" = the district */
	int as_of;
	stats_by by;
	int64_t stamp;
	int busy;        /* being computed by one request; the others wait */
	int valid;
	stats st;
	char *charts;    /* tools_stats_charts of st */
	uint64_t used;   /* LRU clock */
} entry;

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t done = PTHREAD_COND_INITIALIZER;
static entry cache[CACHE_MAX];
static size_t ncache;
static uint64_t clock_lru;

static void stats_copy(stats *dst, const stats *src)
{
	*dst = *src;
	dst->label = xstrdup(src->label ? src->label : "");
	dst->groups = NULL;
	if (src->ngroups) {
		dst->groups = xmalloc(src->ngroups * sizeof *dst->groups);
		for (size_t i = 0; i < src->ngroups; i++) {
			dst->groups[i] = src->groups[i];
			dst->groups[i].name = xstrdup(src->groups[i].name ? src->groups[i].name : "");
		}
	}
}

static entry *find(const char *region, int as_of, stats_by by)
{
	for (size_t i = 0; i < ncache; i++)
		if (cache[i].as_of == as_of && cache[i].by == by && strcmp(cache[i].region, region) == 0)
			return &cache[i];
	return NULL;
}

/* A slot for a new key: a free one, else the least recently used entry that nobody computes. */
static entry *slot(const char *region, int as_of, stats_by by)
{
	entry *e = NULL;
	if (ncache < CACHE_MAX) {
		e = &cache[ncache++];
	} else {
		for (size_t i = 0; i < ncache; i++)
			if (!cache[i].busy && (!e || cache[i].used < e->used))
				e = &cache[i];
		if (!e)
			return NULL;
		free(e->region);
		free(e->charts);
		stats_free(&e->st);
	}
	memset(e, 0, sizeof *e);
	e->region = xstrdup(region);
	e->as_of = as_of;
	e->by = by;
	return e;
}

/* The uncached way: compute, and draw the charts when asked. */
static int compute(store *s, const char *region, int as_of, stats_by by, stats *out, buf *charts, fg_err *ep)
{
	int rc = stats_compute(s, region, as_of, by, out, ep);
	if (!rc && charts)
		tools_stats_charts(charts, out);
	return rc;
}

static int cached(store *s, const char *region, int as_of, stats_by by, stats *out, buf *charts, fg_err *ep)
{
	const char *key = region ? region : "";
	int64_t stamp = store_history_last_id(s);
	if (stamp < 0)
		return compute(s, region, as_of, by, out, charts, ep);
	pthread_mutex_lock(&mu);
	entry *e;
	for (;;) {
		e = find(key, as_of, by);
		if (!e || !e->busy)
			break;
		pthread_cond_wait(&done, &mu);
	}
	if (e && e->valid && e->stamp == stamp) {
		e->used = ++clock_lru;
		stats_copy(out, &e->st);
		if (charts)
			buf_puts(charts, e->charts);
		pthread_mutex_unlock(&mu);
		return FG_OK;
	}
	if (!e)
		e = slot(key, as_of, by);
	if (!e) { /* every slot is being computed: compute without caching */
		pthread_mutex_unlock(&mu);
		return compute(s, region, as_of, by, out, charts, ep);
	}
	e->busy = 1;
	pthread_mutex_unlock(&mu);

	stats fresh;
	buf drawn = {0};
	int rc = compute(s, region, as_of, by, &fresh, &drawn, ep);

	pthread_mutex_lock(&mu);
	/* The slot is ours while busy: nobody evicts or reuses it. */
	if (e->valid) {
		stats_free(&e->st);
		free(e->charts);
		e->charts = NULL;
	}
	e->valid = rc == FG_OK;
	if (e->valid) {
		e->st = fresh;
		e->charts = buf_detach(&drawn);
		if (!e->charts)
			e->charts = xstrdup("");
		e->stamp = stamp;
		e->used = ++clock_lru;
		stats_copy(out, &e->st);
		if (charts)
			buf_puts(charts, e->charts);
	} else {
		buf_free(&drawn);
		memset(&e->st, 0, sizeof e->st);
		*out = fresh; /* stats_compute leaves it for stats_free in every case */
	}
	e->busy = 0;
	pthread_cond_broadcast(&done);
	pthread_mutex_unlock(&mu);
	return rc;
}

stats_by tools_stats_breakdown(const auth_user *u)
{
	if (u->scope_kind == SCOPE_DISTRICT)
		return STATS_BY_STREET;
	if (u->scope_kind == SCOPE_REGION && !strchr(u->scope_label, '/'))
		return STATS_BY_COMMUNITY; /* a street: its communities (a community's label is 街道/社区) */
	return STATS_BY_NONE;
}

/* doc_chart_svg's markup is written by the report module, which escapes every text it puts in;
 * it is trusted output of ours, the one kind html_raw may take. A width keeps the chart at its
 * natural size (the SVG scales with the viewBox, height following). */
static void put_chart(buf *b, const char *title, size_t n, const char *const *labels, const double *values,
		      double max, const char *unit)
{
	doc d = {0};
	doc_add_chart(&d, title, n, labels, values, max, unit);
	buf svg = {0};
	doc_chart_svg(d.blocks[0].chart, &svg);
	doc_free(&d);
	const char *p = buf_cstr(&svg);
	html_raw(b, "<figure class=\"chart table-wrap\">");
	if (strncmp(p, "<svg ", 5) == 0) {
		html_raw(b, "<svg width=\"640\" ");
		p += 5;
	}
	html_raw(b, p);
	html_raw(b, "</figure>\n");
	buf_free(&svg);
}

void tools_stats_charts(buf *b, const stats *st)
{
	if (st->ngroups) {
		const char **labels = xmalloc(st->ngroups * sizeof *labels);
		double *values = xmalloc(st->ngroups * sizeof *values);
		for (size_t i = 0; i < st->ngroups; i++) {
			labels[i] = st->groups[i].name;
			int t = st->groups[i].m.org_coverage_rate;
			values[i] = t < 0 ? (double)NAN : t / 10.0;
		}
		put_chart(b, st->by == STATS_BY_STREET ? "各街道组织覆盖率（%）" : "各社区组织覆盖率（%）", st->ngroups, labels,
			  values, 100, "%");
		free(labels);
		free(values);
	}
	const metrics *m = &st->total;
	const char *const modes[] = {"单独建", "联合建", "挂靠建"};
	const double counts[] = {(double)m->orgs_single, (double)m->orgs_joint, (double)m->orgs_affiliated};
	put_chart(b, "党组织按组建方式（个）", 3, modes, counts, 0, "");
}

int tools_stats_cached(store *s, const char *region, int as_of, stats_by by, stats *out, buf *charts, fg_err *ep)
{
	memset(out, 0, sizeof *out);
	int rc = store_read_begin(s, ep);
	if (rc)
		return rc;
	rc = cached(s, region, as_of, by, out, charts, ep);
	store_read_end(s);
	return rc;
}
