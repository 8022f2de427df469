/* The enterprise ledger (企业台账): the filtered list, one enterprise with its 五清, members,
 * coverage, instructors and history, the forms, and the same as JSON under /api/v1/enterprises.
 * Lists and rows come from store/query.h inside the user's scope; writes go through lw_save. */
#include <string.h>

#include "core/metrics.h"
#include "core/rules.h"
#include "util/date.h"
#include "web/page_ledger.h"

const lw_kind LW_ENTERPRISES = {LEDGER_ENTERPRISES, "/enterprises", "enterprise", "企业"};

static const char *const STATUS[] = {"在营", "停业", "歇业", "注销", "吊销"};
static const char *const COV_VALUES[] = {"1", "2", "3", "4"};
static const char *const COV_LABELS[] = {"未覆盖", "单独建", "联合建", "挂靠建"};

/* ---- the list ---- */

/* The flags of the sets the figures count: one name each for the page, its links and the API. */
static const struct {
	const char *name;
	unsigned bit;
	const char *label;
} SET_FLAGS[] = {
	{"in_scope", ENT_SET_IN_SCOPE, "只看“三有”企业"},
	{"covered", ENT_SET_COVERED, "已建立党组织（单独建、联合建或挂靠建）"},
	{"required_single", ENT_SET_REQUIRED_SINGLE, "应单独建立党组织"},
	{"unbuilt", ENT_SET_UNBUILT, "应建未建（应单独建而未单独建）"},
	{"instructor", ENT_SET_INSTRUCTOR, "有党建指导员"},
	{"work_covered", ENT_SET_WORK_COVERED, "党的工作已覆盖（有党组织或指导员）"},
	{"with_members", ENT_SET_WITH_MEMBERS, "有正式党员"},
	{"complete", ENT_SET_COMPLETE, "五清完整"},
};

static int flag_on(web_req *r, const char *name)
{
	const char *v = web_query(r, name);
	return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

unsigned lw_ent_sets(web_req *r)
{
	unsigned sets = 0;
	for (size_t i = 0; i < sizeof SET_FLAGS / sizeof SET_FLAGS[0]; i++)
		if (flag_on(r, SET_FLAGS[i].name))
			sets |= SET_FLAGS[i].bit;
	return sets;
}

static int list_row(void *ctx, const query_row *row)
{
	buf *b = ctx;
	const ledger_rec *e = row->rec;
	html_raw(b, "<tr><td><a href=\"");
	lw_href(b, &LW_ENTERPRISES, row);
	html_printf(b, "\">%s</a>", e->f[E_NAME]);
	lw_closed_tag(b, row);
	html_printf(b, "</td><td><code>%s</code></td><td>%s%s%s/%s</td><td>%s</td><td>%s</td>"
		       "<td class=\"num\">%s</td><td>%s</td><td>%s</td></tr>\n",
		    e->f[E_USCC], e->f[E_DISTRICT] ? e->f[E_DISTRICT] : "", e->f[E_DISTRICT] ? "/" : "", e->f[E_STREET], e->f[E_COMMUNITY], e->f[E_ZONE] ? e->f[E_ZONE] : "",
		    e->f[E_STATUS], e->f[E_EMPLOYEES], rules_cov_name((cov_state)row->cov), row->complete ? "完整" : "不完整");
	return 0;
}

void page_enterprises(web_req *r)
{
	store *s = web_db(r);
	if (!s)
		return;
	store_filter sc = lw_scope(r);
	int64_t page;
	query_list q = lw_list_query(r, &page);
	q.status = web_query(r, "status");
	q.cov = (int)lw_id_param(r, "cov");
	if (q.cov > COV_AFFILIATED + 1)
		q.cov = 0;
	const char *inc = web_query(r, "incomplete");
	q.incomplete = inc && *inc;
	q.sets = lw_ent_sets(r);
	buf *b = web_page_begin(r, "企业台账"), scratch = {0};
	html_raw(b, "<h1>企业台账</h1>\n");
	if (auth_can(&r->user, PERM_WRITE) && r->user.scope_kind != SCOPE_ORG && lw_list_mode_of(r) == LW_LIST_PAGE)
		html_raw(b, "<p><a class=\"button\" href=\"/enterprises/new\">新增企业</a></p>\n");
	buf *pageb = b;
	b = lw_list_form(r, pageb, &scratch);
	html_printf(b, "<form method=\"get\" action=\"/enterprises\" class=\"filters\" role=\"search\">\n"
		       "<label>搜索<input name=\"q\" value=\"%s\" placeholder=\"企业名称或统一社会信用代码\"></label>\n",
		    q.q ? q.q : "");
	lw_more_filters(b, r);
	q.closed = lw_closed_filter(r, b, &LW_ENTERPRISES);
	lw_region_filter(b, r, s, &sc, &q);
	lw_zone_filter(b, r, s, &sc, &q);
	lw_select(b, "status", "经营状态", q.status, STATUS, NULL, sizeof STATUS / sizeof STATUS[0]);
	lw_select(b, "cov", "组织覆盖（今天）", web_query(r, "cov"), COV_VALUES, COV_LABELS, 4);
	for (size_t i = 0; i < sizeof SET_FLAGS / sizeof SET_FLAGS[0]; i++)
		html_printf(b, "<label><span><input type=\"checkbox\" name=\"%s\" value=\"1\"%s> %s</span></label>\n",
			    SET_FLAGS[i].name, q.sets & SET_FLAGS[i].bit ? " checked" : "", SET_FLAGS[i].label);
	html_printf(b, "<label><span><input type=\"checkbox\" name=\"incomplete\" value=\"1\"%s> 只看五清不完整</span></label>\n"
		       "</details>\n<p><button type=\"submit\">查询</button> <a href=\"/enterprises\">清除条件</a></p>\n</form>\n",
		    q.incomplete ? " checked" : "");
	int done = lw_list_out(r, &LW_ENTERPRISES, s, &sc, &q, pageb, b);
	buf_free(&scratch);
	if (done)
		return;
	b = pageb;
	html_raw(b, "<div class=\"table-wrap\"><table class=\"ledger\">\n<thead><tr><th scope=\"col\">企业名称</th>"
		    "<th scope=\"col\">统一社会信用代码</th><th scope=\"col\">街道/社区</th><th scope=\"col\">区域</th>"
		    "<th scope=\"col\">经营状态</th><th scope=\"col\" class=\"num\">从业人员</th><th scope=\"col\">组织覆盖</th>"
		    "<th scope=\"col\">五清</th></tr></thead>\n<tbody>\n");
	lw_list_table(r, b, s, LEDGER_ENTERPRISES, &sc, &q, 8, "没有符合条件的企业", list_row, b, page);
}

/* ---- one enterprise ---- */

typedef struct members_ctx {
	buf *b;
	int formal, probationary, stopped, mobile, lost, shown;
} members_ctx;

static int ent_member(void *ctx, const query_row *row)
{
	members_ctx *c = ctx;
	const ledger_rec *m = row->rec;
	const ledger_def *def = ledger_get(LEDGER_MEMBERS);
	const char *rel = m->f[M_RELATION] ? m->f[M_RELATION] : "正常";
	if (strcmp(rel, "停止党籍") == 0)
		c->stopped++;
	else if (strcmp(m->f[M_STATUS], "正式党员") == 0)
		c->formal++;
	else
		c->probationary++;
	c->mobile += strcmp(rel, "流动") == 0;
	c->lost += strcmp(rel, "失联") == 0;
	if (c->shown++ >= 200)
		return 0;
	html_printf(c->b, "<tr><td><a href=\"/members/%lld\">%s</a></td><td><code>", (long long)row->id, m->f[M_NAME]);
	lw_value(c->b, &def->cols[M_IDNO], m->f[M_IDNO], 0);
	html_printf(c->b, "</code></td><td>%s</td><td>%s</td><td>%s</td></tr>\n", m->f[M_STATUS], rel,
		    m->f[M_ORG] ? m->f[M_ORG] : "（无，口袋党员）");
	return 0;
}

static void five_clears(buf *b, const query_row *row, const members_ctx *mc)
{
	const ledger_rec *e = row->rec;
	html_printf(b, "<h2>五清</h2>\n<p>%s</p>\n<div class=\"table-wrap\"><table>\n<tbody>\n",
		    row->complete ? "五清完整。" : "五清不完整：请补齐标为“未填”的栏目。");
	html_printf(b, "<tr><th scope=\"row\">经营运行情况</th><td>%s</td></tr>\n", e->f[E_OP_INFO] ? e->f[E_OP_INFO] : "未填");
	html_printf(b, "<tr><th scope=\"row\">职工队伍情况</th><td>%s</td></tr>\n",
		    e->f[E_STAFF_INFO] ? e->f[E_STAFF_INFO] : "未填");
	html_printf(b, "<tr><th scope=\"row\">党员队伍情况</th><td>正式党员 %d 名，预备党员 %d 名（取自党员名册）</td></tr>\n",
		    mc->formal, mc->probationary);
	html_printf(b, "<tr><th scope=\"row\">出资人情况</th><td>%s%s</td></tr>\n", e->f[E_INVESTOR] ? e->f[E_INVESTOR] : "未填",
		    !e->f[E_INVESTOR_MEMBER]		       ? ""
		    : strcmp(e->f[E_INVESTOR_MEMBER], "是") == 0 ? "（党员）"
								 : "（非党员）");
	html_printf(b, "<tr><th scope=\"row\">未建党组织原因</th><td>%s</td></tr>\n",
		    row->cov != COV_UNCOVERED ? "已有党组织覆盖，无需填写"
		    : e->f[E_NO_ORG_REASON]   ? e->f[E_NO_ORG_REASON]
					      : "未填");
	html_raw(b, "</tbody>\n</table></div>\n");
}

void page_enterprise(web_req *r)
{
	lw_row row;
	store *s = lw_open(r, &LW_ENTERPRISES, &row);
	if (!s)
		return;
	store_filter sc = lw_scope(r);
	const ledger_rec *e = &row.rec;
	buf *b = web_page_begin(r, e->f[E_NAME]);
	if (web_query(r, "saved"))
		html_raw(b, "<p class=\"notice\" role=\"status\">已保存，变更已记入历史。</p>\n");
	html_printf(b, "<h1>%s</h1>\n<p class=\"lead\"><code>%s</code> · %s%s%s/%s · %s · 组织覆盖：%s</p>\n", e->f[E_NAME],
		    e->f[E_USCC], e->f[E_DISTRICT] ? e->f[E_DISTRICT] : "", e->f[E_DISTRICT] ? "/" : "", e->f[E_STREET], e->f[E_COMMUNITY], e->f[E_STATUS], rules_cov_name((cov_state)row.q.cov));
	if (auth_can(&r->user, PERM_WRITE)) {
		html_raw(b, "<p><a class=\"button\" href=\"");
		lw_href(b, &LW_ENTERPRISES, &row.q);
		html_raw(b, "/edit\">修改</a></p>\n");
	}
	lw_close_actions(r, b, &LW_ENTERPRISES, &row);
	html_raw(b, "<h2>基本信息</h2>\n");
	lw_fields(b, ledger_get(LEDGER_ENTERPRISES), e, 0);

	/* Members first into a side buffer: 五清 needs their counts. */
	buf mb = {0};
	members_ctx mc = {&mb, 0, 0, 0, 0, 0, 0};
	query_list mq = {.today = date_today(), .employer_id = row.q.id};
	int64_t total = 0;
	fg_err err;
	query_list_rows(s, LEDGER_MEMBERS, &sc, &mq, &total, ent_member, &mc, &err);
	five_clears(b, &row.q, &mc);
	html_raw(b, "<h2>组织覆盖</h2>\n");
	lw_links(b, s, &sc, LINK_ENT_ORGS, row.q.id, "覆盖本企业的党组织");
	html_raw(b, "<h2>党建指导员</h2>\n");
	lw_links(b, s, &sc, LINK_ENT_INSTRUCTORS, row.q.id, "派驻本企业的党建指导员");
	html_printf(b, "<h2>党员</h2>\n<p>共 %lld 名：正式党员 %d 名，预备党员 %d 名，停止党籍 %d 名；其中流动 %d 名，失联 %d 名。"
		       "身份证号已脱敏。</p>\n",
		    (long long)total, mc.formal, mc.probationary, mc.stopped, mc.mobile, mc.lost);
	html_raw(b, "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">姓名</th><th scope=\"col\">公民身份号码</th>"
		    "<th scope=\"col\">人员类别</th><th scope=\"col\">组织关系</th><th scope=\"col\">所在党组织</th></tr></thead>\n"
		    "<tbody>\n");
	buf_add(b, mb.p ? mb.p : "", mb.len); /* markup written by ent_member through html_printf */
	buf_free(&mb);
	html_raw(b, "</tbody>\n</table></div>\n");
	if (total > 200)
		html_printf(b, "<p><a href=\"/members?employer=%s\">查看全部 %lld 名党员</a></p>\n", e->f[E_USCC],
			    (long long)total);
	page_recog_designations(b, s, &sc, row.q.id, 0);
	if (auth_can(&r->user, PERM_WRITE))
		html_printf(b, "<p><a class=\"button\" href=\"/designations/new?employer=%lld\">新增岗区</a>"
			       "（党员示范岗、先锋岗或责任区：勾选在本企业工作的党员）</p>\n", (long long)row.q.id);
	lw_history(b, s, &sc, &LW_ENTERPRISES, e->f[E_USCC]);
	web_page_end(r, 200);
	lw_row_free(&row);
}
