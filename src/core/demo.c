/* demo — realistic synthetic ledgers.
 *
 * The generator works in two passes. The plan pass (demo_plan.c) builds the territory (streets,
 * communities, zones), draws every enterprise's figures into a compact struct (no strings) and
 * forms the party organisations exactly as the rules of domain.md §4 would: own organisation
 * from 3 formal members, joint branches of 2–5 neighbours, a community fallback for the rest,
 * and a deliberate share of gaps (missing organisations, incomplete 五清 rows, overdue terms) so
 * that checks and metrics have something to find. The emit pass (demo_emit.c) then walks the
 * plan and writes rows; every string (names, codes, texts) is recomputed from the entity's
 * index and its own random stream, so a province of a million enterprises needs only its
 * compact structs. The party-work records (demo_work.c) are drawn the same way, over a compact
 * plan of every member (organisation, join date, standing) made before the first row.
 *
 * Identifiers are unique by construction: each one is a keyed pseudo-random permutation
 * (a Feistel network with cycle walking) of a counter, decoded into the identifier's fields
 * (demo_names.c, demo_ids.c). demo_int.h lists what each file holds.
 *
 * This file: the regions a seed chooses from, and the public entry points. */
#include "core/demo.h"

#include <stdlib.h>
#include <string.h>

#include "core/demo_int.h"
#include "util/buf.h"
#include "util/date.h"

/* ---- regions ---- */

/* A seed picks one region of its scale. Its city and province prefix company names; its
 * province and code choose the county codes in credit codes and identity numbers. */
static const region DISTRICTS[] = {
	{"临江区", "江州", "浙江", 33, 330106}, {"云溪区", "云州", "浙江", 33, 330110},
	{"东湖区", "明州", "浙江", 33, 330212}, {"南屏区", "禾州", "江苏", 32, 320506},
	{"西陵区", "澜州", "江苏", 32, 320102}, {"北塘区", "梁州", "江苏", 32, 320213},
};
static const region CITIES[] = {
	{"江州市", "江州", "浙江", 33, 3301}, {"明州市", "明州", "浙江", 33, 3302},
	{"澜州市", "澜州", "江苏", 32, 3201}, {"禾州市", "禾州", "江苏", 32, 3205},
};
static const region PROVINCES[] = {
	{"江南省", NULL, "江南", 33, 33}, {"东海省", NULL, "东海", 32, 32},
	{"云岭省", NULL, "云岭", 33, 33}, {"淮海省", NULL, "淮海", 32, 32},
};

static const region *region_of(demo_scale scale, uint64_t seed)
{
	rng r = rng_for(seed, T_REGION, 0);
	switch (scale) {
	case DEMO_CITY:
		return &CITIES[rng_below(&r, NELEM(CITIES))];
	case DEMO_PROVINCE:
		return &PROVINCES[rng_below(&r, NELEM(PROVINCES))];
	case DEMO_DISTRICT:
		break;
	}
	return &DISTRICTS[rng_below(&r, NELEM(DISTRICTS))];
}

/* ---- public ---- */

int demo_scale_parse(const char *name)
{
	if (!name)
		return -1;
	if (strcmp(name, "district") == 0)
		return DEMO_DISTRICT;
	if (strcmp(name, "city") == 0)
		return DEMO_CITY;
	if (strcmp(name, "province") == 0)
		return DEMO_PROVINCE;
	return -1;
}

const char *demo_region_name(demo_scale scale, uint64_t seed)
{
	return region_of(scale, seed)->name;
}

static void gen_free(gen *g)
{
	free(g->streets);
	free(g->comms);
	free(g->zones);
	free(g->ents);
	free(g->orgs);
	free(g->cov);
	free(g->counties);
	free(g->id_areas);
	free(g->tmp);
	free(g->tmp2);
	free(g->pm);
	free(g->lodged);
	buf_free(&g->list);
	buf_free(&g->list2);
	free(g);
}

int demo_generate(demo_scale scale, uint64_t seed, int today, demo_row_fn fn, void *ctx)
{
	gen *g = xcalloc(1, sizeof *g);
	int m, d;
	g->seed = seed;
	g->today = today;
	date_to_ymd(today, &g->today_y, &m, &d);
	g->scale = scale;
	g->reg = region_of(scale, seed);
	g->fn = fn;
	g->ctx = ctx;

	demo_plan(g);
	int rc = demo_emit(g);
	gen_free(g);
	return rc;
}
