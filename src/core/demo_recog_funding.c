/* The demo's funding ledger (党建经费): this year's and last year's grants to active organisations
 * (those covering an operating enterprise) — 星级奖励 to most of those rated three stars or more
 * (demo_recog_rating.c), dated after their rating, within the default range of their stars but for
 * a few just below it; 专项补贴 to a few; 其他 to some. Rows follow the ratings, in organisation
 * order. */
#include <stdio.h>

#include "core/demo_int.h"
#include "core/dues.h"
#include "util/date.h"

/* The default award ranges (settings funding.award_min_N / max_N) in 元, for 3–5 stars. */
static const int AWARD_LO[] = {5000, 10000, 20000}, AWARD_HI[] = {10000, 20000, 50000};

static int active(const gen *g, const org *o)
{
	for (uint32_t i = 0; i < o->cover_n; i++)
		if (g->ents[g->cov[o->cover_first + i]].status == ST_OPERATING)
			return 1;
	return 0;
}

/* A day of year y after the organisation was founded and not after today; -1 when none. */
static int grant_day(const gen *g, rng *r, const org *o, int y)
{
	int lo = date_from_ymd(y, 1, 1), hi = date_from_ymd(y, 12, 31);
	if (lo < o->founded)
		lo = o->founded;
	if (hi > g->today)
		hi = g->today;
	return lo > hi ? -1 : rng_range(r, lo, hi);
}

static int grant(gen *g, const char *oname, int day, const char *kind, int64_t fen, const char *doc)
{
	row *w = &g->row;
	char amount[24];
	dues_money_format(fen, amount);
	demo_row_clear(w);
	demo_row_set(w, FU_ORG, oname);
	demo_row_date(w, FU_DATE, day);
	demo_row_set(w, FU_KIND, kind);
	demo_row_set(w, FU_AMOUNT, amount);
	if (doc)
		demo_row_set(w, FU_DOC, doc);
	return demo_emit_row(g, LEDGER_FUNDING);
}

int demo_funding_emit(gen *g)
{
	char oname[512], doc[64];
	for (uint32_t o = 0; o < g->norgs; o++) {
		const org *og = &g->orgs[o];
		if (og->mode == OM_LEAD || !active(g, og))
			continue;
		rng r = rng_for(g->seed, T_FUNDING, o);
		demo_org_name(g, o, oname, sizeof oname);
		for (int y = g->today_y - 1; y <= g->today_y; y++) {
			int rc = 0, day;
			if (og->stars >= 3 && rng_chance(&r, 0.35) && (day = grant_day(g, &r, og, y)) >= og->rated) {
				int k = og->stars - 3;
				int64_t yuan = (int64_t)rng_range(&r, AWARD_LO[k] / 1000, AWARD_HI[k] / 1000) * 1000;
				if (rng_chance(&r, 0.04)) /* a slip: just below the range */
					yuan = AWARD_LO[k] - 500;
				snprintf(doc, sizeof doc, "区委组〔%d〕%d号", y, 10 + (int)rng_below(&r, 40));
				rc = grant(g, oname, day, "星级奖励", yuan * 100, doc);
			}
			if (!rc && rng_chance(&r, 0.03) && (day = grant_day(g, &r, og, y)) >= 0)
				rc = grant(g, oname, day, "专项补贴", (int64_t)rng_range(&r, 50, 500) * 10000, NULL);
			if (!rc && rng_chance(&r, 0.08) && (day = grant_day(g, &r, og, y)) >= 0)
				rc = grant(g, oname, day, "其他", (int64_t)rng_range(&r, 500, 300000), NULL);
			if (rc)
				return rc;
		}
	}
	return 0;
}
