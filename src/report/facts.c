#include "report/facts.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/settings.h"
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

static int32_t ent_index(const facts *f, int64_t id)
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

static void push_link(fact_link **v, size_t *n, int32_t ent, int64_t owner, const char *mode, const char *kind)
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
static void cover_count(ent_fact *ef, unsigned char mode)
{
	ef->cov_single += mode == MODE_SINGLE;
	ef->cov_joint += mode == MODE_JOINT;
	ef->cov_affiliated += mode == MODE_AFFILIATED;
}

static int add_cover(void *ctx, int64_t ent, int64_t org, const char *mode, const char *kind)
{
	facts *f = ctx;
	int32_t i = ent_index(f, ent);
	if (i < 0)
		return 0;
	push_link(&f->links, &f->nlinks, i, org, mode, kind);
	cover_count(&f->ents[i], f->links[f->nlinks - 1].mode);
	return 0;
}

static int add_asg(void *ctx, int64_t ent, int64_t instructor)
{
	facts *f = ctx;
	int32_t i = ent_index(f, ent);
	if (i < 0)
		return 0;
	f->ents[i].instructors++;
	push_link(&f->asgs, &f->nasgs, i, instructor, NULL, NULL);
	return 0;
}

/* The region's enterprises on f's date into f->ents and f->idx (sized by f->max_ent). On a past
 * date, the enterprises that changed since count as they were, in the place they had: a region's
 * scan also reads those changed elsewhere, and the region is applied here to the place each had.
 * *members_region: the region whose enterprises employ every member these enterprises count
 * (store_scan_members), when none of them changed since f's date; else 0. */
static int load_ents(store *s, facts *f, int64_t *members_region, fg_err *e)
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
	rc = load_ents(s, f, &members_region, e);
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
	unsigned fields = 0;
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

/* The n elements of v (each size bytes) whose int32_t at offset off, an index into the
 * enterprises, is mapped by to (a negative index stays), in place. */
static void remap_in(void *v, size_t n, size_t size, size_t off, const int32_t *to)
{
	char *c = v;
	for (size_t i = 0; c && i < n; i++) {
		int32_t at;
		memcpy(&at, c + i * size + off, sizeof at);
		if (at >= 0) {
			at = to[at];
			memcpy(c + i * size + off, &at, sizeof at);
		}
	}
}

/* A copy of the n elements of v (each size bytes) whose int32_t at offset off, an index into the
 * enterprises, is mapped by to (a negative index stays). */
static void *remap_copy(const void *v, size_t n, size_t size, size_t off, const int32_t *to)
{
	if (!v)
		return NULL;
	char *c = xmalloc((n ? n : 1) * size);
	memcpy(c, v, n * size);
	remap_in(c, n, size, off, to);
	return c;
}

#define REMAP(v, n, type) ((type *)remap_copy((v), (n), sizeof(type), offsetof(type, ent), to))
#define REMAP_IN(v, n, type) remap_in((v), (n), sizeof(type), offsetof(type, ent), to)

/* out's own copies of prev's arrays naming enterprises by index, each index i now to[i]. */
static void remap_all(const facts *prev, facts *out, const int32_t *to)
{
	out->members = REMAP(prev->members, prev->nmembers, fact_member);
	out->links = REMAP(prev->links, prev->nlinks, fact_link);
	out->asgs = REMAP(prev->asgs, prev->nasgs, fact_link);
	party *p = &out->party;
	const party *q = &prev->party;
	if (out->own_devs)
		REMAP_IN(p->devs, p->ndevs, party_dev); /* already out's own (read again, copied or taken) */
	else
		p->devs = REMAP(q->devs, q->ndevs, party_dev);
	p->tasks = REMAP(q->tasks, q->ntasks, party_task);
	p->xms = REMAP(q->xms, q->nxms, party_xm);
	p->desigs = REMAP(q->desigs, q->ndesigs, party_desig);
	if (out->own_visits) {
		/* already out's own (read again, or copied or taken from prev): mapped in place */
		REMAP_IN(p->visits, p->nvisits, party_visit);
		REMAP_IN(p->asgs, p->nasgs, party_asg);
	} else {
		p->visits = REMAP(q->visits, q->nvisits, party_visit);
		p->asgs = REMAP(q->asgs, q->nasgs, party_asg);
	}
	p->parts = REMAP(q->parts, q->nparts, party_part);
	out->own_index = 1;
}

/* out's arrays naming enterprises by index — taken from the earlier value, which owned them —
 * each index i now to[i], in place. */
static void remap_all_in(facts *out, const int32_t *to)
{
	REMAP_IN(out->members, out->nmembers, fact_member);
	REMAP_IN(out->links, out->nlinks, fact_link);
	REMAP_IN(out->asgs, out->nasgs, fact_link);
	party *p = &out->party;
	REMAP_IN(p->devs, p->ndevs, party_dev);
	REMAP_IN(p->tasks, p->ntasks, party_task);
	REMAP_IN(p->xms, p->nxms, party_xm);
	REMAP_IN(p->desigs, p->ndesigs, party_desig);
	REMAP_IN(p->visits, p->nvisits, party_visit);
	REMAP_IN(p->asgs, p->nasgs, party_asg);
	REMAP_IN(p->parts, p->nparts, party_part);
}

/* The members counted again (recount_ents with STORE_MEMBER_MOVED): each one's id, employer and
 * 入党日期 as count_member reads them. */
typedef struct seen_members {
	member_state *v;
	size_t n;
} seen_members;

/* An enterprise's members' counts read again (facts_patch after edits of member records). */
typedef struct recount {
	int64_t id;
	int32_t formal, probationary, mobile, lost, disclosed;
	seen_members *seen; /* NULL: not wanted */
} recount;

static int recount_member(void *ctx, const member_state *ms)
{
	recount *r = ctx;
	if (r->seen) {
		seen_members *sm = r->seen;
		if ((sm->n & (sm->n - 1)) == 0)
			sm->v = xrealloc(sm->v, (sm->n ? sm->n * 2 : 1) * sizeof *sm->v);
		sm->v[sm->n++] = *ms;
	}
	r->mobile += ms->relation == MEMBER_MOBILE;
	r->lost += ms->relation == MEMBER_LOST;
	r->disclosed += ms->disclosed;
	if (ms->formal)
		r->formal++;
	else
		r->probationary++;
	return 0;
}

/* The members' counts of the enterprises ids (n of them, repeats allowed) of f's region, read
 * again as load counts them (count_member): *out, *nout of them (one each); seen: NULL, or the
 * members counted, appended. */
static int recount_ents(store *s, const facts *f, const int64_t *ids, size_t n, recount **out, size_t *nout,
			seen_members *seen, fg_err *e)
{
	*out = xmalloc((n ? n : 1) * sizeof **out);
	*nout = 0;
	int rc = FG_OK;
	for (size_t k = 0; !rc && k < n; k++) {
		int dup = ent_index(f, ids[k]) < 0;
		for (size_t j = 0; !dup && j < *nout; j++)
			dup = (*out)[j].id == ids[k];
		if (dup)
			continue;
		recount *r = &(*out)[(*nout)++];
		memset(r, 0, sizeof *r);
		r->id = ids[k];
		r->seen = seen;
		rc = store_scan_members_at(s, f->as_of, ids[k], recount_member, r, e);
	}
	return rc;
}

/* After members came to the enterprises counted again or left them (STORE_MEMBER_MOVED: a new
 * member, a change of employer; counts, ncounts of them, with the members seen employed there now),
 * prev's list of members with each of those at its employer's index now (f's: prev's enterprises in
 * their places) and a new one appended, its party-work figures party_member_bare's: *members and
 * *pm, new arrays of *n. FACTS_REDO when one of prev's members of those enterprises is counted by
 * none of them now (it left the region, or is no longer counted), one counted there now was
 * counted by an enterprise not counted again, or one not among prev's members is named by a record
 * of another table (store_member_bare: it has party-work figures a load would read). In a read
 * moment. */
static int members_moved(store *s, const facts *prev, const facts *f, const recount *counts, size_t ncounts,
			 const seen_members *seen, fact_member **members, party_member **pm, size_t *n)
{
	int64_t top = 0;
	for (size_t i = 0; i < prev->nmembers; i++)
		top = prev->members[i].id > top ? prev->members[i].id : top;
	for (size_t k = 0; k < seen->n; k++)
		top = seen->v[k].id > top ? seen->v[k].id : top;
	int32_t *at = xmalloc(((size_t)top + 1) * sizeof *at);
	memset(at, 0xff, ((size_t)top + 1) * sizeof *at);
	for (size_t i = 0; i < prev->nmembers; i++)
		if (prev->members[i].id >= 0)
			at[prev->members[i].id] = (int32_t)i;
	unsigned char *counted = xcalloc(f->nents ? f->nents : 1, 1), *hit = xcalloc(prev->nmembers + 1, 1);
	for (size_t k = 0; k < ncounts; k++)
		counted[ent_index(f, counts[k].id)] = 1;
	size_t cap = prev->nmembers + seen->n + 1;
	*members = xmalloc(cap * sizeof **members);
	memcpy(*members, prev->members, prev->nmembers * sizeof **members);
	*pm = xmalloc(cap * sizeof **pm);
	memcpy(*pm, prev->party.members, prev->nmembers * sizeof **pm);
	*n = prev->nmembers;
	int rc = prev->party.nmembers == prev->nmembers ? FG_OK : FACTS_REDO;
	for (size_t k = 0; !rc && k < seen->n; k++) {
		const member_state *ms = &seen->v[k];
		int32_t ei = ent_index(f, ms->employer), i = ms->id >= 0 ? at[ms->id] : -1;
		if (ei < 0 || ms->id > INT32_MAX) {
			rc = FACTS_REDO;
		} else if (i >= 0) {
			if (!counted[prev->members[i].ent])
				rc = FACTS_REDO; /* its earlier employer's counts are prev's */
			(*members)[i].ent = ei;
			(*members)[i].joined = ms->joined;
			hit[i] = 1;
		} else if (!store_member_bare(s, ms->id)) {
			rc = FACTS_REDO;
		} else {
			(*members)[*n] = (fact_member){(int32_t)ms->id, ei, ms->joined};
			(*pm)[(*n)++] = party_member_bare(&prev->party, prev->as_of);
		}
	}
	for (size_t i = 0; !rc && i < prev->nmembers; i++)
		if (counted[prev->members[i].ent] && !hit[i])
			rc = FACTS_REDO;
	free(at);
	free(counted);
	free(hit);
	if (rc) {
		free(*members);
		free(*pm);
		*members = NULL;
		*pm = NULL;
	}
	return rc;
}

/* out's list of members, its own (out->own_index, or all of out's), replaced by members (n of
 * them; NULL: kept). */
static void members_put(facts *out, fact_member *members, size_t n)
{
	if (!members)
		return;
	free(out->members);
	out->members = members;
	out->nmembers = n;
}

/* facts_patch; take: prev is a value nobody else reads and that goes after this call whatever it
 * returns (facts_patch_taking): 1, a facts_patch result — the arrays out would copy from it are
 * moved instead; 2, a value that owns all it holds (facts_load's, or this one's with take 2) —
 * everything is moved, and out owns all (facts_free) as prev did. */
/* The enterprises ids read again into a copy of prev's (today's facts: nothing to place as it was on
 * an earlier day), now's ents and idx then: 1. 0, now as it was, when one of them is not in prev
 * and read now, or in prev and not read now (it came into the region or left it), or the read
 * failed: the caller reads them all (load_ents). */
typedef struct ents_again {
	facts *now;
	unsigned char *seen; /* by index in now->ents */
	int bad;
} ents_again;

static int ent_again(void *ctx, const ent_fact *ef)
{
	ents_again *a = ctx;
	int32_t at = ent_index(a->now, ef->id);
	if (at < 0) {
		a->bad = 1;
		return 1;
	}
	a->now->ents[at] = *ef;
	a->seen[at] = 1;
	return 0;
}

static int ents_by_id(store *s, const facts *prev, const int64_t *ids, size_t nids, facts *now)
{
	ents_again a = {now, xcalloc(prev->nents ? prev->nents : 1, 1), 0};
	now->ents = xmalloc((prev->nents ? prev->nents : 1) * sizeof *now->ents);
	memcpy(now->ents, prev->ents, prev->nents * sizeof *now->ents);
	now->nents = prev->nents;
	memcpy(now->idx, prev->idx, ((size_t)now->max_ent + 1) * sizeof *now->idx);
	fg_err e;
	int ok = store_scan_enterprises_ids(s, &now->filter, now->as_of, ids, nids, ent_again, &a, &e) == FG_OK && !a.bad;
	for (size_t k = 0; ok && k < nids; k++) {
		int32_t at = ent_index(prev, ids[k]);
		ok = at < 0 || a.seen[at]; /* in prev: read again (still in the region) */
	}
	free(a.seen);
	if (!ok) {
		free(now->ents);
		now->ents = NULL;
		now->nents = 0;
		memset(now->idx, 0xff, ((size_t)now->max_ent + 1) * sizeof *now->idx);
	}
	return ok;
}

/* After edits of organisations that leave what each covers as it was (STORE_ORG): the links of the
 * enterprises ids read again — each of prev's links of them with its organisation's mode and kind
 * now (by its place in prev->links), and the organisations owning them. */
typedef struct relink {
	const facts *f;
	fact_link *v; /* read again */
	size_t n;
	size_t *at;   /* upd[k] is prev->links[at[k]] now */
	fact_link *upd;
	size_t nupd;
	int64_t *owners;
	size_t nowners;
} relink;

static int link_again(void *ctx, int64_t ent, int64_t org, const char *mode, const char *kind)
{
	relink *r = ctx;
	int32_t i = ent_index(r->f, ent);
	if (i >= 0)
		push_link(&r->v, &r->n, i, org, mode, kind);
	return 0;
}

static int link_cmp(const void *a, const void *b)
{
	const fact_link *x = a, *y = b;
	return x->ent != y->ent ? (x->ent > y->ent) - (x->ent < y->ent) : (x->owner > y->owner) - (x->owner < y->owner);
}

static int id64_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* relink's reads: FG_OK, FACTS_REDO when the enterprises' links are not prev's ones (another
 * organisation, one more or fewer: a coverage change came too), or FG_EFAIL. In a read moment. */
static int links_again(store *s, const facts *prev, const int64_t *ids, size_t nids, relink *r, fg_err *e)
{
	memset(r, 0, sizeof *r);
	r->f = prev;
	unsigned char *mark = xcalloc(prev->nents ? prev->nents : 1, 1);
	int rc = FG_OK;
	for (size_t k = 0; !rc && k < nids; k++) {
		int32_t i = ent_index(prev, ids[k]);
		if (i < 0 || mark[i])
			continue;
		mark[i] = 1;
		rc = store_scan_coverage_at(s, prev->as_of, ids[k], link_again, r, e);
	}
	if (r->n)
		qsort(r->v, r->n, sizeof *r->v, link_cmp);
	for (size_t k = 0; !rc && k < prev->nlinks; k++) {
		const fact_link *l = &prev->links[k];
		if (!mark[l->ent])
			continue;
		const fact_link *now = r->n ? bsearch(l, r->v, r->n, sizeof *r->v, link_cmp) : NULL;
		if (!now) {
			rc = FACTS_REDO;
			break;
		}
		if ((r->nupd & (r->nupd - 1)) == 0) {
			r->at = xrealloc(r->at, (r->nupd ? r->nupd * 2 : 1) * sizeof *r->at);
			r->upd = xrealloc(r->upd, (r->nupd ? r->nupd * 2 : 1) * sizeof *r->upd);
			r->owners = xrealloc(r->owners, (r->nupd ? r->nupd * 2 : 1) * sizeof *r->owners);
		}
		r->at[r->nupd] = k;
		r->owners[r->nupd] = l->owner;
		r->upd[r->nupd++] = *now;
	}
	if (!rc && r->nupd != r->n)
		rc = FACTS_REDO; /* a link prev has not */
	if (r->nupd)
		qsort(r->owners, r->nupd, sizeof *r->owners, id64_cmp);
	for (size_t k = 0; k < r->nupd; k++)
		if (!k || r->owners[k] != r->owners[r->nowners - 1])
			r->owners[r->nowners++] = r->owners[k];
	free(mark);
	return rc;
}

static void relink_free(relink *r)
{
	free(r->v);
	free(r->at);
	free(r->upd);
	free(r->owners);
}

/* out's links (its own) with r's modes and kinds, and the coverage counts of their enterprises by
 * them. */
static void relink_put(facts *out, const relink *r)
{
	for (size_t k = 0; k < r->nupd; k++) {
		fact_link *l = &out->links[r->at[k]];
		ent_fact *ef = &out->ents[l->ent];
		ef->cov_single = ef->cov_joint = ef->cov_affiliated = 0;
	}
	for (size_t k = 0; k < r->nupd; k++) {
		fact_link *l = &out->links[r->at[k]];
		l->mode = r->upd[k].mode;
		l->kind = r->upd[k].kind;
		cover_count(&out->ents[l->ent], l->mode);
	}
}

static int patch(store *s, facts *prev, int take, const int64_t *ids, size_t nids, unsigned fields, facts *out,
		 fg_err *e)
{
	facts now;
	memset(&now, 0, sizeof now);
	now.as_of = prev->as_of;
	now.filter = prev->filter;
	now.max_ent = prev->max_ent;
	now.idx = xmalloc(((size_t)now.max_ent + 1) * sizeof *now.idx);
	memset(now.idx, 0xff, ((size_t)now.max_ent + 1) * sizeof *now.idx);
	recount *counts = NULL;
	size_t ncounts = 0;
	seen_members seen = {NULL, 0};
	fact_member *new_members = NULL; /* STORE_MEMBER_MOVED: the members' list (members_moved) */
	party_member *new_pm = NULL;
	size_t new_n = 0;
	/* to[i]: where prev's enterprise i is now, -1 gone (closed, say). */
	int32_t *to = xmalloc((prev->nents ? prev->nents : 1) * sizeof *to);
	size_t kept = 0;
	int moved = 0;
	/* The party's organisations and members: copies, the meetings' and study hours read again. */
	party hours = prev->party;
	/* Members come or go (STORE_MEMBER_MOVED): the party's members out's own too. */
	int reload_dues = (fields & STORE_PARTY_DUES) && !prev->plan_only;
	/* Organisations' fields (STORE_ORG): their links' mode and kind, and with STORE_ORG_LIFE their
	 * calendars (the party's organisations out's own then). */
	int with_orgs = (fields & STORE_ORG) != 0;
	int reload_orgs = (fields & STORE_ORG_LIFE) && !prev->plan_only;
	relink rl;
	memset(&rl, 0, sizeof rl);
	int reload_secs = (fields & STORE_PARTY_SEC) && !prev->plan_only;
	int reload_transfers = (fields & STORE_PARTY_TRANSFER) && !prev->plan_only;
	int with_hours = (fields & (STORE_PARTY_HOURS | STORE_MEMBER_MOVED)) || reload_dues || reload_orgs ||
			 reload_secs || reload_transfers || prev->own_hours;
	int hours_taken = take == 2 || (take && prev->own_hours), ents_taken = 0, ents_same = 0;
	if (with_hours && !hours_taken) {
		hours.orgs = xmalloc((hours.norgs ? hours.norgs : 1) * sizeof *hours.orgs);
		memcpy(hours.orgs, prev->party.orgs, hours.norgs * sizeof *hours.orgs);
		hours.members = xmalloc((hours.nmembers ? hours.nmembers : 1) * sizeof *hours.members);
		memcpy(hours.members, prev->party.members, hours.nmembers * sizeof *hours.members);
	}
	/* The members' differing dues months: read again (STORE_PARTY_DUES) into an array of out's
	 * own, or prev's own copy (an earlier dues patch) taken or copied. dues_mine: prev's array is
	 * prev's to give. */
	int with_dues = reload_dues || prev->own_dues;
	int dues_mine = take == 2 || (take && prev->own_dues);
	int dues_new = reload_dues || (with_dues && !dues_mine); /* out's array made here */
	if (with_dues && !reload_dues && !dues_mine) {
		hours.dues_diffs = xmalloc((hours.ndues_diffs ? hours.ndues_diffs : 1) * sizeof *hours.dues_diffs);
		memcpy(hours.dues_diffs, prev->party.dues_diffs, hours.ndues_diffs * sizeof *hours.dues_diffs);
	}
	/* The current secretaries: read again (STORE_PARTY_SEC) into an array of out's own, or prev's
	 * own copy (an earlier such patch) taken or copied. */
	int with_secs = reload_secs || prev->own_secs;
	int secs_mine = take == 2 || (take && prev->own_secs);
	int secs_new = reload_secs || (with_secs && !secs_mine); /* out's array made here */
	if (with_secs && !reload_secs && !secs_mine) {
		hours.secs = xmalloc((hours.nsecs ? hours.nsecs : 1) * sizeof *hours.secs);
		memcpy(hours.secs, prev->party.secs, hours.nsecs * sizeof *hours.secs);
	}
	/* The late transfers: read again (STORE_PARTY_TRANSFER) into an array of out's own (their texts
	 * too), or prev's own (an earlier such patch) taken or copied. */
	int with_lates = reload_transfers || prev->own_lates;
	int lates_mine = take == 2 || (take && prev->own_lates);
	int lates_new = reload_transfers || (with_lates && !lates_mine); /* out's array made here */
	if (with_lates && !reload_transfers && !lates_mine)
		hours.lates = party_lates_copy(prev->party.lates, prev->party.nlates);
	/* The party's visits and assignments' quarters: read again (STORE_PARTY_VISITS) into arrays
	 * of out's own, or prev's own copies (an earlier visits patch) taken or copied. visits_mine:
	 * prev's arrays are prev's to give (the value goes after this call and owns them). */
	party visits = prev->party;
	int reload_visits = (fields & STORE_PARTY_VISITS) != 0;
	int with_visits = reload_visits || prev->own_visits;
	int visits_mine = take == 2 || (take && (prev->own_visits || prev->own_index));
	int visits_new = reload_visits || (with_visits && !visits_mine); /* out's arrays made here */
	if (with_visits && !reload_visits && !visits_mine) {
		visits.visits = xmalloc((visits.nvisits ? visits.nvisits : 1) * sizeof *visits.visits);
		memcpy(visits.visits, prev->party.visits, visits.nvisits * sizeof *visits.visits);
		visits.asgs = xmalloc((visits.nasgs ? visits.nasgs : 1) * sizeof *visits.asgs);
		memcpy(visits.asgs, prev->party.asgs, visits.nasgs * sizeof *visits.asgs);
	}
	if (reload_visits) {
		visits.visits = NULL;
		visits.asgs = NULL;
	}
	/* The development records: read again (STORE_PARTY_DEV) into an array of out's own (their texts
	 * too), or prev's own (an earlier such patch) taken or copied. devs_mine: prev's are prev's to
	 * give. */
	party devs = prev->party;
	int reload_devs = (fields & STORE_PARTY_DEV) && !prev->plan_only;
	int with_devs = reload_devs || prev->own_devs;
	int devs_mine = take == 2 || (take && prev->own_devs);
	if (with_devs && !reload_devs && !devs_mine)
		devs.devs = party_devs_copy(prev->party.devs, prev->party.ndevs);
	int rc = store_read_begin(s, e);
	if (!rc) {
		int64_t max_org, max_ins;
		rc = store_max_ids(s, &now.max_ent, &max_org, &max_ins, e);
		if (!rc && now.max_ent == prev->max_ent && (nids == 0 || !(fields & STORE_ENT_ANY))) {
			/* No enterprise changed (meetings and study records, members' fields): prev's,
			 * copied (or taken). */
			ents_taken = take;
			ents_same = 1;
			if (take) {
				now.ents = prev->ents;
			} else {
				now.ents = xmalloc((prev->nents ? prev->nents : 1) * sizeof *now.ents);
				memcpy(now.ents, prev->ents, prev->nents * sizeof *now.ents);
			}
			now.nents = prev->nents;
			memcpy(now.idx, prev->idx, ((size_t)now.max_ent + 1) * sizeof *now.idx);
		} else if (!rc && now.max_ent == prev->max_ent && prev->as_of >= date_today() &&
			   !(fields & (STORE_ENT_CLOSED | STORE_ENT_CLOSED_BACK)) && ents_by_id(s, prev, ids, nids, &now)) {
			/* Today's, none closed or reopened: prev's with the enterprises ids read again. */
		} else {
			/* A new enterprise (STORE_ENT_NEW) raises the id ceiling: the index grown to it. */
			int64_t members_region; /* the members are not read again here */
			if (!rc && now.max_ent > prev->max_ent && (fields & STORE_ENT_NEW)) {
				now.idx = xrealloc(now.idx, ((size_t)now.max_ent + 1) * sizeof *now.idx);
				memset(now.idx + prev->max_ent + 1, 0xff,
				       (size_t)(now.max_ent - prev->max_ent) * sizeof *now.idx);
			}
			rc = rc			     ? rc
			     : now.max_ent < prev->max_ent ||
					     (now.max_ent > prev->max_ent && !(fields & STORE_ENT_NEW))
				     ? FACTS_REDO
				     : load_ents(s, &now, &members_region, e);
		}
		if (!rc && !facts_patchable(s, prev, ids, nids, fields & ~(unsigned)STORE_ENT_STATUS))
			rc = FACTS_REDO; /* the 经营状态 of a linked enterprise: below, by prev's links */
		if (rc && now.bad_id)
			rc = FACTS_REDO; /* read above the earlier ceiling: found afresh, which says what is wrong */
		/* An enterprise gone (closed) or come back (reopened) moves the others' indexes; it
		 * may, named by nothing — no organisation, instructor, member, party-work record —
		 * whose facts would change with it: its own are then all there is to it. */
		for (size_t i = 0; !rc && i < prev->nents; i++) {
			to[i] = now.idx[prev->ents[i].id];
			kept += to[i] >= 0;
			moved |= to[i] != (int32_t)i;
			if (to[i] < 0 && !store_enterprise_bare(s, prev->ents[i].id))
				rc = FACTS_REDO;
		}
		moved |= !rc && kept != now.nents;
		for (size_t j = 0; !rc && kept != now.nents && j < now.nents; j++)
			if (ent_index(prev, now.ents[j].id) < 0 && !store_enterprise_bare(s, now.ents[j].id))
				rc = FACTS_REDO;
		if (!rc && (fields & STORE_PARTY_HOURS) && party_reload_hours(s, prev, &hours, e) != FG_OK)
			rc = FACTS_REDO; /* not exact from the totals, or a database error: found afresh */
		/* Dues by prev's members (a member come or gone at the same time: found afresh). */
		if (!rc && reload_dues && (fields & STORE_MEMBER_MOVED))
			rc = FACTS_REDO;
		if (!rc && reload_dues && party_reload_dues(s, prev, &hours, e) != FG_OK)
			rc = FACTS_REDO; /* a database error: found afresh, which says what it is */
		if (!rc && reload_secs && party_reload_secs(s, prev, &hours, e) != FG_OK)
			rc = FACTS_REDO; /* a database error, or records come or gone: found afresh */
		if (!rc && reload_transfers && party_reload_transfers(s, prev, &hours, e) != FG_OK)
			rc = FACTS_REDO; /* a database error: found afresh, which says what it is */
		/* Visits read again by prev's enterprises: only when those are now's, in the same
		 * places and states (no enterprise changed: an assignment counts for an operating one
		 * only, and a visit is placed by its index). */
		if (!rc && reload_visits && (nids || !ents_same))
			rc = FACTS_REDO;
		if (!rc && reload_visits && party_reload_visits(s, prev, &visits, e) != FG_OK)
			rc = FACTS_REDO; /* a database error: found afresh, which says what it is */
		/* Development records by prev's enterprises in their places (the records name them by
		 * index). */
		if (!rc && reload_devs && moved)
			rc = FACTS_REDO;
		if (!rc && reload_devs && party_reload_devs(s, prev, &devs, e) != FG_OK)
			rc = FACTS_REDO; /* a database error, or records come or gone: found afresh */
		/* Members' fields that leave each counted where it is (STORE_MEMBER): the counts of
		 * the enterprises employing them read again — on today or later only (a past day's
		 * counts take the members as they stood then: found afresh). Members come to these
		 * enterprises or gone from them (STORE_MEMBER_MOVED): the list of members too, by
		 * prev's enterprises in their places (found afresh when an enterprise left or came
		 * back, or prev has no list: the plan's facts). */
		int with_seen = (fields & STORE_MEMBER_MOVED) != 0;
		if (!rc && with_seen && (moved || prev->plan_only))
			rc = FACTS_REDO;
		if (!rc && (fields & STORE_MEMBER) &&
		    (prev->as_of < date_today() ||
		     recount_ents(s, prev, ids, nids, &counts, &ncounts, with_seen ? &seen : NULL, e) != FG_OK))
			rc = FACTS_REDO;
		if (!rc && with_seen)
			rc = members_moved(s, prev, &now, counts, ncounts, &seen, &new_members, &new_pm, &new_n);
		/* Organisations' fields: today's facts only (a past day takes each organisation's
		 * version of that day), by prev's enterprises in their places. */
		if (!rc && with_orgs && (prev->as_of < date_today() || moved))
			rc = FACTS_REDO;
		if (!rc && with_orgs)
			rc = links_again(s, prev, ids, nids, &rl, e);
		if (!rc && reload_orgs && party_reload_orgs(s, prev, &hours, rl.owners, rl.nowners, e) != FG_OK)
			rc = FACTS_REDO; /* a database error: found afresh, which says what it is */
		store_read_end(s);
	}
	/* An enterprise whose 经营状态 changed and that has a covering organisation or an instructor
	 * (or had one this year: its quarters count) changes which organisations and assignments are
	 * active (report/party.c): found afresh. */
	unsigned char *linked = NULL;
	for (size_t i = 0; !rc && i < prev->nents; i++) {
		if (to[i] < 0)
			continue;
		ent_fact *ef = &now.ents[to[i]];
		const ent_fact *was = &prev->ents[i];
		if (ef->street_id != was->street_id || ef->community_id != was->community_id ||
		    ef->zone_id != was->zone_id || ef->district_id != was->district_id) {
			rc = FACTS_REDO;
			break;
		}
		/* What the members, links and assignments give is as before (no such record changed). */
		ef->formal = was->formal;
		ef->probationary = was->probationary;
		ef->mobile = was->mobile;
		ef->lost = was->lost;
		ef->disclosed = was->disclosed;
		ef->cov_single = was->cov_single;
		ef->cov_joint = was->cov_joint;
		ef->cov_affiliated = was->cov_affiliated;
		ef->instructors = was->instructors;
		if (ef->operating != was->operating) {
			if (!linked) {
				linked = xcalloc(prev->nents ? prev->nents : 1, 1);
				for (size_t k = 0; k < prev->nlinks; k++)
					linked[prev->links[k].ent] = 1;
				for (size_t k = 0; k < prev->nasgs; k++)
					linked[prev->asgs[k].ent] = 1;
				for (size_t k = 0; k < prev->party.nasgs; k++)
					linked[prev->party.asgs[k].ent] = 1;
			}
			if (linked[i])
				rc = FACTS_REDO;
		}
	}
	free(linked);
	/* The members' counts read again: the same members counted (their sum as before: the fields
	 * changed decide none's being counted), some formal, 流动, 失联 or 亮明身份 now. */
	for (size_t k = 0; !rc && k < ncounts; k++) {
		int32_t at = ent_index(&now, counts[k].id);
		if (at < 0) {
			rc = FACTS_REDO;
			break;
		}
		ent_fact *ef = &now.ents[at];
		/* Without members come or gone, the same members counted: the same sum. */
		if (!new_members && ef->formal + ef->probationary != counts[k].formal + counts[k].probationary) {
			rc = FACTS_REDO;
			break;
		}
		ef->formal = counts[k].formal;
		ef->probationary = counts[k].probationary;
		ef->mobile = counts[k].mobile;
		ef->lost = counts[k].lost;
		ef->disclosed = counts[k].disclosed;
	}
	free(counts);
	free(seen.v);
	if (rc) {
		relink_free(&rl);
		free(new_members);
		free(new_pm);
		if (with_hours && !hours_taken) {
			free(hours.orgs);
			free(hours.members);
		}
		if (visits_new) {
			free(visits.visits);
			free(visits.asgs);
		}
		if (dues_new && hours.dues_diffs != prev->party.dues_diffs)
			free(hours.dues_diffs);
		if ((reload_devs || (with_devs && !devs_mine)) && devs.devs != prev->party.devs)
			party_devs_free(devs.devs, devs.ndevs);
		if (secs_new && hours.secs != prev->party.secs)
			free(hours.secs);
		if (lates_new && hours.lates != prev->party.lates)
			party_lates_free(hours.lates, hours.nlates);
		free(to);
		free(now.idx);
		if (!ents_taken)
			free(now.ents);
		return rc;
	}
	if (new_members) {
		/* The party's members out's own (with_hours: copied or taken), replaced. */
		free(hours.members);
		hours.members = new_pm;
		hours.nmembers = new_n;
	}
	*out = *prev;
	out->max_ent = now.max_ent;
	out->ents = now.ents;
	out->nents = now.nents;
	out->own_index = 0;
	out->own_hours = with_hours;
	out->party.orgs = hours.orgs;
	out->party.members = hours.members;
	out->party.nmembers = hours.nmembers;
	out->own_visits = with_visits;
	out->own_dues = with_dues;
	out->party.dues_diffs = hours.dues_diffs;
	out->party.ndues_diffs = hours.ndues_diffs;
	if (reload_dues && dues_mine) {
		/* prev's, replaced: it would move into out otherwise */
		free(prev->party.dues_diffs);
		prev->party.dues_diffs = NULL;
	}
	out->own_secs = with_secs;
	out->party.secs = hours.secs;
	out->party.nsecs = hours.nsecs;
	if (reload_secs && secs_mine) {
		/* prev's, replaced: it would move into out otherwise */
		free(prev->party.secs);
		prev->party.secs = NULL;
	}
	out->own_lates = with_lates;
	out->party.lates = hours.lates;
	out->party.nlates = hours.nlates;
	if (reload_transfers && lates_mine) {
		/* prev's, replaced: they would move into out otherwise */
		party_lates_free(prev->party.lates, prev->party.nlates);
		prev->party.lates = NULL;
		prev->party.nlates = 0;
	}
	out->own_devs = with_devs;
	out->party.devs = devs.devs;
	out->party.ndevs = devs.ndevs;
	if (reload_devs && (devs_mine || (take && prev->own_index))) {
		/* prev's, replaced: they would move into out otherwise — with their texts when prev's
		 * own (or prev owns all), else the array alone (a copy of the texts' owner's) */
		if (devs_mine)
			party_devs_free(prev->party.devs, prev->party.ndevs);
		else
			free(prev->party.devs);
		prev->party.devs = NULL;
		prev->party.ndevs = 0;
	}
	out->party.visits = visits.visits;
	out->party.nvisits = visits.nvisits;
	out->party.asgs = visits.asgs;
	out->party.nasgs = visits.nasgs;
	out->party.any_visit = visits.any_visit;
	if (reload_visits && visits_mine) {
		/* prev's, replaced: they would move into out otherwise */
		free(prev->party.visits);
		free(prev->party.asgs);
		prev->party.visits = NULL;
		prev->party.asgs = NULL;
	}
	if (take == 2) {
		/* Everything of prev is out's: its enterprises and index replaced by the new ones,
		 * its arrays of indexes mapped in place when moved; prev left empty. */
		if (!ents_taken)
			free(prev->ents);
		free(prev->idx);
		out->idx = now.idx;
		out->own_hours = 0;
		out->own_visits = 0;
		out->own_dues = 0;
		out->own_devs = 0;
		out->own_secs = 0;
		out->own_lates = 0;
		if (moved)
			remap_all_in(out, to);
		memset(prev, 0, sizeof *prev);
		free(to);
		members_put(out, new_members, new_n);
		relink_put(out, &rl);
		relink_free(&rl);
		return FG_OK;
	}
	if (hours_taken)
		prev->own_hours = 0;
	if (with_visits && visits_mine)
		prev->own_visits = 0;
	if (with_dues && dues_mine)
		prev->own_dues = 0;
	if (with_secs && secs_mine)
		prev->own_secs = 0;
	if (with_lates && lates_mine) {
		prev->own_lates = 0;
		prev->party.lates = NULL; /* out's now */
		prev->party.nlates = 0;
	}
	if (with_devs && devs_mine) {
		prev->own_devs = 0;
		prev->party.devs = NULL; /* out's now (an array of prev's own indexes no more) */
		prev->party.ndevs = 0;
	}
	if (ents_taken)
		prev->ents = NULL;
	if (take && prev->own_index) {
		/* prev's own arrays of indexes are out's now (mapped in place when moved). */
		free(prev->idx);
		prev->own_index = 0;
		out->idx = now.idx;
		out->own_index = 1;
		if (moved)
			remap_all_in(out, to);
	} else if (moved || prev->own_index || new_members || with_orgs) {
		/* prev's arrays of indexes copied (mapped when moved): prev may go before out. */
		out->idx = now.idx;
		remap_all(prev, out, to);
	} else {
		free(now.idx);
	}
	free(to);
	members_put(out, new_members, new_n);
	relink_put(out, &rl);
	relink_free(&rl);
	return FG_OK;
}

int facts_patch(store *s, const facts *prev, const int64_t *ids, size_t nids, unsigned fields, facts *out, fg_err *e)
{
	return patch(s, (facts *)prev, 0, ids, nids, fields, out, e); /* prev only read */
}

int facts_patch_taking(store *s, facts *prev, int owns_all, const int64_t *ids, size_t nids, unsigned fields,
		       facts *out, fg_err *e)
{
	return patch(s, prev, owns_all ? 2 : 1, ids, nids, fields, out, e);
}

void facts_patch_free(facts *f)
{
	free(f->ents);
	if (f->own_index) {
		free(f->idx);
		free(f->members);
		free(f->links);
		free(f->asgs);
		if (!f->own_devs)
			free(f->party.devs);
		free(f->party.tasks);
		free(f->party.xms);
		free(f->party.desigs);
		free(f->party.parts);
	}
	if (f->own_index || f->own_visits) {
		free(f->party.visits);
		free(f->party.asgs);
	}
	if (f->own_hours) {
		free(f->party.orgs);
		free(f->party.members);
	}
	if (f->own_dues)
		free(f->party.dues_diffs);
	if (f->own_devs)
		party_devs_free(f->party.devs, f->party.ndevs);
	if (f->own_secs)
		free(f->party.secs);
	if (f->own_lates)
		party_lates_free(f->party.lates, f->party.nlates);
	memset(f, 0, sizeof *f);
}

int facts_patchable(store *s, const facts *f, const int64_t *ids, size_t n, unsigned fields)
{
	if ((fields & (STORE_ENT_STATUS | STORE_ENT_CLOSED)) && facts_linked(f, ids, n))
		return 0;
	/* A closing or reopening ends or revives the enterprise's links (store_closing_links), not
	 * always to what they were, and takes it out of the facts or puts it back: only of one that
	 * nothing else names, even when it is back as it was. */
	for (size_t k = 0; (fields & STORE_ENT_CLOSED) && k < n; k++)
		if (!store_enterprise_bare(s, ids[k]))
			return 0;
	return 1;
}

int facts_linked(const facts *f, const int64_t *ids, size_t n)
{
	/* The active links and assignments, then the assignments of the year (party.asgs: one ended
	 * since 1 January counts its quarters — for an operating enterprise only). */
	size_t na = f->nlinks + f->nasgs;
	for (size_t i = 0; i < na + f->party.nasgs; i++) {
		int32_t at = i < f->nlinks ? f->links[i].ent
			     : i < na      ? f->asgs[i - f->nlinks].ent
					   : f->party.asgs[i - na].ent;
		for (size_t k = 0; k < n; k++)
			if (ids[k] == f->ents[at].id)
				return 1;
	}
	return 0;
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
