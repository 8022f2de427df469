/* /funding/totals — the funding ledger's totals in the user's scope (report/funding.h, the same
 * as `fgdj funding totals`): by street for the district, by organisation below it; ?year=, ?by=,
 * and ?format=xlsx for the Excel file. */
#include <stdlib.h>
#include <string.h>

#include "core/dues.h"
#include "report/funding.h"
#include "util/date.h"
#include "web/page_ledger.h"
#include "web/pages_ledger.h"
#include "web/pages_tools.h"

static void money_cell(buf *b, int64_t fen)
{
	char m[24];
	dues_money_format(fen, m);
	html_printf(b, "<td class=\"n\">%s</td>", m);
}

void page_funding_totals(web_req *r)
{
	store *s = web_db(r);
	if (!s)
		return;
	int y, mo, d;
	date_to_ymd(date_today(), &y, &mo, &d);
	int this_year = y;
	const char *ys = web_query(r, "year");
	if (ys && *ys) {
		char *end;
		long v = strtol(ys, &end, 10);
		if (*end || v < 1949 || v > this_year) {
			web_error(r, 400, "年份应为 1949 到今年之间的整数");
			return;
		}
		y = (int)v;
	}
	store_filter sc = lw_scope(r);
	const char *bys = web_query(r, "by");
	int by = bys && *bys ? funding_by_parse(bys) : (int)funding_by_default(&sc);
	if (by < 0) {
		web_error(r, 400, "汇总方式应为 street、org 或 year");
		return;
	}
	fg_err e;
	funding_totals t;
	int rc = store_read_begin(s, &e);
	if (!rc) {
		rc = funding_totals_load(s, &sc, y, (funding_by)by, &t, &e);
		store_read_end(s);
	}
	if (rc) {
		web_error(r, 500, e.msg);
		return;
	}
	const char *label = users_scope_text(r->user.scope_label, r->user.scope_level);
	const char *fmt = web_query(r, "format");
	if (fmt && strcmp(fmt, "xlsx") == 0) {
		char *path = tools_tmpfile(".xlsx");
		rc = path ? funding_totals_xlsx(&t, label, path, &e) : FG_EFAIL;
		buf name = {0}, ascii = {0};
		tools_file_stem(&name, label);
		buf_printf(&name, "党建经费汇总-%d.xlsx", y);
		buf_printf(&ascii, "funding-%d.xlsx", y);
		funding_totals_free(&t);
		tools_xlsx_done(r, path, rc, e.msg, &name, &ascii);
		return;
	}
	static const char *const BY[] = {"street", "org", "year"};
	static const char *const BY_L[] = {"按街道", "按党组织", "按年度"};
	buf *b = web_page_begin(r, "党建经费汇总");
	html_printf(b, "<h1>党建经费汇总</h1>\n<p>%s，", label);
	if (by == FUNDING_BY_YEAR)
		html_raw(b, "历年");
	else
		html_printf(b, "%d年", y);
	html_raw(b, "拨付给党组织的星级奖励、专项补贴和其他经费（元）。<a href=\"/funding\">党建经费台账</a></p>\n"
		    "<form method=\"get\" action=\"/funding/totals\" class=\"filters\">\n");
	html_printf(b, "<label>年份<input name=\"year\" value=\"%d\" inputmode=\"numeric\"></label>\n", y);
	lw_select(b, "by", "汇总方式", BY[by], BY, BY_L, 3);
	html_raw(b, "<button type=\"submit\">汇总</button></form>\n");
	html_printf(b, "<p><a class=\"button\" href=\"/funding/totals?year=%d&amp;by=%s&amp;format=xlsx\">导出 Excel</a></p>\n", y,
		    BY[by]);
	static const char *const HEAD[] = {"街道", "党组织", "年度"};
	html_printf(b, "<table>\n<thead><tr><th>%s</th>", HEAD[by]);
	if (by == FUNDING_BY_ORG)
		html_raw(b, "<th>街道</th><th>社区</th>");
	html_raw(b, "<th>星级奖励</th><th>专项补贴</th><th>其他</th><th>合计</th><th>党组织数</th><th>笔数</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i <= t.n; i++) {
		const funding_line *l = i < t.n ? &t.v[i] : &t.all;
		html_printf(b, "<tr%s><td>%s</td>", i < t.n ? "" : " class=\"total\"", i < t.n ? funding_line_name(&t, i) : "合计");
		if (by == FUNDING_BY_ORG)
			html_printf(b, "<td>%s</td><td>%s</td>", l->street ? l->street : "", l->community ? l->community : "");
		for (int k = 0; k < 3; k++)
			money_cell(b, l->sum[k]);
		money_cell(b, l->total);
		html_printf(b, "<td class=\"n\">%lld</td><td class=\"n\">%lld</td></tr>\n", (long long)l->orgs, (long long)l->grants);
	}
	html_raw(b, "</tbody></table>\n");
	funding_totals_free(&t);
	web_page_end(r, 200);
}
