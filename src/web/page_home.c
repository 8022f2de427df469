/* The dashboard (the metrics of the user's scope) and the statistics API. Both compute with
 * report/stats.h, the same function as fgdj stats, on the region the scope allows. */
#include <string.h>

#include "core/rating.h"
#include "report/stats.h"
#include "util/date.h"
#include "web/pages.h"

/* The figures shown as cards on the dashboard, each with the figures it is made of below it and a
 * link to the list of what it counts where there is one; the table below them lists every key. */
typedef struct card {
	const char *key;
	const char *href;    /* NULL: no list counts exactly this */
	const char *sub[5];  /* smaller figures under the value, NULL-ended */
} card;

static const card CARDS[] = {
	{"org_coverage_rate", NULL, {NULL}},
	{"single_rate", NULL, {NULL}},
	{"required_single_rate", NULL, {NULL}},
	{"work_coverage_rate", NULL, {NULL}},
	{"ledger_complete_rate", NULL, {NULL}},
	{"disclosed_rate", "/members?disclosed=1", {"members_disclosed", NULL}},
	{"designations_model_post", "/designations", {"designations_vanguard_post", "designations_responsibility_area", NULL}},
	{"orgs_rated", "/ratings/ranking", {"orgs_star_5", "orgs_star_4", "orgs_star_3", "orgs_star_2", "orgs_star_1"}},
	{"funding_awards", "/funding/totals", {"funding_subsidies", "funding_subsidised_orgs", NULL}},
	{"venue_standard_rate", "/venues", {"venues_standard", NULL}},
	{"open_bases", "/venues", {NULL}},
};

static const metric_key *key_named(const char *name)
{
	size_t n;
	const metric_key *k = metrics_keys(&n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(k[i].key, name) == 0)
			return &k[i];
	return NULL;
}

/* A card's figure: money as a report writes it ("125.95万元", core/rating.h), so its label drops
 * the table's "（元）"; anything else as the table shows it. */
static void card_figure(const metrics *m, const metric_key *k, char v[32], size_t *label_len)
{
	static const char YUAN[] = "（元）";
	size_t n = strlen(k->label), y = sizeof YUAN - 1;
	*label_len = n;
	int64_t x = metrics_value(m, k);
	if (k->is_rate != METRIC_MONEY || x < 0) {
		stats_value_text(m, k, v);
		return;
	}
	money_words(x, v);
	if (n > y && strcmp(k->label + n - y, YUAN) == 0)
		*label_len = n - y;
}

static void render_stats(buf *b, const stats *st)
{
	char day[11], v[32];
	date_format(st->as_of, day);
	html_printf(b, "<p class=\"lead\">%s · 截至 %s</p>\n<div class=\"cards\">\n", st->label, day);
	for (size_t i = 0; i < sizeof CARDS / sizeof CARDS[0]; i++) {
		const card *c = &CARDS[i];
		const metric_key *k = key_named(c->key);
		if (!k)
			continue;
		size_t len;
		card_figure(&st->total, k, v, &len);
		html_raw(b, "<div class=\"card\"><div class=\"value\">");
		html_text(b, v);
		html_raw(b, "</div><div class=\"label\">");
		if (c->href) {
			html_raw(b, "<a href=\"");
			html_text(b, c->href);
			html_raw(b, "\">");
		}
		html_textn(b, k->label, len);
		html_raw(b, c->href ? "</a></div>" : "</div>");
		for (size_t j = 0; j < sizeof c->sub / sizeof c->sub[0] && c->sub[j]; j++) {
			const metric_key *sk = key_named(c->sub[j]);
			if (!sk)
				continue;
			card_figure(&st->total, sk, v, &len);
			html_raw(b, "<div class=\"sub\">");
			html_textn(b, sk->label, len);
			html_printf(b, " <span class=\"num\">%s</span></div>", v);
		}
		html_raw(b, "</div>\n");
	}
	html_raw(b, "</div>\n");
	if (st->ngroups) {
		/* the by-group table of fgdj stats --by street (community): the same columns */
		static const char *const BY_TITLE[] = {"", "街道", "社区", "区域"};
		size_t nt;
		const char *const *tk = stats_table_keys(&nt);
		/* wider than the page: the scrolling region takes the keyboard focus, named for its table */
		html_printf(b, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"按%s统计\"><table class=\"by-group\">\n"
			       "<caption>按%s统计</caption>\n<thead><tr><th scope=\"col\">%s</th>",
			    BY_TITLE[st->by % 4], BY_TITLE[st->by % 4], BY_TITLE[st->by % 4]);
		for (size_t j = 0; j < nt; j++) {
			const metric_key *mk = key_named(tk[j]);
			html_printf(b, "<th scope=\"col\" class=\"num\">%s</th>", mk ? mk->label : tk[j]);
		}
		html_raw(b, "</tr></thead>\n<tbody>\n");
		for (size_t i = 0; i <= st->ngroups; i++) {
			const metrics *m = i < st->ngroups ? &st->groups[i].m : &st->total;
			html_printf(b, "<tr><th scope=\"row\">%s</th>", i < st->ngroups ? st->groups[i].name : "合计");
			for (size_t j = 0; j < nt; j++) {
				const metric_key *mk = key_named(tk[j]);
				if (mk)
					stats_value_text(m, mk, v);
				html_printf(b, "<td class=\"num\">%s</td>", mk ? v : "");
			}
			html_raw(b, "</tr>\n");
		}
		html_raw(b, "</tbody>\n</table></div>\n");
	}
	html_raw(b, "<table class=\"figures\">\n<caption>主要统计数字</caption>\n"
		    "<thead><tr><th scope=\"col\">指标</th><th scope=\"col\" class=\"num\">数值</th></tr></thead>\n<tbody>\n");
	size_t n;
	const metric_key *k = metrics_keys(&n);
	for (size_t i = 0; i < n; i++) {
		stats_value_text(&st->total, &k[i], v);
		html_printf(b, "<tr><th scope=\"row\">%s</th><td class=\"num\">%s</td></tr>\n", k[i].label, v);
	}
	html_raw(b, "</tbody>\n</table>\n");
}

void page_home(web_req *r)
{
	store *s = web_db(r);
	if (!s)
		return;
	const auth_user *u = &r->user;
	char *district = store_district_name(s);
	const char *where = u->scope_label[0] ? u->scope_label : district;
	buf *b = web_page_begin(r, "首页");
	html_printf(b, "<h1>%s</h1>\n<p>%s，您好。您的角色是%s，工作范围：%s。</p>\n", where, u->name,
		    users_role_label(u->role), u->scope_kind == SCOPE_DISTRICT ? "全区" : where);
	free(district);
	if (u->scope_kind == SCOPE_ORG) {
		html_printf(b, "<p>您负责的党组织：<strong>%s</strong>。</p>\n", u->scope_label);
		page_party_todo(r, b, s);
	} else if (auth_can(u, PERM_REPORTS)) {
		size_t open, done;
		if (findings_open_count(r, s, &open, &done) == 0) {
			/* The findings still to follow up, as /findings?state=open lists them. */
			html_printf(b, "<div class=\"cards\">\n<div class=\"card\"><div class=\"value\">%zu</div><div class=\"label\">"
				       "<a href=\"/findings?state=open\">未完成整改的检查发现（待整改、整改中）</a></div>",
				    open);
			if (done)
				html_printf(b, "<div class=\"sub\"><a href=\"/findings?state=done\">标为已整改但仍被检出</a> "
					       "<span class=\"num\">%zu</span></div>",
					    done);
			html_raw(b, "</div>\n</div>\n");
		}
		stats st;
		fg_err e;
		buf charts = {0};
		if (tools_stats_cached(s, u->scope_label[0] ? u->scope_label : NULL, date_today(), tools_stats_breakdown(u), &st,
				       &charts, &e) == FG_OK) {
			render_stats(b, &st);
			html_raw(b, buf_cstr(&charts)); /* SVG drawn by tools_stats_charts (escaped there) */
		} else
			html_printf(b, "<p class=\"alert\">统计暂时无法计算：%s</p>\n", e.msg);
		buf_free(&charts);
		stats_free(&st);
	}
	web_page_end(r, 200);
}

/* GET /api/v1/stats?region=&as_of=&by= — region defaults to the user's scope. A region that does
 * not exist and one outside the scope answer the same 404. */
void api_stats(web_req *r)
{
	store *s = web_db(r);
	if (!s)
		return;
	const auth_user *u = &r->user;
	const char *region = web_query(r, "region");
	static const char NOT_FOUND[] = "没有这个地区，或它不在您的工作范围内";
	if (!region || !*region) {
		if (u->scope_kind == SCOPE_ORG) {
			web_error(r, 404, NOT_FOUND);
			return;
		}
		region = u->scope_label[0] ? u->scope_label : NULL;
	} else {
		store_filter f;
		char *label = NULL;
		fg_err e;
		int rc = store_region_resolve(s, region, &f, &label, &e);
		free(label);
		if (rc || !auth_filter_visible(s, u, &f)) {
			web_error(r, 404, NOT_FOUND);
			return;
		}
	}
	int as_of = date_today();
	const char *d = web_query(r, "as_of");
	if (d && *d && date_parse(d, &as_of) != 0) {
		web_error(r, 400, "as_of 应为日期，例如 2024-12-31");
		return;
	}
	const char *by_s = web_query(r, "by");
	int by = by_s && *by_s ? stats_by_parse(by_s) : STATS_BY_NONE;
	if (by < 0) {
		web_error(r, 400, "by 应为 street、community 或 zone");
		return;
	}
	stats st;
	fg_err e;
	int rc = stats_compute(s, region, as_of, (stats_by)by, &st, &e);
	if (rc) {
		stats_free(&st);
		web_error(r, rc == FG_EINPUT ? 404 : 500, rc == FG_EINPUT ? NOT_FOUND : e.msg);
		return;
	}
	buf out = {0};
	stats_json(&st, &out);
	stats_free(&st);
	web_respond(r, 200, "application/json; charset=utf-8", &out);
}
