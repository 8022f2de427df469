/* Party work (docs/party-work.md): the pages and JSON API of the six records — meetings (组织生活),
 * study, secretaries, visits, trainings and trainees — an organisation's year as a calendar, and a
 * secretary's to-do. The lists and rows are table-driven (one party_page per ledger); the forms,
 * saves and API calls are the generic ones of page_ledger.h, except that a meeting's attendance is
 * ticked from the organisation's roster (members lodged in it), and a designation's members from
 * those employed by its enterprise, never typed. Every compliance
 * state comes from core/life.h (life_org_year); this file only reads the records and shows it. */
#include <stdlib.h>
#include <string.h>

#include "core/dev.h"
#include "core/life.h"
#include "core/recog.h"
#include "report/party.h"
#include "store/party_scan.h"
#include "util/date.h"
#include "util/strmap.h"
#include "web/page_ledger.h"

const lw_kind LW_MEETINGS = {LEDGER_MEETINGS, "/meetings", "meeting", "组织生活记录"};
const lw_kind LW_STUDY = {LEDGER_STUDY, "/study", "study", "学习记录"};
const lw_kind LW_SECRETARIES = {LEDGER_SECRETARIES, "/secretaries", "secretary", "党组织书记"};
const lw_kind LW_VISITS = {LEDGER_VISITS, "/visits", "visit", "走访记录"};
const lw_kind LW_TRAININGS = {LEDGER_TRAININGS, "/trainings", "training", "培训观摩"};
const lw_kind LW_TRAINEES = {LEDGER_TRAINEES, "/trainees", "trainee", "培训人员"};
const lw_kind LW_DEVELOPMENT = {LEDGER_DEVELOPMENT, "/development", "development", "发展党员"};
const lw_kind LW_TRANSFERS = {LEDGER_TRANSFERS, "/transfers", "transfer", "组织关系转接"};
const lw_kind LW_DUES = {LEDGER_DUES, "/dues", "dues", "党费记录"};
const lw_kind LW_CAMPAIGNS = {LEDGER_CAMPAIGNS, "/campaigns", "campaign", "排查"};
const lw_kind LW_TASKS = {LEDGER_TASKS, "/tasks", "task", "排查任务"};
const lw_kind LW_ROSTERS = {LEDGER_ROSTERS, "/rosters", "roster", "职工名册"};
const lw_kind LW_FUNDING = {LEDGER_FUNDING, "/funding", "funding", "党建经费"};
const lw_kind LW_RATINGS = {LEDGER_RATINGS, "/ratings", "rating", "星级评定"};
const lw_kind LW_DESIGNATIONS = {LEDGER_DESIGNATIONS, "/designations", "designation", "亮身份岗区"};
const lw_kind LW_VENUES = {LEDGER_VENUES, "/venues", "venue", "党员活动阵地"};

/* What a list shows of one ledger. */
typedef struct party_page {
	const lw_kind *k;
	const char *search; /* placeholder of the search box */
	int cols[7];        /* columns of the list, -1 ends; the first links to the row */
	int kind_col;       /* an enum column offered as the ?kind= filter, -1 none */
	int by_org;         /* ?org= narrows it */
	int by_date;        /* ?from= and ?to= narrow it */
} party_page;

static const party_page PAGES[] = {
	{&LW_MEETINGS, "主题或党组织名称", {MT_DATE, MT_ORG, MT_KIND, MT_TOPIC, MT_FORM, MT_HOURS, -1}, MT_KIND, 1, 1},
	{&LW_STUDY, "姓名或学习内容", {ST_DATE, ST_NAME, ST_IDNO, ST_CONTENT, ST_HOURS, -1}, -1, 1, 1},
	{&LW_SECRETARIES, "姓名或党组织名称", {SE_ORG, SE_NAME, SE_SINCE, SE_UNTIL, SE_METHOD, SE_DUAL_STRONG, -1}, -1, 1, 0},
	{&LW_VISITS, "指导员姓名或企业名称", {VI_DATE, VI_INSTRUCTOR, VI_UNIT, VI_USCC, VI_ROLES, -1}, -1, 0, 1},
	{&LW_TRAININGS, "培训名称", {TR_START, TR_NAME, TR_KIND, TR_END, TR_PLACE, TR_HOURS, -1}, TR_KIND, 0, 1},
	{&LW_TRAINEES, "姓名或培训名称", {TE_START, TE_TRAINING, TE_NAME, TE_ROLE, TE_USCC, -1}, -1, 0, 0},
	{&LW_DEVELOPMENT, "姓名或党组织名称", {DV_NAME, DV_ORG, DV_APPLY, DV_ACTIVIST, DV_ASSEMBLY, DV_FULL, -1}, -1, 1, 0},
	{&LW_TRANSFERS, "姓名或党组织名称", {TF_LETTER, TF_NAME, TF_DIRECTION, TF_ORG, TF_OTHER, TF_DONE, -1}, -1, 1, 1},
	{&LW_DUES, "姓名或党组织名称", {DU_MONTH, DU_NAME, DU_IDNO, DU_BASE, DU_DUE, DU_PAID, DU_PAID_DATE}, -1, 1, 0},
	{&LW_CAMPAIGNS, "排查名称或牵头部门", {CP_NAME, CP_RANGE, CP_LEAD, CP_START, CP_DEADLINE, -1}, -1, 0, 1},
	{&LW_TASKS, "企业名称或责任人", {TK_CAMPAIGN, TK_USCC, TK_OWNER, TK_STATUS, TK_DONE, TK_FINDINGS, -1}, TK_STATUS, 0, 0},
	{&LW_ROSTERS, "姓名或企业名称", {RS_NAME, RS_USCC, RS_IDNO, RS_HIRED, RS_POLITICAL, -1}, RS_POLITICAL, 0, 0},
	{&LW_FUNDING, "党组织名称或依据文号", {FU_DATE, FU_ORG, FU_KIND, FU_AMOUNT, FU_DOC, -1}, FU_KIND, 1, 1},
	{&LW_RATINGS, "党组织名称", {RT_ORG, RT_YEAR, RT_DATE, RT_TOTAL, RT_STARS, RT_VETO, -1}, -1, 1, 0},
	{&LW_DESIGNATIONS, "名称或企业名称", {DG_NAME, DG_KIND, DG_USCC, DG_MEMBERS, DG_GRANTED, DG_REVOKED, -1}, DG_KIND, 0, 1},
	{&LW_VENUES, "党组织名称或地址", {VN_ORG, VN_ADDRESS, VN_AREA, VN_OPEN_BASE, VN_RECOGNISED, -1}, -1, 1, 0},
};

static const party_page *page_of(ledger_kind kind)
{
	for (size_t i = 0; i < sizeof PAGES / sizeof PAGES[0]; i++)
		if (PAGES[i].k->kind == kind)
			return &PAGES[i];
	return NULL;
}

/* ---- lists ---- */

typedef struct list_ctx {
	buf *b;
	const party_page *pg;
} list_ctx;

static int list_row(void *ctx, const query_row *row)
{
	list_ctx *c = ctx;
	const ledger_def *def = ledger_get(row->kind);
	html_raw(c->b, "<tr>");
	for (int i = 0; i < 7 && c->pg->cols[i] >= 0; i++) {
		int col = c->pg->cols[i];
		html_raw(c->b, "<td>");
		if (!i) {
			html_raw(c->b, "<a href=\"");
			lw_href(c->b, c->pg->k, row);
			html_raw(c->b, "\">");
		}
		lw_value(c->b, &def->cols[col], row->rec->f[col], 0);
		html_raw(c->b, i ? "</td>" : "</a></td>");
	}
	html_raw(c->b, "</tr>\n");
	return 0;
}

/* The links between the six records' lists. */
static void party_nav(buf *b, const lw_kind *current)
{
	html_raw(b, "<nav aria-label=\"党建工作记录\"><p class=\"party-nav\">");
	for (size_t i = 0; i < sizeof PAGES / sizeof PAGES[0]; i++) {
		const lw_kind *k = PAGES[i].k;
		if (k == current)
			html_printf(b, "%s<strong aria-current=\"page\">%s</strong>", i ? " · " : "", ledger_get(k->kind)->title);
		else
			html_printf(b, "%s<a href=\"%s\">%s</a>", i ? " · " : "", k->path, ledger_get(k->kind)->title);
	}
	html_raw(b, "</p></nav>\n");
}

void page_party_list(web_req *r)
{
	const lw_kind *k = r->route->ctx;
	const party_page *pg = page_of(k->kind);
	const ledger_def *def = ledger_get(k->kind);
	store *s = web_db(r);
	if (!s)
		return;
	store_filter sc = lw_scope(r);
	int64_t page = lw_page_number(r);
	query_list q = {.today = date_today(), .limit = QUERY_PAGE_SIZE, .offset = (page - 1) * QUERY_PAGE_SIZE};
	q.q = web_query(r, "q");
	buf *b = web_page_begin(r, def->title), scratch = {0};
	html_printf(b, "<h1>%s</h1>\n", def->title);
	if (lw_list_mode_of(r) == LW_LIST_PAGE)
		party_nav(b, k);
	if (auth_can(&r->user, lw_write_perm(k)) && lw_list_mode_of(r) == LW_LIST_PAGE)
		html_printf(b, "<p><a class=\"button\" href=\"%s/new\">新增%s</a></p>\n", k->path, k->noun);
	if (k->kind == LEDGER_DEVELOPMENT)
		html_raw(b, "<p><a href=\"/development/due\">到期提醒：谈话、上级批准和转正</a></p>\n");
	if (k->kind == LEDGER_DUES)
		page_dues_sheet_form(b, r);
	if (k->kind == LEDGER_ROSTERS)
		html_raw(b, "<p><a href=\"/crossmatch\">与党员名册比对：口袋党员、隐形党员线索</a></p>\n");
	if (k->kind == LEDGER_RATINGS)
		html_raw(b, "<p><a href=\"/ratings/ranking\">星级评定排名</a> · <a href=\"/rubric\">评分细则</a></p>\n");
	buf *pageb = b;
	b = lw_list_form(r, pageb, &scratch);
	html_printf(b, "<form method=\"get\" action=\"%s\" class=\"filters\" role=\"search\">\n"
		       "<label>搜索<input name=\"q\" value=\"%s\" placeholder=\"%s\"></label>\n",
		    k->path, q.q ? q.q : "", pg->search);
	lw_more_filters(b, r);
	lw_region_filter(b, r, s, &sc, &q);
	if (pg->kind_col >= 0) {
		const char *const *ch = def->cols[pg->kind_col].choices;
		size_t n = 0;
		while (ch[n])
			n++;
		q.kind = web_query(r, "kind");
		lw_select(b, "kind", def->cols[pg->kind_col].header, q.kind, ch, NULL, n);
	}
	if (k->kind == LEDGER_DUES) { /* the month travels as the list's kind filter (query.c DUES_FILTER) */
		q.kind = web_query(r, "month");
		html_printf(b, "<label>月份<input type=\"month\" name=\"month\" value=\"%s\" placeholder=\"2026-03\"></label>\n",
			    q.kind ? q.kind : "");
	}
	if (pg->by_org) {
		const char *org = web_query(r, "org");
		html_printf(b, "<label>党组织<input name=\"org\" value=\"%s\" placeholder=\"党组织名称或编号\"></label>\n",
			    org ? org : "");
	}
	if (pg->by_date) {
		q.from = web_query(r, "from");
		q.to = web_query(r, "to");
		html_printf(b, "<label>起始日期<input type=\"date\" name=\"from\" value=\"%s\"></label>\n"
			       "<label>截止日期<input type=\"date\" name=\"to\" value=\"%s\"></label>\n",
			    q.from ? q.from : "", q.to ? q.to : "");
	}
	if (k->kind == LEDGER_TASKS) {
		/* ?campaign=: the campaign page's links (its id). */
		const char *cp = web_query(r, "campaign");
		q.parent_id = cp ? strtoll(cp, NULL, 10) : 0;
		if (q.parent_id > 0)
			html_printf(b, "<input type=\"hidden\" name=\"campaign\" value=\"%lld\">\n", (long long)q.parent_id);
	}
	lw_ref_filters(r, s, &sc, &q);
	html_printf(b, "</details>\n<p><button type=\"submit\">查询</button> <a href=\"%s\">清除条件</a></p>\n</form>\n",
		    k->path);
	int done = lw_list_out(r, k, s, &sc, &q, pageb, b);
	buf_free(&scratch);
	if (done)
		return;
	b = pageb;
	html_raw(b, "<div class=\"table-wrap\"><table class=\"ledger\">\n<thead><tr>");
	int ncols = 0;
	for (; ncols < 7 && pg->cols[ncols] >= 0; ncols++)
		html_printf(b, "<th scope=\"col\">%s</th>", def->cols[pg->cols[ncols]].header);
	html_raw(b, "</tr></thead>\n<tbody>\n");
	int64_t total = 0;
	fg_err e;
	list_ctx c = {b, pg};
	if (query_list_rows(s, k->kind, &sc, &q, &total, list_row, &c, &e) != FG_OK)
		html_printf(b, "<tr><td colspan=\"%d\">%s</td></tr>\n", ncols, e.msg);
	else if (!total)
		html_printf(b, "<tr><td colspan=\"%d\" class=\"muted\">没有符合条件的记录</td></tr>\n", ncols);
	html_raw(b, "</tbody>\n</table></div>\n");
	lw_pager(b, r, page, total);
	web_page_end(r, 200);
}

/* ---- development: what falls due ---- */

typedef struct due_item {
	int64_t id;
	char *name, *org;
	dev_due due;
} due_item;

typedef struct due_ctx {
	due_item *v;
	size_t n, cap;
	int today, days;
} due_ctx;

static int due_row(void *ctx, const query_row *row)
{
	due_ctx *c = ctx;
	dev_record dr;
	ledger_dev_record(row->rec, &dr);
	dev_due d;
	dev_due_on(&dr, c->today, &d);
	if (d.step < 0 || (!d.overdue && d.deadline - c->today > c->days))
		return 0;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 32;
		c->v = xrealloc(c->v, c->cap * sizeof *c->v);
	}
	c->v[c->n++] = (due_item){row->id, xstrdup(row->rec->f[DV_NAME]), xstrdup(row->rec->f[DV_ORG]), d};
	return 0;
}

static int due_cmp(const void *a, const void *b)
{
	const due_item *x = a, *y = b;
	if (x->due.deadline != y->due.deadline)
		return x->due.deadline < y->due.deadline ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/* GET /development/due — the talks, approvals and 转正 that fall due within ?days= (30) or are
 * overdue, in the user's scope, narrowed by ?region= and ?org=, soonest first. */
void page_development_due(web_req *r)
{
	store *s = web_db(r);
	if (!s)
		return;
	store_filter sc = lw_scope(r);
	const char *dv = web_query(r, "days");
	char *end = NULL;
	long days = dv && *dv ? strtol(dv, &end, 10) : 30;
	if ((end && *end) || days < 0 || days > 366) {
		web_error(r, 400, "days 应为 0 到 366 之间的天数");
		return;
	}
	query_list q = {.today = date_today()};
	buf *b = web_page_begin(r, "发展党员：到期提醒");
	html_raw(b, "<h1>发展党员：到期提醒</h1>\n");
	party_nav(b, NULL);
	html_raw(b, "<form method=\"get\" action=\"/development/due\" class=\"filters\" role=\"search\">\n");
	html_printf(b, "<label>天数<input type=\"number\" name=\"days\" min=\"0\" max=\"366\" value=\"%ld\"></label>\n", days);
	lw_region_filter(b, r, s, &sc, &q);
	const char *org = web_query(r, "org");
	html_printf(b, "<label>党组织<input name=\"org\" value=\"%s\" placeholder=\"党组织名称或编号\"></label>\n",
		    org ? org : "");
	lw_ref_filters(r, s, &sc, &q);
	html_raw(b, "<p><button type=\"submit\">查询</button> <a href=\"/development/due\">清除条件</a></p>\n</form>\n");
	due_ctx c = {.today = q.today, .days = (int)days};
	int64_t total = 0;
	fg_err e;
	int rc = query_list_rows(s, LEDGER_DEVELOPMENT, &sc, &q, &total, due_row, &c, &e);
	if (rc) {
		html_printf(b, "<p class=\"alert\">%s</p>\n", e.msg);
	} else {
		if (c.n) /* qsort of no array: undefined */
			qsort(c.v, c.n, sizeof *c.v, due_cmp);
		size_t overdue = 0;
		for (size_t i = 0; i < c.n; i++)
			overdue += c.v[i].due.overdue;
		html_printf(b, "<p>%zu 人的下一步在 %ld 天内到期或已逾期，其中已逾期 %zu 人。</p>\n", c.n, days, overdue);
		html_raw(b, "<div class=\"table-wrap\"><table class=\"ledger\">\n<thead><tr><th scope=\"col\">姓名</th>"
			    "<th scope=\"col\">所在党组织</th><th scope=\"col\">下一步</th><th scope=\"col\">应完成日期</th>"
			    "<th scope=\"col\">状态</th></tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < c.n; i++) {
			const due_item *it = &c.v[i];
			char d[11];
			date_format(it->due.deadline, d);
			html_printf(b, "<tr><td><a href=\"/development/%lld\">%s</a></td><td>%s</td><td>%s</td><td>%s</td>",
				    (long long)it->id, it->name, it->org, dev_step_names[it->due.step], d);
			if (it->due.overdue)
				html_printf(b, "<td class=\"alert\">已逾期 %d 天</td></tr>\n", q.today - it->due.deadline);
			else
				html_printf(b, "<td>还有 %d 天</td></tr>\n", it->due.deadline - q.today);
		}
		if (!c.n)
			html_raw(b, "<tr><td colspan=\"5\" class=\"muted\">没有到期的事项</td></tr>\n");
		html_raw(b, "</tbody>\n</table></div>\n");
	}
	for (size_t i = 0; i < c.n; i++) {
		free(c.v[i].name);
		free(c.v[i].org);
	}
	free(c.v);
	web_page_end(r, 200);
}

/* ---- one record ---- */

typedef struct name_ctx {
	buf *b;
	int n;
} name_ctx;

static int member_name(void *ctx, const query_row *row)
{
	name_ctx *c = ctx;
	html_printf(c->b, "%s<a href=\"/members/%lld\">%s</a>", c->n++ ? "、" : "", (long long)row->id,
		    row->rec->f[M_NAME]);
	return 0;
}

typedef struct ids_ctx {
	store *s;
	const store_filter *sc;
	name_ctx nc;
	int hidden;
} ids_ctx;

static void attendee_name(void *ctx, const char *item, size_t len)
{
	ids_ctx *c = ctx;
	char idno[32];
	if (len >= sizeof idno)
		return;
	memcpy(idno, item, len);
	idno[len] = '\0';
	fg_err e;
	if (query_get(c->s, LEDGER_MEMBERS, c->sc, 0, idno, date_today(), member_name, &c->nc, &e) <= 0)
		c->hidden++;
}

/* A development record's steps as a timeline, its stage today, each rule's result and what falls
 * due next (core/dev.h). */
static void development_timeline(buf *b, store *s, const ledger_rec *rec)
{
	dev_record dr;
	ledger_dev_record(rec, &dr);
	dev_settings cfg;
	party_dev_settings_read(s, &cfg);
	int today = date_today();
	dev_check chk;
	dev_check_on(&dr, today, &cfg, &chk);
	html_printf(b, "<h2>发展进程</h2>\n<p>今天所处阶段：<strong>%s</strong></p>\n<ol class=\"timeline\">\n",
		    dev_stage_name(dev_stage_on(&dr, today)));
	for (int i = 0; i < DEV_NSTEPS; i++) {
		if (dr.step[i] == DATE_NONE) {
			html_printf(b, "<li class=\"pending\">%s：未进行</li>\n", dev_step_names[i]);
			continue;
		}
		char d[11];
		date_format(dr.step[i], d);
		html_printf(b, "<li><time datetime=\"%s\">%s</time> %s</li>\n", d, d, dev_step_names[i]);
	}
	html_raw(b, "</ol>\n");
	dev_due due;
	dev_due_on(&dr, today, &due);
	if (due.step >= 0) {
		char d[11];
		date_format(due.deadline, d);
		html_printf(b, "<p class=\"%s\">下一步：%s，应于 %s 前完成%s。</p>\n", due.overdue ? "alert" : "notice",
			    dev_step_names[due.step], d, due.overdue ? "（已逾期）" : "");
	}
	html_raw(b, "<h2>程序检查</h2>\n<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">规则</th>"
		    "<th scope=\"col\">结果</th><th scope=\"col\">说明</th></tr></thead>\n<tbody>\n");
	static const char *const RESULT[] = {"尚不适用", "符合", "提醒", "不符合"};
	for (int i = 0; i < DEV_NRULES; i++)
		html_printf(b, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td></tr>\n", dev_rule_codes[i],
			    RESULT[chk.result[i] % 4], chk.msg[i]);
	html_raw(b, "</tbody></table></div>\n");
}

void page_party_row(web_req *r)
{
	const lw_kind *k = r->route->ctx;
	store *s = web_db(r);
	if (!s)
		return;
	store_filter sc = lw_scope(r);
	lw_row row;
	if (lw_load(r, s, k, &row) <= 0) {
		lw_row_free(&row);
		return;
	}
	buf key = {0};
	lw_key(&row.q, &key);
	buf *b = web_page_begin(r, k->noun);
	if (web_query(r, "saved"))
		html_raw(b, "<p class=\"notice\" role=\"status\">已保存，变更已记入历史。</p>\n");
	html_printf(b, "<h1>%s</h1>\n", k->noun);
	party_nav(b, NULL);
	if (auth_can(&r->user, lw_write_perm(k))) {
		html_raw(b, "<p><a class=\"button\" href=\"");
		lw_href(b, k, &row.q);
		html_raw(b, "/edit\">修改</a></p>\n");
	}
	html_raw(b, "<h2>基本信息</h2>\n");
	lw_fields(b, ledger_get(k->kind), &row.rec, 0);
	if (k->kind == LEDGER_MEETINGS || k->kind == LEDGER_DESIGNATIONS) {
		/* the members a meeting's attendance or a designation names, by name, linked */
		int meeting = k->kind == LEDGER_MEETINGS, col = meeting ? MT_ATTENDEES : DG_MEMBERS;
		ids_ctx c = {s, &sc, {b, 0}, 0};
		html_printf(b, "<h2>%s</h2>\n<p>", meeting ? "参加党员" : "党员");
		if (row.rec.f[col])
			ledger_list_each(row.rec.f[col], attendee_name, &c);
		if (!c.nc.n && !c.hidden)
			html_raw(b, meeting ? "未登记参加人员" : "未登记党员");
		html_printf(b, "</p>\n<p>共 %d 名", c.nc.n + c.hidden);
		if (c.hidden)
			html_printf(b, "，其中 %d 名不在您的工作范围内，未列出姓名", c.hidden);
		html_raw(b, "。</p>\n");
	}
	if (k->kind == LEDGER_DEVELOPMENT)
		development_timeline(b, s, &row.rec);
	if (k->kind == LEDGER_CAMPAIGNS)
		campaign_section(b, r, s, &sc, &row);
	if (k->kind == LEDGER_RATINGS)
		page_rating_stars_section(b, s, &row.rec);
	if (k->kind == LEDGER_VENUES)
		page_recog_venue_section(b, s, &row.rec);
	lw_history(b, s, &sc, k, buf_cstr(&key));
	buf_free(&key);
	web_page_end(r, 200);
	lw_row_free(&row);
}

/* ---- members ticked from a roster: a meeting's attendance, a designation's members ---- */

/* A form whose members are ticked from a roster instead of typed: a meeting's attendees among the
 * members lodged in its organisation (with a reason beside each who did not attend), a
 * designation's members among those employed by its enterprise. The roster names members by row
 * id; the save turns the ticks into the ID list the column holds, as if typed, so the rules of an
 * import apply unchanged (and the JSON API keeps taking ID numbers). */
typedef struct tick_spec {
	ledger_kind kind;
	const lw_kind *lk;
	int place_col;          /* MT_ORG, DG_USCC: whose roster */
	ledger_kind place_kind; /* LEDGER_ORGS (by name), LEDGER_ENTERPRISES (by USCC, or name) */
	int place_name_col;     /* O_NAME, E_NAME */
	int place_key_col;      /* O_NAME, E_USCC: what the record holds */
	const char *param;      /* ?org=, ?employer= of a new form: an id, or a key or name */
	int ticked_col;         /* MT_ATTENDEES, DG_MEMBERS */
	int reason_col;         /* MT_ABSENTEES; -1 none */
	int date_col;           /* MT_DATE: the roster is the members on this day; -1: today's */
	const char *field;      /* the form field of a tick */
	const char *title, *place_noun, *place_prompt, *legend, *tick_head, *next, *empty;
} tick_spec;

static const tick_spec TICKS[] = {
	{LEDGER_MEETINGS, &LW_MEETINGS, MT_ORG, LEDGER_ORGS, O_NAME, O_NAME, "org", MT_ATTENDEES, MT_ABSENTEES, MT_DATE, "attendee",
	 "新增组织生活记录", "党组织", "党组织名称", "参加党员（勾选到会的党员；未到会的可填写缺席原因）", "到会",
	 "下一步：勾选参加党员", "本组织的党员名册中没有党员"},
	{LEDGER_DESIGNATIONS, &LW_DESIGNATIONS, DG_USCC, LEDGER_ENTERPRISES, E_NAME, E_USCC, "employer", DG_MEMBERS, -1, -1,
	 "member", "新增亮身份岗区", "企业", "企业名称或统一社会信用代码", "党员（勾选在本企业工作的党员）", "选定",
	 "下一步：勾选党员", "党员名册中没有在本企业工作的党员"},
};

static const tick_spec *tick_of(ledger_kind kind)
{
	for (size_t i = 0; i < sizeof TICKS / sizeof TICKS[0]; i++)
		if (TICKS[i].kind == kind)
			return &TICKS[i];
	return NULL;
}

static int take(void *ctx, const query_row *row)
{
	lw_row_copy(ctx, row);
	return 0;
}

/* An enterprise named exactly `name` inside the scope, when there is exactly one. */
typedef struct named_ctx {
	const char *name;
	lw_row *row;
	int n;
} named_ctx;

static int take_named(void *ctx, const query_row *row)
{
	named_ctx *c = ctx;
	if (strcmp(row->rec->f[E_NAME], c->name) != 0)
		return 0;
	if (c->n++)
		lw_row_free(c->row);
	lw_row_copy(c->row, row);
	return 0;
}

/* The organisation or enterprise a form is for: the row's, the form's, ?org= / ?employer= (an id,
 * a key, or an enterprise's exact name) on a new form, or a secretary's own organisation. Its id
 * inside the scope (0: none or not visible) and its row in place (freed by the caller). */
static int64_t tick_place(web_req *r, store *s, const store_filter *sc, const tick_spec *t, const lw_row *cur,
			  const lw_input *in, lw_row *place)
{
	const char *key = in && in->raw[t->place_col] && *in->raw[t->place_col] ? in->raw[t->place_col]
			  : cur ? cur->rec.f[t->place_col] : NULL;
	int64_t id = 0;
	if (!key) {
		const char *q = web_query(r, t->param);
		char *end;
		long long n = q ? strtoll(q, &end, 10) : 0;
		if (q && *q && !*end && n > 0)
			id = n;
		else if (q && *q)
			key = q;
		else if (sc->org_id && t->place_kind == LEDGER_ORGS)
			id = sc->org_id;
	}
	memset(place, 0, sizeof *place);
	fg_err e;
	if (query_get(s, t->place_kind, sc, id, id ? NULL : key, date_today(), take, place, &e) > 0)
		return place->q.id;
	if (t->place_kind != LEDGER_ENTERPRISES || id || !key)
		return 0;
	lw_row_free(place);
	memset(place, 0, sizeof *place);
	named_ctx c = {key, place, 0};
	query_list q = {.today = date_today(), .q = key};
	int64_t total = 0;
	query_list_rows(s, LEDGER_ENTERPRISES, sc, &q, &total, take_named, &c, &e);
	if (c.n == 1)
		return place->q.id;
	lw_row_free(place);
	memset(place, 0, sizeof *place);
	return 0;
}

typedef struct roster_ctx {
	buf *b;
	const tick_spec *t;
	const char *ticked;  /* canonical ID list, or NULL */
	const char *absent;  /* canonical 号码：原因 list, or NULL */
	int n;
	strmap shown;        /* ID numbers given a row */
	int former;          /* rows of the record's members no longer on the roster */
	const int64_t *on;   /* sorted ids of the members on the record's day (NULL: today's roster) */
	size_t non;
	int later;           /* today's members left out: not in the organisation on the day */
	int unseen;          /* members on the day the user cannot see (moved out of the scope) */
	const char *mark;    /* said after the name of a row outside today's roster */
} roster_ctx;

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static int on_the_day(const roster_ctx *c, int64_t id)
{
	return !c->on || bsearch(&id, c->on, c->non, sizeof id, cmp_id);
}

/* The reason given for idno in a canonical absentee list, as (start, length), or length 0. */
static size_t absent_reason(const char *list, const char *idno, const char **start)
{
	size_t n = strlen(idno);
	for (const char *p = list; p && *p;) {
		const char *next = strstr(p, "；");
		size_t len = next ? (size_t)(next - p) : strlen(p);
		if (len > n && strncmp(p, idno, n) == 0) {
			const char *v = p + n;
			if (strncmp(v, "：", strlen("：")) == 0)
				v += strlen("：");
			*start = v;
			return (size_t)(p + len - v);
		}
		p = next ? next + strlen("；") : NULL;
	}
	return 0;
}

/* 1 when idno is an item of a canonical list ("A；B"). */
static int in_list(const char *list, const char *idno)
{
	size_t n = strlen(idno);
	for (const char *p = list; p && *p;) {
		const char *next = strstr(p, "；");
		size_t len = next ? (size_t)(next - p) : strlen(p);
		if (len == n && strncmp(p, idno, n) == 0)
			return 1;
		p = next ? next + strlen("；") : NULL;
	}
	return 0;
}

static int roster_row(void *ctx, const query_row *row)
{
	roster_ctx *c = ctx;
	const ledger_def *md = ledger_get(LEDGER_MEMBERS);
	const char *idno = row->rec->f[M_IDNO];
	long long id = (long long)row->id;
	if (!c->former && row->rec->f[M_RELATION] && strcmp(row->rec->f[M_RELATION], "停止党籍") == 0)
		return 0; /* takes no part in organisational life, holds no post */
	if (!c->former && !c->mark && !on_the_day(c, row->id)) {
		c->later++;
		return 0;
	}
	if (!strmap_put(&c->shown, idno, strlen(idno), 1))
		return 0;
	html_printf(c->b, "<tr><td><input type=\"checkbox\" name=\"%s\" value=\"%lld\" id=\"tick-%lld\"%s></td>"
			  "<td><label for=\"tick-%lld\">%s%s</label></td><td><code>",
		    c->t->field, id, id, in_list(c->ticked, idno) ? " checked" : "", id, row->rec->f[M_NAME],
		    c->former ? "（已记录，现不在名单中）" : c->mark ? c->mark : "");
	lw_value(c->b, &md->cols[M_IDNO], idno, 0);
	html_raw(c->b, "</code></td>");
	if (c->t->reason_col >= 0) {
		const char *reason = NULL;
		size_t rlen = absent_reason(c->absent, idno, &reason);
		html_printf(c->b, "<td><input name=\"absent_%lld\" aria-label=\"%s 缺席原因\" value=\"", id, row->rec->f[M_NAME]);
		if (rlen)
			html_textn(c->b, reason, rlen);
		html_raw(c->b, "\"></td>");
	}
	html_raw(c->b, "</tr>\n");
	c->n++;
	return 0;
}

/* The organisation or enterprise of a new record: fixed, since the roster below is its members. */
static void tick_place_line(web_req *r, buf *b, const tick_spec *t, const lw_input *in)
{
	store *s = web_db(r);
	store_filter sc = lw_scope(r);
	lw_row place;
	int fixed = sc.org_id && t->place_kind == LEDGER_ORGS;
	if (s && tick_place(r, s, &sc, t, NULL, in, &place)) {
		/* 党组织名称: the name is the key; 企业: the name, then the USCC the record holds */
		const char *label = t->place_key_col == t->place_name_col ? ledger_get(t->kind)->cols[t->place_col].header
									   : t->place_noun;
		html_printf(b, "<p><strong>%s</strong>：%s", label, place.rec.f[t->place_name_col]);
		if (t->place_key_col != t->place_name_col)
			html_printf(b, "（%s）", place.rec.f[t->place_key_col]);
		if (!fixed)
			html_printf(b, " <a href=\"%s/new\">更换%s</a>", t->lk->path, t->place_noun);
		html_printf(b, "</p>\n<input type=\"hidden\" name=\"%s\" value=\"%s\">\n", ledger_get(t->kind)->cols[t->place_col].key,
			    place.rec.f[t->place_key_col]);
	} else {
		html_printf(b, "<p class=\"alert\" role=\"alert\">没有这个%s，或它不在您的工作范围内。<a href=\"%s/new\">重新选择%s</a></p>\n",
			    t->place_noun, t->lk->path, t->place_noun);
	}
	lw_row_free(&place);
}

typedef struct former_ctx {
	store *s;
	const store_filter *sc;
	roster_ctx *c;
} former_ctx;

/* An item of the record's list ("IDNO" or "IDNO：reason") whose member has no row yet: its row. */
static void former_row(void *ctx, const char *item, size_t len)
{
	former_ctx *fc = ctx;
	char idno[19];
	int64_t shown;
	if (len < 18)
		return;
	memcpy(idno, item, 18);
	idno[18] = '\0';
	fg_err e;
	if (!strmap_get(&fc->c->shown, idno, 18, &shown))
		query_get(fc->s, LEDGER_MEMBERS, fc->sc, 0, idno, date_today(), roster_row, fc->c, &e);
}

/* The record's items ("IDNO" or "IDNO：reason") whose members the user cannot see (outside the
 * scope: moved to an organisation the user does not hold). The form never shows them, so the save
 * keeps them as they were (out: the list to append them to; NULL only counts them). */
typedef struct unseen_ctx {
	store *s;
	const store_filter *sc;
	buf *out;
	int n;
} unseen_ctx;

static void unseen_item(void *ctx, const char *item, size_t len)
{
	unseen_ctx *u = ctx;
	char idno[19];
	if (len < 18)
		return;
	memcpy(idno, item, 18);
	idno[18] = '\0';
	if (query_visible(u->s, LEDGER_MEMBERS, u->sc, idno) > 0)
		return;
	if (u->out)
		buf_printf(u->out, "%s%.*s", u->out->len ? "；" : "", (int)len, item);
	u->n++;
}

typedef struct idvec_day {
	int64_t *v;
	size_t n, cap;
} idvec_day;

static int add_on(void *ctx, int64_t member)
{
	idvec_day *x = ctx;
	if (x->n == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 32;
		x->v = xrealloc(x->v, x->cap * sizeof *x->v);
	}
	x->v[x->n++] = member;
	return 0;
}

/* The roster of the record's organisation or enterprise (inside the scope): a tick for each member,
 * and for a meeting a reason for each who did not attend. */
static void tick_roster(web_req *r, buf *b, const tick_spec *t, const lw_row *cur, const lw_input *in)
{
	store *s = web_db(r);
	store_filter sc = lw_scope(r);
	lw_row place;
	int64_t place_id = s ? tick_place(r, s, &sc, t, cur, in, &place) : 0;
	lw_row_free(&place);
	if (!place_id)
		return;
	const ledger_def *def = ledger_get(t->kind);
	const char *err_tick = in ? in->err[t->ticked_col] : NULL;
	const char *err_reason = in && t->reason_col >= 0 ? in->err[t->reason_col] : NULL;
	const char *ticked = in && in->raw[t->ticked_col] ? in->raw[t->ticked_col] : cur ? cur->rec.f[t->ticked_col] : NULL;
	const char *absent = t->reason_col < 0 ? NULL
			     : in && in->raw[t->reason_col] ? in->raw[t->reason_col]
			     : cur ? cur->rec.f[t->reason_col] : NULL;
	html_printf(b, "<fieldset class=\"roster\"><legend>%s</legend>\n<input type=\"hidden\" name=\"roster\" value=\"1\">\n",
		    t->legend);
	if (err_tick)
		html_printf(b, "<p class=\"field-error\" id=\"e-%s\">%s</p>\n", def->cols[t->ticked_col].key, err_tick);
	if (err_reason)
		html_printf(b, "<p class=\"field-error\" id=\"e-%s\">%s</p>\n", def->cols[t->reason_col].key, err_reason);
	html_printf(b, "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">姓名</th>"
		       "<th scope=\"col\">公民身份号码</th>%s</tr></thead>\n<tbody>\n",
		    t->tick_head, t->reason_col >= 0 ? "<th scope=\"col\">缺席原因</th>" : "");
	roster_ctx c = {b, t, ticked, absent, 0, {0}, 0, NULL, 0, 0, 0, NULL};
	/* A record of a past day lists the members on that day: today's roster, less those who came
	 * after it, then those who were there and have moved since (each read inside the scope). */
	const char *day_text = t->date_col < 0 ? NULL
			       : in && in->raw[t->date_col] ? in->raw[t->date_col]
			       : cur ? cur->rec.f[t->date_col] : NULL;
	int day = date_today();
	idvec_day on = {0};
	fg_err e;
	if (day_text && date_parse(day_text, &day) == 0 && day < date_today() &&
	    store_org_members_on(s, place_id, day, add_on, &on, &e) == FG_OK) {
		qsort(on.v, on.n, sizeof *on.v, cmp_id);
		c.on = on.v;
		c.non = on.n;
	}
	query_list q = {.today = date_today()};
	if (t->place_kind == LEDGER_ORGS)
		q.org_id = place_id;
	else
		q.employer_id = place_id;
	int64_t total = 0;
	query_list_rows(s, LEDGER_MEMBERS, &sc, &q, &total, roster_row, &c, &e);
	if (c.on) {
		c.mark = "（当日在本组织，现已转出）";
		for (size_t i = 0; i < on.n; i++)
			if (query_get(s, LEDGER_MEMBERS, &sc, on.v[i], NULL, date_today(), roster_row, &c, &e) == 0)
				c.unseen++;
		c.mark = NULL;
	}
	/* The record's own attendees and absentees who have left the roster since (moved, 停止党籍)
	 * keep their row, ticked: an edit of an old record must not drop them unseen. */
	c.former = 1;
	former_ctx fc = {s, &sc, &c};
	if (ticked)
		ledger_list_each(ticked, former_row, &fc);
	if (absent)
		ledger_list_each(absent, former_row, &fc);
	strmap_free(&c.shown);
	if (!c.n)
		html_printf(b, "<tr><td colspan=\"%d\" class=\"muted\">%s</td></tr>\n", t->reason_col >= 0 ? 4 : 3, t->empty);
	html_raw(b, "</tbody>\n</table></div>\n");
	unseen_ctx u = {s, &sc, NULL, 0};
	if (cur) {
		ledger_list_each(cur->rec.f[t->ticked_col], unseen_item, &u);
		if (t->reason_col >= 0)
			ledger_list_each(cur->rec.f[t->reason_col], unseen_item, &u);
	}
	if (u.n)
		html_printf(b, "<p class=\"muted\">另有 %d 名已记录的党员不在您的工作范围内（已转到其他党组织），"
			       "保存时原样保留。</p>\n", u.n);
	if (c.on) {
		char d[11];
		date_format(day, d);
		html_printf(b, "<p class=\"muted\">名单为 %s 当日在本组织的党员", d);
		if (c.later)
			html_printf(b, "；另有 %d 名现有党员在那天以后才入党或转入，未列出", c.later);
		if (c.unseen)
			html_printf(b, "；另有 %d 名当日在本组织的党员现已转到您工作范围以外，需由其现在所在街道、社区或区里补记",
				    c.unseen);
		html_raw(b, "。</p>\n");
	}
	free(on.v);
	html_raw(b, "</fieldset>\n");
}

int lw_form_special(web_req *r, buf *b, const lw_kind *k, const lw_row *cur, const lw_input *in, int col)
{
	const tick_spec *t = tick_of(k->kind);
	if (!t)
		return 0;
	if (col == t->place_col && !cur) /* an existing record's is its key, shown as such by lw_form */
		tick_place_line(r, b, t, in);
	else if (col == t->ticked_col)
		tick_roster(r, b, t, cur, in);
	return (col == t->place_col && !cur) || col == t->ticked_col || (t->reason_col >= 0 && col == t->reason_col);
}

typedef struct id_ctx {
	char idno[32];
	char name[128];
} id_ctx;

static int take_idno(void *ctx, const query_row *row)
{
	id_ctx *c = ctx;
	snprintf(c->idno, sizeof c->idno, "%s", row->rec->f[M_IDNO]);
	snprintf(c->name, sizeof c->name, "%s", row->rec->f[M_NAME]);
	return 0;
}

void lw_roster_input(web_req *r, store *s, lw_input *in, const lw_row *cur)
{
	const tick_spec *t = tick_of(in->def->kind);
	if (!t || !web_field(r, "roster"))
		return;
	/* The roster names members by row id: the page never carries a full ID number. Each is read
	 * inside the scope, so a forged id of someone else's member is simply not found. */
	store_filter sc = lw_scope(r);
	buf att = {0}, abs = {0};
	fg_err e;
	const form *f = &r->form;
	for (size_t i = 0; i < f->n; i++) {
		const char *name = f->f[i].name, *v = f->f[i].value;
		int absent = t->reason_col >= 0 && strncmp(name, "absent_", 7) == 0;
		if (!absent && strcmp(name, t->field) != 0)
			continue;
		const char *idtext = absent ? name + 7 : v;
		char *end;
		long long id = strtoll(idtext, &end, 10);
		if (absent && !*v)
			continue;
		id_ctx c = {{0}, {0}};
		if (*end || id <= 0 || query_get(s, LEDGER_MEMBERS, &sc, id, NULL, date_today(), take_idno, &c, &e) <= 0) {
			lw_fail(in, absent ? t->reason_col : t->ticked_col, "所选党员（编号 %s）不在党员名册中，或不在您的工作范围内",
				idtext);
			continue;
		}
		if (absent) {
			/* A reason beside a ticked member is not an absence. */
			int ticked = 0;
			for (size_t j = 0; j < f->n && !ticked; j++)
				ticked = strcmp(f->f[j].name, t->field) == 0 && strcmp(f->f[j].value, idtext) == 0;
			if (!ticked)
				buf_printf(&abs, "%s%s：%s", abs.len ? "；" : "", c.idno, v);
		} else {
			buf_printf(&att, "%s%s", att.len ? "；" : "", c.idno);
		}
	}
	if (cur) { /* an edit: the stored items the form could not show stay */
		unseen_ctx u = {s, &sc, &att, 0};
		ledger_list_each(cur->rec.f[t->ticked_col], unseen_item, &u);
		if (t->reason_col >= 0) {
			u.out = &abs;
			ledger_list_each(cur->rec.f[t->reason_col], unseen_item, &u);
		}
	}
	free(in->raw[t->ticked_col]);
	in->raw[t->ticked_col] = att.len ? buf_detach(&att) : xstrdup("");
	if (t->reason_col >= 0) {
		free(in->raw[t->reason_col]);
		in->raw[t->reason_col] = abs.len ? buf_detach(&abs) : xstrdup("");
	}
	buf_free(&att);
	buf_free(&abs);
}

/* GET /meetings/new, GET /designations/new: the organisation or enterprise first (its roster makes
 * the form), unless it is known. */
void page_tick_new(web_req *r)
{
	const lw_kind *k = r->route->ctx;
	const tick_spec *t = tick_of(k->kind);
	store *s = web_db(r);
	if (!s || !t)
		return;
	store_filter sc = lw_scope(r);
	const char *place_q = web_query(r, t->param);
	if (!(sc.org_id && t->place_kind == LEDGER_ORGS) && !(place_q && *place_q)) {
		buf *b = web_page_begin(r, t->title);
		html_printf(b, "<h1>%s</h1>\n<form method=\"get\" action=\"%s/new\" class=\"stack\">\n"
			       "<label for=\"f-%s\">%s（必填）<input name=\"%s\" id=\"f-%s\"></label>\n"
			       "<p><button type=\"submit\">%s</button> <a href=\"%s\">取消</a></p>\n</form>\n",
			    t->title, k->path, t->param, t->place_prompt, t->param, t->param, t->next, k->path);
		web_page_end(r, 200);
		return;
	}
	lw_row place;
	if (!tick_place(r, s, &sc, t, NULL, NULL, &place)) {
		lw_row_free(&place);
		char msg[128];
		snprintf(msg, sizeof msg, "没有这个%s，或它不在您的工作范围内", t->place_noun);
		web_error(r, 404, msg);
		return;
	}
	lw_input in = {.def = ledger_get(k->kind)};
	in.raw[t->place_col] = xstrdup(place.rec.f[t->place_key_col]);
	const char *kind = web_query(r, "kind");
	if (kind && k->kind == LEDGER_MEETINGS && life_kind_find(kind) >= 0)
		in.raw[MT_KIND] = xstrdup(kind);
	if (kind && k->kind == LEDGER_DESIGNATIONS && designation_kind_parse(kind) >= 0)
		in.raw[DG_KIND] = xstrdup(kind);
	const char *day = t->date_col >= 0 ? web_query(r, "date") : NULL;
	int dn;
	if (day && date_parse(day, &dn) == 0)
		in.raw[t->date_col] = xstrdup(day);
	buf lead = {0};
	if (t->date_col >= 0) {
		/* The roster is the members on the record's day: a record of an earlier day asks for it
		 * first (the form below keeps the day; a save with another day is checked against it). */
		html_printf(&lead, "<form method=\"get\" action=\"%s/new\" class=\"filters no-print\">\n"
				   "<input type=\"hidden\" name=\"%s\" value=\"%lld\">\n",
			    k->path, t->param, (long long)place.q.id);
		if (in.raw[MT_KIND])
			html_printf(&lead, "<input type=\"hidden\" name=\"kind\" value=\"%s\">\n", in.raw[MT_KIND]);
		html_printf(&lead, "<label for=\"roster-day\">补记以前的活动：活动日期<input type=\"date\" name=\"date\" id=\"roster-day\""
				   " value=\"%s\"></label>\n<button type=\"submit\">列出当日的党员</button>\n</form>\n",
			    in.raw[t->date_col] ? in.raw[t->date_col] : "");
		in.lead = buf_cstr(&lead);
	}
	buf *b = web_page_begin(r, t->title);
	lw_form(r, b, k, NULL, &in);
	web_page_end(r, 200);
	lw_input_free(&in);
	buf_free(&lead);
	lw_row_free(&place);
}

/* ---- an organisation's year ---- */

typedef struct meet_ctx {
	life_meeting *m;
	size_t n, cap;
} meet_ctx;

static int add_meeting(void *ctx, const char *kind, int day)
{
	meet_ctx *c = ctx;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->m = xrealloc(c->m, c->cap * sizeof *c->m);
	}
	c->m[c->n++] = (life_meeting){life_kind_find(kind), day};
	return 0;
}

/* The calendar of org (a row of the orgs ledger read inside sc) over the year of as_of. */
static int org_calendar(store *s, const store_filter *sc, const lw_row *org, int as_of, life_calendar *cal, fg_err *e)
{
	const ledger_rec *o = &org->rec;
	life_org lo = {0};
	if (!o->f[O_FOUNDED] || date_parse(o->f[O_FOUNDED], &lo.founded) != 0)
		lo.founded = as_of + 1; /* no founding date: nothing of it can be checked */
	lo.has_committee = o->f[O_HAS_COMMITTEE] && strcmp(o->f[O_HAS_COMMITTEE], "是") == 0;
	lo.groups = o->f[O_GROUPS] ? (int)strtol(o->f[O_GROUPS], NULL, 10) : 0;
	lo.is_leadership = o->f[O_MODE] && strcmp(o->f[O_MODE], "上级机关") == 0;
	int y, m, d;
	date_to_ymd(as_of, &y, &m, &d);
	meet_ctx mc = {0};
	int rc = store_org_meetings(s, sc, org->q.id, date_from_ymd(y, 1, 1), as_of, add_meeting, &mc, e);
	if (!rc) {
		life_settings cfg;
		party_settings_read(s, &cfg);
		life_org_year(&lo, mc.m, mc.n, as_of, &cfg, cal);
	}
	free(mc.m);
	return rc;
}

static const char *const STATE_CLASS[] = {"life-na", "life-held", "life-missing", "life-due"};

static void calendar_table(buf *b, const lw_row *org, const life_calendar *cal)
{
	html_printf(b, "<div class=\"table-wrap\"><table class=\"calendar\">\n<caption>%d 年组织生活（截至 ", cal->year);
	char day[11];
	date_format(cal->as_of, day);
	html_printf(b, "%s）</caption>\n<thead><tr><th scope=\"col\">活动类型</th>", day);
	for (int m = 1; m <= 12; m++)
		html_printf(b, "<th scope=\"col\">%d月</th>", m);
	html_raw(b, "</tr></thead>\n<tbody>\n");
	for (int k = 0; k < LIFE_NKINDS; k++) {
		life_period p = life_kinds[k].period;
		int n = life_nperiods(p);
		html_printf(b, "<tr><th scope=\"row\">%s</th>", life_kind_names[k]);
		for (int i = 0; i < n; i++) {
			const life_cell *c = &cal->cell[k][i];
			char label[LIFE_LABEL_MAX];
			life_period_label(cal->year, p, i, label);
			html_printf(b, "<td colspan=\"%d\" class=\"%s\" title=\"%s\">", 12 / n, STATE_CLASS[c->state % 4], label);
			if (c->held) {
				int first, last;
				life_period_bounds(cal->year, p, i, &first, &last);
				char f[11], t[11];
				date_format(first, f);
				date_format(last, t);
				html_printf(b, "<a href=\"/meetings?org=%lld&amp;kind=", (long long)org->q.id);
				html_url(b, life_kind_names[k]);
				html_printf(b, "&amp;from=%s&amp;to=%s\">%s %d 次</a>", f, t, life_state_name((life_state)c->state),
					    c->held);
			} else {
				html_printf(b, "%s", life_state_name((life_state)c->state));
			}
			html_raw(b, "</td>");
		}
		html_raw(b, "</tr>\n");
	}
	html_raw(b, "</tbody>\n</table></div>\n");
}

/* GET /orgs/{id}/life[?year=YYYY]: the year as months × kinds. */
void page_org_life(web_req *r)
{
	store *s = web_db(r);
	if (!s)
		return;
	store_filter sc = lw_scope(r);
	lw_row org;
	if (lw_load(r, s, &LW_ORGS, &org) <= 0) {
		lw_row_free(&org);
		return;
	}
	int today = date_today(), y, m, d;
	date_to_ymd(today, &y, &m, &d);
	int64_t year = lw_id_param(r, "year");
	int as_of = year >= 1900 && year < y ? date_from_ymd((int)year, 12, 31) : today;
	life_calendar cal;
	fg_err e;
	if (org_calendar(s, &sc, &org, as_of, &cal, &e)) {
		web_error(r, 500, e.msg);
		lw_row_free(&org);
		return;
	}
	buf t = {0};
	buf_printf(&t, "%s 组织生活", org.rec.f[O_NAME]);
	buf *b = web_page_begin(r, buf_cstr(&t));
	buf_free(&t);
	html_printf(b, "<h1>%s</h1>\n<p class=\"lead\"><a href=\"/orgs/%lld\">返回党组织</a> · ", org.rec.f[O_NAME],
		    (long long)org.q.id);
	for (int yy = y; yy > y - 3; yy--)
		html_printf(b, yy == cal.year ? "<strong>%d 年</strong> " : "<a href=\"?year=%d\">%d 年</a> ", yy, yy);
	html_raw(b, "</p>\n");
	if (!cal.checked)
		html_raw(b, "<p>本年度还没有已结束且适用的周期。</p>\n");
	else if (cal.compliant)
		html_raw(b, "<p class=\"notice\">已结束的周期均已按要求开展组织生活。</p>\n");
	else
		html_printf(b, "<p class=\"alert\">有 %d 个已结束的周期未按要求开展组织生活（标为“未开展”）。</p>\n", cal.nmissing);
	if (auth_can(&r->user, PERM_WRITE))
		html_printf(b, "<p><a class=\"button\" href=\"/meetings/new?org=%lld\">登记组织生活</a></p>\n",
			    (long long)org.q.id);
	calendar_table(b, &org, &cal);
	html_raw(b, "<p class=\"hint\">已开展：达到最低次数；未开展：周期已结束仍未达到；待开展：本周期尚未结束；"
		    "不适用：该项不要求本组织，或周期在成立之前、尚未开始。</p>\n");
	web_page_end(r, 200);
	lw_row_free(&org);
}

void page_party_todo(web_req *r, buf *b, store *s)
{
	store_filter sc = lw_scope(r);
	if (!sc.org_id)
		return;
	lw_row org = {0};
	fg_err e;
	life_calendar cal;
	if (query_get(s, LEDGER_ORGS, &sc, sc.org_id, NULL, date_today(), take, &org, &e) <= 0 ||
	    org_calendar(s, &sc, &org, date_today(), &cal, &e)) {
		lw_row_free(&org);
		return;
	}
	html_raw(b, "<h2>本月待办</h2>\n<ul class=\"todo\">\n");
	int n = 0;
	int y, m, d;
	date_to_ymd(cal.as_of, &y, &m, &d);
	for (int k = 0; k < LIFE_NKINDS; k++) {
		const life_cell *c = life_cell_of_month(&cal, k, m);
		if (c->state != LIFE_DUE)
			continue;
		char label[LIFE_LABEL_MAX];
		life_period p = life_kinds[k].period;
		life_period_label(cal.year, p, life_period_index(p, m), label);
		html_printf(b, "<li>%s：%s（本周期已开 %d 次） <a href=\"/meetings/new?org=%lld&amp;kind=", label,
			    life_kind_names[k], c->held, (long long)org.q.id);
		html_url(b, life_kind_names[k]);
		html_printf(b, "\">登记%s</a></li>\n", life_kind_names[k]);
		n++;
	}
	if (!n)
		html_raw(b, "<li>本月和本季度的组织生活均已开展。</li>\n");
	html_printf(b, "</ul>\n<p><a href=\"/orgs/%lld/life\">查看全年组织生活日历</a>", (long long)org.q.id);
	if (cal.nmissing)
		html_printf(b, "（有 %d 个已结束的周期未开展）", cal.nmissing);
	html_raw(b, "</p>\n");
	lw_row_free(&org);
}
