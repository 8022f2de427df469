/* campaign — see campaign.h. */
#include "report/campaign.h"

#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "core/metrics.h"
#include "io/xlsx_out.h"
#include "report/stats.h"
#include "store/places.h"
#include "util/err.h"

typedef struct build {
	campaign_progress *p;
	int64_t street, community;
	size_t street_at, community_at;
} build;

static size_t push(campaign_progress *p, int level, int64_t id, const char *name)
{
	p->lines = xrealloc(p->lines, (p->n + 1) * sizeof *p->lines);
	progress_line *l = &p->lines[p->n];
	memset(l, 0, sizeof *l);
	l->level = level;
	l->region_id = id;
	l->name = xstrdup(name);
	return p->n++;
}

static void add(progress_line *l, int state, int64_t n)
{
	if (state >= 0)
		l->n[state] += n;
	l->total += n;
}

static int on_count(void *ctx, const campaign_count *c)
{
	build *b = ctx;
	if (c->street_id != b->street) {
		b->street = c->street_id;
		b->street_at = push(b->p, PROGRESS_STREET, c->street_id, c->street);
	}
	if (c->community_id != b->community) {
		b->community = c->community_id;
		b->community_at = push(b->p, PROGRESS_COMMUNITY, c->community_id, c->community);
	}
	add(&b->p->lines[b->street_at], c->state, c->n);
	add(&b->p->lines[b->community_at], c->state, c->n);
	return 0;
}

const char *campaign_range_text(const char *range, int city)
{
	return range ? range : region_whole_name(city);
}

int campaign_progress_load(store *s, const store_filter *scope, const char *name, campaign_progress *p, fg_err *e)
{
	memset(p, 0, sizeof *p);
	int rc = store_read_begin(s, e);
	if (rc)
		return rc;
	int found = store_campaign_get(s, scope, name, &p->c, e);
	p->range = campaign_range_text(p->c.range, store_region_is_city(s));
	rc = found < 0 ? FG_EFAIL : found == 0 ? FG_EINPUT : FG_OK;
	build b = {p, 0, 0, 0, 0};
	if (!rc)
		rc = store_campaign_counts(s, scope, p->c.id, on_count, &b, e);
	store_read_end(s);
	if (rc) {
		campaign_progress_free(p);
		return rc;
	}
	size_t t = push(p, PROGRESS_TOTAL, 0, "合计");
	for (size_t i = 0; i < t; i++)
		if (p->lines[i].level == PROGRESS_STREET) {
			for (int k = 0; k < TASK_NSTATES; k++)
				p->lines[t].n[k] += p->lines[i].n[k];
			p->lines[t].total += p->lines[i].total;
		}
	return FG_OK;
}

void campaign_progress_free(campaign_progress *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->lines[i].name);
	free(p->lines);
	campaign_row_free(&p->c);
	memset(p, 0, sizeof *p);
}

void progress_rate(const progress_line *l, char out[16])
{
	stats_rate_text(metrics_rate(l->n[TASK_DONE], l->total), out);
}

static const char *const LEVEL[] = {"全部", "街道", "社区"};

void campaign_progress_text(const campaign_progress *p, buf *out)
{
	buf_printf(out, "排查：%s（%s，牵头 %s%s%s，%s 至 %s）\n", p->c.name, p->range, p->c.lead,
		   p->c.partners ? "，配合 " : "", p->c.partners ? p->c.partners : "", p->c.start, p->c.deadline);
	buf_puts(out, "层级\t名称\t任务数\t未开始\t进行中\t已完成\t完成率\n");
	for (size_t i = 0; i < p->n; i++) {
		const progress_line *l = &p->lines[i];
		char rate[16];
		progress_rate(l, rate);
		buf_printf(out, "%s\t%s\t%lld\t%lld\t%lld\t%lld\t%s\n", LEVEL[l->level], l->name, (long long)l->total,
			   (long long)l->n[TASK_NOT_STARTED], (long long)l->n[TASK_IN_PROGRESS], (long long)l->n[TASK_DONE],
			   rate);
	}
}

int campaign_progress_xlsx(const campaign_progress *p, const char *path, fg_err *e)
{
	lxw_workbook *wb = xlsx_out_open(path, NULL, e);
	if (!wb)
		return FG_EFAIL;
	char title[512];
	snprintf(title, sizeof title, "%s（%s，%s 至 %s）", p->c.name, p->range, p->c.start,
		 p->c.deadline);
	static const char *const H[] = {"层级", "名称", "任务数", "未开始", "进行中", "已完成", "完成率"};
	static const double W[] = {8, 24, 10, 10, 10, 10, 10};
	lxw_worksheet *ws;
	lxw_row_t first;
	lxw_format *bold = xlsx_out_sheet(wb, &ws, "排查进度", title, H, W, 7, &first);
	lxw_format *pct = workbook_add_format(wb);
	format_set_num_format(pct, "0.0%");
	for (size_t i = 0; i < p->n; i++) {
		const progress_line *l = &p->lines[i];
		lxw_row_t r = first + (lxw_row_t)i;
		worksheet_write_string(ws, r, 0, LEVEL[l->level], l->level == PROGRESS_TOTAL ? bold : NULL);
		worksheet_write_string(ws, r, 1, l->name, l->level == PROGRESS_TOTAL ? bold : NULL);
		worksheet_write_number(ws, r, 2, (double)l->total, NULL);
		for (int k = 0; k < TASK_NSTATES; k++)
			worksheet_write_number(ws, r, (lxw_col_t)(3 + k), (double)l->n[k], NULL);
		/* The rate as the page rounds it (metrics_rate, tenths of a percent), stored as a fraction. */
		int t = metrics_rate(l->n[TASK_DONE], l->total);
		if (t >= 0)
			worksheet_write_number(ws, r, 6, t / 1000.0, pct);
		else
			worksheet_write_string(ws, r, 6, "—", NULL);
	}
	return xlsx_out_close(wb, path, FG_OK, e);
}
