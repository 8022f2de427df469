/* Party work (docs/party-work.md): the pages and JSON API of the six records — meetings (组织生活),
 * study, secretaries, visits, trainings and trainees — an organisation's year as a calendar, and a
 * secretary's to-do. The lists and rows are table-driven (one party_page per ledger); the forms,
 * saves and API calls are the generic ones of page_ledger.h, except that a meeting's attendance is
 * ticked from the organisation's roster (page_tick.c), and a designation's members from
 * those employed by its enterprise, never typed. Every compliance
 * state comes from core/life.h (life_org_year); this file only reads the records and shows it. */
#include <stdlib.h>
#include <string.h>

#include "core/dev.h"
#include "core/life.h"
#include "report/party.h"
#include "store/party_scan.h"
#include "util/date.h"
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
	int64_t page;
	query_list q = lw_list_query(r, &page);
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
	list_ctx c = {b, pg};
	lw_list_table(r, b, s, k->kind, &sc, &q, ncols, "没有符合条件的记录", list_row, &c, page);
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
	for (int i = 0; i < DEV_NRULES; i++) {
		char label[DEV_LABEL_MAX];
		dev_rule_label(i, label, sizeof label);
		html_printf(b, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td></tr>\n", label,
			    RESULT[chk.result[i] % 4], chk.msg[i]);
	}
	html_raw(b, "</tbody></table></div>\n");
}

void page_party_row(web_req *r)
{
	const lw_kind *k = r->route->ctx;
	lw_row row;
	store *s = lw_open(r, k, &row);
	if (!s)
		return;
	store_filter sc = lw_scope(r);
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
	lw_row org;
	store *s = lw_open(r, &LW_ORGS, &org);
	if (!s)
		return;
	store_filter sc = lw_scope(r);
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
	if (query_get(s, LEDGER_ORGS, &sc, sc.org_id, NULL, date_today(), lw_row_take, &org, &e) <= 0 ||
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
