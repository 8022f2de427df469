/* Enterprises and members gone from the facts (facts_patch after closings): what leaves with them; and
 * whether enterprises come back (reopened) leave the region's organisations where they were. */
#include "report/facts_int.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

/* FACTS_REDO when an organisation linked to one of f's enterprises marked in moved (by index) is not
 * where it is among the region's organisations both with and without them (facts_owner_stays): a
 * moved enterprise's link counts with moved_bits (1: before only, gone; 2: after only, come back),
 * the others' with 3. Frees moved. */
static int owners_stay(const facts *f, unsigned char *moved, unsigned moved_bits)
{
	int rc = FG_OK;
	for (size_t k = 0; rc == FG_OK && k < f->nlinks; k++) {
		const fact_link *g = &f->links[k];
		if (!moved[g->ent])
			continue;
		unsigned any = 0, oper = 0;
		for (size_t j = 0; j < f->nlinks; j++) {
			const fact_link *l = &f->links[j];
			if (l->owner != g->owner)
				continue;
			unsigned bits = moved[l->ent] ? moved_bits : 3u;
			any |= bits;
			if (f->ents[l->ent].operating)
				oper |= bits;
		}
		if (!facts_owner_stays(any, oper))
			rc = FACTS_REDO;
	}
	free(moved);
	return rc;
}

/* facts_int.h */
int facts_gone_owners_stay(const facts *prev, const int32_t *to)
{
	unsigned char *gone = xcalloc(prev->nents ? prev->nents : 1, 1);
	for (size_t i = 0; i < prev->nents; i++)
		gone[i] = to[i] < 0;
	return owners_stay(prev, gone, 1u);
}

/* facts_int.h */
int facts_back_owners_stay(const facts *f, const int64_t *ids, size_t n)
{
	unsigned char *back = xcalloc(f->nents ? f->nents : 1, 1);
	for (size_t k = 0; k < n; k++) {
		int32_t i = facts_ent_index(f, ids[k]);
		if (i >= 0)
			back[i] = 1;
	}
	return owners_stay(f, back, 2u);
}

/* facts_int.h */
void facts_members_compact(const facts *prev, fact_member *members, party_member *pm, size_t *n,
			    party_dues_diff **dd, size_t *ndd)
{
	int32_t *mto = xmalloc((prev->nmembers ? prev->nmembers : 1) * sizeof *mto);
	size_t kept = 0;
	for (size_t i = 0; i < *n; i++) {
		if (i < prev->nmembers)
			mto[i] = members[i].ent < 0 ? -1 : (int32_t)kept;
		if (members[i].ent < 0)
			continue;
		members[kept] = members[i];
		pm[kept++] = pm[i];
	}
	*n = kept;
	const party *p = &prev->party;
	*dd = xmalloc((p->ndues_diffs ? p->ndues_diffs : 1) * sizeof **dd);
	*ndd = 0;
	for (size_t k = 0; k < p->ndues_diffs; k++)
		if (mto[p->dues_diffs[k].member] >= 0) {
			(*dd)[*ndd] = p->dues_diffs[k];
			(*dd)[(*ndd)++].member = mto[p->dues_diffs[k].member];
		}
	free(mto);
}

/* facts_int.h */
void facts_members_left(const facts *prev, const int32_t *to, fact_member **members, party_member **pm, size_t *n,
			 party_dues_diff **dd, size_t *ndd)
{
	*members = xmalloc((prev->nmembers ? prev->nmembers : 1) * sizeof **members);
	*pm = xmalloc((prev->nmembers ? prev->nmembers : 1) * sizeof **pm);
	*n = prev->nmembers;
	for (size_t i = 0; i < prev->nmembers; i++) {
		(*members)[i] = prev->members[i];
		(*members)[i].ent = to[prev->members[i].ent];
		(*pm)[i] = prev->party.members[i];
	}
	facts_members_compact(prev, *members, *pm, n, dd, ndd);
}

/* facts_int.h */
void facts_camps_gone(const facts *prev, const int32_t *to, party *work)
{
	for (size_t i = 0; i < prev->party.ntasks; i++) {
		const party_task *t = &prev->party.tasks[i];
		if (to[t->ent] >= 0)
			continue;
		party_campaign *pc = &work->camps[t->campaign];
		pc->tasks--;
		pc->done -= t->done;
		pc->findings -= t->found;
	}
}

/* The elements of v (n of them, each size bytes) whose enterprise index (the int32_t at offset off)
 * is not negative, kept in order, in place: their number. */
static size_t gone_drop(void *v, size_t n, size_t size, size_t off)
{
	char *c = v;
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		int32_t at;
		memcpy(&at, c + i * size + off, sizeof at);
		if (at >= 0 && kept++ != i)
			memmove(c + (kept - 1) * size, c + i * size, size);
	}
	return kept;
}

#define GONE_DROP(v, n, type) ((n) = gone_drop((v), (n), sizeof(type), offsetof(type, ent)))

/* p's development records of enterprises gone dropped in place, the texts of those dropped freed with
 * texts (p's own; else another value's). */
static void devs_gone_drop(party *p, int texts)
{
	size_t kept = 0;
	for (size_t i = 0; i < p->ndevs; i++) {
		party_dev *d = &p->devs[i];
		if (d->ent >= 0) {
			p->devs[kept++] = *d;
		} else if (texts) {
			free(d->name);
			free(d->idno);
			free(d->detail);
		}
	}
	p->ndevs = kept;
}

/* p's participations in training of enterprises gone dropped in place, the persons numbered again as
 * a load numbers them (by their first participation left: party.c's on_trainee), those with none
 * left taken out of p's person keys (p's own, texts and all). */
static void parts_gone_drop(party *p)
{
	size_t n = p->nparts;
	GONE_DROP(p->parts, p->nparts, party_part);
	if (n == p->nparts)
		return;
	int32_t *to = xmalloc((p->npersons ? p->npersons : 1) * sizeof *to);
	memset(to, 0xff, p->npersons * sizeof *to);
	char **keys = xmalloc((p->npersons ? p->npersons : 1) * sizeof *keys);
	size_t np = 0;
	for (size_t i = 0; i < p->nparts; i++) {
		int32_t *t = &to[p->parts[i].person];
		if (*t < 0) {
			*t = (int32_t)np;
			keys[np++] = p->person_keys[p->parts[i].person];
		}
		p->parts[i].person = *t;
	}
	for (size_t k = 0; k < p->npersons; k++)
		if (to[k] < 0)
			free(p->person_keys[k]);
	free(p->person_keys);
	free(to);
	p->person_keys = keys;
	p->npersons = np;
}

/* facts_int.h */
void facts_gone_drop(facts *out, int dev_texts)
{
	GONE_DROP(out->links, out->nlinks, fact_link);
	GONE_DROP(out->asgs, out->nasgs, fact_link);
	GONE_DROP(out->party.visits, out->party.nvisits, party_visit);
	GONE_DROP(out->party.asgs, out->party.nasgs, party_asg);
	GONE_DROP(out->party.tasks, out->party.ntasks, party_task);
	GONE_DROP(out->party.desigs, out->party.ndesigs, party_desig);
	GONE_DROP(out->party.xms, out->party.nxms, party_xm);
	devs_gone_drop(&out->party, dev_texts);
	parts_gone_drop(&out->party);
}
