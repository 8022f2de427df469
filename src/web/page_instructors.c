/* Party-building instructors (党建指导员): the list, one instructor with the enterprises assigned
 * (with dates), the forms, and the same as JSON under /api/v1/instructors. */
#include <string.h>

#include "util/date.h"
#include "web/page_ledger.h"

const lw_kind LW_INSTRUCTORS = {LEDGER_INSTRUCTORS, "/instructors", "instructor", "党建指导员"};

static int list_row(void *ctx, const query_row *row)
{
	buf *b = ctx;
	const ledger_rec *i = row->rec;
	const ledger_def *def = ledger_get(LEDGER_INSTRUCTORS);
	int n = 0;
	for (const char *p = i->f[I_COVERS]; p; p = strstr(p + 1, "；"))
		n++;
	html_printf(b, "<tr><td><a href=\"/instructors/%lld\">%s</a>", (long long)row->id, i->f[I_NAME]);
	lw_closed_tag(b, row);
	html_printf(b, "</td><td>%s</td><td>", i->f[I_UNIT]);
	lw_value(b, &def->cols[I_PHONE], i->f[I_PHONE], 0);
	html_printf(b, "</td><td class=\"num\">%d</td><td class=\"num\">%s</td></tr>\n", n,
		    i->f[I_START_DATE] ? i->f[I_START_DATE] : "");
	return 0;
}

void page_instructors(web_req *r)
{
	store *s = web_db(r);
	if (!s)
		return;
	store_filter sc = lw_scope(r);
	int64_t page;
	query_list q = lw_list_query(r, &page);
	buf *b = web_page_begin(r, "党建指导员"), scratch = {0};
	html_raw(b, "<h1>党建指导员</h1>\n");
	if (auth_can(&r->user, PERM_WRITE) && r->user.scope_kind != SCOPE_ORG && lw_list_mode_of(r) == LW_LIST_PAGE)
		html_raw(b, "<p><a class=\"button\" href=\"/instructors/new\">新增党建指导员</a></p>\n");
	buf *pageb = b;
	b = lw_list_form(r, pageb, &scratch);
	html_printf(b, "<form method=\"get\" action=\"/instructors\" class=\"filters\" role=\"search\">\n"
		       "<label>搜索<input name=\"q\" value=\"%s\" placeholder=\"姓名或派出单位\"></label>\n",
		    q.q ? q.q : "");
	lw_region_filter(b, r, s, &sc, &q);
	q.closed = lw_closed_filter(r, b, &LW_INSTRUCTORS);
	html_raw(b, "<p><button type=\"submit\">查询</button> <a href=\"/instructors\">清除条件</a></p>\n</form>\n");
	int done = lw_list_out(r, &LW_INSTRUCTORS, s, &sc, &q, pageb, b);
	buf_free(&scratch);
	if (done)
		return;
	b = pageb;
	html_raw(b, "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">姓名</th><th scope=\"col\">派出单位</th>"
		    "<th scope=\"col\">联系电话</th><th scope=\"col\" class=\"num\">指导企业</th><th scope=\"col\" class=\"num\">派驻日期</th>"
		    "</tr></thead>\n<tbody>\n");
	lw_list_table(r, b, s, LEDGER_INSTRUCTORS, &sc, &q, 5, "没有符合条件的党建指导员", list_row, b, page);
}

void page_instructor(web_req *r)
{
	lw_row row;
	store *s = lw_open(r, &LW_INSTRUCTORS, &row);
	if (!s)
		return;
	store_filter sc = lw_scope(r);
	const ledger_rec *i = &row.rec;
	buf *b = web_page_begin(r, i->f[I_NAME]);
	if (web_query(r, "saved"))
		html_raw(b, "<p class=\"notice\" role=\"status\">已保存，变更已记入历史。</p>\n");
	html_printf(b, "<h1>%s</h1>\n<p class=\"lead\">派出单位：%s</p>\n", i->f[I_NAME], i->f[I_UNIT]);
	if (auth_can(&r->user, PERM_WRITE))
		html_printf(b, "<p><a class=\"button\" href=\"/instructors/%lld/edit\">修改</a></p>\n", (long long)row.q.id);
	lw_close_actions(r, b, &LW_INSTRUCTORS, &row);
	html_raw(b, "<h2>基本信息</h2>\n");
	lw_fields(b, ledger_get(LEDGER_INSTRUCTORS), i, 0);
	html_raw(b, "<h2>指导企业</h2>\n");
	lw_links(b, s, &sc, LINK_INSTR_ENTS, row.q.id, "派驻企业（含已结束的派驻）");
	buf key = {0};
	lw_key(&row.q, &key);
	lw_history(b, s, &sc, &LW_INSTRUCTORS, buf_cstr(&key));
	buf_free(&key);
	web_page_end(r, 200);
	lw_row_free(&row);
}
