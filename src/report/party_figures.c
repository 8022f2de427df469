/* The party-work figures: each figure set's (slot, value) pairs and the metrics added from a
 * region's party-work records (party_figure_set, party_add_metrics), read from what party_load
 * reduced. */
#include "report/party.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/crossmatch.h"
#include "core/recog.h"
#include "report/facts.h"
#include "util/sortkv.h"

/* (slot, thing) pairs: a thing is counted once per slot however many links bring it there. */
typedef struct pair {
	int32_t slot;
	int64_t thing;
} pair;

static int pair_cmp(const void *a, const void *b)
{
	const pair *x = a, *y = b;
	if (x->slot != y->slot)
		return x->slot < y->slot ? -1 : 1;
	return (x->thing > y->thing) - (x->thing < y->thing);
}

/* The pairs sorted by radix (util/sortkv.h: the order of pair_cmp); 0 when a thing does not fit
 * in 32 bits (then unsorted). */
static int pairs_radix(pair *v, size_t n)
{
	sort_kv *k = xmalloc(n * sizeof *k);
	for (size_t i = 0; i < n; i++)
		if (!sort_kv_key2(v[i].slot, v[i].thing, &k[i].key)) {
			free(k);
			return 0;
		}
	sort_kv_radix(k, n);
	for (size_t i = 0; i < n; i++)
		v[i] = (pair){(int32_t)(k[i].key >> 32), (int64_t)(k[i].key & UINT32_MAX)};
	free(k);
	return 1;
}

/* Sorts and drops repeats; returns the new count. */
static size_t pairs_unique(pair *v, size_t n)
{
	if (!n)
		return 0;
	/* a city's or a province's pairs are hundreds of thousands: by radix when they fit */
	if (n < 1024 || !pairs_radix(v, n))
		qsort(v, n, sizeof *v, pair_cmp);
	size_t k = 1;
	for (size_t i = 1; i < n; i++)
		if (pair_cmp(&v[i], &v[k - 1]) != 0)
			v[k++] = v[i];
	return k;
}

static int32_t slot_of(const int32_t *slot_of_ent, int32_t ent)
{
	return slot_of_ent ? slot_of_ent[ent] : 0;
}

/* ent's slot when one of the nslots, else -1. */
static int32_t slot_in(const int32_t *slot_of_ent, int32_t ent, size_t nslots)
{
	int32_t sl = slot_of(slot_of_ent, ent);
	return sl >= 0 && (size_t)sl < nslots ? sl : -1;
}

/* The figures whose set is organisations: each organisation adds value(o) to the figure and is in
 * its set when that is not 0 (party_figure_set lists what party_add_metrics counts). */
typedef struct org_figure {
	const char *key;
	size_t off;
	int64_t (*value)(const party *p, const party_org *o);
} org_figure;

static int64_t f_rated(const party *p, const party_org *o) { (void)p; return o->stars >= 0; }
static int64_t f_star1(const party *p, const party_org *o) { (void)p; return o->stars == 1; }
static int64_t f_star2(const party *p, const party_org *o) { (void)p; return o->stars == 2; }
static int64_t f_star3(const party *p, const party_org *o) { (void)p; return o->stars == 3; }
static int64_t f_star4(const party *p, const party_org *o) { (void)p; return o->stars == 4; }
static int64_t f_star5(const party *p, const party_org *o) { (void)p; return o->stars == 5; }
static int64_t f_vetoed(const party *p, const party_org *o) { (void)p; return o->stars == 0; }
static int64_t f_commended(const party *p, const party_org *o) { (void)p; return o->commended > 0; }
static int64_t f_awards(const party *p, const party_org *o) { (void)p; return o->award_sum; }
static int64_t f_subsidies(const party *p, const party_org *o) { (void)p; return o->subsidy_sum; }
static int64_t f_subsidised(const party *p, const party_org *o) { (void)p; return o->subsidy_sum > 0; }
static int64_t f_venue(const party *p, const party_org *o) { (void)p; return o->venue_standard; }
static int64_t f_open_base(const party *p, const party_org *o) { (void)p; return o->open_base; }
static int64_t f_secretary(const party *p, const party_org *o) { (void)p; return o->sec >= 0; }
static int64_t f_dual_strong(const party *p, const party_org *o) { return o->sec >= 0 && p->secs[o->sec].dual_strong; }
static int64_t f_trained(const party *p, const party_org *o) { return o->sec >= 0 && p->secs[o->sec].trained; }

#define OF(k, fn) {#k, offsetof(metrics, k), fn}
static const org_figure ORG_FIGURES[] = {
	OF(orgs_rated, f_rated), OF(orgs_star_1, f_star1), OF(orgs_star_2, f_star2), OF(orgs_star_3, f_star3),
	OF(orgs_star_4, f_star4), OF(orgs_star_5, f_star5), OF(orgs_star_vetoed, f_vetoed), OF(orgs_rated_in_year, f_commended),
	OF(funding_awards, f_awards), OF(funding_subsidies, f_subsidies), OF(funding_subsidised_orgs, f_subsidised),
	OF(venues_standard, f_venue), OF(open_bases, f_open_base), OF(secretaries_total, f_secretary),
	OF(secretaries_dual_strong, f_dual_strong), OF(secretaries_trained, f_trained),
};
#undef OF

/* The figures counting the designations in force of one kind. */
static const struct {
	const char *key;
	size_t off;
	int kind;
} DESIG_FIGURES[] = {
	{"designations_model_post", offsetof(metrics, designations_model_post), DESIG_MODEL_POST},
	{"designations_vanguard_post", offsetof(metrics, designations_vanguard_post), DESIG_VANGUARD_POST},
	{"designations_responsibility_area", offsetof(metrics, designations_responsibility_area), DESIG_RESP_AREA},
};

/* The (slot, organisation) pairs counted: an active organisation linked to an operating enterprise
 * of the slot, once for each such link (v holds nlinks pairs); returns how many. */
static size_t org_pairs_of(const party *p, const facts *f, const int32_t *slot_of_ent, size_t nslots, pair *v)
{
	size_t n = 0;
	for (size_t i = 0; i < f->nlinks; i++) {
		const fact_link *lk = &f->links[i];
		int32_t sl;
		if (!f->ents[lk->ent].operating || (sl = slot_of(slot_of_ent, lk->ent)) < 0 || (size_t)sl >= nslots ||
		    lk->owner > p->max_org || p->org_at[lk->owner] < 0)
			continue;
		v[n++] = (pair){sl, p->org_at[lk->owner]};
	}
	return n;
}

/* The same pairs, each once per slot. */
static size_t org_pairs(const party *p, const facts *f, const int32_t *slot_of_ent, size_t nslots, pair *v)
{
	return pairs_unique(v, org_pairs_of(p, f, slot_of_ent, nslots, v));
}

int party_figure_set(const party *p, const facts *f, const char *key, const int32_t *slot_of_ent,
		     size_t nslots, int (*fn)(void *ctx, int32_t slot, ledger_kind kind, int64_t id, int64_t value),
		     void *ctx)
{
	if (!slot_of_ent)
		nslots = 1;
	for (size_t k = 0; k < sizeof ORG_FIGURES / sizeof ORG_FIGURES[0]; k++) {
		if (strcmp(ORG_FIGURES[k].key, key) != 0)
			continue;
		pair *v = xmalloc((f->nlinks ? f->nlinks : 1) * sizeof *v);
		size_t n = org_pairs(p, f, slot_of_ent, nslots, v);
		int ret = 0;
		for (size_t i = 0; i < n && !ret; i++) {
			const party_org *o = &p->orgs[v[i].thing];
			int64_t x = ORG_FIGURES[k].value(p, o);
			if (x)
				ret = fn(ctx, v[i].slot, LEDGER_ORGS, o->id, x);
		}
		free(v);
		return ret;
	}
	for (size_t k = 0; k < sizeof DESIG_FIGURES / sizeof DESIG_FIGURES[0]; k++) {
		if (strcmp(DESIG_FIGURES[k].key, key) != 0)
			continue;
		int ret = 0;
		for (size_t i = 0; i < p->ndesigs && !ret; i++) {
			int32_t sl = slot_of(slot_of_ent, p->desigs[i].ent);
			if (sl >= 0 && (size_t)sl < nslots && p->desigs[i].kind == DESIG_FIGURES[k].kind)
				ret = fn(ctx, sl, LEDGER_DESIGNATIONS, p->desigs[i].id, 1);
		}
		return ret;
	}
	return -1;
}

void party_add_metrics(const party *p, const facts *f, const int32_t *slot_of_ent, metrics *const *slots,
		       size_t nslots)
{
	party_add_metrics_maps(p, f, &slot_of_ent, 1, slots, nslots);
}

void party_add_metrics_maps(const party *p, const facts *f, const int32_t *const *maps, size_t nmaps,
			    metrics *const *slots, size_t nslots)
{
	size_t cap = (f->nlinks > p->nparts ? f->nlinks : p->nparts) * nmaps;
	pair *v = xmalloc((cap ? cap : 1) * sizeof *v);
	size_t n = 0;
	for (size_t k = 0; k < nmaps; k++)
		n += org_pairs_of(p, f, maps[k], nslots, v + n);
	n = pairs_unique(v, n);
	for (size_t i = 0; i < n; i++) {
		metrics *m = slots[v[i].slot];
		const party_org *o = &p->orgs[v[i].thing];
		m->life_orgs_checked += o->checked;
		m->life_orgs_compliant += o->compliant;
		m->meetings_held += o->meetings;
		m->themed_days_held += o->themed_days;
		m->party_lessons_held += o->lessons;
		m->transfers_in += o->transfers_in;
		m->transfers_out += o->transfers_out;
		m->transfers_pending += o->transfers_pending;
		for (size_t k = 0; k < sizeof ORG_FIGURES / sizeof ORG_FIGURES[0]; k++)
			*(int64_t *)((char *)m + ORG_FIGURES[k].off) += ORG_FIGURES[k].value(p, o);
		if (o->awards && (!m->funding_award_n || o->award_min < m->funding_award_min))
			m->funding_award_min = o->award_min;
		if (o->awards && (!m->funding_award_n || o->award_max > m->funding_award_max))
			m->funding_award_max = o->award_max;
		m->funding_award_n += o->awards;
	}
	/* Each record read once, added to its slot in every map. */
	for (size_t i = 0; i < p->nmembers; i++) {
		const party_member *pm = &p->members[i];
		int64_t due = party_i48(pm->dues_due), paid = party_i48(pm->dues_paid);
		for (size_t k = 0; k < nmaps; k++) {
			int32_t sl = slot_in(maps[k], f->members[i].ent, nslots);
			if (sl < 0)
				continue;
			slots[sl]->study_members++;
			slots[sl]->study_tenths += pm->tenths;
			slots[sl]->study_met += pm->met;
			slots[sl]->dues_due += due;
			slots[sl]->dues_paid += paid;
			slots[sl]->members_dues_6_months += pm->dues_late;
		}
	}
	for (size_t i = 0; i < p->ndevs; i++) {
		const party_dev *d = &p->devs[i];
		for (size_t k = 0; k < nmaps; k++) {
			int32_t sl = slot_in(maps[k], d->ent, nslots);
			if (sl < 0)
				continue;
			metrics *m = slots[sl];
			m->dev_applicants += d->stage == DEV_STAGE_APPLICANT;
			m->dev_activists += d->stage == DEV_STAGE_ACTIVIST;
			m->dev_targets += d->stage == DEV_STAGE_TARGET;
			m->developed_in_year += d->in_year;
			m->dev_records_with_violations += d->broken;
		}
	}
	for (size_t i = 0; i < p->nvisits; i++)
		for (size_t k = 0; k < nmaps; k++) {
			int32_t sl = slot_in(maps[k], p->visits[i].ent, nslots);
			if (sl >= 0)
				slots[sl]->instructor_visits++;
		}
	for (size_t i = 0; i < p->ntasks; i++) {
		if (!p->camps[p->tasks[i].campaign].in_year)
			continue;
		for (size_t k = 0; k < nmaps; k++) {
			int32_t sl = slot_in(maps[k], p->tasks[i].ent, nslots);
			if (sl < 0)
				continue;
			slots[sl]->campaign_tasks++;
			slots[sl]->campaign_tasks_done += p->tasks[i].done;
		}
	}
	for (size_t i = 0; i < p->nxms; i++)
		for (size_t k = 0; k < nmaps; k++) {
			int32_t sl = slot_in(maps[k], p->xms[i].ent, nslots);
			if (sl < 0)
				continue;
			metrics *m = slots[sl];
			m->pocket_candidates += p->xms[i].cls == XM_POCKET;
			m->hidden_candidates += p->xms[i].cls == XM_HIDDEN;
			m->unregistered_candidates += p->xms[i].cls == XM_UNREGISTERED;
		}
	for (size_t i = 0; i < p->ndesigs; i++)
		for (size_t k = 0; k < nmaps; k++) {
			int32_t sl = slot_in(maps[k], p->desigs[i].ent, nslots);
			if (sl < 0)
				continue;
			for (size_t j = 0; j < sizeof DESIG_FIGURES / sizeof DESIG_FIGURES[0]; j++)
				*(int64_t *)((char *)slots[sl] + DESIG_FIGURES[j].off) += p->desigs[i].kind == DESIG_FIGURES[j].kind;
		}
	for (size_t i = 0; i < p->nasgs; i++)
		for (size_t k = 0; k < nmaps; k++) {
			int32_t sl = slot_in(maps[k], p->asgs[i].ent, nslots);
			if (sl < 0)
				continue;
			slots[sl]->visit_asg_checked += p->asgs[i].vy.checked;
			slots[sl]->visit_asg_compliant += p->asgs[i].vy.compliant;
		}
	/* Events, people, and people who came as investors: three rounds of distinct pairs. */
	for (int round = 0; round < 3; round++) {
		n = 0;
		for (size_t i = 0; i < p->nparts; i++) {
			const party_part *pp = &p->parts[i];
			if (round == 2 && !pp->investor)
				continue;
			for (size_t k = 0; k < nmaps; k++) {
				int32_t sl = slot_in(maps[k], pp->ent, nslots);
				if (sl >= 0)
					v[n++] = (pair){sl, round == 0 ? pp->training : pp->person};
			}
		}
		n = pairs_unique(v, n);
		for (size_t i = 0; i < n; i++) {
			metrics *m = slots[v[i].slot];
			if (round == 0)
				m->trainings_held++;
			else if (round == 1)
				m->training_participants++;
			else
				m->investors_trained++;
		}
	}
	free(v);
}

void party_role_counts(const party *p, int64_t out[4])
{
	memset(out, 0, 4 * sizeof *out);
	for (size_t i = 0; i < p->nvisits; i++)
		for (int r = 0; r < 4; r++)
			out[r] += (p->visits[i].roles >> r) & 1u;
}
