/* The roster cross-match's reads and the decisions' writes (crossmatch_store.h). The match is one
 * statement: the roster lines joined with the member records of their 公民身份号码, plus the lines
 * that self-report a membership no record has, read from indexes that cover them; labels and
 * decisions are read afterwards for the candidates only, by line id. */
#include "store/crossmatch_store.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "store/ledger_sql.h"
#include "store/scope_sql.h"
#include "store/store_int.h"
#include "util/date.h"

#define SELF_MEMBER "rl.political IN ('中共党员', '中共预备党员')"
#define MATCH_COLS                                                                                   \
	"rl.enterprise_id, rl.hired, " SELF_MEMBER ", m.id IS NOT NULL, CASE WHEN m.relation = '停止党籍' THEN 1 ELSE 0 END,"   \
	" m.org_id IS NOT NULL, coalesce(m.employer_id, 0), coalesce(m.disclosed, -1), rl.id"
#define MATCH_FROM " FROM roster_line rl LEFT JOIN member m ON m.idno = rl.idno"
/* The classifiable lines as two disjoint branches, so that neither reads the whole roster: the
 * lines of members (each member's lines by the index on 公民身份号码; CROSS JOIN keeps the member
 * table outside, it being the smaller), and the self-reported members with no record (by the
 * partial index of those lines). */
#define MATCHED_FROM " FROM member m CROSS JOIN roster_line rl ON rl.idno = m.idno"
#define SELF_FROM " FROM roster_line rl LEFT JOIN member m ON m.idno = rl.idno"
#define SELF_WHERE " WHERE " SELF_MEMBER " AND m.id IS NULL"

/* The enterprises of scope ?1 region ?2 organisation, of region ?3 and of zone ?6 (0: any): listed
 * once per statement. */
#define IN_SCOPE                                                                                     \
	" AND (" SCOPE_DISTRICT("?1", "?2") " OR rl.enterprise_id IN (SELECT e.id FROM enterprise e"      \
	" JOIN region c ON c.id = e.community_id WHERE " SCOPE_ENT("?1", "?2") "))"                       \
	" AND (?3 = 0 OR ?3 = 1 OR rl.enterprise_id IN (SELECT e.id FROM enterprise e"                  \
	" WHERE " SCOPE_IN_REGION("e.community_id", "?3") "))"                                            \
	" AND (?6 = 0 OR rl.enterprise_id IN (SELECT e.id FROM enterprise e WHERE e.zone_id = ?6))"

#define LABEL_COLS                                                                                   \
	", e.uscc, e.name, st.name, rl.name, rl.idno, rl.political, m.name, mo.name, m.outside_org, me.name || '（' || me.uscc || '）',"   \
	" d.decision, d.class, d.decided_on, d.who, d.campaign, d.note"
#define LABEL_FROM                                                                                   \
	" LEFT JOIN crossmatch_decision d ON d.enterprise_id = rl.enterprise_id AND d.idno = rl.idno"     \
	" LEFT JOIN enterprise e ON e.id = rl.enterprise_id LEFT JOIN region c ON c.id = e.community_id"  \
	" LEFT JOIN region st ON st.id = c.parent_id LEFT JOIN org mo ON mo.id = m.org_id"                \
	" LEFT JOIN enterprise me ON me.id = m.employer_id"

static int day_col(sql_st *st, int i)
{
	const char *t = sql_col_text(st, i);
	int d;
	return t && date_parse(t, &d) == 0 ? d : DATE_NONE;
}

static const char *str_col(sql_st *st, int i)
{
	return sql_col_text(st, i);
}

#define NMATCH 9 /* MATCH_COLS */

static void read_match(sql_st *st, int labels, roster_match *m)
{
	memset(m, 0, sizeof *m);
	m->hired = str_col(st, 1);
	int hired;
	m->l = (xm_line){m->hired && date_parse(m->hired, &hired) == 0 ? hired : DATE_NONE,
			 (int)sql_col_int64(st, 2),
			 sql_col_int64(st, 0),
			 (int)sql_col_int64(st, 3),
			 (int)sql_col_int64(st, 4),
			 (int)sql_col_int64(st, 5),
			 sql_col_int64(st, 6),
			 (int)sql_col_int64(st, 7)};
	m->line_id = sql_col_int64(st, 8);
	if (!labels)
		return;
	const char **out[] = {&m->uscc,		&m->ent_name,	&m->street,	   &m->name,	     &m->idno,
			      &m->political,	&m->member_name, &m->member_org, &m->member_outside, &m->member_employer,
			      &m->decision,	&m->decided_class, &m->decided_on, &m->who,	     &m->campaign,
			      &m->note};
	for (size_t i = 0; i < sizeof out / sizeof out[0]; i++)
		*out[i] = str_col(st, NMATCH + (int)i);
}

/* ---- the candidates kept on write (roster_candidate, schema v20) ---- */

/* The candidates among the lines st reads; with replace, each line's kept row is deleted first
 * (by its key: a delete per ID number joining roster_line was planned, on PostgreSQL, as a scan of
 * the whole table — a plan made while the table was empty at the start of a bulk load). */
static int candidates_put(store *s, sql_st *st, int replace, fg_err *e)
{
	static const char del[] = "DELETE FROM roster_candidate WHERE line_id = ?1";
	static const char ins[] = "INSERT INTO roster_candidate(line_id, enterprise_id, hired, self_member, matched, stopped,"
				  " has_org, employer, disclosed, flags) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
				  XM_FLAGS("?4", "?5", "?6", "?7", "?9") ")";
	int rc;
	roster_match m;
	while ((rc = sql_step(st)) == SQL_ROW) {
		read_match(st, 0, &m);
		if (replace) {
			sql_st *d = store_st(s, del);
			sql_bind_int64(d, 1, m.line_id);
			if (sql_step_write(d) != SQL_DONE) {
				sql_reset(st);
				return db_err(s, e, "更新职工名册比对");
			}
		}
		if (!crossmatch_candidate(&m.l))
			continue;
		sql_st *in = store_st(s, ins);
		sql_bind_int64(in, 1, m.line_id);
		sql_bind_int64(in, 2, m.l.enterprise);
		if (m.hired)
			sql_bind_text_copy(in, 3, m.hired, -1);
		const int flags[] = {m.l.self_member, m.l.matched, m.l.stopped, m.l.has_org};
		for (int i = 0; i < 4; i++)
			sql_bind_int64(in, 4 + i, flags[i]);
		sql_bind_int64(in, 8, m.l.employer);
		sql_bind_int64(in, 9, m.l.disclosed);
		if (sql_step_write(in) != SQL_DONE) {
			sql_reset(st);
			return db_err(s, e, "更新职工名册比对");
		}
	}
	sql_reset(st);
	return rc == SQL_DONE ? FG_OK : db_err(s, e, "更新职工名册比对");
}

void store_xm_touch(store *s, const char *idno)
{
	if (idno && *idno)
		strmap_put(&s->xm_dirty, idno, strlen(idno), 1);
}

int roster_candidates_flush(store *s, fg_err *e)
{
	static const char q[] = "SELECT " MATCH_COLS SELF_FROM " WHERE rl.idno = ?1";
	int rc = FG_OK;
	for (size_t i = 0; i < s->xm_dirty.cap && !rc; i++) {
		const strmap_slot *sl = &s->xm_dirty.slots[i];
		if (!sl->key)
			continue;
		/* PostgreSQL: one writer of a person's lines at a time (a number has no row of its own to
		 * lock: a transaction's advisory lock on it, one of 256 by its hash, so that a transaction
		 * touching many numbers — an import, the demo — holds at most 256 locks: PostgreSQL's lock
		 * table has room for 64 a connection). */
		static const char lock[] = "SELECT pg_advisory_xact_lock(7468101, hashtext(?1) & 255)";
		char *idno = xstrndup(sl->key, sl->len);
		rc = store_lock(s, lock, 0, idno, e);
		free(idno);
		if (rc)
			break;
		/* Every line of the number (the query's LEFT JOIN keeps each): its kept row replaced. */
		sql_st *st = store_st(s, q);
		sql_bind_text_copy(st, 1, sl->key, (int)sl->len);
		rc = candidates_put(s, st, 1, e);
	}
	strmap_free(&s->xm_dirty);
	return rc;
}

int store_roster_candidates_fill(store *s, fg_err *e)
{
	static const char q[] = "SELECT " MATCH_COLS MATCHED_FROM " UNION ALL SELECT " MATCH_COLS SELF_FROM SELF_WHERE;
	if (sql_exec(s->sql, "DELETE FROM roster_candidate") != SQL_OK)
		return db_err(s, e, "建立职工名册比对");
	return candidates_put(s, store_st(s, q), 0, e);
}

/* The candidates only, as kept (every other line's class is XM_NONE on every day), without a
 * join: the flags as one column (XM_FLAGS). */
int store_scan_roster_matches(store *s, const store_filter *scope, const store_filter *within,
			      int (*fn)(void *ctx, const roster_match *m), void *ctx, fg_err *e)
{
#define CANDIDATES "SELECT rl.enterprise_id, rl.hired, rl.flags, rl.employer, rl.line_id FROM roster_candidate rl"
	static const char q[] = CANDIDATES " WHERE 1 = 1" IN_SCOPE;
	/* The whole district: every candidate, without testing each line's enterprise. */
	static const char all[] = CANDIDATES;
#undef CANDIDATES
	sql_st *st = store_st(s, scope || within ? q : all);
	if (scope || within) {
		sql_bind_int64(st, 1, scope ? scope->region_id : 0);
		sql_bind_int64(st, 2, scope ? scope->org_id : 0);
		sql_bind_int64(st, 3, within ? within->region_id : 0);
		sql_bind_int64(st, 6, within ? within->zone_id : 0);
	}
	int rc, ret = 0;
	roster_match m;
	while ((rc = sql_step(st)) == SQL_ROW) {
		memset(&m, 0, sizeof m);
		m.hired = str_col(st, 1);
		int hired, f = (int)sql_col_int64(st, 2);
		m.l = (xm_line){m.hired && date_parse(m.hired, &hired) == 0 ? hired : DATE_NONE,
				f & 1,
				sql_col_int64(st, 0),
				f >> 1 & 1,
				f >> 2 & 1,
				f >> 3 & 1,
				sql_col_int64(st, 3),
				(f >> 4 & 3) - 1};
		m.line_id = sql_col_int64(st, 4);
		if ((ret = fn(ctx, &m)) != 0)
			break;
	}
	return scan_fin(s, st, rc, ret, e, "读取职工名册比对");
}

int store_roster_match_labels(store *s, int64_t line, int (*fn)(void *ctx, const roster_match *m), void *ctx, fg_err *e)
{
	static const char q[] = "SELECT " MATCH_COLS LABEL_COLS SELF_FROM LABEL_FROM " WHERE rl.id = ?1";
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, line);
	int rc, ret = 0;
	roster_match m;
	while ((rc = sql_step(st)) == SQL_ROW) {
		read_match(st, 1, &m);
		if ((ret = fn(ctx, &m)) != 0)
			break;
	}
	return scan_fin(s, st, rc, ret, e, "读取职工名册比对");
}

int store_roster_match_line(store *s, const store_filter *scope, const char *uscc, const char *idno, xm_line *out)
{
	static const char q[] = "SELECT " MATCH_COLS MATCH_FROM " WHERE rl.enterprise_id = (SELECT id FROM enterprise"
				" WHERE uscc = ?4) AND rl.idno = ?5" IN_SCOPE;
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, scope ? scope->region_id : 0);
	sql_bind_int64(st, 2, scope ? scope->org_id : 0);
	sql_bind_int64(st, 3, 0);
	sql_bind_int64(st, 6, 0);
	sql_bind_text(st, 4, uscc);
	sql_bind_text(st, 5, idno);
	int found = sql_step(st) == SQL_ROW;
	if (found) {
		roster_match m;
		read_match(st, 0, &m);
		*out = m.l;
	}
	sql_reset(st);
	return found;
}

int store_roster_line_key(store *s, int64_t id, char uscc[32], char idno[32])
{
	static const char q[] = "SELECT e.uscc, rl.idno FROM roster_line rl JOIN enterprise e ON e.id = rl.enterprise_id"
				" WHERE rl.id = ?1";
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, id);
	int found = sql_step(st) == SQL_ROW;
	if (found) {
		snprintf(uscc, 32, "%s", str_col(st, 0));
		snprintf(idno, 32, "%s", str_col(st, 1));
	}
	sql_reset(st);
	return found;
}

int roster_line_delete(store *s, int64_t id, fg_err *e)
{
	static const char del_candidate[] = "DELETE FROM roster_candidate WHERE line_id = ?1";
	static const char del[] = "DELETE FROM roster_line WHERE id = ?1";
	sql_st *dc = store_st(s, del_candidate);
	sql_bind_int64(dc, 1, id);
	sql_st *st = store_st(s, del);
	sql_bind_int64(st, 1, id);
	int ok = sql_step(dc) == SQL_DONE && sql_step(st) == SQL_DONE;
	sql_reset(dc);
	sql_reset(st);
	return ok ? FG_OK : db_err(s, e, "删除职工名册行");
}

int store_rosters_replace(store *s, const strmap *keys, size_t *removed, fg_err *e)
{
	store_bulk_write(s);
	static const char lines[] = "SELECT rl.id, rl.idno FROM roster_line rl JOIN enterprise e ON e.id = rl.enterprise_id"
				    " WHERE e.uscc = ?1";
	static const char one[] = "SELECT " LEDGER_RL_COLS LEDGER_RL_FROM " WHERE rl.id = ?1";
	const ledger_def *def = ledger_get(LEDGER_ROSTERS);
	strmap done = {0};
	int rc = FG_OK;
	*removed = 0;
	for (size_t i = 0; i < keys->cap && !rc; i++) {
		const strmap_slot *sl = &keys->slots[i];
		const char *sep = sl->key ? memchr(sl->key, '\x1f', sl->len) : NULL;
		if (!sep || !strmap_put(&done, sl->key, (size_t)(sep - sl->key), 1))
			continue; /* an enterprise once */
		char uscc[32];
		snprintf(uscc, sizeof uscc, "%.*s", (int)(sep - sl->key), sl->key);
		/* The ids first: deleting while stepping the same table's statement is not allowed. */
		struct gone {
			int64_t id;
			char idno[32];
		} *v = NULL;
		size_t n = 0;
		sql_st *st = store_st(s, lines);
		sql_bind_text(st, 1, uscc);
		while (sql_step(st) == SQL_ROW) {
			buf k = {0};
			buf_printf(&k, "%s\x1f%s", uscc, str_col(st, 1));
			int64_t row;
			if (!strmap_get(keys, k.p, k.len, &row)) {
				v = xrealloc(v, (n + 1) * sizeof *v);
				v[n].id = sql_col_int64(st, 0);
				snprintf(v[n].idno, sizeof v[n].idno, "%s", str_col(st, 1));
				n++;
			}
			buf_free(&k);
		}
		sql_reset(st);
		for (size_t j = 0; j < n && !rc; j++) {
			json_t *o = json_object();
			st = store_st(s, one);
			sql_bind_int64(st, 1, v[j].id);
			if (sql_step(st) == SQL_ROW)
				for (size_t c = 0; c < def->ncols; c++)
					json_object_set_new(o, def->cols[c].key, sql_col_type(st, (int)c) == SQL_NULL
											 ? json_null()
											 : json_string(str_col(st, (int)c)));
			sql_reset(st);
			if ((rc = roster_line_delete(s, v[j].id, e)) == FG_OK) {
				char *jo = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
				buf hk = {0};
				buf_printf(&hk, "%s/%s", uscc, v[j].idno);
				rc = store_hist(s, def->record, buf_cstr(&hk), "delete", jo, NULL, e);
				buf_free(&hk);
				free(jo);
				(*removed)++;
			}
			json_decref(o);
		}
		free(v);
	}
	strmap_free(&done);
	return rc;
}

int store_any_roster(store *s)
{
	sql_st *st = store_st(s, "SELECT EXISTS (SELECT 1 FROM roster_line)");
	int any = sql_step(st) == SQL_ROW && (int)sql_col_int64(st, 0);
	sql_reset(st);
	return any;
}

int store_crossmatch_decide(store *s, const char *uscc, const char *idno, xm_class cls, const char *decision,
			    const char *campaign, const char *note, fg_err *e)
{
	static const char old_q[] =
		"SELECT d.class, d.decision, d.decided_on, d.who, d.campaign, d.note FROM crossmatch_decision d"
		" JOIN enterprise e ON e.id = d.enterprise_id WHERE e.uscc = ?1 AND d.idno = ?2";
	static const char put[] = CROSSMATCH_DECISION_PUT;
	static const char *const KEYS[] = {CROSSMATCH_DECISION_KEYS};
	if (campaign) {
		/* A decision is the finding of a campaign that exists: a typo must not make a second one. */
		sql_st *c = store_st(s, "SELECT EXISTS (SELECT 1 FROM campaign WHERE name = ?1)");
		sql_bind_text(c, 1, campaign);
		int known = sql_step(c) == SQL_ROW && (int)sql_col_int64(c, 0);
		sql_reset(c);
		if (!known)
			return err_set(e, FG_EINPUT, "排查“%s”不在排查台账中（请先登记该排查，或不写排查名称）", campaign);
	}
	char today[11];
	date_format(date_today(), today);
	const char *now[] = {crossmatch_class_id(cls), decision, today, s->who, campaign, note};
	sql_st *st = store_st(s, old_q);
	sql_bind_text(st, 1, uscc);
	sql_bind_text(st, 2, idno);
	json_t *old = NULL;
	if (sql_step(st) == SQL_ROW) {
		old = json_object();
		for (int i = 0; i < 6; i++)
			json_object_set_new(old, KEYS[i], sql_col_type(st, i) == SQL_NULL
								  ? json_null()
								  : json_string(str_col(st, i)));
	}
	sql_reset(st);
	st = store_st(s, put);
	sql_bind_text(st, 1, uscc);
	sql_bind_text(st, 2, idno);
	for (int i = 0; i < 6; i++)
		sql_bind_text(st, 3 + i, now[i]);
	if (sql_step(st) != SQL_DONE || sql_changes(s->sql) != 1) {
		sql_reset(st);
		json_decref(old);
		return db_err(s, e, "记录比对结论");
	}
	json_t *nw = json_object();
	for (int i = 0; i < 6; i++)
		json_object_set_new(nw, KEYS[i], now[i] ? json_string(now[i]) : json_null());
	char *jo = old ? json_dumps(old, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	char *jn = json_dumps(nw, JSON_COMPACT | JSON_PRESERVE_ORDER);
	buf key = {0};
	buf_printf(&key, "%s/%s", uscc, idno);
	int rc = store_hist(s, "crossmatch", buf_cstr(&key), old ? "update" : "insert", jo, jn, e);
	buf_free(&key);
	free(jo);
	free(jn);
	json_decref(old);
	json_decref(nw);
	return rc;
}

int store_scan_confirmed(store *s, int (*fn)(void *ctx, const xm_confirmed *c), void *ctx, fg_err *e)
{
	static const char q[] = "SELECT " MATCH_COLS ", rl.name, d.idno, d.decided_on, d.who, d.campaign, d.note"
				" FROM crossmatch_decision d JOIN roster_line rl ON rl.enterprise_id = d.enterprise_id"
				" AND rl.idno = d.idno LEFT JOIN member m ON m.idno = rl.idno WHERE d.decision = 'confirmed'"
				" ORDER BY d.enterprise_id, d.idno";
	sql_st *st = store_st(s, q);
	int rc, ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW) {
		roster_match m;
		read_match(st, 0, &m);
		xm_confirmed c = {m.l,
				  str_col(st, NMATCH),
				  str_col(st, NMATCH + 1),
				  str_col(st, NMATCH + 2),
				  str_col(st, NMATCH + 3),
				  str_col(st, NMATCH + 4),
				  str_col(st, NMATCH + 5)};
		if ((ret = fn(ctx, &c)) != 0)
			break;
	}
	return scan_fin(s, st, rc, ret, e, "读取已确认的比对线索");
}

/* The earliest 入职日期 of each member without an organisation, of the members the clause more (an
 * AND …) selects. */
#define FIRST_HIRE_Q(more)                                                                           \
	"SELECT m.id, min(rl.hired) FROM member m JOIN roster_line rl ON rl.idno = m.idno"              \
	" WHERE m.org_id IS NULL AND rl.hired IS NOT NULL" more " GROUP BY m.id ORDER BY m.id"

static int first_hire_scan(store *s, sql_st *st, int (*fn)(void *ctx, int64_t member, int day), void *ctx, fg_err *e);

static int on_first_day(void *ctx, int64_t member, int day)
{
	(void)member;
	*(int *)ctx = day;
	return 0;
}

int store_member_first_hire(store *s, int64_t member, int *day, fg_err *e)
{
	static const char q[] = FIRST_HIRE_Q(" AND m.id = ?1");
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, member);
	*day = DATE_NONE;
	return first_hire_scan(s, st, on_first_day, day, e);
}

int store_scan_member_first_hire_at(store *s, int64_t employer, int (*fn)(void *ctx, int64_t member, int day),
				    void *ctx, fg_err *e)
{
	static const char q[] = FIRST_HIRE_Q(" AND m.employer_id = ?1");
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, employer);
	return first_hire_scan(s, st, fn, ctx, e);
}

static int first_hire_scan(store *s, sql_st *st, int (*fn)(void *ctx, int64_t member, int day), void *ctx, fg_err *e)
{
	int rc, ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW) {
		int d = day_col(st, 1);
		if (d != DATE_NONE && (ret = fn(ctx, sql_col_int64(st, 0), d)) != 0)
			break;
	}
	return scan_fin(s, st, rc, ret, e, "读取职工名册入职日期");
}
