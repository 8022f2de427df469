#include "report/facts.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/settings.h"
#include "report/facts_int.h"
#include "store/finding_store.h"
#include "store/history_query.h"
#include "store/kept_store.h"
#include "util/buf.h"
#include "util/date.h"

void facts_rules(store *s, rules_cfg *c)
{
	store_rules(s, c);
}

/* The dense arrays are sized from the id ceiling read first; a row above it can only come from
 * another moment than the ceiling's (the reads share one snapshot, so it never should): it is a
 * database error, never an index. */
static int beyond_ceiling(const facts *f, int64_t id)
{
	return id < 0 || id > f->max_ent;
}

/* The enterprises as they stood on a past date where they differ from today
 * (store_scan_enterprises_then), by id; and whether the region must then be applied here, to the
 * place they had, rather than by the scan to the place they have. */
typedef struct ent_scan {
	facts *f;
	ent_fact *then;
	size_t nthen;
	int32_t *then_at; /* enterprise id → index in then, -1 none; NULL when then is empty */
	int region_here;
} ent_scan;

static int add_then(void *ctx, const ent_fact *ef)
{
	ent_scan *es = ctx;
	if (beyond_ceiling(es->f, ef->id)) {
		es->f->bad_id = ef->id;
		return FG_EFAIL;
	}
	if (!es->then_at) {
		es->then_at = xmalloc(((size_t)es->f->max_ent + 1) * sizeof *es->then_at);
		memset(es->then_at, 0xff, ((size_t)es->f->max_ent + 1) * sizeof *es->then_at);
	}
	if ((es->nthen & (es->nthen - 1)) == 0)
		es->then = xrealloc(es->then, (es->nthen ? es->nthen * 2 : 1) * sizeof *es->then);
	es->then_at[ef->id] = (int32_t)es->nthen;
	es->then[es->nthen++] = *ef;
	return 0;
}

static int add_ent(void *ctx, const ent_fact *now)
{
	ent_scan *es = ctx;
	facts *f = es->f;
	static const size_t chunk = 4096;
	if (beyond_ceiling(f, now->id)) {
		f->bad_id = now->id;
		return FG_EFAIL;
	}
	const ent_fact *ef = es->then_at && es->then_at[now->id] >= 0 ? &es->then[es->then_at[now->id]] : now;
	if (es->region_here && !metrics_ent_in_region(ef, f->filter.region_id, f->filter.zone_id))
		return 0;
	if (f->nents % chunk == 0)
		f->ents = xrealloc(f->ents, (f->nents + chunk) * sizeof *f->ents);
	f->ents[f->nents] = *ef;
	f->idx[ef->id] = (int32_t)f->nents;
	f->nents++;
	return 0;
}

int32_t facts_ent_index(const facts *f, int64_t id)
{
	return beyond_ceiling(f, id) ? -1 : f->idx[id];
}

/* Formal, probationary, 流动 and 失联 members by employer id. */
typedef struct member_counts {
	facts *f;
	int32_t *formal, *probationary, *mobile, *lost, *disclosed;
} member_counts;

static int count_member(void *ctx, const member_state *ms)
{
	member_counts *mc = ctx;
	facts *f = mc->f;
	int64_t employer = ms->employer;
	if (beyond_ceiling(f, employer)) {
		f->bad_id = employer;
		return FG_EFAIL;
	}
	if (f->idx[employer] >= 0 && !f->plan_only) { /* the plan reads the counts alone */
		/* Capacity doubles at 1, 2, 4…: grow when the count reaches one of them. */
		if ((f->nmembers & (f->nmembers - 1)) == 0)
			f->members = xrealloc(f->members, (f->nmembers ? f->nmembers * 2 : 1) * sizeof *f->members);
		f->members[f->nmembers++] = (fact_member){ms->id, f->idx[employer], ms->joined};
	}
	mc->mobile[employer] += ms->relation == MEMBER_MOBILE;
	mc->lost[employer] += ms->relation == MEMBER_LOST;
	mc->disclosed[employer] += ms->disclosed;
	if (ms->formal)
		mc->formal[employer]++;
	else
		mc->probationary[employer]++;
	return 0;
}

void facts_push_link(fact_link **v, size_t *n, int32_t ent, int64_t owner, const char *mode, const char *kind)
{
	/* Capacity doubles at 16, 32, 64…: grow when n reaches one of them. */
	if (*n == 0 || (*n >= 16 && (*n & (*n - 1)) == 0))
		*v = xrealloc(*v, (*n ? *n * 2 : 16) * sizeof **v);
	fact_link *l = &(*v)[(*n)++];
	memset(l, 0, sizeof *l);
	l->ent = ent;
	l->owner = (int32_t)owner; /* an id: far below 2^31 (arrays are kept by id) */
	/* Modes and kinds are short constants (at most 12 bytes): read of their first 15 bytes, as
	 * when the link held a copy of that many. */
	char m[16] = "", k[16] = "";
	if (mode)
		strncat(m, mode, sizeof m - 1);
	if (kind)
		strncat(k, kind, sizeof k - 1);
	l->mode = (unsigned char)metrics_org_mode(m);
	l->kind = (unsigned char)rules_kind_parse(k);
}

/* An enterprise's count of covering organisations by mode, for a link of mode (org_mode). */
void facts_cover_count(ent_fact *ef, unsigned char mode)
{
	ef->cov_single += mode == MODE_SINGLE;
	ef->cov_joint += mode == MODE_JOINT;
	ef->cov_affiliated += mode == MODE_AFFILIATED;
}

static int add_cover(void *ctx, int64_t ent, int64_t org, const char *mode, const char *kind)
{
	facts *f = ctx;
	int32_t i = facts_ent_index(f, ent);
	if (i < 0)
		return 0;
	facts_push_link(&f->links, &f->nlinks, i, org, mode, kind);
	facts_cover_count(&f->ents[i], f->links[f->nlinks - 1].mode);
	return 0;
}

static int add_asg(void *ctx, int64_t ent, int64_t instructor)
{
	facts *f = ctx;
	int32_t i = facts_ent_index(f, ent);
	if (i < 0)
		return 0;
	f->ents[i].instructors++;
	facts_push_link(&f->asgs, &f->nasgs, i, instructor, NULL, NULL);
	return 0;
}

/* The region's enterprises on f's date into f->ents and f->idx (sized by f->max_ent). On a past
 * date, the enterprises that changed since count as they were, in the place they had: a region's
 * scan also reads those changed elsewhere, and the region is applied here to the place each had.
 * *members_region: the region whose enterprises employ every member these enterprises count
 * (store_scan_members), when none of them changed since f's date; else 0. */
int facts_load_ents(store *s, facts *f, int64_t *members_region, fg_err *e)
{
	ent_scan es = {f, NULL, 0, NULL, 0};
	int rc = store_scan_enterprises_then(s, f->as_of, add_then, &es, e);
	es.region_here = es.nthen && !f->filter.org_id && (f->filter.region_id > 1 || f->filter.zone_id);
	rc = rc ? rc : store_scan_enterprises(s, &f->filter, f->as_of, es.region_here, add_ent, &es, e);
	*members_region = !es.nthen && !f->filter.org_id ? f->filter.region_id : 0;
	free(es.then);
	free(es.then_at);
	return rc;
}


static int load(store *s, const char *region, int as_of, facts_mode what, facts *f, fg_err *e);

int facts_load(store *s, const char *region, int as_of, facts *f, fg_err *e)
{
	return load(s, region, as_of, FACTS_ALL, f, e);
}

int facts_load_mode(store *s, const char *region, int as_of, int figures_only, facts *f, fg_err *e)
{
	return load(s, region, as_of, figures_only ? FACTS_FIGURES : FACTS_ALL, f, e);
}

int facts_load_plan(store *s, const char *region, int as_of, facts *f, fg_err *e)
{
	return load(s, region, as_of, FACTS_PLAN, f, e);
}

/* The facts of f's filter on f's date (both set), in the read moment the caller holds. */
static int load_in(store *s, facts_mode what, facts *f, fg_err *e)
{
	facts_rules(s, &f->cfg);
	int64_t max_org, max_ins;
	int rc = store_max_ids(s, &f->max_ent, &max_org, &max_ins, e);
	if (rc)
		return rc;
	f->idx = xmalloc(((size_t)f->max_ent + 1) * sizeof *f->idx);
	memset(f->idx, 0xff, ((size_t)f->max_ent + 1) * sizeof *f->idx);
	/* Members are scanned on this connection, after the enterprises: a second connection would
	 * read another moment (this SQLite has no sqlite3_snapshot_open to share ours). */
	member_counts mc = {f, NULL, NULL, NULL, NULL, NULL};
	mc.formal = xcalloc((size_t)f->max_ent + 1, sizeof *mc.formal);
	mc.probationary = xcalloc((size_t)f->max_ent + 1, sizeof *mc.probationary);
	mc.mobile = xcalloc((size_t)f->max_ent + 1, sizeof *mc.mobile);
	mc.lost = xcalloc((size_t)f->max_ent + 1, sizeof *mc.lost);
	mc.disclosed = xcalloc((size_t)f->max_ent + 1, sizeof *mc.disclosed);
	int64_t members_region = 0;
	rc = facts_load_ents(s, f, &members_region, e);
	rc = rc ? rc : store_scan_members(s, f->as_of, members_region, count_member, &mc, e);
	rc = rc ? rc : store_scan_coverage(s, f->as_of, add_cover, f, e);
	rc = rc ? rc : store_scan_assignments(s, f->as_of, add_asg, f, e);
	if (rc && f->bad_id)
		rc = err_set(e, FG_EFAIL, "数据库错误（读取统计数据）：企业编号 %lld 超出同一次读取的最大编号 %lld",
			     (long long)f->bad_id, (long long)f->max_ent);
	for (size_t i = 0; !rc && i < f->nents; i++) {
		f->ents[i].formal = mc.formal[f->ents[i].id];
		f->ents[i].probationary = mc.probationary[f->ents[i].id];
		f->ents[i].mobile = mc.mobile[f->ents[i].id];
		f->ents[i].lost = mc.lost[f->ents[i].id];
		f->ents[i].disclosed = mc.disclosed[f->ents[i].id];
	}
	free(mc.formal);
	free(mc.probationary);
	free(mc.mobile);
	free(mc.lost);
	free(mc.disclosed);
	if (what != FACTS_PLAN)
		rc = rc ? rc : party_load(s, f, &f->party, e);
	return rc;
}

/* FGDJ_FACTS_BY_DISTRICT=1 (a developer's check, docs/kept_figures.md): the facts of the whole
 * city loaded district by district and merged (facts_merge), as the facts kept by district will
 * be; the tests compare every figure, finding and plan made so with a load's. */
static int by_district(const facts *f)
{
	const char *v = getenv("FGDJ_FACTS_BY_DISTRICT");
	return v && strcmp(v, "1") == 0 && !f->filter.org_id && !f->filter.zone_id && f->filter.region_id <= 1 &&
	       f->filter.region_id >= 0;
}

static int load_merged(store *s, facts_mode what, facts *f, fg_err *e)
{
	int64_t *ids = NULL;
	size_t n = store_districts(s, &ids);
	if (n < 2) {
		free(ids);
		return load_in(s, what, f, e);
	}
	facts *parts = xcalloc(n, sizeof *parts);
	const facts **pp = xmalloc(n * sizeof *pp);
	int rc = FG_OK;
	for (size_t k = 0; !rc && k < n; k++) {
		parts[k].as_of = f->as_of;
		parts[k].figures_only = f->figures_only;
		parts[k].plan_only = f->plan_only;
		parts[k].filter.region_id = ids[k];
		rc = load_in(s, what, &parts[k], e);
		pp[k] = &parts[k];
	}
	if (!rc) {
		facts merged;
		rc = facts_merge(pp, n, &f->filter, f->label, &merged, e);
		if (!rc) {
			facts_free(f);
			*f = merged;
		}
	}
	for (size_t k = 0; k < n; k++)
		facts_free(&parts[k]);
	free(parts);
	free(pp);
	free(ids);
	return rc;
}

/* f empty, for a load of what on as_of. */
static void load_start(facts *f, int as_of, facts_mode what)
{
	memset(f, 0, sizeof *f);
	f->as_of = as_of;
	f->figures_only = what == FACTS_FIGURES;
	f->plan_only = what == FACTS_PLAN;
}

/* The whole load of f's filter (set, with its date and mode): district by district and merged
 * when FGDJ_FACTS_BY_DISTRICT says so. In the caller's read moment. */
static int load_filter(store *s, facts_mode what, facts *f, fg_err *e)
{
	return by_district(f) ? load_merged(s, what, f, e) : load_in(s, what, f, e);
}

static int load(store *s, const char *region, int as_of, facts_mode what, facts *f, fg_err *e)
{
	load_start(f, as_of, what);
	int rc = store_read_begin(s, e);
	if (rc)
		return rc;
	rc = store_region_resolve(s, region, &f->filter, &f->label, e);
	if (!rc)
		rc = load_filter(s, what, f, e);
	store_read_end(s);
	return rc;
}

/* FGDJ_FACTS_KEPT=0: every load from the tables (a benchmark's baseline, a test's reference). */
static int keeping(void)
{
	const char *v = getenv("FGDJ_FACTS_KEPT");
	return !v || strcmp(v, "0") != 0;
}

int facts_kept_for(const facts *f)
{
	return keeping() && !f->filter.org_id && !by_district(f);
}

static int snap_take(void *ctx, const byte_source *src)
{
	return facts_snap_read_from(src, ctx);
}

int facts_since(store *s, facts *prev, int64_t then, facts_give give, facts *out, fg_err *e)
{
	memset(out, 0, sizeof *out);
	int64_t stamp = store_history_last_id(s);
	if (then > stamp)
		return FACTS_REDO;
	int64_t *ids = NULL;
	size_t nids = 0;
	store_fields fields = 0;
	int changes = then == stamp ? STORE_CHANGES_NONE : store_changes_since(s, then, &ids, &nids, &fields);
	int rc = FACTS_REDO;
	if (changes == STORE_CHANGES_NONE)
		rc = FACTS_SAME;
	else if (changes == STORE_CHANGES_ENTS && prev->as_of == date_today())
		/* Enterprises' numbers and flags, closings of enterprises nothing else names, this
		 * year's meetings, study and visits: prev with those read again. Today's facts only. */
		rc = give == FACTS_GIVE_NONE
			     ? facts_patch(s, prev, ids, nids, fields, out, e)
			     : facts_patch_taking(s, prev, give == FACTS_GIVE_ALL, ids, nids, fields, out, e);
	free(ids);
	return rc;
}

int facts_load_kept(store *s, const char *region, int as_of, facts_mode mode, facts *f, int *how, fg_err *e)
{
	int how_ = FACTS_REDO;
	how = how ? how : &how_;
	*how = FACTS_REDO;
	facts_mode what = mode;
	load_start(f, as_of, what);
	buf data = {0}; /* the bytes to keep */
	facts kept;
	memset(&kept, 0, sizeof kept);
	int rc = store_read_begin(s, e);
	if (rc)
		return rc;
	rc = store_region_resolve(s, region, &f->filter, &f->label, e);
	if (rc)
		goto done;
	int64_t stamp = store_history_last_id(s), then = 0;
	/* An organisation's scope is not kept (a secretary's: the web's); nor a load district by
	 * district (a developer's check); nor one at a moment without a stamp (PostgreSQL while
	 * another writer is open: store_stamp_sql). */
	int keep = stamp >= 0 && facts_kept_for(f);
	int wanted = keep && store_facts_kept_wanted(s);
	int got = keep && store_facts_kept_get(s, &f->filter, as_of, (int)mode, &then, snap_take, &kept) == 0;
	if (got && !(kept.as_of == as_of && kept.figures_only == f->figures_only && kept.plan_only == f->plan_only &&
		     memcmp(&kept.filter, &f->filter, sizeof kept.filter) == 0)) {
		facts_free(&kept); /* another day's, kind's or region's: not these */
		got = 0;
	}
	if (got) {
		facts out;
		int pr = facts_since(s, &kept, then, FACTS_GIVE_ALL, &out, e);
		if (pr == FACTS_SAME || pr == FG_OK)
			*how = pr;
		if (pr == FACTS_SAME) {
			/* As they were, the stamp raised. */
			kept.label = f->label;
			*f = kept;
			if (wanted && then != stamp)
				store_facts_kept_later(s, &f->filter, as_of, (int)mode, stamp, NULL);
			goto done;
		}
		facts_free(&kept);
		if (pr == FG_OK) {
			out.label = f->label;
			*f = out;
			/* Kept again only once many writes lie between: writing them out costs more
			 * than patching them (a province: ≈ 2.9 s against ≈ 1 s), and the patch's work
			 * grows with the writes. */
			if (stamp - then >= FACTS_KEPT_REBASE)
				goto keep_it;
			goto done;
		}
		if (pr != FACTS_REDO) {
			rc = pr;
			goto done;
		}
	}
	rc = load_filter(s, what, f, e);
keep_it:
	if (!rc && wanted) {
		store_facts_kept_start(&data);
		facts_snap_write(f, &data);
		store_facts_kept_later(s, &f->filter, as_of, (int)mode, stamp, &data);
	}
done:
	buf_free(&data);
	store_read_end(s);
	return rc;
}

void facts_free(facts *f)
{
	free(f->label);
	free(f->ents);
	free(f->idx);
	free(f->links);
	free(f->asgs);
	free(f->members);
	party_free(&f->party);
	memset(f, 0, sizeof *f);
}
