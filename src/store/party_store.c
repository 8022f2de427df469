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
#include "store/scope.h"
#include "store/scope_sql.h"
#include "store/store_int.h"
#include "util/date.h"

/* What a column names: a row of another table, found by one or two columns' text. */
typedef enum ref_kind { REF_NONE, REF_ORG, REF_MEMBER, REF_ENT, REF_INSTR, REF_TRAINING, REF_CAMPAIGN } ref_kind;

static const char *const REF_SQL[] = {
	[REF_ORG] = "SELECT id FROM org WHERE name = ?1",
	[REF_MEMBER] = "SELECT id FROM member WHERE idno = ?1",
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

/* A write parameter ?n (n = index + 1): a column's canonical value, a resolved reference's id, or
 * a trainee's person key. */
typedef struct party_param {
	char src; /* 'c' column, 'r' reference, 'p' person key */
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
} party_desc;

#define C(i) {'c', i}
#define R(i) {'r', i}
#define NOREF {REF_NONE, -1, -1}

#define MEET_SELECT "SELECT " LEDGER_MEET_COLS ", mt.id" LEDGER_MEET_FROM
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
#define VN_SELECT "SELECT " LEDGER_VN_COLS ", vn.id" LEDGER_VN_FROM

static const party_desc DESC[LEDGER_NKINDS] = {
	[LEDGER_MEETINGS] = {
		MEET_SELECT " WHERE mt.org_id = ?1 AND mt.kind = ?2 AND mt.date = ?3 AND mt.topic = ?4",
		MEET_SELECT " WHERE " SCOPE_ORG("?1", "?2") " ORDER BY o.name, mt.date, mt.kind, mt.topic",
		"INSERT INTO meeting(org_id, kind, date, topic, form, hours, recorder, absentees, attendees)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
		"UPDATE meeting SET version = version + 1, form = ?5, hours = ?6, recorder = ?7, absentees = ?8,"
		" attendees = ?9 WHERE org_id = ?1 AND kind = ?2 AND date = ?3 AND topic = ?4",
		{{REF_ORG, MT_ORG, -1}, NOREF},
		{R(0), C(MT_KIND), C(MT_DATE), C(MT_TOPIC), C(MT_FORM), C(MT_HOURS), C(MT_RECORDER), C(MT_ABSENTEES),
		 C(MT_ATTENDEES)},
		9,
	},
	[LEDGER_STUDY] = {
		STUDY_SELECT " WHERE st.member_id = ?1 AND st.date = ?2 AND st.content = ?3",
		STUDY_SELECT " WHERE " SCOPE_MEM("?1", "?2") " ORDER BY m.idno, st.date, st.content",
		"INSERT INTO study(member_id, date, content, hours) VALUES (?1, ?2, ?3, ?4)",
		"UPDATE study SET version = version + 1, hours = ?4 WHERE member_id = ?1 AND date = ?2 AND content = ?3",
		{{REF_MEMBER, ST_IDNO, -1}, NOREF},
		{R(0), C(ST_DATE), C(ST_CONTENT), C(ST_HOURS)},
		4,
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
	},
	[LEDGER_VISITS] = {
		VISIT_SELECT " WHERE vi.instructor_id = ?1 AND vi.enterprise_id = ?2 AND vi.date = ?3",
		VISIT_SELECT " WHERE " SCOPE_ENT("?1", "?2") " ORDER BY i.name, i.unit, e.uscc, vi.date",
		"INSERT INTO visit(instructor_id, enterprise_id, date, roles, notes) VALUES (?1, ?2, ?3, ?4, ?5)",
		"UPDATE visit SET version = version + 1, roles = ?4, notes = ?5"
		" WHERE instructor_id = ?1 AND enterprise_id = ?2 AND date = ?3",
		{{REF_INSTR, VI_INSTRUCTOR, VI_UNIT}, {REF_ENT, VI_USCC, -1}},
		{R(0), R(1), C(VI_DATE), C(VI_ROLES), C(VI_NOTES)},
		5,
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
	},
	[LEDGER_DEVELOPMENT] = {
		DEV_SELECT " WHERE dv.idno = ?1",
		DEV_SELECT " WHERE " SCOPE_ORG("?1", "?2") " ORDER BY dv.idno",
		"INSERT INTO development(idno, name, employer_id, org_id, apply_date, talk_date, activist_date, target_date,"
		" review_date, notice_start, notice_end, assembly_date, approval_date, full_date, recommend, contacts,"
		" training_hours, extension, dual) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
		" ?16, ?17, ?18, ?19)",
		"UPDATE development SET version = version + 1, name = ?2, employer_id = ?3, org_id = ?4, apply_date = ?5,"
		" talk_date = ?6, activist_date = ?7, target_date = ?8, review_date = ?9, notice_start = ?10,"
		" notice_end = ?11, assembly_date = ?12, approval_date = ?13, full_date = ?14, recommend = ?15,"
		" contacts = ?16, training_hours = ?17, extension = ?18, dual = ?19 WHERE idno = ?1",
		{{REF_ORG, DV_ORG, -1}, {REF_ENT, DV_EMPLOYER, -1}},
		{C(DV_IDNO), C(DV_NAME), R(1), R(0), C(DV_APPLY), C(DV_TALK), C(DV_ACTIVIST), C(DV_TARGET), C(DV_REVIEW),
		 C(DV_NOTICE), C(DV_NOTICE_END), C(DV_ASSEMBLY), C(DV_APPROVAL), C(DV_FULL), C(DV_RECOMMEND),
		 C(DV_CONTACTS), C(DV_TRAINING_HOURS), C(DV_EXTENSION), C(DV_DUAL)},
		19,
	},
	[LEDGER_TRANSFERS] = {
		TF_SELECT " WHERE tf.member_id = ?1 AND tf.letter_date = ?2",
		TF_SELECT " WHERE " SCOPE_ORG("?1", "?2") " ORDER BY m.idno, tf.letter_date",
		"INSERT INTO transfer(member_id, letter_date, name, direction, org_id, other, done_date)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
		"UPDATE transfer SET version = version + 1, name = ?3, direction = ?4, org_id = ?5, other = ?6,"
		" done_date = ?7 WHERE member_id = ?1 AND letter_date = ?2",
		{{REF_MEMBER, TF_IDNO, -1}, {REF_ORG, TF_ORG, -1}},
		{R(0), C(TF_LETTER), C(TF_NAME), C(TF_DIRECTION), R(1), C(TF_OTHER), C(TF_DONE)},
		7,
	},
	[LEDGER_DUES] = {
		DUES_SELECT " WHERE du.member_id = ?1 AND du.month = ?2",
		DUES_SELECT " WHERE " SCOPE_MEM("?1", "?2") " ORDER BY m.idno, du.month",
		"INSERT INTO dues(member_id, month, base, retired, due, paid, paid_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
		"UPDATE dues SET version = version + 1, base = ?3, retired = ?4, due = ?5, paid = ?6, paid_date = ?7"
		" WHERE member_id = ?1 AND month = ?2",
		{{REF_MEMBER, DU_IDNO, -1}, NOREF},
		{R(0), C(DU_MONTH), C(DU_BASE), C(DU_RETIRED), C(DU_DUE), C(DU_PAID), C(DU_PAID_DATE)},
		7,
	},
	/* The range's region is resolved by campaign_rules (places never created here) into ids[0]. */
	[LEDGER_CAMPAIGNS] = {
		CP_SELECT " WHERE cp.name = ?1",
		CP_SELECT " WHERE " SCOPE_CAMPAIGN("?1", "?2") " ORDER BY cp.name",
		"INSERT INTO campaign(name, lead, partners, start_date, deadline, region_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
		"UPDATE campaign SET version = version + 1, lead = ?2, partners = ?3, start_date = ?4, deadline = ?5,"
		" region_id = ?6 WHERE name = ?1",
		{NOREF, NOREF},
		{C(CP_NAME), C(CP_LEAD), C(CP_PARTNERS), C(CP_START), C(CP_DEADLINE), R(0)},
		6,
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
	},
	[LEDGER_FUNDING] = {
		FU_SELECT " WHERE fu.org_id = ?1 AND fu.date = ?2 AND fu.kind = ?3",
		FU_SELECT " WHERE " SCOPE_ORG("?1", "?2") " ORDER BY o.name, fu.date, fu.kind",
		"INSERT INTO funding(org_id, date, kind, amount, doc) VALUES (?1, ?2, ?3, ?4, ?5)",
		"UPDATE funding SET version = version + 1, amount = ?4, doc = ?5 WHERE org_id = ?1 AND date = ?2 AND kind = ?3",
		{{REF_ORG, FU_ORG, -1}, NOREF},
		{R(0), C(FU_DATE), C(FU_KIND), C(FU_AMOUNT), C(FU_DOC)},
		5,
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
	},
	/* 党员 is the designation_member link table, written by sync_designation_members. */
	[LEDGER_DESIGNATIONS] = {
		DG_SELECT " WHERE dg.kind = ?1 AND dg.name = ?2 AND dg.enterprise_id = ?3",
		DG_SELECT " WHERE " SCOPE_ENT("?1", "?2") " ORDER BY e.uscc, dg.kind, dg.name",
		"INSERT INTO designation(kind, name, enterprise_id, granted, revoked) VALUES (?1, ?2, ?3, ?4, ?5)",
		"UPDATE designation SET version = version + 1, granted = ?4, revoked = ?5"
		" WHERE kind = ?1 AND name = ?2 AND enterprise_id = ?3",
		{{REF_ENT, DG_USCC, -1}, NOREF},
		{C(DG_KIND), C(DG_NAME), R(0), C(DG_GRANTED), C(DG_REVOKED)},
		5,
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
	},
};

const char *party_select_all(ledger_kind kind)
{
	return DESC[kind].select_all;
}

/* ---- one resolver for every reference ---- */

static int64_t ref_id(store *s, const party_ref *r, const ledger_rec *rec)
{
	sqlite3_stmt *st = store_stmt(s, REF_SQL[r->kind]);
	bind_text(st, 1, rec->f[r->col]);
	if (r->col2 >= 0)
		bind_text(st, 2, rec->f[r->col2]);
	int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return id;
}

/* Resolves every reference of rec (an empty optional one stays 0). */
static int resolve_refs(store *s, const party_desc *d, const ledger_rec *rec, int64_t *ids, int *bad_col, fg_err *e)
{
	for (int i = 0; i < MAX_REFS; i++) {
		const party_ref *r = &d->refs[i];
		ids[i] = 0;
		if (r->kind == REF_NONE || !rec->f[r->col])
			continue;
		if (!(ids[i] = ref_id(s, r, rec))) {
			*bad_col = r->col;
			return ref_missing(r->kind, rec->f[r->col], r->col2 >= 0 ? rec->f[r->col2] : "", e);
		}
	}
	return FG_OK;
}

static void bind_params(sqlite3_stmt *st, const ledger_def *def, const party_desc *d, const ledger_rec *rec,
			const int64_t *ids, const char *person)
{
	for (int i = 0; i < d->nparams; i++) {
		const party_param *p = &d->params[i];
		if (p->src == 'c')
			store_bind_value(st, i + 1, &def->cols[p->n], rec->f[p->n]);
		else if (p->src == 'r' && ids[p->n])
			sqlite3_bind_int64(st, i + 1, ids[p->n]);
		else if (p->src == 'p')
			bind_text(st, i + 1, person);
	}
}

/* ---- a meeting's attendees ---- */

typedef struct idvec {
	int64_t *v;
	size_t n, cap;
} idvec;

static void idvec_add(idvec *x, int64_t id)
{
	if (x->n == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 16;
		x->v = xrealloc(x->v, x->cap * sizeof *x->v);
	}
	x->v[x->n++] = id;
}

/* ---- each member's hours per year (member_hours), kept with the records ---- */

/* One more meeting of ?2 (organisation) of kind ?3 in year ?1, month ?4. */
#define MONTH_IS(n) "CASE WHEN ?4 = " #n " THEN 1 ELSE 0 END"
#define MONTH_ADD(n) "m" #n " = meeting_tally.m" #n " + excluded.m" #n
static const char TALLY_MEETING[] =
	"INSERT INTO meeting_tally VALUES (?1, ?2, ?3, " MONTH_IS(1) ", " MONTH_IS(2) ", " MONTH_IS(3) ", "
	MONTH_IS(4) ", " MONTH_IS(5) ", " MONTH_IS(6) ", " MONTH_IS(7) ", " MONTH_IS(8) ", " MONTH_IS(9) ", "
	MONTH_IS(10) ", " MONTH_IS(11) ", " MONTH_IS(12) ") ON CONFLICT (year, org_id, kind) DO UPDATE SET "
	MONTH_ADD(1) ", " MONTH_ADD(2) ", " MONTH_ADD(3) ", " MONTH_ADD(4) ", " MONTH_ADD(5) ", " MONTH_ADD(6) ", "
	MONTH_ADD(7) ", " MONTH_ADD(8) ", " MONTH_ADD(9) ", " MONTH_ADD(10) ", " MONTH_ADD(11) ", " MONTH_ADD(12);
#undef MONTH_IS
#undef MONTH_ADD

/* A new meeting counted in meeting_tally (an update never changes its organisation, kind or date:
 * they are its key). */
static int tally_meeting(store *s, int64_t org, const ledger_rec *r, fg_err *e)
{
	const char *d = r->f[MT_DATE];
	sqlite3_stmt *st = store_stmt(s, TALLY_MEETING);
	sqlite3_bind_int(st, 1, (int)strtol(d, NULL, 10));
	sqlite3_bind_int64(st, 2, org);
	bind_text(st, 3, r->f[MT_KIND]);
	sqlite3_bind_int(st, 4, (int)strtol(d + 5, NULL, 10));
	return sqlite3_step(st) == SQLITE_DONE ? FG_OK : db_err(s, e, "更新组织生活合计");
}

/* Hours of the transaction's records by (year, member), added to member_hours at commit: a bulk
 * import then writes each member's total once instead of once per attendance. */
static void hours_add(store *s, int year, int64_t member, int tenths)
{
	unsigned char key[12];
	int32_t y = year;
	memcpy(key, &y, 4);
	memcpy(key + 4, &member, 8);
	int64_t v = 0;
	strmap_get(&s->hours, (const char *)key, sizeof key, &v);
	strmap_put(&s->hours, (const char *)key, sizeof key, v + tenths);
}

int party_hours_flush(store *s, fg_err *e)
{
	static const char q[] = "INSERT INTO member_hours(year, member_id, tenths) VALUES (?1, ?2, ?3)"
				" ON CONFLICT (year, member_id) DO UPDATE SET tenths = member_hours.tenths + excluded.tenths";
	for (size_t i = 0; i < s->hours.cap; i++) {
		const strmap_slot *sl = &s->hours.slots[i];
		if (!sl->key || !sl->val)
			continue;
		int32_t y;
		int64_t member;
		memcpy(&y, sl->key, 4);
		memcpy(&member, sl->key + 4, 8);
		sqlite3_stmt *st = store_stmt(s, q);
		sqlite3_bind_int(st, 1, y);
		sqlite3_bind_int64(st, 2, member);
		sqlite3_bind_int64(st, 3, sl->val);
		if (sqlite3_step(st) != SQLITE_DONE)
			return db_err(s, e, "更新学时合计");
	}
	strmap_free(&s->hours);
	return FG_OK;
}

/* Adds sign × the record's hours to the year of its date: a meeting's to each of its attendees
 * (the member ids given, or those its 参加党员 list names when NULL), a study record's to its
 * member. */
static int tally(store *s, ledger_kind k, int64_t owner, const idvec *attendees, const ledger_rec *r, int sign,
		 fg_err *e)
{
	int dc = k == LEDGER_MEETINGS ? MT_DATE : ST_DATE, hc = k == LEDGER_MEETINGS ? MT_HOURS : ST_HOURS;
	int t = 0;
	if (!r->f[dc] || !r->f[hc] || study_hours_parse(r->f[hc], &t) || !t)
		return FG_OK;
	int year = (int)strtol(r->f[dc], NULL, 10);
	if (k != LEDGER_MEETINGS) {
		hours_add(s, year, owner, sign * t);
		return FG_OK;
	}
	if (attendees) {
		for (size_t i = 0; i < attendees->n; i++)
			hours_add(s, year, attendees->v[i], sign * t);
		return FG_OK;
	}
	/* The stored list (r is the row as read back): its ID numbers are members' (checked when
	 * written; members are never deleted). */
	static const char q[] = "SELECT id FROM member WHERE idno = ?1";
	for (const char *p = r->f[MT_ATTENDEES]; p && *p;) {
		const char *n = strstr(p, "；");
		sqlite3_stmt *st = store_stmt(s, q);
		sqlite3_bind_text(st, 1, p, n ? (int)(n - p) : -1, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			hours_add(s, year, sqlite3_column_int64(st, 0), sign * t);
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return db_err(s, e, "更新学时合计");
		p = n ? n + 3 : NULL;
	}
	return FG_OK;
}

/* Schema v19: each meeting's attendance rows become its 参加党员 list — the ID numbers in byte
 * order joined by "；", the canonical form the importer gives and compares with — and the table
 * goes. The figures' totals (member_hours, meeting_tally) count the same attendances: unchanged. */
int store_meeting_attendees_fill(store *s, fg_err *e)
{
	static const char q[] = "SELECT a.meeting_id, m.idno FROM meeting_attendee a JOIN member m ON m.id = a.member_id"
				" ORDER BY a.meeting_id, m.idno";
	static const char u[] = "UPDATE meeting SET attendees = ?2 WHERE id = ?1";
	sqlite3_stmt *st = store_stmt(s, q);
	buf list = {0};
	int64_t meeting = 0;
	int rc, ret = FG_OK;
	for (;;) {
		rc = sqlite3_step(st);
		int64_t m = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		if (meeting && m != meeting) {
			sqlite3_stmt *w = store_stmt(s, u);
			sqlite3_bind_int64(w, 1, meeting);
			bind_text(w, 2, buf_cstr(&list));
			if (sqlite3_step(w) != SQLITE_DONE) {
				ret = db_err(s, e, "升级数据库结构：参加党员");
				break;
			}
			buf_reset(&list);
		}
		if (rc != SQLITE_ROW)
			break;
		if (list.len)
			buf_puts(&list, "；");
		buf_puts(&list, (const char *)sqlite3_column_text(st, 1));
		meeting = m;
	}
	buf_free(&list);
	ret = scan_end(s, st, rc == SQLITE_ROW ? SQLITE_DONE : rc, ret, e, "升级数据库结构：参加党员");
	if (!ret && sqlite3_exec(s->db, "DROP TABLE meeting_attendee", NULL, NULL, NULL) != SQLITE_OK)
		ret = db_err(s, e, "升级数据库结构：参加党员");
	return ret;
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
	sqlite3_stmt *st = store_stmt(s, LINK_SQL[k]);
	sqlite3_bind_int64(st, 1, id);
	return sqlite3_step(st) == SQLITE_DONE ? FG_OK : db_err(s, e, "写入台账");
}

/* ---- the rules that need the database (docs/party-work.md) ---- */

typedef struct members_check {
	store *s;
	int64_t org;
	const char *date;
	idvec *ids; /* NULL: check only */
	buf bad;
} members_check;

void store_roster_forget(store *s)
{
	s->roster_org = 0;
	s->roster_n = 0;
	s->roster_nev = 0;
	s->roster_ntf = 0;
	strmap_free(&s->roster);
}

/* Membership of an organisation on a day. Today's 所在党组织 is the member ledger's; before it, the
 * history of the member's row tells it — a change of 所在党组织 recorded after the day gives the
 * organisation it had on the day (the old value of the first such change), as the figures' as-of
 * reads the history (scan.c) — and a completed transfer (组织关系转接) into or out of the
 * organisation overrides both with its 办结日期: the last one completed by the day decides (转入:
 * in, 转出: out), else the first completed after it (转出: it was in, 转入: it was not). */
static int roster_in_on(const store *s, const struct roster_member *m, int day)
{
	if (m->joined > day)
		return 0;
	if (m->ntf) {
		const struct roster_event *t = s->roster_tf + m->tf, *last = NULL;
		for (size_t i = 0; i < m->ntf && t[i].day <= day; i++)
			last = &t[i];
		return last ? last->in : !t[0].in;
	}
	const struct roster_event *ev = s->roster_ev + m->ev;
	for (size_t i = 0; i < m->nev; i++)
		if (ev[i].day > day)
			return ev[i].in;
	return m->lodged;
}

static struct roster_member *roster_add(store *s, const char *idno, int64_t id, const char *joined, int lodged)
{
	int day;
	if (!idno || !joined || date_parse(joined, &day))
		return NULL;
	if (s->roster_n == s->roster_cap) {
		s->roster_cap = s->roster_cap ? s->roster_cap * 2 : 64;
		s->roster_v = xrealloc(s->roster_v, s->roster_cap * sizeof *s->roster_v);
	}
	struct roster_member *m = &s->roster_v[s->roster_n];
	*m = (struct roster_member){id, day, lodged, 0, 0, 0, 0};
	strmap_put(&s->roster, idno, strlen(idno), (int64_t)s->roster_n++);
	return m;
}

static void event_push(struct roster_event **v, size_t *n, size_t *cap, int day, int in)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*v = xrealloc(*v, *cap * sizeof **v);
	}
	(*v)[(*n)++] = (struct roster_event){day, in};
}

/* The changes of 所在党组织 in the history of member idno (a row changed since it was written:
 * version > 1), each with whether it was in the organisation named org before. */
static int roster_history(store *s, struct roster_member *m, const char *idno, const char *org)
{
	static const char q[] = "SELECT at, old, new FROM history WHERE tbl = 'member' AND key = ?1 AND op = 'update'"
				" ORDER BY id";
	sqlite3_stmt *st = store_stmt(s, q);
	bind_text(st, 1, idno);
	m->ev = s->roster_nev;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *at = (const char *)sqlite3_column_text(st, 0);
		const char *jo = (const char *)sqlite3_column_text(st, 1), *jn = (const char *)sqlite3_column_text(st, 2);
		char d[11];
		int day;
		if (!at || !jn || !strstr(jn, "\"org\"") || snprintf(d, sizeof d, "%.10s", at) != 10 || date_parse(d, &day))
			continue;
		json_t *o = jo ? json_loads(jo, 0, NULL) : NULL;
		const char *was = json_string_value(json_object_get(o, "org"));
		event_push(&s->roster_ev, &s->roster_nev, &s->roster_cap_ev, day, was && strcmp(was, org) == 0);
		json_decref(o);
	}
	sqlite3_reset(st);
	m->nev = s->roster_nev - m->ev;
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The members of org, loaded once for consecutive rows of one organisation: those lodged in it
 * today, and those with a completed transfer into or out of it (with those transfers). Members
 * lodged elsewhere whose history may place them in it are added when named (roster_find). */
static int roster_load(store *s, int64_t org)
{
	if (s->roster_org == org)
		return 0;
	store_roster_forget(s);
	static const char qn[] = "SELECT name FROM org WHERE id = ?1";
	sqlite3_stmt *st = store_stmt(s, qn);
	sqlite3_bind_int64(st, 1, org);
	buf name = {0};
	if (sqlite3_step(st) == SQLITE_ROW)
		buf_puts(&name, (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	static const char q[] = "SELECT idno, id, join_date, version FROM member WHERE org_id = ?1";
	st = store_stmt(s, q);
	sqlite3_bind_int64(st, 1, org);
	int rc, bad = 0;
	buf changed = {0}; /* members whose row changed since written: index (size_t), then ID number */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *idno = (const char *)sqlite3_column_text(st, 0);
		struct roster_member *m =
			roster_add(s, idno, sqlite3_column_int64(st, 1), (const char *)sqlite3_column_text(st, 2), 1);
		if (m && sqlite3_column_int64(st, 3) > 1) {
			size_t i = s->roster_n - 1;
			buf_add(&changed, &i, sizeof i);
			buf_add(&changed, idno, strlen(idno) + 1);
		}
	}
	sqlite3_reset(st);
	bad |= rc != SQLITE_DONE;
	/* Their history, read after the scan (one statement at a time). */
	for (size_t off = 0; !bad && off < changed.len;) {
		size_t i;
		memcpy(&i, changed.p + off, sizeof i);
		const char *idno = changed.p + off + sizeof i;
		bad |= roster_history(s, &s->roster_v[i], idno, buf_cstr(&name));
		off += sizeof i + strlen(idno) + 1;
	}
	buf_free(&changed);
	static const char qt[] = "SELECT m.idno, m.id, m.join_date, tf.direction = '转入', tf.done_date FROM transfer tf"
				 " JOIN member m ON m.id = tf.member_id WHERE tf.org_id = ?1 AND tf.done_date IS NOT NULL"
				 " ORDER BY m.idno, tf.done_date, tf.id";
	st = store_stmt(s, qt);
	sqlite3_bind_int64(st, 1, org);
	while (!bad && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *idno = (const char *)sqlite3_column_text(st, 0);
		int64_t at;
		struct roster_member *m = NULL;
		if (idno && strmap_get(&s->roster, idno, strlen(idno), &at))
			m = &s->roster_v[at];
		else
			m = roster_add(s, idno, sqlite3_column_int64(st, 1), (const char *)sqlite3_column_text(st, 2), 0);
		int day;
		const char *done = (const char *)sqlite3_column_text(st, 4);
		if (!m || !done || date_parse(done, &day))
			continue;
		if (!m->ntf)
			m->tf = s->roster_ntf;
		else if (m->tf + m->ntf != s->roster_ntf)
			continue; /* rows of one member are consecutive (ORDER BY idno) */
		event_push(&s->roster_tf, &s->roster_ntf, &s->roster_cap_tf, day, sqlite3_column_int(st, 3));
		m->ntf++;
	}
	sqlite3_reset(st);
	bad |= rc != SQLITE_DONE && rc != SQLITE_ROW;
	buf_free(&name);
	if (bad) {
		store_roster_forget(s);
		return -1;
	}
	s->roster_org = org;
	return 0;
}

/* Member id in the loaded roster, or one lodged elsewhere today whose history may place it in
 * the roster's organisation (added to the roster); NULL when neither. */
static struct roster_member *roster_find(store *s, const char *idno, int *failed)
{
	int64_t at;
	if (strmap_get(&s->roster, idno, 18, &at))
		return &s->roster_v[at];
	static const char q[] = "SELECT m.id, m.join_date, m.version, o.name FROM member m, org o"
				" WHERE m.idno = ?1 AND o.id = ?2";
	sqlite3_stmt *st = store_stmt(s, q);
	bind_text(st, 1, idno);
	sqlite3_bind_int64(st, 2, s->roster_org);
	struct roster_member *m = NULL;
	char *org = NULL;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_int64(st, 2) > 1) {
		m = roster_add(s, idno, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1), 0);
		org = xstrdup((const char *)sqlite3_column_text(st, 3));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		*failed = 1;
	if (m && roster_history(s, m, idno, org))
		*failed = 1;
	free(org);
	return m;
}

/* The ID number leading a list item into id; 0 when the check has already failed or the item is
 * too short to hold one (the list parser made sure each item starts with one). */
static int item_idno(const members_check *mc, const char *item, size_t len, char id[19])
{
	if (mc->bad.len || len < 18)
		return 0;
	memcpy(id, item, 18);
	id[18] = '\0';
	return 1;
}

/* A member of the organisation on the date (roster_in_on) who had joined the party by then. */
static void member_item(void *p, const char *item, size_t len)
{
	members_check *mc = p;
	char id[19];
	if (!item_idno(mc, item, len, id))
		return;
	int64_t mid = 0;
	int day, failed = 0;
	if (roster_load(mc->s, mc->org)) {
		buf_puts(&mc->bad, "读取党员名册失败");
		return;
	}
	struct roster_member *m = date_parse(mc->date, &day) == 0 ? roster_find(mc->s, id, &failed) : NULL;
	if (failed) {
		buf_puts(&mc->bad, "读取党员名册失败");
		return;
	}
	if (m && roster_in_on(mc->s, m, day))
		mid = m->id;
	if (!mid)
		buf_printf(&mc->bad,
			   "%s 在 %s 不是该党组织的党员（按党员名册、其变更历史和组织关系转接记录，当日不在该党组织，"
			   "或入党日期晚于活动日期）", id, mc->date);
	else if (mc->ids)
		idvec_add(mc->ids, mid);
}

/* Items of a canonical list ("A；B", each led by an ID number). */
static void each_item(const char *list, void (*fn)(void *, const char *, size_t), void *ctx)
{
	for (const char *p = list; p && *p;) {
		const char *n = strstr(p, "；");
		fn(ctx, p, n ? (size_t)(n - p) : strlen(p));
		if (!n)
			break;
		p = n + 3;
	}
}

static int meeting_rules(store *s, const ledger_rec *rec, const int64_t *ids, idvec *attendees, int *bad_col,
			 fg_err *e)
{
	static const char q[] = "SELECT founded FROM org WHERE id = ?1";
	sqlite3_stmt *st = store_stmt(s, q);
	sqlite3_bind_int64(st, 1, ids[0]);
	char founded[16] = "";
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(founded, sizeof founded, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (strcmp(rec->f[MT_DATE], founded) < 0) {
		*bad_col = MT_DATE;
		return err_set(e, FG_EINPUT, "日期早于党组织成立日期（%s）", founded);
	}
	static const int cols[] = {MT_ATTENDEES, MT_ABSENTEES};
	for (int i = 0; i < 2; i++) {
		members_check mc = {s, ids[0], rec->f[MT_DATE], i == 0 ? attendees : NULL, {0}};
		each_item(rec->f[cols[i]], member_item, &mc);
		if (mc.bad.len) {
			*bad_col = cols[i];
			int rc = err_set(e, FG_EINPUT, "%s", buf_cstr(&mc.bad));
			buf_free(&mc.bad);
			return rc;
		}
	}
	return FG_OK;
}

/* 姓名 must be the member's; an empty one is the member's (so the row compares as it exports). */
/* A 姓名 column beside a member's ID number agrees with the roster; empty, it takes the roster's. */
static int member_name_rules(store *s, ledger_rec *rec, int col, int64_t member, buf *name, int *bad_col, fg_err *e)
{
	static const char q[] = "SELECT name FROM member WHERE id = ?1";
	sqlite3_stmt *st = store_stmt(s, q);
	sqlite3_bind_int64(st, 1, member);
	if (sqlite3_step(st) == SQLITE_ROW)
		buf_puts(name, (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (rec->f[col] && strcmp(rec->f[col], buf_cstr(name)) != 0) {
		*bad_col = col;
		return err_set(e, FG_EINPUT, "与党员名册中该公民身份号码的姓名“%s”不一致", buf_cstr(name));
	}
	rec->f[col] = buf_cstr(name);
	return FG_OK;
}

static int day_of(const char *s)
{
	int d;
	return s && date_parse(s, &d) == 0 ? d : DATE_NONE;
}

/* No two terms of one organisation share a day (life.h's rule), against every stored term —
 * the rows of this file written before it included. */
static int secretary_rules(store *s, const ledger_rec *rec, const int64_t *ids, int *bad_col, fg_err *e)
{
	sec_term t[64];
	char since[64][11];
	size_t n = 0;
	t[n].start = day_of(rec->f[SE_SINCE]);
	t[n].end = day_of(rec->f[SE_UNTIL]);
	n++;
	static const char q[] = "SELECT since, until FROM secretary WHERE org_id = ?1 AND since <> ?2 ORDER BY since";
	sqlite3_stmt *st = store_stmt(s, q);
	sqlite3_bind_int64(st, 1, ids[0]);
	bind_text(st, 2, rec->f[SE_SINCE]);
	while (n < 64 && sqlite3_step(st) == SQLITE_ROW) {
		const char *a = (const char *)sqlite3_column_text(st, 0), *b = (const char *)sqlite3_column_text(st, 1);
		snprintf(since[n], sizeof since[n], "%s", a);
		t[n].start = day_of(a);
		t[n].end = day_of(b);
		n++;
	}
	sqlite3_reset(st);
	size_t i, j;
	if (secretary_overlap(t, n, &i, &j) && i == 0) {
		*bad_col = rec->f[SE_UNTIL] ? SE_UNTIL : SE_SINCE;
		return err_set(e, FG_EINPUT, "任期与该党组织 %s 起任职的书记重叠（同一时间只能有一名书记）", since[j]);
	}
	return FG_OK;
}

/* The current secretary is the orgs ledger's 书记姓名: it follows, with its own history entry. */
static int secretary_follow(store *s, const ledger_rec *rec, const int64_t *ids, int today, fg_err *e)
{
	if (!secretary_current(day_of(rec->f[SE_SINCE]), day_of(rec->f[SE_UNTIL]), today))
		return FG_OK;
	static const char q[] = "SELECT secretary FROM org WHERE id = ?1";
	sqlite3_stmt *st = store_stmt(s, q);
	sqlite3_bind_int64(st, 1, ids[0]);
	char *old = NULL;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		old = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	int rc = FG_OK;
	if (!old || strcmp(old, rec->f[SE_NAME]) != 0) {
		static const char u[] = "UPDATE org SET version = version + 1, secretary = ?2 WHERE id = ?1";
		st = store_stmt(s, u);
		sqlite3_bind_int64(st, 1, ids[0]);
		bind_text(st, 2, rec->f[SE_NAME]);
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = db_err(s, e, "更新书记姓名");
		} else {
			char *jo = hist_json1("secretary", old), *jn = hist_json1("secretary", rec->f[SE_NAME]);
			rc = store_hist(s, ledger_get(LEDGER_ORGS)->record, rec->f[SE_ORG], "update", jo ? jo : "{\"secretary\":null}", jn, e);
			free(jo);
			free(jn);
		}
	}
	free(old);
	return rc;
}

/* Each 培养联系人 is a formal member (正式党员) on the day the person became an activist (today
 * when that step is not dated). */
static void contact_item(void *p, const char *item, size_t len)
{
	members_check *mc = p;
	char id[19];
	if (!item_idno(mc, item, len, id))
		return;
	static const char q[] = "SELECT 1 FROM member WHERE idno = ?1 AND relation <> '停止党籍'"
				" AND ((full_date IS NOT NULL AND full_date <= ?2) OR (status = '正式党员' AND full_date IS NULL))";
	sqlite3_stmt *st = store_stmt(mc->s, q);
	bind_text(st, 1, id);
	bind_text(st, 2, mc->date);
	int ok = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	if (!ok)
		buf_printf(&mc->bad, "培养联系人 %s 在 %s 不是正式党员（党员名册中没有，或尚未转正）", id, mc->date);
}

static int development_rules(store *s, const ledger_rec *rec, int today, int *bad_col, fg_err *e)
{
	char d[11];
	if (rec->f[DV_ACTIVIST])
		snprintf(d, sizeof d, "%s", rec->f[DV_ACTIVIST]);
	else
		date_format(today, d);
	members_check mc = {s, 0, d, NULL, {0}};
	each_item(rec->f[DV_CONTACTS], contact_item, &mc);
	int rc = FG_OK;
	if (mc.bad.len) {
		*bad_col = DV_CONTACTS;
		rc = err_set(e, FG_EINPUT, "%s", buf_cstr(&mc.bad));
	}
	buf_free(&mc.bad);
	return rc;
}

/* Writes the member row m that a record's step implies, through store_put (its checks, scope and
 * history); a refusal is reported at the record's column col, naming the roster's column. */
static int follow_member(store *s, const ledger_rec *m, int today, int col, int *bad_col, fg_err *e)
{
	const ledger_def *md = ledger_get(LEDGER_MEMBERS);
	put_result res;
	int mbad = -1;
	int rc = store_put(s, md, m, today, &res, &mbad, e);
	if (rc == FG_EINPUT) {
		*bad_col = col;
		char msg[sizeof e->msg];
		snprintf(msg, sizeof msg, "%s", e->msg);
		rc = err_set(e, FG_EINPUT, "写入党员名册时：%s%s%s", mbad >= 0 ? md->cols[mbad].header : "",
			     mbad >= 0 ? "：" : "", msg);
	}
	return rc;
}

/* The 支部大会 step makes the person a 预备党员 in the member ledger (入党日期 = that date), 转正 a
 * 正式党员: written through store_put, so with its checks, scope and history, in this
 * transaction. A member already in the ledger keeps its organisation, employer and the rest. */
static int development_follow(store *s, const ledger_rec *rec, int today, int *bad_col, fg_err *e)
{
	if (!rec->f[DV_ASSEMBLY])
		return FG_OK;
	const ledger_def *md = ledger_get(LEDGER_MEMBERS);
	ledger_rec m = {{0}};
	m.f[M_IDNO] = rec->f[DV_IDNO];
	rowtext cur = {0};
	if (store_load_row(s, md, &m, &cur)) {
		m = cur.rec;
	} else {
		m.f[M_NAME] = rec->f[DV_NAME];
		m.f[M_EMPLOYER] = rec->f[DV_EMPLOYER];
		m.f[M_ORG] = rec->f[DV_ORG];
	}
	m.f[M_STATUS] = rec->f[DV_FULL] ? "正式党员" : "预备党员";
	m.f[M_JOIN_DATE] = rec->f[DV_ASSEMBLY];
	m.f[M_FULL_DATE] = rec->f[DV_FULL];
	int rc = follow_member(s, &m, today, rec->f[DV_FULL] ? DV_FULL : DV_ASSEMBLY, bad_col, e);
	buf_free(&cur.b);
	return rc;
}

/* A completed transfer moves the member: 转入 lodges it in 本方党组织, 转出 takes it out of it
 * (when it is still lodged there). Written through store_put, like any member change. */
static int transfer_follow(store *s, const ledger_rec *rec, int today, int *bad_col, fg_err *e)
{
	int done;
	if (!rec->f[TF_DONE] || date_parse(rec->f[TF_DONE], &done) != 0 || done > today)
		return FG_OK;
	const ledger_def *md = ledger_get(LEDGER_MEMBERS);
	ledger_rec m = {{0}};
	m.f[M_IDNO] = rec->f[TF_IDNO];
	rowtext cur = {0};
	int rc = FG_OK;
	if (store_load_row(s, md, &m, &cur)) {
		m = cur.rec;
		int in = strcmp(rec->f[TF_DIRECTION], "转入") == 0;
		if (in) {
			m.f[M_ORG] = rec->f[TF_ORG];
			m.f[M_OUTSIDE_ORG] = NULL;
		} else if (m.f[M_ORG] && strcmp(m.f[M_ORG], rec->f[TF_ORG]) == 0) {
			m.f[M_ORG] = NULL;
			m.f[M_OUTSIDE_ORG] = rec->f[TF_OTHER];
		}
		rc = follow_member(s, &m, today, TF_DONE, bad_col, e);
	}
	buf_free(&cur.b);
	return rc;
}

/* Dues: 姓名 is the roster's; no month before the member joined (入党日期); an empty 应缴 is the
 * rule's due of the base (core/dues.h), stored so that the row exports as it counts. */
static int dues_rules(store *s, ledger_rec *rec, int64_t member, buf *name, char due[24], int *bad_col, fg_err *e)
{
	int rc = member_name_rules(s, rec, DU_NAME, member, name, bad_col, e);
	if (rc)
		return rc;
	static const char q[] = "SELECT join_date FROM member WHERE id = ?1";
	sqlite3_stmt *st = store_stmt(s, q);
	sqlite3_bind_int64(st, 1, member);
	int joined = DATE_NONE, month = 0;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL &&
	    date_parse((const char *)sqlite3_column_text(st, 0), &joined) != 0)
		joined = DATE_NONE;
	sqlite3_reset(st);
	dues_month_parse(rec->f[DU_MONTH], &month);
	if (joined != DATE_NONE && month < dues_month_of_day(joined)) {
		char j[11];
		date_format(joined, j);
		*bad_col = DU_MONTH;
		return err_set(e, FG_EINPUT, "月份 %s 早于该党员的入党日期 %s", rec->f[DU_MONTH], j);
	}
	if (!rec->f[DU_DUE] && rec->f[DU_BASE]) {
		int64_t base = 0;
		dues_money_parse(rec->f[DU_BASE], &base);
		dues_money_format(dues_due(base, rec->f[DU_RETIRED] && strcmp(rec->f[DU_RETIRED], "是") == 0), due);
		rec->f[DU_DUE] = due;
	}
	return FG_OK;
}

/* A visit is to an enterprise assigned to the instructor on that day. */
static int visit_rules(store *s, const ledger_rec *rec, const int64_t *ids, int *bad_col, fg_err *e)
{
	static const char q[] = "SELECT 1 FROM assignment WHERE instructor_id = ?1 AND enterprise_id = ?2"
				" AND start_date <= ?3 AND (end_date IS NULL OR end_date > ?3)";
	sqlite3_stmt *st = store_stmt(s, q);
	sqlite3_bind_int64(st, 1, ids[0]);
	sqlite3_bind_int64(st, 2, ids[1]);
	bind_text(st, 3, rec->f[VI_DATE]);
	int ok = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	if (!ok) {
		*bad_col = VI_USCC;
		return err_set(e, FG_EINPUT, "该企业在 %s 不是指导员“%s”的指导企业（见党建指导员台账的指导企业）", rec->f[VI_DATE],
			       rec->f[VI_INSTRUCTOR]);
	}
	return FG_OK;
}

/* 范围 names an existing street or community (written back as "街道" or "街道/社区", so a row
 * compares as it exports); the campaign's tasks stay inside it and none is completed before the
 * start. */
static int campaign_rules(store *s, ledger_rec *rec, int64_t *ids, buf *canon, int *bad_col, fg_err *e)
{
	ids[0] = 0;
	if (rec->f[CP_RANGE]) {
		if (!(ids[0] = place_region_named(s, rec->f[CP_RANGE], canon, e))) {
			*bad_col = CP_RANGE;
			return FG_EINPUT;
		}
		rec->f[CP_RANGE] = buf_cstr(canon);
	}
	static const char q[] = "SELECT count(*), min(tk.done_date) FILTER (WHERE tk.done_date < ?3),"
				" sum(NOT (?2 IS NULL OR c.id = ?2 OR c.parent_id = ?2)) FROM task tk JOIN campaign cp"
				" ON cp.id = tk.campaign_id JOIN enterprise e ON e.id = tk.enterprise_id"
				" JOIN region c ON c.id = e.community_id WHERE cp.name = ?1";
	sqlite3_stmt *st = store_stmt(s, q);
	bind_text(st, 1, rec->f[CP_NAME]);
	if (ids[0])
		sqlite3_bind_int64(st, 2, ids[0]);
	bind_text(st, 3, rec->f[CP_START]);
	int rc = FG_OK;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 0) > 0) {
		if (sqlite3_column_int64(st, 2) > 0) {
			*bad_col = CP_RANGE;
			rc = err_set(e, FG_EINPUT, "已有 %lld 个排查任务的企业不在新的范围内，不能这样缩小范围",
				     (long long)sqlite3_column_int64(st, 2));
		} else if (sqlite3_column_type(st, 1) != SQLITE_NULL) {
			*bad_col = CP_START;
			rc = err_set(e, FG_EINPUT, "已有排查任务在 %s 完成，开始日期不能晚于它", (const char *)sqlite3_column_text(st, 1));
		}
	}
	sqlite3_reset(st);
	return rc;
}

/* A task's enterprise lies in its campaign's region, and it is not completed before the
 * campaign started. */
static int task_rules(store *s, const ledger_rec *rec, const int64_t *ids, int *bad_col, fg_err *e)
{
	static const char q[] = "SELECT cp.start_date, " "CASE WHEN cr.level = 'community' THEN crp.name || '/' || cr.name"
				" ELSE cr.name END, (SELECT cp.region_id IS NULL OR c.id = cp.region_id OR c.parent_id = cp.region_id"
				" FROM enterprise e JOIN region c ON c.id = e.community_id WHERE e.id = ?2)"
				LEDGER_CP_FROM " WHERE cp.id = ?1";
	sqlite3_stmt *st = store_stmt(s, q);
	sqlite3_bind_int64(st, 1, ids[0]);
	sqlite3_bind_int64(st, 2, ids[1]);
	int rc = FG_OK;
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *start = (const char *)sqlite3_column_text(st, 0);
		if (!sqlite3_column_int(st, 2)) {
			*bad_col = TK_USCC;
			rc = err_set(e, FG_EINPUT, "企业不在排查范围（%s）内", (const char *)sqlite3_column_text(st, 1));
		} else if (rec->f[TK_DONE] && strcmp(rec->f[TK_DONE], start) < 0) {
			*bad_col = TK_DONE;
			rc = err_set(e, FG_EINPUT, "完成日期早于排查开始日期（%s）", start);
		}
	}
	sqlite3_reset(st);
	return rc;
}

/* Each ID number of a designation's 党员 is a member employed by its enterprise (ent): the post or
 * area is that enterprise's, so are the members who hold it. Their ids go to want. */
static int designation_rules(store *s, const ledger_rec *rec, int64_t ent, idvec *want, int *bad_col, fg_err *e)
{
	static const char q[] = "SELECT m.id, m.name, coalesce(m.employer_id, 0), (SELECT name FROM enterprise WHERE id = ?2)"
				" FROM member m WHERE m.idno = ?1";
	int rc = FG_OK;
	for (const char *p = rec->f[DG_MEMBERS]; !rc && p && *p;) {
		const char *n = strstr(p, "；");
		char id[19];
		snprintf(id, sizeof id, "%.18s", p);
		sqlite3_stmt *st = store_stmt(s, q);
		bind_text(st, 1, id);
		sqlite3_bind_int64(st, 2, ent);
		if (sqlite3_step(st) != SQLITE_ROW)
			rc = err_set(e, FG_EINPUT, "公民身份号码 %s 不在党员名册中（请先导入党员名册）", id);
		else if (sqlite3_column_int64(st, 2) != ent)
			rc = err_set(e, FG_EINPUT, "党员%s不在企业%s工作（党员名册中的工作单位不是该企业）",
				     (const char *)sqlite3_column_text(st, 1), (const char *)sqlite3_column_text(st, 3));
		else
			idvec_add(want, sqlite3_column_int64(st, 0));
		sqlite3_reset(st);
		p = n ? n + 3 : NULL;
	}
	if (rc)
		*bad_col = DG_MEMBERS;
	return rc;
}

/* Makes the members of designation id exactly want (distinct: the list parser refuses repeats). */
static int sync_designation_members(store *s, int64_t id, int fresh, const idvec *want, fg_err *e)
{
	sqlite3_stmt *st;
	if (!fresh) {
		st = store_stmt(s, "DELETE FROM designation_member WHERE designation_id = ?1");
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) != SQLITE_DONE)
			return db_err(s, e, "更新亮身份党员");
	}
	for (size_t i = 0; i < want->n; i++) {
		st = store_stmt(s, "INSERT INTO designation_member(designation_id, member_id) VALUES (?1, ?2)");
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, want->v[i]);
		if (sqlite3_step(st) != SQLITE_DONE)
			return db_err(s, e, "更新亮身份党员");
	}
	return FG_OK;
}

/* ---- the writer ---- */

static int load(store *s, const ledger_def *def, const party_desc *d, const ledger_rec *rec, const int64_t *ids,
		const char *person, rowtext *r)
{
	sqlite3_stmt *st = store_stmt(s, d->select_one);
	/* The lookup uses the key parameters only; the others are out of its range (ignored). */
	bind_params(st, def, d, rec, ids, person);
	int found = sqlite3_step(st) == SQLITE_ROW;
	if (found)
		store_row_read(r, st, def);
	sqlite3_reset(st);
	return found;
}

int party_put(store *s, const ledger_def *def, const ledger_rec *in, int today, put_result *res, int *bad_col,
	      fg_err *e)
{
	const party_desc *d = &DESC[def->kind];
	ledger_rec rec = *in;
	ledger_fill_defaults(def, &rec);
	int64_t ids[MAX_REFS];
	idvec attendees = {0}; /* a meeting's attendees, or a designation's members */
	buf name = {0}, person = {0};
	char due[24];
	rating_put rp = {0};
	if (def->kind == LEDGER_TRAINEES)
		ledger_trainee_person(&rec, '/', &person);
	int rc = resolve_refs(s, d, &rec, ids, bad_col, e);
	if (!rc) {
		switch (def->kind) {
		case LEDGER_MEETINGS:
			rc = meeting_rules(s, &rec, ids, &attendees, bad_col, e);
			break;
		case LEDGER_STUDY:
			rc = member_name_rules(s, &rec, ST_NAME, ids[0], &name, bad_col, e);
			break;
		case LEDGER_SECRETARIES:
			rc = secretary_rules(s, &rec, ids, bad_col, e);
			break;
		case LEDGER_VISITS:
			rc = visit_rules(s, &rec, ids, bad_col, e);
			break;
		case LEDGER_DEVELOPMENT:
			rc = development_rules(s, &rec, today, bad_col, e);
			break;
		case LEDGER_TRANSFERS:
			rc = member_name_rules(s, &rec, TF_NAME, ids[0], &name, bad_col, e);
			break;
		case LEDGER_DUES:
			rc = dues_rules(s, &rec, ids[0], &name, due, bad_col, e);
			break;
		case LEDGER_CAMPAIGNS:
			rc = campaign_rules(s, &rec, ids, &name, bad_col, e);
			break;
		case LEDGER_TASKS:
			rc = task_rules(s, &rec, ids, bad_col, e);
			break;
		case LEDGER_RUBRIC:
			if (strcmp(rec.f[RB_VETO], "是") == 0)
				rec.f[RB_POINTS] = NULL;
			break;
		case LEDGER_RATINGS:
			rc = rating_put_check(s, &rec, ids[0], &rp, bad_col, e);
			break;
		case LEDGER_DESIGNATIONS:
			rc = designation_rules(s, &rec, ids[0], &attendees, bad_col, e);
			break;
		default:
			break;
		}
	}
	rowtext *old = &s->old_row;
	int found = 0;
	if (!rc) {
		found = load(s, def, d, &rec, ids, buf_cstr(&person), old);
		if (s->scoped)
			rc = scope_check_put(s, &s->scope, def, found ? &old->rec : NULL, &rec, bad_col, e);
	}
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
	int tallied = def->kind == LEDGER_MEETINGS || def->kind == LEDGER_STUDY;
	if (!rc && found && tallied)
		rc = tally(s, def->kind, def->kind == LEDGER_MEETINGS ? old->id : ids[0], NULL, &old->rec, -1, e);
	if (!rc) {
		sqlite3_stmt *st = store_stmt(s, found ? d->update : d->insert);
		bind_params(st, def, d, &rec, ids, buf_cstr(&person));
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_err(s, e, "写入台账");
	}
	int64_t id = found ? old->id : sqlite3_last_insert_rowid(s->db);
	if (!rc && def->kind == LEDGER_DESIGNATIONS)
		rc = sync_designation_members(s, id, !found, &attendees, e);
	if (!rc && tallied)
		rc = tally(s, def->kind, def->kind == LEDGER_MEETINGS ? id : ids[0], &attendees, &rec, 1, e);
	if (!rc && !found && def->kind == LEDGER_MEETINGS)
		rc = tally_meeting(s, ids[0], &rec, e);
	if (!rc && LINK_SQL[def->kind])
		rc = link_member(s, def->kind, id, e);
	if (!rc && def->kind == LEDGER_ROSTERS)
		store_xm_touch(s, rec.f[RS_IDNO]);
	if (!rc && def->kind == LEDGER_DUES) {
		int month = 0;
		dues_month_parse(rec.f[DU_MONTH], &month);
		store_dues_touch(s, ids[0], month);
	}
	if (!rc && def->kind == LEDGER_RATINGS)
		rc = rating_put_scores(s, id, &rp, e);
	if (!rc)
		rc = store_put_history(s, def, found ? &old->rec : NULL, &rec, e);
	if (!rc && def->kind == LEDGER_SECRETARIES)
		rc = secretary_follow(s, &rec, ids, today, e);
	if (!rc && def->kind == LEDGER_DEVELOPMENT)
		rc = development_follow(s, &rec, today, bad_col, e);
	if (!rc && def->kind == LEDGER_TRANSFERS) {
		store_roster_forget(s); /* the roster holds the organisation's completed transfers */
		rc = transfer_follow(s, &rec, today, bad_col, e);
	}
	if (!rc)
		*res = found ? PUT_CHANGED : PUT_NEW;
out:
	rating_put_free(&rp);
	free(attendees.v);
	buf_free(&name);
	buf_free(&person);
	return rc;
}
