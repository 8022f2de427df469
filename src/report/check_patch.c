/* check_patch (report/check.h): the findings after a few writes, found again for what the writes
 * touched and kept for the rest, instead of check_run over the whole region. Its steps use
 * check_run's own rules (check.c, through check_int.h), so a patched finding is made by the same
 * code as a found one. */
#include "report/check.h"
#include "report/check_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report/facts.h"
#include "store/crossmatch_store.h"
#include "store/party_scan.h"
#include "util/date.h"

typedef check_ctx ctx;

/* The members employed by the enterprises a patch names: ids (sorted), and their organisations. */
typedef struct employed_list {
	int64_t *ids, *orgs;
	size_t n, norgs;
} employed_list;

/* x appended to v (n of them; room doubling at 1, 2, 4…). */
static void push_id(int64_t **v, size_t *n, int64_t x)
{
	if ((*n & (*n - 1)) == 0)
		*v = xrealloc(*v, (*n ? *n * 2 : 1) * sizeof **v);
	(*v)[(*n)++] = x;
}

static int on_employed(void *p, int64_t id, int64_t org)
{
	employed_list *l = p;
	push_id(&l->ids, &l->n, id);
	if (org > 0)
		push_id(&l->orgs, &l->norgs, org);
	return 0;
}

static int hire_cmp(const void *a, const void *b)
{
	const struct first_hire *x = a, *y = b;
	return (x->member > y->member) - (x->member < y->member);
}

/* Enterprises or organisations moved: a finding about a member is placed by its employer, else by
 * its organisation. */
#define PLACES_MOVED (STORE_ENT_PLACE | STORE_ORG_PLACE)
/* Members come to the enterprises or gone from them (STORE_MEMBER_MOVED: a new member, a change of
 * employer), or placed elsewhere (PLACES_MOVED): those members' findings found again
 * (members_moved). */
#define MEMBERS_PLACED (STORE_MEMBER_MOVED | PLACES_MOVED)

/* members_patch's part after MEMBERS_PLACED: a finding about a member (l's, employed there or held
 * there without an employer now) is placed by its employer, else by its organisation — the study
 * and dues findings of l's members found again (prev's marked in drop; those of a member no longer
 * in the region found no more), FACTS_REDO when prev has another one about one of them (a transfer,
 * a development record, a cross-match: not found here), but with whole, when check_patch finds
 * those three rules again whole. */
static int members_moved(ctx *c, const findings *prev, const employed_list *l, int whole, unsigned char *drop)
{
	if (!l->n)
		return FG_OK; /* none employed there (check_party_members would take every member) */
	for (size_t i = 0; i < prev->n; i++) {
		const finding *x = &prev->v[i];
		int64_t id = x->id;
		if (x->kind != FK_MEMBER || !bsearch(&id, l->ids, l->n, sizeof *l->ids, check_id_cmp))
			continue;
		if (x->rule == &CHECK_RULES[R_STUDY_SHORT] || x->rule == &CHECK_RULES[R_DUES_DIFFERS] ||
		    x->rule == &CHECK_RULES[R_DUES_6_MONTHS])
			drop[i] = 1;
		else if (x->rule != &CHECK_RULES[R_POCKET] && x->rule != &CHECK_RULES[R_LOST_CONTACT] &&
			 !(whole && (x->rule == &CHECK_RULES[R_TRANSFER_PENDING] || x->rule == &CHECK_RULES[R_DEV_VIOLATION] ||
				     x->rule == &CHECK_RULES[R_CROSSMATCH_CONFIRMED])))
			return FACTS_REDO;
	}
	check_party_members(c, l->ids, l->n);
	return FG_OK;
}

/* The organisations covering the enterprises ids (sorted, n of them) appended to *orgs (norgs of
 * them), the list sorted (repeats left: a reader skips them). */
static void orgs_covering(const ctx *c, const int64_t *ids, size_t n, int64_t **orgs, size_t *norgs)
{
	for (size_t i = 0; i < c->f->nlinks; i++) {
		int64_t ent = c->f->ents[c->f->links[i].ent].id;
		if (bsearch(&ent, ids, n, sizeof *ids, check_id_cmp))
			push_id(orgs, norgs, c->f->links[i].owner);
	}
	/* None (an enterprise no organisation covers, its members lodged nowhere): qsort and bsearch
	 * take no null array, even of none. */
	if (*norgs)
		qsort(*orgs, *norgs, sizeof **orgs, check_id_cmp);
}

/* The findings of the organisations covering the enterprises ids (sorted, n of them), with those
 * of *orgs (norgs of them; the list is grown and sorted), found again for each (check_on_org); prev's of
 * these subjects marked in drop: after their formal members changed (members_patch) or their own
 * fields did (STORE_ORG). In a read moment. */
static int orgs_patch(ctx *c, const findings *prev, const int64_t *ids, size_t n, int64_t **orgs, size_t *norgs,
		      unsigned char *drop, fg_err *e)
{
	orgs_covering(c, ids, n, orgs, norgs);
	for (size_t i = 0; *norgs && i < prev->n; i++) {
		int64_t id = prev->v[i].id;
		if (prev->v[i].kind == FK_ORG && bsearch(&id, *orgs, *norgs, sizeof **orgs, check_id_cmp))
			drop[i] = 1;
	}
	/* (kept for party_secs_patch, which leaves these alone) */
	free(c->redone);
	c->redone = xmalloc((*norgs ? *norgs : 1) * sizeof *c->redone);
	if (*norgs)
		memcpy(c->redone, *orgs, *norgs * sizeof *c->redone);
	c->nredone = *norgs;
	return store_scan_orgs_in(c->s, c->f->as_of, *orgs, *norgs, check_on_org, c, e);
}

/* check_patch's step after an organisation's closing or reopening (STORE_ORG_CLOSING): the findings
 * of an organisation closed on the day are none (check_on_org runs for the open ones); prev's of
 * those marked in drop. One reopened is found again with those covering no enterprise
 * (store_orgs_unlinked). In a read moment. */
static int orgs_closed_drop(const ctx *c, const findings *prev, unsigned char *drop, fg_err *e)
{
	int64_t *closed;
	size_t n;
	int rc = store_orgs_closed(c->s, c->f->as_of, &closed, &n, e);
	for (size_t i = 0; !rc && n && i < prev->n; i++) {
		int64_t id = prev->v[i].id;
		if (prev->v[i].kind == FK_ORG && bsearch(&id, closed, n, sizeof *closed, check_id_cmp))
			drop[i] = 1;
	}
	free(closed);
	return rc;
}

/* check_patch's step after a change of what an organisation covers (STORE_ORG_COVER), in a region
 * narrower than the district: an organisation that covered an enterprise of the region and covers
 * none of them now has no findings there (check_on_org runs for the organisations covering one,
 * c->org_in_region); prev's of those marked in drop. One that came into the region is found by
 * orgs_patch through the enterprises it covers now. */
static void orgs_left(const ctx *c, const findings *prev, unsigned char *drop)
{
	for (size_t i = 0; c->org_in_region && i < prev->n; i++) {
		int64_t id = prev->v[i].id;
		if (prev->v[i].kind == FK_ORG && (id < 0 || id > c->max_org || !c->org_in_region[id]))
			drop[i] = 1;
	}
}

/* check_patch's step after edits of member records (STORE_MEMBER): the findings of the members the
 * enterprises ids (sorted, n of them) employ — pocket_member and lost_contact, found again for
 * each (check_on_member) — and with STORE_MEMBER_FORMAL those of the organisations covering the
 * enterprises or holding those members' relations (check_on_org: the formal members they count or
 * employ changed), found again for each; prev's of these subjects marked in drop. The enterprise
 * rules of ids are found again by check_patch itself (their formal members). With by
 * STORE_MEMBERS_HELD, ids are organisations and the members those they hold without an employer
 * (after the organisations moved, STORE_ORG_PLACE: the findings about those members are placed by
 * them). In a read moment. */
static int members_patch(ctx *c, const findings *prev, store_members_of by, const int64_t *ids, size_t n,
			 store_fields fields, unsigned char *drop, fg_err *e)
{
	/* A past day's members and organisations as they stood then: found afresh. */
	if (c->f->as_of < date_today())
		return FACTS_REDO;
	employed_list l = {0};
	int rc = FG_OK;
	for (size_t k = 0; !rc && k < n; k++)
		if (!k || ids[k] != ids[k - 1])
			rc = store_members_at(c->s, by, ids[k], on_employed, &l, e);
	if (l.n)
		qsort(l.ids, l.n, sizeof *l.ids, check_id_cmp);
	/* (enterprises closed, STORE_ENT_CLOSING: the organisations that covered one, with those of
	 * its members, found again) */
	for (size_t k = 0; !rc && (fields & STORE_ENT_CLOSING) && by == STORE_MEMBERS_EMPLOYED && k < n; k++) {
		int64_t *o;
		size_t no;
		if ((ids[k] > 0 && ids[k] <= c->f->max_ent && c->f->idx[ids[k]] >= 0) || (k && ids[k] == ids[k - 1]))
			continue; /* in the region now: not closed */
		rc = store_ent_orgs(c->s, ids[k], &o, &no, e);
		for (size_t j = 0; j < no; j++)
			push_id(&l.orgs, &l.norgs, o[j]);
		free(o);
	}
	if (!rc && (fields & MEMBERS_PLACED))
		rc = members_moved(c, prev, &l, (fields & PLACES_MOVED) != 0, drop);
	static const int MEMBER_RULES[] = {R_POCKET, R_LOST_CONTACT};
	for (size_t r = 0; !rc && r < sizeof MEMBER_RULES / sizeof MEMBER_RULES[0]; r++) {
		size_t from, to;
		findings_range(prev, &CHECK_RULES[MEMBER_RULES[r]], &from, &to);
		for (size_t i = from; l.n && i < to; i++) {
			int64_t id = prev->v[i].id;
			if (prev->v[i].kind == FK_MEMBER && bsearch(&id, l.ids, l.n, sizeof *l.ids, check_id_cmp))
				drop[i] = 1;
		}
	}
	/* The earliest 入职日期 of those without an organisation (check_on_member's first_hire: none
	 * of those an organisation holds), then their findings. */
	for (size_t k = 0; !rc && by == STORE_MEMBERS_EMPLOYED && k < n; k++)
		if (!k || ids[k] != ids[k - 1])
			rc = store_scan_member_first_hire_at(c->s, ids[k], check_on_first_hire, c, e);
	if (c->nhires)
		qsort(c->hires, c->nhires, sizeof *c->hires, hire_cmp);
	for (size_t k = 0; !rc && k < n; k++)
		if (!k || ids[k] != ids[k - 1])
			rc = store_scan_member_flags_at(c->s, by, ids[k], check_on_member, c, e);
	/* The organisations holding the relations, and those covering the enterprises. */
	if (!rc && by == STORE_MEMBERS_EMPLOYED && (fields & STORE_MEMBER_FORMAL))
		rc = orgs_patch(c, prev, ids, n, &l.orgs, &l.norgs, drop, e);
	free(l.ids);
	free(l.orgs);
	return rc;
}

/* 1 when f's region is the whole database (a district's, or a city's: region 0 or its root): no move
 * takes an enterprise out of it. A city's district (a move to another district's street), a street,
 * community or zone may gain or lose an enterprise by a move, and with it the organisations covering
 * it, whose rules run there (check_orgs_in_region): found afresh. (No region holds an organisation by
 * where it is: an organisation moved is patched in any.) */
static int region_keeps_moves(const facts *f)
{
	return !f->filter.org_id && !f->filter.zone_id && f->filter.region_id <= 1;
}

int check_patch(store *s, const facts *f, const findings *prev, const int64_t *ents, size_t nents, store_fields fields,
		findings *out, fg_err *e)
{
	memset(out, 0, sizeof *out);
	int64_t *ids = xmalloc((nents ? nents : 1) * sizeof *ids);
	if (nents)
		memcpy(ids, ents, nents * sizeof *ids);
	qsort(ids, nents, sizeof *ids, check_id_cmp);
	/* An enterprise with a covering organisation or an instructor whose 经营状态 may have changed,
	 * or one closed or reopened that another record names, changes findings of other subjects;
	 * so does one of an instructor's quarters in prev (an assignment ended this year counts for an
	 * operating enterprise only: f, read after the change, may no longer hold it). */
	/* Dues with a member come or gone (members_moved finds the dues of those members again):
	 * found afresh, as the facts are. */
	/* Organisations' fields: today's findings only (a past day takes each organisation's version
	 * of that day). */
	/* Members come, gone or placed elsewhere with meetings or study records (their study findings
	 * found again by members_moved and by party_hours_patch both): found afresh. */
	/* Enterprises closed (STORE_ENT_CLOSING: today's or later): their members gone from the region,
	 * as members come or gone are — the findings about them found again (members_patch) — and the
	 * organisations that covered them found again with those holding their members' relations; their
	 * instructors' assignments, campaign tasks, development records and confirmed cross-match
	 * candidates gone with them, as when those changed (party_visits_patch, party_tasks_patch,
	 * party_devs_patch, check_confirmed_patch). Enterprises reopened (STORE_ENT_REOPENING: f holds
	 * them with every record naming them), the other way round: their members come into the region,
	 * the organisations covering them found again with them, those records' findings whole. */
	if ((fields & (STORE_ENT_CLOSING | STORE_ENT_REOPENING)) && f->as_of >= date_today())
		fields |= STORE_MEMBER | STORE_MEMBER_FORMAL | STORE_MEMBER_MOVED | STORE_PARTY_VISITS | STORE_PARTY_TASK |
			  STORE_PARTY_DEV | STORE_XM_DECIDED;
	int redo = ((fields & STORE_PARTY_DUES) && (fields & MEMBERS_PLACED)) ||
		   ((fields & MEMBERS_PLACED) && (fields & STORE_PARTY_HOURS)) ||
		   ((fields & STORE_ENT_PLACE) && !region_keeps_moves(f)) ||
		   ((fields & STORE_ORG) && f->as_of < date_today()) ||
		   /* an organisation covering no enterprise, with members' formal counts (members_patch
		    * finds the organisations of their members, orgs_patch is not run) */
		   ((fields & STORE_ORG_UNLINKED) && (fields & STORE_MEMBER) && (fields & STORE_MEMBER_FORMAL)) ||
		   /* secretaries (their study findings compared by party_hours_patch): with members come or
		    * gone (members_moved finds their study findings again) or organisations' calendars
		    * changed (check_on_org finds their 组织生活 again), those twice */
		   ((fields & (STORE_PARTY_SEC | STORE_PARTY_TRAINING)) && (fields & (MEMBERS_PLACED | STORE_ORG_LIFE)));
	int rc = redo ? FACTS_REDO : store_read_begin(s, e);
	if (rc == FACTS_REDO) {
		free(ids);
		return rc;
	}
	if (rc || !facts_patchable(s, f, 1, ids, nents, fields) || ((fields & STORE_ENT_STATUS) && visits_named(prev, ids, nents))) {
		if (!rc)
			store_read_end(s);
		free(ids);
		return rc ? rc : FACTS_REDO;
	}
	store_read_end(s);
	findings add_fs;
	memset(&add_fs, 0, sizeof add_fs);
	add_fs.block_min = 1024; /* a few texts: one small block of its own */
	ctx c = check_ctx_of(s, f, &add_fs, 0);
	if (fields & (STORE_MEMBER | STORE_ORG | STORE_PARTY_SEC | STORE_PARTY_RECOG | STORE_ENT_NAME | STORE_ENT_PLACE))
		check_orgs_in_region(&c);
	unsigned char *drop = xcalloc(prev->n ? prev->n : 1, 1);
	rc = store_read_begin(s, e);
	rc = rc ? rc : store_subjects_open(s, 0, &c.names, e);
	for (size_t i = 0; !rc && i < nents; i++) {
		if (i && ids[i] == ids[i - 1])
			continue;
		int32_t at = ids[i] > 0 && ids[i] <= f->max_ent ? f->idx[ids[i]] : -1;
		if (at >= 0)
			check_enterprise(&c, &f->ents[at]);
	}
	/* Members' and organisations' fields first: the organisations whose findings they find again
	 * (c->redone), 组织生活 included, are left alone by party_hours_patch and party_secs_patch. */
	/* (an enterprise renamed: its members' findings name it, 工作单位; moved: they are placed by it) */
	if (!rc && (fields & (STORE_MEMBER | STORE_ENT_NAME | STORE_ENT_PLACE)))
		rc = members_patch(&c, prev, STORE_MEMBERS_EMPLOYED, ids, nents, fields, drop, e);
	/* Organisations' fields: theirs found again — by members_patch already with
	 * STORE_MEMBER_FORMAL (the same organisations and more). */
	int64_t *orgs = NULL;
	size_t norgs = 0;
	/* (one covering no enterprise: every such organisation's, with those covering ids) */
	if (!rc && (fields & STORE_ORG_UNLINKED)) {
		int64_t *un;
		size_t nun;
		rc = store_orgs_unlinked(s, f->as_of, &un, &nun, e);
		for (size_t k = 0; k < nun; k++)
			push_id(&orgs, &norgs, un[k]);
		free(un);
	}
	/* (one closed or reopened, STORE_ORG_CLOSING: a closed organisation has no findings) */
	if (!rc && (fields & STORE_ORG_CLOSING))
		rc = orgs_closed_drop(&c, prev, drop, e);
	if (!rc && (fields & STORE_ORG) && !((fields & STORE_MEMBER) && (fields & STORE_MEMBER_FORMAL)))
		rc = orgs_patch(&c, prev, ids, nents, &orgs, &norgs, drop, e);
	else if (!rc && (fields & STORE_ORG_PLACE))
		orgs_covering(&c, ids, nents, &orgs, &norgs);
	/* Organisations moved (those covering ids): the findings about the members they hold without
	 * an employer, placed by them, found again (their transfers', development records' and
	 * cross-match's below, whole). */
	if (!rc && (fields & STORE_ORG_PLACE))
		rc = members_patch(&c, prev, STORE_MEMBERS_HELD, orgs, norgs, STORE_ORG_PLACE, drop, e);
	free(orgs);
	if (!rc && (fields & STORE_ORG_COVER))
		orgs_left(&c, prev, drop);
	/* (the hours from training, a secretary's study hours required — by the study findings' whole
	 * detail: the hours are the same — the study findings found again too) */
	if (!rc && (fields & (STORE_PARTY_HOURS | STORE_PARTY_SEC | STORE_PARTY_TRAINING)))
		rc = party_hours_patch(&c, prev, drop, (fields & STORE_PARTY_SEC) != 0);
	/* (an instructor's 指导企业, STORE_INS_COVER, leaves the visit findings: an assignment begun
	 * today has no ended quarter yet, one ended today keeps those it had) */
	/* (an enterprise renamed or moved: the visit, task and cross-match findings naming it found
	 * again — named in their texts, or placed by it —, and the development records' and transfers'
	 * findings, placed by their enterprise or the member's employer; an organisation moved: the
	 * development records', transfers' and cross-match findings placed by it, by a member it holds) */
	int renamed = (fields & (STORE_ENT_NAME | STORE_ENT_PLACE)) != 0;
	if (!rc && (fields & (STORE_PARTY_VISITS | STORE_ENT_NAME | STORE_ENT_PLACE)))
		party_visits_patch(&c, prev, drop, renamed ? ids : NULL, renamed ? nents : 0);
	if (!rc && (fields & STORE_PARTY_DUES))
		party_dues_patch(&c, prev, drop);
	if (!rc && (fields & (STORE_PARTY_DEV | PLACES_MOVED)))
		party_devs_patch(&c, prev, drop);
	if (!rc && (fields & (STORE_PARTY_TASK | STORE_ENT_NAME | STORE_ENT_PLACE)))
		party_tasks_patch(&c, prev, drop);
	if (!rc && (fields & (STORE_PARTY_TRANSFER | PLACES_MOVED)))
		party_transfers_patch(&c, prev, drop);
	if (!rc && (fields & (STORE_XM_DECIDED | STORE_ROSTER | STORE_ENT_NAME | PLACES_MOVED)))
		rc = check_confirmed_patch(&c, prev, drop, e);
	/* Ratings, funding, designations and venues: their findings of every organisation — but those
	 * orgs_patch found again — and the district's five-star quota. */
	if (!rc && (fields & STORE_PARTY_RECOG))
		rc = party_recog_patch(&c, prev, drop, f->filter.region_id == 0 && f->filter.zone_id == 0, e);
	/* Secretaries: every organisation's secretary_missing — but those orgs_patch found again. */
	if (!rc && (fields & STORE_PARTY_SEC))
		rc = party_secs_patch(&c, prev, drop, e);
	if (!rc)
		findings_identify(c.names, &add_fs);
	store_read_end(s);
	store_subjects_free(c.names);
	buf_free(&c.subj);
	buf_free(&c.det);
	buf_free(&c.item);
	free(c.org_in_region);
	free(c.employed);
	free(c.hires);
	free(c.redone);
	if (rc) {
		free(ids);
		free(drop);
		findings_free(&add_fs);
		return rc;
	}
	/* The new findings in check_run's order, after prev's in found order (a tie of one subject
	 * within a rule cannot be: an enterprise rule finds a subject once). */
	finding **p = xmalloc((add_fs.n ? add_fs.n : 1) * sizeof *p);
	for (size_t i = 0; i < add_fs.n; i++) {
		add_fs.v[i].seq = (uint32_t)(prev->n + i);
		p[i] = &add_fs.v[i];
	}
	qsort(p, add_fs.n, sizeof *p, finding_cmp);
	out->cap = prev->n + add_fs.n;
	out->v = xmalloc((out->cap ? out->cap : 1) * sizeof *out->v);
	texts_share(out, prev);
	/* add_fs's blocks become out's (texts_share left room for one block only). */
	out->blocks = xrealloc(out->blocks, (out->nblocks + add_fs.nblocks + 1) * sizeof *out->blocks);
	for (size_t i = 0; i < add_fs.nblocks; i++)
		out->blocks[out->nblocks++] = add_fs.blocks[i];
	size_t j = 0;
	for (size_t i = 0; i <= prev->n; i++) {
		const finding *x = i < prev->n ? &prev->v[i] : NULL;
		while (j < add_fs.n && (!x || finding_cmp(&p[j], &x) < 0))
			out->v[out->n++] = *p[j++];
		if (!x)
			break;
		int64_t xid = x->id;
		if (drop[i] || (check_ent_rule(x->rule) && x->kind == FK_ENT && bsearch(&xid, ids, nents, sizeof *ids, check_id_cmp)))
			continue; /* found again above, or no longer */
		finding *y = &out->v[out->n++];
		*y = *x;
		y->state = FS_TODO;
		y->said = NULL;
	}
	free(p);
	texts_done(&add_fs);
	free(add_fs.blocks);
	free(add_fs.v);
	free(ids);
	free(drop);
	if (patch_ties(out, prev->n)) {
		findings_free(out);
		return FACTS_REDO;
	}
	rc = findings_states(s, out, e);
	findings_index(out);
	return rc;
}

