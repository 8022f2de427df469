/* rating — the rules of 星级创评、分类定级 and the money around them (docs/party-work.md): the rubric
 * (areas → indicators → points, plus veto items), stars from a total, a rating's validity, the
 * five-star quota, the award range per star level, venues' standard, and money as a Chinese report
 * writes it. Pure functions over integers (scores in tenths of a point, money in 分, dates as day
 * numbers): no I/O, no SQL. Thresholds come from rating_settings, filled from the settings table
 * (core/settings.h) by rating_defaults + rating_apply, as dev_settings is. */
#ifndef FGDJ_RATING_H
#define FGDJ_RATING_H
#include <stddef.h>
#include <stdint.h>

/* One line of a rubric. A veto item (否决项) carries no points: when it applies, the organisation
 * gets no star whatever its total. */
typedef struct rubric_item {
	const char *area;      /* 考核方面 */
	const char *indicator; /* 指标 */
	int points;            /* 分值, whole points; 0 for a veto item */
	int veto;              /* 1 for a veto item */
} rubric_item;

#define RUBRIC_TOTAL 100 /* the scored indicators of a rubric add up to this */

/* The built-in rubric used by a cycle year without one of its own: 6 areas, 18 scored indicators,
 * 100 points, and 3 veto items. */
const rubric_item *rating_default_rubric(size_t *n);

/* Checks a rubric: at least one scored indicator, each indicator named once, scored points
 * between 1 and 100 and adding up to RUBRIC_TOTAL, veto items with no points. 0 when sound,
 * else -1 with a Chinese message naming the indicator (or the total) in msg. */
int rating_rubric_check(const rubric_item *items, size_t n, char *msg, size_t msgsz);

/* A score as written: whole points or one decimal ("8", "6.5"), ≥ 0. Returns 0 with tenths, -1 when
 * not a number, -2 negative, -3 more than one decimal. */
int rating_score_parse(const char *s, int *tenths);
/* A score in tenths as written back: "8", "6.5". out must hold 16 bytes. */
void rating_score_words(int tenths, char out[16]);

/* Resolves a row's indicator cells against its year's rubric. headers[k] is a column's header as
 * written, values[k] its cell (NULL or "" = not given); a header matches an indicator after
 * normalisation (spaces, full-width forms). scores[i] (one per item) receives tenths, or -1 when not
 * given. A header that is no scored indicator of the rubric, a score that is not a number with at
 * most one decimal, or one above its points is refused; so is a missing score unless the row is
 * vetoed (a veto gives no star, and a vetoed row often is not scored at all). Returns 0 with *total
 * in tenths; else -1 with a Chinese message and *bad the offending cell's index, or ncells + i for
 * the missing indicator i. */
int rating_scores_resolve(const rubric_item *items, size_t n, const char *const *headers, const char *const *values,
			  size_t ncells, int vetoed, int *scores, int *total, size_t *bad, char *msg, size_t msgsz);

typedef struct rating_settings {
	int star_min[6];        /* star_min[k]: lowest total (whole points) for k stars, k = 2..5 (rating.star_N) */
	int valid_years;        /* rating.valid_years (2) */
	int max_five_star_pct;  /* rating.max_five_star_pct (10); 0 = no cap */
	int commend_min_stars;  /* rating.commend_min_stars (3) */
	int64_t award_min[6];   /* funding.award_min_N in 分, by stars */
	int64_t award_max[6];   /* funding.award_max_N in 分, by stars */
	int venue_min_area;     /* venue.min_area in m² (0 = no minimum) */
} rating_settings;
void rating_defaults(rating_settings *c);
/* Applies one setting by key (rating.*, funding.award_*, venue.min_area); others are ignored. */
void rating_apply(rating_settings *c, const char *key, const char *value);

/* Stars for a total in tenths of a point: 1–5 by the thresholds, 0 when vetoed. */
int rating_stars(const rating_settings *c, int total_tenths, int vetoed);
/* The stars of a rating as the ledger holds it: its 总分 text (points, one decimal; NULL or bad: 0)
 * and its 否决情况 (NULL: none). Every reader of a rating row shows these. */
int rating_stars_of(const rating_settings *c, const char *total, const char *veto);
/* 1 when a rating dated `rated` is valid on d: rated ≤ d < rated + valid_years years. */
int rating_valid_on(const rating_settings *c, int rated, int d);
/* 1 when `five` five-star organisations among `rated` exceed the cap (exactly the cap is allowed). */
int rating_quota_exceeded(const rating_settings *c, int64_t five, int64_t rated);
/* 1 when a 星级奖励 of amount 分 lies within the range for that many stars (0–5; 0 = no valid
 * rating, which has no award range, so any award is outside it). */
int rating_award_in_range(const rating_settings *c, int stars, int64_t amount);

/* The 六有 of a venue and whether it is standard: all six, and the area at least venue.min_area
 * (an unknown area, -1, meets only a zero minimum). */
typedef struct venue_facts {
	unsigned char site, facilities, sign, flag, books, rules; /* 有场所 有设施 有标识 有党旗 有书报 有制度 */
	int area;                                                 /* m², -1 when not recorded */
} venue_facts;
int rating_venue_standard(const rating_settings *c, const venue_facts *v);

/* Money as a Chinese report writes it: under 10,000 元 in 元 with up to two decimals ("0.01元",
 * "9999.99元", "5000元"); from 10,000 元 in 万元 rounded half up to two decimals, trailing zeros
 * dropped ("1万元", "1.23万元"). out must hold 32 bytes. Negative amounts get a leading "-". */
void money_words(int64_t fen, char out[32]);

#endif
