/* page_recog — the 亮身份 designations shown beside their people and places: a member's page lists
 * the designations it holds or held, an enterprise's page its posts and areas. Both read the
 * designations ledger through the reader's scope (query.h), as its own list does, and say whether
 * each is in force today by core/recog.h. A venue's page says whether it is a standard venue today
 * and, when not, why — venue_shortfall, the words a finding gives. */
#include "core/recog.h"
#include "store/rating_store.h"
#include "util/date.h"
#include "web/page_ledger.h"

typedef struct desig_ctx {
	buf *b;
	int today, shown_enterprise;
} desig_ctx;

static int desig_row(void *p, const query_row *row)
{
	desig_ctx *c = p;
	const ledger_def *def = ledger_get(LEDGER_DESIGNATIONS);
	const ledger_rec *r = row->rec;
	int granted = DATE_NONE, revoked = DATE_NONE;
	if (r->f[DG_GRANTED])
		date_parse(r->f[DG_GRANTED], &granted);
	if (r->f[DG_REVOKED])
		date_parse(r->f[DG_REVOKED], &revoked);
	html_printf(c->b, "<tr><td>%s</td><td><a href=\"", r->f[DG_KIND]);
	lw_href(c->b, &LW_DESIGNATIONS, row);
	html_printf(c->b, "\">%s</a></td>", r->f[DG_NAME]);
	if (c->shown_enterprise) {
		html_raw(c->b, "<td><a href=\"/enterprises/");
		html_url(c->b, r->f[DG_USCC]);
		html_printf(c->b, "\">%s</a></td>", r->f[DG_USCC]);
	} else {
		html_raw(c->b, "<td>");
		lw_value(c->b, &def->cols[DG_MEMBERS], r->f[DG_MEMBERS], 0);
		html_raw(c->b, "</td>");
	}
	html_printf(c->b, "<td>%s</td><td>%s</td><td>%s</td></tr>\n", r->f[DG_GRANTED], r->f[DG_REVOKED] ? r->f[DG_REVOKED] : "",
		    designation_active(granted, revoked, c->today) ? "在岗" : revoked != DATE_NONE && revoked <= c->today ? "已撤销" : "未授予");
	return 0;
}

void page_recog_designations(buf *b, store *s, const store_filter *sc, int64_t employer_id, int64_t member_id)
{
	query_list q = {.today = date_today(), .employer_id = employer_id, .parent_id = member_id};
	desig_ctx c = {b, q.today, member_id != 0};
	html_printf(b, "<h2>亮身份</h2>\n<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">类型</th>"
		       "<th scope=\"col\">名称</th><th scope=\"col\">%s</th><th scope=\"col\">授予日期</th>"
		       "<th scope=\"col\">撤销日期</th><th scope=\"col\">状态</th></tr></thead>\n<tbody>\n",
		    member_id ? "企业" : "党员");
	int64_t total = 0;
	fg_err e;
	if (query_list_rows(s, LEDGER_DESIGNATIONS, sc, &q, &total, desig_row, &c, &e) != FG_OK)
		html_printf(b, "<tr><td colspan=\"6\">%s</td></tr>\n", e.msg);
	html_raw(b, "</tbody>\n</table></div>\n");
	if (!total)
		html_printf(b, "<p>%s</p>\n", member_id ? "没有担任党员示范岗、先锋岗或责任区的记录。" : "本企业没有设立党员示范岗、先锋岗或责任区。");
}

void page_recog_venue_section(buf *b, store *s, const ledger_rec *rec)
{
	rating_settings cfg;
	store_rating_settings(s, &cfg);
	venue_facts v;
	int recognised;
	venue_facts_of(rec, &v, &recognised);
	buf why = {0};
	int ok = venue_shortfall(&cfg, &v, recognised, date_today(), &why);
	html_raw(b, "<h2>标准化阵地</h2>\n");
	if (!ok) {
		html_printf(b, "<p class=\"alert\">按现行标准，这不是标准化党建活动阵地：%s。</p>\n", buf_cstr(&why));
	} else {
		html_raw(b, "<p class=\"notice\">按现行标准，这是标准化党建活动阵地（“六有”齐全");
		if (cfg.venue_min_area > 0)
			html_printf(b, "，面积不少于 %d 平方米", cfg.venue_min_area);
		html_raw(b, "）。</p>\n");
	}
	buf_free(&why);
}
