/* finding_store — what the findings (report/check.h) read of their subjects, and the follow-up
 * state users give them (table finding_state, schema v22): one row per finding key, none while a
 * finding is 待整改; each change written with its history entry (tbl "finding"). */
#ifndef FGDJ_FINDING_STORE_H
#define FGDJ_FINDING_STORE_H
#include <stdint.h>

#include "store/store.h"
#include "util/buf.h"

/* What a finding is about: its record page and place come from it. */
typedef enum finding_kind {
	FK_DISTRICT,   /* the district as a whole (the five-star quota) */
	FK_ENT,        /* an enterprise: natural key its USCC */
	FK_ORG,        /* an organisation: its name (the ledger's key) */
	FK_MEMBER,     /* a person by 公民身份号码 (a member record, or not: a development, a roster line) */
	FK_INSTRUCTOR, /* an instructor: "姓名/派出单位", as the history names it */
} finding_kind;

/* The records findings name, read for thousands of subjects at once: enterprises (name, USCC,
 * community), members (name, 公民身份号码, employer, organisation), organisations (name, place),
 * instructors (name, unit, place) and places. Each record is read when first asked for and kept;
 * whole: the organisations, instructors and places are read up front in one pass per table (few,
 * and most are named), the enterprises and members still as asked for (a city's findings name a
 * part of its 100,000 enterprises and 255,000 members: a table of them all held ≈ 20 MB while the
 * findings were computed) — one by one, or those a caller names at once (store_subjects_ents,
 * store_subjects_members) in one pass over the table that keeps their rows only, when they are
 * many (a city's study findings name 77,000 members: the pass is cheaper than as many look-ups by
 * id). The text returned lives until the next call on the same subjects. In a read moment; freed by
 * store_subjects_free. */
typedef struct store_subjects store_subjects;
int store_subjects_open(store *s, int whole, store_subjects **out, fg_err *e);
void store_subjects_free(store_subjects *n);
/* The enterprise records ids (k of them, in any order, repeats allowed) read now, those not read
 * yet, as store_subjects_members reads members (one pass when they are many, else when asked). */
int store_subjects_ents(store_subjects *n, const int64_t *ids, size_t k, fg_err *e);
/* The member records ids (k of them, in any order, repeats allowed) read now, those not read yet,
 * in one pass over the table when they are many (an eighth of the table or more: cheaper than as many
 * look-ups by id), else left to be read one by one when asked for; then the enterprises employing
 * them the same way (a member's finding is placed by its employer; a failure there leaves them to
 * be read when asked). Only their rows and names are kept, as when read one by one. flags: NULL, or
 * called with each member store_scan_member_flags gives, in its order — in the same pass over the
 * table when there is one, else by store_scan_member_flags; a non-zero return stops and is returned.
 * With flags, that one pass over the table in a read transaction also counts each organisation's
 * formal members on as_of, as store_scan_orgs counts them: a store_scan_orgs of as_of later in the
 * same read transaction takes these counts instead of a pass of its own. */
int store_subjects_members(store_subjects *n, int as_of, const int64_t *ids, size_t k,
			   int (*flags)(void *ctx, const member_fact *mf), void *ctx, fg_err *e);
/* An enterprise's "名称（统一社会信用代码）" (as store_enterprise_label) and its USCC: appended to
 * out, nothing when there is no such record. */
void store_subject_ent_label(store_subjects *n, int64_t id, buf *out);
void store_subject_ent_uscc(store_subjects *n, int64_t id, buf *out);
/* A member's name and 公民身份号码 (as store_member_names); an instructor's "姓名（派出单位）". */
void store_subject_member_names(store_subjects *n, int64_t id, buf *name, buf *idno);
void store_subject_ins_label(store_subjects *n, int64_t id, buf *out);

/* The subject's record, natural key and place. id: the record's id when known (else 0, and it is
 * looked up by natural); natural: the natural key when known (else NULL, read by id). ent: an
 * enterprise the finding concerns (0 none), whose place stands in when the subject has none.
 * Appends the natural key; *place: the place's id (a region's; 0 unknown), whose street and
 * community names store_subject_place gives; returns the record's id (0: no such record). */
int64_t store_finding_subject(store_subjects *n, finding_kind kind, int64_t id, const char *natural, int64_t ent,
			      buf *natural_out, int64_t *place);
/* The street and community names of place (store_finding_subject's) appended (empty when unknown:
 * a street has no community). */
void store_subject_place(store_subjects *n, int64_t place, buf *street, buf *community);

/* 1 when the subject (kind and record id; a person without a record by the enterprise ent) is one
 * a user of scope reaches (store/scope.h; the district reaches everything), or the enterprise ent
 * the finding concerns is, by the scope's SQL. */
int store_finding_in_scope(store *s, const store_filter *scope, finding_kind kind, int64_t id, int64_t ent);

/* 1 when nothing after history id stamp can have changed a finding but its state: every later
 * entry is a finding's state (tbl "finding"), a login or logout ("session"), a logged view (op
 * "view") or a setting no figure reads (settings_outside_figures). The facts, statistics and plan
 * read nothing those change either. In a read moment. */
int store_findings_unchanged_since(store *s, int64_t stamp);

/* What the writes after history id stamp can have changed, beside what
 * store_findings_unchanged_since lets pass: STORE_CHANGES_NONE nothing (that function's 1),
 * STORE_CHANGES_ENTS only fields of enterprises the facts read as numbers and flags (经营状态,
 * 从业人员数, 固定场所, the 五清 texts; or none: 行业, 注册资本, 出资人是否党员) or its closing (移出台账日期
 * and 原因: a closing or reopening) — not a name, a code, a place, a founding date — of at most a
 * few hundred enterprises, whose ids go to *ents (ents NULL: not wanted; the caller frees) and
 * *fields (NULL: not wanted) has the STORE_ENT_* bits of the fields changed — STORE_ENT_STATUS
 * 经营状态, STORE_ENT_INDUSTRY 行业, STORE_ENT_CLOSED 移出台账日期 among others, and
 * STORE_ENT_CLOSED_BACK when a closing date (old or new) is before today;
 * STORE_CHANGES_ENTS too, with STORE_PARTY_HOURS in *fields, for meeting and study records
 * (组织生活 and 党员学习: added, changed or deleted) dated from 1 January of this year to today, old and
 * new — what they change is the organisations' meetings and the members' hours of this year
 * (party_reload_hours), nothing of another year or a day before the record; and with
 * STORE_PARTY_VISITS, for instructors' visits (走访记录) dated the same way — what they change is the
 * visits of this year and each assignment's quarters (party_reload_visits);
 * STORE_CHANGES_ENTS too, with STORE_MEMBER in *fields, for updates of member records (党员名册)
 * that change only fields which leave the member counted or not, where it is, employed where it is
 * and named as it is — 是否亮明身份, 组织关系状态 (neither old nor new 停止党籍) and its 起始日期, 区外组织关系,
 * and with STORE_MEMBER_FORMAL too 人员类别 and 转正日期 (who is formal: the organisations' lodged
 * members) and 所在党组织 (the organisation left, when it covers enterprises today, found again
 * through them: their ids among *ents; one covering none: STORE_CHANGES_OTHER; with STORE_ROSTER when a
 * roster line names the member, as 是否亮明身份) — of a member with an employer (its id among *ents: what changes is that enterprise's
 * members' counts, the findings of its members and, with STORE_MEMBER_FORMAL, of the organisations
 * covering it or holding its members' relations), and with 是否亮明身份 changed of a member a roster
 * line names with STORE_ROSTER too (the cross-match reads it) — with STORE_MEMBER_DATED when a field a past day
 * reads as recorded today changed (人员类别, 转正日期, 组织关系状态 and its 起始日期: store_scan_members),
 * not for 是否亮明身份 and 区外组织关系 alone (a past day reads the version of that day, or nothing);
 * STORE_CHANGES_ENTS too, with STORE_MEMBER, STORE_MEMBER_FORMAL and STORE_MEMBER_MOVED, for a
 * member's 工作单位 changed from one enterprise to another (both among *ents: their members' counts,
 * the findings of their members and organisations; with STORE_ROSTER when a roster line names it; not
 * STORE_MEMBER_DATED: a past day reads the employer of its version of that day), and with
 * STORE_MEMBER_DATED too for a new member with an employer that no record of another table names
 * (store_member_bare: it has no party-work figures yet) — from its 入党日期 on
 * (store_member_dated_from); STORE_CHANGES_ENTS too, with STORE_PARTY_DUES, for dues records (党费:
 * added, changed or deleted, of any month) — what they change is the members' dues, their sums, the
 * six-month rule and the differing months (party_reload_dues), on any day; STORE_CHANGES_ENTS too,
 * with STORE_ORG, for updates of organisation records that change only 组建方式 (neither old nor new
 * 上级机关), 组织类别, 上级党组织 (no figure or finding reads it; the plan does), 书记姓名, 支委会人数 or
 * 本届任期开始 — and with STORE_ORG_LIFE too 是否设支委会 or
 * 党小组数 (its calendar, which a past day reads as recorded today) — of an organisation covering
 * at least one enterprise today (those enterprises among *ents: their links' mode and kind, their
 * coverage counts and findings, and the findings of the organisations covering them); a past day
 * reads the mode and kind of its own version; with STORE_ORG_COVER too when 覆盖企业 changed (links
 * added start today, links dropped end today: no past day changes), the enterprises whose links to
 * it started or ended today among *ents too — an organisation that still covers at least one
 * enterprise today; STORE_CHANGES_ENTS too, with STORE_ENT_NEW and
 * STORE_ENT_CLOSED, for a new enterprise that no row of another table names (store_enterprise_bare:
 * it comes into the facts alone, as a reopened one does; its id among *ents) — a past day counts it
 * too when it was founded by then; STORE_CHANGES_ENTS too, with STORE_PARTY_DEV, for development
 * records (发展党员: added, changed or deleted) — what they change is the development figures and the
 * dev_violation findings (party_reload_devs), on any day; and with STORE_PARTY_SEC, for secretary
 * records (书记: added, changed or deleted) — the current secretaries, their figures, the members'
 * study hours required and the secretary_missing findings (party_reload_secs), on any day; and with
 * STORE_PARTY_TRANSFER, for transfer records (组织关系转接: added, changed or deleted) — the
 * organisations' transfers and the transfer_pending findings (party_reload_transfers), on any day;
 * and with STORE_PARTY_TASK, for campaign and task records (排查活动, 排查任务: added, changed or
 * deleted) — the campaigns' figures and the campaign_overdue findings (party_reload_tasks), on any
 * day; and with STORE_PARTY_RECOG, for rating, funding, designation and venue records (星级评定, 经费,
 * 身份标识, 阵地) — the organisations' stars, awards, subsidies and venues, the designations, and the
 * star_quota, funding_out_of_range and venue_missing findings (party_reload_recog), on any day;
 * and with STORE_PARTY_TRAINING, for training and trainee records (培训, 参训人员) — the members'
 * study hours from training, the training figures and whether a secretary was trained, and the
 * study_short findings (party_reload_trainings), on any day; and with STORE_INS_COVER, for an update
 * of an instructor record that changes only 指导企业 (assignments added start today, dropped ones end
 * today: no past day changes) — the enterprises whose assignments to it started or ended today among
 * *ents (their instructors' counts and findings) and the year's assignments (the visit findings
 * stay: an assignment begun today has no ended quarter yet, one ended today keeps those it had);
 * STORE_CHANGES_OTHER anything else. In a read moment. */
enum { STORE_CHANGES_NONE, STORE_CHANGES_ENTS, STORE_CHANGES_OTHER };
enum {
	STORE_ENT_STATUS = 1,
	STORE_ENT_INDUSTRY = 2,
	STORE_ENT_CLOSED = 1 << 10,
	STORE_ENT_CLOSED_BACK = 1 << 12,
	STORE_ENT_ANY = (1 << 13) - 1, /* every bit of an enterprise's own fields */
	STORE_PARTY_HOURS = 1 << 13,
	STORE_PARTY_VISITS = 1 << 14,
	STORE_MEMBER = 1 << 15,
	STORE_MEMBER_FORMAL = 1 << 16,
	STORE_MEMBER_DATED = 1 << 17,
	STORE_MEMBER_MOVED = 1 << 18,
	STORE_PARTY_DUES = 1 << 19,
	STORE_ORG = 1 << 20,
	STORE_ORG_LIFE = 1 << 21,
	STORE_ENT_NEW = 1 << 22,
	STORE_PARTY_DEV = 1 << 23,
	STORE_PARTY_SEC = 1 << 24,
	STORE_PARTY_TRANSFER = 1 << 25,
	STORE_ORG_COVER = 1 << 26,
	STORE_PARTY_TASK = 1 << 27,
	STORE_PARTY_RECOG = 1 << 28,
	STORE_PARTY_TRAINING = 1 << 29,
	STORE_INS_COVER = 1 << 30
};
/* A new organisation that no row of another table names but the kinds a patch reads again whole
 * (store_org_bare with STORE_ORG_REREAD: its meetings, secretaries, development and transfer
 * records, funding, ratings and venues, written after it), covering at least one enterprise today:
 * STORE_CHANGES_ENTS with STORE_ORG, STORE_ORG_COVER and this bit, the enterprises it covers among
 * *ents (its links start on its 成立日期: store_org_new_dated_from). */
#define STORE_ORG_NEW ((store_fields)1 << 31)
/* Cross-match decisions (tbl 'crossmatch': a candidate confirmed or dismissed, added, changed or
 * deleted): STORE_CHANGES_ENTS with this bit, no enterprise among *ents — no figure reads them, the
 * crossmatch_confirmed findings are found again whole (store_scan_confirmed), on any day. */
#define STORE_XM_DECIDED ((store_fields)1 << 32)
/* With STORE_MEMBER: the member records whose 所在党组织, 是否亮明身份 or 工作单位 changed include one a
 * roster line names (the cross-match reads those three: its candidates, kept on write, changed);
 * alone, or with STORE_MEMBER and the employer among *ents of a member without a 所在党组织 that a
 * roster line written names (its earliest 入职日期: pocket_member), roster lines (职工名册: added,
 * changed or deleted; of a member without an organisation or an employer: STORE_CHANGES_OTHER) — the
 * candidates read again whole and the crossmatch_confirmed findings found again whole; a past day's
 * candidates read the member records and lines as they are today, so its figures are computed
 * again. */
#define STORE_ROSTER ((store_fields)1 << 33)
/* An update of an enterprise's 企业名称 (alone, or with the fields of the STORE_ENT_* bits):
 * STORE_CHANGES_ENTS with this bit, the enterprise among *ents. No figure reads a name, on any day;
 * the findings that name it do (its own, its members' 工作单位, its instructors' visits, its
 * campaign tasks, its confirmed cross-match candidates), and the plan when it names it. */
#define STORE_ENT_NAME ((store_fields)1 << 34)
/* An update of an enterprise's place (所属区县, 街道, 社区, 区域, 区域类型; alone, or with the fields
 * above): STORE_CHANGES_ENTS with this bit, the enterprise among *ents. A past day counts it in the
 * place it had (store_scan_enterprises_then); today's figures by place change, and the place of the
 * findings about it and the members it employs (found by their subjects: finding_store.c), and the
 * plan (it groups enterprises by place). */
#define STORE_ENT_PLACE ((store_fields)1 << 35)
/* With STORE_ORG: an update of an organisation's place (所属街道, 社区, 区域; alone, or with the fields
 * STORE_ORG patches) of one covering at least one enterprise today, those enterprises among *ents.
 * No figure reads where an organisation is, on any day, in any region (a region holds the
 * organisations covering its enterprises: report/party.c); the findings placed by it do — its own,
 * and those about the members it holds without an employer (finding_store.c). */
#define STORE_ORG_PLACE ((store_fields)1 << 36)
/* With STORE_ORG (and the bits of its fields): an update of an organisation that covers no
 * enterprise today and whose links neither started nor ended today (a leadership body, say), no
 * enterprise among *ents. No figure reads it, on any day (a region's organisations are those
 * covering its enterprises); its own findings do (the whole database's: every organisation's rules
 * run there, check.c check_orgs_in_region), those about the members it holds without an employer
 * with STORE_ORG_PLACE, and the plan (a new branch's parent). check_patch finds those of every
 * organisation covering no enterprise again (store_orgs_unlinked). */
#define STORE_ORG_UNLINKED ((store_fields)1 << 37)
/* With STORE_ENT_CLOSED: an update of an enterprise that closes it (移出台账日期 set where it was
 * empty; not a reopening). Every record naming it leaves the facts with it (facts_patch): its
 * members, coverage links, instructors' assignments and their visits, campaign tasks (their
 * campaigns' counts without them), designations, trainees, development records and cross-match
 * candidates; the findings about its members, of the organisations that covered it
 * (store_ent_orgs), the instructors' visit findings, the overdue tasks', the development records'
 * and the confirmed cross-match candidates' are found again (check_patch). */
#define STORE_ENT_CLOSING ((store_fields)1 << 38)
/* With STORE_MEMBER, STORE_MEMBER_FORMAL, STORE_MEMBER_MOVED and STORE_MEMBER_DATED: an update
 * of a member record with an employer that closes it (减少日期 set where it was empty; not a
 * reopening), its employer among *ents. It leaves its employer's members, counted by none from its
 * 减少日期 on (store_member_dated_from); its party-work figures go with it (facts_patch: the dues
 * differences of the others renumbered). */
#define STORE_MEMBER_GONE ((store_fields)1 << 39)
/* With STORE_ENT_CLOSED: an update of an enterprise that reopens it (移出台账日期 emptied where it was
 * set; not a closing). Every record naming it comes back with it; the facts are loaded afresh (but
 * for one no other record names), the findings patched on them when the organisations covering it
 * stay where they were among the region's (facts_patchable after the writes): those about its
 * members, of the organisations covering it, the instructors' visit findings, the overdue tasks',
 * the development records' and the confirmed cross-match candidates' found again (check_patch). */
#define STORE_ENT_REOPENING ((store_fields)1 << 41)
/* With STORE_ORG and STORE_ORG_UNLINKED: an update of an organisation's 撤销日期 or 原因 (closed,
 * reopened, or its closing date or reason changed) of one that covers no enterprise today and whose
 * links neither started nor ended today, its 覆盖企业 unchanged — the closing ended no link (one
 * that does empties its 覆盖企业) and a reopening revived none. No figure reads it, on any day (the
 * facts read no organisation's closing: a region's organisations are those its links name); the
 * findings of every organisation covering no enterprise are found again (STORE_ORG_UNLINKED) and a
 * closed one's dropped (store_orgs_closed: check_patch), and the plan drawn again (STORE_ORG). */
#define STORE_ORG_CLOSING ((store_fields)1 << 40)
/* The records naming an organisation that the facts hold by it, beside its own (its meetings,
 * calendar, rating, funding and venue: report/party.h party_org): its secretary, its transfers and
 * its funding outside the range — read again whole when it leaves the region's organisations. */
#define STORE_ORG_LEAVING_REREAD (STORE_PARTY_SEC | STORE_PARTY_TRANSFER | STORE_PARTY_RECOG)
/* STORE_ORG_CLOSING is also, with STORE_ORG, STORE_ORG_COVER and STORE_ORG_LEAVING_REREAD, an update
 * that closes an organisation that covered enterprises (its 覆盖企业 emptied: its links end on its
 * 撤销日期, today or earlier), those enterprises among *ents (every one whose link ended on that day
 * or later): it leaves the region's organisations with its links when it was one of them
 * (facts_relink), its records of STORE_ORG_LEAVING_REREAD read again whole; a past day's figures
 * from the closing date on change (store_org_closed_dated_from). */
int store_changes_since(store *s, int64_t stamp, int64_t **ents, size_t *nents, store_fields *fields);
/* The ids of the organisations with a coverage link of enterprise ent, ended or not, ascending:
 * *ids a new array of *n (the caller frees; NULL when none). FG_OK or FG_EFAIL. In a read moment. */
int store_ent_orgs(store *s, int64_t ent, int64_t **ids, size_t *n, fg_err *e);
/* The ids of the organisations open on day that cover no enterprise then (COVERAGE_ACTIVE),
 * ascending: *ids a new array of *n (the caller frees; NULL when none). FG_OK or FG_EFAIL. In a
 * read moment. */
int store_orgs_unlinked(store *s, int day, int64_t **ids, size_t *n, fg_err *e);
/* The ids of the organisations closed on day (撤销日期 on or before it), ascending: *ids a new array
 * of *n (the caller frees; NULL when none). FG_OK or FG_EFAIL. In a read moment. */
int store_orgs_closed(store *s, int day, int64_t **ids, size_t *n, fg_err *e);
/* The kinds of record naming organisations that a patch reads again whole when one of them was
 * written (facts_patch: the secretaries with STORE_PARTY_SEC or STORE_PARTY_TRAINING, development
 * records, transfers, funding, ratings and venues with STORE_PARTY_RECOG, and the year's meetings
 * by their totals with STORE_PARTY_HOURS). */
#define STORE_ORG_REREAD                                                                               \
	(STORE_PARTY_SEC | STORE_PARTY_TRAINING | STORE_PARTY_DEV | STORE_PARTY_TRANSFER | STORE_PARTY_RECOG | \
	 STORE_PARTY_HOURS)
/* 1 when no row of a table naming organisations names organisation id but its coverage links (and
 * users scoped to it), the members lodged in it (no figure reads a member's organisation), and rows
 * of the kinds reread (of STORE_ORG_REREAD's bits) read again whole: no child organisation, and
 * (unless reread) meeting, secretary, development or transfer record, funding, rating or venue —
 * its party-work figures are none but those read again.
 * In a read moment. */
int store_org_bare(store *s, int64_t id, store_fields reread);
/* The first day whose figures the new organisations written after history id stamp can change
 * (STORE_ORG_NEW): the earliest of their 成立日期; INT_MAX when none, INT_MIN when it cannot be said.
 * In a read moment. */
int store_org_new_dated_from(store *s, int64_t stamp);
/* The first day whose figures the organisations closed or reopened with their links written after
 * history id stamp can change (STORE_ORG_CLOSING with STORE_ORG_COVER: the links end, or are revived,
 * on the 撤销日期): the earliest of those closing dates; INT_MAX when none, INT_MIN when it cannot be
 * said. In a read moment. */
int store_org_closed_dated_from(store *s, int64_t stamp);
/* After writes store_changes_since says STORE_MEMBER_DATED of: the first day whose figures they can
 * change — a past day before it reads each member edited as formal, 流动 or 失联 as before, and
 * counts no new member (days from then on may differ: a new member counts from its 入党日期);
 * INT_MIN when that cannot be said. In a read moment. */
int store_member_dated_from(store *s, int64_t stamp);
/* The first day whose figures the development, secretary, transfer, campaign, task, rating, funding,
 * designation, venue, training and trainee records written after history id stamp can change
 * (STORE_PARTY_DEV, _SEC, _TRANSFER, _TASK, _RECOG, _TRAINING): the earliest date in their history
 * rows (key, old and new values) — a day reads each such record only from one of its dates on (a
 * step taken, a term begun, a letter, a rating, an award, a grant, a recognition, a training) —, for
 * a task or a campaign its campaign's start (a day reads a campaign and its tasks from then on);
 * INT_MAX when none was written, INT_MIN when it cannot be said (a row with no date: an update of
 * undated fields, a venue never recognised; a campaign no longer there). In a read moment. */
int store_records_dated_from(store *s, int64_t stamp);
/* The first day whose figures the dues records written after history id stamp can change (STORE_PARTY_DUES):
 * the first of the month after the earliest month among them (a day reads the dues of the months
 * before its own); INT_MAX when none was written, INT_MIN when it cannot be said. In a read moment. */
int store_dues_dated_from(store *s, int64_t stamp);

/* The first day whose figures the new enterprises written after history id stamp can change
 * (STORE_ENT_NEW): the earliest of their 成立日期 (today for one without); INT_MAX when none was
 * written, INT_MIN when it cannot be said. In a read moment. */
int store_ent_new_dated_from(store *s, int64_t stamp);

/* 1 when no row of another table names member id, by its id or its ID number (this year's hours of
 * meetings and study, study records, secretaries, trainees, development, transfers, dues, roster lines, cross-match
 * decisions, designations): its party-work figures are none (a new member's, facts_patch). 0 on a
 * read error. In a read moment. */
int store_member_bare(store *s, int64_t id);

/* 1 when no row of any table names enterprise id (coverage, assignments, members' employer, visits,
 * trainees, developments, tasks, roster lines and candidates, cross-match decisions, designations),
 * current or ended: taking it out of the facts or putting it back moves nothing but itself
 * (facts_patch; one closed takes every such record out of the facts with it: STORE_ENT_CLOSING). 0
 * on a read error. In a read moment. */
int store_enterprise_bare(store *s, int64_t id);
/* 1 when member id is closed on day (减少日期 on or before it); 0 when open then, unknown, or on a
 * read error. In a read moment. */
int store_member_closed_on(store *s, int64_t id, int day);
/* 1 when enterprise id is closed on day (移出台账日期 on or before it); 0 when open then, unknown, or
 * on a read error. In a read moment. */
int store_enterprise_closed_on(store *s, int64_t id, int day);
/* 1 when organisation id is closed on day (撤销日期 on or before it); 0 when open then, unknown, or
 * on a read error. In a read moment. */
int store_org_closed_on(store *s, int64_t id, int day);

/* Every stored state: fn(ctx, key, state ("doing"/"done"/"na"), note (NULL none), who, day). */
int store_finding_states(store *s,
			 int (*fn)(void *ctx, const char *key, const char *state, const char *note, const char *who,
				   const char *day),
			 void *ctx, fg_err *e);

/* Sets the state of key: state NULL (待整改) removes its row. In the caller's transaction, with a
 * history entry (tbl "finding", the key, old and new {state, note, who, day}); the person is the
 * transaction's, the day today. Nothing changes (and no entry) when state and note are as stored. */
int store_finding_state_set(store *s, const char *key, const char *state, const char *note, fg_err *e);
/* The same write with its person and day given: the --as-recorded replay of a history entry
 * (store/asrecorded.c), which carries them. */
int store_finding_state_write(store *s, const char *key, const char *state, const char *note, const char *who,
			      const char *day, fg_err *e);

#endif
