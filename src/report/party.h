/* party — the party-work records of a region over the year of a date (docs/party-work.md):
 * every active organisation's calendar, every member's study hours, the current secretaries,
 * every assignment's visits and who took part in which training. Read by facts_load in the same
 * snapshot as the rest of the facts and reduced once; the figures (stats.c), the findings
 * (check.c) and the work report (work.c) all read these results, and every rule is applied by
 * core/life.h. Everything here is owned by the party struct (party_free). */
#ifndef FGDJ_PARTY_H
#define FGDJ_PARTY_H
#include <stddef.h>
#include <stdint.h>

#include "core/dev.h"
#include "core/ledger.h"
#include "core/life.h"
#include "core/rating.h"
#include "core/metrics.h"
#include "core/rating.h"
#include "store/store.h"

struct facts;

typedef struct party_org {    /* an active organisation of the region */
	int64_t id;
	life_org org;                /* what its calendar depends on */
	life_held held;              /* its meetings of the year up to D, per kind and month */
	int checked, compliant;      /* of its calendar (party_org_calendar) */
	int meetings, themed_days, lessons; /* held in the year, up to D */
	int transfers_in, transfers_out;    /* completed in the year, up to D */
	int transfers_pending;              /* letters dated by D, not completed on D */
	int32_t sec;                 /* index in secs of the current secretary, -1 none */
	/* funding of the year up to D (core/funding.h), 分 */
	int64_t award_sum, award_min, award_max, subsidy_sum;
	int awards;                  /* 星级奖励 counted in award_sum */
	int funding_outs;            /* its entries in party.funding_outs */
	signed char stars;           /* of its newest rating dated by D if still valid: 1–5, 0 vetoed, -1 none */
	unsigned char commended;     /* stars of its rating dated in D's year, by D, when ≥ rating.commend_min_stars; else 0 */
	/* its venue (党员活动阵地): has_venue when recorded; counts from its 认定日期 (core/recog.h) */
	unsigned char has_venue, venue_counts, venue_standard, open_base;
	venue_facts venue;
	int venue_recognised;        /* DATE_NONE when empty */
} party_org;

typedef struct party_member { /* parallel to facts.members: the region's members */
	int32_t tenths;              /* study hours of the year */
	int32_t hours;               /* the part of tenths from meetings and study records (party_reload_hours) */
	unsigned char cadre, met;
	unsigned char dues_rows, dues_unpaid; /* of the six-month window, bit per month (core/dues.h) */
	unsigned char dues_any;      /* has a dues row of an ended month: the six-month rule applies */
	unsigned char dues_late;     /* six consecutive ended months unpaid on D */
	/* 分, recorded for the ended months of D's year, in 48 bits (party_member_dues, 28 bytes a
	 * member, not 32: a city's facts hold 255,000): a year's twelve months of at most 10⁸ 元 each
	 * (dues_money_parse) are far inside ±2⁴⁷ 分. */
	unsigned char dues_due[6], dues_paid[6];
} party_member;

/* A 48-bit amount of party_member (little-endian, two's complement) read, and v added to one
 * (saturating at ±(2⁴⁷ − 1), never reached by amounts dues_money_parse takes). */
static inline int64_t party_i48(const unsigned char b[6])
{
	uint64_t u = 0;
	for (int i = 5; i >= 0; i--)
		u = u << 8 | b[i];
	if (u & ((uint64_t)1 << 47))
		u |= ~(((uint64_t)1 << 48) - 1);
	return (int64_t)u;
}

static inline void party_i48_add(unsigned char b[6], int64_t v)
{
	const int64_t max = ((int64_t)1 << 47) - 1;
	int64_t x = party_i48(b);
	x = v > 0 && x > max - v ? max : v < 0 && x < -max - v ? -max : x + v;
	uint64_t u = (uint64_t)x;
	for (int i = 0; i < 6; i++, u >>= 8)
		b[i] = (unsigned char)(u & 0xff);
}

typedef struct party_dues_diff { /* a recorded 应缴 that is not the rule's for its 税后工资 */
	int32_t member;              /* index in members */
	int month;                   /* month index (core/dues.h) */
	unsigned char retired;
	int64_t base, recorded, rule; /* 分 */
} party_dues_diff;

typedef struct party_dev {    /* a development record of a person employed in the region */
	int32_t ent;                 /* employer, index in facts.ents */
	unsigned char stage;         /* dev_stage on D */
	unsigned char in_year;       /* 支部大会 dated in the year, on or before D */
	unsigned char broken;        /* ≥ 1 DEV_* rule broken on D */
	unsigned char dual;          /* 是否双培 = 是 */
	char *name, *idno, *detail;  /* of a broken record (the broken rules' messages); else NULL */
} party_dev;

typedef struct party_late {   /* a transfer of an active organisation pending over 3 months on D */
	int64_t org, member;         /* member: its id (name and idno read by it once the scan is over) */
	char *name, *idno, *other;
	int in, letter;
} party_late;

typedef struct party_campaign { /* an investigation campaign started on or before D */
	int64_t id;
	char *name, *lead, *partners, *range; /* partners, range NULL when empty (range: the district) */
	int start, deadline;
	int in_year;                 /* campaign_of_year on D */
	int tasks, done, findings;   /* its tasks of enterprises of the region: all, done on D, with 发现情况 */
} party_campaign;

typedef struct party_task {   /* a task of a campaign of the year, enterprise in the region */
	int32_t ent;                 /* index in facts.ents */
	int32_t campaign;            /* index in campaigns */
	unsigned char done;          /* task_done_on D */
	unsigned char overdue;       /* task_overdue_on D */
	unsigned char found;         /* its 发现情况 counts in its campaign's findings (in_year, done on D) */
} party_task;
typedef struct party_xm {     /* a roster line of an enterprise of the region that is a candidate on D */
	int32_t ent;                 /* index in facts.ents */
	unsigned char cls;           /* xm_class (core/crossmatch.h) */
} party_xm;

typedef struct party_funding_out { /* a 星级奖励 of the year outside the range for the stars (core/funding.h) */
	int64_t org;
	int day;
	char *detail;                /* funding_award_outside's message */
} party_funding_out;
typedef struct party_desig {  /* a designation in force on D, of an enterprise of the region */
	int64_t id;
	int32_t ent;                 /* index in facts.ents */
	unsigned char kind;          /* designation_kind */
} party_desig;

typedef struct party_sec {    /* the current secretary of an active organisation */
	int64_t org;
	char method[16];
	unsigned char dual_strong, investor, trained;
} party_sec;

typedef struct party_visit {  /* a visit of the year to an enterprise of the region */
	int64_t instructor;
	int32_t ent;
	int day;
	unsigned roles;              /* bit i: visit_roles[i] */
} party_visit;

typedef struct party_asg {    /* an assignment to an operating enterprise of the region, in the year */
	int64_t instructor;
	int32_t ent;
	visit_year vy;
} party_asg;

typedef struct party_part {   /* one participation of a region's participant in an event of the year */
	int64_t training;
	int32_t person;              /* distinct person number (ID number, or 姓名 + 企业) */
	int32_t ent;
	unsigned char investor;
} party_part;

typedef struct party {
	life_settings cfg;
	int any_meeting, any_study, any_secretary, any_visit; /* the ledger holds any record */
	int any_development;
	int64_t max_org;
	int32_t *org_at;             /* org id → index in orgs, -1 when not active in the region */
	party_org *orgs;
	size_t norgs;
	party_member *members;
	size_t nmembers;
	party_sec *secs;
	size_t nsecs;
	party_visit *visits;
	size_t nvisits;
	party_asg *asgs;
	size_t nasgs;
	party_dev *devs;
	size_t ndevs;
	party_late *lates;
	size_t nlates;
	/* What only the findings read (check.c) — left empty when the facts were loaded for the figures
	 * alone (facts.figures_only): lates, dues_diffs, funding_outs (and party_org.funding_outs 0),
	 * the devs' name, idno and detail (NULL). Every figure is the same either way. */
	party_dues_diff *dues_diffs; /* of the months party_load reads (the year's and the window's ended ones) */
	size_t ndues_diffs;
	party_xm *xms;
	size_t nxms;
	party_part *parts;
	size_t nparts;
	char **person_keys;          /* person number → the trainee ledger's key of it (parts' person):
				      * what facts_merge numbers the persons of several loads by */
	size_t npersons;
	party_campaign *camps;       /* in start order */
	size_t ncamps;
	party_task *tasks;           /* of every campaign in camps (the overdue of earlier years too), in
				      * (campaign id, enterprise id) order */
	size_t ntasks;
	party_funding_out *funding_outs; /* in date order */
	size_t nfunding_outs;
	rating_settings rcfg;        /* rating.* in force (core/rating.h) */
	int any_venue;               /* the venues ledger holds any record */
	party_desig *desigs;
	size_t ndesigs;
} party;

/* Reads and reduces the records for f's region and date. f's enterprises, links and members are
 * loaded; the caller holds the read snapshot. */
int party_load(store *s, const struct facts *f, party *p, fg_err *e);
/* How party_load reads meetings and members' hours. PARTY_TOTALS_AUTO reads the per-year totals
 * kept with the records (meeting_tally, member_hours) when no meeting or study record is dated
 * after f's date in its year, where they are exact; else it reads every meeting and attendance.
 * The others force one way (tests compare them). */
typedef enum party_mode { PARTY_TOTALS_AUTO, PARTY_TOTALS, PARTY_RECORDS } party_mode;
int party_load_mode(store *s, const struct facts *f, party *p, party_mode mode, fg_err *e);
/* p, loaded by party_load for f's region and date, with its organisations' meetings and its
 * members' hours of meetings and study read again from the per-year totals (the rest as it was,
 * and the calendars and study rule applied again): after writes of meeting or study records alone.
 * 1, nothing changed, when the totals would not be exact (a meeting or study record dated after f's
 * date in its year) or whether the ledger holds any meeting or study record changed; else FG_OK
 * or FG_EFAIL. The caller holds the read snapshot. */
int party_reload_hours(store *s, const struct facts *f, party *p, fg_err *e);
/* p, whose organisations are the caller's copies, with the organisations ids (n of them, none of
 * p's; no record but their links and those the caller reads again whole next names them:
 * store_org_bare) come in as active ones — p->org_at a new array, sized to the largest id, the
 * earlier one left to its owner — their calendars read (party_reload_orgs): after a new
 * organisation (STORE_ORG_NEW). FG_OK or FG_EFAIL; the caller holds the read snapshot. */
int party_orgs_enter(store *s, const struct facts *f, party *p, const int64_t *ids, size_t n, fg_err *e);
/* p, whose organisations and their index (org_at) are the caller's own (party_orgs_enter's), without
 * the organisations ids (n of them, ascending; those not active in p are passed over), the others
 * in their order: after organisations closed left the region's active ones. What names
 * organisations by their place (party_org.sec) is read again by the caller (party_reload_secs). */
void party_orgs_leave(party *p, const int64_t *ids, size_t n);
/* p with the organisations orgs (n of them; those not active in p are passed over) read again as
 * their calendars depend on them (是否设支委会, 党小组数: store_scan_life_orgs) and their calendars
 * applied again: after edits of organisation records (STORE_ORG_LIFE). FG_OK or FG_EFAIL. The
 * caller holds the read snapshot. */
int party_reload_orgs(store *s, const struct facts *f, party *p, const int64_t *orgs, size_t n, fg_err *e);
/* p with its development records read again (p->devs, p->ndevs: a new array, the earlier one left
 * to its owner): after writes of development records (STORE_PARTY_DEV). 1, nothing changed, when
 * whether the ledger holds any changed (the work report reads the members' 入党日期 then); else FG_OK
 * or FG_EFAIL. The caller holds the read snapshot. */
int party_reload_devs(store *s, const struct facts *f, party *p, fg_err *e);
/* p, whose organisations and members are the caller's copies, with its current secretaries read
 * again (p->secs, p->nsecs: a new array, the earlier one left to its owner; each organisation's sec,
 * each member's cadre) and the study rule applied again: after writes of secretary records
 * (STORE_PARTY_SEC). 1, nothing changed, when whether the ledger holds any changed; else FG_OK or
 * FG_EFAIL (p->secs then what was read: the caller frees it). The caller holds the read snapshot. */
int party_reload_secs(store *s, const struct facts *f, party *p, fg_err *e);
/* p, whose organisations are the caller's copies, with the transfers read again (each organisation's
 * transfers of the year and pending; p->lates, p->nlates: a new array, the earlier one left to its
 * owner): after writes of transfer records (STORE_PARTY_TRANSFER). FG_OK or FG_EFAIL (p->lates then
 * what was read: the caller frees it). The caller holds the read snapshot. */
int party_reload_transfers(store *s, const struct facts *f, party *p, fg_err *e);
/* p with the campaigns and their tasks read again (p->camps, p->tasks: new arrays, the earlier ones
 * left to their owner): after writes of campaign or task records (STORE_PARTY_TASK). FG_OK or
 * FG_EFAIL (the arrays then what was read: the caller frees them). The caller holds the read
 * snapshot. */
int party_reload_tasks(store *s, const struct facts *f, party *p, fg_err *e);
/* p with the roster lines that are cross-match candidates on f's day read again (p->xms: a new array,
 * the earlier one left to its owner): after writes that change them (STORE_ROSTER). FG_OK or FG_EFAIL
 * (p->xms then what was read: the caller frees it). The caller holds the read snapshot. */
int party_reload_xms(store *s, const struct facts *f, party *p, fg_err *e);
/* party_reload_secs, and the year's trainees read again too: each member's hours from training, the
 * training figures' parts and persons (p->parts, p->person_keys: new arrays, the earlier ones left to
 * their owner), the study rule applied again: after writes of training or trainee records
 * (STORE_PARTY_TRAINING). Returns as party_reload_secs. */
int party_reload_trainings(store *s, const struct facts *f, party *p, fg_err *e);
/* The n texts v freed, and the array; and a deep copy of them (party.person_keys). */
void party_keys_free(char **v, size_t n);
char **party_keys_copy(char *const *v, size_t n);
/* p, whose organisations are the caller's copies, with the ratings, funding, designations and venues
 * read again (each organisation's stars, awards, subsidies and venue; p->funding_outs and p->desigs:
 * new arrays, the earlier ones left to their owner; p->any_venue): after writes of those records
 * (STORE_PARTY_RECOG). FG_OK or FG_EFAIL (the arrays then what was read: the caller frees them).
 * The caller holds the read snapshot. */
int party_reload_recog(store *s, const struct facts *f, party *p, fg_err *e);
/* The n funding entries out of range v, their texts with them, freed; and a deep copy of them. */
void party_funding_outs_free(party_funding_out *v, size_t n);
party_funding_out *party_funding_outs_copy(const party_funding_out *v, size_t n);
/* The n campaigns v, their texts with them, freed; and a deep copy of them. */
void party_camps_free(party_campaign *v, size_t n);
party_campaign *party_camps_copy(const party_campaign *v, size_t n);
/* The n late transfers v, their texts with them, freed; and a deep copy of them. */
void party_lates_free(party_late *v, size_t n);
party_late *party_lates_copy(const party_late *v, size_t n);
/* The n development records v, their texts with them, freed; and a deep copy of them. */
void party_devs_free(party_dev *v, size_t n);
party_dev *party_devs_copy(const party_dev *v, size_t n);
/* The visits of the year to f's region up to f's date and each assignment's quarters (p->visits,
 * p->asgs: new arrays, p's earlier ones not freed), by f's enterprises. Part of party_load; the
 * caller holds the read snapshot. FG_OK or FG_EFAIL (the arrays read so far are p's). */
int party_visits_read(store *s, const struct facts *f, party *p, fg_err *e);
/* party_visits_read and whether the ledger holds any visit (p->any_visit), the rest of p as it was:
 * after writes of visit records alone (facts_patch). The caller holds the read snapshot. */
int party_reload_visits(store *s, const struct facts *f, party *p, fg_err *e);
/* p, loaded by party_load for f's region and date, with its members' dues read again (the figures'
 * sums, the six-month rule's bits and the differing months: p->dues_diffs, a new array — p's earlier
 * one not freed), the rest as it was: after writes of dues records alone (facts_patch). FG_OK or
 * FG_EFAIL (the array read so far is p's). The caller holds the read snapshot. */
int party_reload_dues(store *s, const struct facts *f, party *p, fg_err *e);
/* What party_load reads of a member that no record of another table names (store_member_bare: no
 * hours, no secretary, no dues): nothing but the study rule on as_of over none of its hours. */
party_member party_member_bare(const party *p, int as_of);
/* The organisational-life settings (life.*, study.*, instructor.*) as stored, over the defaults. */
void party_settings_read(store *s, life_settings *c);
/* The development settings (dev.*) as stored, over the defaults. */
void party_dev_settings_read(store *s, dev_settings *c);
void party_free(party *p);
/* The calendar of an active organisation for the year of D (core/life.h). */
void party_org_calendar(const party *p, const party_org *po, int as_of, life_calendar *cal);

/* Adds the party-work counts to the metrics of each slot: slot_of_ent maps an index of
 * facts.ents to a slot (-1: none; NULL: everything to slot 0). Distinct organisations,
 * events and people are counted once per slot. metrics_finish computes the rates. */
void party_add_metrics(const party *p, const struct facts *f, const int32_t *slot_of_ent, metrics *const *slots,
		       size_t nslots);
/* The same for several breakdowns in one pass over the records: maps[k] (nmaps of them, each as
 * slot_of_ent above) map into the one array slots, a map's slots apart from every other's. */
void party_add_metrics_maps(const party *p, const struct facts *f, const int32_t *const *maps, size_t nmaps,
			    metrics *const *slots, size_t nslots);

/* The records a figure counts, as party_add_metrics counts them: fn(slot, kind, id, value) for each
 * organisation (LEDGER_ORGS: value its part of the figure — 1, or 分 for money) or designation
 * (LEDGER_DESIGNATIONS) counted in a slot (slot_of_ent and nslots as party_add_metrics takes them;
 * NULL: the whole region, slot 0). A record counted in several slots comes once per slot. -1 when
 * key's set is not one of these; else 0 or fn's stop. */
int party_figure_set(const party *p, const struct facts *f, const char *key, const int32_t *slot_of_ent,
		     size_t nslots, int (*fn)(void *ctx, int32_t slot, ledger_kind kind, int64_t id, int64_t value),
		     void *ctx);

/* Visits of the year to enterprises of the region that exercised visit_roles[i], i < 4. */
void party_role_counts(const party *p, int64_t out[4]);

#endif
