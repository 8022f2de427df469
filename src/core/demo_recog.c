/* demo_recog — the recognition records of the demo (docs/party-work.md §6): 亮身份 designations of
 * about one in ten enterprises with members, a few revoked, each held by one to three of the
 * enterprise's own members; and the venues (阵地) of about seven in ten active organisations, most
 * of them standard, one in ten an open base, the rest short of one or two of the 六有 — the cases
 * the venue_missing finding is there to show. */
#include <stdlib.h>
#include <string.h>

#include "core/demo_int.h"
#include "core/recog.h"
#include "util/date.h"

#define DESIG_MAX_MEMBERS 3

static const char *const POSTS[DESIG_NKINDS][4] = {
	{"生产一线党员示范岗", "客户服务党员示范岗", "质量管控党员示范岗", "技术攻关党员示范岗"},
	{"安全生产党员先锋岗", "研发创新党员先锋岗", "销售服务党员先锋岗", "物流配送党员先锋岗"},
	{"生产车间党员责任区", "仓储物流党员责任区", "办公区域党员责任区", "门店服务党员责任区"},
};

static const char *const ROADS[] = {"人民路", "解放路", "建设路", "文化路", "中山路", "新华路", "和平路", "光明路"};

static int idno_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The first few members in good standing of each enterprise, by running number (not those who
 * transferred out this year: they left). */
static uint32_t *members_by_employer(const gen *g, uint8_t *count)
{
	uint32_t *v = calloc((size_t)g->nents * DESIG_MAX_MEMBERS + 1, sizeof *v);
	if (!v)
		abort();
	for (uint32_t n = 0; n < g->npm; n++) {
		const pmember *p = &g->pm[n];
		if (p->employer < 0 || p->rel == PR_STOPPED || p->xout == XO_DONE || p->join > g->today ||
		    count[p->employer] >= DESIG_MAX_MEMBERS)
			continue;
		v[(size_t)p->employer * DESIG_MAX_MEMBERS + count[p->employer]++] = n;
	}
	return v;
}

/* One designation of enterprise e of kind k, held by the first `held` of its members in mem. */
static int emit_designation(gen *g, rng *r, uint32_t e, int k, const uint32_t *mem, int held)
{
	char ids[DESIG_MAX_MEMBERS][19], uscc[19];
	int lo = g->today - 3 * 365, birth, male;
	if (g->ents[e].founded > lo)
		lo = g->ents[e].founded;
	for (int i = 0; i < held; i++) {
		demo_member_idno(g, mem[i], ids[i], &birth, &male);
		if (g->pm[mem[i]].join > lo)
			lo = g->pm[mem[i]].join;
	}
	if (lo > g->today)
		return 0;
	qsort(ids, (size_t)held, sizeof ids[0], idno_cmp);
	buf list = {0};
	for (int i = 0; i < held; i++)
		buf_printf(&list, "%s%s", i ? "；" : "", ids[i]);
	demo_ent_uscc(g, e, uscc);
	row *w = &g->row;
	demo_row_clear(w);
	demo_row_set(w, DG_KIND, designation_kind_names[k]);
	demo_row_set(w, DG_NAME, POSTS[k][rng_below(r, NELEM(POSTS[k]))]);
	demo_row_set(w, DG_USCC, uscc);
	if (held)
		demo_row_set(w, DG_MEMBERS, buf_cstr(&list));
	buf_free(&list);
	int granted = rng_range(r, lo, g->today);
	demo_row_date(w, DG_GRANTED, granted);
	if (granted < g->today && rng_chance(r, 0.08))
		demo_row_date(w, DG_REVOKED, rng_range(r, granted + 1, g->today));
	return demo_emit_row(g, LEDGER_DESIGNATIONS);
}

static int emit_designations(gen *g)
{
	uint8_t *count = calloc((size_t)g->nents + 1, 1);
	if (!count)
		abort();
	uint32_t *mem = members_by_employer(g, count);
	int rc = 0;
	for (uint32_t e = 0; !rc && e < g->nents; e++) {
		rng r = rng_for(g->seed, T_DESIG, e);
		if (!count[e] || !rng_chance(&r, 0.1))
			continue;
		int k = (int)rng_below(&r, DESIG_NKINDS), held = 1 + (int)rng_below(&r, count[e]);
		rc = emit_designation(g, &r, e, k, mem + (size_t)e * DESIG_MAX_MEMBERS, held);
		/* Some enterprises have a post and an area. */
		if (!rc && rng_chance(&r, 0.2))
			rc = emit_designation(g, &r, e, (k + 1) % DESIG_NKINDS, mem + (size_t)e * DESIG_MAX_MEMBERS, 1);
	}
	free(mem);
	free(count);
	return rc;
}

static int emit_venues(gen *g)
{
	char name[512];
	int rc = 0;
	for (uint32_t o = 0; !rc && o < g->norgs; o++) {
		const org *x = &g->orgs[o];
		rng r = rng_for(g->seed, T_VENUE, o);
		if (x->mode == OM_LEAD || x->founded > g->today || !demo_org_active(g, x) || !rng_chance(&r, 0.7))
			continue;
		demo_org_name(g, o, name, sizeof name);
		row *w = &g->row;
		demo_row_clear(w);
		demo_row_set(w, VN_ORG, name);
		demo_row_printf(w, VN_ADDRESS, "%s%u号", ROADS[rng_below(&r, NELEM(ROADS))], 1 + rng_below(&r, 300));
		if (rng_chance(&r, 0.9))
			demo_row_printf(w, VN_AREA, "%d", rng_chance(&r, 0.1) ? rng_range(&r, 12, 29) : rng_range(&r, 30, 300));
		/* One in five lacks one or two of the 六有. */
		int lack = rng_chance(&r, 0.2) ? 1 + (int)rng_below(&r, 2) : 0;
		int miss[2] = {(int)rng_below(&r, 6), (int)rng_below(&r, 6)};
		for (int i = 0; i < 6; i++)
			demo_row_bool(w, VN_SITE + i, !((lack > 0 && miss[0] == i) || (lack > 1 && miss[1] == i)));
		demo_row_bool(w, VN_OPEN_BASE, !lack && rng_chance(&r, 0.12));
		if (rng_chance(&r, 0.85))
			demo_row_date(w, VN_RECOGNISED, rng_range(&r, x->founded, g->today));
		rc = demo_emit_row(g, LEDGER_VENUES);
	}
	return rc;
}

int demo_recog_emit(gen *g)
{
	int rc = emit_designations(g);
	return rc ? rc : emit_venues(g);
}
