/* Patching facts after writes (facts_patch): prev's facts with what the writes changed read again. */
#include "report/facts.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "report/facts_int.h"
#include "store/finding_store.h"
#include "store/history_query.h"
#include "util/date.h"

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
		int dup = facts_ent_index(f, ids[k]) < 0;
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
 * none of them now (it left the region, or is no longer counted) — but with gone one closed on
 * prev's day, marked at index -1 (facts_members_compact) —, one counted there now was counted by an
 * enterprise not counted again, or one not among prev's members is named by a record
 * of another table (store_member_bare: it has party-work figures a load would read). In a read
 * moment. */
static int members_moved(store *s, const facts *prev, const facts *f, const recount *counts, size_t ncounts,
			 const seen_members *seen, int gone, fact_member **members, party_member **pm, size_t *n)
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
		counted[facts_ent_index(f, counts[k].id)] = 1;
	size_t cap = prev->nmembers + seen->n + 1;
	*members = xmalloc(cap * sizeof **members);
	memcpy(*members, prev->members, prev->nmembers * sizeof **members);
	*pm = xmalloc(cap * sizeof **pm);
	memcpy(*pm, prev->party.members, prev->nmembers * sizeof **pm);
	*n = prev->nmembers;
	int rc = prev->party.nmembers == prev->nmembers ? FG_OK : FACTS_REDO;
	for (size_t k = 0; !rc && k < seen->n; k++) {
		const member_state *ms = &seen->v[k];
		int32_t ei = facts_ent_index(f, ms->employer), i = ms->id >= 0 ? at[ms->id] : -1;
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
		if (counted[prev->members[i].ent] && !hit[i]) {
			if (gone && store_member_closed_on(s, prev->members[i].id, prev->as_of))
				(*members)[i].ent = -1; /* closed (STORE_MEMBER_GONE): members_compact takes it out */
			else
				rc = FACTS_REDO;
		}
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
	int32_t at = facts_ent_index(a->now, ef->id);
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
		int32_t at = facts_ent_index(prev, ids[k]);
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

/* One kind of the party's arrays that a patch reads again (replacing prev's), changes in place,
 * copies or takes from prev. out owns its own (its flag in facts says so) when the patch read it
 * again or changes it, and when prev owned its own: an earlier such patch's, kept over later ones. */
typedef struct owned_array {
	size_t at, n, size; /* offsetof(party, the array), offsetof(party, its length), element size */
	size_t ent;         /* with owned_def.indexes: offsetof(element, ent), its enterprise's index */
} owned_array;
/* owned_array.n of the organisations' index by id (org_at): max_org + 1 elements. */
#define BY_ORG_ID ((size_t)-1)

typedef struct owned_def {
	size_t flag;    /* offsetof(facts, own_…) */
	size_t na;      /* its arrays: 1 or 2 */
	owned_array a[2];
	void *(*copy)(const void *v, size_t n); /* the first array with its texts; NULL: the elements alone */
	void (*drop)(void *v, size_t n);        /* likewise; NULL: free */
	int indexes;    /* names enterprises by index: the array alone prev's own too with prev->own_index */
} owned_def;

/* The copy and drop of owned_def for the party's arrays with texts: party_<kind>_copy and _free. */
#define WITH_TEXTS(kind)                                                                                \
	static void *kind##_copy(const void *v, size_t n) { return party_##kind##_copy(v, n); } \
	static void kind##_drop(void *v, size_t n) { party_##kind##_free(v, n); }
WITH_TEXTS(devs)
WITH_TEXTS(lates)
WITH_TEXTS(camps)
WITH_TEXTS(funding_outs)
WITH_TEXTS(keys)
#undef WITH_TEXTS

enum {
	OWN_HOURS,
	OWN_DUES,
	OWN_SECS,
	OWN_LATES,
	OWN_DEVS,
	OWN_VISITS,
	OWN_CAMPS,
	OWN_TASKS,
	OWN_FOUTS,
	OWN_DESIGS,
	OWN_PARTS,
	OWN_PERSONS,
	OWN_ORG_AT,
	OWN_XMS,
	NOWNED
};

#define ARRAY(v, n) {offsetof(party, v), offsetof(party, n), sizeof *((party *)0)->v, 0}
/* an array naming enterprises by index (the element's ent) */
#define ARRAY_ENT(v, n, type) {offsetof(party, v), offsetof(party, n), sizeof(type), offsetof(type, ent)}
#define NONE {0, 0, 0, 0}
static const owned_def owned_defs[NOWNED] = {
	[OWN_HOURS] = {offsetof(facts, own_hours), 2, {ARRAY(orgs, norgs), ARRAY(members, nmembers)}, NULL, NULL, 0},
	[OWN_DUES] = {offsetof(facts, own_dues), 1, {ARRAY(dues_diffs, ndues_diffs), NONE}, NULL, NULL, 0},
	[OWN_SECS] = {offsetof(facts, own_secs), 1, {ARRAY(secs, nsecs), NONE}, NULL, NULL, 0},
	[OWN_LATES] = {offsetof(facts, own_lates), 1, {ARRAY(lates, nlates), NONE}, lates_copy, lates_drop, 0},
	[OWN_DEVS] = {offsetof(facts, own_devs), 1, {ARRAY_ENT(devs, ndevs, party_dev), NONE}, devs_copy, devs_drop, 1},
	[OWN_VISITS] = {offsetof(facts, own_visits), 2, {ARRAY_ENT(visits, nvisits, party_visit), ARRAY_ENT(asgs, nasgs, party_asg)}, NULL, NULL, 1},
	[OWN_CAMPS] = {offsetof(facts, own_camps), 1, {ARRAY(camps, ncamps), NONE}, camps_copy, camps_drop, 0},
	[OWN_TASKS] = {offsetof(facts, own_tasks), 1, {ARRAY_ENT(tasks, ntasks, party_task), NONE}, NULL, NULL, 1},
	[OWN_FOUTS] = {offsetof(facts, own_fouts), 1, {ARRAY(funding_outs, nfunding_outs), NONE}, funding_outs_copy, funding_outs_drop, 0},
	[OWN_DESIGS] = {offsetof(facts, own_desigs), 1, {ARRAY_ENT(desigs, ndesigs, party_desig), NONE}, NULL, NULL, 1},
	[OWN_PARTS] = {offsetof(facts, own_parts), 1, {ARRAY_ENT(parts, nparts, party_part), NONE}, NULL, NULL, 1},
	[OWN_PERSONS] = {offsetof(facts, own_persons), 1, {ARRAY(person_keys, npersons), NONE}, keys_copy, keys_drop, 0},
	[OWN_ORG_AT] = {offsetof(facts, own_org_at), 1, {{offsetof(party, org_at), BY_ORG_ID, sizeof(int32_t), 0}, NONE}, NULL,
			NULL, 0},
	[OWN_XMS] = {offsetof(facts, own_xms), 1, {ARRAY_ENT(xms, nxms, party_xm), NONE}, NULL, NULL, 1},
};
#undef ARRAY
#undef ARRAY_ENT
#undef NONE

static int *owned_flag(facts *f, const owned_def *d)
{
	return (int *)((char *)f + d->flag);
}

/* p's array a, and its length. */
static void *array_of(const party *p, const owned_array *a, size_t *n)
{
	void *v;
	memcpy(&v, (const char *)p + a->at, sizeof v);
	if (a->n == BY_ORG_ID)
		*n = (size_t)p->max_org + 1;
	else
		memcpy(n, (const char *)p + a->n, sizeof *n);
	return v;
}

static void array_put(party *p, const owned_array *a, void *v, size_t n)
{
	memcpy((char *)p + a->at, &v, sizeof v);
	if (a->n != BY_ORG_ID)
		memcpy((char *)p + a->n, &n, sizeof n);
}

/* out's arrays naming enterprises by index, each index i now to[i]: the facts' own in place, the
 * party's in place where out owns them (read again, copied or taken: its flag), else prev's copied
 * (the elements alone) and mapped. prev NULL: every one out's own (taken from an earlier value). */
static void remap_all(const facts *prev, facts *out, const int32_t *to)
{
	if (prev) {
		out->members = REMAP(prev->members, prev->nmembers, fact_member);
		out->links = REMAP(prev->links, prev->nlinks, fact_link);
		out->asgs = REMAP(prev->asgs, prev->nasgs, fact_link);
	} else {
		REMAP_IN(out->members, out->nmembers, fact_member);
		REMAP_IN(out->links, out->nlinks, fact_link);
		REMAP_IN(out->asgs, out->nasgs, fact_link);
	}
	for (size_t k = 0; k < NOWNED; k++) {
		const owned_def *d = &owned_defs[k];
		if (!d->indexes)
			continue;
		for (size_t j = 0; j < d->na; j++) {
			const owned_array *a = &d->a[j];
			size_t n;
			if (!prev || *owned_flag(out, d)) {
				void *v = array_of(&out->party, a, &n);
				remap_in(v, n, a->size, a->ent, to);
			} else {
				const void *v = array_of(&prev->party, a, &n);
				array_put(&out->party, a, remap_copy(v, n, a->size, a->ent, to), n);
			}
		}
	}
	if (prev)
		out->own_index = 1;
}

/* d's array k of p freed — with its texts, or (texts 0) the array alone — and p's emptied. */
static void array_drop(const owned_def *d, size_t k, party *p, int texts)
{
	size_t n;
	void *v = array_of(p, &d->a[k], &n);
	if (k == 0 && d->drop && texts)
		d->drop(v, n);
	else
		free(v);
	array_put(p, &d->a[k], NULL, 0);
}

/* What the patch does with one kind of array. */
typedef struct owned {
	const owned_def *d;
	int replace;    /* read again: a new array replaces prev's */
	int with;       /* out owns its own */
	int texts_mine; /* prev's own, texts and all, to give */
	int mine;       /* prev's array to give (its texts, if any, with texts_mine alone) */
} owned;

/* The start: replace, the patch reads d's arrays again; changed, it changes them in place. work is
 * the party the patch builds (a copy of prev's); d's arrays copied into it from prev when out owns
 * its own and prev's are not its to give. */
static void owned_start(owned *o, const owned_def *d, int replace, int changed, facts *prev, party *work,
			int take)
{
	int prev_own = *owned_flag(prev, d);
	o->d = d;
	o->replace = replace;
	o->with = replace || changed || prev_own;
	o->texts_mine = take == 2 || (take && prev_own);
	o->mine = o->texts_mine || (take && d->indexes && prev->own_index);
	for (size_t k = 0; o->with && !replace && !o->mine && k < d->na; k++) {
		size_t n;
		const void *v = array_of(&prev->party, &d->a[k], &n);
		void *c;
		if (k == 0 && d->copy) {
			c = d->copy(v, n);
		} else {
			c = xmalloc((n ? n : 1) * d->a[k].size);
			if (n)
				memcpy(c, v, n * d->a[k].size);
		}
		array_put(work, &d->a[k], c, n);
	}
}

/* The patch failed: what it made of d's arrays (read again or copied) freed. */
static void owned_undo(const owned *o, const facts *prev, party *work)
{
	for (size_t k = 0; (o->replace || (o->with && !o->mine)) && k < o->d->na; k++) {
		size_t n, pn;
		if (array_of(work, &o->d->a[k], &n) != array_of(&prev->party, &o->d->a[k], &pn))
			array_drop(o->d, k, work, 1);
	}
}

/* The patch succeeded (out's party is work): out's flag set; prev's arrays read again freed (they
 * would move into out otherwise). */
static void owned_keep(const owned *o, facts *out, facts *prev)
{
	*owned_flag(out, o->d) = o->with;
	for (size_t k = 0; o->replace && o->mine && k < o->d->na; k++)
		array_drop(o->d, k, &prev->party, o->texts_mine);
}

/* prev's arrays given to out: prev names them no more. */
static void owned_given(const owned *o, facts *prev)
{
	if (!o->with || !o->mine)
		return;
	*owned_flag(prev, o->d) = 0;
	for (size_t k = 0; k < o->d->na; k++)
		array_put(&prev->party, &o->d->a[k], NULL, 0);
}

static int patch(store *s, facts *prev, int take, const int64_t *ids, size_t nids, store_fields fields, facts *out,
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
	/* The party's arrays: prev's, or out's own — read again, copied or taken (owned_start). */
	party work = prev->party;
	int reload_dues = (fields & STORE_PARTY_DUES) && !prev->plan_only;
	/* Organisations' fields (STORE_ORG): their links' mode and kind, and with STORE_ORG_LIFE their
	 * calendars (the party's organisations out's own then). */
	int with_orgs = (fields & STORE_ORG) != 0;
	int reload_orgs = (fields & STORE_ORG_LIFE) && !prev->plan_only;
	relink rl, ra; /* the organisations' links, the instructors' assignments */
	memset(&rl, 0, sizeof rl);
	memset(&ra, 0, sizeof ra);
	int with_ins = (fields & STORE_INS_COVER) != 0;
	int reload_secs = (fields & (STORE_PARTY_SEC | STORE_PARTY_TRAINING)) && !prev->plan_only;
	int reload_transfers = (fields & STORE_PARTY_TRANSFER) && !prev->plan_only;
	/* (an instructor's 指导企业: the assignments' quarters read again with the visits) */
	int reload_visits = (fields & (STORE_PARTY_VISITS | STORE_INS_COVER)) != 0;
	int reload_devs = (fields & STORE_PARTY_DEV) && !prev->plan_only;
	int reload_tasks = (fields & STORE_PARTY_TASK) && !prev->plan_only;
	int reload_recog = (fields & STORE_PARTY_RECOG) && !prev->plan_only;
	/* (trainings read the secretaries again too: party_reload_trainings) */
	int reload_trainings = (fields & STORE_PARTY_TRAINING) && !prev->plan_only;
	/* A new organisation: the organisations' index made again (party_orgs_enter), with those
	 * that come into the region's active ones appended to the organisations. */
	/* An organisation closed today that covered enterprises: it leaves them (party_orgs_leave),
	 * the organisations' index made again likewise. */
	int org_closing = (fields & STORE_ORG_CLOSING) && (fields & STORE_ORG_COVER);
	int reload_org_at = (fields & STORE_ORG_NEW || org_closing) && !prev->plan_only;
	/* The cross-match's candidates (STORE_ROSTER): read again whole. */
	int reload_xms = (fields & STORE_ROSTER) && !prev->plan_only;
	/* Enterprises closed (today's facts or later): every record naming them leaves with them
	 * (facts_gone_drop) — the members and dues differences of the others kept (facts_members_left), in new arrays; the campaigns' counts
	 * and the trainees' person keys out's own (facts_camps_gone, facts_gone_drop). */
	int closing = (fields & STORE_ENT_CLOSING) && prev->as_of >= date_today();
	/* Members closed (STORE_MEMBER_GONE): taken out of the members (members_moved, members_compact). */
	int gone_members = (fields & STORE_MEMBER_GONE) && !prev->plan_only;
	int drop_members = (closing || gone_members) && !prev->plan_only;
	party_dues_diff *left_dd = NULL;
	size_t left_ndd = 0;
	/* The organisations and members are changed in place: by the reloads of hours (meetings and
	 * study records), dues, calendars, secretaries and transfers, and by members come or gone.
	 * The other arrays are replaced by their reloads. */
	const int replaced[NOWNED] = {0,	    reload_dues || drop_members,   reload_secs,	 reload_transfers, reload_devs,
				      reload_visits, reload_tasks, reload_tasks, reload_recog,	   reload_recog,
				      reload_trainings, reload_trainings, reload_org_at, reload_xms};
	const int in_place = (fields & (STORE_PARTY_HOURS | STORE_MEMBER_MOVED)) || reload_dues || reload_orgs ||
			     reload_secs || reload_transfers || reload_recog || reload_org_at || drop_members;
	owned own[NOWNED];
	for (int k = 0; k < NOWNED; k++)
		owned_start(&own[k], &owned_defs[k], replaced[k],
			    k == OWN_HOURS ? in_place : (k == OWN_CAMPS || k == OWN_PERSONS) && closing && !prev->plan_only, prev, &work, take);
	int ents_taken = 0, ents_same = 0, orgs_grown = 0;
	int rc = store_read_begin(s, e);
	if (!rc) {
		int64_t max_org, max_ins;
		rc = store_max_ids(s, &now.max_ent, &max_org, &max_ins, e);
		if (!rc && now.max_ent == prev->max_ent && (nids == 0 || !(fields & (STORE_ENT_ANY | STORE_ENT_PLACE)))) {
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
				     : facts_load_ents(s, &now, &members_region, e);
		}
		if (!rc && !facts_patchable(s, prev, 0, ids, nids, fields & ~(store_fields)STORE_ENT_STATUS))
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
			if (to[i] < 0 && !(closing && store_enterprise_closed_on(s, prev->ents[i].id, prev->as_of)) &&
			    !store_enterprise_bare(s, prev->ents[i].id))
				rc = FACTS_REDO;
		}
		moved |= !rc && kept != now.nents;
		for (size_t j = 0; !rc && kept != now.nents && j < now.nents; j++)
			if (facts_ent_index(prev, now.ents[j].id) < 0 && !store_enterprise_bare(s, now.ents[j].id))
				rc = FACTS_REDO;
		if (!rc && closing && kept != prev->nents)
			rc = facts_gone_owners_stay(prev, to);
		if (!rc && closing && kept != prev->nents && !prev->plan_only)
			facts_camps_gone(prev, to, &work);
		/* Organisations' fields: today's facts only (a past day takes each organisation's
		 * version of that day), by prev's enterprises in their places. */
		if (!rc && with_orgs && (prev->as_of < date_today() || moved))
			rc = FACTS_REDO;
		/* Links come or gone (STORE_ORG_COVER): of no organisation that comes into the region or
		 * leaves it (by the enterprises now: an operating one counts its organisations), but for
		 * one that no record names but its links and those read again whole below. */
		if (!rc && with_orgs)
			rc = facts_links_again(s, prev, now.ents, ids, nids, (fields & STORE_ORG_COVER) != 0, 0,
					       prev->plan_only ? STORE_ORG_REREAD : fields & STORE_ORG_REREAD, &rl, e);
		/* Those come in among the party's organisations, with their calendars, before the
		 * records naming them are read again — with a new organisation among the writes (an
		 * existing one come in: found afresh). */
		if (!rc && (rl.nenter || rl.nleave) && !reload_org_at && !prev->plan_only)
			rc = FACTS_REDO;
		if (!rc && reload_org_at) {
			orgs_grown = 1; /* work.orgs grown in place (prev's own when taken) */
			if (party_orgs_enter(s, prev, &work, rl.enter, rl.nenter, e) != FG_OK)
				rc = FACTS_REDO; /* a database error: found afresh, which says what it is */
			else
				party_orgs_leave(&work, rl.leave, rl.nleave);
		}
		if (!rc && reload_orgs && party_reload_orgs(s, prev, &work, rl.owners, rl.nowners, e) != FG_OK)
			rc = FACTS_REDO; /* a database error: found afresh, which says what it is */
		if (!rc && (fields & STORE_PARTY_HOURS) && party_reload_hours(s, prev, &work, e) != FG_OK)
			rc = FACTS_REDO; /* not exact from the totals, or a database error: found afresh */
		/* Dues by prev's members (a member come or gone at the same time: found afresh). */
		if (!rc && reload_dues && ((fields & STORE_MEMBER_MOVED) || drop_members))
			rc = FACTS_REDO;
		if (!rc && reload_dues && party_reload_dues(s, prev, &work, e) != FG_OK)
			rc = FACTS_REDO; /* a database error: found afresh, which says what it is */
		/* Trainees by prev's enterprises in their places (the training figures' parts name them
		 * by index). */
		if (!rc && reload_trainings && moved)
			rc = FACTS_REDO;
		if (!rc && reload_secs &&
		    (reload_trainings ? party_reload_trainings : party_reload_secs)(s, prev, &work, e) != FG_OK)
			rc = FACTS_REDO; /* a database error, or records come or gone: found afresh */
		/* Visits read again by prev's enterprises: only when those are now's, in the same
		 * places and states (no enterprise changed: an assignment counts for an operating one
		 * only, and a visit is placed by its index) — the ids, if any, are then members'
		 * employers or enterprises linked or unlinked. */
		if (!rc && reload_visits && !ents_same)
			rc = FACTS_REDO;
		if (!rc && reload_visits && party_reload_visits(s, prev, &work, e) != FG_OK)
			rc = FACTS_REDO; /* a database error: found afresh, which says what it is */
		/* The records read again whole: transfers, development records, campaigns' tasks,
		 * ratings, funding, designations and venues, and the cross-match's candidates — those
		 * naming enterprises by index (development records, tasks, designations, candidates) by
		 * prev's enterprises in their places. A
		 * database error, or (development records) the ledger come to hold records or to hold
		 * none: found afresh. */
		static const struct {
			store_fields bit;
			int (*fn)(store *s, const facts *f, party *p, fg_err *e);
			int by_index;
		} WHOLE[] = {
			{STORE_PARTY_TRANSFER, party_reload_transfers, 0},
			{STORE_PARTY_DEV, party_reload_devs, 1},
			{STORE_PARTY_TASK, party_reload_tasks, 1},
			{STORE_PARTY_RECOG, party_reload_recog, 1},
			{STORE_ROSTER, party_reload_xms, 1},
		};
		for (size_t k = 0; !rc && !prev->plan_only && k < sizeof WHOLE / sizeof WHOLE[0]; k++)
			if ((fields & WHOLE[k].bit) &&
			    ((WHOLE[k].by_index && moved) || WHOLE[k].fn(s, prev, &work, e) != FG_OK))
				rc = FACTS_REDO;
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
			rc = members_moved(s, prev, &now, counts, ncounts, &seen, gone_members, &new_members, &new_pm, &new_n);
		/* (with_seen refused above when enterprises are gone: they move the indexes) */
		if (!rc && drop_members) {
			if (new_members)
				facts_members_compact(prev, new_members, new_pm, &new_n, &left_dd, &left_ndd);
			else
				facts_members_left(prev, to, &new_members, &new_pm, &new_n, &left_dd, &left_ndd);
			work.dues_diffs = left_dd;
			work.ndues_diffs = left_ndd;
		}
		/* An instructor's 指导企业: today's facts only, by prev's enterprises in their places. */
		if (!rc && with_ins && (prev->as_of < date_today() || moved))
			rc = FACTS_REDO;
		if (!rc && with_ins)
			rc = facts_links_again(s, prev, now.ents, ids, nids, 0, 1, 0, &ra, e);
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
		/* An enterprise in another place of the region (STORE_ENT_PLACE: it was read again
		 * here, so it is still in the region), of the same district: in the same index. Of
		 * another district (a city's: its members and records move with it), found afresh. */
		if (ef->district_id != was->district_id ||
		    (!(fields & STORE_ENT_PLACE) && (ef->street_id != was->street_id ||
						     ef->community_id != was->community_id || ef->zone_id != was->zone_id))) {
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
		int32_t at = facts_ent_index(&now, counts[k].id);
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
		facts_relink_free(&rl);
		facts_relink_free(&ra);
		free(new_members);
		free(new_pm);
		for (int k = 0; k < NOWNED; k++)
			owned_undo(&own[k], prev, &work);
		/* prev's organisations taken and grown (moved by the realloc): prev's again, its own */
		if (orgs_grown && own[OWN_HOURS].mine)
			prev->party.orgs = work.orgs;
		free(to);
		free(now.idx);
		if (!ents_taken)
			free(now.ents);
		return rc;
	}
	if (new_members) {
		/* The party's members out's own (changed in place: copied or taken), replaced. */
		free(work.members);
		work.members = new_pm;
		work.nmembers = new_n;
	}
	*out = *prev;
	out->max_ent = now.max_ent;
	out->ents = now.ents;
	out->nents = now.nents;
	out->own_index = 0;
	out->party = work;
	for (int k = 0; k < NOWNED; k++)
		owned_keep(&own[k], out, prev);
	if (take == 2) {
		/* Everything of prev is out's: its enterprises and index replaced by the new ones,
		 * its arrays of indexes mapped in place when moved; prev left empty. */
		if (!ents_taken)
			free(prev->ents);
		free(prev->idx);
		out->idx = now.idx;
		for (int k = 0; k < NOWNED; k++)
			*owned_flag(out, &owned_defs[k]) = 0;
		if (moved)
			remap_all(NULL, out, to);
		if (moved && closing)
			facts_gone_drop(out, 1);
		memset(prev, 0, sizeof *prev);
		free(to);
		members_put(out, new_members, new_n);
		facts_relink_put(out, &rl);
		facts_relink_put(out, &ra);
		facts_relink_free(&rl);
		facts_relink_free(&ra);
		return FG_OK;
	}
	for (int k = 0; k < NOWNED; k++)
		owned_given(&own[k], prev);
	if (ents_taken)
		prev->ents = NULL;
	if (take && prev->own_index) {
		/* prev's own arrays of indexes are out's now (mapped in place when moved). */
		free(prev->idx);
		prev->own_index = 0;
		out->idx = now.idx;
		out->own_index = 1;
		if (moved)
			remap_all(NULL, out, to);
		if (moved && closing)
			facts_gone_drop(out, out->own_devs);
	} else if (moved || prev->own_index || new_members || with_orgs || with_ins) {
		/* prev's arrays of indexes copied (mapped when moved): prev may go before out. */
		out->idx = now.idx;
		remap_all(prev, out, to);
		if (moved && closing)
			facts_gone_drop(out, out->own_devs);
	} else {
		free(now.idx);
	}
	free(to);
	members_put(out, new_members, new_n);
	facts_relink_put(out, &rl);
	facts_relink_put(out, &ra);
	facts_relink_free(&rl);
	facts_relink_free(&ra);
	return FG_OK;
}

int facts_patch(store *s, const facts *prev, const int64_t *ids, size_t nids, store_fields fields, facts *out, fg_err *e)
{
	return patch(s, (facts *)prev, 0, ids, nids, fields, out, e); /* prev only read */
}

int facts_patch_taking(store *s, facts *prev, int owns_all, const int64_t *ids, size_t nids, store_fields fields,
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
	}
	/* Each owned kind's arrays: out's own (with their texts), or of indexes with own_index (the
	 * arrays alone: their texts, if any, are another value's). */
	for (int k = 0; k < NOWNED; k++) {
		const owned_def *d = &owned_defs[k];
		int own = *owned_flag(f, d);
		for (size_t i = 0; (own || (d->indexes && f->own_index)) && i < d->na; i++)
			array_drop(d, i, &f->party, own);
	}
	memset(f, 0, sizeof *f);
}

int facts_patchable(store *s, const facts *f, int after, const int64_t *ids, size_t n, store_fields fields)
{
	/* Reopened by the writes (STORE_ENT_REOPENING; today's facts or later, read after the writes,
	 * holding it): every record naming it came back into them with it; the organisations covering
	 * it must be where they were among the region's (facts_back_owners_stay: the ids taken as all
	 * come back, the safe side). Not with a 经营状态 changed too. */
	int back = after && (fields & STORE_ENT_REOPENING) && !(fields & STORE_ENT_STATUS) && f->as_of >= date_today();
	if (back && facts_back_owners_stay(f, ids, n) != FG_OK)
		return 0;
	for (size_t k = 0; k < n; k++) {
		if (back && facts_ent_index(f, ids[k]) >= 0 && !store_enterprise_closed_on(s, ids[k], f->as_of))
			continue;
		/* Closed by the writes (STORE_ENT_CLOSING; today's facts or later, and it is closed on
		 * their day): every record naming it leaves the facts with it (facts_patch). */
		if ((fields & STORE_ENT_CLOSING) && f->as_of >= date_today() && store_enterprise_closed_on(s, ids[k], f->as_of))
			continue;
		if ((fields & (STORE_ENT_STATUS | STORE_ENT_CLOSED)) && facts_linked(f, &ids[k], 1))
			return 0;
		/* A closing or reopening ends or revives the enterprise's links (store_closing_links),
		 * not always to what they were, and takes it out of the facts or puts it back: only of
		 * one that nothing else names, even when it is back as it was. */
		if ((fields & STORE_ENT_CLOSED) && !store_enterprise_bare(s, ids[k]))
			return 0;
	}
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
