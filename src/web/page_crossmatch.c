/* The roster cross-match's candidates (/crossmatch): the list `fgdj crossmatch` prints
 * (report/crossmatch.h), in the user's scope, filtered by class, state, street or community and
 * date; a button per line to confirm or dismiss it (one transaction with its history entry), and
 * the same list as XLSX. ID numbers are masked: a button names its line by the row's id. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/crossmatch.h"
#include "util/date.h"
#include "web/page_ledger.h"
#include "web/pages_tools.h"

#define MAX_SHOWN 500

typedef struct xm_page {
	const char *region; /* NULL: the whole scope */
	xm_query q;
	char label[256];
} xm_page;

/* Reads the filters: 0, or -1 after answering. */
static int read_filters(web_req *r, store *s, xm_page *p)
{
	memset(p, 0, sizeof *p);
	if (tools_region(r, s, &p->region) || tools_as_of(r, &p->q.as_of))
		return -1;
	store_filter f = {0};
	char *label = NULL;
	fg_err e;
	if (store_region_resolve(s, p->region, &f, &label, &e) != FG_OK) {
		web_error(r, 404, e.msg);
		return -1;
	}
	snprintf(p->label, sizeof p->label, "%s", label ? label : "");
	free(label);
	p->q.within = f;
	p->q.only = crossmatch_class_parse(web_query(r, "class"));
	p->q.state = crossmatch_state_parse(web_query(r, "state"));
	const char *c = web_query(r, "campaign");
	p->q.campaign = c && *c ? c : NULL;
	return 0;
}

static void query_string(buf *b, const xm_page *p)
{
	tools_filter_query(b, p->region, p->q.as_of);
	if (p->q.only != XM_NONE)
		html_printf(b, "&amp;class=%s", crossmatch_class_id(p->q.only));
	static const char *const ST[] = {"", "open", "confirmed", "dismissed"};
	if (p->q.state != XM_ANY)
		html_printf(b, "&amp;state=%s", ST[p->q.state]);
	if (p->q.campaign) {
		html_raw(b, "&amp;campaign=");
		html_url(b, p->q.campaign);
	}
}

static void decide_form(web_req *r, buf *b, const xm_row *x, const xm_page *p)
{
	html_raw(b, "<form method=\"post\" action=\"/crossmatch/decide\" class=\"inline\">");
	web_csrf_field(r, b);
	html_printf(b, "<input type=\"hidden\" name=\"line\" value=\"%lld\">", (long long)x->line);
	char day[11];
	date_format(p->q.as_of, day);
	html_printf(b, "<input type=\"hidden\" name=\"as_of\" value=\"%s\">", day);
	html_raw(b, "<input name=\"campaign\" placeholder=\"排查名称（可选）\" aria-label=\"排查名称\">"
		    "<input name=\"note\" placeholder=\"说明（可选）\" aria-label=\"说明\">"
		    "<button type=\"submit\" name=\"decision\" value=\"confirmed\">确认</button>"
		    "<button type=\"submit\" name=\"decision\" value=\"dismissed\">排除</button></form>");
}

/* The request's candidates in the user's scope: 0, or -1 with the response set. */
static int list_of(web_req *r, store *s, xm_page *p, xm_list *l)
{
	if (read_filters(r, s, p))
		return -1;
	store_filter sc = lw_scope(r);
	fg_err e;
	int rc = store_read_begin(s, &e);
	if (!rc) {
		rc = crossmatch_list(s, &sc, &p->q, l, &e);
		store_read_end(s);
	}
	if (rc) {
		web_error(r, 500, e.msg);
		return -1;
	}
	return 0;
}

void page_crossmatch(web_req *r)
{
	store *s = web_db(r);
	xm_page p;
	xm_list l;
	if (!s || list_of(r, s, &p, &l))
		return;
	buf *b = web_page_begin(r, "职工名册比对");
	html_raw(b, "<h1>职工名册比对</h1>\n<p>职工名册与党员名册按公民身份号码比对（规则见“党建工作说明”）；确认的线索列入检查发现，"
		    "排除的仍按日期计入统计，只是不再待核实。</p>\n");
	tools_filter_form(r, s, b, "/crossmatch", p.region, p.q.as_of);
	html_raw(b, "<form method=\"get\" action=\"/crossmatch\" class=\"filters\">\n");
	if (p.region)
		html_printf(b, "<input type=\"hidden\" name=\"region\" value=\"%s\">", p.region);
	char day[11];
	date_format(p.q.as_of, day);
	html_printf(b, "<input type=\"hidden\" name=\"as_of\" value=\"%s\">", day);
	static const char *const CLS[] = {"pocket", "hidden", "unregistered"};
	static const char *const CLS_L[] = {"口袋党员线索", "隐形党员线索", "自报党员未登记"};
	static const char *const ST[] = {"open", "confirmed", "dismissed"};
	static const char *const ST_L[] = {"待核实", "已确认", "已排除"};
	lw_select(b, "class", "类别", web_query(r, "class"), CLS, CLS_L, 3);
	lw_select(b, "state", "状态", web_query(r, "state"), ST, ST_L, 3);
	html_raw(b, "<button type=\"submit\">筛选</button></form>\n");
	html_printf(b, "<p>%s，截至 %s：口袋党员线索 %zu 条，隐形党员线索 %zu 条，自报党员未登记 %zu 条。", p.label, day,
		    l.by_class[XM_POCKET], l.by_class[XM_HIDDEN], l.by_class[XM_UNREGISTERED]);
	html_raw(b, " <a href=\"/crossmatch.xlsx?");
	query_string(b, &p);
	html_raw(b, "\">导出 Excel</a></p>\n");
	int can = auth_can(&r->user, PERM_WRITE);
	if (l.n > MAX_SHOWN)
		html_printf(b, "<p class=\"alert\">共 %zu 条，只显示前 %d 条；请按类别、状态或街道筛选，或导出 Excel。</p>\n", l.n,
			    MAX_SHOWN);
	html_raw(b, "<table>\n<thead><tr><th>类别</th><th>姓名</th><th>公民身份号码</th><th>企业</th><th>街道</th><th>入职日期</th>"
		    "<th>政治面貌</th><th>党员名册</th><th>状态</th>");
	if (can)
		html_raw(b, "<th>处理</th>");
	html_raw(b, "</tr></thead>\n<tbody>\n");
	const ledger_def *def = ledger_get(LEDGER_ROSTERS);
	for (size_t i = 0; i < l.n && i < MAX_SHOWN; i++) {
		const xm_row *x = &l.v[i];
		html_printf(b, "<tr><td>%s</td><td>%s</td><td>", crossmatch_class_label(x->cls), x->name);
		lw_value(b, &def->cols[RS_IDNO], x->idno, 0);
		html_printf(b, "</td><td>%s（%s）</td><td>%s</td><td>%s</td><td>%s</td><td>", x->ent_name, x->uscc,
			    x->street ? x->street : "", x->hired ? x->hired : "", x->political ? x->political : "");
		if (x->cls == XM_UNREGISTERED)
			html_raw(b, "没有此人");
		else
			html_printf(b, "所在党组织 %s%s%s；工作单位 %s", x->member_org ? x->member_org : "（空）",
				    x->member_outside ? "；区外组织关系 " : "", x->member_outside ? x->member_outside : "",
				    x->member_employer ? x->member_employer : "（空）");
		html_printf(b, "</td><td>%s", crossmatch_state_label(x->state));
		if (x->state != XM_OPEN)
			html_printf(b, "（%s %s%s%s%s%s）", x->decided_on, x->who, x->campaign ? "，排查：" : "",
				    x->campaign ? x->campaign : "", x->note ? "，" : "", x->note ? x->note : "");
		html_raw(b, "</td>");
		if (can) {
			html_raw(b, "<td>");
			decide_form(r, b, x, &p);
			html_raw(b, "</td>");
		}
		html_raw(b, "</tr>\n");
	}
	html_raw(b, "</tbody></table>\n");
	crossmatch_list_free(&l);
	web_page_end(r, 200);
}

/* POST /crossmatch/decide: line (the roster line's id), decision, campaign, note, as_of. */
void page_crossmatch_decide(web_req *r)
{
	store *s = web_db(r);
	if (!s)
		return;
	const char *line = web_field(r, "line"), *d = web_field(r, "decision");
	if (!line || !d || (strcmp(d, "confirmed") != 0 && strcmp(d, "dismissed") != 0)) {
		web_error(r, 400, "缺少职工名册行或处理结论（确认或排除）");
		return;
	}
	int as_of = date_today();
	const char *a = web_field(r, "as_of");
	if (a && *a && date_parse(a, &as_of) != 0) {
		web_error(r, 400, "日期无法识别");
		return;
	}
	const char *campaign = web_field(r, "campaign"), *note = web_field(r, "note");
	store_filter sc = lw_scope(r);
	fg_err e;
	int rc = crossmatch_decide_line(s, &sc, web_who(r), "web", strtoll(line, NULL, 10), as_of, d,
					campaign && *campaign ? campaign : NULL, note && *note ? note : NULL, &e);
	if (rc) {
		web_error(r, rc == FG_EINPUT ? 400 : 500, e.msg);
		return;
	}
	web_redirect(r, "/crossmatch");
}

/* GET /crossmatch.xlsx — the page's list, as `fgdj crossmatch --format xlsx`. */
void page_crossmatch_xlsx(web_req *r)
{
	store *s = web_db(r);
	xm_page p;
	xm_list l;
	if (!s || list_of(r, s, &p, &l))
		return;
	char *path = tools_tmpfile(".xlsx");
	fg_err e;
	int rc = path ? crossmatch_xlsx(&l, p.label, 0, path, &e) : FG_EFAIL;
	char day[11];
	date_format(p.q.as_of, day);
	buf name = {0}, ascii = {0};
	tools_file_stem(&name, p.label);
	buf_printf(&name, "职工名册比对-%s.xlsx", day);
	buf_printf(&ascii, "crossmatch-%s.xlsx", day);
	tools_xlsx_done(r, path, rc, e.msg, &name, &ascii);
	crossmatch_list_free(&l);
}
