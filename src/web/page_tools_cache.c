/* The facts of a scope and its statistics, computed once per change of the data (web/cache.h), and
 * the dashboard's charts. The cached value keeps the charts' markup too: drawing them (a few hundred
 * numbers through printf) costs more than the rest of the page, and they change only with the
 * figures. */
#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report/doc.h"
#include "store/finding_store.h"
#include "store/history_query.h"
#include "util/date.h"
#include "web/cache.h"
#include "web/pages.h"

int tools_previous_changes(store *s, const void *prev, int64_t then, int64_t **ents, size_t *nents, store_fields *fields)
{
	if (ents) {
		*ents = NULL;
		*nents = 0;
	}
	if (!prev || then > store_history_last_id(s))
		return STORE_CHANGES_OTHER;
	return store_changes_since(s, then, ents, nents, fields);
}

int tools_previous_holds(store *s, const void *prev, int64_t then)
{
	return tools_previous_changes(s, prev, then, NULL, NULL, NULL) == STORE_CHANGES_NONE;
}

/* The facts of a region on a date, loaded once per change of the data and read by every kept
 * result of that region and date — statistics, findings, the plan, figure sets — instead of each
 * loading its own (at city scale a load is over a second and tens of megabytes). A value kept
 * over a change that cannot touch it is the same value under the next stamp: the holders count
 * its cache values (freed on any thread: atomic). */
typedef struct facts_value facts_value;
struct facts_value {
	facts f;
	facts_value *base; /* facts_patch: the value whose all but ents f shares (held), NULL: owns all */
	atomic_int holders;
};

static void facts_value_free(void *p)
{
	facts_value *v = p;
	if (atomic_fetch_sub(&v->holders, 1) != 1)
		return;
	if (v->base) {
		facts_patch_free(&v->f);
		facts_value_free(v->base);
	} else {
		facts_free(&v->f);
	}
	free(v);
}

static int facts_value_compute(store *s, const char *region, int as_of, int variant, void **out, fg_err *e)
{
	(void)variant;
	int64_t then;
	facts_value *prev = (facts_value *)cache_previous(&then);
	facts_value *v = xcalloc(1, sizeof *v);
	atomic_init(&v->holders, 1);
	if (prev) {
		/* An earlier value that no request reads and no patched value shares goes after this:
		 * what the new one would copy from it is moved instead (not held twice); one that owns
		 * all it holds gives all of it, and the new value owns all in turn (no base). */
		facts_give give = FACTS_GIVE_NONE;
		if (atomic_load(&prev->holders) == 1 && cache_previous_alone())
			give = prev->base ? FACTS_GIVE_OWN : FACTS_GIVE_ALL;
		int rc = facts_since(s, &prev->f, then, give, &v->f, e);
		if (rc == FACTS_SAME) {
			free(v);
			atomic_fetch_add(&prev->holders, 1);
			*out = prev;
			return FG_OK;
		}
		if (rc == FG_OK) {
			cache_note(NOTE_FACTS_PATCHED);
			if (give != FACTS_GIVE_ALL) {
				v->base = prev->base ? prev->base : prev;
				atomic_fetch_add(&v->base->holders, 1);
			}
			*out = v;
			return FG_OK;
		}
		if (rc != FACTS_REDO) {
			free(v);
			return rc;
		}
		/* The earlier facts go before the next are loaded: never two in memory for one key. */
		cache_previous_release();
	}
	/* Loaded — without an earlier value (the server just started) by way of the facts the command
	 * line keeps in the database, when they still hold or can be patched (facts_load_kept; this
	 * connection keeps none itself). After an earlier value they are older than it, most likely:
	 * from the tables. */
	int how = FACTS_REDO;
	int rc = prev ? facts_load(s, region, as_of, &v->f, e) : facts_load_kept(s, region, as_of, FACTS_ALL, &v->f, &how, e);
	if (rc) {
		facts_free(&v->f);
		free(v);
		return rc;
	}
	cache_note(how == FACTS_REDO ? NOTE_FACTS_LOADED : NOTE_FACTS_KEPT);
	*out = v;
	return FG_OK;
}

static const cache_kind FACTS = {facts_value_compute, facts_value_free};

int tools_facts_cached(store *s, const char *region, int as_of, const facts **f, cache_ref **ref, fg_err *e)
{
	*f = NULL;
	*ref = NULL;
	if (as_of != date_today()) {
		/* Another day's facts (findings or a plan on a chosen date) serve the one result asked
		 * for: loaded for it and freed after, not kept beside today's. */
		facts_value *v = xcalloc(1, sizeof *v);
		atomic_init(&v->holders, 1);
		cache_note(NOTE_FACTS_LOADED);
		int rc = facts_load(s, region, as_of, &v->f, e);
		if (rc) {
			facts_value_free(v);
			return rc;
		}
		*f = &v->f;
		return FG_OK;
	}
	const void *p = NULL;
	int rc = cache_get(s, &FACTS, region, as_of, 0, &p, ref, e);
	if (!rc)
		*f = &((const facts_value *)p)->f;
	return rc;
}

void tools_facts_release(const facts *f, cache_ref *ref)
{
	if (ref)
		cache_release(ref);
	else if (f) /* not kept: the facts_value that f begins */
		facts_value_free((facts_value *)(uintptr_t)f);
}

typedef struct stats_value {
	stats st;
	char *charts; /* tools_stats_charts of st */
	atomic_int holders; /* as facts_value's */
} stats_value;

static void stats_copy(stats *dst, const stats *src)
{
	*dst = *src;
	dst->label = xstrdup(src->label ? src->label : "");
	dst->groups = NULL;
	if (src->ngroups) {
		dst->groups = xmalloc(src->ngroups * sizeof *dst->groups);
		for (size_t i = 0; i < src->ngroups; i++) {
			dst->groups[i] = src->groups[i];
			dst->groups[i].name = xstrdup(src->groups[i].name ? src->groups[i].name : "");
		}
	}
}

/* The STATS variant of stats_compute_coverage's figures (tools_coverage_cached), apart from the
 * breakdowns (stats_by). */
enum { STATS_COVERAGE = 0x100 };

static int stats_value_compute(store *s, const char *region, int as_of, int by, void **out, fg_err *e)
{
	int64_t then;
	stats_value *prev = (stats_value *)cache_previous(&then);
	/* Enterprises' numbers and flags changed today leave a past day's figures as they were: that
	 * day's facts take each enterprise's version of that day from the history (the dashboard's
	 * year-earlier comparison); so do closings and reopenings dated today or later (a record is
	 * open on a day before its closing date), not one dated back. */
	store_fields fields = 0;
	int changes = tools_previous_changes(s, prev, then, NULL, NULL, &fields);
	/* Meeting and study records and visits of this year (STORE_PARTY_HOURS, STORE_PARTY_VISITS)
	 * leave a day of an earlier year: its facts read the records of its own year; dues records
	 * (STORE_PARTY_DUES) leave a day before the month after the earliest month written
	 * (store_dues_dated_from): a day reads the months before its own. Members' fields
	 * a past day reads as recorded today (STORE_MEMBER_DATED: 人员类别, 转正日期, 组织关系状态 and its
	 * start) leave it only when it is before the first day they can change
	 * (store_member_dated_from: a 转正日期 of last week leaves the year-earlier day); 是否亮明身份 and
	 * 区外组织关系 leave it (that day's version, or nothing). Organisations' modes and kinds
	 * (STORE_ORG) leave it (that day's version), and so do changes of what they cover
	 * (STORE_ORG_COVER: links added start today, dropped ones end today); their 是否设支委会 and
	 * 党小组数 (STORE_ORG_LIFE) do not: a past day's calendars read them as recorded today. New
	 * enterprises (STORE_ENT_NEW) leave a day before the earliest of their 成立日期
	 * (store_ent_new_dated_from), new organisations (STORE_ORG_NEW) likewise
	 * (store_org_new_dated_from); organisations closed with their links (STORE_ORG_CLOSING) a day
	 * before the earliest closing date (store_org_closed_dated_from; one covering no enterprise
	 * leaves every day). Development, secretary, transfer, campaign, task, rating, funding,
	 * designation, venue, training and trainee records (DATED_RECORDS) leave a day before the
	 * earliest date of those written — a task's, its campaign's start (store_records_dated_from).
	 * Cross-match decisions (STORE_XM_DECIDED) leave it: no figure reads them. The candidates changed
	 * by a roster member's edit (STORE_ROSTER) do not: a past day reads them as they are today. */
	enum {
		DATED_RECORDS = STORE_PARTY_DEV | STORE_PARTY_SEC | STORE_PARTY_TRANSFER | STORE_PARTY_TASK |
				STORE_PARTY_RECOG | STORE_PARTY_TRAINING
	};
	int y, m, d;
	date_to_ymd(date_today(), &y, &m, &d);
	if (changes == STORE_CHANGES_NONE ||
	    (changes == STORE_CHANGES_ENTS && as_of < date_today() && !(fields & STORE_ENT_CLOSED_BACK) &&
	     (!(fields & DATED_RECORDS) || as_of < store_records_dated_from(s, then)) &&
	     (!(fields & STORE_ENT_NEW) || as_of < store_ent_new_dated_from(s, then)) &&
	     (!(fields & STORE_ORG_NEW) || as_of < store_org_new_dated_from(s, then)) &&
	     (!(fields & STORE_ORG_CLOSING) || as_of < store_org_closed_dated_from(s, then)) &&
	     (!(fields & STORE_MEMBER_DATED) || as_of < store_member_dated_from(s, then)) && !(fields & STORE_ORG_LIFE) &&
	     !(fields & STORE_ROSTER) &&
	     (!(fields & (STORE_PARTY_HOURS | STORE_PARTY_VISITS)) || as_of < date_from_ymd(y, 1, 1)) &&
	     (!(fields & STORE_PARTY_DUES) || as_of < store_dues_dated_from(s, then)))) {
		atomic_fetch_add(&prev->holders, 1);
		*out = prev;
		return FG_OK;
	}
	cache_previous_release();
	cache_note(NOTE_STATS_REDONE);
	stats_value *v = xmalloc(sizeof *v);
	atomic_init(&v->holders, 1);
	const facts *f;
	cache_ref *fref;
	memset(&v->st, 0, sizeof v->st);
	int rc;
	if (by == STATS_COVERAGE) {
		/* The dashboard's year-earlier comparison: the coverage figures from a plan's facts,
		 * not kept (about two fifths of a load, the peak of a server holding today's). */
		rc = stats_compute_coverage(s, region, as_of, &v->st, e);
	} else if (as_of != date_today()) {
		/* Another day's figures (the work report's year-earlier comparison): facts loaded for
		 * them alone (figures_only), as `fgdj stats --as-of` computes them, and not kept. */
		rc = stats_compute(s, region, as_of, (stats_by)by, &v->st, e);
	} else if ((rc = tools_facts_cached(s, region, as_of, &f, &fref, e)) == FG_OK) {
		rc = stats_from_facts(s, f, (stats_by)by, &v->st, e);
		tools_facts_release(f, fref);
	}
	if (rc) {
		stats_free(&v->st);
		free(v);
		return rc;
	}
	buf b = {0};
	tools_stats_charts(&b, &v->st);
	v->charts = buf_detach(&b);
	if (!v->charts)
		v->charts = xstrdup("");
	*out = v;
	return FG_OK;
}

static void stats_value_free(void *p)
{
	stats_value *v = p;
	if (atomic_fetch_sub(&v->holders, 1) != 1)
		return;
	stats_free(&v->st);
	free(v->charts);
	free(v);
}

static const cache_kind STATS = {stats_value_compute, stats_value_free};

stats_by tools_stats_breakdown(const auth_user *u)
{
	/* The children of the region in view: a city's districts, a district's streets, a street's
	 * communities. */
	if (u->scope_kind == SCOPE_DISTRICT || u->scope_kind == SCOPE_REGION)
		return stats_by_children(u->scope_level);
	return STATS_BY_NONE;
}

/* doc_chart_svg's markup is written by the report module, which escapes every text it puts in;
 * it is trusted output of ours, the one kind html_raw may take. A width keeps the chart at its
 * natural size (the SVG scales with the viewBox, height following). */
static void put_chart(buf *b, const char *title, size_t n, const char *const *labels, const double *values,
		      double max, const char *unit)
{
	doc d = {0};
	doc_add_chart(&d, title, n, labels, values, max, unit);
	buf svg = {0};
	doc_chart_svg(d.blocks[0].chart, &svg);
	doc_free(&d);
	const char *p = buf_cstr(&svg);
	html_raw(b, "<figure class=\"chart table-wrap\">");
	if (strncmp(p, "<svg ", 5) == 0) {
		html_raw(b, "<svg width=\"640\" ");
		p += 5;
	}
	html_raw(b, p);
	html_raw(b, "</figure>\n");
	buf_free(&svg);
}

void tools_stats_charts(buf *b, const stats *st)
{
	/* Coverage by street or community is drawn beside the cards as linked bars (page_home.c). */
	const metrics *m = &st->total;
	const char *const modes[] = {"单独建", "联合建", "挂靠建"};
	const double counts[] = {(double)m->orgs_single, (double)m->orgs_joint, (double)m->orgs_affiliated};
	put_chart(b, "党组织按组建方式（个）", 3, modes, counts, 0, "");
}

/* The STATS value of (region, as_of, variant): a breakdown, or STATS_COVERAGE. */
static int stats_cached(store *s, const char *region, int as_of, int variant, stats *out, buf *charts, fg_err *ep)
{
	memset(out, 0, sizeof *out);
	int rc = store_read_begin(s, ep);
	if (rc)
		return rc;
	const void *p;
	cache_ref *ref;
	rc = cache_get(s, &STATS, region, as_of, variant, &p, &ref, ep);
	if (!rc) {
		const stats_value *v = p;
		stats_copy(out, &v->st);
		if (charts)
			buf_puts(charts, v->charts);
		cache_release(ref);
	}
	store_read_end(s);
	return rc;
}

int tools_stats_cached(store *s, const char *region, int as_of, stats_by by, stats *out, buf *charts, fg_err *ep)
{
	return stats_cached(s, region, as_of, (int)by, out, charts, ep);
}

int tools_coverage_cached(store *s, const char *region, int as_of, stats *out, fg_err *ep)
{
	return stats_cached(s, region, as_of, STATS_COVERAGE, out, NULL, ep);
}
