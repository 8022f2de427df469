#include "report/funding.h"

#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "core/dues.h"
#include "io/xlsx_out.h"

int funding_by_parse(const char *s)
{
	static const char *const BY[] = {[FUNDING_BY_STREET] = "street", [FUNDING_BY_ORG] = "org", [FUNDING_BY_YEAR] = "year"};
	for (int i = 0; i < 3; i++)
		if (s && strcmp(s, BY[i]) == 0)
			return i;
	return -1;
}

funding_by funding_by_default(const store_filter *f)
{
	return f->region_id == 0 && f->org_id == 0 ? FUNDING_BY_STREET : FUNDING_BY_ORG;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static int on_total(void *ctx, const funding_total_row *r)
{
	funding_totals *t = ctx;
	t->v = xrealloc(t->v, (t->n + 1) * sizeof *t->v);
	t->v[t->n++] = (funding_line){dup_or_null(r->name), dup_or_null(r->street), dup_or_null(r->community),
				      {r->sum[0], r->sum[1], r->sum[2]}, r->total, r->orgs, r->grants};
	return 0;
}

static int on_all(void *ctx, const funding_total_row *r)
{
	funding_line *all = ctx;
	*all = (funding_line){NULL, NULL, NULL, {r->sum[0], r->sum[1], r->sum[2]}, r->total, r->orgs, r->grants};
	return 0;
}

int funding_totals_load(store *s, const store_filter *f, int year, funding_by by, funding_totals *t, fg_err *e)
{
	memset(t, 0, sizeof *t);
	t->by = by;
	t->year = year;
	int span = by == FUNDING_BY_YEAR ? 0 : year;
	int rc = store_funding_totals(s, f, span, by, on_total, t, e);
	/* The sum line from the store too: an organisation granted in two years is one organisation. */
	rc = rc ? rc : store_funding_totals(s, f, span, FUNDING_ALL, on_all, &t->all, e);
	if (rc)
		funding_totals_free(t);
	return rc;
}

void funding_totals_free(funding_totals *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].name);
		free(t->v[i].street);
		free(t->v[i].community);
	}
	free(t->v);
	t->v = NULL;
	t->n = 0;
}

const char *funding_line_name(const funding_totals *t, size_t i)
{
	return t->v[i].name ? t->v[i].name : "（未登记街道）";
}

static const char *const BY_HEAD[] = {"街道", "党组织", "年度"};

void funding_totals_text(const funding_totals *t, const char *label, buf *out)
{
	if (t->by == FUNDING_BY_YEAR)
		buf_printf(out, "%s 党建经费汇总（按年度，单位：元）\n", label);
	else
		buf_printf(out, "%s %d年党建经费汇总（按%s，单位：元）\n", label, t->year, BY_HEAD[t->by]);
	buf_printf(out, "%s%s\t星级奖励\t专项补贴\t其他\t合计\t党组织数\t笔数\n", BY_HEAD[t->by],
		   t->by == FUNDING_BY_ORG ? "\t街道\t社区" : "");
	for (size_t i = 0; i <= t->n; i++) {
		const funding_line *l = i < t->n ? &t->v[i] : &t->all;
		buf_puts(out, i < t->n ? funding_line_name(t, i) : "合计");
		if (t->by == FUNDING_BY_ORG)
			buf_printf(out, "\t%s\t%s", l->street ? l->street : "", l->community ? l->community : "");
		char m[24];
		for (int k = 0; k < 3; k++) {
			dues_money_format(l->sum[k], m);
			buf_printf(out, "\t%s", m);
		}
		dues_money_format(l->total, m);
		buf_printf(out, "\t%s\t%lld\t%lld\n", m, (long long)l->orgs, (long long)l->grants);
	}
}

int funding_totals_xlsx(const funding_totals *t, const char *label, const char *path, fg_err *e)
{
	lxw_workbook *wb = xlsx_out_open(path, NULL, e);
	if (!wb)
		return FG_EFAIL;
	lxw_worksheet *ws = workbook_add_worksheet(wb, "党建经费汇总");
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	lxw_format *money = workbook_add_format(wb);
	format_set_num_format(money, "#,##0.00");
	buf title = {0};
	if (t->by == FUNDING_BY_YEAR)
		buf_printf(&title, "%s 党建经费汇总（按年度，单位：元）", label);
	else
		buf_printf(&title, "%s %d年党建经费汇总（按%s，单位：元）", label, t->year, BY_HEAD[t->by]);
	worksheet_write_string(ws, 0, 0, buf_cstr(&title), bold);
	buf_free(&title);
	int org = t->by == FUNDING_BY_ORG;
	lxw_col_t c = 0;
	worksheet_write_string(ws, 1, c++, BY_HEAD[t->by], bold);
	if (org) {
		worksheet_write_string(ws, 1, c++, "街道", bold);
		worksheet_write_string(ws, 1, c++, "社区", bold);
	}
	static const char *const HEAD[] = {"星级奖励（元）", "专项补贴（元）", "其他（元）", "合计（元）", "党组织数", "笔数"};
	for (size_t h = 0; h < sizeof HEAD / sizeof HEAD[0]; h++)
		worksheet_write_string(ws, 1, (lxw_col_t)(c + h), HEAD[h], bold);
	for (size_t i = 0; i <= t->n; i++) {
		const funding_line *l = i < t->n ? &t->v[i] : &t->all;
		lxw_row_t row = (lxw_row_t)(i + 2);
		c = 0;
		worksheet_write_string(ws, row, c++, i < t->n ? funding_line_name(t, i) : "合计", i < t->n ? NULL : bold);
		if (org) {
			if (l->street)
				worksheet_write_string(ws, row, c, l->street, NULL);
			if (l->community)
				worksheet_write_string(ws, row, c + 1, l->community, NULL);
			c += 2;
		}
		/* 分 → 元 for the cell; the sheet shows two decimals, and the amounts are exact to 分. */
		for (int k = 0; k < 3; k++)
			worksheet_write_number(ws, row, c++, (double)l->sum[k] / 100.0, money);
		worksheet_write_number(ws, row, c++, (double)l->total / 100.0, money);
		worksheet_write_number(ws, row, c++, (double)l->orgs, NULL);
		worksheet_write_number(ws, row, c, (double)l->grants, NULL);
	}
	return xlsx_out_close(wb, path, FG_OK, e);
}
