/* Investigation campaigns (排查) on the web: the campaign page's progress table (report/campaign.h,
 * the one table the command line prints) with each count linking to the filtered task list, its
 * XLSX download, and the button that generates the missing tasks (store/campaign_store.h: the
 * district's, or a street's for a campaign inside it, in one transaction with history). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/campaign.h"
#include "store/users.h"
#include "util/date.h"
#include "web/page_ledger.h"
#include "web/pages_tools.h"

/* The task list narrowed to the campaign, the line's place and (state >= 0) one state. */
static void tasks_link(buf *b, int64_t campaign, const progress_line *l, int state, int64_t n)
{
	html_printf(b, "<td class=\"n\"><a href=\"/tasks?campaign=%lld", (long long)campaign);
	if (l->level == PROGRESS_STREET)
		html_printf(b, "&amp;street=%lld", (long long)l->region_id);
	else if (l->level == PROGRESS_COMMUNITY)
		html_printf(b, "&amp;community=%lld", (long long)l->region_id);
	if (state >= 0) {
		html_raw(b, "&amp;kind=");
		html_url(b, task_state_names[state]);
	}
	html_printf(b, "\">%lld</a></td>", (long long)n);
}

/* 1 when the user's role may press the button: the store decides the rest (the campaign's range). */
static int may_generate(const web_req *r)
{
	return auth_can(&r->user, PERM_WRITE) && (r->user.role == ROLE_ADMIN || r->user.role == ROLE_DISTRICT ||
						   r->user.role == ROLE_STREET);
}

void campaign_section(buf *b, web_req *r, store *s, const store_filter *sc, const lw_row *row)
{
	campaign_progress p;
	fg_err e;
	html_raw(b, "<h2>排查进度</h2>\n");
	if (campaign_progress_load(s, sc, row->rec.f[CP_NAME], &p, &e)) {
		html_printf(b, "<p class=\"alert\">%s</p>\n", e.msg);
		return;
	}
	long long id = (long long)row->q.id;
	html_printf(b, "<p><a class=\"button\" href=\"/campaigns/%lld/progress.xlsx\">下载排查进度（Excel）</a> ", id);
	/* The leads of the roster cross-match confirmed for this campaign: its findings. */
	html_raw(b, "<a href=\"/crossmatch?state=confirmed&amp;campaign=");
	html_url(b, row->rec.f[CP_NAME]);
	html_raw(b, "\">本排查确认的职工名册比对线索</a></p>\n");
	if (may_generate(r)) {
		html_printf(b, "<form method=\"post\" action=\"/campaigns/%lld/tasks\">", id);
		web_csrf_field(r, b);
		html_raw(b, "<button type=\"submit\">为范围内尚无任务的在营企业生成排查任务</button></form>\n");
	}
	html_raw(b, "<div class=\"table-wrap\"><table class=\"ledger\">\n<thead><tr><th scope=\"col\">街道／社区</th>"
		    "<th scope=\"col\">任务数</th><th scope=\"col\">未开始</th><th scope=\"col\">进行中</th>"
		    "<th scope=\"col\">已完成</th><th scope=\"col\">完成率</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < p.n; i++) {
		const progress_line *l = &p.lines[i];
		char rate[16];
		progress_rate(l, rate);
		html_printf(b, "<tr class=\"level-%d\"><th scope=\"row\">%s%s</th>", l->level,
			    l->level == PROGRESS_COMMUNITY ? "　" : "", l->name);
		tasks_link(b, p.c.id, l, -1, l->total);
		for (int k = 0; k < TASK_NSTATES; k++)
			tasks_link(b, p.c.id, l, k, l->n[k]);
		html_printf(b, "<td class=\"n\">%s</td></tr>\n", rate);
	}
	if (p.n == 1)
		html_raw(b, "<tr><td colspan=\"6\" class=\"muted\">还没有排查任务</td></tr>\n");
	html_raw(b, "</tbody>\n</table></div>\n");
	campaign_progress_free(&p);
}


/* POST /campaigns/{id}/tasks — generates the missing tasks, then back to the campaign's page. */
void page_campaign_tasks(web_req *r)
{
	lw_row row;
	store *s = lw_open(r, &LW_CAMPAIGNS, &row);
	if (!s)
		return;
	store_filter sc = lw_scope(r);
	fg_err e;
	int64_t created = 0, present = 0;
	int rc = may_generate(r) ? FG_OK : err_set(&e, FG_EINPUT, "只有区级和街道用户可以生成排查任务");
	rc = rc ? rc : store_begin(s, web_who(r), r->path, &e);
	if (!rc) {
		rc = store_campaign_generate(s, &sc, row.rec.f[CP_NAME], date_today(), &created, &present, &e);
		rc = rc ? rc : store_commit(s, &e);
		if (rc)
			store_rollback(s);
	}
	if (rc) {
		web_error(r, rc == FG_EINPUT ? 403 : 500, e.msg);
	} else {
		buf *b = web_page_begin(r, "生成排查任务");
		html_printf(b, "<h1>生成排查任务</h1>\n<p class=\"notice\" role=\"status\">排查“%s”：新建排查任务 %lld 个，"
			       "已有任务的在营企业 %lld 家。已记入历史。</p>\n<p><a href=\"/campaigns/%lld\">返回排查</a></p>\n",
			    row.rec.f[CP_NAME], (long long)created, (long long)present, (long long)row.q.id);
		web_page_end(r, 200);
	}
	lw_row_free(&row);
}

/* GET /campaigns/{id}/progress.xlsx — the page's table as a workbook. */
void page_campaign_xlsx(web_req *r)
{
	lw_row row;
	store *s = lw_open(r, &LW_CAMPAIGNS, &row);
	if (!s)
		return;
	store_filter sc = lw_scope(r);
	campaign_progress p;
	fg_err e;
	char *path = tools_tmpfile(".xlsx");
	int rc = campaign_progress_load(s, &sc, row.rec.f[CP_NAME], &p, &e);
	if (!rc) {
		rc = path ? campaign_progress_xlsx(&p, path, &e) : FG_EFAIL;
		campaign_progress_free(&p);
	}
	buf name = {0}, ascii = {0};
	buf_printf(&name, "排查进度-%s.xlsx", row.rec.f[CP_NAME]);
	buf_printf(&ascii, "campaign-%lld-progress.xlsx", (long long)row.q.id);
	tools_xlsx_done(r, path, rc, e.msg, &name, &ascii);
	lw_row_free(&row);
}
