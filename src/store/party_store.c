/* party_store — the party-work ledgers (meetings, study, secretaries, visits, trainings, trainees)
 * in the database, table-driven: one descriptor per ledger (static SQL, the references its columns
 * make, the parameters of its writes) read by one writer, one reference resolver and one child-list
 * sync. store_put and store_each (ledger_store.c) hand these ledgers here; the history, the scope
 * check and the canonical row reading are the ledgers' common ones. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/dues.h"
#include "core/life.h"
#include "store/dues_store.h"
#include "store/ledger_sql.h"
#include "store/party_int.h"
#include "store/scope.h"
#include "store/scope_sql.h"
#include "store/store_int.h"
#include "util/date.h"

/* What a column names: a row of another table, found by one or two columns' text. */
/* REF_MEMBER_HELD: a member by 公民身份号码 with what party_held keeps of it, read in the same statement. */
typedef enum ref_kind {
	REF_NONE,
	REF_ORG,
	REF_MEMBER,
	REF_MEMBER_HELD,
	REF_ENT,
	REF_INSTR,
	REF_TRAINING,
	REF_CAMPAIGN
} ref_kind;

static const char *const REF_SQL[] = {
	[REF_ORG] = "SELECT id FROM org WHERE name = ?1",
	[REF_MEMBER] = "SELECT id FROM member WHERE idno = ?1",
	[REF_MEMBER_HELD] = "SELECT id, district_id, name, join_date FROM member WHERE idno = ?1",
	[REF_ENT] = "SELECT id FROM enterprise WHERE uscc = ?1",
	[REF_INSTR] = "SELECT id FROM instructor WHERE name = ?1 AND unit = ?2",
	[REF_TRAINING] = "SELECT id FROM training WHERE name = ?1 AND start_date = ?2",
	[REF_CAMPAIGN] = "SELECT id FROM campaign WHERE name = ?1",
};

static int ref_missing(ref_kind k, const char *a, const char *b, fg_err *e)
{
	switch (k) {
	case REF_ORG:
		return err_set(e, FG_EINPUT, "党组织“%s”不在党组织台账中（请先导入党组织台账）", a);
	case REF_MEMBER:
	case REF_MEMBER_HELD:
		return err_set(e, FG_EINPUT, "公民身份号码 %s 不在党员名册中（请先导入党员名册）", a);
	case REF_ENT:
		return err_set(e, FG_EINPUT, "统一社会信用代码 %s 不在企业台账中（请先导入企业台账）", a);
	case REF_INSTR:
		return err_set(e, FG_EINPUT, "党建指导员“%s”（%s）不在党建指导员台账中", a, b);
	case REF_TRAINING:
		return err_set(e, FG_EINPUT, "培训“%s”（%s 开始）不在培训观摩台账中（请先导入培训观摩）", a, b);
	case REF_CAMPAIGN:
		return err_set(e, FG_EINPUT, "排查“%s”不在排查台账中（请先导入排查）", a);
	case REF_NONE:
		break;
	}
	return err_set(e, FG_EFAIL, "内部错误：未知引用");
}

typedef struct party_ref {
	ref_kind kind;
	int col, col2; /* col2: the second text of REF_INSTR / REF_TRAINING, else -1 */
} party_ref;

/* A write parameter ?n (n = index + 1): a column's canonical value, a resolved reference's id, a
 * trainee's person key, the pinyin sort key of a column (a name a list sorts by), or the district
 * of the member a REF_MEMBER_HELD reference read (party_held; NULL for none). */
typedef struct party_param {
	char src; /* 'c' column, 'r' reference, 'p' person key, 'k' a column's name_key, 'h' the member's district */
	signed char n;
} party_param;

#define MAX_REFS 2
#define MAX_PARAMS 20

typedef struct party_desc {
	const char *select_one; /* the stored row by key, from the write parameters */
	const char *select_all; /* every row for a reader: ?1 region, ?2 organisation (scope_sql.h) */
	const char *insert, *update;
	party_ref refs[MAX_REFS];
	party_param params[MAX_PARAMS];
	int nparams;
	/* The insert that leaves an existing key alone, tried before any lookup: a new row then costs
	 * the check of its key, not a lookup first; an existing one the lookup after it (no failed
	 * statement, which on PostgreSQL would end the transaction). Whether it wrote is sql_changes:
	 * RETURNING id cost SQLite twice the insert. Two spellings of it, both read by either database:
	 * SQLite's (insert_new) ON CONFLICT on the key DO NOTHING, the insert's own check of the key;
	 * PostgreSQL's (insert_new_pg) INSERT … SELECT … WHERE NOT EXISTS the key, since a table
	 * partitioned by district across servers has no unique index to be ON CONFLICT's arbiter
	 * (scripts/pg_partition.sql; an unpartitioned database keeps the key's unique index, which still
	 * refuses a duplicate another writer inserts meanwhile). Not the one on both: SQLite copies the
	 * row of an INSERT … SELECT that reads its own table into a temporary table first, which made
	 * the city's meetings import 1.46× as long (BENCHMARKS.md). */
	const char *insert_new, *insert_new_pg;
	/* A record held with its member (a REF_MEMBER_HELD reference): select_one's row in the member's
	 * district as read (a 'h' parameter), for a database partitioned by district to read that
	 * district's partitions alone; insert then writes the row only while the member is held there
	 * (nothing once another writer has moved it to another district since it was read: its rows
	 * went with it, and the row is looked up and written again, party_put). */
	const char *select_held;
} party_desc;

#define C(i) {'c', i}
#define R(i) {'r', i}
#define K(i) {'k', i}
#define H {'h', 0}
#define NOREF {REF_NONE, -1, -1}

#define MEET_SELECT "SELECT " LEDGER_MEET_COLS ", mt.id" LEDGER_MEET_FROM
/* A meeting's row with the district that holds it (its organisation's, schema v36). */
#define MEET_INSERT                                                                                  \
	"INSERT INTO meeting(org_id, kind, date, topic, form, hours, recorder, absentees, attendees, district_id)"
#define MEET_VALUES "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, " MEETING_DISTRICT("?1")
/* A meeting's key (the table's unique index) among the write parameters; a: an alias with its dot, or "". */
#define MEET_KEY(a) a "org_id = ?1 AND " a "kind = ?2 AND " a "date = ?3 AND " a "topic = ?4"
#define STUDY_SELECT "SELECT " LEDGER_STUDY_COLS ", st.id" LEDGER_STUDY_FROM
#define SEC_SELECT "SELECT " LEDGER_SEC_COLS ", sy.id" LEDGER_SEC_FROM
#define VISIT_SELECT "SELECT " LEDGER_VISIT_COLS ", vi.id" LEDGER_VISIT_FROM
#define TRAIN_SELECT "SELECT " LEDGER_TRAIN_COLS ", tr.id" LEDGER_TRAIN_FROM
#define TRAINEE_SELECT "SELECT " LEDGER_TRAINEE_COLS ", te.id" LEDGER_TRAINEE_FROM
#define DEV_SELECT "SELECT " LEDGER_DEV_COLS ", dv.id" LEDGER_DEV_FROM
#define TF_SELECT "SELECT " LEDGER_TF_COLS ", tf.id" LEDGER_TF_FROM
#define DUES_SELECT "SELECT " LEDGER_DUES_COLS ", du.id" LEDGER_DUES_FROM
#define CP_SELECT "SELECT " LEDGER_CP_COLS ", cp.id" LEDGER_CP_FROM
#define TK_SELECT "SELECT " LEDGER_TK_COLS ", tk.id" LEDGER_TK_FROM
#define RL_SELECT "SELECT " LEDGER_RL_COLS ", rl.id" LEDGER_RL_FROM
#define FU_SELECT "SELECT " LEDGER_FU_COLS ", fu.id" LEDGER_FU_FROM
#define RB_SELECT "SELECT " LEDGER_RB_COLS ", rb.id" LEDGER_RB_FROM
#define RT_SELECT "SELECT " LEDGER_RT_COLS ", rt.id" LEDGER_RT_FROM
#define DG_SELECT "SELECT " LEDGER_DG_COLS ", dg.id" LEDGER_DG_FROM
/* Every designation in the scope: the members of all of them joined once (ledger_sql.h LEDGER_LISTS). */
#define DG_SELECT_ALL "SELECT " LEDGER_DG_COLS_WITH("dgm.list") ", dg.id" LEDGER_DG_FROM LEDGER_DG_MEMBERS_JOIN
#define VN_SELECT "SELECT " LEDGER_VN_COLS ", vn.id" LEDGER_VN_FROM

static const party_desc DESC[LEDGER_NKINDS] = {
	[LEDGER_MEETINGS] = {
		MEET_SELECT " WHERE " MEET_KEY("mt."),
		MEET_SELECT " WHERE " SCOPE_ORG("?1", "?2") " ORDER BY o.name, mt.date, mt.kind, mt.topic",
		MEET_INSERT " VALUES (" MEET_VALUES ")",
		"UPDATE meeting SET version = version + 1, form = ?5, hours = ?6, recorder = ?7, absentees = ?8,"
		" attendees = ?9 WHERE " MEET_KEY(""),
		{{REF_ORG, MT_ORG, -1}, NOREF},
		{R(0), C(MT_KIND), C(MT_DATE), C(MT_TOPIC), C(MT_FORM), C(MT_HOURS), C(MT_RECORDER), C(MT_ABSENTEES),
		 C(MT_ATTENDEES)},
		9,
		MEET_INSERT " VALUES (" MEET_VALUES ") ON CONFLICT (org_id, kind, date, topic) DO NOTHING",
		MEET_INSERT " SELECT " MEET_VALUES " WHERE NOT EXISTS (SELECT 1 FROM meeting WHERE " MEET_KEY("") ")",
		NULL,
	},
	[LEDGER_STUDY] = {
		STUDY_SELECT " WHERE st.member_id = ?1 AND st.date = ?2 AND st.content = ?3",
		STUDY_SELECT " WHERE " SCOPE_MEM("?1", "?2") " ORDER BY m.idno, st.date, st.content",
		/* district_id: the district that holds it (its member's, schema v37) */
		"INSERT INTO study(member_id, date, content, hours, district_id) VALUES (?1, ?2, ?3, ?4, " STUDY_DISTRICT("?1") ")",
		"UPDATE study SET version = version + 1, hours = ?4 WHERE member_id = ?1 AND date = ?2 AND content = ?3",
		{{REF_MEMBER, ST_IDNO, -1}, NOREF},
		{R(0), C(ST_DATE), C(ST_CONTENT), C(ST_HOURS)},
		4,
		NULL,
		NULL,
		NULL,
	},
	[LEDGER_SECRETARIES] = {
		SEC_SELECT " WHERE sy.org_id = ?1 AND sy.since = ?4",
		SEC_SELECT " WHERE " SCOPE_ORG("?1", "?2") " ORDER BY o.name, sy.since",
		"INSERT INTO secretary(org_id, name, idno, since, until, method, dual_strong, investor, phone)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
		"UPDATE secretary SET version = version + 1, name = ?2, idno = ?3, until = ?5, method = ?6,"
		" dual_strong = ?7, investor = ?8, phone = ?9 WHERE org_id = ?1 AND since = ?4",
		{{REF_ORG, SE_ORG, -1}, NOREF},
		{R(0), C(SE_NAME), C(SE_IDNO), C(SE_SINCE), C(SE_UNTIL), C(SE_METHOD), C(SE_DUAL_STRONG), C(SE_INVESTOR),
		 C(SE_PHONE)},
		9,
		NULL,
		NULL,
		NULL,
	},
	[LEDGER_VISITS] = {
		VISIT_SELECT " WHERE vi.instructor_id = ?1 AND vi.enterprise_id = ?2 AND vi.date = ?3",
		VISIT_SELECT " WHERE " SCOPE_VISIT("?1", "?2") " ORDER BY i.name, i.unit, e.uscc, vi.date",
		/* district_id: the district that holds it (its enterprise's, schema v38) */
		"INSERT INTO visit(instructor_id, enterprise_id, date, roles, notes, district_id) VALUES (?1, ?2, ?3, ?4, ?5, "
		VISIT_DISTRICT("?2") ")",
		"UPDATE visit SET version = version + 1, roles = ?4, notes = ?5"
		" WHERE instructor_id = ?1 AND enterprise_id = ?2 AND date = ?3",
		{{REF_INSTR, VI_INSTRUCTOR, VI_UNIT}, {REF_ENT, VI_USCC, -1}},
		{R(0), R(1), C(VI_DATE), C(VI_ROLES), C(VI_NOTES)},
		5,
		NULL,
		NULL,
		NULL,
	},
	[LEDGER_TRAININGS] = {
		TRAIN_SELECT " WHERE tr.name = ?1 AND tr.start_date = ?3",
		TRAIN_SELECT " WHERE " SCOPE_TRAINING("?1", "?2") " ORDER BY tr.start_date, tr.name",
		"INSERT INTO training(name, kind, start_date, end_date, place, hours, organiser)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
		"UPDATE training SET version = version + 1, kind = ?2, end_date = ?4, place = ?5, hours = ?6,"
		" organiser = ?7 WHERE name = ?1 AND start_date = ?3",
		{NOREF, NOREF},
		{C(TR_NAME), C(TR_KIND), C(TR_START), C(TR_END), C(TR_PLACE), C(TR_HOURS), C(TR_ORGANISER)},
		7,
		NULL,
		NULL,
		NULL,
	},
	[LEDGER_TRAINEES] = {
		TRAINEE_SELECT " WHERE te.training_id = ?1 AND te.person_key = ?2",
		TRAINEE_SELECT " WHERE " SCOPE_TRAINEE("?1", "?2") " ORDER BY tr.start_date, tr.name, te.person_key",
		"INSERT INTO trainee(training_id, person_key, name, idno, role, enterprise_id)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
		"UPDATE trainee SET version = version + 1, name = ?3, idno = ?4, role = ?5, enterprise_id = ?6"
		" WHERE training_id = ?1 AND person_key = ?2",
		{{REF_TRAINING, TE_TRAINING, TE_START}, {REF_ENT, TE_USCC, -1}},
		{R(0), {'p', 0}, C(TE_NAME), C(TE_IDNO), C(TE_ROLE), R(1)},
		6,
		NULL,
		NULL,
		NULL,
	},
	[LEDGER_DEVELOPMENT] = {
		DEV_SELECT " WHERE dv.idno = ?1",
		DEV_SELECT " WHERE " SCOPE_ORG("?1", "?2") " ORDER BY dv.idno",
		/* district_id: the district that holds it (its organisation's, schema v37), written again
		 * by the update, which may give the record another organisation (the member's own row is
		 * written so: store/ledger_write.c) */
		"INSERT INTO development(idno, name, employer_id, org_id, apply_date, talk_date, activist_date, target_date,"
		" review_date, notice_start, notice_end, assembly_date, approval_date, full_date, recommend, contacts,"
		" training_hours, extension, dual, district_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
		" ?14, ?15, ?16, ?17, ?18, ?19, " DEVELOPMENT_DISTRICT("?4") ")",
		"UPDATE development SET version = version + 1, name = ?2, employer_id = ?3, org_id = ?4, apply_date = ?5,"
		" talk_date = ?6, activist_date = ?7, target_date = ?8, review_date = ?9, notice_start = ?10,"
		" notice_end = ?11, assembly_date = ?12, approval_date = ?13, full_date = ?14, recommend = ?15,"
		" contacts = ?16, training_hours = ?17, extension = ?18, dual = ?19, district_id = " DEVELOPMENT_DISTRICT("?4")
		" WHERE idno = ?1",
		{{REF_ORG, DV_ORG, -1}, {REF_ENT, DV_EMPLOYER, -1}},
		{C(DV_IDNO), C(DV_NAME), R(1), R(0), C(DV_APPLY), C(DV_TALK), C(DV_ACTIVIST), C(DV_TARGET), C(DV_REVIEW),
		 C(DV_NOTICE), C(DV_NOTICE_END), C(DV_ASSEMBLY), C(DV_APPROVAL), C(DV_FULL), C(DV_RECOMMEND),
		 C(DV_CONTACTS), C(DV_TRAINING_HOURS), C(DV_EXTENSION), C(DV_DUAL)},
		19,
		NULL,
		NULL,
		NULL,
	},
	[LEDGER_TRANSFERS] = {
		TF_SELECT " WHERE tf.member_id = ?1 AND tf.letter_date = ?2",
		TF_SELECT " WHERE " SCOPE_ORG("?1", "?2") " ORDER BY m.idno, tf.letter_date",
		/* district_id: the district that holds it (its organisation's, 本方党组织, schema v38),
		 * written again by the update, which may give the transfer another organisation */
		"INSERT INTO transfer(member_id, letter_date, name, direction, org_id, other, done_date, district_id)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, " TRANSFER_DISTRICT("?5") ")",
		"UPDATE transfer SET version = version + 1, name = ?3, direction = ?4, org_id = ?5, other = ?6,"
		" done_date = ?7, district_id = " TRANSFER_DISTRICT("?5") " WHERE member_id = ?1 AND letter_date = ?2",
		{{REF_MEMBER, TF_IDNO, -1}, {REF_ORG, TF_ORG, -1}},
		{R(0), C(TF_LETTER), C(TF_NAME), C(TF_DIRECTION), R(1), C(TF_OTHER), C(TF_DONE)},
		7,
		NULL,
		NULL,
		NULL,
	},
	[LEDGER_DUES] = {
		DUES_SELECT " WHERE du.member_id = ?1 AND du.month = ?2",
		DUES_SELECT " WHERE " SCOPE_MEM("?1", "?2") " ORDER BY m.idno, du.month",
		/* member_key: the member's name_key, kept for the list's order (schema v32) */
		/* and district_id, the district that holds it (its member's, schema v36), both read from the
		 * member's row in the district ?8 it was read in (select_held) */
		"INSERT INTO dues(member_id, month, base, retired, due, paid, paid_date, member_key, district_id)"
		" SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, m.name_key, " DUES_DISTRICT_OF_ROW("m") " FROM member m"
		" WHERE m.id = ?1 AND " HELD_AT(DUES_DISTRICT_OF_ROW("m"), "?8"),
		"UPDATE dues SET version = version + 1, base = ?3, retired = ?4, due = ?5, paid = ?6, paid_date = ?7"
		" WHERE member_id = ?1 AND month = ?2",
		{{REF_MEMBER_HELD, DU_IDNO, -1}, NOREF},
		{R(0), C(DU_MONTH), C(DU_BASE), C(DU_RETIRED), C(DU_DUE), C(DU_PAID), C(DU_PAID_DATE), H},
		8,
		NULL,
		NULL,
		/* its member's district (DUES_DISTRICT) is the row's */
		DUES_SELECT " WHERE du.member_id = ?1 AND du.month = ?2 AND " HELD_AT("du.district_id", "?8") " AND "
		HELD_AT("m.district_id", "?8"),
	},
	/* The range's region is resolved by campaign_rules (places never created here) into ids[0]. */
	[LEDGER_CAMPAIGNS] = {
		CP_SELECT " WHERE cp.name = ?1",
		CP_SELECT " WHERE " SCOPE_CAMPAIGN("?1", "?2") " ORDER BY cp.name",
		"INSERT INTO campaign(name, lead, partners, start_date, deadline, region_id, name_key)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
		"UPDATE campaign SET version = version + 1, lead = ?2, partners = ?3, start_date = ?4, deadline = ?5,"
		" region_id = ?6 WHERE name = ?1",
		{NOREF, NOREF},
		{C(CP_NAME), C(CP_LEAD), C(CP_PARTNERS), C(CP_START), C(CP_DEADLINE), R(0), K(CP_NAME)},
		7,
		NULL,
		NULL,
		NULL,
	},
	[LEDGER_TASKS] = {
		TK_SELECT " WHERE tk.campaign_id = ?1 AND tk.enterprise_id = ?2",
		TK_SELECT " WHERE " SCOPE_ENT("?1", "?2") " ORDER BY cp.name, e.uscc",
		"INSERT INTO task(campaign_id, enterprise_id, owner, status, done_date, findings) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
		"UPDATE task SET version = version + 1, owner = ?3, status = ?4, done_date = ?5, findings = ?6"
		" WHERE campaign_id = ?1 AND enterprise_id = ?2",
		{{REF_CAMPAIGN, TK_CAMPAIGN, -1}, {REF_ENT, TK_USCC, -1}},
		{R(0), R(1), C(TK_OWNER), C(TK_STATUS), C(TK_DONE), C(TK_FINDINGS)},
		6,
		NULL,
		NULL,
		NULL,
	},
	[LEDGER_ROSTERS] = {
		RL_SELECT " WHERE rl.enterprise_id = ?1 AND rl.idno = ?2",
		RL_SELECT " WHERE " SCOPE_ENT("?1", "?2") " ORDER BY e.uscc, rl.idno",
		"INSERT INTO roster_line(enterprise_id, idno, name, hired, political) VALUES (?1, ?2, ?3, ?4, ?5)",
		"UPDATE roster_line SET version = version + 1, name = ?3, hired = ?4, political = ?5"
		" WHERE enterprise_id = ?1 AND idno = ?2",
		{{REF_ENT, RS_USCC, -1}, NOREF},
		{R(0), C(RS_IDNO), C(RS_NAME), C(RS_HIRED), C(RS_POLITICAL)},
		5,
		NULL,
		NULL,
		NULL,
	},
	[LEDGER_FUNDING] = {
		FU_SELECT " WHERE fu.org_id = ?1 AND fu.date = ?2 AND fu.kind = ?3",
		FU_SELECT " WHERE " SCOPE_ORG("?1", "?2") " ORDER BY o.name, fu.date, fu.kind",
		"INSERT INTO funding(org_id, date, kind, amount, doc) VALUES (?1, ?2, ?3, ?4, ?5)",
		"UPDATE funding SET version = version + 1, amount = ?4, doc = ?5 WHERE org_id = ?1 AND date = ?2 AND kind = ?3",
		{{REF_ORG, FU_ORG, -1}, NOREF},
		{R(0), C(FU_DATE), C(FU_KIND), C(FU_AMOUNT), C(FU_DOC)},
		5,
		NULL,
		NULL,
		NULL,
	},
	/* A veto item's points are stored as 0 and read as empty. */
	[LEDGER_RUBRIC] = {
		RB_SELECT " WHERE rb.year = ?1 AND rb.indicator = ?3",
		RB_SELECT " WHERE ?1 = ?1 AND ?2 = ?2 ORDER BY rb.year, rb.id",
		"INSERT INTO rubric_item(year, area, indicator, points, veto) VALUES (?1, ?2, ?3, coalesce(?4, 0), ?5)",
		"UPDATE rubric_item SET version = version + 1, area = ?2, points = coalesce(?4, 0), veto = ?5"
		" WHERE year = ?1 AND indicator = ?3",
		{NOREF, NOREF},
		{C(RB_YEAR), C(RB_AREA), C(RB_INDICATOR), C(RB_POINTS), C(RB_VETO)},
		5,
		NULL,
		NULL,
		NULL,
	},
	/* ?4 (the scores) goes to rating_score after the row (rating_put_scores); ?6 is the total in points. */
	[LEDGER_RATINGS] = {
		RT_SELECT " WHERE rt.org_id = ?1 AND rt.year = ?2",
		RT_SELECT " WHERE " SCOPE_ORG("?1", "?2") " ORDER BY rt.year, o.name",
		"INSERT INTO rating(org_id, year, rated, veto, total) VALUES (?1, ?2, ?3, ?5, CAST(round(?6 * 10) AS INTEGER))",
		"UPDATE rating SET version = version + 1, rated = ?3, veto = ?5, total = CAST(round(?6 * 10) AS INTEGER)"
		" WHERE org_id = ?1 AND year = ?2",
		{{REF_ORG, RT_ORG, -1}, NOREF},
		{R(0), C(RT_YEAR), C(RT_DATE), C(RT_SCORES), C(RT_VETO), C(RT_TOTAL)},
		6,
		NULL,
		NULL,
		NULL,
	},
	/* 党员 is the designation_member link table, written by sync_designation_members. */
	[LEDGER_DESIGNATIONS] = {
		DG_SELECT " WHERE dg.kind = ?1 AND dg.name = ?2 AND dg.enterprise_id = ?3",
		DG_SELECT_ALL " WHERE " SCOPE_ENT("?1", "?2") " ORDER BY e.uscc, dg.kind, dg.name",
		"INSERT INTO designation(kind, name, enterprise_id, granted, revoked) VALUES (?1, ?2, ?3, ?4, ?5)",
		"UPDATE designation SET version = version + 1, granted = ?4, revoked = ?5"
		" WHERE kind = ?1 AND name = ?2 AND enterprise_id = ?3",
		{{REF_ENT, DG_USCC, -1}, NOREF},
		{C(DG_KIND), C(DG_NAME), R(0), C(DG_GRANTED), C(DG_REVOKED)},
		5,
		NULL,
		NULL,
		NULL,
	},
	[LEDGER_VENUES] = {
		VN_SELECT " WHERE vn.org_id = ?1",
		VN_SELECT " WHERE " SCOPE_ORG("?1", "?2") " ORDER BY o.name",
		"INSERT INTO venue(org_id, address, area, site, facilities, sign, flag, books, rules, open_base, recognised)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
		"UPDATE venue SET version = version + 1, address = ?2, area = ?3, site = ?4, facilities = ?5, sign = ?6,"
		" flag = ?7, books = ?8, rules = ?9, open_base = ?10, recognised = ?11 WHERE org_id = ?1",
		{{REF_ORG, VN_ORG, -1}, NOREF},
		{R(0), C(VN_ADDRESS), C(VN_AREA), C(VN_SITE), C(VN_FACILITIES), C(VN_SIGN), C(VN_FLAG), C(VN_BOOKS),
		 C(VN_RULES), C(VN_OPEN_BASE), C(VN_RECOGNISED)},
		11,
		NULL,
		NULL,
		NULL,
	},
};

const char *party_select_all(ledger_kind kind)
{
	return DESC[kind].select_all;
}

/* ---- one resolver for every reference ---- */

static int64_t ref_id(store *s, const party_ref *r, const ledger_rec *rec, party_held *held)
{
	if (r->kind == REF_MEMBER_HELD) {
		sql_st *st = store_st(s, REF_SQL[r->kind]);
		sql_bind_text(st, 1, rec->f[r->col]);
		int64_t id = 0;
		if (sql_step(st) == SQL_ROW) {
			id = sql_col_int64(st, 0);
			held->known = 1;
			held->district = sql_col_type(st, 1) == SQL_NULL ? 0 : sql_col_int64(st, 1);
			buf_puts(&held->name, sql_col_text(st, 2));
			held->joined = store_day(st, 3);
		}
		sql_reset(st);
		return id;
	}
	if (r->col2 < 0) /* consecutive rows name the same organisation: asked once */
		return store_id_by_text(s, REF_SQL[r->kind], rec->f[r->col]);
	sql_st *st = store_st(s, REF_SQL[r->kind]);
	sql_bind_text(st, 1, rec->f[r->col]);
	if (r->col2 >= 0)
		sql_bind_text(st, 2, rec->f[r->col2]);
	int64_t id = sql_step(st) == SQL_ROW ? sql_col_int64(st, 0) : 0;
	sql_reset(st);
	return id;
}

/* Resolves every reference of rec (an empty optional one stays 0). */
static int resolve_refs(store *s, const party_desc *d, const ledger_rec *rec, int64_t *ids, party_held *held,
			int *bad_col, fg_err *e)
{
	for (int i = 0; i < MAX_REFS; i++) {
		const party_ref *r = &d->refs[i];
		ids[i] = 0;
		if (r->kind == REF_NONE || !rec->f[r->col])
			continue;
		if (!(ids[i] = ref_id(s, r, rec, held))) {
			*bad_col = r->col;
			return ref_missing(r->kind, rec->f[r->col], r->col2 >= 0 ? rec->f[r->col2] : "", e);
		}
	}
	return FG_OK;
}

static void bind_params(sql_st *st, const ledger_def *def, const party_desc *d, const ledger_rec *rec,
			const int64_t *ids, const char *person, const party_held *held)
{
	for (int i = 0; i < d->nparams; i++) {
		const party_param *p = &d->params[i];
		if (p->src == 'c')
			store_bind_value(st, i + 1, &def->cols[p->n], rec->f[p->n]);
		else if (p->src == 'r' && ids[p->n])
			sql_bind_int64(st, i + 1, ids[p->n]);
		else if (p->src == 'p')
			sql_bind_text(st, i + 1, person);
		else if (p->src == 'k')
			store_bind_name_key(st, i + 1, rec->f[p->n]);
		else if (p->src == 'h' && held->district)
			sql_bind_int64(st, i + 1, held->district);
	}
}

/* A secretary's or participant's member (by 公民身份号码), as it stands when the row is written;
 * a member written later links itself (ledger_store.c put_member). */
static const char *const LINK_SQL[LEDGER_NKINDS] = {
	[LEDGER_SECRETARIES] = "UPDATE secretary SET member_id = (SELECT m.id FROM member m WHERE m.idno = secretary.idno)"
			       " WHERE id = ?1",
	[LEDGER_TRAINEES] = "UPDATE trainee SET member_id = (SELECT m.id FROM member m WHERE m.idno = trainee.idno)"
			    " WHERE id = ?1",
};

static int link_member(store *s, ledger_kind k, int64_t id, fg_err *e)
{
	s->people_linked = -1; /* this one's number may be no member's yet */
	sql_st *st = store_st(s, LINK_SQL[k]);
	sql_bind_int64(st, 1, id);
	return sql_step(st) == SQL_DONE ? FG_OK : db_err(s, e, "写入台账");
}

/* ---- the writer ---- */

/* 1 when rec's row certainly does not exist yet (store_fresh): then written by the plain insert,
 * with neither a lookup nor insert_new's check of the key. Dues are keyed by the member and the
 * month (a number), roster lines by the enterprise and the ID number, meetings on PostgreSQL by the
 * organisation, type, day and topic (the only free text, last) as bound — compared byte for byte on
 * both databases. There insert_new_pg's check is a probe of the table whose plan, once cached while
 * the table was small, scans it: a first import of the district demo's 19,940 meetings took 23 s
 * instead of 3.4. On SQLite insert_new's ON CONFLICT check costs less than keeping the keys (the
 * city's meetings import 1.08× the CPU of main with them, 1.02× without: BENCHMARKS.md). */
static int party_fresh(store *s, const ledger_def *def, const ledger_rec *rec, const int64_t *ids)
{
	buf key = {0};
	int month = 0;
	if (def->kind == LEDGER_DUES && dues_month_parse(rec->f[DU_MONTH], &month) == 0)
		buf_printf(&key, "%lld/%d", (long long)ids[0], month);
	else if (def->kind == LEDGER_ROSTERS)
		buf_printf(&key, "%lld/%s", (long long)ids[0], rec->f[RS_IDNO]);
	else if (def->kind == LEDGER_MEETINGS && s->sql->backend == SQL_PG)
		buf_printf(&key, "%lld/%s/%s/%s", (long long)ids[0], rec->f[MT_KIND], rec->f[MT_DATE], rec->f[MT_TOPIC]);
	else
		return 0;
	int fresh = store_fresh(s, def->kind, &key);
	buf_free(&key);
	return fresh;
}

/* The row of rec's key into r (1 found, 0 not; a failure to lock: an error). With id (the row's,
 * read before without its lock), read again under its lock where rows are locked (store_lock_read:
 * followed when it moved meanwhile to another district's partition): r->locked. */
static int load(store *s, const ledger_def *def, const party_desc *d, const ledger_rec *rec, const int64_t *ids,
		const char *person, const party_held *held, int64_t id, rowtext *r, fg_err *e)
{
	/* First in the member's district as read (select_held): a committed row is held where its
	 * member is (the district follows the member, store/extras.c), and one this transaction wrote
	 * there too — unless it wrote a dues row of the member's year elsewhere or not known where
	 * (store_dues_held). Then, and under the lock, in every district: the row locked is followed
	 * wherever it moved meanwhile. */
	int month = 0;
	int at_held = !id && d->select_held && held->known && dues_month_parse(rec->f[DU_MONTH], &month) == 0 &&
		      store_dues_held(s, ids[0], month, held->district);
	sql_st *st = store_st(s, at_held ? d->select_held : d->select_one);
	/* The lookup uses the key parameters only (and select_held the district); the others are out
	 * of its range (ignored). */
	bind_params(st, def, d, rec, ids, person, held);
	int rc = id ? store_lock_read(s, def->kind, st, id, e) : FG_OK;
	int found = !rc && sql_step(st) == SQL_ROW;
	if (found)
		store_row_read(r, st, def);
	r->locked = found && id && store_locks_rows(s, def->kind);
	sql_reset(st);
	return rc ? -rc : found;
}

/* party_put once: *moved when the row's member was moved to another district by another writer
 * since it was read (select_held's insert wrote nothing), before anything was written. */
static int put_once(store *s, const ledger_def *def, const ledger_rec *in, int today, put_result *res, int *bad_col,
		    int *moved, fg_err *e)
{
	const party_desc *d = &DESC[def->kind];
	store_bulk_write(s);
	ledger_rec rec = *in;
	ledger_fill_defaults(def, &rec);
	int64_t ids[MAX_REFS];
	idvec attendees = {0}; /* a meeting's attendees, or a designation's members */
	buf name = {0}, person = {0};
	char due[24];
	rating_put rp = {0};
	party_held held = {0};
	if (def->kind == LEDGER_TRAINEES)
		ledger_trainee_person(&rec, '/', &person);
	int rc = resolve_refs(s, d, &rec, ids, &held, bad_col, e);
	if (!rc) {
		switch (def->kind) {
		case LEDGER_MEETINGS:
			rc = party_meeting_rules(s, &rec, ids, &attendees, bad_col, e);
			break;
		case LEDGER_STUDY:
			rc = party_member_name_rules(s, &rec, ST_NAME, ids[0], &name, bad_col, e);
			break;
		case LEDGER_SECRETARIES:
			rc = party_secretary_rules(s, &rec, ids, bad_col, e);
			break;
		case LEDGER_VISITS:
			rc = party_visit_rules(s, &rec, ids, bad_col, e);
			break;
		case LEDGER_DEVELOPMENT:
			rc = party_development_rules(s, &rec, today, bad_col, e);
			break;
		case LEDGER_TRANSFERS:
			rc = party_member_name_rules(s, &rec, TF_NAME, ids[0], &name, bad_col, e);
			break;
		case LEDGER_DUES:
			rc = party_dues_rules(&rec, &held, due, bad_col, e);
			break;
		case LEDGER_CAMPAIGNS:
			rc = party_campaign_rules(s, &rec, ids, &name, bad_col, e);
			break;
		case LEDGER_TASKS:
			rc = party_task_rules(s, &rec, ids, bad_col, e);
			break;
		case LEDGER_RUBRIC:
			if (strcmp(rec.f[RB_VETO], "是") == 0)
				rec.f[RB_POINTS] = NULL;
			break;
		case LEDGER_RATINGS:
			rc = rating_put_check(s, &rec, ids[0], &rp, bad_col, e);
			break;
		case LEDGER_DESIGNATIONS:
			rc = party_designation_rules(s, &rec, ids[0], &attendees, bad_col, e);
			break;
		default:
			break;
		}
	}
	rowtext *old = &s->old_row;
	int found = 0, inserted = 0;
	int fresh = !rc && party_fresh(s, def, &rec, ids);
	if (!rc && !fresh && d->insert_new && !s->scoped) {
		sql_st *st = store_st(s, s->sql->backend == SQL_PG ? d->insert_new_pg : d->insert_new);
		bind_params(st, def, d, &rec, ids, buf_cstr(&person), &held);
		if (sql_step(st) != SQL_DONE)
			rc = db_err(s, e, "写入台账");
		else
			inserted = sql_changes(s->sql) > 0;
	}
	if (!rc && !inserted)
		found = fresh ? 0 : load(s, def, d, &rec, ids, buf_cstr(&person), &held, 0, old, e);
	/* PostgreSQL, an import: the row was read without a lock, and another writer may have changed
	 * it since. Once it differs it is read again under its lock and compared again, as store_put
	 * does (ledger_write.c): what is written over, and the history's old values, are the row as it
	 * is now, and the UPDATE by its key finds it where it moved meanwhile. */
	for (int again = 0; !rc && !inserted; again = 1) {
		if (again && (found = load(s, def, d, &rec, ids, buf_cstr(&person), &held, old->id, old, e)) < 0) {
			rc = -found;
			break;
		}
		if (s->scoped)
			rc = scope_check_put(s, &s->scope, def, found ? &old->rec : NULL, &rec, bad_col, e);
		else if (!found && !fresh && d->insert_new)
			rc = err_set(e, FG_EFAIL, "内部错误：%s 的键既不能新增也找不到", def->record);
		if (!rc && found) {
			size_t i = 0;
			while (i < def->ncols && (old->rec.f[i] == rec.f[i] ||
						  (old->rec.f[i] && rec.f[i] && strcmp(old->rec.f[i], rec.f[i]) == 0)))
				i++;
			if (i == def->ncols) {
				*res = PUT_SAME;
				goto out;
			}
		}
		if (rc || !found || !s->bulk || old->locked || !store_locks_rows(s, def->kind))
			break;
	}
	int tallied = def->kind == LEDGER_MEETINGS || def->kind == LEDGER_STUDY;
	if (!rc && found && tallied)
		rc = party_tally(s, def->kind, def->kind == LEDGER_MEETINGS ? old->id : ids[0], NULL, &old->rec, -1, e);
	/* A new row's key is read back (sql_last_id) only where something below uses it; elsewhere the
	 * write needs no answer and goes with the next statement (sql_step_write: one round trip less
	 * a row on PostgreSQL). */
	int keyed = !found && !inserted &&
		    (def->kind == LEDGER_MEETINGS || def->kind == LEDGER_DESIGNATIONS || def->kind == LEDGER_RATINGS ||
		     LINK_SQL[def->kind]);
	/* select_held's insert is answered: whether it wrote the row (the member still held where read). */
	int held_insert = !found && !inserted && d->select_held;
	if (!rc && !inserted) {
		sql_st *st = store_st(s, found ? d->update : d->insert);
		bind_params(st, def, d, &rec, ids, buf_cstr(&person), &held);
		if ((keyed || held_insert ? sql_step(st) : sql_step_write(st)) != SQL_DONE)
			rc = db_err(s, e, "写入台账");
		else if (held_insert && sql_changes(s->sql) == 0) {
			*moved = 1;
			goto out;
		}
	}
	int64_t id = found ? old->id : inserted || keyed ? sql_last_id(s->sql) : 0;
	if (!rc && def->kind == LEDGER_DESIGNATIONS)
		rc = party_sync_designation_members(s, id, !found, &attendees, e);
	if (!rc && tallied)
		rc = party_tally(s, def->kind, def->kind == LEDGER_MEETINGS ? id : ids[0], &attendees, &rec, 1, e);
	if (!rc && !found && def->kind == LEDGER_MEETINGS)
		party_tally_meeting(s, ids[0], &rec);
	if (!rc && LINK_SQL[def->kind])
		rc = link_member(s, def->kind, id, e);
	if (!rc && def->kind == LEDGER_ROSTERS)
		store_xm_touch(s, rec.f[RS_IDNO]);
	if (!rc && def->kind == LEDGER_DUES) {
		int month = 0;
		dues_month_parse(rec.f[DU_MONTH], &month);
		/* A new row is held where its member was read (select_held's insert); an updated one where it
		 * was found, not known here. */
		store_dues_touch(s, ids[0], month, held.known && !found ? held.district : STORE_HELD_UNKNOWN);
	}
	if (!rc && def->kind == LEDGER_RATINGS)
		rc = rating_put_scores(s, id, &rp, e);
	if (!rc)
		rc = store_put_history(s, def, found ? &old->rec : NULL, &rec, e);
	if (!rc && def->kind == LEDGER_SECRETARIES)
		rc = party_secretary_follow(s, &rec, ids, today, e);
	if (!rc && def->kind == LEDGER_DEVELOPMENT)
		rc = party_development_follow(s, &rec, today, bad_col, e);
	if (!rc && def->kind == LEDGER_TRANSFERS) {
		store_roster_forget(s); /* the roster holds the organisation's completed transfers */
		rc = party_transfer_follow(s, &rec, today, bad_col, e);
	}
	if (!rc)
		*res = found ? PUT_CHANGED : PUT_NEW;
out:
	rating_put_free(&rp);
	free(attendees.v);
	buf_free(&name);
	buf_free(&person);
	buf_free(&held.name);
	return rc;
}

int party_put(store *s, const ledger_def *def, const ledger_rec *in, int today, put_result *res, int *bad_col,
	      fg_err *e)
{
	/* A row whose member another writer moved to another district meanwhile: read and written
	 * again, from its member's new district. */
	for (int moves = 0;; moves++) {
		int moved = 0;
		int rc = put_once(s, def, in, today, res, bad_col, &moved, e);
		if (rc || !moved)
			return rc;
		if (moves == STORE_LOCK_MOVES)
			return err_set(e, FG_EFAIL, "写入台账：这名党员一再被迁到别的区县，请稍后重试");
	}
}

int store_dues_member_key_fill(store *s, fg_err *e)
{
	int rc = store_column_add(s, "dues", "member_key BLOB", e);
	if (rc)
		return rc;
	if (sql_exec(s->sql, "UPDATE dues SET member_key = (SELECT m.name_key FROM member m WHERE m.id = dues.member_id);"
			     " CREATE INDEX IF NOT EXISTS dues_order ON dues(month DESC, member_key, member_id)") != SQL_OK)
		return db_err(s, e, "升级数据库结构");
	return FG_OK;
}
