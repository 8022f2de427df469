#include "report/stats.h"

#include <assert.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "core/collate.h"
#include "io/csvout.h"
#include "io/xlsx_out.h"
#include "util/date.h"
#include "util/sortkv.h"
#include "util/strmap.h"

int stats_by_parse(const char *s)
{
	if (strcmp(s, "street") == 0)
		return STATS_BY_STREET;
	if (strcmp(s, "community") == 0)
		return STATS_BY_COMMUNITY;
	if (strcmp(s, "zone") == 0)
		return STATS_BY_ZONE;
	if (strcmp(s, "district") == 0)
		return STATS_BY_DISTRICT;
	return -1;
}

stats_by stats_by_children(const char *level)
{
	if (!level || !*level || strcmp(level, "district") == 0)
		return STATS_BY_STREET;
	if (strcmp(level, "city") == 0)
		return STATS_BY_DISTRICT;
	if (strcmp(level, "street") == 0)
		return STATS_BY_COMMUNITY;
	return STATS_BY_NONE;
}

int64_t stats_group_of(const ent_fact *ef, stats_by by)
{
	switch (by) {
	case STATS_BY_STREET:
		return ef->street_id;
	case STATS_BY_COMMUNITY:
		return ef->community_id;
	case STATS_BY_ZONE:
		return ef->zone_id;
	case STATS_BY_DISTRICT:
		return ef->district_id;
	case STATS_BY_NONE:
		break;
	}
	return 0;
}

/* (group, owner) pairs: distinct owners per group are counted once. */
typedef struct pair {
	int64_t group, owner;
	const fact_link *link;
} pair;

static int pair_cmp(const void *a, const void *b)
{
	const pair *x = a, *y = b;
	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	return x->owner < y->owner ? -1 : x->owner > y->owner;
}

/* Sorted by pair_cmp, pairs of one group and owner in their order (a stable sort: which link of
 * them count_owners reads): by radix when group and owner fit in 32 bits (util/sortkv.h). */
static void pairs_sort(pair *p, size_t n)
{
	sort_kv *k = n >= 1024 ? xmalloc(n * sizeof *k) : NULL;
	for (size_t i = 0; k && i < n; i++) {
		k[i].val = i;
		if (!sort_kv_key2(p[i].group, p[i].owner, &k[i].key)) {
			free(k);
			k = NULL;
		}
	}
	if (!k) {
		qsort(p, n, sizeof *p, pair_cmp);
		return;
	}
	sort_kv_radix(k, n);
	pair *sorted = xmalloc(n * sizeof *sorted);
	for (size_t i = 0; i < n; i++)
		sorted[i] = p[k[i].val];
	memcpy(p, sorted, n * sizeof *p);
	free(sorted);
	free(k);
}

struct names_ctx {
	strmap map; /* "level:id" → index in names */
	char **names;
	size_t n;
};

static int add_name(void *ctx, const char *level, int64_t id, const char *name)
{
	struct names_ctx *nc = ctx;
	char key[64];
	int kl = snprintf(key, sizeof key, "%s:%lld", level, (long long)id);
	nc->names = xrealloc(nc->names, (nc->n + 1) * sizeof *nc->names);
	nc->names[nc->n] = xstrdup(name);
	strmap_put(&nc->map, key, (size_t)kl, (int64_t)nc->n);
	nc->n++;
	return 0;
}

static int group_cmp(const void *a, const void *b)
{
	const stats_group *x = a, *y = b;
	return collate_zh(x->name, y->name);
}

/* Counts distinct organisations (or instructors) per group over links to operating enterprises. */
static void count_owners(const facts *f, const fact_link *links, size_t n, stats_by by, metrics *total,
			 stats_group *groups, strmap *gidx, int orgs)
{
	if (by == STATS_BY_NONE) {
		/* The whole region: a bitmap of owners seen is enough, no sort needed. */
		int64_t max = 0;
		for (size_t i = 0; i < n; i++)
			if (links[i].owner > max)
				max = links[i].owner;
		unsigned char *seen = xcalloc((size_t)max + 1, 1);
		for (size_t i = 0; i < n; i++) {
			if (!f->ents[links[i].ent].operating || seen[links[i].owner])
				continue;
			seen[links[i].owner] = 1;
			if (orgs)
				metrics_add_org_coded(total, links[i].mode, (org_kind)links[i].kind);
			else
				metrics_add_instructor(total);
		}
		free(seen);
		return;
	}
	pair *p = xmalloc((n ? n : 1) * sizeof *p);
	size_t np = 0;
	for (size_t i = 0; i < n; i++) {
		const ent_fact *ef = &f->ents[links[i].ent];
		if (!ef->operating)
			continue;
		p[np++] = (pair){stats_group_of(ef, by), links[i].owner, &links[i]};
	}
	pairs_sort(p, np);
	for (size_t i = 0; i < np; i++) {
		if (i > 0 && p[i].group == p[i - 1].group && p[i].owner == p[i - 1].owner)
			continue;
		int64_t gi;
		if (!strmap_get(gidx, (const char *)&p[i].group, sizeof p[i].group, &gi))
			continue;
		metrics *m = &groups[gi].m;
		if (orgs)
			metrics_add_org_coded(m, p[i].link->mode, (org_kind)p[i].link->kind);
		else
			metrics_add_instructor(m);
	}
	free(p);
}

/* The enterprises' figures and their organisations' and instructors' counts, not yet finished:
 * what a plan's facts hold as well (stats_compute_coverage). */
static void stats_total_ents(const facts *f, metrics *total)
{
	for (size_t i = 0; i < f->nents; i++)
		metrics_add_enterprise(total, &f->cfg, &f->ents[i]);
	count_owners(f, f->links, f->nlinks, STATS_BY_NONE, total, NULL, NULL, 1);
	count_owners(f, f->asgs, f->nasgs, STATS_BY_NONE, total, NULL, NULL, 0);
}

/* The whole region's figures (a stats' total). */
static void stats_total(const facts *f, metrics *total)
{
	stats_total_ents(f, total);
	party_add_metrics(&f->party, f, NULL, &total, 1);
	metrics_finish(total);
}

/* out's groups by out->by, named from nc, with the enterprises' and owners' figures; slot gets
 * each enterprise's group (-1 none) for the party-work figures, which the caller adds. */
static void stats_groups(const facts *f, const struct names_ctx *nc, stats *out, int32_t *slot)
{
	static const char *const LEVEL[] = {"", "street", "community", "zone", "district"};
	stats_by by = out->by;
	strmap gidx = {0};
	for (size_t i = 0; i < f->nents; i++) {
		int64_t g = stats_group_of(&f->ents[i], by);
		slot[i] = -1;
		if (!g)
			continue; /* not in any zone */
		int64_t gi;
		if (!strmap_get(&gidx, (const char *)&g, sizeof g, &gi)) {
			gi = (int64_t)out->ngroups++;
			out->groups = xrealloc(out->groups, out->ngroups * sizeof *out->groups);
			stats_group *sg = &out->groups[gi];
			memset(sg, 0, sizeof *sg);
			sg->id = g;
			char key[64];
			int kl = snprintf(key, sizeof key, "%s:%lld", LEVEL[by], (long long)g);
			int64_t ni;
			sg->name = xstrdup(strmap_get(&nc->map, key, (size_t)kl, &ni) ? nc->names[ni] : "（未知）");
			strmap_put(&gidx, (const char *)&g, sizeof g, gi);
		}
		slot[i] = (int32_t)gi;
		metrics_add_enterprise(&out->groups[gi].m, &f->cfg, &f->ents[i]);
	}
	count_owners(f, f->links, f->nlinks, by, NULL, out->groups, &gidx, 1);
	count_owners(f, f->asgs, f->nasgs, by, NULL, out->groups, &gidx, 0);
	strmap_free(&gidx);
}

int stats_from_facts_by(store *s, const facts *f, const stats_by *by, size_t n, stats *out, fg_err *e)
{
	assert(!f->plan_only); /* the party-work records are part of the figures */
	int any_groups = 0;
	for (size_t k = 0; k < n; k++) {
		memset(&out[k], 0, sizeof out[k]);
		out[k].label = xstrdup(f->label);
		out[k].as_of = f->as_of;
		out[k].by = by[k];
		any_groups |= by[k] != STATS_BY_NONE;
	}
	if (!n)
		return FG_OK;
	/* The whole region's figures are the same in every breakdown: computed once. */
	stats_total(f, &out[0].total);
	for (size_t k = 1; k < n; k++)
		out[k].total = out[0].total;
	if (!any_groups)
		return FG_OK;
	struct names_ctx nc = {0};
	int rc = store_scan_names(s, add_name, &nc, e);
	if (!rc) {
		/* Each breakdown's groups are slots of one array (map k's from base[k] on), so that the
		 * party-work records are read once for all of them (party_add_metrics_maps). */
		int32_t **maps = xmalloc(n * sizeof *maps);
		size_t nmaps = 0, nslots = 0;
		for (size_t k = 0; k < n; k++) {
			if (by[k] == STATS_BY_NONE)
				continue;
			int32_t *slot = xmalloc((f->nents ? f->nents : 1) * sizeof *slot);
			stats_groups(f, &nc, &out[k], slot);
			for (size_t i = 0; i < f->nents; i++)
				if (slot[i] >= 0)
					slot[i] += (int32_t)nslots;
			nslots += out[k].ngroups;
			maps[nmaps++] = slot;
		}
		metrics **slots = xmalloc((nslots ? nslots : 1) * sizeof *slots);
		for (size_t k = 0, at = 0; k < n; k++)
			for (size_t i = 0; by[k] != STATS_BY_NONE && i < out[k].ngroups; i++)
				slots[at++] = &out[k].groups[i].m;
		party_add_metrics_maps(&f->party, f, (const int32_t *const *)maps, nmaps, slots, nslots);
		free(slots);
		for (size_t k = 0; k < nmaps; k++)
			free(maps[k]);
		free(maps);
		for (size_t k = 0; k < n; k++) {
			for (size_t i = 0; i < out[k].ngroups; i++)
				metrics_finish(&out[k].groups[i].m);
			if (out[k].ngroups)
				qsort(out[k].groups, out[k].ngroups, sizeof *out[k].groups, group_cmp);
		}
	}
	for (size_t i = 0; i < nc.n; i++)
		free(nc.names[i]);
	free(nc.names);
	strmap_free(&nc.map);
	return rc;
}

int stats_from_facts(store *s, const facts *f, stats_by by, stats *out, fg_err *e)
{
	return stats_from_facts_by(s, f, &by, 1, out, e);
}

const char *const STATS_COVERAGE_KEYS[] = {"org_coverage_rate", "single_rate", "required_single_rate",
					     "work_coverage_rate", "ledger_complete_rate", NULL};

/* The facts of mode loaded at one moment, and out's figures from them: all of them by by (FACTS_FIGURES),
 * or the whole region's of its enterprises and their owners alone (FACTS_PLAN). */
static int compute(store *s, const char *region, int as_of, facts_mode mode, stats_by by, stats *out, fg_err *e)
{
	facts f;
	memset(out, 0, sizeof *out);
	/* The names of the groups are read at the moment of the facts. */
	int rc = store_read_begin(s, e);
	if (rc)
		return rc;
	rc = facts_load_kept(s, region, as_of, mode, &f, NULL, e);
	if (!rc && mode == FACTS_PLAN) {
		out->label = xstrdup(f.label);
		out->as_of = f.as_of;
		stats_total_ents(&f, &out->total);
		metrics_finish(&out->total);
	} else if (!rc) {
		rc = stats_from_facts(s, &f, by, out, e);
	}
	store_read_end(s);
	facts_free(&f);
	return rc;
}

int stats_compute(store *s, const char *region, int as_of, stats_by by, stats *out, fg_err *e)
{
	return compute(s, region, as_of, FACTS_FIGURES, by, out, e);
}

int stats_compute_coverage(store *s, const char *region, int as_of, stats *out, fg_err *e)
{
	return compute(s, region, as_of, FACTS_PLAN, STATS_BY_NONE, out, e);
}

int stats_workbook(store *s, const char *region, int as_of, const facts *given, const char *path, fg_err *e)
{
	facts own;
	memset(&own, 0, sizeof own);
	const facts *f = given ? given : &own;
	stats st[4];
	memset(st, 0, sizeof st);
	/* The four sheets are one moment. */
	int rc = store_read_begin(s, e);
	if (rc)
		return rc;
	if (!given)
		rc = facts_load_mode(s, region, as_of, 1, &own, e);
	static const stats_by BY[4] = {STATS_BY_NONE, STATS_BY_STREET, STATS_BY_COMMUNITY, STATS_BY_ZONE};
	if (!rc)
		rc = stats_from_facts_by(s, f, BY, 4, st, e);
	store_read_end(s);
	facts_free(&own);
	if (!rc) {
		const stats *sheets[4] = {&st[0], &st[1], &st[2], &st[3]};
		rc = stats_xlsx(sheets, 4, path, e);
	}
	for (int by = 0; by < 4; by++)
		stats_free(&st[by]);
	return rc;
}

void stats_free(stats *st)
{
	free(st->label);
	for (size_t i = 0; i < st->ngroups; i++)
		free(st->groups[i].name);
	free(st->groups);
	memset(st, 0, sizeof *st);
}

void stats_rate_text(int tenths, char out[16])
{
	if (tenths < 0)
		snprintf(out, 16, "—");
	else
		snprintf(out, 16, "%d.%d%%", tenths / 10, tenths % 10);
}

static json_t *metrics_json(const metrics *m)
{
	json_t *o = json_object();
	size_t nk;
	const metric_key *k = metrics_keys(&nk);
	for (size_t i = 0; i < nk; i++) {
		int64_t v = metrics_value(m, &k[i]);
		json_t *jv;
		if (k[i].is_rate == METRIC_MONEY && v < 0) {
			jv = json_null();
		} else if (k[i].is_rate == METRIC_MONEY) { /* exact: as text with two decimals, not a binary real */
			char t[32];
			stats_value_text(m, &k[i], t);
			jv = json_string(t);
		} else {
			jv = !k[i].is_rate ? json_integer(v) : v < 0 ? json_null() : json_real((double)v / 10.0);
		}
		json_object_set_new(o, k[i].key, jv);
	}
	return o;
}

static const char *const BY_NAME[] = {"", "street", "community", "zone", "district"};

/* The statistics' JSON, o appended to out with a newline and released. Rates have one decimal:
 * four significant digits print 100.0 and 66.7 as such. */
static void json_out(json_t *o, buf *out)
{
	char *sj = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(4));
	buf_puts(out, sj);
	buf_putc(out, '\n');
	free(sj);
	json_decref(o);
}

void stats_json(const stats *st, buf *out)
{
	json_t *o = metrics_json(&st->total);
	char d[11];
	date_format(st->as_of, d);
	json_object_set_new(o, "region", json_string(st->label));
	json_object_set_new(o, "as_of", json_string(d));
	if (st->by != STATS_BY_NONE) {
		json_t *arr = json_array();
		for (size_t i = 0; i < st->ngroups; i++) {
			json_t *g = metrics_json(&st->groups[i].m);
			json_object_set_new(g, "name", json_string(st->groups[i].name));
			json_array_append_new(arr, g);
		}
		json_object_set_new(o, "by", json_string(BY_NAME[st->by]));
		json_object_set_new(o, "groups", arr);
	}
	json_out(o, out);
}

static void pad(buf *out, const char *s, int width, int right)
{
	int w = text_width(s);
	if (right)
		for (int i = w; i < width; i++)
			buf_putc(out, ' ');
	buf_puts(out, s);
	if (!right)
		for (int i = w; i < width; i++)
			buf_putc(out, ' ');
}

void stats_value_text(const metrics *m, const metric_key *k, char out[32])
{
	int64_t v = metrics_value(m, k);
	if (k->is_rate == METRIC_RATE)
		stats_rate_text((int)v, out);
	else if ((k->is_rate == METRIC_TENTHS || k->is_rate == METRIC_MONEY) && v < 0)
		snprintf(out, 32, "—");
	else if (k->is_rate == METRIC_TENTHS)
		snprintf(out, 32, "%lld.%lld", (long long)(v / 10), (long long)(v % 10));
	else if (k->is_rate == METRIC_MONEY)
		snprintf(out, 32, "%lld.%02lld", (long long)(v / 100), (long long)(v % 100));
	else
		snprintf(out, 32, "%lld", (long long)v);
}

/* Columns of the by-group table: the figures a reader compares across streets. */
static const char *const TABLE_KEYS[] = {
	"enterprises_total", "enterprises_in_scope", "enterprises_covered_single", "enterprises_covered_joint",
	"enterprises_covered_affiliated", "enterprises_uncovered", "orgs_total", "instructors_dispatched",
	"members_formal", "org_coverage_rate", "required_single_rate", "ledger_complete_rate", "disclosed_rate",
	"orgs_rated", "orgs_star_5", "funding_awards", "venue_standard_rate", "open_bases",
};

const char *stats_by_label(stats_by by)
{
	static const char *const BY[] = {[STATS_BY_NONE] = "", [STATS_BY_STREET] = "街道", [STATS_BY_COMMUNITY] = "社区",
					 [STATS_BY_ZONE] = "区域", [STATS_BY_DISTRICT] = "区县"};
	return (unsigned)by < sizeof BY / sizeof BY[0] ? BY[by] : "";
}

const char *const *stats_table_keys(size_t *n)
{
	*n = sizeof TABLE_KEYS / sizeof TABLE_KEYS[0];
	return TABLE_KEYS;
}

void stats_text(const stats *st, buf *out)
{
	char d[11];
	date_format(st->as_of, d);
	buf_printf(out, "%s 非公企业党建统计（截至 %s）\n\n", st->label, d);
	size_t nk;
	const metric_key *k = metrics_keys(&nk);
	if (st->by == STATS_BY_NONE) {
		for (size_t i = 0; i < nk; i++) {
			char v[32];
			stats_value_text(&st->total, &k[i], v);
			buf_puts(out, "  ");
			pad(out, k[i].label, 26, 0);
			pad(out, v, 10, 1);
			buf_putc(out, '\n');
		}
		return;
	}
	size_t nt = sizeof TABLE_KEYS / sizeof TABLE_KEYS[0];
	int namew = 8;
	for (size_t i = 0; i < st->ngroups; i++)
		if (text_width(st->groups[i].name) > namew)
			namew = text_width(st->groups[i].name);
	pad(out, stats_by_label(st->by), namew + 2, 0);
	for (size_t j = 0; j < nt; j++) {
		const metric_key *mk = metrics_key_named(TABLE_KEYS[j]);
		int w = text_width(mk->label);
		pad(out, mk->label, (w > 8 ? w : 8) + 2, 1);
	}
	buf_putc(out, '\n');
	for (size_t i = 0; i <= st->ngroups; i++) {
		const metrics *m = i < st->ngroups ? &st->groups[i].m : &st->total;
		pad(out, i < st->ngroups ? st->groups[i].name : "合计", namew + 2, 0);
		for (size_t j = 0; j < nt; j++) {
			const metric_key *mk = metrics_key_named(TABLE_KEYS[j]);
			char v[32];
			stats_value_text(m, mk, v);
			int w = text_width(mk->label);
			pad(out, v, (w > 8 ? w : 8) + 2, 1);
		}
		buf_putc(out, '\n');
	}
}

static void csv_row(buf *out, const char *name, const metrics *m)
{
	size_t nk;
	const metric_key *k = metrics_keys(&nk);
	csv_cell(out, name);
	for (size_t i = 0; i < nk; i++) {
		int64_t v = metrics_value(m, &k[i]);
		if (k[i].is_rate && v < 0)
			buf_putc(out, ',');
		else if (k[i].is_rate == METRIC_MONEY)
			buf_printf(out, ",%lld.%02lld", (long long)(v / 100), (long long)(v % 100));
		else if (k[i].is_rate)
			buf_printf(out, ",%lld.%lld", (long long)(v / 10), (long long)(v % 10));
		else
			buf_printf(out, ",%lld", (long long)v);
	}
	buf_puts(out, "\r\n");
}

void stats_csv(const stats *st, buf *out)
{
	size_t nk;
	const metric_key *k = metrics_keys(&nk);
	buf_puts(out, "\xEF\xBB\xBF地区");
	buf h = {0};
	for (size_t i = 0; i < nk; i++) {
		buf_reset(&h);
		buf_printf(&h, "%s%s", k[i].label, k[i].is_rate == METRIC_RATE ? "（%）" : "");
		buf_putc(out, ',');
		csv_cell(out, buf_cstr(&h));
	}
	buf_free(&h);
	buf_puts(out, "\r\n");
	for (size_t i = 0; i < st->ngroups; i++)
		csv_row(out, st->groups[i].name, &st->groups[i].m);
	csv_row(out, st->ngroups ? "合计" : st->label, &st->total);
}

/* One worksheet: a header row of Chinese labels, a row per group and a total row. */
static void xlsx_sheet(lxw_workbook *wb, const stats *st, const char *sheet)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, sheet);
	lxw_format *head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_text_wrap(head);
	format_set_align(head, LXW_ALIGN_CENTER);
	format_set_border(head, LXW_BORDER_THIN);
	lxw_format *num = workbook_add_format(wb);
	format_set_num_format(num, "#,##0");
	format_set_border(num, LXW_BORDER_THIN);
	lxw_format *pct = workbook_add_format(wb);
	format_set_num_format(pct, "0.0");
	format_set_border(pct, LXW_BORDER_THIN);
	lxw_format *txt = workbook_add_format(wb);
	format_set_border(txt, LXW_BORDER_THIN);
	lxw_format *money = workbook_add_format(wb);
	format_set_num_format(money, "#,##0.00");
	format_set_border(money, LXW_BORDER_THIN);
	size_t nk;
	const metric_key *k = metrics_keys(&nk);
	char d[11];
	date_format(st->as_of, d);
	char title[256];
	snprintf(title, sizeof title, "%s（截至 %s）", st->label, d);
	worksheet_write_string(ws, 0, 0, st->by ? stats_by_label(st->by) : "地区", head);
	for (size_t i = 0; i < nk; i++) {
		char h[128];
		snprintf(h, sizeof h, "%s%s", k[i].label, k[i].is_rate == METRIC_RATE ? "（%）" : "");
		worksheet_write_string(ws, 0, (lxw_col_t)(i + 1), h, head);
	}
	worksheet_set_row(ws, 0, 36, NULL);
	worksheet_set_column(ws, 0, 0, 22, NULL);
	worksheet_set_column(ws, 1, (lxw_col_t)nk, 11, NULL);
	worksheet_freeze_panes(ws, 1, 1);
	for (size_t r = 0; r <= st->ngroups; r++) {
		const metrics *m = r < st->ngroups ? &st->groups[r].m : &st->total;
		lxw_row_t row = (lxw_row_t)(r + 1);
		worksheet_write_string(ws, row, 0, r < st->ngroups ? st->groups[r].name : st->ngroups ? "合计" : title, txt);
		for (size_t i = 0; i < nk; i++) {
			int64_t v = metrics_value(m, &k[i]);
			if (k[i].is_rate == METRIC_MONEY && v >= 0)
				worksheet_write_number(ws, row, (lxw_col_t)(i + 1), (double)v / 100.0, money);
			else if (k[i].is_rate && v < 0)
				worksheet_write_string(ws, row, (lxw_col_t)(i + 1), "—", txt);
			else
				worksheet_write_number(ws, row, (lxw_col_t)(i + 1), k[i].is_rate ? (double)v / 10.0 : (double)v,
						       k[i].is_rate ? pct : num);
		}
	}
}

int stats_xlsx(const stats *const *sts, size_t n, const char *path, fg_err *e)
{
	lxw_workbook *wb = xlsx_out_open(path, NULL, e);
	if (!wb)
		return FG_EFAIL;
	static const char *const SHEET[] = {"统计", "按街道", "按社区", "按区域", "按区县"};
	for (size_t i = 0; i < n; i++)
		xlsx_sheet(wb, sts[i], SHEET[sts[i]->by]);
	return xlsx_out_close(wb, path, FG_OK, e);
}

/* A figure's change as text: "+3", "-2", "0", "+2.5 个百分点", "+120.00", or "—" when unknown. */
static void change_text(const metric_key *k, const metrics *then, const metrics *now, int unit, char out[48])
{
	int known;
	int64_t c = metrics_change(k, metrics_value(then, k), metrics_value(now, k), &known);
	const char *sign = c > 0 ? "+" : c < 0 ? "-" : "";
	int64_t a = c < 0 ? -c : c;
	if (!known)
		snprintf(out, 48, "—");
	else if (k->is_rate == METRIC_MONEY)
		snprintf(out, 48, "%s%lld.%02lld", sign, (long long)(a / 100), (long long)(a % 100));
	else if (k->is_rate)
		snprintf(out, 48, "%s%lld.%lld%s", sign, (long long)(a / 10), (long long)(a % 10),
			 unit && k->is_rate == METRIC_RATE ? " 个百分点" : "");
	else
		snprintf(out, 48, "%s%lld", sign, (long long)a);
}

void stats_compare_text(const stats *then, const stats *now, buf *out)
{
	char d0[11], d1[11];
	date_format(then->as_of, d0);
	date_format(now->as_of, d1);
	buf_printf(out, "%s 非公企业党建统计：%s 与 %s 比较\n\n  ", now->label, d1, d0);
	pad(out, "", 26, 0);
	pad(out, d0, 12, 1);
	pad(out, d1, 12, 1);
	pad(out, "变化", 18, 1);
	buf_putc(out, '\n');
	size_t nk;
	const metric_key *k = metrics_keys(&nk);
	for (size_t i = 0; i < nk; i++) {
		char a[32], b[32], c[48];
		stats_value_text(&then->total, &k[i], a);
		stats_value_text(&now->total, &k[i], b);
		change_text(&k[i], &then->total, &now->total, 1, c);
		buf_puts(out, "  ");
		pad(out, k[i].label, 26, 0);
		pad(out, a, 12, 1);
		pad(out, b, 12, 1);
		pad(out, c, 18, 1);
		buf_putc(out, '\n');
	}
}

void stats_compare_json(const stats *then, const stats *now, buf *out)
{
	json_t *o = json_object(), *ch = json_object();
	char d0[11], d1[11];
	date_format(then->as_of, d0);
	date_format(now->as_of, d1);
	json_object_set_new(o, "region", json_string(now->label));
	json_object_set_new(o, "as_of", json_string(d1));
	json_object_set_new(o, "compare", json_string(d0));
	size_t nk;
	const metric_key *k = metrics_keys(&nk);
	for (size_t i = 0; i < nk; i++) {
		int known;
		int64_t c = metrics_change(&k[i], metrics_value(&then->total, &k[i]), metrics_value(&now->total, &k[i]),
					   &known);
		json_t *jv;
		if (!known) {
			jv = json_null();
		} else if (k[i].is_rate == METRIC_MONEY) {
			char t[48];
			change_text(&k[i], &then->total, &now->total, 0, t);
			jv = json_string(t[0] == '+' ? t + 1 : t);
		} else {
			jv = k[i].is_rate ? json_real((double)c / 10.0) : json_integer(c);
		}
		json_object_set_new(ch, k[i].key, jv);
	}
	json_object_set_new(o, "then", metrics_json(&then->total));
	json_object_set_new(o, "now", metrics_json(&now->total));
	json_object_set_new(o, "change", ch);
	json_out(o, out);
}

void stats_compare_csv(const stats *then, const stats *now, buf *out)
{
	char d0[11], d1[11];
	date_format(then->as_of, d0);
	date_format(now->as_of, d1);
	buf_printf(out, "\xEF\xBB\xBF指标,%s,%s,变化\r\n", d0, d1);
	size_t nk;
	const metric_key *k = metrics_keys(&nk);
	for (size_t i = 0; i < nk; i++) {
		char a[32], b[32], c[48];
		stats_value_text(&then->total, &k[i], a);
		stats_value_text(&now->total, &k[i], b);
		change_text(&k[i], &then->total, &now->total, 0, c);
		/* The numbers are ours, written as numbers (a spreadsheet adds them up): only the label
		 * goes through csv_cell. A rate's % sign and an empty figure's dash are left out. */
		char *pct = strchr(a, '%');
		if (pct)
			*pct = '\0';
		if ((pct = strchr(b, '%')) != NULL)
			*pct = '\0';
		csv_cell(out, k[i].label);
		buf_printf(out, ",%s,%s,%s\r\n", strcmp(a, "—") ? a : "", strcmp(b, "—") ? b : "",
			   strcmp(c, "—") ? c + (c[0] == '+') : "");
	}
}
