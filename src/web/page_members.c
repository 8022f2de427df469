/* Party members (党员名册): the list and the pocket-member list (口袋党员: no organisation holds
 * the relation), one member, the forms, a logged "show in full" for roles that may export, and the
 * same as JSON under /api/v1/members. ID numbers and phones are masked everywhere unless a user
 * with the export permission asks, and every such view goes to the history. */
#include <string.h>

#include "util/date.h"
#include "web/page_ledger.h"

const lw_kind LW_MEMBERS = {LEDGER_MEMBERS, "/members", "member", "党员"};

static const char *const STATUS[] = {"正式党员", "预备党员"};
static const char *const RELATIONS[] = {"正常", "流动", "失联", "停止党籍"};

/* ---- lists ---- */

static int list_row(void *ctx, const query_row *row)
{
	buf *b = ctx;
	const ledger_rec *m = row->rec;
	const ledger_def *def = ledger_get(LEDGER_MEMBERS);
	html_printf(b, "<tr><td><a href=\"/members/%lld\">%s</a>", (long long)row->id, m->f[M_NAME]);
	lw_closed_tag(b, row);
	html_raw(b, "</td><td><code>");
	lw_value(b, &def->cols[M_IDNO], m->f[M_IDNO], 0);
	html_printf(b, "</code></td><td>%s</td><td>", m->f[M_STATUS]);
	if (m->f[M_EMPLOYER]) {
		html_raw(b, "<a href=\"/enterprises/");
		html_url(b, m->f[M_EMPLOYER]);
		html_printf(b, "\">%s</a>", row->employer_name);
	}
	html_raw(b, "</td><td>");
	if (row->org_id)
		html_printf(b, "<a href=\"/orgs/%lld\">%s</a>", (long long)row->org_id, m->f[M_ORG]);
	else
		html_raw(b, "<span class=\"muted\">（无）</span>");
	html_printf(b, "</td><td>%s</td><td>", m->f[M_RELATION] ? m->f[M_RELATION] : "正常");
	lw_value(b, &def->cols[M_PHONE], m->f[M_PHONE], 0);
	html_raw(b, "</td></tr>\n");
	return 0;
}

static void member_list(web_req *r, int pocket)
{
	store *s = web_db(r);
	if (!s)
		return;
	store_filter sc = lw_scope(r);
	int64_t page;
	query_list q = lw_list_query(r, &page);
	q.pocket = pocket;
	q.status = web_query(r, "status");
	q.relation = web_query(r, "relation");
	const char *dis = web_query(r, "disclosed");
	q.disclosed = dis && strcmp(dis, "1") == 0;
	const char *formal = web_query(r, "formal");
	q.formal = formal && strcmp(formal, "1") == 0;
	lw_ref_filters(r, s, &sc, &q);
	const char *org = web_query(r, "org"), *emp = web_query(r, "employer");
	const char *title = pocket ? "口袋党员" : "党员";
	buf *b = web_page_begin(r, title), scratch = {0};
	html_printf(b, "<h1>%s</h1>\n", title);
	if (pocket)
		html_raw(b, "<p class=\"lead\">组织关系没有转入任何党组织的党员（不含停止党籍）。请联系本人，督促转接组织关系。</p>\n");
	if (q.formal)
		html_raw(b, "<p class=\"lead\">统计中的正式党员：工作单位在本范围内、已入党并已转正（或登记为正式党员），不含停止党籍——"
			    "即统计中“正式党员”。</p>\n");
	if (q.disclosed)
		html_raw(b, "<p class=\"lead\">在工作岗位上亮明党员身份的党员：工作单位在本范围内、已入党（正式党员和预备党员），不含停止党籍——"
			    "即统计中“亮明身份的党员”。</p>\n");
	html_raw(b, "<p>");
	if (pocket)
		html_raw(b, "<a href=\"/members\">全部党员</a>");
	else
		html_raw(b, "<a href=\"/members/pocket\">口袋党员</a>");
	if (auth_can(&r->user, PERM_WRITE) && lw_list_mode_of(r) == LW_LIST_PAGE)
		html_raw(b, " · <a class=\"button\" href=\"/members/new\">新增党员</a>");
	html_raw(b, "</p>\n");
	buf *pageb = b;
	b = lw_list_form(r, pageb, &scratch);
	html_printf(b, "<form method=\"get\" action=\"%s\" class=\"filters\" role=\"search\">\n"
		       "<label>姓名<input name=\"q\" value=\"%s\"></label>\n",
		    pocket ? "/members/pocket" : "/members", q.q ? q.q : "");
	lw_more_filters(b, r);
	q.closed = lw_closed_filter(r, b, &LW_MEMBERS);
	lw_region_filter(b, r, s, &sc, &q);
	lw_select(b, "status", "人员类别", q.status, STATUS, NULL, 2);
	if (!pocket) {
		lw_select(b, "relation", "组织关系状态", q.relation, RELATIONS, NULL, 4);
		html_printf(b, "<label class=\"check\"><input type=\"checkbox\" name=\"disclosed\" value=\"1\"%s> 只看亮明身份的党员</label>\n",
			    q.disclosed ? " checked" : "");
		html_printf(b, "<label class=\"check\"><input type=\"checkbox\" name=\"formal\" value=\"1\"%s> 只看统计中的正式党员</label>\n",
			    q.formal ? " checked" : "");
	}
	html_printf(b, "<label>所在党组织<input name=\"org\" value=\"%s\" placeholder=\"名称\"></label>\n"
		       "<label>工作单位<input name=\"employer\" value=\"%s\" placeholder=\"统一社会信用代码\"></label>\n",
		    org ? org : "", emp ? emp : "");
	html_printf(b, "</details>\n<p><button type=\"submit\">查询</button> <a href=\"%s\">清除条件</a></p>\n</form>\n",
		    pocket ? "/members/pocket" : "/members");
	int done = lw_list_out(r, &LW_MEMBERS, s, &sc, &q, pageb, b);
	buf_free(&scratch);
	if (done)
		return;
	b = pageb;
	html_raw(b, "<p class=\"hint\">公民身份号码和联系电话已脱敏。</p>\n<div class=\"table-wrap\"><table>\n<thead><tr>"
		    "<th scope=\"col\">姓名</th><th scope=\"col\">公民身份号码</th><th scope=\"col\">人员类别</th>"
		    "<th scope=\"col\">工作单位</th><th scope=\"col\">所在党组织</th><th scope=\"col\">组织关系</th>"
		    "<th scope=\"col\">联系电话</th></tr></thead>\n<tbody>\n");
	lw_list_table(r, b, s, LEDGER_MEMBERS, &sc, &q, 7, "没有符合条件的党员", list_row, b, page);
}

void page_members(web_req *r)
{
	member_list(r, 0);
}

void page_members_pocket(web_req *r)
{
	member_list(r, 1);
}

/* ---- one member ---- */

static void member_page(web_req *r, int unmasked)
{
	lw_row row;
	store *s = lw_open(r, &LW_MEMBERS, &row);
	if (!s)
		return;
	const ledger_rec *m = &row.rec;
	if (unmasked && lw_log_views(r, s, LW_MEMBERS.tbl, &m->f[M_IDNO], 1) != FG_OK) {
		lw_row_free(&row);
		return;
	}
	buf *b = web_page_begin(r, m->f[M_NAME]);
	if (web_query(r, "saved"))
		html_raw(b, "<p class=\"notice\" role=\"status\">已保存，变更已记入历史。</p>\n");
	if (unmasked)
		html_raw(b, "<p class=\"notice\" role=\"status\">以下为完整的身份证号和联系电话；本次查看已记入变更历史。</p>\n");
	html_printf(b, "<h1>%s</h1>\n<p class=\"lead\">%s · 组织关系%s</p>\n", m->f[M_NAME], m->f[M_STATUS],
		    m->f[M_RELATION] ? m->f[M_RELATION] : "正常");
	html_raw(b, "<p>");
	if (m->f[M_EMPLOYER]) {
		html_raw(b, "工作单位：<a href=\"/enterprises/");
		html_url(b, m->f[M_EMPLOYER]);
		html_printf(b, "\">%s</a> ", row.q.employer_name);
	}
	if (row.q.org_id)
		html_printf(b, "所在党组织：<a href=\"/orgs/%lld\">%s</a>", (long long)row.q.org_id, m->f[M_ORG]);
	else
		html_raw(b, "<strong>没有所在党组织（口袋党员）</strong>");
	html_raw(b, "</p>\n");
	if (auth_can(&r->user, PERM_WRITE))
		html_printf(b, "<p><a class=\"button\" href=\"/members/%lld/edit\">修改</a></p>\n", (long long)row.q.id);
	lw_close_actions(r, b, &LW_MEMBERS, &row);
	html_raw(b, "<h2>基本信息</h2>\n");
	lw_fields(b, ledger_get(LEDGER_MEMBERS), m, unmasked);
	if (!unmasked && auth_can(&r->user, PERM_EXPORT)) {
		html_printf(b, "<form method=\"post\" action=\"/members/%lld/reveal\">", (long long)row.q.id);
		web_csrf_field(r, b);
		html_raw(b, "<button type=\"submit\">显示完整信息</button> <span class=\"hint\">每次查看都会记入变更历史</span></form>\n");
	}
	store_filter sc = lw_scope(r);
	page_recog_designations(b, s, &sc, 0, row.q.id);
	lw_history(b, s, &sc, &LW_MEMBERS, m->f[M_IDNO]);
	web_page_end(r, 200);
	lw_row_free(&row);
}

void page_member(web_req *r)
{
	member_page(r, 0);
}

/* POST /members/{id}/reveal (permission export): the page once more with the full ID number and
 * phone, after writing the view to the history. A POST, so that a link or a prefetch cannot do it. */
void page_member_reveal(web_req *r)
{
	member_page(r, 1);
}
