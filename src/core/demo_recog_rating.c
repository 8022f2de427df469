/* The demo's 星级创评 (demo_int.h): the older of the last two cycle years has its rubric imported
 * (the built-in one), the newer keeps the default; about 60 % of active organisations are rated in
 * one of the two, early in the year after the cycle (so every rating is still valid today). Totals
 * spread as a district's do — about one in ten five-star, never over the 10 % cap of the default
 * settings, most three or four stars, a few below 60 — and about one in thirty is vetoed. Scores go
 * in half points, each indicator near the organisation's overall level. */

#include "core/demo_int.h"
#include "core/rating.h"
#include "util/date.h"

/* The built-in rubric as the district's own for year y. */
static int emit_rubric(gen *g, int y)
{
	size_t n;
	const rubric_item *items = rating_default_rubric(&n);
	for (size_t i = 0; i < n; i++) {
		row *w = &g->row;
		demo_row_clear(w);
		demo_row_printf(w, RB_YEAR, "%d", y);
		demo_row_set(w, RB_AREA, items[i].area);
		demo_row_set(w, RB_INDICATOR, items[i].indicator);
		if (!items[i].veto)
			demo_row_printf(w, RB_POINTS, "%d", items[i].points);
		demo_row_bool(w, RB_VETO, items[i].veto);
		int rc = demo_emit_row(g, LEDGER_RUBRIC);
		if (rc)
			return rc;
	}
	return 0;
}

/* The organisation's level, in hundredths of full marks: mostly 70–89, some 90+, a few below 60. */
static int level_of(rng *r)
{
	uint32_t u = rng_below(r, 100);
	return u < 9 ? rng_range(r, 91, 98) : u < 40 ? rng_range(r, 81, 89) : u < 80 ? rng_range(r, 71, 79)
	       : u < 94 ? rng_range(r, 61, 69) : rng_range(r, 50, 59);
}

int demo_rating_walk(gen *g, int emit)
{
	int rc = emit ? emit_rubric(g, g->today_y - 2) : 0;
	size_t n;
	const rubric_item *items = rating_default_rubric(&n);
	rating_settings defaults;
	rating_defaults(&defaults);
	const rating_settings *cfg = &defaults;
	int64_t rated = 0, five = 0;
	char name[256], w[16];
	buf scores = {0};
	for (uint32_t o = 0; o < g->norgs && !rc; o++) {
		org *x = &g->orgs[o];
		if (x->mode == OM_LEAD || !demo_org_active(g, x))
			continue;
		rng r = rng_for(g->seed, T_RATING, o);
		if (!rng_chance(&r, 0.6))
			continue;
		int cycle = g->today_y - 1 - (int)rng_below(&r, 2);
		int day = date_from_ymd(cycle + 1, 1, 10) + (int)rng_below(&r, 80);
		if (day > g->today)
			day = g->today;
		if (day < x->founded)
			continue; /* founded since: rated next cycle */
		demo_org_name(g, o, name, sizeof name);
		row *rw = &g->row;
		demo_row_clear(rw);
		demo_row_set(rw, RT_ORG, name);
		demo_row_printf(rw, RT_YEAR, "%d", cycle);
		demo_row_date(rw, RT_DATE, day);
		rated++;
		if (rng_chance(&r, 1.0 / 30)) {
			demo_row_set(rw, RT_VETO, items[n - 1 - rng_below(&r, 3)].indicator);
			x->rated = day; /* vetoed: no stars */
			rc = emit ? demo_emit_row(g, LEDGER_RATINGS) : 0;
			continue;
		}
		int level = level_of(&r), total = 0;
		int sc[32];
		for (size_t i = 0; i < n; i++) {
			if (items[i].veto)
				continue;
			/* Half points around the level, within 0..points. */
			int halves = (items[i].points * 2 * (level + rng_range(&r, -8, 8)) + 50) / 100;
			if (halves > items[i].points * 2)
				halves = items[i].points * 2;
			sc[i] = halves < 0 ? 0 : halves * 5;
			total += sc[i];
		}
		/* The cap holds at every step, so it holds at the end: a five-star that would break it
		 * loses half points until it is four-star. */
		if (rating_stars(cfg, total, 0) == 5 && rating_quota_exceeded(cfg, five + 1, rated))
			for (size_t i = 0; total >= cfg->star_min[5] * 10; i = (i + 1) % n)
				if (!items[i].veto && sc[i] >= 5) {
					sc[i] -= 5;
					total -= 5;
				}
		five += rating_stars(cfg, total, 0) == 5;
		x->stars = (uint8_t)rating_stars(cfg, total, 0);
		x->rated = day;
		buf_reset(&scores);
		for (size_t i = 0; i < n; i++) {
			if (items[i].veto)
				continue;
			rating_score_words(sc[i], w);
			ledger_dynamic_add(&scores, items[i].indicator, w);
		}
		demo_row_set(rw, RT_SCORES, buf_cstr(&scores));
		rating_score_words(total, w);
		demo_row_set(rw, RT_TOTAL, w);
		rc = emit ? demo_emit_row(g, LEDGER_RATINGS) : 0;
	}
	buf_free(&scores);
	return rc;
}
