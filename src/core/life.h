/* life — the compliance rules of party work (docs/party-work.md): organisational-life minimums
 * per month / quarter / year, the study-hour requirement, secretaries' terms and instructors'
 * visits per quarter. Pure functions over day numbers (util/date.h): no I/O, no SQL, no
 * allocation. Every result is written into a fixed-size struct owned by the caller; the tables
 * are static and read-only. Thresholds come from life_settings, filled from the settings table
 * (core/settings.h) by life_defaults + life_apply, as rules_cfg is.
 *
 * Hours are integer tenths of an hour everywhere (1.5 学时 = 15): records carry at most one
 * decimal, so sums and comparisons are exact. */
#ifndef FGDJ_LIFE_H
#define FGDJ_LIFE_H
#include <stddef.h>
#include <stdint.h>

/* The minimums, in the order of life_kinds[] and life_kind_names[]. */
enum {
	LIFE_ASSEMBLY,     /* 支部党员大会 (a 党委/党总支's own assembly counts) */
	LIFE_COMMITTEE,    /* 支部委员会 */
	LIFE_GROUP,        /* 党小组会 */
	LIFE_LESSON,       /* 党课 */
	LIFE_THEMED_DAY,   /* 主题党日 */
	LIFE_LIFE_MEETING, /* 组织生活会 */
	LIFE_APPRAISAL,    /* 民主评议党员 */
	LIFE_NKINDS
};

typedef enum life_period { LIFE_MONTH, LIFE_QUARTER, LIFE_YEAR } life_period;
/* Which organisations a minimum applies to (leadership bodies never). */
typedef enum life_when { LIFE_ALWAYS, LIFE_WITH_COMMITTEE, LIFE_WITH_GROUPS } life_when;

typedef struct life_kind {
	life_period period;
	life_when applies;
	const char *setting; /* key of the minimum count per period */
} life_kind;

extern const life_kind life_kinds[LIFE_NKINDS];
/* The meetings ledger's 活动类型 values, NULL-terminated (usable as ledger choices). */
extern const char *const life_kind_names[LIFE_NKINDS + 1];
/* Meeting forms, NULL-terminated; every form counts towards the minimums. */
extern const char *const life_forms[];
/* The instructors' "四员" roles of a visit, NULL-terminated. */
extern const char *const visit_roles[];

/* The index of a 活动类型 in life_kinds, or -1. */
int life_kind_find(const char *name);

typedef struct life_settings {
	int min[LIFE_NKINDS];   /* per period of the kind; 0 switches the kind off */
	int member_hours;       /* study.member_hours, per year */
	int cadre_hours;        /* study.cadre_hours, per year, for a current secretary */
	int visits_per_quarter; /* instructor.visits_per_quarter; 0 switches visits off */
} life_settings;

/* The defaults of the settings table. */
void life_defaults(life_settings *c);
/* Applies one setting by key; keys of other modules and invalid values are ignored (settings
 * are validated when written). */
void life_apply(life_settings *c, const char *key, const char *value);

/* ---- periods ---- */

#define LIFE_LABEL_MAX 32

int life_nperiods(life_period p); /* 12, 4, 1 */
/* First and last day of period idx (0-based) of that kind in year. */
void life_period_bounds(int year, life_period p, int idx, int *first, int *last);
/* The index of the period holding month (1–12). */
int life_period_index(life_period p, int month);
/* "2026年3月", "2026年第1季度", "2026年度". */
void life_period_label(int year, life_period p, int idx, char out[LIFE_LABEL_MAX]);

typedef enum life_state {
	LIFE_NA,      /* not applicable: kind off or not for this organisation, period after D, or the
	               * organisation / assignment did not exist for the whole period */
	LIFE_HELD,    /* minimum met */
	LIFE_MISSING, /* ended period, minimum not met */
	LIFE_DUE      /* running period (holds D), minimum not met yet */
} life_state;

/* 不适用 / 已开展 / 未开展 / 待开展 */
const char *life_state_name(life_state s);

typedef struct life_cell {
	int held;               /* meetings (visits) dated in the period, on or before D */
	unsigned char state;    /* life_state */
	unsigned char checked;  /* 1: ended, applicable, existed for all of it — counts for compliance */
} life_cell;

typedef struct life_miss {
	unsigned char kind; /* index in life_kinds */
	unsigned char idx;  /* period index */
} life_miss;

/* ---- organisational life of one organisation over the year of D ---- */

typedef struct life_org {
	int founded;       /* day number (成立日期) */
	int has_committee; /* 是否设支委会 = 是 */
	int groups;        /* 党小组数 */
	int is_leadership; /* 组建方式 上级机关: never checked */
} life_org;

typedef struct life_meeting {
	int kind; /* index in life_kinds; other values are ignored */
	int day;
} life_meeting;

typedef struct life_calendar {
	int year, as_of;
	life_cell cell[LIFE_NKINDS][12]; /* [kind][period index]; life_nperiods() of the kind used */
	int checked;   /* ≥1 period checked */
	int compliant; /* checked and nothing missing (an unchecked organisation is neither) */
	int nmissing;
	life_miss missing[LIFE_NKINDS * 12]; /* by period end, then kind: the order of a to-do list */
} life_calendar;

/* Fills *out for the year of as_of. Meetings outside 1 January..as_of are not counted. The
 * secretary's "this month" is every cell in state LIFE_DUE. */
void life_org_year(const life_org *o, const life_meeting *m, size_t n, int as_of, const life_settings *c,
		   life_calendar *out);

/* The same from counts: an organisation's meetings of the year of D per kind and month. */
typedef struct life_held {
	uint16_t n[LIFE_NKINDS][12]; /* [kind][month - 1], saturating */
} life_held;
/* Counts n meetings of kind on day into h when the kind is known and the day lies in 1 January..
 * as_of of as_of's year. */
void life_held_add(life_held *h, int kind, int day, int n, int as_of);
/* Counts n meetings of kind in month (1–12) of the year of D, all known to be on or before D. */
void life_held_add_month(life_held *h, int kind, int month, int n);
void life_org_year_held(const life_org *o, const life_held *h, int as_of, const life_settings *c,
			life_calendar *out);
/* The calendar cell of kind for a month (1–12): the cell of the period holding that month. */
const life_cell *life_cell_of_month(const life_calendar *cal, int kind, int month);

/* ---- study hours ---- */

/* Whole hours required by D: the yearly requirement (cadre: a current secretary on D) × days
 * from 1 January to D inclusive ÷ days in the year, rounded down. */
int study_required(int as_of, int is_cadre, const life_settings *c);
/* 1 when tenths of hours studied in the year meet required whole hours (study_required). */
int study_met(int64_t tenths, int required);
/* Average of sum_tenths over members, in tenths rounded half up (the rates' rounding); -1 when
 * there are no members. */
int study_hours_avg(int64_t sum_tenths, int64_t members);

#define STUDY_MAX_TENTHS 240 /* one record, or one day: 24 hours */

/* Parses a record's hours ("2", "1.5", "1.50") into tenths. Returns NULL, or a Chinese reason
 * when the text is not a number ≥ 0 with at most one decimal, or exceeds 24 hours. */
const char *study_hours_parse(const char *s, int *tenths);
/* Canonical text of tenths: "2", "1.5". */
void study_hours_format(int tenths, char out[16]);

/* ---- secretaries ---- */

/* A term runs from 任职日期 (start) through the day before 离任日期 (end, DATE_NONE = still). */
typedef struct sec_term {
	int start, end;
} sec_term;

/* 1 when the end is empty or after the start. */
int secretary_term_valid(int start, int end);
/* 1 when the term is current on as_of. */
int secretary_current(int start, int end, int as_of);
/* 1 when two of one organisation's terms share a day, with the first such pair in *i < *j.
 * Quadratic: meant for one organisation's few terms. */
int secretary_overlap(const sec_term *t, size_t n, size_t *i, size_t *j);

/* ---- instructors' visits ---- */

typedef struct visit_year {
	int year, as_of;
	life_cell quarter[4];
	int checked, compliant; /* as life_calendar */
	int nmissing;
	unsigned char missing[4]; /* quarter indexes */
} visit_year;

/* One assignment of an instructor to an enterprise, from start (DATE_NONE: before the year)
 * through end (the day it ended, DATE_NONE = still active), with the days of its visits. A
 * quarter is checked when it has ended by as_of and the assignment covered it entirely. */
void visit_assignment_year(int start, int end, const int *visits, size_t n, int as_of, int per_quarter,
			   visit_year *out);

#endif
