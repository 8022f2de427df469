/* party_scan — whole-table scans of the party-work records (store/scan_party.c) that the
 * party-work figures, findings and report are computed from (report/party.c). Each is one
 * statement, meant to run inside the caller's store_read_begin/end so that all of them read one
 * moment; the joins happen in C. Dates are day numbers (util/date.h), hours integer tenths
 * (core/life.h). Strings passed to callbacks are borrowed for the call only. */
#ifndef FGDJ_PARTY_SCAN_H
#define FGDJ_PARTY_SCAN_H
#include <stdint.h>

#include "store/store.h"

/* Every development record: its employer's id (0 none) and the row as text (numbers as SQLite
 * writes them, which core/ledger.h's ledger_dev_record reads alike), without 工作单位 and
 * 所属党组织 (NULL: the rules do not read them). */
int store_scan_development(store *s, int (*fn)(void *ctx, int64_t employer, const ledger_rec *rec), void *ctx,
			   fg_err *e);

/* Every transfer: 本方党组织's id, the member's id (a member the table references: transfer.member_id
 * is a foreign key, NOT NULL — store_member_names gives the 姓名 and 公民身份号码 of those a caller
 * needs, in the same snapshot), 方向 (1 转入, 0 转出), 对方党组织, letter and completion days
 * (DATE_NONE: pending). No join to member: a transfer's member is a look-up in the member table,
 * which the figures need for none of them. */
typedef struct transfer_row {
	int64_t org, member;
	const char *other;
	int in, letter, done;
} transfer_row;
int store_scan_transfers(store *s, int (*fn)(void *ctx, const transfer_row *r), void *ctx, fg_err *e);

/* Id ceilings for dense arrays, and which ledgers hold any record at all. */
typedef struct party_ceiling {
	int64_t member, meeting, training;
	int any_meeting, any_study, any_secretary, any_visit, any_development, any_transfer;
} party_ceiling;
int store_party_ceiling(store *s, party_ceiling *c, fg_err *e);

/* Every organisation: what its calendar depends on (组建方式 上级机关 = leadership). */
typedef struct life_org_row {
	int64_t id;
	int founded, has_committee, groups, leadership;
} life_org_row;
int store_scan_life_orgs(store *s, int (*fn)(void *ctx, const life_org_row *r), void *ctx, fg_err *e);
/* The rows store_scan_life_orgs gives of the organisations ids (n of them; repeats read again),
 * each by its id — facts_patch's calendars of a few organisations after edits of them. */
int store_scan_life_orgs_in(store *s, const int64_t *ids, size_t n, int (*fn)(void *ctx, const life_org_row *r),
			    void *ctx, fg_err *e);

/* Meetings dated from..to: id, organisation, 活动类型, day, hours credited to each attendee. */
int store_scan_meetings(store *s, int from, int to,
			int (*fn)(void *ctx, int64_t id, int64_t org, const char *kind, int day, int tenths), void *ctx,
			fg_err *e);
/* The meetings of one organisation dated from..to, if the organisation lies in scope (the read
 * rule of store/scope.h, in the query): 活动类型 and day, in date order. */
int store_org_meetings(store *s, const store_filter *scope, int64_t org, int from, int to,
		       int (*fn)(void *ctx, const char *kind, int day), void *ctx, fg_err *e);
/* The members of org on day — the rule a meeting's attendees are checked by (a completed transfer
 * decides, else the history of 所在党组织, else today's ledger): fn with each member's id, in no
 * particular order. Not scoped: the caller reads each member inside its scope. */
int store_org_members_on(store *s, int64_t org, int day, int (*fn)(void *ctx, int64_t member), void *ctx, fg_err *e);
/* Attendance of the meetings dated from..to: meeting id, member id. */
int store_scan_attendance(store *s, int from, int to, int (*fn)(void *ctx, int64_t meeting, int64_t member),
			  void *ctx, fg_err *e);
/* *any = 1 when a meeting or a study record is dated from..to. */
int store_party_dated_within(store *s, int from, int to, int *any, fg_err *e);
/* Each organisation's meetings of the year (kept with the records): organisation, 活动类型,
 * count per month. Equals what store_scan_meetings reads for the whole year. */
int store_scan_meeting_tally(store *s, int year,
			     int (*fn)(void *ctx, int64_t org, const char *kind, const int months[12]), void *ctx,
			     fg_err *e);
/* Each member's hours of the year (attended meetings + individual study, kept with the records):
 * member id, tenths. Equals what the attendance and study scans add up for the whole year. */
int store_scan_member_hours(store *s, int year, int (*fn)(void *ctx, int64_t member, int tenths), void *ctx,
			    fg_err *e);
/* Individual study records dated from..to: member id, hours. */
int store_scan_study(store *s, int from, int to, int (*fn)(void *ctx, int64_t member, int tenths), void *ctx,
		     fg_err *e);

/* Every secretary record; member is the member with that ID number (0 = none). */
typedef struct secretary_row {
	int64_t org, member;
	const char *idno, *method; /* empty when not recorded */
	int since, until;          /* until DATE_NONE = still serving */
	int dual_strong, investor; /* 1 / 0 */
} secretary_row;
int store_scan_secretaries(store *s, int (*fn)(void *ctx, const secretary_row *r), void *ctx, fg_err *e);

/* Visits dated from..to: instructor, enterprise, day, 发挥作用 ("调研员；宣传员", may be empty). */
int store_scan_visits(store *s, int from, int to,
		      int (*fn)(void *ctx, int64_t instructor, int64_t ent, int day, const char *roles), void *ctx,
		      fg_err *e);
/* Instructor assignments active on some day from..to: start, end (DATE_NONE = still). */
int store_scan_assignment_spans(store *s, int from, int to,
				int (*fn)(void *ctx, int64_t instructor, int64_t ent, int start, int end), void *ctx,
				fg_err *e);

/* Training events starting from..to: id, hours. */
int store_scan_trainings(store *s, int from, int to, int (*fn)(void *ctx, int64_t id, int tenths), void *ctx,
			 fg_err *e);
/* Every participant: event, the member with that ID number (0 = none), enterprise (0 = none),
 * ID number (NULL when empty), the ledger's person key (one person per event) and 身份 ("" none). */
typedef struct trainee_row {
	int64_t training, member, ent;
	const char *idno, *person, *role;
} trainee_row;
int store_scan_trainees(store *s, int (*fn)(void *ctx, const trainee_row *r), void *ctx, fg_err *e);

/* A member's 姓名 and 公民身份号码, appended to name and idno (nothing for an unknown id). */
void store_member_names(store *s, int64_t id, buf *name, buf *idno);
/* "姓名（派出单位）" of an instructor, appended to out. */
void store_instructor_label(store *s, int64_t id, buf *out);

#endif
