/* The dashboard (the metrics of the user's scope) and the statistics API. Both compute with
 * report/stats.h, the same function as fgdj stats, on the region the scope allows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rating.h"
#include "report/check.h"
#include "report/stats.h"
#include "store/places.h"
#include "util/date.h"
#include "web/cache.h"
#include "web/pages.h"

/* The list each figure counts: its path and the filters that pick exactly what the figure counts
 * (the enterprise sets are core/metrics.h metrics_ent_sets', filtered by the same function; the
 * members' MEMBER_COUNTED). A rate opens the list of its numerator. regional: the list takes the
 * region filters ?street=, ?community=, ?zone=, ?district= (enterprises; the party-work figures'
 * sets, page_figures.c) or ?street=, ?community= (members) — else it opens only for the whole
 * scope. One table for the cards, the by-region table and the table of every figure. */
typedef struct fig_link {
	const char *key, *path, *query;
	int regional; /* 1: enterprises list, 3: a party-work figure (street, community, zone, district); 2: members (street, community) */
} fig_link;

#define ENTS "/enterprises"
#define IN_SCOPE "in_scope=1"
static const fig_link LINKS[] = {
	{"enterprises_total", ENTS, "", 1},
	{"enterprises_operating", ENTS, "status=%E5%9C%A8%E8%90%A5", 1}, /* 在营 */
	{"enterprises_in_scope", ENTS, IN_SCOPE, 1},
	{"enterprises_with_members", ENTS, IN_SCOPE "&with_members=1", 1},
	{"enterprises_required_single", ENTS, IN_SCOPE "&required_single=1", 1},
	{"enterprises_unbuilt", ENTS, IN_SCOPE "&unbuilt=1", 1},
	{"enterprises_covered_single", ENTS, IN_SCOPE "&cov=2", 1},
	{"enterprises_covered_joint", ENTS, IN_SCOPE "&cov=3", 1},
	{"enterprises_covered_affiliated", ENTS, IN_SCOPE "&cov=4", 1},
	{"enterprises_uncovered", ENTS, IN_SCOPE "&cov=1", 1},
	{"enterprises_with_instructor", ENTS, IN_SCOPE "&instructor=1", 1},
	{"org_coverage_rate", ENTS, IN_SCOPE "&covered=1", 1},
	{"single_rate", ENTS, IN_SCOPE "&cov=2", 1},
	{"required_single_rate", ENTS, IN_SCOPE "&required_single=1&cov=2", 1},
	{"work_coverage_rate", ENTS, IN_SCOPE "&work_covered=1", 1},
	{"ledger_complete_rate", ENTS, IN_SCOPE "&complete=1", 1},
	{"members_formal", "/members", "formal=1", 2},
	{"members_disclosed", "/members", "disclosed=1", 2},
	{"disclosed_rate", "/members", "disclosed=1", 2},
	/* the party-work figures: the records party_figure_set says they count (page_figures.c) */
#define FIG(k) {#k, "/figures/" #k, "", 3}
	FIG(designations_model_post), FIG(designations_vanguard_post), FIG(designations_responsibility_area),
	FIG(orgs_rated), FIG(orgs_star_5), FIG(orgs_star_4), FIG(orgs_star_3), FIG(orgs_star_2), FIG(orgs_star_1),
	FIG(orgs_star_vetoed),
	FIG(orgs_rated_in_year), FIG(funding_awards), FIG(funding_subsidies), FIG(funding_subsidised_orgs),
	FIG(venues_standard), {"venue_standard_rate", "/figures/venues_standard", "", 3}, FIG(open_bases),
	FIG(secretaries_total), FIG(secretaries_dual_strong), FIG(secretaries_trained),
#undef FIG
};

/* The figures shown as cards on the dashboard, each with the figures it is made of below it; the
 * table below them lists every key. */
typedef struct card {
	const char *key;
	const char *sub[6]; /* smaller figures under the value, NULL-ended when fewer */
} card;

static const card CARDS[] = {
	{"enterprises_in_scope", {"enterprises_total", "enterprises_operating", NULL}},
	{"org_coverage_rate",
	 {"enterprises_covered_single", "enterprises_covered_joint", "enterprises_covered_affiliated", "enterprises_uncovered", NULL}},
	{"single_rate", {NULL}},
	{"required_single_rate", {"enterprises_required_single", "enterprises_unbuilt", NULL}},
	{"work_coverage_rate", {"enterprises_with_instructor", NULL}},
	{"ledger_complete_rate", {NULL}},
	{"disclosed_rate", {"members_formal", "members_disclosed", NULL}},
	{"designations_model_post", {"designations_vanguard_post", "designations_responsibility_area", NULL}},
	{"orgs_rated", {"orgs_star_5", "orgs_star_4", "orgs_star_3", "orgs_star_2", "orgs_star_1", "orgs_star_vetoed"}},
	{"funding_awards", {"funding_subsidies", "funding_subsidised_orgs", NULL}},
	{"venue_standard_rate", {"venues_standard", NULL}},
	{"open_bases", {NULL}},
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

/* Opens <a href="…"> to the list of key for the group gid of the breakdown by (0: the whole
 * scope); 0 (nothing written) when no list counts it there. */
static int open_link(buf *b, const char *key, stats_by by, int64_t gid)
{
	const fig_link *l = NULL;
	for (size_t i = 0; i < sizeof LINKS / sizeof LINKS[0] && !l; i++)
		if (strcmp(LINKS[i].key, key) == 0)
			l = &LINKS[i];
	static const char *const PARAM[] = {"", "street", "community", "zone", "district"};
	if (!l || (gid && (!l->regional || (by == STATS_BY_ZONE && l->regional == 2))))
		return 0;
	buf h = {0};
	buf_puts(&h, l->path);
	if (*l->query || gid)
		buf_putc(&h, '?');
	buf_puts(&h, l->query);
	if (gid)
		buf_printf(&h, "%s%s=%lld", *l->query ? "&" : "", PARAM[by % 5], (long long)gid);
	html_raw(b, "<a href=\"");
	html_text(b, buf_cstr(&h));
	html_raw(b, "\">");
	buf_free(&h);
	return 1;
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

static void render_cards(buf *b, const stats *st)
{
	char v[32];
	html_raw(b, "<div class=\"cards\">\n");
	for (size_t i = 0; i < sizeof CARDS / sizeof CARDS[0]; i++) {
		const card *c = &CARDS[i];
		const metric_key *k = key_named(c->key);
		if (!k)
			continue;
		size_t len;
		card_figure(&st->total, k, v, &len);
		html_raw(b, "<div class=\"card\">");
		int a = open_link(b, c->key, st->by, 0);
		html_raw(b, "<span class=\"value\">");
		html_text(b, v);
		html_raw(b, "</span><span class=\"label\">");
		html_textn(b, k->label, len);
		html_raw(b, a ? "</span></a>" : "</span>");
		for (size_t j = 0; j < sizeof c->sub / sizeof c->sub[0] && c->sub[j]; j++) {
			const metric_key *sk = key_named(c->sub[j]);
			if (!sk)
				continue;
			card_figure(&st->total, sk, v, &len);
			html_raw(b, "<div class=\"sub\">");
			int sa = open_link(b, sk->key, st->by, 0);
			html_textn(b, sk->label, len);
			html_printf(b, " <span class=\"num\">%s</span>", v);
			html_raw(b, sa ? "</a></div>" : "</div>");
		}
		html_raw(b, "</div>\n");
	}
	html_raw(b, "</div>\n");
}

/* Bars as HTML with their values in text (the bar itself is decoration): each row opens its list. */
typedef struct bar {
	const char *label, *key;
	int64_t value;
	int64_t gid;
	const char *href; /* the list, when not the figure key's */
} bar;

static void render_bars(buf *b, const char *title, const bar *v, size_t n, int64_t max, const char *unit, stats_by by)
{
	html_printf(b, "<figure class=\"bars\"><figcaption>%s</figcaption>\n<ul>\n", title);
	for (size_t i = 0; i < n; i++) {
		int64_t w = max > 0 && v[i].value > 0 ? v[i].value * 100 / max : 0;
		html_raw(b, "<li>");
		int a = v[i].href ? 1 : open_link(b, v[i].key, by, v[i].gid);
		if (v[i].href)
			html_printf(b, "<a href=\"%s\">", v[i].href);
		html_raw(b, "<span class=\"bar-label\">");
		html_text(b, v[i].label);
		html_raw(b, "</span><span class=\"num\">");
		if (v[i].value < 0)
			html_raw(b, "—");
		else if (*unit)
			html_printf(b, "%lld.%lld%s", (long long)(v[i].value / 10), (long long)(v[i].value % 10), unit);
		else
			html_printf(b, "%lld", (long long)v[i].value);
		html_printf(b, "</span><svg class=\"bar\" viewBox=\"0 0 100 8\" preserveAspectRatio=\"none\" aria-hidden=\"true\""
			       " focusable=\"false\"><rect width=\"100\" height=\"8\" class=\"track\"/><rect width=\"%lld\" height=\"8\"/></svg>",
			    (long long)w);
		html_raw(b, a ? "</a></li>\n" : "</li>\n");
	}
	html_raw(b, "</ul></figure>\n");
}

static void render_charts(buf *b, const stats *st)
{
	const metrics *m = &st->total;
	const bar make[] = {
		{"单独建", "enterprises_covered_single", m->enterprises_covered_single, 0, NULL},
		{"联合建", "enterprises_covered_joint", m->enterprises_covered_joint, 0, NULL},
		{"挂靠建", "enterprises_covered_affiliated", m->enterprises_covered_affiliated, 0, NULL},
		{"未覆盖", "enterprises_uncovered", m->enterprises_uncovered, 0, NULL},
	};
	render_bars(b, "“三有”企业组织覆盖构成（户）", make, 4, m->enterprises_in_scope, "", st->by);
	if (st->ngroups) {
		bar *g = xmalloc(st->ngroups * sizeof *g);
		for (size_t i = 0; i < st->ngroups; i++)
			g[i] = (bar){st->groups[i].name, "org_coverage_rate", st->groups[i].m.org_coverage_rate, st->groups[i].id, NULL};
		render_bars(b, st->by == STATS_BY_STREET ? "各街道组织覆盖率" : st->by == STATS_BY_COMMUNITY ? "各社区组织覆盖率" : st->by == STATS_BY_DISTRICT ? "各区县组织覆盖率" : "各区域组织覆盖率",
			    g, st->ngroups, 1000, "%", st->by);
		free(g);
	}
}

/* This year against last: the coverage rates on the day and on the same day a year before (the
 * comparison of fgdj stats --compare and the report's KEY_vs_prev), as pairs of bars. */
static void render_year(buf *b, const stats *st, const stats *prev)
{
	char d0[11], d1[11];
	date_format(prev->as_of, d0);
	date_format(st->as_of, d1);
	html_printf(b, "<figure class=\"bars\"><figcaption>与上年同期比较（%s 与 %s）</figcaption>\n<ul>\n", d1, d0);
	for (size_t i = 0; STATS_COVERAGE_KEYS[i]; i++) {
		const metric_key *k = key_named(STATS_COVERAGE_KEYS[i]);
		if (!k)
			continue;
		const metrics *m[2] = {&st->total, &prev->total};
		for (int j = 0; j < 2; j++) {
			int64_t v = metrics_value(m[j], k);
			char t[32];
			stats_value_text(m[j], k, t);
			html_raw(b, j ? "<li class=\"prev\"><span class=\"pair\">" : "<li><span class=\"pair\">");
			html_printf(b, "<span class=\"bar-label\">%s</span><span class=\"num\">%s</span>", j ? "上年同期" : k->label,
				    t);
			html_printf(b, "<svg class=\"bar\" viewBox=\"0 0 100 8\" preserveAspectRatio=\"none\" aria-hidden=\"true\""
				       " focusable=\"false\"><rect width=\"100\" height=\"8\" class=\"track\"/><rect width=\"%lld\" height=\"8\"/></svg>",
				    (long long)(v > 0 ? v / 10 : 0));
			html_raw(b, "</span></li>\n");
		}
	}
	html_raw(b, "</ul></figure>\n");
}

/* The open findings by rule, most first (the eight largest), each opening its list. */
typedef struct rule_count {
	size_t n, rule;
} rule_count;

static int rule_count_cmp(const void *x, const void *y)
{
	const rule_count *a = x, *b = y;
	return a->n != b->n ? (a->n < b->n ? 1 : -1) : (a->rule > b->rule) - (a->rule < b->rule);
}

static void render_findings(buf *b, const size_t *per_rule)
{
	size_t nrules, n = 0;
	const check_rule *rules = check_rules(&nrules);
	rule_count c[sizeof ((findings *)0)->per_rule / sizeof(size_t)];
	for (size_t i = 0; i < nrules && n < sizeof c / sizeof c[0]; i++)
		if (per_rule[i])
			c[n++] = (rule_count){per_rule[i], i};
	if (!n)
		return;
	qsort(c, n, sizeof c[0], rule_count_cmp);
	if (n > 8)
		n = 8;
	bar v[8];
	char href[8][96];
	for (size_t i = 0; i < n; i++) {
		snprintf(href[i], sizeof href[i], "/findings?rule=%s&state=open", rules[c[i].rule].id);
		v[i] = (bar){rules[c[i].rule].title, NULL, (int64_t)c[i].n, 0, href[i]};
	}
	render_bars(b, "未完成整改的检查发现（按规则，条）", v, n, v[0].value, "", STATS_BY_NONE);
}

static void render_stats(buf *b, const stats *st, const stats *prev, const char *charts, const size_t *per_rule)
{
	char day[11], v[32];
	date_format(st->as_of, day);
	html_printf(b, "<p class=\"lead\">%s · 截至 %s · 点击任一数字可打开它所统计的名单</p>\n<div class=\"dash\">\n<div class=\"dash-cards\">\n",
		    st->label, day);
	render_cards(b, st);
	html_raw(b, "</div>\n<div class=\"dash-charts\">\n");
	render_charts(b, st);
	if (prev)
		render_year(b, st, prev);
	if (per_rule)
		render_findings(b, per_rule);
	html_raw(b, charts); /* SVG drawn by tools_stats_charts (escaped there) */
	html_raw(b, "</div>\n</div>\n");
	if (st->ngroups) {
		/* the by-group table of fgdj stats --by street (community): the same columns */
		const char *by = stats_by_label(st->by);
		size_t nt;
		const char *const *tk = stats_table_keys(&nt);
		/* wider than the page: the scrolling region takes the keyboard focus, named for its table */
		html_printf(b, "<details class=\"by-group\"><summary>按%s统计（%zu 个%s）</summary>\n"
			       "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"按%s统计\"><table class=\"by-group\">\n"
			       "<caption>按%s统计</caption>\n<thead><tr><th scope=\"col\">%s</th>",
			    by, st->ngroups, by, by, by, by);
		for (size_t j = 0; j < nt; j++) {
			const metric_key *mk = key_named(tk[j]);
			html_printf(b, "<th scope=\"col\" class=\"num\">%s</th>", mk ? mk->label : tk[j]);
		}
		html_raw(b, "</tr></thead>\n<tbody>\n");
		for (size_t i = 0; i <= st->ngroups; i++) {
			const metrics *m = i < st->ngroups ? &st->groups[i].m : &st->total;
			int64_t gid = i < st->ngroups ? st->groups[i].id : 0;
			html_printf(b, "<tr><th scope=\"row\">%s</th>", i < st->ngroups ? st->groups[i].name : "合计");
			for (size_t j = 0; j < nt; j++) {
				const metric_key *mk = key_named(tk[j]);
				html_raw(b, "<td class=\"num\">");
				if (mk) {
					stats_value_text(m, mk, v);
					int a = open_link(b, mk->key, st->by, gid);
					html_text(b, v);
					if (a)
						html_raw(b, "</a>");
				}
				html_raw(b, "</td>");
			}
			html_raw(b, "</tr>\n");
		}
		html_raw(b, "</tbody>\n</table></div>\n</details>\n");
	}
	html_raw(b, "<details class=\"figures\"><summary>全部统计数字</summary>\n<table class=\"figures\">\n<caption>主要统计数字</caption>\n"
		    "<thead><tr><th scope=\"col\">指标</th><th scope=\"col\" class=\"num\">数值</th></tr></thead>\n<tbody>\n");
	size_t n;
	const metric_key *k = metrics_keys(&n);
	for (size_t i = 0; i < n; i++) {
		stats_value_text(&st->total, &k[i], v);
		html_printf(b, "<tr><th scope=\"row\">%s</th><td class=\"num\">", k[i].label);
		int a = open_link(b, k[i].key, st->by, 0);
		html_text(b, v);
		html_raw(b, a ? "</a></td></tr>\n" : "</td></tr>\n");
	}
	html_raw(b, "</tbody>\n</table>\n</details>\n");
}

/* The dashboard below its greeting for a reader of the figures: the open findings' card and the
 * figures of the scope, kept per scope, day and breakdown (the variant) until the data changes —
 * at city scale the page is ≈ 230 kB drawn from a few thousand figures, which costs more than the
 * kept figures themselves. cache_arg(): the request. */
static int home_compute(store *s, const char *region, int as_of, int variant, void **out, fg_err *e)
{
	web_req *r = cache_arg();
	buf b = {0};
	size_t open, done, per_rule[sizeof ((findings *)0)->per_rule / sizeof(size_t)] = {0};
	int have_findings = findings_open_count(r, s, &open, &done, per_rule) == 0;
	if (have_findings) {
		/* The findings still to follow up, as /findings?state=open lists them. */
		html_printf(&b, "<div class=\"cards\">\n<div class=\"card\"><div class=\"value\">%zu</div><div class=\"label\">"
				"<a href=\"/findings?state=open\">未完成整改的检查发现（待整改、整改中）</a></div>",
			    open);
		if (done)
			html_printf(&b, "<div class=\"sub\"><a href=\"/findings?state=done\">标为已整改但仍被检出</a> "
					"<span class=\"num\">%zu</span></div>",
				    done);
		html_raw(&b, "</div>\n</div>\n");
	}
	stats st;
	buf charts = {0};
	int rc = tools_stats_cached(s, region, as_of, (stats_by)variant, &st, &charts, e);
	if (rc == FG_OK) {
		/* the same day a year before, for the comparison chart (cached like today's) */
		stats prev;
		fg_err pe;
		int has_prev = tools_coverage_cached(s, region, date_add_years(st.as_of, -1), &prev, &pe) == FG_OK;
		render_stats(&b, &st, has_prev ? &prev : NULL, buf_cstr(&charts), have_findings ? per_rule : NULL);
		stats_free(&prev);
		stats_free(&st);
	}
	buf_free(&charts);
	if (rc) {
		buf_free(&b);
		return rc;
	}
	*out = b.len ? buf_detach(&b) : xstrdup("");
	return FG_OK;
}

static const cache_kind HOME_PAGE = {home_compute, free};

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
		    users_role_label(u->role), users_scope_text(u->scope_label, u->scope_level));
	free(district);
	if (u->scope_kind == SCOPE_ORG) {
		html_printf(b, "<p>您负责的党组织：<strong>%s</strong>。</p>\n", u->scope_label);
		page_party_todo(r, b, s);
	} else if (auth_can(u, PERM_REPORTS)) {
		fg_err e;
		const void *page = NULL;
		cache_ref *ref = NULL;
		int rc = store_read_begin(s, &e);
		if (!rc) {
			rc = cache_get_arg(s, &HOME_PAGE, u->scope_label[0] ? u->scope_label : NULL, date_today(),
					   (int)tools_stats_breakdown(u), r, &page, &ref, &e);
			store_read_end(s);
		}
		if (rc == FG_OK)
			buf_puts(b, page);
		else
			html_printf(b, "<p class=\"alert\">统计暂时无法计算：%s</p>\n", e.msg);
		cache_release(ref);
	}
	web_page_end(r, 200);
}

int web_warm(store *s, fg_err *e)
{
	int today = date_today(), rc = findings_warm(s, e);
	rc = rc ? rc : plan_warm(s, e);
	stats st;
	/* as home_compute asks: today's by the children of the whole, and the year-earlier figures */
	stats_by by = stats_by_children(store_region_is_city(s) ? "city" : "district");
	if (!rc && (rc = tools_stats_cached(s, NULL, today, by, &st, NULL, e)) == FG_OK)
		stats_free(&st);
	if (!rc && (rc = tools_coverage_cached(s, NULL, date_add_years(today, -1), &st, e)) == FG_OK)
		stats_free(&st);
	return rc;
}

/* The statistics of (region, as_of, breakdown) as the API's JSON text, kept while the data is
 * unchanged (web/cache.h): the same answer for every user whose scope asks for that region. */
static int stats_json_compute(store *s, const char *region, int as_of, int variant, void **value, fg_err *e)
{
	stats st;
	int rc = stats_compute(s, region, as_of, (stats_by)variant, &st, e);
	if (!rc) {
		buf out = {0};
		stats_json(&st, &out);
		*value = out.len ? buf_detach(&out) : xstrdup("");
	}
	stats_free(&st);
	return rc;
}

static const cache_kind STATS_JSON = {stats_json_compute, free};

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
	fg_err e;
	const void *json = NULL;
	cache_ref *ref = NULL;
	int rc = store_read_begin(s, &e);
	if (!rc) {
		rc = cache_get(s, &STATS_JSON, region, as_of, by, &json, &ref, &e);
		store_read_end(s);
	}
	if (rc) {
		web_error(r, rc == FG_EINPUT ? 404 : 500, rc == FG_EINPUT ? NOT_FOUND : e.msg);
		return;
	}
	buf out = {0};
	buf_puts(&out, json);
	cache_release(ref);
	web_respond(r, 200, "application/json; charset=utf-8", &out);
}
