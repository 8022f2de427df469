/* metrics — the metrics contract of domain.md §5, computed from per-enterprise facts.
 * Pure: the caller (report/stats.c) gathers the facts from the store. */
#ifndef FGDJ_METRICS_H
#define FGDJ_METRICS_H
#include <stddef.h>
#include <stdint.h>

#include "core/rules.h"

/* What is known of one enterprise on the as-of date. */
typedef struct ent_fact {
	/* Ids in 32 bits (the facts index enterprises by id, places are a few thousand): 68 bytes
	 * an enterprise, not 88 — a city's facts hold 100,000 of them, kept by the web server. */
	int32_t id, street_id, community_id, zone_id;
	int32_t district_id; /* the street's parent: a district of a city, or the root of a district */
	int employees;
	int formal;         /* formal members employed there (not 停止党籍) */
	int probationary;   /* probationary members employed there (not 停止党籍) */
	int mobile, lost;   /* of those, 流动 / 失联 on the date */
	int disclosed;      /* of the formal and probationary, those whose 是否亮明身份 is 是 */
	int cov_single, cov_joint, cov_affiliated; /* active covering organisations by mode */
	int instructors;    /* active instructor assignments */
	unsigned char operating, fixed_site;
	unsigned char op_info, staff_info, investor, no_org_reason; /* 五清 fields filled */
} ent_fact;

/* 1 when an enterprise at its place in ef lies in the region (a city's district, a street or a
 * community id; 0 or 1: the whole database) and the zone (0: any). The store applies the same test to today's place in SQL
 * (store/scope_sql.h, SCOPE_ENT); this one serves a place of the past (report/facts.c). */
int metrics_ent_in_region(const ent_fact *ef, int64_t region, int64_t zone);

typedef struct metrics {
	int64_t enterprises_total, enterprises_operating, enterprises_in_scope, enterprises_with_members,
		enterprises_required_single, enterprises_covered_single, enterprises_covered_joint,
		enterprises_covered_affiliated, enterprises_uncovered;
	int64_t orgs_total, orgs_single, orgs_joint, orgs_affiliated, orgs_committee, orgs_general_branch,
		orgs_branch;
	int64_t instructors_dispatched, enterprises_with_instructor;
	int64_t members_formal, members_probationary;
	/* party work over the year of the as-of date (docs/party-work.md; report/party.c) */
	int64_t life_orgs_checked, life_orgs_compliant, meetings_held, themed_days_held, party_lessons_held;
	int64_t secretaries_total, secretaries_dual_strong, secretaries_trained;
	int64_t instructor_visits, trainings_held, training_participants, investors_trained;
	/* members' lifecycle (core/dev.h) */
	int64_t dev_applicants, dev_activists, dev_targets, developed_in_year, dev_records_with_violations;
	int64_t transfers_in, transfers_out, transfers_pending;
	int64_t members_mobile, members_lost;
	int64_t dues_due, dues_paid; /* 分, of the ended months of the year (core/dues.h) */
	int64_t members_dues_6_months;
	int64_t campaign_tasks, campaign_tasks_done; /* core/campaign.h: tasks of the year's campaigns */
	int64_t pocket_candidates, hidden_candidates, unregistered_candidates; /* roster cross-match (core/crossmatch.h) */
	/* funding of the year up to D (core/funding.h), 分; min and max -1 when no 星级奖励 */
	int64_t funding_awards, funding_award_min, funding_award_max, funding_subsidies, funding_subsidised_orgs;
	/* 星级创评 (core/rating.h): active organisations with a valid rating on D, by stars (vetoed in
	 * none of orgs_star_N), and those rated in D's year with ≥ rating.commend_min_stars stars */
	int64_t orgs_rated, orgs_star_5, orgs_star_4, orgs_star_3, orgs_star_2, orgs_star_1, orgs_star_vetoed, orgs_rated_in_year;
	/* recognition (core/recog.h): 亮身份 and venues; venues_standard counts active organisations */
	int64_t members_disclosed, designations_model_post, designations_vanguard_post, designations_responsibility_area;
	int64_t venues_standard, open_bases;
	int64_t enterprises_unbuilt; /* 应建未建: required to have its own organisation, not single-covered */
	/* numerators of the rates that are not counts above */
	int64_t required_single_covered, work_covered, ledger_complete;
	int64_t study_members, study_tenths, study_met, visit_asg_checked, visit_asg_compliant;
	int64_t funding_award_n; /* 星级奖励 counted: min and max mean something only when > 0 */
	/* rates in tenths of a percent (1000 = 100.0%), -1 when the denominator is empty */
	int org_coverage_rate, single_rate, required_single_rate, work_coverage_rate, ledger_complete_rate;
	int life_compliance_rate, study_hours_met_rate, instructor_visit_compliance_rate;
	int study_hours_avg; /* tenths of an hour, -1 when there are no members */
	int dues_paid_rate;  /* tenths of a percent of dues_paid ÷ dues_due, -1 when nothing was due */
	int disclosed_rate;  /* members_disclosed ÷ (members_formal + members_probationary) */
	int venue_standard_rate; /* venues_standard ÷ orgs_total */
} metrics;

/* 1 when the enterprise's 五清 is complete (domain.md §5). */
int metrics_ledger_complete(const ent_fact *f, cov_state st);

/* The sets of enterprises the figures count, a bit each: metrics_add_enterprise counts an
 * enterprise in a figure by these bits, and the enterprise list behind a figure filters on the
 * same bits (store/query.c, the SQL function fg_ent_sets calls metrics_ent_sets): one rule for
 * both. The bits are independent; the figures count among 三有 (ENT_SET_IN_SCOPE). */
enum {
	ENT_SET_IN_SCOPE = 1 << 0,        /* 三有 */
	ENT_SET_SINGLE = 1 << 1,          /* covered, first by 单独建 */
	ENT_SET_JOINT = 1 << 2,           /* covered, first by 联合建 */
	ENT_SET_AFFILIATED = 1 << 3,      /* covered, only by 挂靠建 */
	ENT_SET_UNCOVERED = 1 << 4,
	ENT_SET_COVERED = 1 << 5,         /* any of the three */
	ENT_SET_REQUIRED_SINGLE = 1 << 6, /* enough formal members for its own organisation */
	ENT_SET_UNBUILT = 1 << 7,         /* 应建未建: required single, not single-covered */
	ENT_SET_INSTRUCTOR = 1 << 8,      /* an active instructor assignment */
	ENT_SET_WORK_COVERED = 1 << 9,    /* covered or with an instructor */
	ENT_SET_COMPLETE = 1 << 10,       /* 五清 complete */
	ENT_SET_INCOMPLETE = 1 << 11,     /* 五清 incomplete */
	ENT_SET_WITH_MEMBERS = 1 << 12,   /* at least one formal member */
	ENT_SET_ALL = (1 << 13) - 1
};
/* What the bits of sets are computed from, beyond the enterprise row itself: the formal
 * members, the coverage state, the instructors (a list reads only what its filter needs). */
enum { ENT_NEEDS_FORMAL = ENT_SET_REQUIRED_SINGLE | ENT_SET_UNBUILT | ENT_SET_WITH_MEMBERS,
       ENT_NEEDS_COV = ENT_SET_SINGLE | ENT_SET_JOINT | ENT_SET_AFFILIATED | ENT_SET_UNCOVERED | ENT_SET_COVERED |
		       ENT_SET_UNBUILT | ENT_SET_WORK_COVERED | ENT_SET_COMPLETE | ENT_SET_INCOMPLETE,
       ENT_NEEDS_INSTRUCTORS = ENT_SET_INSTRUCTOR | ENT_SET_WORK_COVERED };
unsigned metrics_ent_sets(const rules_cfg *c, const ent_fact *f);

void metrics_add_enterprise(metrics *m, const rules_cfg *c, const ent_fact *f);
/* One distinct organisation covering ≥1 operating enterprise of the region. mode: 单独建 … */
void metrics_add_org(metrics *m, const char *mode, const char *kind);
/* An organisation's 建立方式 as metrics_add_org reads it: 上级机关, 单独建, 联合建, 挂靠建, else other. */
typedef enum org_mode { MODE_OTHER, MODE_ABOVE, MODE_SINGLE, MODE_JOINT, MODE_AFFILIATED } org_mode;
org_mode metrics_org_mode(const char *mode);
/* metrics_add_org of the mode and kind read already (metrics_org_mode, rules_kind_parse). */
void metrics_add_org_coded(metrics *m, org_mode mode, org_kind kind);
void metrics_add_instructor(metrics *m);
/* Computes the rates. */
void metrics_finish(metrics *m);

/* 100 × num ÷ den in tenths, rounded half up; -1 when den is 0. */
int metrics_rate(int64_t num, int64_t den);

/* The contract's keys, in order, for every output format. */
typedef struct metric_key {
	const char *key;    /* JSON key */
	const char *label;  /* Chinese label */
	size_t off;         /* offset in metrics */
	int is_rate;        /* METRIC_COUNT, METRIC_MONEY: int64; otherwise an int in tenths, -1 for none */
} metric_key;

enum { METRIC_COUNT, METRIC_RATE /* a percentage */, METRIC_TENTHS /* a number with one decimal */,
       METRIC_MONEY /* 分, shown as 元 with two decimals; -1 for none */ };

const metric_key *metrics_keys(size_t *n);
/* The change of a figure from before to after, in its own unit (a rate's in tenths of a
 * percentage point); 0 with *known = 0 when either side is a null rate. */
int64_t metrics_change(const metric_key *k, int64_t before, int64_t after, int *known);
/* The key of that JSON name, or NULL. */
const metric_key *metrics_key_named(const char *name);
/* Reads a key's value: counts and money as is; rates in tenths or -1. */
int64_t metrics_value(const metrics *m, const metric_key *k);

#endif
