#include "report/work.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/life.h"
#include "core/rating.h"
#include "core/settings.h"
#include "report/campaign.h"
#include "report/check.h"
#include "report/facts.h"
#include "report/plan.h"
#include "report/stats.h"
#include "store/places.h"
#include "store/query.h"
#include "util/date.h"
#include "util/embed.h"
#include "util/strmap.h"

const char *work_default_template(size_t *len)
{
	const embed_file *f = embed_find("work_template.md");
	*len = f->len;
	return (const char *)f->data;
}

/* The stars of the organisations commended this year, highest first: "五星级2个、三星级1个". */
static void star_makeup_var(tpl_ctx *c, const party *p)
{
	static const char *const NAMES[6] = {"", "一星级", "二星级", "三星级", "四星级", "五星级"};
	int64_t n[6] = {0};
	for (size_t i = 0; i < p->norgs; i++)
		n[p->orgs[i].commended]++;
	buf b = {0};
	for (int k = 5; k >= 1; k--)
		if (n[k])
			buf_printf(&b, "%s%s%lld个", b.len ? "、" : "", NAMES[k], (long long)n[k]);
	tpl_set(c, "star_makeup", buf_cstr(&b));
	buf_free(&b);
}

static void rate_var(tpl_ctx *c, const char *key, int tenths)
{
	char t[16];
	stats_rate_text(tenths, t);
	tpl_set(c, key, t);
}

static void metrics_vars(tpl_ctx *c, const metrics *m)
{
	size_t nk;
	const metric_key *k = metrics_keys(&nk);
	for (size_t i = 0; i < nk; i++) {
		char v[32];
		stats_value_text(m, &k[i], v);
		tpl_set(c, k[i].key, v);
	}
}

/* Each figure against the same date a year earlier, as words: KEY_vs_prev is "比上年同期提高2.5个
 * 百分点" (a rate) or "比上年同期增加3" (a count; the sentence adds the unit), "…下降/减少…", "与上年同期
 * 持平", and empty when either side is unknown or the region had no enterprise a year earlier. */
static void compare_vars(tpl_ctx *c, const metrics *prev, const metrics *now)
{
	size_t nk;
	const metric_key *k = metrics_keys(&nk);
	for (size_t i = 0; i < nk; i++) {
		char name[96], v[32], same[112];
		snprintf(name, sizeof name, "%s_vs_prev", k[i].key);
		snprintf(same, sizeof same, "%s_vs_prev_same", k[i].key);
		int known;
		int64_t d = metrics_change(&k[i], metrics_value(prev, &k[i]), metrics_value(now, &k[i]), &known);
		/* "与上年同期持平" takes no unit after it: the template asks KEY_vs_prev_same. */
		tpl_set(c, same, known && prev->enterprises_total && !d ? "1" : "");
		if (!known || !prev->enterprises_total) {
			tpl_set(c, name, "");
			continue;
		}
		int64_t a = d < 0 ? -d : d;
		if (k[i].is_rate == METRIC_RATE || k[i].is_rate == METRIC_TENTHS)
			snprintf(v, sizeof v, "%lld.%lld", (long long)(a / 10), (long long)(a % 10));
		else if (k[i].is_rate == METRIC_MONEY)
			snprintf(v, sizeof v, "%lld.%02lld", (long long)(a / 100), (long long)(a % 100));
		else
			snprintf(v, sizeof v, "%lld", (long long)a);
		if (!d)
			tpl_set(c, name, "与上年同期持平");
		else if (k[i].is_rate == METRIC_RATE)
			tpl_setf(c, name, "比上年同期%s%s个百分点", d > 0 ? "提高" : "下降", v);
		else
			tpl_setf(c, name, "比上年同期%s%s", d > 0 ? "增加" : "减少", v);
	}
}

/* Subsidised organisations are named up to this many; more are counted. */
#define FUNDING_NAMED 3

/* What the report needs beyond the metrics, gathered in one pass over organisations and members. */
typedef struct extras {
	const facts *f;
	unsigned char *org_in; /* org id → covers an operating enterprise of the region; NULL = all */
	int64_t max_org;
	int year;
	buf leaders;
	int64_t leaders_n, area_bodies, with_secretary, with_committee;
	int64_t joined_year, joined_prev;
	strmap units;
	unsigned char *ins_in;
	int64_t max_ins;
	buf subsidised;        /* names of the first organisations with a 专项补贴 of the year */
	int64_t subsidised_n;
	/* a city, or a district of one: by region id, AT_DISTRICT for a district (the city's, or the
	 * one in view), AT_UNDER for a street or community of the district in view; NULL otherwise */
	unsigned char *place_in;
	int64_t max_place;
	int64_t district_bodies; /* the whole city: the leadership bodies of its districts */
} extras;

enum { AT_UNDER = 1, AT_DISTRICT = 2 };

/* store_regions_each: the places of the city or under the district in view. */
static int on_city_place(void *p, int64_t id, int64_t parent, const char *level, const char *name)
{
	extras *x = p;
	(void)parent, (void)name;
	if (id <= 0)
		return 0;
	if (id > x->max_place) { /* ids come in order: grown at most a few times */
		int64_t n = id * 2;
		x->place_in = xrealloc(x->place_in, (size_t)n + 1);
		memset(x->place_in + x->max_place + 1, 0, (size_t)(n - x->max_place));
		x->max_place = n;
	}
	x->place_in[id] = strcmp(level, "district") == 0 ? AT_DISTRICT : AT_UNDER;
	return 0;
}

/* What place (a region id; 0 none) is to the report: AT_UNDER, AT_DISTRICT or 0. */
static int place_is(const extras *x, int64_t place)
{
	return place > 0 && place <= x->max_place ? x->place_in[place] : 0;
}

static int on_org(void *p, const org_fact *of)
{
	extras *x = p;
	const store_filter *fl = &x->f->filter;
	if (strcmp(of->mode, "上级机关") == 0) {
		/* The region's own leadership bodies are named; bodies of its streets and zones are counted. */
		int whole = fl->region_id == 0 && fl->zone_id == 0;
		int own = whole ? !of->street_id && !of->community_id && !of->zone_id
				: (fl->zone_id ? of->zone_id == fl->zone_id
					       : (of->street_id == fl->region_id || of->community_id == fl->region_id) && !of->zone_id);
		if (own) {
			buf_printf(&x->leaders, "%s%s", x->leaders_n ? "、" : "", of->name);
			x->leaders_n++;
		} else if (whole && place_is(x, of->street_id) == AT_DISTRICT && !of->community_id && !of->zone_id) {
			x->district_bodies++; /* a district's own body (所属街道 names the district) */
		} else if (whole || place_is(x, of->street_id) || place_is(x, of->community_id)) {
			x->area_bodies++;
		}
		return 0;
	}
	if (of->id > x->max_org || !x->org_in[of->id])
		return 0;
	const party *pa = &x->f->party;
	/* A secretary on D: the secretaries ledger's record in force when that ledger holds any (the
	 * organisation's 书记 column is today's name, not D's: at a past date the two disagreed), else
	 * the column — the same organisations secretaries_total counts. */
	if (pa->any_secretary)
		x->with_secretary += of->id <= pa->max_org && pa->org_at[of->id] >= 0 && pa->orgs[pa->org_at[of->id]].sec >= 0;
	else
		x->with_secretary += of->has_secretary;
	x->with_committee += of->has_committee == 1;
	if (of->id <= pa->max_org && pa->org_at[of->id] >= 0 && pa->orgs[pa->org_at[of->id]].subsidy_sum > 0 &&
	    x->subsidised_n++ < FUNDING_NAMED)
		buf_printf(&x->subsidised, "%s%s", x->subsidised.len ? "、" : "", of->name);
	return 0;
}

/* The money of 星级创评 as a report writes it (core/rating.h money_words): the range of single
 * awards, their sum, and the special subsidies with the organisations named when few. Empty when
 * there is none, so the paragraph is left out. */
static void funding_vars(tpl_ctx *c, const metrics *m, const extras *x)
{
	char lo[32], hi[32];
	if (m->funding_award_min >= 0) {
		money_words(m->funding_award_min, lo);
		money_words(m->funding_award_max, hi);
		if (strcmp(lo, hi) == 0)
			tpl_set(c, "funding_award_range", lo);
		else
			tpl_setf(c, "funding_award_range", "%s至%s", lo, hi);
		money_words(m->funding_awards, lo);
		tpl_set(c, "funding_awards_words", lo);
	} else {
		tpl_set(c, "funding_award_range", "");
		tpl_set(c, "funding_awards_words", "");
	}
	if (m->funding_subsidies > 0) {
		money_words(m->funding_subsidies, lo);
		tpl_set(c, "funding_subsidies_words", lo);
		if (m->funding_subsidised_orgs <= FUNDING_NAMED)
			tpl_set(c, "funding_subsidised_text", buf_cstr(&x->subsidised));
		else
			tpl_setf(c, "funding_subsidised_text", "%lld个党组织", (long long)m->funding_subsidised_orgs);
	} else {
		tpl_set(c, "funding_subsidies_words", "");
		tpl_set(c, "funding_subsidised_text", "");
	}
	tpl_set(c, "funding_any", m->funding_award_min >= 0 || m->funding_subsidies > 0 ? "1" : "");
	/* 星级创评 and the money it brings are one paragraph: it stands when either has something. */
	tpl_set(c, "stars_or_funding", m->orgs_rated > 0 || m->funding_award_min >= 0 || m->funding_subsidies > 0 ? "1" : "");
}

static int on_member(void *p, const member_row *mr)
{
	extras *x = p;
	const facts *f = x->f;
	if (mr->employer_id <= 0 || mr->employer_id > f->max_ent || f->idx[mr->employer_id] < 0)
		return 0;
	if (strcmp(mr->relation, "停止党籍") == 0)
		return 0;
	int jd;
	if (date_parse(mr->join_date, &jd) != 0 || jd > f->as_of)
		return 0;
	int y, m, d;
	date_to_ymd(jd, &y, &m, &d);
	x->joined_year += y == x->year;
	x->joined_prev += y == x->year - 1;
	return 0;
}

static int on_instructor(void *p, int64_t id, const char *unit)
{
	extras *x = p;
	if (id <= x->max_ins && x->ins_in[id])
		strmap_put(&x->units, unit, strlen(unit), 1);
	return 0;
}

/* The rows of a breakdown (by street or community) as list `list`, its size as `count`. */
static void breakdown_vars(tpl_ctx *c, const stats *st, const char *list, const char *count)
{
	for (size_t i = 0; i < st->ngroups; i++) {
		const metrics *m = &st->groups[i].m;
		tpl_item *it = tpl_list_add(c, list);
		char r[16];
		tpl_item_set(it, "name", st->groups[i].name);
		tpl_item_setf(it, "enterprises", "%lld", (long long)m->enterprises_total);
		tpl_item_setf(it, "in_scope", "%lld", (long long)m->enterprises_in_scope);
		tpl_item_setf(it, "covered", "%lld",
			      (long long)(m->enterprises_covered_single + m->enterprises_covered_joint +
					  m->enterprises_covered_affiliated));
		tpl_item_setf(it, "orgs", "%lld", (long long)m->orgs_total);
		tpl_item_setf(it, "members", "%lld", (long long)m->members_formal);
		stats_rate_text(m->org_coverage_rate, r);
		tpl_item_set(it, "coverage", r);
		stats_rate_text(m->required_single_rate, r);
		tpl_item_set(it, "required_rate", r);
		tpl_item_setf(it, "coverage_value", "%d", m->org_coverage_rate < 0 ? 0 : m->org_coverage_rate);
	}
	tpl_setf(c, count, "%zu", st->ngroups);
	if (!st->ngroups)
		tpl_set(c, list, "");
}

typedef struct zone_kinds {
	strmap map; /* zone id → index into v */
	char **v;
	size_t n;
} zone_kinds;

static int on_zone(void *ctx, int64_t id, const char *name, const char *kind)
{
	zone_kinds *zk = ctx;
	(void)name;
	zk->v = xrealloc(zk->v, (zk->n + 1) * sizeof *zk->v);
	zk->v[zk->n] = xstrdup(kind);
	strmap_put(&zk->map, (const char *)&id, sizeof id, (int64_t)zk->n++);
	return 0;
}

static int list_has(const tpl_ctx *c, const char *name)
{
	for (size_t i = 0; i < c->nlists; i++)
		if (strcmp(c->lists[i].name, name) == 0)
			return 1;
	return 0;
}

/* Zones named in the text: the PARKS_NAMED largest parks, business districts and tech parks by
 * enterprises (ties: the breakdown's order) as list parks_top; when there are more, parks_more is
 * how many and parks_summary counts them all by kind ("园区120个、商圈40个"), kinds in order of
 * first sight — a city has hundreds of parks, a report names a few. */
#define PARKS_NAMED 5

static const char *zone_kind_of(const zone_kinds *zk, int64_t id)
{
	int64_t ki;
	return strmap_get(&zk->map, (const char *)&id, sizeof id, &ki) ? zk->v[ki] : "";
}

static void parks_top_vars(tpl_ctx *c, const stats *st, const zone_kinds *zk)
{
	size_t top[PARKS_NAMED], ntop = 0, nparks = 0;
	const char *kinds[16];
	int64_t kn[16];
	size_t nk = 0;
	for (size_t i = 0; i < st->ngroups; i++) {
		const char *kind = zone_kind_of(zk, st->groups[i].id);
		if (strcmp(kind, "楼宇") == 0)
			continue;
		nparks++;
		size_t k = 0;
		while (k < nk && strcmp(kinds[k], kind) != 0)
			k++;
		if (k == nk && nk < sizeof kinds / sizeof kinds[0]) {
			kinds[nk] = kind;
			kn[nk++] = 0;
		}
		if (k < nk)
			kn[k]++;
		/* Insert into the top list, largest first; a tie keeps the earlier zone ahead. */
		int64_t e = st->groups[i].m.enterprises_total;
		size_t at = ntop;
		while (at > 0 && st->groups[top[at - 1]].m.enterprises_total < e)
			at--;
		if (at >= PARKS_NAMED)
			continue;
		if (ntop < PARKS_NAMED)
			ntop++;
		memmove(top + at + 1, top + at, (ntop - 1 - at) * sizeof *top);
		top[at] = i;
	}
	for (size_t j = 0; j < ntop; j++) {
		const metrics *m = &st->groups[top[j]].m;
		tpl_item *p = tpl_list_add(c, "parks_top");
		char r[16];
		stats_rate_text(m->org_coverage_rate, r);
		tpl_item_set(p, "name", st->groups[top[j]].name);
		tpl_item_set(p, "kind", zone_kind_of(zk, st->groups[top[j]].id));
		tpl_item_setf(p, "enterprises", "%lld", (long long)m->enterprises_total);
		tpl_item_setf(p, "orgs", "%lld", (long long)m->orgs_total);
		tpl_item_set(p, "coverage", r);
	}
	if (!ntop)
		tpl_set(c, "parks_top", "");
	tpl_setf(c, "parks_count", "%zu", nparks);
	tpl_setf(c, "parks_top_count", "%zu", ntop);
	tpl_setf(c, "parks_more", "%zu", nparks > ntop ? nparks - ntop : 0);
	buf b = {0};
	for (size_t k = 0; k < nk; k++)
		buf_printf(&b, "%s%s%lld个", k ? "、" : "", kinds[k], (long long)kn[k]);
	tpl_set(c, "parks_summary", buf_cstr(&b));
	buf_free(&b);
}

/* Every zone goes to "zones"; parks, business districts and tech parks also to "parks", while
 * buildings (many and small) are summed up, as a report mentions them. */
static void zones_vars(tpl_ctx *c, const stats *st, const zone_kinds *zk)
{
	int64_t bn = 0, be = 0, bo = 0;
	for (size_t i = 0; i < st->ngroups; i++) {
		const metrics *m = &st->groups[i].m;
		int64_t ki;
		const char *kind = strmap_get(&zk->map, (const char *)&st->groups[i].id, sizeof(int64_t), &ki) ? zk->v[ki] : "";
		if (strcmp(kind, "楼宇") == 0) {
			bn++;
			be += m->enterprises_total;
			bo += m->orgs_total;
		} else {
			tpl_item *p = tpl_list_add(c, "parks");
			char r[16];
			stats_rate_text(m->org_coverage_rate, r);
			tpl_item_set(p, "name", st->groups[i].name);
			tpl_item_set(p, "kind", kind);
			tpl_item_setf(p, "enterprises", "%lld", (long long)m->enterprises_total);
			tpl_item_setf(p, "orgs", "%lld", (long long)m->orgs_total);
			tpl_item_set(p, "coverage", r);
		}
		tpl_item *it = tpl_list_add(c, "zones");
		char r[16];
		tpl_item_set(it, "name", st->groups[i].name);
		tpl_item_set(it, "kind", kind);
		tpl_item_setf(it, "enterprises", "%lld", (long long)m->enterprises_total);
		tpl_item_setf(it, "orgs", "%lld", (long long)m->orgs_total);
		stats_rate_text(m->org_coverage_rate, r);
		tpl_item_set(it, "coverage", r);
	}
	tpl_setf(c, "zones_count", "%zu", st->ngroups);
	parks_top_vars(c, st, zk);
	tpl_setf(c, "buildings_count", "%lld", (long long)bn);
	tpl_setf(c, "buildings_enterprises", "%lld", (long long)be);
	tpl_setf(c, "buildings_orgs", "%lld", (long long)bo);
	if (!st->ngroups)
		tpl_set(c, "zones", "");
	if (!list_has(c, "parks"))
		tpl_set(c, "parks", "");
}

static size_t count_of(const findings *fs, const char *rule)
{
	size_t nr;
	const check_rule *rules = check_rules(&nr);
	for (size_t r = 0; r < nr; r++)
		if (strcmp(rules[r].id, rule) == 0)
			return fs->per_rule[r];
	return 0;
}

static void findings_vars(tpl_ctx *c, const findings *fs, const facts *f)
{
	size_t nr;
	const check_rule *rules = check_rules(&nr);
	for (size_t r = 0; r < nr; r++)
		tpl_setf(c, rules[r].id, "%zu", fs->per_rule[r]);
	/* lost_contact counts the 失联 of at least this many months (or undated), not every 失联 */
	tpl_setf(c, "lost_months", "%d", f->cfg.lost_months);
	/* Up to five names, for the reader to recognise. */
	buf names = {0};
	size_t shown = 0, total = 0;
	for (size_t i = 0; i < fs->n; i++) {
		if (strcmp(fs->v[i].rule->id, "need_single") != 0)
			continue;
		total++;
		if (shown < 5) {
			const char *s = fs->v[i].subject;
			const char *paren = strstr(s, "（");
			buf_printf(&names, "%s%.*s", shown ? "、" : "", (int)(paren ? (size_t)(paren - s) : strlen(s)), s);
			shown++;
		}
	}
	if (total > shown)
		buf_puts(&names, "等");
	tpl_set(c, "need_single_names", buf_cstr(&names));
	buf_free(&names);
	/* Which 五清 fields are missing, and how often. */
	int64_t op = 0, staff = 0, inv = 0, reason = 0;
	for (size_t i = 0; i < f->nents; i++) {
		const ent_fact *ef = &f->ents[i];
		if (!rules_in_scope(&f->cfg, ef->operating, ef->fixed_site, ef->employees))
			continue;
		cov_state st = rules_coverage_state(ef->cov_single, ef->cov_joint, ef->cov_affiliated);
		op += !ef->op_info;
		staff += !ef->staff_info;
		inv += !ef->investor;
		reason += st == COV_UNCOVERED && !ef->no_org_reason;
	}
	buf d = {0};
	const struct {
		int64_t n;
		const char *what;
	} gaps[] = {{op, "缺经营运行情况"}, {staff, "缺职工队伍情况"}, {inv, "缺出资人信息"}, {reason, "未写明未建党组织原因"}};
	for (size_t i = 0; i < sizeof gaps / sizeof gaps[0]; i++)
		if (gaps[i].n)
			buf_printf(&d, "%s%s的%lld家", d.len ? "、" : "", gaps[i].what, (long long)gaps[i].n);
	tpl_set(c, "ledger_gap_detail", buf_cstr(&d));
	buf_free(&d);
	size_t irregular = count_of(fs, "term_overdue") + count_of(fs, "committee_missing") +
			   count_of(fs, "single_too_small") + count_of(fs, "covered_twice") +
			   count_of(fs, "kind_too_small") + count_of(fs, "committee_unneeded") +
			   count_of(fs, "joint_too_many") + count_of(fs, "single_not_lodged");
	tpl_setf(c, "org_irregular", "%zu", irregular);
	size_t member_issues = count_of(fs, "pocket_member") + count_of(fs, "lost_contact");
	tpl_setf(c, "member_issues", "%zu", member_issues);
	size_t problems = 0;
	for (size_t r = 0; r < nr; r++)
		problems += fs->per_rule[r];
	tpl_setf(c, "problems_count", "%zu", problems);
}

/* The investigation item of the next-year plan (抓排查): the year's campaign with the most tasks in
 * the region (the later one on a tie), as the records say it — range, departments, dates, its tasks in the region done on D and those that
 * report findings. No campaign: campaign_name stays empty and the template keeps its plan wording. */
static void campaign_vars(tpl_ctx *c, const facts *f, int city)
{
	const party *p = &f->party;
	const party_campaign *pc = NULL;
	for (size_t i = 0; i < p->ncamps; i++)
		if (p->camps[i].in_year && (!pc || p->camps[i].tasks >= pc->tasks))
			pc = &p->camps[i];
	tpl_set(c, "campaign_name", pc ? pc->name : "");
	if (!pc)
		return;
	int y, m, d;
	tpl_set(c, "campaign_range", campaign_range_text(pc->range, city));
	tpl_set(c, "campaign_lead", pc->lead);
	/* the ledger separates partners with ；, a sentence lists them with 、 */
	buf partners = {0};
	for (const char *q = pc->partners ? pc->partners : ""; *q;)
		if (strncmp(q, "；", strlen("；")) == 0) {
			buf_puts(&partners, "、");
			q += strlen("；");
		} else
			buf_putc(&partners, *q++);
	tpl_set(c, "campaign_partners", buf_cstr(&partners));
	buf_free(&partners);
	date_to_ymd(pc->start, &y, &m, &d);
	tpl_setf(c, "campaign_start_cn", "%d年%d月%d日", y, m, d);
	date_to_ymd(pc->deadline, &y, &m, &d);
	tpl_setf(c, "campaign_deadline_cn", "%d年%d月%d日", y, m, d);
	tpl_setf(c, "campaign_total", "%d", pc->tasks);
	tpl_setf(c, "campaign_done", "%d", pc->done);
	rate_var(c, "campaign_rate", metrics_rate(pc->done, pc->tasks));
	tpl_setf(c, "campaign_findings", "%d", pc->findings);
}

/* A rate of the report that is a problem when below the setting `key` (report.*_low, in %): sets
 * NAME_setting to the threshold and NAME to 1 when the rate is known, its records kept, and below
 * it. The threshold's default is the settings table's (core/settings.c). */
static void rate_low(tpl_ctx *c, store *s, const char *key, const char *name, int kept, int64_t rate_tenths)
{
	char *v = store_setting_get(s, key);
	const setting_def *d = settings_find(key);
	long low = strtol(v ? v : d ? d->def : "0", NULL, 10);
	free(v);
	char var[64];
	snprintf(var, sizeof var, "%s_setting", name);
	tpl_setf(c, var, "%ld", low);
	tpl_set(c, name, kept && rate_tenths >= 0 && rate_tenths < low * 10 ? "1" : "");
}

/* The party-work paragraphs' figures beyond the metrics: how secretaries were chosen, which of
 * the 四员 roles the visits exercised, and whether organisational life, study or the instructors'
 * visits are a problem this year. */
static void party_vars(store *s, tpl_ctx *c, const facts *f, const metrics *m)
{
	const party *p = &f->party;
	static const struct {
		const char *method, *var;
	} METHODS[] = {{"内选", "secretaries_internal"},
		       {"外聘", "secretaries_external"},
		       {"公开选拔", "secretaries_open"},
		       {"组织选派", "secretaries_assigned"}};
	int64_t investor = 0;
	buf t = {0};
	for (size_t i = 0; i < sizeof METHODS / sizeof METHODS[0]; i++) {
		int64_t n = 0;
		for (size_t j = 0; j < p->nsecs; j++)
			n += strcmp(p->secs[j].method, METHODS[i].method) == 0;
		tpl_setf(c, METHODS[i].var, "%lld", (long long)n);
		if (n)
			buf_printf(&t, "%s%s%lld名", t.len ? "、" : "", METHODS[i].method, (long long)n);
	}
	for (size_t j = 0; j < p->nsecs; j++)
		investor += p->secs[j].investor;
	tpl_set(c, "secretaries_methods", buf_cstr(&t));
	tpl_setf(c, "secretaries_investor", "%lld", (long long)investor);
	static const char *const ROLE_VARS[4] = {"visits_researcher", "visits_publicist", "visits_server", "visits_supervisor"};
	int64_t roles[4];
	party_role_counts(p, roles);
	buf_reset(&t);
	for (int r = 0; r < 4; r++) {
		tpl_setf(c, ROLE_VARS[r], "%lld", (long long)roles[r]);
		if (roles[r])
			buf_printf(&t, "%s%s%lld次", t.len ? "、" : "", visit_roles[r], (long long)roles[r]);
	}
	tpl_set(c, "visit_roles", buf_cstr(&t));
	buf_free(&t);
	/* Without meeting records every organisation looks idle: that is no finding of the data. */
	rate_low(c, s, "report.life_rate_low", "life_rate_low", p->any_meeting, m->life_compliance_rate);
	/* Hours come from meetings attended and study records (and trainings): kept with either. */
	rate_low(c, s, "report.study_rate_low", "study_rate_low", p->any_meeting || p->any_study, m->study_hours_met_rate);
	rate_low(c, s, "report.visit_rate_low", "visit_rate_low", p->any_visit, m->instructor_visit_compliance_rate);
	/* the requirement the visit sentences name is the rule's (instructor.visits_per_quarter) */
	tpl_setf(c, "visits_per_quarter", "%d", p->cfg.visits_per_quarter);
}

/* The recognition sentences' figures (core/recog.h): the designations of each kind present, and the
 * venue gap — only once the district keeps venue records, since without them every organisation
 * would look short of one. */
static void recog_vars(store *s, tpl_ctx *c, const facts *f, const metrics *m)
{
	static const char *const KINDS[] = {"党员示范岗", "党员先锋岗", "党员责任区"};
	const int64_t n[] = {m->designations_model_post, m->designations_vanguard_post, m->designations_responsibility_area};
	buf t = {0};
	for (size_t i = 0; i < sizeof n / sizeof n[0]; i++)
		if (n[i])
			buf_printf(&t, "%s%s%lld个", t.len ? "、" : "", KINDS[i], (long long)n[i]);
	tpl_set(c, "designations_text", buf_cstr(&t));
	tpl_setf(c, "designations_total", "%lld", (long long)(n[0] + n[1] + n[2]));
	buf_free(&t);
	int kept = f->party.any_venue;
	tpl_set(c, "venue_records", kept ? "1" : "");
	rate_low(c, s, "report.venue_rate_low", "venue_rate_low", kept, m->venue_standard_rate);
	/* 亮明身份 is a column of the member ledger: the rate exists whenever there are members. */
	rate_low(c, s, "report.disclosed_rate_low", "disclosed_rate_low", 1, m->disclosed_rate);
	tpl_setf(c, "venues_lacking", "%lld", kept ? (long long)(m->orgs_total - m->venues_standard) : 0LL);
}

/* The places of the chart by place: the region's streets, or its communities when it lies in one
 * street (a street's report), each with its organisation coverage; "chart_places_kind" names them. */
static void chart_places_vars(tpl_ctx *c, const stats *st, const char *kind)
{
	tpl_set(c, "chart_places_kind", kind);
	for (size_t i = 0; i < st->ngroups; i++) {
		tpl_item *it = tpl_list_add(c, "chart_places");
		tpl_item_set(it, "name", st->groups[i].name);
		int r = st->groups[i].m.org_coverage_rate;
		tpl_item_setf(it, "coverage_value", "%d", r < 0 ? -1 : r);
	}
	if (!st->ngroups)
		tpl_set(c, "chart_places", "");
}

/* The coverage rates now and a year earlier, for the year-on-year chart: only those known on
 * both dates, and none when the region had no enterprise a year earlier. */
static void chart_yoy_vars(tpl_ctx *c, const metrics *prev, const metrics *now, int year)
{
	const struct {
		const char *name;
		int then, now;
	} rates[] = {
		{"组织覆盖率", prev->org_coverage_rate, now->org_coverage_rate},
		{"单独组建率", prev->single_rate, now->single_rate},
		{"应建尽建率", prev->required_single_rate, now->required_single_rate},
		{"工作覆盖率", prev->work_coverage_rate, now->work_coverage_rate},
	};
	int any = 0;
	for (size_t i = 0; prev->enterprises_total && i < sizeof rates / sizeof rates[0]; i++) {
		if (rates[i].then < 0 || rates[i].now < 0)
			continue;
		for (int k = 0; k < 2; k++) {
			tpl_item *it = tpl_list_add(c, "chart_yoy");
			tpl_item_setf(it, "name", "%s（%d年）", rates[i].name, year - 1 + k);
			tpl_item_setf(it, "value", "%d", k ? rates[i].now : rates[i].then);
		}
		any = 1;
	}
	if (!any)
		tpl_set(c, "chart_yoy", "");
}

/* The 落款: report.issuer (default 中共＋委组织部 around district, the name of the district the
 * report is about — its own, a street's or a community's district; the city's for the whole city)
 * and report.date (default the as-of date), as {{issuer}} and {{report_date_cn}}. */
static int sign_vars(store *s, tpl_ctx *c, const char *district, int as_of, fg_err *e)
{
	char *issuer = store_setting_get(s, "report.issuer");
	if (issuer && *issuer)
		tpl_set(c, "issuer", issuer);
	else
		tpl_setf(c, "issuer", "中共%s委组织部", district);
	free(issuer);
	char *date = store_setting_get(s, "report.date");
	int day = as_of;
	if (date && *date && date_parse(date, &day) != 0) {
		int rc = err_set(e, FG_EINPUT, "设置 report.date 的值“%s”不是日期：应写作 2026-12-31（fgdj settings set report.date …）",
				 date);
		free(date);
		return rc;
	}
	free(date);
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	tpl_setf(c, "report_date_cn", "%d年%d月%d日", y, m, d);
	return FG_OK;
}

/* The region's level and how the text names itself: region_self is 全市 (the city root), 全区 (a
 * district, the root of a single district or one of a city), 本街道, 本社区, or 本园区 / 本商圈 /
 * 本楼宇 / 本科技园 (a zone, by its kind); is_city, is_district, is_street, is_community and is_zone
 * are 1 for that level only. A street's communities are named in communities_names. */
typedef struct level_scan {
	int64_t id;
	const char *level; /* "district", "street" or "community" when found (a static string) */
} level_scan;

static int on_region_name(void *ctx, const char *level, int64_t id, const char *name)
{
	static const char *const LEVELS[] = {"district", "street", "community"};
	level_scan *ls = ctx;
	(void)name;
	for (size_t i = 0; id == ls->id && i < sizeof LEVELS / sizeof LEVELS[0]; i++)
		if (strcmp(level, LEVELS[i]) == 0)
			ls->level = LEVELS[i];
	return 0;
}

static int region_vars(store *s, tpl_ctx *c, const facts *f, const zone_kinds *zk, const stats *by_comm,
		       const char **level_out, fg_err *e)
{
	const store_filter *fl = &f->filter;
	const char *level = "district";
	char self[64];
	snprintf(self, sizeof self, "%s", region_whole_name(0));
	if (fl->zone_id) {
		level = "zone";
		const char *kind = zone_kind_of(zk, fl->zone_id);
		snprintf(self, sizeof self, "本%s", *kind ? kind : "区域");
	} else if (fl->region_id > 1) {
		level_scan ls = {fl->region_id, NULL};
		int rc = store_scan_names(s, on_region_name, &ls, e);
		if (rc)
			return rc;
		level = ls.level ? ls.level : "street";
		snprintf(self, sizeof self, "%s", strcmp(level, "district") == 0 ? region_whole_name(0) : strcmp(level, "street") == 0 ? "本街道" : "本社区");
	} else if (store_region_is_city(s)) {
		level = "city";
		snprintf(self, sizeof self, "%s", region_whole_name(1));
	}
	*level_out = level;
	tpl_set(c, "region_self", self);
	tpl_set(c, "is_city", strcmp(level, "city") == 0 ? "1" : "");
	tpl_set(c, "is_district", strcmp(level, "district") == 0 ? "1" : "");
	tpl_set(c, "is_street", strcmp(level, "street") == 0 ? "1" : "");
	tpl_set(c, "is_community", strcmp(level, "community") == 0 ? "1" : "");
	tpl_set(c, "is_zone", strcmp(level, "zone") == 0 ? "1" : "");
	/* a street's or community's part of something wider (a zone, a building) */
	tpl_set(c, "region_part", strcmp(level, "street") == 0 || strcmp(level, "community") == 0 ? self : "");
	/* a part of the territory (a district of a city, a street, a community, a zone) names itself
	 * where a sentence speaks of something the whole territory does (a campaign's progress) */
	tpl_set(c, "region_within", fl->zone_id || fl->region_id > 1 ? self : "");
	buf b = {0};
	for (size_t i = 0; i < by_comm->ngroups; i++)
		buf_printf(&b, "%s%s", i ? "、" : "", by_comm->groups[i].name);
	tpl_set(c, "communities_names", buf_cstr(&b));
	buf_free(&b);
	return FG_OK;
}

/* Up to five names of enterprises (without their code), "等" when there are more, into names. */
static void names_of(store *s, const facts *f, const size_t *ents, size_t n, buf *names)
{
	buf label = {0};
	for (size_t i = 0; i < n && i < 5; i++) {
		buf_reset(&label);
		store_enterprise_label(s, f->ents[ents[i]].id, &label);
		const char *l = buf_cstr(&label), *paren = strstr(l, "（");
		buf_printf(names, "%s%.*s", i ? "、" : "", (int)(paren ? (size_t)(paren - l) : strlen(l)), l);
	}
	if (n > 5)
		buf_puts(names, "等");
	buf_free(&label);
}

/* What the plan proposes for every uncovered 三有 enterprise (report/plan.h): the five counts add
 * up to enterprises_uncovered. need_single_covered is the need_single findings that are covered
 * jointly or by affiliation (the uncovered ones are uncovered_single). */
static void plan_vars(store *s, tpl_ctx *c, const facts *f, const findings *fs, const joint_plan *jp)
{
	tpl_setf(c, "uncovered_single", "%zu", jp->single);
	buf names = {0};
	names_of(s, f, jp->single_ents, jp->single, &names);
	tpl_set(c, "uncovered_single_names", buf_cstr(&names));
	tpl_setf(c, "uncovered_joint", "%zu", jp->nunits);
	tpl_setf(c, "uncovered_no_member", "%zu", jp->instructor);
	tpl_setf(c, "uncovered_instructed", "%zu", jp->instructed);
	tpl_setf(c, "plan_filled", "%zu", jp->r.nfilled);
	/* The make-up of the uncovered, naming only the kinds present. */
	buf m = {0};
	if (jp->single)
		buf_printf(&m, "%zu家已有3名以上正式党员却未建立党组织（如%s）", jp->single, buf_cstr(&names));
	if (jp->nunits)
		buf_printf(&m, "%s%zu家有1至2名正式党员", m.len ? "、" : "", jp->nunits);
	if (jp->instructor)
		buf_printf(&m, "%s%zu家还没有正式党员", m.len ? "、" : "", jp->instructor);
	tpl_set(c, "uncovered_makeup", buf_cstr(&m));
	buf_free(&m);
	buf_free(&names);
	size_t need = count_of(fs, "need_single");
	size_t covered = need > jp->single ? need - jp->single : 0;
	tpl_setf(c, "need_single_covered", "%zu", covered);
	tpl_set(c, "coverage_gap", jp->uncovered + covered ? "1" : "");
}

static int work_vars_read(store *s, const work_opts *o, tpl_ctx *c, fg_err *e)
{
	/* What the caller holds for this region, day and moment (o->given: the web server's kept
	 * values), else computed here as the command does. */
	const work_given *g = o->given;
	assert(!g || !g->fs || g->f); /* findings are of the facts they come with */
	facts own_f;
	memset(&own_f, 0, sizeof own_f);
	const facts *f = g && g->f ? g->f : &own_f;
	int rc = g && g->f ? FG_OK : facts_load_kept(s, o->region, o->as_of, FACTS_ALL, &own_f, NULL, e);
	if (rc) {
		facts_free(&own_f);
		return rc;
	}
	findings own_fs = {0};
	const findings *fs = g && g->fs ? g->fs : &own_fs;
	joint_plan jp = {0};
	extras x = {0};
	/* The breakdowns in one pass (the total once); a city's report charts its districts. */
	static const stats_by BY[4] = {STATS_BY_STREET, STATS_BY_ZONE, STATS_BY_COMMUNITY, STATS_BY_DISTRICT};
	stats bd[4];
	memset(bd, 0, sizeof bd);
	stats *by_street = &bd[0], *by_zone = &bd[1], *by_comm = &bd[2], *by_district = &bd[3];
	int city_chart = !f->filter.zone_id && f->filter.region_id <= 1 && store_region_is_city(s);
	rc = stats_from_facts_by(s, f, BY, city_chart ? 4 : 3, bd, e);
	rc = rc || fs != &own_fs ? rc : check_kept(s, f, &own_fs, NULL, e);
	rc = rc ? rc : joint_plan_make(s, f, &jp, e);
	if (rc)
		goto done;

	char d[11];
	date_format(o->as_of, d);
	int y, m, dd;
	date_to_ymd(o->as_of, &y, &m, &dd);
	/* a region named by its path (双峰街道/梧埭社区) reads as one name in a sentence: 双峰街道梧埭社区 */
	buf rname = {0};
	for (const char *q = f->label ? f->label : ""; *q; q++)
		if (*q != '/')
			buf_putc(&rname, *q);
	tpl_set(c, "region", buf_cstr(&rname));
	buf_free(&rname);
	tpl_set(c, "as_of", d);
	tpl_setf(c, "as_of_cn", "%d年%d月%d日", y, m, dd);
	tpl_setf(c, "year", "%d", o->year);
	tpl_setf(c, "prev_year", "%d", o->year - 1);
	tpl_setf(c, "next_year", "%d", o->year + 1);
	metrics_vars(c, &by_street->total);
	/* The same date a year earlier, in the same read as the rest. */
	stats own_prev;
	memset(&own_prev, 0, sizeof own_prev);
	const stats *prev = g && g->prev ? g->prev : &own_prev;
	if (prev == &own_prev)
		rc = stats_compute(s, o->region, date_add_years(o->as_of, -1), STATS_BY_NONE, &own_prev, e);
	if (!rc) {
		compare_vars(c, &prev->total, &by_street->total);
		chart_yoy_vars(c, &prev->total, &by_street->total, y);
	}
	stats_free(&own_prev);
	/* region_district: the district the region lies in (the city for the whole city) */
	char *district = store_region_district_name(s, f->filter.region_id);
	tpl_set(c, "region_district", district);
	rc = rc ? rc : sign_vars(s, c, district, o->as_of, e);
	free(district);
	if (rc)
		goto done;
	if (by_district->ngroups >= 2)
		chart_places_vars(c, by_district, "区县");
	else if (by_street->ngroups >= 2)
		chart_places_vars(c, by_street, "街道");
	else
		chart_places_vars(c, by_comm, "社区");
	party_vars(s, c, f, &by_street->total);
	recog_vars(s, c, f, &by_street->total);
	campaign_vars(c, f, store_region_is_city(s));
	breakdown_vars(c, by_street, "streets", "streets_count");
	breakdown_vars(c, by_comm, "communities", "communities_count");
	zone_kinds zk = {0};
	rc = store_scan_zones(s, on_zone, &zk, e);
	zones_vars(c, by_zone, &zk);
	const char *level = NULL;
	rc = rc ? rc : region_vars(s, c, f, &zk, by_comm, &level, e);
	for (size_t i = 0; i < zk.n; i++)
		free(zk.v[i]);
	free(zk.v);
	strmap_free(&zk.map);
	if (rc)
		goto done;
	tpl_setf(c, "ledger_complete", "%lld", (long long)by_street->total.ledger_complete);

	x.f = f;
	x.year = o->year;
	for (size_t i = 0; i < f->nlinks; i++)
		if (f->links[i].owner > x.max_org)
			x.max_org = f->links[i].owner;
	x.org_in = xcalloc((size_t)x.max_org + 1, 1);
	for (size_t i = 0; i < f->nlinks; i++)
		if (f->ents[f->links[i].ent].operating)
			x.org_in[f->links[i].owner] = 1;
	for (size_t i = 0; i < f->nasgs; i++)
		if (f->asgs[i].owner > x.max_ins)
			x.max_ins = f->asgs[i].owner;
	x.ins_in = xcalloc((size_t)x.max_ins + 1, 1);
	for (size_t i = 0; i < f->nasgs; i++)
		if (f->ents[f->asgs[i].ent].operating)
			x.ins_in[f->asgs[i].owner] = 1;
	/* A city's districts and the places of a city's district in view: the whole city counts its
	 * districts' own bodies (所属街道 names a district) apart; a district of a city names its own and
	 * counts those of its streets, communities and zones, as a single district's territory does. */
	if (strcmp(level, "city") == 0 || (strcmp(level, "district") == 0 && f->filter.region_id > 1))
		rc = store_regions_each(s, strcmp(level, "city") == 0 ? 0 : f->filter.region_id, 0, on_city_place, &x, e);
	/* on_org reads no formal members: the plan's scan of the day, kept in the read moment */
	rc = rc ? rc : store_scan_orgs_units(s, o->as_of, on_org, &x, e);
	/* the join dates count only when there is no development record (below) */
	if (!f->party.any_development)
		rc = rc ? rc : store_scan_member_rows(s, on_member, &x, e);
	rc = rc ? rc : store_scan_instructors(s, on_instructor, &x, e);
	if (rc)
		goto done;
	tpl_setf(c, "leadership_count", "%lld", (long long)x.leaders_n);
	tpl_set(c, "leadership_names", buf_cstr(&x.leaders));
	tpl_setf(c, "area_bodies_count", "%lld", (long long)x.area_bodies);
	tpl_setf(c, "district_bodies_count", "%lld", (long long)x.district_bodies);
	tpl_setf(c, "orgs_with_secretary", "%lld", (long long)x.with_secretary);
	tpl_setf(c, "orgs_with_committee", "%lld", (long long)x.with_committee);
	tpl_setf(c, "instructor_units", "%zu", x.units.count);
	if (f->party.any_development) {
		/* The development records say who was developed; join dates only when there are none. */
		int64_t dual = 0;
		for (size_t i = 0; i < f->party.ndevs; i++)
			dual += f->party.devs[i].in_year && f->party.devs[i].dual;
		tpl_setf(c, "members_joined_year", "%lld", (long long)by_street->total.developed_in_year);
		tpl_set(c, "members_joined_prev", "0");
		tpl_setf(c, "developed_dual", "%lld", (long long)dual);
	} else {
		tpl_setf(c, "members_joined_year", "%lld", (long long)x.joined_year);
		tpl_setf(c, "members_joined_prev", "%lld", (long long)x.joined_prev);
		tpl_set(c, "developed_dual", "0");
	}
	rate_var(c, "members_disclosed_rate", by_street->total.disclosed_rate);
	funding_vars(c, &by_street->total, &x);
	star_makeup_var(c, &f->party);

	findings_vars(c, fs, f);
	plan_vars(s, c, f, fs, &jp);
	tpl_setf(c, "plan_groups", "%zu", jp.r.ngroups);
	tpl_setf(c, "plan_units", "%zu", jp.units_grouped);
	tpl_setf(c, "plan_leftover", "%zu", jp.r.nleftover);
	tpl_setf(c, "plan_candidates", "%zu", jp.nunits);
done:
	free(x.org_in);
	free(x.place_in);
	free(x.ins_in);
	buf_free(&x.leaders);
	buf_free(&x.subsidised);
	strmap_free(&x.units);
	joint_plan_free(&jp);
	findings_free(&own_fs);
	for (size_t i = 0; i < sizeof bd / sizeof bd[0]; i++)
		stats_free(&bd[i]);
	facts_free(&own_f);
	return rc;
}

/* Every figure of the report is read at one moment. */
int work_vars(store *s, const work_opts *o, tpl_ctx *c, fg_err *e)
{
	int rc = store_read_begin(s, e);
	if (rc)
		return rc;
	rc = work_vars_read(s, o, c, e);
	store_read_end(s);
	return rc;
}
