/* Coverage links and instructors' assignments read again by a patch (facts_patch.c): relink. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "report/facts_int.h"
#include "store/finding_store.h"

static int link_again(void *ctx, int64_t ent, int64_t org, const char *mode, const char *kind)
{
	relink *r = ctx;
	int32_t i = facts_ent_index(r->f, ent);
	if (i >= 0)
		facts_push_link(&r->v, &r->n, i, org, mode, kind);
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

static void owner_push(relink *r, int64_t owner, size_t *cap)
{
	if (r->nowners == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		r->owners = xrealloc(r->owners, *cap * sizeof *r->owners);
	}
	r->owners[r->nowners++] = owner;
}

/* With STORE_ORG_COVER: the organisations owning a link of the enterprises read again, before or
 * now, into r->owners; FACTS_REDO when one of them now has a link in the region and had none, or
 * the reverse, or likewise a link to an operating enterprise (ents: the enterprises now, by prev's
 * indexes) — the region's organisations (the party's active ones, party_load; those whose rules
 * run, check.c) would change —, but for one that comes in and that no record but its links and
 * those of the kinds r->reread names (a new organisation: r->enter when it comes to cover an
 * operating enterprise). */
static int owners_same(store *s, const facts *prev, const ent_fact *ents, relink *r)
{
	size_t cap = 0;
	for (size_t k = 0; k < prev->nlinks; k++)
		if (r->mark[prev->links[k].ent])
			owner_push(r, prev->links[k].owner, &cap);
	for (size_t k = 0; k < r->n; k++)
		owner_push(r, r->v[k].owner, &cap);
	if (r->nowners)
		qsort(r->owners, r->nowners, sizeof *r->owners, id64_cmp);
	size_t u = 0;
	for (size_t k = 0; k < r->nowners; k++)
		if (!u || r->owners[k] != r->owners[u - 1])
			r->owners[u++] = r->owners[k];
	r->nowners = u;
	/* Per owner: whether it has links before (bit 0) and now (bit 1), any and to operating
	 * enterprises. prev's links of enterprises not read again are there both times. */
	unsigned char *any = xcalloc(u ? u : 1, 1), *oper = xcalloc(u ? u : 1, 1);
	for (size_t k = 0; k < prev->nlinks + r->n; k++) {
		int later = k >= prev->nlinks;
		const fact_link *l = later ? &r->v[k - prev->nlinks] : &prev->links[k];
		int64_t owner = l->owner;
		const int64_t *at = u ? bsearch(&owner, r->owners, u, sizeof *r->owners, id64_cmp) : NULL;
		if (!at)
			continue;
		unsigned char bits = later ? 2 : r->mark[l->ent] ? 1 : 3;
		any[at - r->owners] |= bits;
		/* (a link not read again is of an enterprise whose 经营状态 is as it was: one with a
		 * link and a changed 经营状态 is found afresh, facts_patchable) */
		if ((later ? ents : prev->ents)[l->ent].operating)
			oper[at - r->owners] |= bits;
	}
	/* An organisation that comes into the region (links now, none before) is allowed when no
	 * record but its links and those the patch reads again whole names it (store_org_bare: a new
	 * one, say, with its secretary): one that comes to cover an operating enterprise becomes one
	 * of the party's active organisations with its calendar (r->enter), before those records are
	 * read again. One that leaves it (links before, none now) is allowed when it is closed and
	 * the records the facts hold by it are read again whole: one that covered an operating
	 * enterprise leaves the party's active organisations with its own figures (r->leave), before
	 * those records are read again. Any other change of the region's organisations: found afresh. */
	int rc = FG_OK;
	for (size_t i = 0; i < u && !rc; i++) {
		if (facts_owner_stays(any[i], oper[i]))
			continue;
		if (any[i] == 1 && (oper[i] == 0 || oper[i] == 1) &&
		    (r->reread & STORE_ORG_LEAVING_REREAD) == STORE_ORG_LEAVING_REREAD &&
		    store_org_closed_on(s, r->owners[i], prev->as_of)) {
			if (oper[i] == 1) {
				r->leave = xrealloc(r->leave, (r->nleave + 1) * sizeof *r->leave);
				r->leave[r->nleave++] = r->owners[i];
			}
		} else if (any[i] != 2 || (oper[i] != 0 && oper[i] != 2) || !store_org_bare(s, r->owners[i], r->reread))
			rc = FACTS_REDO;
		else if (oper[i] == 2) {
			r->enter = xrealloc(r->enter, (r->nenter + 1) * sizeof *r->enter);
			r->enter[r->nenter++] = r->owners[i];
		}
	}
	free(any);
	free(oper);
	return rc;
}

int facts_links_again(store *s, const facts *prev, const ent_fact *ents, const int64_t *ids, size_t nids, int cover,
		       int asg, store_fields reread, relink *r, fg_err *e)
{
	memset(r, 0, sizeof *r);
	r->f = prev;
	r->reread = reread;
	r->cover = cover || asg;
	r->asg = asg;
	unsigned char *mark = r->mark = xcalloc(prev->nents ? prev->nents : 1, 1);
	int rc = FG_OK;
	for (size_t k = 0; !rc && k < nids; k++) {
		int32_t i = facts_ent_index(prev, ids[k]);
		if (i < 0 || mark[i])
			continue;
		mark[i] = 1;
		rc = (asg ? store_scan_assignments_at : store_scan_coverage_at)(s, prev->as_of, ids[k], link_again, r, e);
	}
	if (r->n)
		qsort(r->v, r->n, sizeof *r->v, link_cmp);
	/* (an instructor is no party organisation: the assignments' quarters are read again whole,
	 * party_reload_visits) */
	if (asg)
		return rc;
	if (cover)
		return rc ? rc : owners_same(s, prev, ents, r);
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
	return rc;
}

void facts_relink_free(relink *r)
{
	free(r->enter);
	free(r->leave);
	free(r->mark);
	free(r->v);
	free(r->at);
	free(r->upd);
	free(r->owners);
}

void facts_relink_put(facts *out, const relink *r)
{
	if (r->cover) {
		fact_link **links = r->asg ? &out->asgs : &out->links;
		size_t *nlinks = r->asg ? &out->nasgs : &out->nlinks;
		fact_link *v = xmalloc((*nlinks + r->n ? *nlinks + r->n : 1) * sizeof *v);
		size_t n = 0;
		for (size_t k = 0; k < *nlinks; k++)
			if (!r->mark[(*links)[k].ent])
				v[n++] = (*links)[k];
		for (size_t i = 0; i < out->nents; i++) {
			ent_fact *ef = &out->ents[i];
			if (r->mark[i] && r->asg)
				ef->instructors = 0;
			else if (r->mark[i])
				ef->cov_single = ef->cov_joint = ef->cov_affiliated = 0;
		}
		for (size_t k = 0; k < r->n; k++) {
			v[n++] = r->v[k];
			if (r->asg)
				out->ents[r->v[k].ent].instructors++;
			else
				facts_cover_count(&out->ents[r->v[k].ent], r->v[k].mode);
		}
		free(*links);
		*links = v;
		*nlinks = n;
		return;
	}
	for (size_t k = 0; k < r->nupd; k++) {
		fact_link *l = &out->links[r->at[k]];
		ent_fact *ef = &out->ents[l->ent];
		ef->cov_single = ef->cov_joint = ef->cov_affiliated = 0;
	}
	for (size_t k = 0; k < r->nupd; k++) {
		fact_link *l = &out->links[r->at[k]];
		l->mode = r->upd[k].mode;
		l->kind = r->upd[k].kind;
		facts_cover_count(&out->ents[l->ent], l->mode);
	}
}
