/* The instructors' visits of the year and each assignment's quarters (party.visits, party.asgs):
 * read by party_load with the rest of the party-work records, and read again alone by
 * party_reload_visits after writes of visit records only (facts_patch). */
#include <stdlib.h>
#include <string.h>

#include "report/facts.h"
#include "report/party.h"
#include "store/party_scan.h"
#include "util/date.h"

typedef struct visits_load {
	party *p;
	const facts *f;
	size_t cap_visits, cap_asgs;
} visits_load;

/* Room for one more of an array of n elements with room for *cap, doubled when full. */
static void *room(void *v, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return v;
	*cap = *cap ? *cap * 2 : 16;
	return xrealloc(v, *cap * size);
}

static int on_visit(void *ctx, int64_t instructor, int64_t ent, int day, const char *roles)
{
	visits_load *l = ctx;
	party *p = l->p;
	int32_t ei = ent > 0 && ent <= l->f->max_ent ? l->f->idx[ent] : -1;
	if (ei < 0 || day > l->f->as_of)
		return 0;
	unsigned mask = 0;
	for (int i = 0; visit_roles[i]; i++)
		if (strstr(roles, visit_roles[i]))
			mask |= 1u << i;
	p->visits = room(p->visits, p->nvisits, &l->cap_visits, sizeof *p->visits);
	p->visits[p->nvisits++] = (party_visit){instructor, ei, day, mask};
	return 0;
}

static int visit_cmp(const void *a, const void *b)
{
	const party_visit *x = a, *y = b;
	if (x->instructor != y->instructor)
		return x->instructor < y->instructor ? -1 : 1;
	if (x->ent != y->ent)
		return x->ent < y->ent ? -1 : 1;
	return (x->day > y->day) - (x->day < y->day);
}

static int on_assignment(void *ctx, int64_t instructor, int64_t ent, int start, int end)
{
	visits_load *l = ctx;
	party *p = l->p;
	int32_t ei = ent > 0 && ent <= l->f->max_ent ? l->f->idx[ent] : -1;
	if (ei < 0 || !l->f->ents[ei].operating)
		return 0;
	/* The visits of this instructor to this enterprise: a run of the sorted visits. */
	party_visit key = {instructor, ei, DATE_NONE, 0};
	size_t lo = 0, hi = p->nvisits;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (visit_cmp(&p->visits[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t hi2 = lo;
	while (hi2 < p->nvisits && p->visits[hi2].instructor == instructor && p->visits[hi2].ent == ei)
		hi2++;
	int *days = xmalloc((hi2 - lo + 1) * sizeof *days);
	size_t n = 0;
	for (size_t i = lo; i < hi2; i++)
		days[n++] = p->visits[i].day;
	p->asgs = room(p->asgs, p->nasgs, &l->cap_asgs, sizeof *p->asgs);
	party_asg *a = &p->asgs[p->nasgs++];
	a->instructor = instructor;
	a->ent = ei;
	visit_assignment_year(start, end, days, n, l->f->as_of, p->cfg.visits_per_quarter, &a->vy);
	free(days);
	return 0;
}

int party_visits_read(store *s, const facts *f, party *p, fg_err *e)
{
	visits_load l = {p, f, 0, 0};
	p->visits = NULL;
	p->nvisits = 0;
	p->asgs = NULL;
	p->nasgs = 0;
	int y, m, d;
	date_to_ymd(f->as_of, &y, &m, &d);
	int jan1 = date_from_ymd(y, 1, 1);
	int rc = store_scan_visits(s, jan1, f->as_of, on_visit, &l, e);
	if (!rc && p->nvisits)
		qsort(p->visits, p->nvisits, sizeof *p->visits, visit_cmp);
	rc = rc ? rc : store_scan_assignment_spans(s, jan1, f->as_of, on_assignment, &l, e);
	/* Cut to their elements: a city's facts are kept by the web server. */
	if (p->visits && p->nvisits)
		p->visits = xrealloc(p->visits, p->nvisits * sizeof *p->visits);
	if (p->asgs && p->nasgs)
		p->asgs = xrealloc(p->asgs, p->nasgs * sizeof *p->asgs);
	return rc;
}

int party_reload_visits(store *s, const facts *f, party *p, fg_err *e)
{
	party_ceiling ceil;
	int rc = store_party_ceiling(s, &ceil, e);
	if (rc)
		return rc;
	p->any_visit = ceil.any_visit;
	return party_visits_read(s, f, p, e);
}
