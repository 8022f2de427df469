/* crossmatch — employee rosters (职工名册) against the member ledger (docs/party-work.md, "Roster
 * cross-match"): the one classifier of a roster line on a date, and the one "working here long
 * enough" test that the pocket-member finding shares with it. Pure: the store feeds it the line
 * and the member record its 公民身份号码 names (one join, store/party_scan.h). */
#ifndef FGDJ_CROSSMATCH_H
#define FGDJ_CROSSMATCH_H
#include <stdint.h>

typedef enum xm_class {
	XM_NONE,
	XM_POCKET,       /* 口袋党员 candidate: a member with no organisation in the district */
	XM_HIDDEN,       /* 隐形党员 candidate: another or no employer on record, or not disclosed */
	XM_UNREGISTERED, /* self-reported member unknown to the ledger (to verify) */
	XM_NCLASSES
} xm_class;

typedef struct xm_line {
	int hired;          /* 入职日期, DATE_NONE when empty (counts as hired long ago) */
	int self_member;    /* 政治面貌 is 中共党员 or 中共预备党员 */
	int64_t enterprise; /* the roster's enterprise */
	int matched;        /* a member record has this 公民身份号码 */
	int stopped;        /* that record's relation is 停止党籍 */
	int has_org;        /* that record has a 所在党组织 (an organisation of the district) */
	int64_t employer;   /* that record's 工作单位, 0 none */
	int disclosed;      /* that record's 亮明身份: 1 是, 0 否, -1 empty */
} xm_line;

/* The class of a line on as_of: XM_NONE for a line hired after as_of, for a member of the ledger
 * in order (lodged here, employed here, disclosed), for a 停止党籍 record (the ledger knows the
 * person and the decision taken), and for a non-member who does not claim to be one. */
xm_class crossmatch_class(const xm_line *l, int as_of, int pocket_months);

/* 1 when the line is a candidate on some date (its class then is not XM_NONE): what the store keeps
 * per roster line on write (roster_candidate), so that a classification reads only these lines.
 * Only the date and pocket_months separate a candidate's class on a day from XM_NONE. */
int crossmatch_candidate(const xm_line *l);

/* Working here since `since` (DATE_NONE: unknown) makes `months` months by as_of: since + months
 * (calendar months, clamped) ≤ as_of. */
int crossmatch_long_enough(int since, int as_of, int months);

const char *crossmatch_class_id(xm_class c);    /* "pocket", "hidden", "unregistered" */
const char *crossmatch_class_label(xm_class c); /* 口袋党员 … in Chinese */
xm_class crossmatch_class_parse(const char *id); /* XM_NONE when unknown */

#endif
