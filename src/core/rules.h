/* rules — the organisation-setting rules of domain.md §3–4 as pure functions.
 * Every threshold comes from rules_cfg, filled from the settings table (core/settings.h). */
#ifndef FGDJ_RULES_H
#define FGDJ_RULES_H

typedef struct rules_cfg {
	int min_employees;           /* 三有: staff threshold */
	int min_formal_single;       /* 单独建 from this many formal members */
	int committee_members;       /* a committee is required from this many */
	int general_branch_members;  /* 党总支 may be formed from this many */
	int party_committee_members; /* 党委 may be formed from this many */
	int joint_max_units;
	int term_branch_years;
	int term_committee_years;
	int instructor_priority_employees;
	int pocket_months;
	int lost_months;             /* 失联 this long is a finding proposing 停止党籍 */
	int flag_unneeded_committee; /* 1: a branch below committee_members with a committee is a finding */
} rules_cfg;

/* The defaults of domain.md. */
void rules_defaults(rules_cfg *c);
/* Applies one setting by key (core/settings.h keys); unknown keys and bad values are ignored
 * (settings are validated when written). */
void rules_apply(rules_cfg *c, const char *key, const char *value);

typedef enum cov_state { COV_UNCOVERED, COV_SINGLE, COV_JOINT, COV_AFFILIATED } cov_state;

/* The coverage state from the number of active covering organisations of each mode:
 * the first of single, joint, affiliated. */
cov_state rules_coverage_state(int single, int joint, int affiliated);
const char *rules_cov_name(cov_state s); /* 单独建 / 联合建 / 挂靠建 / 未覆盖 */

/* 1 when the enterprise counts for coverage statistics (三有: operating, fixed site, staff ≥ threshold). */
int rules_in_scope(const rules_cfg *c, int operating, int fixed_site, int employees);

typedef enum rec_mode { REC_SINGLE, REC_JOINT, REC_INSTRUCTOR } rec_mode;
/* What an uncovered enterprise should get: its own organisation (≥3 formal members), a joint
 * branch (1–2; the planner falls back to 挂靠建 when no partner exists), or an instructor (0). */
rec_mode rules_recommend(const rules_cfg *c, int formal);

/* 1 when an uncovered enterprise with no formal member and no instructor is large enough
 * (instructor.priority_employees) to be sent one first. */
int rules_instructor_priority(const rules_cfg *c, int employees, int formal, int instructors);

typedef enum org_kind { KIND_BRANCH, KIND_GENERAL_BRANCH, KIND_COMMITTEE, KIND_UNKNOWN } org_kind;
org_kind rules_kind_parse(const char *name);   /* 党支部 / 党总支 / 党委 */
const char *rules_kind_name(org_kind k);
/* The largest kind an organisation of `members` members may be. */
org_kind rules_kind_allowed(const rules_cfg *c, int members);
/* 1 when an organisation of this kind and size must have a committee (支委会/党委委员会). */
int rules_committee_required(const rules_cfg *c, org_kind k, int formal);
/* The day the term that started on term_start ends (day numbers). */
int rules_term_end(const rules_cfg *c, org_kind k, int term_start);

#endif
