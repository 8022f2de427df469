/* What the writes since a history id changed (store_changes_since): each history row classified —
 * an enterprise's numbers and flags, a new or closed enterprise no other record names, a member's
 * fields, an organisation's fields and coverage, the party-work records — into the enterprises the
 * patches read again and the kinds of write (STORE_*), or anything else. (The first day whose
 * figures such writes can change: changes_dated.c.) */
#include "store/finding_store.h"

#include <jansson.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/settings.h"
#include "store/changes_int.h"
#include "store/scan_int.h"
#include "store/scope_sql.h"
#include "store/store_int.h"
#include "util/date.h"

/* The enterprise fields the facts read as numbers and flags only (store_scan_enterprises: 经营状态,
 * 从业人员数, 固定场所, the 五清 texts) or not at all (行业 — the plan reads it —, 注册资本, 出资人是否党员):
 * a change of these leaves the enterprise where it is, named as it is, in the facts with the same
 * index. Then the closing columns (移出台账日期 and 原因): a closing or reopening takes the enterprise
 * out of the facts or puts it back, in its place (facts_patch says when that can be patched). In
 * the order of the STORE_ENT_* bits. */
static const char *const ENT_NUMERIC[] = {"status",	"industry", "employees",       "fixed_site",
					   "op_info",	"staff_info", "investor",	"capital",
					   "investor_member", "no_org_reason", "closed",	"closed_reason"};
enum { ENT_CLOSED_FIELD = 10 };

/* 1 when old and new are the JSON objects of an update and each of their keys is one fn accepts
 * (fn(key, value, ctx) != 0); 0 otherwise. */
static int update_keys(const char *old, const char *new, int (*fn)(const char *key, json_t *x, void *ctx), void *ctx)
{
	int ok = old && new;
	const char *const v[2] = {old, new};
	for (int i = 0; ok && i < 2; i++) {
		json_t *o = json_loads(v[i], 0, NULL);
		const char *k;
		json_t *x;
		ok = json_is_object(o);
		json_object_foreach(o, k, x) {
			if (ok && !fn(k, x, ctx))
				ok = 0;
		}
		json_decref(o);
	}
	return ok;
}

/* An enterprise's place (所属区县, 街道, 社区, 区域 and its 区域类型): STORE_ENT_PLACE. */
static const char *const ENT_PLACE[] = {"district", "street", "community", "zone", "zone_kind"};

/* update_keys for ent_update_numeric: a field of ENT_NUMERIC, its bit added to *ctx; 企业名称,
 * STORE_ENT_NAME; one of ENT_PLACE, STORE_ENT_PLACE. */
static int ent_numeric_key(const char *k, json_t *x, void *ctx)
{
	store_fields *bits = ctx;
	if (strcmp(k, "name") == 0) {
		*bits |= STORE_ENT_NAME;
		return 1;
	}
	for (size_t p = 0; p < sizeof ENT_PLACE / sizeof ENT_PLACE[0]; p++)
		if (strcmp(k, ENT_PLACE[p]) == 0) {
			*bits |= STORE_ENT_PLACE;
			return 1;
		}
	size_t f = 0;
	while (f < sizeof ENT_NUMERIC / sizeof ENT_NUMERIC[0] && strcmp(k, ENT_NUMERIC[f]) != 0)
		f++;
	if (f == sizeof ENT_NUMERIC / sizeof ENT_NUMERIC[0])
		return 0;
	*bits |= (store_fields)1 << f;
	int day;
	if (f == ENT_CLOSED_FIELD && json_is_string(x) &&
	    (date_parse(json_string_value(x), &day) != 0 || day < date_today()))
		*bits |= STORE_ENT_CLOSED_BACK;
	return 1;
}

/* STORE_ENT_CLOSING when an enterprise's update (old and new JSON) closes it (移出台账日期 set where
 * it was empty), STORE_ENT_REOPENING when it reopens it (emptied where it was set); else 0. */
static store_fields ent_closing(const char *old, const char *new)
{
	json_t *o = old ? json_loads(old, 0, NULL) : NULL, *n = new ? json_loads(new, 0, NULL) : NULL;
	store_fields bits = 0;
	if (json_is_object(o) && json_is_object(n)) {
		int was = json_is_string(json_object_get(o, "closed")), is = json_is_string(json_object_get(n, "closed"));
		bits = is && !was ? STORE_ENT_CLOSING : was && !is ? STORE_ENT_REOPENING : 0;
	}
	json_decref(o);
	json_decref(n);
	return bits;
}

/* The STORE_ENT_* bits of the fields the history's old and new JSON of an update name; 0 when one
 * is neither of ENT_NUMERIC nor 企业名称 nor of ENT_PLACE (or the JSON is not an object). A closing date (old or new)
 * before today adds STORE_ENT_CLOSED_BACK: a past day's facts change too; a closing STORE_ENT_CLOSING, a
 * reopening STORE_ENT_REOPENING. */
static store_fields ent_update_numeric(const char *old, const char *new)
{
	store_fields bits = 0;
	if (!update_keys(old, new, ent_numeric_key, &bits))
		return 0;
	return bits & STORE_ENT_CLOSED ? bits | ent_closing(old, new) : bits;
}

/* The day of a meeting, study or visit record's history entry: its "date" in the old or new JSON
 * (both when both name it: the later, and *earlier the earlier), else the date in its key
 * (组织/类型/日期/主题, 公民身份号码/日期/内容, 指导员/派出单位/信用代码/日期: the first "/YYYY-MM-DD" part
 * ending at a '/' or the key's end — a record's date is part of its key, so an update names it only
 * there). 0 when neither says. */
static int record_day(const char *key, const char *old, const char *new, int *earlier)
{
	int days[2], n = 0;
	const char *const v[2] = {old, new};
	for (int i = 0; i < 2; i++) {
		json_t *o = v[i] ? json_loads(v[i], 0, NULL) : NULL;
		const char *d = json_string_value(json_object_get(o, "date"));
		if (d && date_parse(d, &days[n]) == 0)
			n++;
		json_decref(o);
	}
	for (const char *p = key; !n && (p = strchr(p, '/')) != NULL; p++) {
		char d[11];
		if (strlen(p) >= 11 && (p[11] == '/' || p[11] == 0)) {
			memcpy(d, p + 1, 10);
			d[10] = 0;
			n = date_parse(d, &days[0]) == 0;
		}
	}
	if (!n)
		return 0;
	*earlier = n == 2 && days[1] < days[0] ? days[1] : days[0];
	return n == 2 && days[1] > days[0] ? days[1] : days[0];
}

/* STORE_PARTY_HOURS when the history entry (tbl, key, old, new) is a meeting or study record's,
 * STORE_PARTY_VISITS when an instructor's visit's, dated in this year, up to today; STORE_PARTY_DUES
 * when a dues record's, of any month; STORE_PARTY_DEV when a development record's; STORE_PARTY_SEC
 * when a secretary record's; STORE_PARTY_TRANSFER when a transfer record's; STORE_PARTY_TASK when a
 * campaign's or a task's; STORE_PARTY_RECOG when a rating's, a funding entry's, a designation's or a
 * venue's; STORE_PARTY_TRAINING when a training's or a trainee's; STORE_XM_DECIDED when a
 * cross-match decision's; else 0. */
static store_fields party_change(const char *tbl, const char *key, const char *old, const char *new)
{
	if (strcmp(tbl, "crossmatch") == 0)
		return STORE_XM_DECIDED; /* the confirmed candidates' findings found again whole */
	if (strcmp(tbl, "dues") == 0)
		return STORE_PARTY_DUES; /* any month: the members' dues are read again whole */
	if (strcmp(tbl, "development") == 0)
		return STORE_PARTY_DEV; /* any dates: the records are read again whole */
	if (strcmp(tbl, "secretary") == 0)
		return STORE_PARTY_SEC; /* any dates: the current secretaries are read again whole */
	if (strcmp(tbl, "transfer") == 0)
		return STORE_PARTY_TRANSFER; /* any dates: the transfers are read again whole */
	if (strcmp(tbl, "campaign") == 0 || strcmp(tbl, "task") == 0)
		return STORE_PARTY_TASK; /* any dates: the campaigns and tasks are read again whole */
	if (strcmp(tbl, "rating") == 0 || strcmp(tbl, "funding") == 0 || strcmp(tbl, "designation") == 0 ||
	    strcmp(tbl, "venue") == 0)
		return STORE_PARTY_RECOG; /* any dates: the four are read again whole */
	if (strcmp(tbl, "training") == 0 || strcmp(tbl, "trainee") == 0)
		return STORE_PARTY_TRAINING; /* any dates: the year's trainees are read again whole */
	unsigned bit = strcmp(tbl, "meeting") == 0 || strcmp(tbl, "study") == 0 ? STORE_PARTY_HOURS
		       : strcmp(tbl, "visit") == 0				   ? STORE_PARTY_VISITS
										   : 0;
	if (!bit)
		return 0;
	int today = date_today(), y, m, d, first = 0;
	date_to_ymd(today, &y, &m, &d);
	int last = record_day(key, old, new, &first);
	return last && last <= today && first >= date_from_ymd(y, 1, 1) ? bit : 0;
}

/* The organisation fields whose change store_changes_since patches (STORE_ORG): none decides
 * which enterprises it covers (覆盖企业, 撤销日期), where it is or how it is named; 组建方式 and
 * 组织类别 give its links' mode and kind (the coverage counts, the statistics), 是否设支委会 and
 * 党小组数 its calendar (STORE_ORG_LIFE: read as recorded today on a past day too,
 * store_scan_life_orgs), the rest only its own findings (check.c check_on_org). 上级党组织 no
 * figure or finding reads, on any day: only the plan (a new branch's parent: report/plan.c), drawn
 * again after any STORE_ORG write, and the lists, kept by the history's newest id. 成立日期 (never
 * later than today) leaves today's links as they are (COVERAGE_ACTIVE: founded on or before the day)
 * and changes the months its calendar asks for this year and its term when it has no 本届任期开始:
 * STORE_ORG_LIFE too, whose past days are computed again (from when it covers its enterprises). A
 * leadership body (上级机关) covers no enterprise: a mode from or to it is not patched. */
static const char *const ORG_PATCHED[] = {"kind", "mode", "parent", "secretary", "committee_size", "term_start"};
static const char *const ORG_LIFE_FIELDS[] = {"has_committee", "groups", "founded"};
/* Where it is (所属街道, 社区, 区域): STORE_ORG_PLACE too — no figure reads it, the findings placed by
 * it do (its own, those about the members it holds without an employer). */
static const char *const ORG_PLACE_FIELDS[] = {"street", "community", "zone"};
/* 覆盖企业 (STORE_ORG_COVER): a link added to an organisation's record starts today, a link dropped
 * ends today (store/ledger_write.c sync_links) — no past day changes; the enterprises so linked or
 * unlinked are found by their links' dates (org_relinked). */
static const char ORG_COVER_FIELD[] = "covers";

/* update_keys for org_update: a field of ORG_PATCHED, ORG_LIFE_FIELDS or ORG_PLACE_FIELDS, its bits
 * added to *ctx. */
static int org_key(const char *k, json_t *x, void *ctx)
{
	store_fields *bits = ctx;
	if (strcmp(k, "mode") == 0 && json_is_string(x) && strcmp(json_string_value(x), "上级机关") == 0)
		return 0;
	if (strcmp(k, ORG_COVER_FIELD) == 0) {
		*bits |= STORE_ORG | STORE_ORG_COVER;
		return 1;
	}
	/* (撤销日期 and 原因, STORE_ORG_CLOSING: patched for one covering no enterprise, whose 覆盖企业
	 * the closing or reopening left as it was, and for one closed today whose links end with it) */
	if (strcmp(k, "closed") == 0 || strcmp(k, "closed_reason") == 0) {
		*bits |= STORE_ORG | STORE_ORG_CLOSING;
		return 1;
	}
	for (size_t f = 0; f < sizeof ORG_LIFE_FIELDS / sizeof ORG_LIFE_FIELDS[0]; f++)
		if (strcmp(k, ORG_LIFE_FIELDS[f]) == 0) {
			*bits |= STORE_ORG | STORE_ORG_LIFE;
			return 1;
		}
	for (size_t f = 0; f < sizeof ORG_PLACE_FIELDS / sizeof ORG_PLACE_FIELDS[0]; f++)
		if (strcmp(k, ORG_PLACE_FIELDS[f]) == 0) {
			*bits |= STORE_ORG | STORE_ORG_PLACE;
			return 1;
		}
	for (size_t f = 0; f < sizeof ORG_PATCHED / sizeof ORG_PATCHED[0]; f++)
		if (strcmp(k, ORG_PATCHED[f]) == 0) {
			*bits |= STORE_ORG;
			return 1;
		}
	return 0;
}

/* The STORE_ORG bits of an update of an organisation record (old and new JSON) whose fields are all
 * patched ones (org_key); 0 otherwise. */
static store_fields org_update(const char *old, const char *new)
{
	store_fields bits = 0;
	return update_keys(old, new, org_key, &bits) ? bits : 0;
}

/* The ids st gives (its first column), appended to *ents (NULL: only counted) from *n on, *n
 * raised by their number: 0, or -1 on a failure or past room of them (st reset either way). */
static int ids_read(sql_st *st, int64_t **ents, size_t *n, size_t room)
{
	size_t got = 0;
	int rc;
	while ((rc = sql_step(st)) == SQL_ROW && got < room) {
		if (ents) {
			*ents = xrealloc(*ents, (*n + got + 1) * sizeof **ents);
			(*ents)[*n + got] = sql_col_int64(st, 0);
		}
		got++;
	}
	sql_reset(st);
	if (rc != SQL_DONE)
		return -1;
	*n += got;
	return 0;
}

/* The enterprises organisation name covers today (its active links), appended to *ents (NULL: only
 * counted) from *n on; -1 when it covers none or more than room of them (its findings and links are
 * then found afresh: an organisation named by no link of the facts is not found by a patch). */
static int org_covered(store *s, const char *name, int64_t **ents, size_t *n, size_t room)
{
	static const char q[] = "SELECT cv.enterprise_id FROM coverage cv JOIN org o ON o.id = cv.org_id"
				" WHERE o.name = ?2 AND " COVERAGE_ACTIVE("cv.", "o.", "?1");
	sql_st *st = dated_stmt(s, q, date_today());
	sql_bind_text(st, 2, name);
	size_t was = *n;
	return ids_read(st, ents, n, room) || *n == was ? -1 : 0;
}

/* The enterprises whose links to organisation name started or ended today (org_covered's *ents
 * and room): 0, or -1 past room. */
static int org_relinked(store *s, const char *name, int64_t **ents, size_t *n, size_t room)
{
	static const char q[] = "SELECT cv.enterprise_id FROM coverage cv JOIN org o ON o.id = cv.org_id"
				" WHERE o.name = ?2 AND (cv.start_date = ?1 OR cv.end_date = ?1)";
	sql_st *st = dated_stmt(s, q, date_today());
	sql_bind_text(st, 2, name);
	return ids_read(st, ents, n, room);
}

/* 1 when organisation name covers no enterprise today and no link of it started or ended today
 * (STORE_ORG_UNLINKED); 0 otherwise or on a failed read. */
static int org_unlinked(store *s, const char *name)
{
	static const char q[] = "SELECT EXISTS (SELECT 1 FROM coverage cv JOIN org o ON o.id = cv.org_id"
				" WHERE o.name = ?2 AND (" COVERAGE_ACTIVE("cv.", "o.", "?1")
				" OR cv.start_date = ?1 OR cv.end_date = ?1))";
	sql_st *st = dated_stmt(s, q, date_today());
	sql_bind_text(st, 2, name);
	int linked = sql_step(st) != SQL_ROW || sql_col_int64(st, 0) != 0;
	sql_reset(st);
	return !linked;
}

/* The day an update closes its record on (its new 撤销日期, 移出台账日期 or 减少日期: JSON new), or
 * INT_MIN when it closes none. */
static int closing_day(const char *new)
{
	json_t *o = new ? json_loads(new, 0, NULL) : NULL;
	const char *d = json_string_value(json_object_get(o, "closed"));
	int day;
	if (!d || date_parse(d, &day) != 0)
		day = INT_MIN;
	json_decref(o);
	return day;
}

/* The enterprises whose links to organisation name ended on day or later, appended to *ents
 * (org_covered's *ents and room): 0, or -1 past room. */
static int org_ended_since(store *s, const char *name, int day, int64_t **ents, size_t *n, size_t room)
{
	static const char q[] = "SELECT cv.enterprise_id FROM coverage cv JOIN org o ON o.id = cv.org_id"
				" WHERE o.name = ?2 AND cv.end_date >= ?1";
	sql_st *st = dated_stmt(s, q, day);
	sql_bind_text(st, 2, name);
	return ids_read(st, ents, n, room);
}

/* The organisations' ids query q (its ?1 the day) gives: *ids a new array of *n (NULL when none).
 * FG_OK or FG_EFAIL. */
static int orgs_of_day(store *s, const char *q, int day, int64_t **ids, size_t *n, fg_err *e)
{
	sql_st *st = dated_stmt(s, q, day);
	*ids = NULL;
	*n = 0;
	if (ids_read(st, ids, n, SIZE_MAX) == 0)
		return FG_OK;
	free(*ids);
	*ids = NULL;
	*n = 0;
	return db_err(s, e, "读取党组织");
}

int store_orgs_unlinked(store *s, int day, int64_t **ids, size_t *n, fg_err *e)
{
	static const char q[] = "SELECT o.id FROM org o WHERE o.founded <= ?1 AND " RECORD_OPEN_ON("o.", "?1")
				" AND NOT EXISTS (SELECT 1 FROM coverage cv WHERE cv.org_id = o.id AND "
				COVERAGE_ACTIVE("cv.", "o.", "?1") ") ORDER BY o.id";
	return orgs_of_day(s, q, day, ids, n, e);
}

int store_orgs_closed(store *s, int day, int64_t **ids, size_t *n, fg_err *e)
{
	static const char q[] = "SELECT o.id FROM org o WHERE NOT " RECORD_OPEN_ON("o.", "?1") " ORDER BY o.id";
	return orgs_of_day(s, q, day, ids, n, e);
}

/* update_keys for STORE_INS_COVER: 指导企业 alone. */
static int ins_key(const char *k, json_t *x, void *ctx)
{
	(void)x;
	(void)ctx;
	return strcmp(k, "covers") == 0;
}

/* The enterprises whose assignments to instructor key ("姓名/派出单位") started or ended today,
 * appended to *ents from *n on (room as org_covered's): 0, or -1 past room or on a failure. */
static int ins_relinked(store *s, const char *key, int64_t **ents, size_t *n, size_t room)
{
	static const char q[] = "SELECT a.enterprise_id FROM assignment a JOIN instructor i ON i.id = a.instructor_id"
				" WHERE i.name = ?2 AND i.unit = ?3 AND (a.start_date = ?1 OR a.end_date = ?1)";
	const char *slash = strchr(key, '/');
	if (!slash)
		return -1;
	sql_st *st = dated_stmt(s, q, date_today());
	sql_bind_text_copy(st, 2, key, (int)(slash - key));
	sql_bind_text(st, 3, slash + 1);
	return ids_read(st, ents, n, room);
}

/* org_covered of the 所在党组织 a member's update left (side: the JSON object of its old values):
 * 1 when it names none or covers at least one enterprise today (appended), else 0. */
static int org_left_covered(store *s, const char *side, int64_t **ents, size_t *n, size_t room)
{
	json_t *o = side ? json_loads(side, 0, NULL) : NULL;
	const char *name = json_string_value(json_object_get(o, "org"));
	int ok = !name || org_covered(s, name, ents, n, room) == 0;
	json_decref(o);
	return ok;
}

/* update_keys for contact_only: a column of the ledger (*ctx) of kind COL_PHONE. */
static int contact_key(const char *k, json_t *x, void *ctx)
{
	(void)x;
	const ledger_def *def = ctx;
	size_t c = 0;
	while (c < def->ncols && strcmp(def->cols[c].key, k) != 0)
		c++;
	return c < def->ncols && def->cols[c].type == COL_PHONE;
}

/* 1 when the history entry is an update of a ledger's row whose old and new JSON name contact
 * columns only (联系电话: COL_PHONE) — shown on the ledger's pages, read by no figure, finding or
 * plan. */
static int contact_only(const char *tbl, const char *op, const char *old, const char *new)
{
	if (strcmp(op, "update") != 0 || !old || !new || strcmp(old, "{}") == 0)
		return 0;
	const ledger_def *def = NULL;
	for (int k = 0; k < LEDGER_NKINDS && !def; k++)
		if (strcmp(ledger_get((ledger_kind)k)->record, tbl) == 0)
			def = ledger_get((ledger_kind)k);
	return def && update_keys(old, new, contact_key, (void *)def);
}

/* 1 when organisation name (a new one's key) is bare but for the records a patch reads again whole
 * (store_org_bare with STORE_ORG_REREAD: any naming it were written after it, so among the changes;
 * facts_patch checks them against the kinds written, facts_relink). */
static int org_new_bare(store *s, const char *name)
{
	sql_st *st = store_st(s, "SELECT id FROM org WHERE name = ?1");
	sql_bind_text(st, 1, name);
	int64_t id = sql_step(st) == SQL_ROW ? sql_col_int64(st, 0) : 0;
	sql_reset(st);
	return id > 0 && store_org_bare(s, id, STORE_ORG_REREAD);
}

/* 1 when the enterprise of USCC uscc (a new one's history key) is one no row of another table
 * names (store_enterprise_bare). */
static int ent_new_bare(store *s, const char *uscc)
{
	sql_st *q = store_st(s, "SELECT id FROM enterprise WHERE uscc = ?1");
	sql_bind_text(q, 1, uscc);
	int64_t id = sql_step(q) == SQL_ROW ? sql_col_int64(q, 0) : 0;
	sql_reset(q);
	return id > 0 && store_enterprise_bare(s, id);
}

/* The member fields whose change store_changes_since patches (STORE_MEMBER): none decides whether
 * the member is counted (MEMBER_COUNTED: its employer, 入党日期, closing, a 停止党籍), where it is
 * or how it is named; 人员类别 and 转正日期 decide who is formal (STORE_MEMBER_FORMAL); 联系电话 is
 * read by nothing (contact_only). */
static const char *const MEMBER_PATCHED[] = {"disclosed", "relation", "relation_since", "outside_org", "phone"};
static const char *const MEMBER_FORMAL_FIELDS[] = {"status", "full_date"};

/* update_keys for member_update: a field of MEMBER_PATCHED or MEMBER_FORMAL_FIELDS, its bits added
 * to *ctx (STORE_MEMBER_FORMAL for the latter; STORE_MEMBER_DATED for them and the 组织关系状态 and
 * its 起始日期 — a past day reads them as recorded today, store_scan_members' member_then —; bit 1
 * for 是否亮明身份, which the cross-match reads); a 组织关系状态 of 停止党籍 is not one (it decides
 * whether the member is counted). 工作单位 from one enterprise to another (both sides named: one
 * without decides whether the member is counted) is STORE_MEMBER_MOVED with STORE_MEMBER_FORMAL (the
 * formal members two enterprises employ) and bit 1 (the cross-match reads the employer too); not
 * STORE_MEMBER_DATED: a past day reads the employer of its own version (member_then). 所在党组织
 * is STORE_MEMBER with STORE_MEMBER_FORMAL (the organisations' lodged formal members), bit 2 (the
 * organisation left found again too: store_changes_since) and bit 1 (the cross-match reads it: its
 * pocket candidates); no other figure reads it. */
static int member_key(const char *k, json_t *x, void *ctx)
{
	unsigned *bits = ctx;
	/* (减少日期 and 原因: a closing, bit 4 — store_member_update keeps it for a closing only) */
	if (strcmp(k, "closed") == 0 || strcmp(k, "closed_reason") == 0) {
		*bits |= 4u;
		return 1;
	}
	if (strcmp(k, "org") == 0) {
		*bits |= STORE_MEMBER | STORE_MEMBER_FORMAL | 2u | 1u;
		return 1;
	}
	if (strcmp(k, "employer") == 0) {
		if (!json_is_string(x))
			return 0;
		*bits |= STORE_MEMBER | STORE_MEMBER_FORMAL | STORE_MEMBER_MOVED | 1u;
		return 1;
	}
	for (size_t f = 0; f < sizeof MEMBER_FORMAL_FIELDS / sizeof MEMBER_FORMAL_FIELDS[0]; f++)
		if (strcmp(k, MEMBER_FORMAL_FIELDS[f]) == 0) {
			*bits |= STORE_MEMBER | STORE_MEMBER_FORMAL | STORE_MEMBER_DATED;
			return 1;
		}
	size_t f = 0;
	while (f < sizeof MEMBER_PATCHED / sizeof MEMBER_PATCHED[0] && strcmp(k, MEMBER_PATCHED[f]) != 0)
		f++;
	if (f == sizeof MEMBER_PATCHED / sizeof MEMBER_PATCHED[0] ||
	    (strcmp(k, "relation") == 0 && json_is_string(x) && strcmp(json_string_value(x), "停止党籍") == 0))
		return 0;
	*bits |= STORE_MEMBER | (strcmp(k, "disclosed") == 0) |
		 (strncmp(k, "relation", 8) == 0 ? (unsigned)STORE_MEMBER_DATED : 0u);
	return 1;
}

/* changes_int.h: the update's fields classified by member_key; a closing (减少日期 set where it was
 * empty) with bit 4, counted by none from then on (STORE_MEMBER_GONE) — its employer's counts, the
 * organisation holding its relation, a past day from the closing date on (STORE_MEMBER_DATED), the
 * cross-match (bit 1: a roster line may name it); a reopening is none. */
unsigned store_member_update(const char *old, const char *new)
{
	unsigned bits = 0;
	if (!update_keys(old, new, member_key, &bits))
		return 0;
	if (!(bits & 4u))
		return bits;
	json_t *o = json_loads(old, 0, NULL), *n = json_loads(new, 0, NULL);
	int closing = json_is_string(json_object_get(n, "closed")) && !json_is_string(json_object_get(o, "closed"));
	json_decref(o);
	json_decref(n);
	return closing ? bits | STORE_MEMBER | STORE_MEMBER_FORMAL | STORE_MEMBER_MOVED | STORE_MEMBER_DATED | 1u : 0;
}

/* The employer of the member of ID number idno, when it has one and, with bare (a new member), no
 * record of another table names it (store_member_bare); else 0 (found afresh). *rostered: whether a
 * roster line names the member. */
static int64_t member_employer(store *s, const char *idno, int bare, int *rostered)
{
	sql_st *q = store_st(s, "SELECT coalesce(m.employer_id, 0), EXISTS (SELECT 1 FROM roster_line rl"
				" WHERE rl.idno = m.idno), m.id FROM member m WHERE m.idno = ?1");
	sql_bind_text(q, 1, idno);
	int64_t id = 0, member = 0;
	*rostered = 0;
	if (sql_step(q) == SQL_ROW) {
		id = sql_col_int64(q, 0);
		*rostered = (int)sql_col_int64(q, 1);
		member = sql_col_int64(q, 2);
	}
	sql_reset(q);
	return id > 0 && bare && !store_member_bare(s, member) ? 0 : id;
}

/* A roster line's history row (its key 统一社会信用代码/公民身份号码): 1 when what it changes besides the
 * cross-match's candidates is found again through *employer — the employer of the member it names
 * when that member has no 所在党组织 (on_member reads the earliest 入职日期 of such a member's lines),
 * else 0 (no member, or one with an organisation: nothing more) —; 0 when it cannot be (a member
 * without an organisation or an employer: found afresh). */
static int roster_member(store *s, const char *key, int64_t *employer)
{
	const char *slash = strrchr(key, '/');
	*employer = 0;
	if (!slash)
		return 0;
	sql_st *q = store_st(s, "SELECT coalesce(employer_id, 0) FROM member WHERE idno = ?1 AND org_id IS NULL");
	sql_bind_text(q, 1, slash + 1);
	int found = sql_step(q) == SQL_ROW;
	if (found)
		*employer = sql_col_int64(q, 0);
	sql_reset(q);
	return !found || *employer > 0;
}

int store_member_bare(store *s, int64_t id)
{
	/* Every table naming a member by id (schema: REFERENCES member) or by its ID number. A
	 * meeting's attendees (its 参加党员, ID numbers) are members of its organisation when written
	 * (party_meeting_rules), each given the meeting's hours in member_hours (party_tally): a member
	 * who attended one has a row there — of this year's the figures of today read (by the year, the
	 * table's key: by the member alone it was a scan of the table, 30 ms at city scale). */
	static const char q[] =
		"SELECT EXISTS (SELECT 1 FROM study WHERE member_id = ?1)"
		" OR EXISTS (SELECT 1 FROM member_hours WHERE year = ?2 AND member_id = ?1)"
		" OR EXISTS (SELECT 1 FROM secretary x WHERE x.member_id = ?1 OR x.idno = (SELECT idno FROM member WHERE id = ?1))"
		" OR EXISTS (SELECT 1 FROM trainee x WHERE x.member_id = ?1 OR x.idno = (SELECT idno FROM member WHERE id = ?1))"
		" OR EXISTS (SELECT 1 FROM development WHERE idno = (SELECT idno FROM member WHERE id = ?1))"
		" OR EXISTS (SELECT 1 FROM transfer WHERE member_id = ?1)"
		" OR EXISTS (SELECT 1 FROM dues WHERE member_id = ?1)"
		" OR EXISTS (SELECT 1 FROM dues_year WHERE member_id = ?1)"
		" OR EXISTS (SELECT 1 FROM roster_line WHERE idno = (SELECT idno FROM member WHERE id = ?1))"
		" OR EXISTS (SELECT 1 FROM crossmatch_decision WHERE idno = (SELECT idno FROM member WHERE id = ?1))"
		" OR EXISTS (SELECT 1 FROM designation_member WHERE member_id = ?1)";
	int y, m, d;
	date_to_ymd(date_today(), &y, &m, &d);
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, id);
	sql_bind_int64(st, 2, y);
	int named = sql_step(st) != SQL_ROW || (int)sql_col_int64(st, 0) != 0;
	sql_reset(st);
	return id > 0 && !named;
}

/* The enterprise of USCC the JSON object of one side of a member's update names as its 工作单位;
 * 0 when it names none or no such enterprise is. */
static int64_t member_side_employer(store *s, const char *side)
{
	json_t *o = side ? json_loads(side, 0, NULL) : NULL;
	const char *uscc = json_string_value(json_object_get(o, "employer"));
	int64_t id = 0;
	if (uscc) {
		sql_st *q = store_st(s, "SELECT id FROM enterprise WHERE uscc = ?1");
		sql_bind_text(q, 1, uscc);
		if (sql_step(q) == SQL_ROW)
			id = sql_col_int64(q, 0);
		sql_reset(q);
	}
	json_decref(o);
	return id;
}

/* id appended to *ents (ents NULL: only counted), *n one more. */
static void push_ent(int64_t **ents, size_t *n, int64_t id)
{
	if (ents) {
		*ents = xrealloc(*ents, (*n + 1) * sizeof **ents);
		(*ents)[*n] = id;
	}
	(*n)++;
}

int store_changes_since(store *s, int64_t stamp, int64_t **ents, size_t *nents, store_fields *fields)
{
	/* More enterprises than this and the caller finds everything again (an import, say). */
	enum { MAX_ENTS = 256 };
	/* More meeting, study and visit records than this (a whole year imported) and the same. */
	enum { MAX_RECORDS = 4096 };
	size_t nrecords = 0;
	if (ents) {
		*ents = NULL;
		*nents = 0;
	}
	if (fields)
		*fields = 0;
	/* Rows past both bounds and one more decide nothing: everything is found again. The LIMIT also
	 * keeps the read an index range from the stamp on PostgreSQL, whose plan without it (a
	 * prepared statement cannot know how near the newest id ?1 lies) scanned the whole history:
	 * 50–70 ms per kept value on the district demo after each login. A constant, not a parameter,
	 * so that a generic plan knows it too. */
	enum { MAX_ROWS = CHANGES_LIMIT - 1 };
	_Static_assert(MAX_ROWS > MAX_ENTS + MAX_RECORDS, "the bound is past both");
	sql_st *st = store_st(s, "SELECT tbl, key, op, old, new FROM history WHERE id > ?1 AND op <> 'view'"
				 " AND tbl NOT IN ('finding', 'session') ORDER BY id LIMIT " SPELL(CHANGES_LIMIT));
	sql_bind_int64(st, 1, stamp);
	int rc, kind = STORE_CHANGES_NONE;
	size_t n = 0, rows = 0;
	while ((rc = sql_step(st)) == SQL_ROW) {
		if (++rows > MAX_ROWS) {
			kind = STORE_CHANGES_OTHER;
			break;
		}
		const char *tbl = sql_col_str(st, 0);
		if (strcmp(tbl, "setting") == 0 && settings_outside_figures(sql_col_str(st, 1)))
			continue;
		if (contact_only(tbl, sql_col_str(st, 2), sql_col_text(st, 3), sql_col_text(st, 4)))
			continue;
		store_fields bits = strcmp(tbl, "enterprise") == 0 && strcmp(sql_col_str(st, 2), "update") == 0 && n < MAX_ENTS
					    ? ent_update_numeric(sql_col_text(st, 3), sql_col_text(st, 4))
				    : strcmp(tbl, "enterprise") == 0 && strcmp(sql_col_str(st, 2), "insert") == 0 && n < MAX_ENTS &&
						    ent_new_bare(s, sql_col_str(st, 1))
					    ? (store_fields)(STORE_ENT_NEW | STORE_ENT_CLOSED)
					    : 0;
		store_fields records = bits || nrecords >= MAX_RECORDS
					   ? 0
					   : party_change(tbl, sql_col_str(st, 1), sql_col_text(st, 3), sql_col_text(st, 4));
		if (records) {
			nrecords++;
			kind = STORE_CHANGES_ENTS;
			if (fields)
				*fields |= records;
			continue;
		}
		if (bits) {
			kind = STORE_CHANGES_ENTS;
			if (fields)
				*fields |= bits;
			if (ents) {
				sql_st *q = store_st(s, "SELECT id FROM enterprise WHERE uscc = ?1");
				sql_bind_text(q, 1, sql_col_str(st, 1));
				int64_t id = sql_step(q) == SQL_ROW ? sql_col_int64(q, 0) : 0;
				sql_reset(q);
				if (!id) { /* its 统一社会信用代码 changed since, or it is gone: found afresh */
					kind = STORE_CHANGES_OTHER;
					break;
				}
				push_ent(ents, &n, id);
			} else
				n++;
			continue;
		}
		/* An organisation's fields that leave what it covers as it was: the enterprises it
		 * covers among the ids (their coverage counts and findings, its own findings). */
		store_fields obits = strcmp(tbl, "org") == 0 && strcmp(sql_col_str(st, 2), "update") == 0
					 ? org_update(sql_col_text(st, 3), sql_col_text(st, 4))
					 : 0;
		/* A new organisation no other record names (no member, meeting, secretary, …: it comes
		 * into the facts with its calendar alone), covering enterprises from its 成立日期: as an
		 * organisation whose 覆盖企业 changed, those enterprises among the ids. */
		if (strcmp(tbl, "org") == 0 && strcmp(sql_col_str(st, 2), "insert") == 0 && org_new_bare(s, sql_col_str(st, 1)))
			obits = STORE_ORG | STORE_ORG_COVER | STORE_ORG_NEW;
		/* (Not a closing or reopening: a reopening revives links begun long ago, which
		 * org_relinked does not see.) */
		if (obits && !(obits & STORE_ORG_CLOSING) &&
		    org_covered(s, sql_col_str(st, 1), ents, &n, MAX_ENTS > n ? MAX_ENTS - n : 0) == 0 &&
		    (!(obits & STORE_ORG_COVER) || !ents ||
		     org_relinked(s, sql_col_str(st, 1), ents, &n, MAX_ENTS > n ? MAX_ENTS - n : 0) == 0)) {
			kind = STORE_CHANGES_ENTS;
			if (fields)
				*fields |= obits;
			continue;
		}
		/* Those of an organisation covering no enterprise, today or earlier today: its own
		 * findings (and the plan), no enterprise's — its closing or reopening too
		 * (STORE_ORG_CLOSING), when that ended or revived no link of it: one that did changed its
		 * 覆盖企业 (STORE_ORG_COVER). */
		if (obits && !(obits & STORE_ORG_COVER) && org_unlinked(s, sql_col_str(st, 1))) {
			kind = STORE_CHANGES_ENTS;
			if (fields)
				*fields |= obits | STORE_ORG_UNLINKED;
			continue;
		}
		/* An organisation closed that covered enterprises (its links ended with it, on its 撤销日期:
		 * its 覆盖企业 emptied): those enterprises — every one whose link ended on that day or later. */
		int closed_day =
			(obits & STORE_ORG_CLOSING) && (obits & STORE_ORG_COVER) ? closing_day(sql_col_text(st, 4)) : INT_MIN;
		if (closed_day != INT_MIN) {
			size_t was = n;
			if (org_ended_since(s, sql_col_str(st, 1), closed_day, ents, &n, MAX_ENTS > n ? MAX_ENTS - n : 0) == 0 &&
			    n > was) {
				kind = STORE_CHANGES_ENTS;
				if (fields)
					*fields |= obits | STORE_ORG_LEAVING_REREAD;
				continue;
			}
		}
		/* An instructor's 指导企业: the enterprises linked or unlinked today. */
		if (strcmp(tbl, "instructor") == 0 && strcmp(sql_col_str(st, 2), "update") == 0 &&
		    update_keys(sql_col_text(st, 3), sql_col_text(st, 4), ins_key, NULL) &&
		    ins_relinked(s, sql_col_str(st, 1), ents, &n, MAX_ENTS > n ? MAX_ENTS - n : 0) == 0) {
			kind = STORE_CHANGES_ENTS;
			if (fields)
				*fields |= STORE_INS_COVER;
			continue;
		}
		/* A roster line (职工名册: added, changed or deleted): the cross-match's candidates read
		 * again; the member it names, without a 所在党组织, found again with its employer's
		 * (roster_member). */
		int64_t roster_employer;
		if (strcmp(tbl, "roster_line") == 0 && nrecords < MAX_RECORDS && n < MAX_ENTS &&
		    roster_member(s, sql_col_str(st, 1), &roster_employer)) {
			nrecords++;
			kind = STORE_CHANGES_ENTS;
			if (fields)
				*fields |= STORE_ROSTER | (roster_employer > 0 ? (store_fields)STORE_MEMBER : 0);
			if (roster_employer > 0)
				push_ent(ents, &n, roster_employer);
			continue;
		}
		/* A member's fields that leave it counted where it is: its employer among the
		 * enterprises (read now: a later change of the employer is no such row). A new member
		 * that no other record names, or one whose employer changed: its employer's members
		 * (and the earlier employer's) counted again (STORE_MEMBER_MOVED), the new member from
		 * its 入党日期 on (STORE_MEMBER_DATED). */
		int of_member = strcmp(tbl, "member") == 0 && n + 1 < MAX_ENTS;
		int inserted = of_member && strcmp(sql_col_str(st, 2), "insert") == 0;
		unsigned mbits = of_member && strcmp(sql_col_str(st, 2), "update") == 0
					 ? store_member_update(sql_col_text(st, 3), sql_col_text(st, 4))
				 : inserted ? STORE_MEMBER | STORE_MEMBER_FORMAL | STORE_MEMBER_MOVED | STORE_MEMBER_DATED
					    : 0;
		int rostered = 0;
		int64_t employer = mbits ? member_employer(s, sql_col_str(st, 1), inserted, &rostered) : 0;
		/* 所在党组织 changed: the organisation left counts one lodged member less — its findings
		 * found again with those of the organisations covering the enterprises it covers, which
		 * join the ids; one covering none today: found afresh. */
		if (employer > 0 && (mbits & 2u) &&
		    !org_left_covered(s, sql_col_text(st, 3), ents, &n, MAX_ENTS > n + 1 ? MAX_ENTS - n - 1 : 0))
			employer = 0;
		int64_t before = employer > 0 && (mbits & STORE_MEMBER_MOVED) && !inserted
					 ? member_side_employer(s, sql_col_text(st, 3))
					 : 0;
		int gone = (mbits & 4u) != 0; /* closed: it leaves its employer's members */
		if (employer > 0 && (before > 0 || inserted || gone || !(mbits & STORE_MEMBER_MOVED))) {
			kind = STORE_CHANGES_ENTS;
			if (fields)
				*fields |= (mbits & ~7u) | ((mbits & 1u) && rostered ? STORE_ROSTER : 0) |
					   (gone ? STORE_MEMBER_GONE : 0);
			for (int k = 0; k < 2; k++) {
				int64_t id = k ? before : employer;
				if (id > 0)
					push_ent(ents, &n, id);
			}
			continue;
		}
		kind = STORE_CHANGES_OTHER;
		break;
	}
	if (rc != SQL_DONE && rc != SQL_ROW)
		kind = STORE_CHANGES_OTHER;
	sql_reset(st);
	if (ents) {
		*nents = kind == STORE_CHANGES_ENTS ? n : 0;
		if (kind != STORE_CHANGES_ENTS) {
			free(*ents);
			*ents = NULL;
		}
	}
	return kind;
}

/* 1 when st (bound: whether any row of the tables it reads names a record) says none does; 0 when
 * one does or the read fails. st reset. */
static int none_named(sql_st *st)
{
	int named = sql_step(st) != SQL_ROW || (int)sql_col_int64(st, 0) != 0;
	sql_reset(st);
	return !named;
}

int store_org_bare(store *s, int64_t id, store_fields reread)
{
	/* Every table naming an organisation (schema.c: REFERENCES org) but its links, users and the
	 * members lodged in it (no figure reads a member's organisation: the findings about it and its
	 * members are found again by the member writes that lodged them, written after it, so among the
	 * changes); those of a kind read again (?2 secretaries, ?3 development, ?4 transfers, ?5
	 * funding, ratings and venues, ?6 meetings: 1) passed. */
	static const char q[] =
		"SELECT EXISTS (SELECT 1 FROM org WHERE parent_id = ?1)"
		" OR (?6 = 0 AND (EXISTS (SELECT 1 FROM meeting WHERE org_id = ?1)"
		"  OR EXISTS (SELECT 1 FROM meeting_tally WHERE org_id = ?1)))"
		" OR (?2 = 0 AND EXISTS (SELECT 1 FROM secretary WHERE org_id = ?1))"
		" OR (?3 = 0 AND EXISTS (SELECT 1 FROM development WHERE org_id = ?1))"
		" OR (?4 = 0 AND EXISTS (SELECT 1 FROM transfer WHERE org_id = ?1))"
		" OR (?5 = 0 AND (EXISTS (SELECT 1 FROM funding WHERE org_id = ?1)"
		"  OR EXISTS (SELECT 1 FROM rating WHERE org_id = ?1) OR EXISTS (SELECT 1 FROM venue WHERE org_id = ?1)))";
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, id);
	sql_bind_int64(st, 2, (reread & (STORE_PARTY_SEC | STORE_PARTY_TRAINING)) != 0);
	sql_bind_int64(st, 3, (reread & STORE_PARTY_DEV) != 0);
	sql_bind_int64(st, 4, (reread & STORE_PARTY_TRANSFER) != 0);
	sql_bind_int64(st, 5, (reread & STORE_PARTY_RECOG) != 0);
	sql_bind_int64(st, 6, (reread & STORE_PARTY_HOURS) != 0);
	return none_named(st);
}

int store_enterprise_bare(store *s, int64_t id)
{
	/* Every table naming an enterprise (schema.c: REFERENCES enterprise), current rows or not. */
	static const char q[] =
		"SELECT EXISTS (SELECT 1 FROM coverage WHERE enterprise_id = ?1)"
		" OR EXISTS (SELECT 1 FROM member WHERE employer_id = ?1)"
		" OR EXISTS (SELECT 1 FROM assignment WHERE enterprise_id = ?1)"
		" OR EXISTS (SELECT 1 FROM visit WHERE enterprise_id = ?1)"
		" OR EXISTS (SELECT 1 FROM task WHERE enterprise_id = ?1)"
		" OR EXISTS (SELECT 1 FROM designation WHERE enterprise_id = ?1)"
		" OR EXISTS (SELECT 1 FROM trainee WHERE enterprise_id = ?1)"
		" OR EXISTS (SELECT 1 FROM development WHERE employer_id = ?1)"
		" OR EXISTS (SELECT 1 FROM roster_line WHERE enterprise_id = ?1)"
		" OR EXISTS (SELECT 1 FROM crossmatch_decision WHERE enterprise_id = ?1)"
		" OR EXISTS (SELECT 1 FROM roster_candidate WHERE enterprise_id = ?1)";
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, id);
	return none_named(st);
}

/* 1 when the record id of the table q reads (its ?1 the day, ?2 the id) is closed on day. */
static int closed_on(store *s, const char *q, int64_t id, int day)
{
	sql_st *st = dated_stmt(s, q, day);
	sql_bind_int64(st, 2, id);
	int closed = sql_step(st) == SQL_ROW && sql_col_int64(st, 0) == 1;
	sql_reset(st);
	return closed;
}

#define CLOSED_ON_Q(table) "SELECT CASE WHEN " RECORD_OPEN_ON("", "?1") " THEN 0 ELSE 1 END FROM " table " WHERE id = ?2"

int store_enterprise_closed_on(store *s, int64_t id, int day)
{
	return closed_on(s, CLOSED_ON_Q("enterprise"), id, day);
}

int store_member_closed_on(store *s, int64_t id, int day)
{
	return closed_on(s, CLOSED_ON_Q("member"), id, day);
}

int store_org_closed_on(store *s, int64_t id, int day)
{
	return closed_on(s, CLOSED_ON_Q("org"), id, day);
}

int store_ent_orgs(store *s, int64_t ent, int64_t **ids, size_t *n, fg_err *e)
{
	static const char q[] = "SELECT DISTINCT org_id FROM coverage WHERE enterprise_id = ?1 ORDER BY org_id";
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, ent);
	*ids = NULL;
	*n = 0;
	if (ids_read(st, ids, n, SIZE_MAX) == 0)
		return FG_OK;
	free(*ids);
	*ids = NULL;
	*n = 0;
	return db_err(s, e, "读取覆盖关系");
}

int store_findings_unchanged_since(store *s, int64_t stamp)
{
	return store_changes_since(s, stamp, NULL, NULL, NULL) == STORE_CHANGES_NONE;
}

