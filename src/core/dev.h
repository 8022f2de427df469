/* dev — the rules of developing members (发展党员, docs/party-work.md): a person's stage on a
 * date, the DEV_* rules each with a Chinese message naming its dates, working days, and what
 * falls due soon. Pure functions over day numbers (util/date.h): no I/O, no SQL, no allocation;
 * results go into caller-owned fixed-size structs. Thresholds come from dev_settings, filled from
 * the settings table (core/settings.h) by dev_defaults + dev_apply, as life_settings is.
 *
 * Steps, in order (each a date, DATE_NONE when not taken): 入党申请 → 谈话 → 确定积极分子 →
 * 确定发展对象 → 政治审查 → 公示开始 → 公示结束 → 支部大会接收 (becomes 预备党员) → 上级批准 → 转正.
 * A step dated after D is treated as not yet taken on D. */
#ifndef FGDJ_DEV_H
#define FGDJ_DEV_H
#include <stddef.h>

enum {
	DEV_STEP_APPLY,     /* 申请日期 */
	DEV_STEP_TALK,      /* 谈话日期 */
	DEV_STEP_ACTIVIST,  /* 确定积极分子日期 */
	DEV_STEP_TARGET,    /* 确定发展对象日期 */
	DEV_STEP_REVIEW,    /* 政审日期 */
	DEV_STEP_NOTICE,    /* 公示开始日期 */
	DEV_STEP_NOTICE_END,/* 公示结束日期 */
	DEV_STEP_ASSEMBLY,  /* 支部大会日期: the person becomes a 预备党员 */
	DEV_STEP_APPROVAL,  /* 上级批准日期 */
	DEV_STEP_FULL,      /* 转正日期 */
	DEV_NSTEPS
};

/* Chinese names of the steps ("入党申请" …), in step order. */
extern const char *const dev_step_names[DEV_NSTEPS];

typedef struct dev_record {
	int birth;                /* day number from the ID number */
	int step[DEV_NSTEPS];     /* day numbers, DATE_NONE when not taken */
	int recommended;          /* 1 when a 推荐方式 is recorded */
	int contacts;             /* number of 培养联系人 recorded */
	int training_tenths;      /* 集中培训学时 in tenths; -1 when not recorded */
	int extension_months;     /* 延长预备期（月）: 0, or 6..12 */
} dev_record;

/* Stage on D: the last step dated on or before D, folded into what the figures count. */
typedef enum dev_stage {
	DEV_STAGE_NONE,         /* nothing dated on or before D */
	DEV_STAGE_APPLICANT,    /* 申请 or 谈话 */
	DEV_STAGE_ACTIVIST,     /* 积极分子 */
	DEV_STAGE_TARGET,       /* 发展对象, 政审, 公示 */
	DEV_STAGE_PROBATIONARY, /* 支部大会, 上级批准 */
	DEV_STAGE_FULL          /* 转正 */
} dev_stage;
/* "申请人" / "入党积极分子" / "发展对象" / "预备党员" / "正式党员" / "未开始" */
const char *dev_stage_name(dev_stage s);
dev_stage dev_stage_on(const dev_record *r, int d);
/* The index of the last step dated on or before D, or -1. */
int dev_last_step(const dev_record *r, int d);

typedef struct dev_settings {
	int training_tenths;  /* dev.training_hours × 10: hours of 集中培训 before the 支部大会 (24) */
	int notice_workdays;  /* dev.notice_workdays: working days of 公示 (5) */
} dev_settings;
void dev_defaults(dev_settings *c);
/* Applies one setting by key (dev.training_hours, dev.notice_workdays); others are ignored. */
void dev_apply(dev_settings *c, const char *key, const char *value);

/* Working days (Monday–Friday; public holidays are not modelled) from first to last, both
 * included; 0 when last < first. */
int dev_workdays(int first, int last);

enum {
	DEV_ORDER,         /* each dated step on or after the step before it (refused on input) */
	DEV_AGE,           /* 18 or older on the application date (refused on input) */
	DEV_TALK,          /* talk within 1 month of the application */
	DEV_RECOMMEND,     /* activist: a 推荐方式 and 1–2 培养联系人 */
	DEV_ACTIVIST_YEAR, /* development target ≥ 1 year after becoming an activist */
	DEV_REVIEW,        /* political review dated before the 支部大会 */
	DEV_TRAINING,      /* ≥ training_tenths of 集中培训 before the 支部大会 */
	DEV_NOTICE,        /* 公示 ≥ notice_workdays working days, ending before the 支部大会 */
	DEV_APPROVAL,      /* approval ≤ 3 months after the 支部大会; 3–6 months a warning; > 6 a violation */
	DEV_PROBATION,     /* 转正 ≥ 12 (+ extension) months after the 支部大会; > 1 month late overdue */
	DEV_NRULES
};
/* "DEV_ORDER" … (the finding codes), in rule order. */
extern const char *const dev_rule_codes[DEV_NRULES];
/* Each rule's name as a user reads it ("及时谈话" …), in rule order. */
extern const char *const dev_rule_names[DEV_NRULES];
/* "及时谈话（DEV_TALK）": rule i's name with its code, as findings and pages show it. */
enum { DEV_LABEL_MAX = 64 };
void dev_rule_label(int i, char *out, size_t n);

typedef enum dev_result {
	DEV_NA,     /* the step the rule speaks of is not dated on or before D */
	DEV_OK,
	DEV_WARN,   /* only DEV_APPROVAL between 3 and 6 months */
	DEV_BROKEN  /* a violation, or an overdue step */
} dev_result;

#define DEV_MSG_MAX 192

typedef struct dev_check {
	unsigned char result[DEV_NRULES];   /* dev_result */
	char msg[DEV_NRULES][DEV_MSG_MAX];  /* for DEV_WARN and DEV_BROKEN: why, naming the dates */
	int broken, warnings;               /* counts */
} dev_check;

/* Every rule on D (steps dated after D are not yet taken). */
void dev_check_on(const dev_record *r, int d, const dev_settings *c, dev_check *out);

/* The rules refused on input (DEV_ORDER, DEV_AGE), on the record as written: 0 when both hold,
 * else 1 + the rule's index (DEV_ORDER is 0) with *bad_step the step to name (the later of two
 * out of order, or DEV_STEP_APPLY) and msg filled. An unknown birth (DATE_NONE) is not refused
 * here: the ID number's own check is where that is caught. */
int dev_input_check(const dev_record *r, int *bad_step, char msg[DEV_MSG_MAX]);

/* What falls due for a record on D, for the "due soon" lists: the deadline of the next pending
 * step that has one — the talk (application + 1 month), approval (支部大会 + 3 months), 转正
 * (支部大会 + 12 months + extension). */
typedef struct dev_due {
	int step;      /* DEV_STEP_TALK, DEV_STEP_APPROVAL or DEV_STEP_FULL; -1: nothing due */
	int deadline;  /* day number */
	int overdue;   /* 1 when the deadline has passed (D > deadline) */
} dev_due;
void dev_due_on(const dev_record *r, int d, dev_due *out);

#endif
