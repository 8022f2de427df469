/* rating_store — 星级创评 in the database: a cycle year's rubric (its rubric_item rows, or the
 * built-in default of core/rating.h when it has none), a rubric import's replacement of the years
 * it names, the stars of an organisation on a date, and the ratings of a year for the ranking and
 * the score sheet. Ratings themselves are written by store_put (party_store.c), which calls the
 * checks here; the rules are core/rating.h's. Owns nothing beyond what it returns (freed by the
 * caller with the matching _free). */
#ifndef FGDJ_RATING_STORE_H
#define FGDJ_RATING_STORE_H
#include <stddef.h>
#include <stdint.h>

#include "core/rating.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/strmap.h"

/* A year's rubric as loaded: items in order (scored and veto); own is 1 when the year has its own
 * rows, 0 when it is the built-in default. */
typedef struct rubric {
	rubric_item *items;
	size_t n;
	int own;
	int year;
} rubric;
/* Loads year's rubric into r (rubric_free). FG_OK, or FG_EFAIL with e filled. */
int store_rubric_get(store *s, int year, rubric *r, fg_err *e);
void rubric_free(rubric *r);
/* The years that have a rubric of their own, ascending, into *years (caller frees); the count. */
size_t store_rubric_years(store *s, int **years);

/* The rating settings in force — rating.*, funding.award_* and venue.min_area (core/rating.h) —
 * the defaults overridden by the settings table. */
void store_rating_settings(store *s, rating_settings *c);

/* After a rubric import has written its rows (keys: "year\x1f指标" → file row, as the importer's
 * duplicate check keeps them): for each year named, the stored indicators the file does not list
 * are removed (with history), the year's rubric is checked whole (rating_rubric_check), and refused
 * when it would alter a recorded rating of that year (an indicator it scored removed, or points
 * lowered below its score). FG_EINPUT with e filled and *row the file row to blame (0: the file);
 * FG_EFAIL on a database failure. In the caller's transaction. */
int store_rubric_replace(store *s, const strmap *keys, size_t *row, fg_err *e);

/* The stars of an organisation on a date (YYYY-MM-DD): those of its newest rating dated on or
 * before it, if that rating is still valid (rating.valid_years): 1–5, or 0 when it was vetoed.
 * Returns 1 with *stars set, 0 when the organisation has no valid rating on that date, -1 on a
 * database failure. Stars follow the thresholds c (store_rating_settings: those in force now; they
 * are never stored), read once by the caller. */
int store_org_stars_on(store *s, const rating_settings *c, int64_t org_id, const char *date, int *stars);

/* Every rating, by organisation and date: its organisation, day, total (tenths) and 1 when
 * vetoed. For the figures (report/party.c), inside the caller's read snapshot. */
int store_scan_ratings(store *s, int (*fn)(void *ctx, int64_t org, int rated, int total, int vetoed), void *ctx,
		       fg_err *e);

/* One organisation's rating of a year, for the ranking page and the score sheet. */
typedef struct rating_row {
	int64_t org_id;
	const char *org, *street; /* street "" when none */
	const char *rated;        /* YYYY-MM-DD; NULL when not rated that year */
	const char *veto;         /* NULL: not vetoed */
	const char *scores;       /* "指标：分；…" (COL_DYNAMIC), NULL when not rated */
	int total;                /* tenths */
} rating_row;
/* Calls fn for every active organisation the filter reaches (region_id: placed in that street or
 * community or covering an enterprise of it, as the lists narrow; 0 = any), with its
 * rating of year or rated NULL, ordered by total (highest first; unrated last) then name. rated_only
 * skips the unrated. fn returns nonzero to stop (that value is returned). FG_EFAIL on failure. */
int store_ratings_of_year(store *s, const store_filter *f, int year, int64_t region_id, int rated_only,
			  int (*fn)(void *ctx, const rating_row *r), void *ctx, fg_err *e);

/* The indicator headers a ratings file of these years carries: the scored indicators of each
 * year's rubric (year 0: every year that has ratings, or the current one when none), in rubric
 * order, each once. Returns the count; names in out, one per line. */
size_t store_rating_headers(store *s, int year, int this_year, buf *out, fg_err *e);

#endif
