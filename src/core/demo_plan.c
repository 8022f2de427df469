/* demo_plan — the plan pass of the demo generator.
 *
 * It builds the territory (streets, communities, zones), draws every enterprise's figures into
 * a compact struct (no strings) and forms the party organisations exactly as the rules of
 * domain.md §4 would: own organisation from 3 formal members, joint branches of 2–5 neighbours,
 * a community fallback for the rest, and a deliberate share of gaps (missing organisations,
 * incomplete 五清 rows, overdue terms) so that checks and metrics have something to find.
 * The emit pass (demo_emit.c) turns the plan into rows. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "core/demo_int.h"
#include "util/date.h"

/* What the plan intends for an enterprise's coverage (ent.intent) before groups are formed. */
enum { INTENT_NONE, INTENT_SINGLE, INTENT_JOINT, INTENT_AFFIL };

/* ---- where an enterprise is ---- */

uint32_t demo_comm_of(const gen *g, uint32_t e)
{
	uint32_t lo = 0, hi = g->ncomms;
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (g->comms[mid].first <= e)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* ---- organisations ---- */

static int clamp_today(const gen *g, int d)
{
	return d > g->today ? g->today : d;
}

static int32_t org_add(gen *g, uint8_t kind, uint8_t mode, uint8_t anchor, uint32_t aidx, int32_t parent,
		       uint32_t st, int32_t comm, int32_t zn, int founded)
{
	if (g->norgs == g->caporgs) {
		g->caporgs = g->caporgs ? g->caporgs * 2 : 1024;
		g->orgs = xrealloc(g->orgs, g->caporgs * sizeof *g->orgs);
	}
	org *o = &g->orgs[g->norgs];
	memset(o, 0, sizeof *o);
	o->kind = kind;
	o->mode = mode;
	o->anchor = anchor;
	o->aidx = aidx;
	o->parent = parent;
	o->street = st;
	o->comm = comm;
	o->zone = zn;
	o->cover_first = g->ncov;
	o->founded = clamp_today(g, founded);
	return (int32_t)g->norgs++;
}

/* Adds enterprise e to the covers of the organisation added last. */
static void org_cover(gen *g, int32_t o, uint32_t e)
{
	g->cov[g->ncov++] = e;
	g->orgs[o].cover_n++;
	g->orgs[o].members += g->ents[e].formal;
	g->ents[e].org = o;
}

/* Kind by formal members: a branch up to 49, a general branch from 50, a committee from 100;
 * some organisations do not take the larger form they may. */
static uint8_t kind_for(rng *r, uint32_t members)
{
	if (members >= 100)
		return rng_chance(r, 0.85) ? OK_COMMITTEE : OK_GENERAL;
	if (members >= 50)
		return rng_chance(r, 0.8) ? OK_GENERAL : OK_BRANCH;
	return OK_BRANCH;
}

static int32_t parent_default(const gen *g, uint32_t s)
{
	return g->streets[s].body >= 0 ? g->streets[s].body : g->lead_ent;
}

/* ---- enterprises and zones ---- */

static uint32_t binomial(rng *r, uint32_t n, double p)
{
	uint32_t k = 0;
	for (uint32_t i = 0; i < n; i++)
		k += rng_chance(r, p);
	return k;
}

/* Heavy-tailed staff numbers: most firms under 30, some hundreds, a few thousands. */
static uint32_t draw_employees(rng *r)
{
	double u = rng_unit(r), v = rng_unit(r);
	if (u < 0.55)
		return 1 + (uint32_t)(9 * v * v);
	if (u < 0.85)
		return 10 + (uint32_t)(40 * v * v);
	if (u < 0.96)
		return 50 + (uint32_t)(250 * v * v);
	if (u < 0.995)
		return 300 + (uint32_t)(700 * v * v);
	return 1000 + (uint32_t)(7000 * v * v * v);
}

/* Formal members grow with the workforce; most small firms have none. */
static uint32_t draw_formal(rng *r, uint32_t emp)
{
	double p0 = emp < 10 ? 0.72 : emp < 50 ? 0.5 : emp < 300 ? 0.22 : emp < 1000 ? 0.08 : 0.02;
	if (emp == 0 || rng_chance(r, p0))
		return 0;
	uint32_t f;
	if (emp < 20) {
		double u = rng_unit(r);
		f = u < 0.45 ? 1 : u < 0.75 ? 2 : u < 0.88 ? 3 : u < 0.95 ? 4 : 5 + rng_below(r, 3);
	} else {
		double v = rng_unit(r);
		double rate = 0.012 + 0.1 * v * v;
		f = (uint32_t)(emp * rate + rng_unit(r));
		if (f == 0)
			f = 1;
	}
	if (f > emp)
		f = emp;
	return f > 60000 ? 60000 : f;
}

static void plan_ent(gen *g, uint32_t e, int park_zone, const int32_t *local, uint32_t nlocal)
{
	rng r = rng_for(g->seed, T_ENT, e);
	ent *x = &g->ents[e];
	memset(x, 0, sizeof *x);
	x->zone = -1;
	x->org = -1;
	double u = rng_unit(&r);
	x->status = u < 0.88 ? ST_OPERATING : u < 0.91 ? ST_SUSPENDED : u < 0.93 ? ST_CLOSED
		  : u < 0.97 ? ST_DEREGISTERED : ST_REVOKED;
	x->employees = draw_employees(&r);
	/* A firm that stopped trading has let most of its staff go. */
	if (x->status != ST_OPERATING && x->employees > 50)
		x->employees = 5 + rng_below(&r, 46);
	if ((x->status == ST_DEREGISTERED || x->status == ST_REVOKED) && rng_chance(&r, 0.5))
		x->employees = 0;
	if (rng_chance(&r, x->status == ST_OPERATING ? 0.93 : 0.7))
		x->flags |= EF_FIXED;
	if (x->employees < 10 && rng_chance(&r, 0.08))
		x->flags |= EF_INDIV;

	/* Founded since 1995, more of them recent; large firms are older. */
	int start = date_from_ymd(g->today_y - 30 < 1995 ? g->today_y - 30 : 1995, 1, 1);
	int last = x->employees >= 300 ? date_add_years(g->today, -3) : g->today;
	double f = rng_unit(&r), f2 = rng_unit(&r);
	if (x->employees < 300 && f2 > f)
		f = f2; /* the larger of two: density grows linearly toward today */
	x->founded = start + (int)((last - start) * f);

	uint32_t formal = draw_formal(&r, x->employees);
	if (x->status != ST_OPERATING && rng_chance(&r, 0.7))
		formal = 0;
	x->formal = (uint16_t)formal;
	uint32_t prob = binomial(&r, formal, 0.09);
	x->prob = (uint8_t)(prob > 255 ? 255 : prob);
	uint32_t stopped = binomial(&r, formal, 0.006) + (formal == 0 && rng_chance(&r, 0.002));
	x->stopped = (uint8_t)(stopped > 255 ? 255 : stopped);

	if (nlocal && rng_chance(&r, 0.3))
		x->zone = local[rng_below(&r, nlocal)];
	else if (park_zone >= 0 && rng_chance(&r, 0.22))
		x->zone = park_zone;
	if (x->zone >= 0)
		g->zones[x->zone].nents++;

	if (rng_chance(&r, 0.12)) {
		/* One or more 五清 fields left blank, as in a ledger still being filled in. */
		do {
			static const uint8_t gaps[] = {EF_NO_OP, EF_NO_OP, EF_NO_STAFF, EF_NO_STAFF,
						       EF_NO_INVESTOR, EF_NO_REASON, EF_NO_REASON};
			x->flags |= gaps[rng_below(&r, sizeof gaps)];
		} while (rng_chance(&r, 0.3));
	}
}

static void zone_add(gen *g, uint32_t s, int32_t comm, uint8_t kind, rng *r)
{
	if (g->nzones == g->capzones) {
		g->capzones = g->capzones ? g->capzones * 2 : 64;
		g->zones = xrealloc(g->zones, g->capzones * sizeof *g->zones);
	}
	zone *z = &g->zones[g->nzones++];
	memset(z, 0, sizeof *z);
	z->street = s;
	z->comm = comm;
	z->kind = kind;
	z->body = -1;
	z->pattern = (uint8_t)rng_below(r, demo_zone_patterns(kind));
	g->streets[s].nzone++;
}

/* ---- streets ---- */

static int max_founded(const gen *g, const uint32_t *es, uint32_t n)
{
	int m = DATE_NONE;
	for (uint32_t i = 0; i < n; i++)
		if (g->ents[es[i]].founded > m)
			m = g->ents[es[i]].founded;
	return m;
}

/* Joint branches from candidates (1–2 formal members each, in one zone or community): groups
 * of 2–5 units with at least 3 formal members together. Returns how many candidates, from the
 * end of cand, are left over. */
static uint32_t form_joint(gen *g, rng *r, uint32_t *cand, uint32_t n, uint8_t anchor, uint32_t aidx,
			   int32_t parent, uint32_t st, int32_t comm, int32_t zn)
{
	uint32_t *ends = g->tmp2, ng = 0;
	uint32_t start = 0, size = 0, sum = 0, target = 2 + rng_below(r, 4);
	for (uint32_t j = 0; j < n; j++) {
		size++;
		sum += g->ents[cand[j]].formal;
		if ((size >= target && sum >= 3) || size == 5) {
			ends[ng++] = j + 1;
			start = j + 1;
			size = sum = 0;
			target = 2 + rng_below(r, 4);
		}
	}
	if (size >= 2 && sum >= 3) {
		ends[ng++] = n;
		start = n;
	} else if (ng > 0 && size > 0) {
		uint32_t last = ends[ng - 1] - (ng > 1 ? ends[ng - 2] : 0);
		if (last + size <= 5) {
			ends[ng - 1] = n;
			start = n;
		}
	}
	uint32_t from = 0;
	for (uint32_t k = 0; k < ng; k++) {
		uint32_t cnt = ends[k] - from;
		int lo = max_founded(g, cand + from, cnt);
		int founded = rng_range(r, lo + 30, g->today);
		int32_t o = org_add(g, OK_BRANCH, OM_JOINT, anchor, aidx, parent, st, comm, zn, founded);
		g->orgs[o].ordinal = (uint16_t)(ng == 1 ? 0 : k + 1);
		if (comm < 0)
			g->orgs[o].comm = (int32_t)demo_comm_of(g, cand[from]);
		for (uint32_t j = from; j < ends[k]; j++)
			org_cover(g, o, cand[j]);
		from = ends[k];
	}
	return n - start;
}

static void plan_street(gen *g, uint32_t s)
{
	street *st = &g->streets[s];
	rng r = rng_for(g->seed, T_STREET, s);
	st->body = -1;
	if (rng_chance(&r, 0.7))
		st->body = org_add(g, OK_COMMITTEE, OM_LEAD, A_STREET, s, g->lead_work, s, -1, -1,
				   rng_range(&r, date_from_ymd(2003, 1, 1), date_from_ymd(2015, 12, 31)));

	/* Zones: perhaps a park for the street, buildings and business districts in communities. */
	st->first_zone = g->nzones;
	int32_t park = -1;
	if (rng_chance(&r, 0.65)) {
		park = (int32_t)g->nzones;
		zone_add(g, s, -1, rng_chance(&r, 0.6) ? ZK_PARK : ZK_TECH, &r);
	}
	for (uint32_t c = st->first_comm; c < st->first_comm + st->ncomm; c++) {
		if (rng_chance(&r, 0.25))
			zone_add(g, s, (int32_t)c, ZK_BUILDING, &r);
		if (rng_chance(&r, 0.08))
			zone_add(g, s, (int32_t)c, ZK_BUILDING, &r);
		if (rng_chance(&r, 0.1))
			zone_add(g, s, (int32_t)c, ZK_MALL, &r);
	}

	for (uint32_t c = st->first_comm; c < st->first_comm + st->ncomm; c++) {
		int32_t local[4];
		uint32_t nlocal = 0;
		for (uint32_t z = st->first_zone; z < st->first_zone + st->nzone; z++)
			if (g->zones[z].comm == (int32_t)c && nlocal < 4)
				local[nlocal++] = (int32_t)z;
		for (uint32_t e = g->comms[c].first; e < g->comms[c].first + g->comms[c].count; e++)
			plan_ent(g, e, park, local, nlocal);
	}

	for (uint32_t z = st->first_zone; z < st->first_zone + st->nzone; z++) {
		zone *zn = &g->zones[z];
		double p = zn->kind == ZK_PARK ? 0.7 : zn->kind == ZK_BUILDING ? 0.0 : 0.5;
		if (zn->nents > 0 && rng_chance(&r, p))
			zn->body = org_add(g, OK_COMMITTEE, OM_LEAD, A_ZONE_BODY, z, parent_default(g, s), s,
					   zn->comm, (int32_t)z,
					   rng_range(&r, date_from_ymd(2008, 1, 1), date_add_years(g->today, -1)));
	}

	/* What each enterprise should get; about one in ten that need their own organisation
	 * has none yet, so 应建尽建 is short of 100%. Firms younger than half a year have not
	 * formed one yet, and join a joint branch only after a few months. */
	uint32_t e0 = st->first_ent, e1 = st->first_ent + st->nent;
	for (uint32_t e = e0; e < e1; e++) {
		ent *x = &g->ents[e];
		double u = rng_unit(&r);
		if (x->formal >= 3)
			x->intent = u < 0.9 ? INTENT_SINGLE : u < 0.97 ? INTENT_NONE : INTENT_AFFIL;
		else if (x->formal >= 1)
			x->intent = u < 0.65 ? INTENT_JOINT : u < 0.9 ? INTENT_AFFIL : INTENT_NONE;
		else
			x->intent = INTENT_NONE;
		if (x->intent == INTENT_SINGLE && x->founded > g->today - 180)
			x->intent = INTENT_NONE;
		if (x->intent == INTENT_JOINT && x->founded > g->today - 120)
			x->intent = INTENT_AFFIL;
	}

	for (uint32_t z = st->first_zone; z < st->first_zone + st->nzone; z++) {
		uint32_t n = 0;
		for (uint32_t e = e0; e < e1; e++)
			if (g->ents[e].intent == INTENT_JOINT && g->ents[e].zone == (int32_t)z)
				g->tmp[n++] = e;
		int32_t parent = g->zones[z].body >= 0 ? g->zones[z].body : parent_default(g, s);
		form_joint(g, &r, g->tmp, n, A_ZONE_JOINT, z, parent, s, g->zones[z].comm, (int32_t)z);
	}

	for (uint32_t c = st->first_comm; c < st->first_comm + st->ncomm; c++) {
		community *cm = &g->comms[c];
		uint32_t c0 = cm->first, c1 = cm->first + cm->count;
		for (uint32_t e = c0; e < c1; e++) {
			ent *x = &g->ents[e];
			if (x->intent != INTENT_SINGLE)
				continue;
			rng orng = rng_for(g->seed, T_ORG, e);
			uint8_t kind = kind_for(&orng, x->formal);
			int32_t parent = parent_default(g, s);
			if (kind == OK_COMMITTEE)
				parent = g->lead_ent;
			else if (x->zone >= 0 && g->zones[x->zone].body >= 0)
				parent = g->zones[x->zone].body;
			int founded = rng_range(&r, x->founded + 60, g->today);
			int32_t o = org_add(g, kind, OM_SINGLE, A_SINGLE, e, parent, s, (int32_t)c, x->zone, founded);
			org_cover(g, o, e);
		}
		uint32_t n = 0;
		for (uint32_t e = c0; e < c1; e++)
			if (g->ents[e].intent == INTENT_JOINT && g->ents[e].org < 0)
				g->tmp[n++] = e;
		uint32_t left = form_joint(g, &r, g->tmp, n, A_COMM_JOINT, c, parent_default(g, s), s,
					   (int32_t)c, -1);
		for (uint32_t j = n - left; j < n; j++)
			g->ents[g->tmp[j]].intent = INTENT_AFFIL;

		cm->affil = -1;
		for (uint32_t e = c0; e < c1; e++) {
			if (g->ents[e].intent != INTENT_AFFIL)
				continue;
			if (cm->affil < 0)
				cm->affil = org_add(g, OK_BRANCH, OM_AFFIL, A_AFFIL, c, parent_default(g, s), s,
						    (int32_t)c, -1,
						    rng_range(&r, date_from_ymd(2008, 1, 1), g->today - 30));
			org_cover(g, cm->affil, e);
		}
		if (cm->affil >= 0) {
			rng orng = rng_for(g->seed, T_KIND, (uint64_t)cm->affil);
			g->orgs[cm->affil].kind = kind_for(&orng, g->orgs[cm->affil].members);
		}
	}
}

/* ---- territory ---- */

/* Scale: streets, communities per street, enterprises. */
static void plan_territory(gen *g)
{
	rng r = rng_for(g->seed, T_PLAN, 0);
	uint32_t nstreets, target;
	switch (g->scale) {
	case DEMO_CITY:
		nstreets = 115 + rng_below(&r, 11);
		target = 95000 + rng_below(&r, 10001);
		break;
	case DEMO_PROVINCE:
		nstreets = 1450 + rng_below(&r, 101);
		target = 970000 + rng_below(&r, 60001);
		break;
	case DEMO_DISTRICT:
	default:
		nstreets = 7 + rng_below(&r, 3);
		target = 4600 + rng_below(&r, 801);
		break;
	}
	g->nstreets = nstreets;
	g->streets = xcalloc(nstreets, sizeof *g->streets);
	uint32_t *ncomm = xcalloc(nstreets, sizeof *ncomm);
	uint32_t total = 0;
	for (uint32_t s = 0; s < nstreets; s++) {
		ncomm[s] = 6 + rng_below(&r, 5);
		total += ncomm[s];
	}
	g->ncomms = total;
	g->comms = xcalloc(total, sizeof *g->comms);
	double *w = xcalloc(total, sizeof *w);
	double wsum = 0;
	for (uint32_t c = 0; c < total; c++)
		wsum += w[c] = 0.4 + 1.2 * rng_unit(&r);

	/* County of each street: districts use one code, cities their prefecture's codes,
	 * provinces all of them, in blocks of neighbouring streets. */
	size_t nlist;
	const int *list = demo_county_codes(g, &nlist);
	g->counties = xcalloc(nlist, sizeof *g->counties);
	for (size_t i = 0; i < nlist; i++) {
		int keep = g->scale == DEMO_PROVINCE || (g->scale == DEMO_CITY && list[i] / 100 == g->reg->code);
		if (keep)
			g->counties[g->ncounties++] = list[i];
	}
	if (g->ncounties == 0)
		g->counties[g->ncounties++] = g->reg->code;
	uint32_t city_off = rng_below(&r, (uint32_t)N_CITY_NAMES);
	/* A city's districts: 6–10 blocks of neighbouring streets (from the seed, so that the draws
	 * of the district scale stay as they were). */
	g->ndistricts = g->scale == DEMO_CITY ? 6 + (uint32_t)(g->seed % 5) : 0;

	uint32_t c = 0, e = 0;
	double acc = 0;
	for (uint32_t s = 0; s < nstreets; s++) {
		street *st = &g->streets[s];
		st->first_comm = c;
		st->ncomm = ncomm[s];
		st->first_ent = e;
		st->area = g->counties[(uint64_t)s * g->ncounties / nstreets];
		st->district = g->ndistricts ? (int)((uint64_t)s * g->ndistricts / nstreets) : -1;
		st->city = g->scale == DEMO_PROVINCE
				   ? (int)((uint32_t)(st->area / 100 % 100) + city_off) % (int)N_CITY_NAMES
				   : -1;
		for (uint32_t k = 0; k < ncomm[s]; k++, c++) {
			acc += w[c];
			uint32_t upto = (uint32_t)(target * (acc / wsum) + 0.5);
			if (upto <= e)
				upto = e + 1;
			g->comms[c].street = s;
			g->comms[c].first = e;
			g->comms[c].count = upto - e;
			e = upto;
		}
		st->nent = e - st->first_ent;
	}
	g->nents = e;
	free(w);
	free(ncomm);
}

/* ---- the plan ---- */

void demo_plan(gen *g)
{
	/* One key for all the permutations of names and codes, each offset by its own number. */
	uint64_t k = mix64(rng_for(g->seed, T_PERM, 0).s);
	demo_names_init(g, k);

	plan_territory(g);
	/* The name tables are sized for a province; names stay unique within these bounds. */
	assert(g->nstreets <= g->p_street.n && g->ncomms <= g->p_comm.n && g->nents <= g->p_name.n);
	demo_ids_init(g, k);

	g->ents = xcalloc(g->nents ? g->nents : 1, sizeof *g->ents);
	g->cov = xcalloc(g->nents ? g->nents : 1, sizeof *g->cov);
	uint32_t largest = 1;
	for (uint32_t s = 0; s < g->nstreets; s++)
		if (g->streets[s].nent > largest)
			largest = g->streets[s].nent;
	g->tmp = xcalloc(largest, sizeof *g->tmp);
	g->tmp2 = xcalloc(largest, sizeof *g->tmp2);

	rng r = rng_for(g->seed, T_PLAN, 1);
	int lw = rng_range(&r, date_from_ymd(2007, 1, 1), date_from_ymd(2012, 12, 31));
	g->lead_work = org_add(g, OK_COMMITTEE, OM_LEAD, A_LEAD_WORK, 0, -1, UINT32_MAX, -1, -1, lw);
	g->lead_ent = org_add(g, OK_COMMITTEE, OM_LEAD, A_LEAD_ENT, 0, g->lead_work, UINT32_MAX, -1, -1,
			      rng_range(&r, lw + 200, lw + 1200));
	for (uint32_t s = 0; s < g->nstreets; s++)
		plan_street(g, s);
}
