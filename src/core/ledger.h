/* ledger — the ledgers (台账) as data: their columns, headers, types and validation.
 * One table per ledger drives import, export, history display, JSON and (later) web forms.
 * Pure: no I/O. Values travel as canonical text (see ledger_parse_value). */
#ifndef FGDJ_LEDGER_H
#define FGDJ_LEDGER_H
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

typedef enum ledger_kind {
	LEDGER_ENTERPRISES,
	LEDGER_ORGS,
	LEDGER_MEMBERS,
	LEDGER_INSTRUCTORS,
	/* Party work (docs/party-work.md): records of what organisations, members and instructors did. */
	LEDGER_MEETINGS,
	LEDGER_STUDY,
	LEDGER_SECRETARIES,
	LEDGER_VISITS,
	LEDGER_TRAININGS,
	LEDGER_TRAINEES,
	/* Members' lifecycle: one record per person developed into a member (core/dev.h). */
	LEDGER_DEVELOPMENT,
	LEDGER_TRANSFERS, /* 组织关系转接: completing one moves the member's organisation */
	LEDGER_DUES,      /* 党费: one row per member and month (core/dues.h) */
	LEDGER_CAMPAIGNS, /* 排查: an investigation over a region, led by one department */
	LEDGER_TASKS,     /* 排查任务: one per campaign and enterprise of its region */
	LEDGER_ROSTERS,   /* 职工名册: employees per enterprise, cross-matched with members (core/crossmatch.h) */
	LEDGER_FUNDING,   /* 党建经费: money granted to an organisation (star awards, subsidies), in 分 */
	LEDGER_RUBRIC,    /* 评分细则: one row per cycle year and indicator (core/rating.h) */
	LEDGER_RATINGS,   /* 星级评定: one per organisation and cycle year; its scores are COL_DYNAMIC */
	LEDGER_DESIGNATIONS, /* 亮身份: 党员示范岗 / 先锋岗 / 责任区 of an enterprise and its members (core/recog.h) */
	LEDGER_VENUES,    /* 党员活动阵地: one per organisation, its 六有 (core/rating.h rating_venue_standard) */
	LEDGER_NKINDS
} ledger_kind;

typedef enum col_type {
	COL_TEXT,  /* free text, whitespace-normalised */
	COL_INT,   /* integer ≥ 0 */
	COL_NUM,   /* decimal number ≥ 0 */
	COL_BOOL,  /* 是/否, Y/N, 1/0, √/×, true/false → canonical 是 / 否 */
	COL_DATE,  /* any accepted date form → YYYY-MM-DD */
	COL_ENUM,  /* one of choices (after normalisation) */
	COL_USCC,  /* 统一社会信用代码 → normalised 18 characters */
	COL_IDNO,  /* 公民身份号码 → normalised 18 characters */
	COL_USCC_LIST, /* USCCs separated by ; ； 、 , ， → canonical "A；B" */
	COL_PHONE, /* digits, '-', '+', spaces removed */
	COL_HOURS, /* 学时 of one sitting: decimal number 0–24 (a day has 24 hours) */
	COL_IDNO_LIST,   /* 公民身份号码 separated like USCC lists → sorted, canonical "A；B"; a duplicate is refused */
	COL_ABSENT_LIST, /* "号码:原因" items separated by ； ; or newlines (： accepted) → sorted by number,
			    canonical "号码：原因；号码：原因"; every item needs a reason */
	COL_ENUM_LIST,   /* choices separated like USCC lists → in the order of choices, "A；B", no repeats */
	COL_MONEY,       /* 元, ≥ 0, at most two decimals → "3000.50"; stored as integer 分 (core/dues.h) */
	COL_MONTH,       /* 2026-03, 2026-3, 2026年3月, 202603 → "2026-03"; stored as integer yyyymm */
} col_type;

enum {
	COL_REQUIRED = 1 << 0,
	COL_KEY = 1 << 1,       /* part of the row's key */
	COL_PERSONAL = 1 << 2,  /* masked unless the reader may see personal data */
	COL_FUTURE = 1 << 3,    /* a date that may lie after today (a plan's start, a deadline) */
	COL_DYNAMIC = 1 << 4,   /* COL_TEXT standing for the columns a file has beyond the table: a header
				   the table does not know is one of them, and the value is "表头：值；表头：值"
				   (ledger_dynamic_*). What they mean is the store's business (a ratings row's
				   indicators are those of its year's rubric). */
	/* The value names records of another ledger by their key (a credit code, an organisation's
	 * name): forms offer a picker searching that ledger (ledger_ref). Validation is unchanged. */
	COL_REF_ENTERPRISES = 1 << 5,
	COL_REF_ORGS = 1 << 6,
	COL_SUGGEST = 1 << 7,   /* COL_TEXT whose choices are offered by forms, not imposed: any text
				   stays valid (行业: the sections of GB/T 4754-2017) */
	COL_CLOSING = 1 << 8,   /* the closing date and reason of an enterprise, organisation, member or
				   instructor (schema v23; `fgdj close`): written by the close and reopen
				   actions; a file or form without the column keeps the stored value */
	COL_CITY = 1 << 9,      /* only where the territory has districts (a city's database): the
				   files and forms of a single district leave it out, the pages and the API
				   show it when it has a value, and its importer accepts only that district's
				   own name (所属区县) */
};

typedef struct ledger_col {
	const char *key;              /* English field name: database column, JSON key */
	const char *header;           /* canonical Chinese header */
	const char *const *variants;  /* other accepted headers, NULL-terminated, may be NULL */
	col_type type;
	unsigned flags;
	const char *const *choices;   /* COL_ENUM, COL_ENUM_LIST: canonical values, NULL-terminated;
					 COL_TEXT with COL_SUGGEST: the usual values forms offer */
} ledger_col;

typedef struct ledger_def {
	ledger_kind kind;
	const char *name;   /* "enterprises" */
	const char *title;  /* "企业台账" */
	const char *one;    /* one record, as `fgdj history ONE KEY` names it: "enterprise", "roster" */
	const char *record; /* the history's name of its rows (tbl): "enterprise", "roster_line" */
	const ledger_col *cols;
	size_t ncols;
} ledger_def;

#define LEDGER_MAXCOLS 24

/* Column positions, in the order of each ledger's table (test_ledger checks they agree). */
enum ent_col { E_USCC, E_NAME, E_DISTRICT, E_STREET, E_COMMUNITY, E_ZONE, E_ZONE_KIND, E_INDUSTRY, E_STATUS, E_EMPLOYEES, E_FIXED_SITE, E_CAPITAL, E_INVESTOR, E_INVESTOR_MEMBER, E_FOUNDED, E_OP_INFO, E_STAFF_INFO, E_NO_ORG_REASON,
	       E_CLOSED, E_CLOSED_REASON };
enum org_col { O_NAME, O_KIND, O_MODE, O_PARENT, O_COVERS, O_STREET, O_COMMUNITY, O_ZONE, O_FOUNDED, O_SECRETARY, O_HAS_COMMITTEE, O_COMMITTEE_SIZE, O_TERM_START, O_GROUPS, O_CLOSED, O_CLOSED_REASON };
enum member_col { M_NAME, M_IDNO, M_STATUS, M_JOIN_DATE, M_FULL_DATE, M_EMPLOYER, M_ORG, M_RELATION, M_DISCLOSED, M_PHONE,
		  M_RELATION_SINCE, M_OUTSIDE_ORG, M_CLOSED, M_CLOSED_REASON };
enum instr_col { I_NAME, I_UNIT, I_PHONE, I_COVERS, I_START_DATE, I_CLOSED, I_CLOSED_REASON };
enum meeting_col { MT_ORG, MT_KIND, MT_DATE, MT_TOPIC, MT_FORM, MT_HOURS, MT_ATTENDEES, MT_ABSENTEES, MT_RECORDER };
enum study_col { ST_IDNO, ST_NAME, ST_DATE, ST_CONTENT, ST_HOURS };
enum secretary_col { SE_ORG, SE_NAME, SE_IDNO, SE_SINCE, SE_UNTIL, SE_METHOD, SE_DUAL_STRONG, SE_INVESTOR, SE_PHONE };
enum visit_col { VI_INSTRUCTOR, VI_UNIT, VI_USCC, VI_DATE, VI_ROLES, VI_NOTES };
enum training_col { TR_NAME, TR_KIND, TR_START, TR_END, TR_PLACE, TR_HOURS, TR_ORGANISER };
enum trainee_col { TE_TRAINING, TE_START, TE_NAME, TE_IDNO, TE_ROLE, TE_USCC };
/* DV_APPLY..DV_FULL are in the order of core/dev.h's steps (DV_APPLY + DEV_STEP_x), with the
 * non-date columns after them. */
enum development_col { DV_NAME, DV_IDNO, DV_EMPLOYER, DV_ORG, DV_APPLY, DV_TALK, DV_ACTIVIST, DV_TARGET, DV_REVIEW,
		       DV_NOTICE, DV_NOTICE_END, DV_ASSEMBLY, DV_APPROVAL, DV_FULL, DV_RECOMMEND, DV_CONTACTS,
		       DV_TRAINING_HOURS, DV_EXTENSION, DV_DUAL };
enum transfer_col { TF_IDNO, TF_NAME, TF_DIRECTION, TF_ORG, TF_OTHER, TF_LETTER, TF_DONE };
enum dues_col { DU_IDNO, DU_NAME, DU_MONTH, DU_BASE, DU_RETIRED, DU_DUE, DU_PAID, DU_PAID_DATE };
enum campaign_col { CP_NAME, CP_LEAD, CP_PARTNERS, CP_START, CP_DEADLINE, CP_RANGE };
enum task_col { TK_CAMPAIGN, TK_USCC, TK_OWNER, TK_STATUS, TK_DONE, TK_FINDINGS };
enum roster_col { RS_USCC, RS_NAME, RS_IDNO, RS_HIRED, RS_POLITICAL };
enum funding_col { FU_ORG, FU_DATE, FU_KIND, FU_AMOUNT, FU_DOC };
enum rubric_col { RB_YEAR, RB_AREA, RB_INDICATOR, RB_POINTS, RB_VETO };
enum rating_col { RT_ORG, RT_YEAR, RT_DATE, RT_SCORES, RT_VETO, RT_TOTAL, RT_STARS };
enum designation_col { DG_KIND, DG_NAME, DG_USCC, DG_MEMBERS, DG_GRANTED, DG_REVOKED };
enum venue_col { VN_ORG, VN_ADDRESS, VN_AREA, VN_SITE, VN_FACILITIES, VN_SIGN, VN_FLAG, VN_BOOKS, VN_RULES, VN_OPEN_BASE,
		 VN_RECOGNISED };

/* One row as canonical text; f[i] is NULL when column i is empty. Pointers are borrowed. */
typedef struct ledger_rec {
	const char *f[LEDGER_MAXCOLS];
} ledger_rec;

const ledger_def *ledger_get(ledger_kind kind);
const ledger_def *ledger_by_name(const char *name); /* "enterprises" …; NULL if unknown */

/* Column index for a header as found in a file, matched after normalisation (spaces removed,
 * full-width brackets and punctuation unified, a trailing "*" or "（必填）" dropped), or -1.
 * Sets *ignored to 1 for headers that are known but carry no data (序号, 备注). */
int ledger_match_header(const ledger_def *def, const char *header, int *ignored);

/* The ledger a COL_REF_* column names records of ("enterprises", "orgs"), or NULL. */
const char *ledger_ref(const ledger_col *col);

/* Column index by key ("uscc"), or -1. */
int ledger_col_index(const ledger_def *def, const char *key);

/* The row's key as text, parts joined by sep: the COL_KEY columns in order, except a trainee, who
 * is 培训名称, 开始日期 and the person: the ID number, or without one 姓名 and the enterprise's USCC
 * (empty when none). The importer's duplicate check, the store's lookups and the history's key all
 * use it. */
void ledger_key(const ledger_def *def, const ledger_rec *rec, char sep, buf *out);
/* The person part of a trainee's key (ID number, or 姓名 sep USCC). */
void ledger_trainee_person(const ledger_rec *rec, char sep, buf *out);
/* What the key consists of, for messages: "统一社会信用代码", "党组织名称、活动类型、日期和主题". */
const char *ledger_key_label(const ledger_def *def);

/* The value an empty optional cell stands for (形式 集中, 学时 0), or NULL: the database stores it,
 * so a row compares and exports with it. */
const char *ledger_col_default(const ledger_def *def, size_t col);
/* Fills rec's empty cells that have a default (ledger_col_default). */
void ledger_fill_defaults(const ledger_def *def, ledger_rec *rec);

/* Hints about where a cell came from, to explain spreadsheet damage. */
enum { CELL_WAS_NUMBER = 1 << 0, CELL_WAS_DATE = 1 << 1 };

typedef enum val_status {
	VAL_OK = 0,
	VAL_EMPTY, /* nothing there: fine unless required */
	VAL_WARN,  /* accepted, with a warning in msg (e.g. a known pilot USCC) */
	VAL_ERROR, /* rejected; msg says why */
} val_status;

/* What validation needs to know beyond the cell. */
typedef struct ledger_ctx {
	int today;               /* day number; dates after it are refused */
	const char *pilot_uscc;  /* known pilot USCCs that fail the check (setting), separated by
				    any list separator; NULL for none */
} ledger_ctx;

/* Validates one cell and writes its canonical text to out (reset first).
 * cell_flags are CELL_WAS_*. On VAL_ERROR/VAL_WARN, msg (reset first) holds a Chinese
 * explanation without file/row/column. */
val_status ledger_parse_value(const ledger_col *col, const char *raw, unsigned cell_flags,
			      const ledger_ctx *ctx, buf *out, buf *msg);
/* 1: the ID numbers of list cells (参加党员, 缺席党员) found valid are remembered in this thread
 * and not checked again (an import, which meets each member's number many times); 0: forgotten,
 * memory released. Off unless asked. */
void ledger_idno_memo(int on);
/* A canonical ID number (17 ASCII digits and a digit or X, len bytes) as an integer whose order is
 * its text's — the 17 digits times 11 plus the last (X = 10) — never 0; 0 for any other text. */
uint64_t ledger_idno_key(const char *s, size_t len);

/* A development row (canonical text) as the rules of core/dev.h see it. */
struct dev_record;
void ledger_dev_record(const ledger_rec *rec, struct dev_record *out);

/* Cross-field rules of one row (e.g. 转正日期 after 入党日期; 区域类型 with 所属区域).
 * Returns the index of the offending column and fills msg, or -1 when the row is consistent. */
int ledger_check_row(const ledger_def *def, const ledger_rec *rec, const ledger_ctx *ctx, buf *msg);

/* The closing date column (COL_CLOSING, COL_DATE) of a ledger, or -1; its reason is the next column. */
int ledger_closing_col(const ledger_def *def);
/* The closing pair's rules (a reason needs a date and a date a reason; not before 成立日期), as
 * ledger_check_row: the offending column and msg, or -1. */
int ledger_check_closing(const ledger_def *def, const ledger_rec *rec, buf *msg);
/* What closing is called in the ledger: "移出台账" (enterprises), "撤销" (organisations,
 * instructors), "减少" (members); NULL for a ledger without closing. */
const char *ledger_closing_word(const ledger_def *def);

/* The COL_DYNAMIC column of a ledger, or -1. */
int ledger_dynamic_col(const ledger_def *def);
/* Appends one "header：value" item to a dynamic value (items joined by "；"). */
void ledger_dynamic_add(buf *out, const char *header, const char *value);
/* Calls fn for each item of a dynamic value with its header and value (not NUL-terminated). */
void ledger_dynamic_each(const char *value, void (*fn)(void *ctx, const char *h, size_t hl, const char *v, size_t vl),
			 void *ctx);

/* Masking of personal data: 110105********002X, 138****5678. */
void ledger_mask(const ledger_col *col, const char *value, buf *out);

/* A history key ("/"-joined parts, ledger_key) with every part that is a 公民身份号码 masked as
 * ledger_mask masks one: the key of a member, a dues month, a roster line, a trainee… */
void ledger_key_mask(const char *key, buf *out);

/* Splits a canonical list value into items; calls fn for each. */
void ledger_list_each(const char *value, void (*fn)(void *ctx, const char *item, size_t len), void *ctx);

/* The file format of a ledger for users, as Markdown (Chinese): its key, and per column the header,
 * whether required, what it accepts and the other headers recognised. Appended to out. Written
 * from the column table itself, so the description cannot drift from what the importer does. */
void ledger_format_md(const ledger_def *def, buf *out);

#endif
