/* The party-work ledgers' rules that need the database (docs/party-work.md): a meeting's
 * attendees among the organisation's members on its date, secretaries, development steps, transfers,
 * dues, visits, campaigns, tasks and designations — called by party_put (party_store.c) before and
 * after it writes a row. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/dues.h"
#include "core/life.h"
#include "store/dues_store.h"
#include "store/ledger_sql.h"
#include "store/party_int.h"
#include "store/party_scan.h"
#include "store/scope.h"
#include "store/scope_sql.h"
#include "store/store_int.h"
#include "util/date.h"

/* ---- the rules that need the database (docs/party-work.md) ---- */

typedef struct members_check {
	store *s;
	const char *date;
	int day;    /* date's day number */
	idvec *ids; /* NULL: check only */
	buf bad;
} members_check;

void store_roster_forget(store *s)
{
	s->roster_org = 0;
	s->roster_founded[0] = '\0';
	s->roster_n = 0;
	s->roster_nev = 0;
	s->roster_ntf = 0;
	keymap_free(&s->roster);
}

/* Membership of an organisation on a day. Today's 所在党组织 is the member ledger's; before it, the
 * history of the member's row tells it — a change of 所在党组织 recorded after the day gives the
 * organisation it had on the day (the old value of the first such change), as the figures' as-of
 * reads the history (scan.c) — and a completed transfer (组织关系转接) into or out of the
 * organisation overrides both with its 办结日期: the last one completed by the day decides (转入:
 * in, 转出: out), else the first completed after it (转出: it was in, 转入: it was not). */
static int roster_in_on(const store *s, const struct roster_member *m, int day)
{
	/* not yet a member, or reduced (减少) by the day: RECORD_OPEN_ON (scope_sql.h) read in C */
	if (m->joined > day || (m->closed != DATE_NONE && m->closed <= day))
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

static struct roster_member *roster_add(store *s, const char *idno, int64_t id, const char *joined,
					       const char *closed, int lodged)
{
	int day, shut = DATE_NONE;
	if (!idno || !joined || date_parse(joined, &day) || (closed && date_parse(closed, &shut)))
		return NULL;
	if (s->roster_n == s->roster_cap) {
		s->roster_cap = s->roster_cap ? s->roster_cap * 2 : 64;
		s->roster_v = xrealloc(s->roster_v, s->roster_cap * sizeof *s->roster_v);
	}
	/* A member's number is canonical (the ledger's check made it so): keyed by its integer. */
	uint64_t key = ledger_idno_key(idno, strlen(idno));
	if (!key)
		return NULL;
	struct roster_member *m = &s->roster_v[s->roster_n];
	*m = (struct roster_member){id, day, shut, lodged, 0, 0, 0, 0};
	*keymap_val(&s->roster, (int64_t)key, 0) = (int64_t)s->roster_n++;
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
	sql_st *st = store_st(s, q);
	sql_bind_text(st, 1, idno);
	m->ev = s->roster_nev;
	int rc;
	while ((rc = sql_step(st)) == SQL_ROW) {
		const char *at = sql_col_text(st, 0);
		const char *jo = sql_col_text(st, 1), *jn = sql_col_text(st, 2);
		char d[11];
		int day;
		if (!at || !jn || !strstr(jn, "\"org\"") || snprintf(d, sizeof d, "%.10s", at) != 10 || date_parse(d, &day))
			continue;
		json_t *o = jo ? json_loads(jo, 0, NULL) : NULL;
		const char *was = json_string_value(json_object_get(o, "org"));
		event_push(&s->roster_ev, &s->roster_nev, &s->roster_cap_ev, day, was && strcmp(was, org) == 0);
		json_decref(o);
	}
	sql_reset(st);
	m->nev = s->roster_nev - m->ev;
	return rc == SQL_DONE ? 0 : -1;
}

/* The members of org, loaded once for consecutive rows of one organisation: those lodged in it
 * today, and those with a completed transfer into or out of it (with those transfers). Members
 * lodged elsewhere whose history may place them in it are added when named (roster_find). */
static int roster_load(store *s, int64_t org)
{
	if (s->roster_org == org)
		return 0;
	store_roster_forget(s);
	static const char qn[] = "SELECT name, founded FROM org WHERE id = ?1";
	sql_st *st = store_st(s, qn);
	sql_bind_int64(st, 1, org);
	buf name = {0};
	if (sql_step(st) == SQL_ROW) {
		buf_puts(&name, sql_col_text(st, 0));
		const char *f = sql_col_text(st, 1);
		snprintf(s->roster_founded, sizeof s->roster_founded, "%s", f ? f : "");
	}
	sql_reset(st);
	static const char q[] = "SELECT idno, id, join_date, version, closed FROM member WHERE org_id = ?1";
	st = store_st(s, q);
	sql_bind_int64(st, 1, org);
	int rc, bad = 0;
	buf changed = {0}; /* members whose row changed since written: index (size_t), then ID number */
	while ((rc = sql_step(st)) == SQL_ROW) {
		const char *idno = sql_col_text(st, 0);
		struct roster_member *m =
			roster_add(s, idno, sql_col_int64(st, 1), sql_col_text(st, 2),
				   sql_col_text(st, 4), 1);
		if (m && sql_col_int64(st, 3) > 1) {
			size_t i = s->roster_n - 1;
			buf_add(&changed, &i, sizeof i);
			buf_add(&changed, idno, strlen(idno) + 1);
		}
	}
	sql_reset(st);
	bad |= rc != SQL_DONE;
	/* Their history, read after the scan (one statement at a time). */
	for (size_t off = 0; !bad && off < changed.len;) {
		size_t i;
		memcpy(&i, changed.p + off, sizeof i);
		const char *idno = changed.p + off + sizeof i;
		bad |= roster_history(s, &s->roster_v[i], idno, buf_cstr(&name));
		off += sizeof i + strlen(idno) + 1;
	}
	buf_free(&changed);
	static const char qt[] = "SELECT m.idno, m.id, m.join_date, tf.direction = '转入', tf.done_date, m.closed FROM transfer tf"
				 " JOIN member m ON m.id = tf.member_id WHERE tf.org_id = ?1 AND tf.done_date IS NOT NULL"
				 " ORDER BY m.idno, tf.done_date, tf.id";
	st = store_st(s, qt);
	sql_bind_int64(st, 1, org);
	while (!bad && (rc = sql_step(st)) == SQL_ROW) {
		const char *idno = sql_col_text(st, 0);
		int64_t at;
		struct roster_member *m = NULL;
		if (idno && keymap_get(&s->roster, (int64_t)ledger_idno_key(idno, strlen(idno)), 0, &at))
			m = &s->roster_v[at];
		else
			m = roster_add(s, idno, sql_col_int64(st, 1), sql_col_text(st, 2),
				       sql_col_text(st, 5), 0);
		int day;
		const char *done = sql_col_text(st, 4);
		if (!m || !done || date_parse(done, &day))
			continue;
		if (!m->ntf)
			m->tf = s->roster_ntf;
		else if (m->tf + m->ntf != s->roster_ntf)
			continue; /* rows of one member are consecutive (ORDER BY idno) */
		event_push(&s->roster_tf, &s->roster_ntf, &s->roster_cap_tf, day, (int)sql_col_int64(st, 3));
		m->ntf++;
	}
	sql_reset(st);
	bad |= rc != SQL_DONE && rc != SQL_ROW;
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
	uint64_t key = ledger_idno_key(idno, strlen(idno));
	if (!key)
		return NULL; /* not a canonical number: no member's */
	if (keymap_get(&s->roster, (int64_t)key, 0, &at))
		return &s->roster_v[at];
	static const char q[] = "SELECT m.id, m.join_date, m.version, o.name, m.closed FROM member m, org o"
				" WHERE m.idno = ?1 AND o.id = ?2";
	sql_st *st = store_st(s, q);
	sql_bind_text(st, 1, idno);
	sql_bind_int64(st, 2, s->roster_org);
	struct roster_member *m = NULL;
	char *org = NULL;
	int rc = sql_step(st);
	if (rc == SQL_ROW && sql_col_int64(st, 2) > 1) {
		m = roster_add(s, idno, sql_col_int64(st, 0), sql_col_text(st, 1),
			       sql_col_text(st, 4), 0);
		org = xstrdup(sql_col_text(st, 3));
	}
	sql_reset(st);
	if (rc != SQL_ROW && rc != SQL_DONE)
		*failed = 1;
	if (m && roster_history(s, m, idno, org))
		*failed = 1;
	free(org);
	return m;
}

/* The ID number leading a list item into id; 0 when the check has already failed or the item is
 * too short to hold one (the list parser made sure each item starts with one). */
int store_org_members_on(store *s, int64_t org, int day, int (*fn)(void *ctx, int64_t member), void *ctx, fg_err *e)
{
	if (store_read_begin(s, e))
		return FG_EFAIL;
	store_roster_forget(s);
	int failed = roster_load(s, org) != 0;
	/* Members lodged elsewhere today who may have been in org on the day: their 所在党组织 changed
	 * after it (roster_find reads their history and keeps those it places in the roster). */
	static const char q[] = "SELECT DISTINCT key FROM history WHERE tbl = 'member' AND op = 'update' AND at >= ?1"
				" AND new LIKE '%\"org\"%'";
	char d[11];
	date_format(day, d);
	buf keys = {0};
	if (!failed) {
		sql_st *st = store_st(s, q);
		sql_bind_text_copy(st, 1, d, -1);
		int rc;
		while ((rc = sql_step(st)) == SQL_ROW) {
			const char *k = sql_col_text(st, 0);
			if (k && strlen(k) == 18)
				buf_add(&keys, k, 18);
		}
		sql_reset(st);
		failed = rc != SQL_DONE;
	}
	for (size_t off = 0; !failed && off < keys.len; off += 18) {
		char idno[19];
		memcpy(idno, keys.p + off, 18);
		idno[18] = '\0';
		roster_find(s, idno, &failed);
	}
	buf_free(&keys);
	int ret = 0;
	for (size_t i = 0; !failed && !ret && i < s->roster_n; i++)
		if (roster_in_on(s, &s->roster_v[i], day))
			ret = fn(ctx, s->roster_v[i].id);
	store_roster_forget(s); /* the writer's cache is for one transaction */
	store_read_end(s);
	if (failed)
		return db_err(s, e, "读取党组织在当日的党员");
	return ret;
}

static int item_idno(const members_check *mc, const char *item, size_t len, char id[19])
{
	if (mc->bad.len || len < 18)
		return 0;
	memcpy(id, item, 18);
	id[18] = '\0';
	return 1;
}

/* A member of the organisation on the date (roster_in_on) who had joined the party by then; the
 * organisation's roster is loaded (party_meeting_rules). */
static void member_item(void *p, const char *item, size_t len)
{
	members_check *mc = p;
	char id[19];
	if (!item_idno(mc, item, len, id))
		return;
	int failed = 0;
	struct roster_member *m = roster_find(mc->s, id, &failed);
	if (failed) {
		buf_puts(&mc->bad, "读取党员名册失败");
		return;
	}
	if (!m || !roster_in_on(mc->s, m, mc->day))
		buf_printf(&mc->bad,
			   "%s 在 %s 不是该党组织的党员（按党员名册、其变更历史和组织关系转接记录，当日不在该党组织，"
			   "或入党日期晚于活动日期）", id, mc->date);
	else if (mc->ids)
		idvec_add(mc->ids, m->id);
}

/* Items of a canonical list ("A；B", each led by an ID number). */
static void each_item(const char *list, void (*fn)(void *, const char *, size_t), void *ctx)
{
	static const char SEP[] = "；";
	for (const char *p = list; p && *p;) {
		const char *n = p;
		while ((n = strchr(n, SEP[0])) && memcmp(n, SEP, 3) != 0)
			n++;
		fn(ctx, p, n ? (size_t)(n - p) : strlen(p));
		if (!n)
			break;
		p = n + 3;
	}
}

int party_meeting_rules(store *s, const ledger_rec *rec, const int64_t *ids, idvec *attendees, int *bad_col,
			fg_err *e)
{
	/* The organisation's row is read with its roster, once for consecutive rows of it. */
	if (roster_load(s, ids[0]))
		return db_err(s, e, "读取党员名册");
	if (strcmp(rec->f[MT_DATE], s->roster_founded) < 0) {
		*bad_col = MT_DATE;
		return err_set(e, FG_EINPUT, "日期早于党组织成立日期（%s）", s->roster_founded);
	}
	static const int cols[] = {MT_ATTENDEES, MT_ABSENTEES};
	int day = DATE_NONE;
	if (!rec->f[MT_ATTENDEES] && !rec->f[MT_ABSENTEES])
		return FG_OK;
	if (date_parse(rec->f[MT_DATE], &day)) { /* canonical already: never */
		*bad_col = MT_DATE;
		return err_set(e, FG_EINPUT, "日期无法识别");
	}
	for (int i = 0; i < 2; i++) {
		members_check mc = {s, rec->f[MT_DATE], day, i == 0 ? attendees : NULL, {0}};
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

/* 姓名 must be the member's; an empty one is the member's (so the row compares as it exports):
 * the check of party_member_name_rules on the name already read. */
static int name_agrees(ledger_rec *rec, int col, buf *name, int *bad_col, fg_err *e)
{
	if (rec->f[col] && strcmp(rec->f[col], buf_cstr(name)) != 0) {
		*bad_col = col;
		return err_set(e, FG_EINPUT, "与党员名册中该公民身份号码的姓名“%s”不一致", buf_cstr(name));
	}
	rec->f[col] = buf_cstr(name);
	return FG_OK;
}

/* A 姓名 column beside a member's ID number agrees with the roster; empty, it takes the roster's. */
int party_member_name_rules(store *s, ledger_rec *rec, int col, int64_t member, buf *name, int *bad_col, fg_err *e)
{
	static const char q[] = "SELECT name FROM member WHERE id = ?1";
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, member);
	if (sql_step(st) == SQL_ROW)
		buf_puts(name, sql_col_text(st, 0));
	sql_reset(st);
	return name_agrees(rec, col, name, bad_col, e);
}

static int day_of(const char *s)
{
	int d;
	return s && date_parse(s, &d) == 0 ? d : DATE_NONE;
}

/* No two terms of one organisation share a day (life.h's rule), against every stored term —
 * the rows of this file written before it included. */
int party_secretary_rules(store *s, const ledger_rec *rec, const int64_t *ids, int *bad_col, fg_err *e)
{
	sec_term t[64];
	char since[64][11];
	size_t n = 0;
	t[n].start = day_of(rec->f[SE_SINCE]);
	t[n].end = day_of(rec->f[SE_UNTIL]);
	n++;
	static const char q[] = "SELECT since, until FROM secretary WHERE org_id = ?1 AND since <> ?2 ORDER BY since";
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, ids[0]);
	sql_bind_text(st, 2, rec->f[SE_SINCE]);
	while (n < 64 && sql_step(st) == SQL_ROW) {
		const char *a = sql_col_text(st, 0), *b = sql_col_text(st, 1);
		snprintf(since[n], sizeof since[n], "%s", a);
		t[n].start = day_of(a);
		t[n].end = day_of(b);
		n++;
	}
	sql_reset(st);
	size_t i, j;
	if (secretary_overlap(t, n, &i, &j) && i == 0) {
		*bad_col = rec->f[SE_UNTIL] ? SE_UNTIL : SE_SINCE;
		return err_set(e, FG_EINPUT, "任期与该党组织 %s 起任职的书记重叠（同一时间只能有一名书记）", since[j]);
	}
	return FG_OK;
}

/* The current secretary is the orgs ledger's 书记姓名: it follows, with its own history entry. */
int party_secretary_follow(store *s, const ledger_rec *rec, const int64_t *ids, int today, fg_err *e)
{
	if (!secretary_current(day_of(rec->f[SE_SINCE]), day_of(rec->f[SE_UNTIL]), today))
		return FG_OK;
	static const char q[] = "SELECT secretary FROM org WHERE id = ?1";
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, ids[0]);
	char *old = NULL;
	if (sql_step(st) == SQL_ROW && sql_col_type(st, 0) != SQL_NULL)
		old = xstrdup(sql_col_text(st, 0));
	sql_reset(st);
	int rc = FG_OK;
	if (!old || strcmp(old, rec->f[SE_NAME]) != 0) {
		static const char u[] = "UPDATE org SET version = version + 1, secretary = ?2 WHERE id = ?1";
		st = store_st(s, u);
		sql_bind_int64(st, 1, ids[0]);
		sql_bind_text(st, 2, rec->f[SE_NAME]);
		if (sql_step(st) != SQL_DONE) {
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
	sql_st *st = store_st(mc->s, q);
	sql_bind_text(st, 1, id);
	sql_bind_text(st, 2, mc->date);
	int ok = sql_step(st) == SQL_ROW;
	sql_reset(st);
	if (!ok)
		buf_printf(&mc->bad, "培养联系人 %s 在 %s 不是正式党员（党员名册中没有，或尚未转正）", id, mc->date);
}

int party_development_rules(store *s, const ledger_rec *rec, int today, int *bad_col, fg_err *e)
{
	char d[11];
	if (rec->f[DV_ACTIVIST])
		snprintf(d, sizeof d, "%s", rec->f[DV_ACTIVIST]);
	else
		date_format(today, d);
	members_check mc = {s, d, 0, NULL, {0}};
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
int party_development_follow(store *s, const ledger_rec *rec, int today, int *bad_col, fg_err *e)
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
int party_transfer_follow(store *s, const ledger_rec *rec, int today, int *bad_col, fg_err *e)
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
int party_dues_rules(ledger_rec *rec, party_held *member, char due[24], int *bad_col, fg_err *e)
{
	/* The name and the join date as the member's resolution read them (no read of their own: a
	 * round trip a dues row on PostgreSQL, and on one partitioned by district a scan of every
	 * district's members). */
	int joined = member->joined, month = 0;
	int rc = name_agrees(rec, DU_NAME, &member->name, bad_col, e);
	if (rc)
		return rc;
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
int party_visit_rules(store *s, const ledger_rec *rec, const int64_t *ids, int *bad_col, fg_err *e)
{
	static const char q[] = "SELECT 1 FROM assignment WHERE instructor_id = ?1 AND enterprise_id = ?2"
				" AND start_date <= ?3 AND (end_date IS NULL OR end_date > ?3)";
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, ids[0]);
	sql_bind_int64(st, 2, ids[1]);
	sql_bind_text(st, 3, rec->f[VI_DATE]);
	int ok = sql_step(st) == SQL_ROW;
	sql_reset(st);
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
int party_campaign_rules(store *s, ledger_rec *rec, int64_t *ids, buf *canon, int *bad_col, fg_err *e)
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
				" sum(CASE WHEN CAST(?2 AS BIGINT) IS NULL OR c.id = ?2 OR c.parent_id = ?2 THEN 0 ELSE 1 END) FROM task tk JOIN campaign cp"
				" ON cp.id = tk.campaign_id JOIN enterprise e ON e.id = tk.enterprise_id"
				" JOIN region c ON c.id = e.community_id WHERE cp.name = ?1";
	sql_st *st = store_st(s, q);
	sql_bind_text(st, 1, rec->f[CP_NAME]);
	if (ids[0])
		sql_bind_int64(st, 2, ids[0]);
	sql_bind_text(st, 3, rec->f[CP_START]);
	int rc = FG_OK;
	if (sql_step(st) == SQL_ROW && sql_col_int64(st, 0) > 0) {
		if (sql_col_int64(st, 2) > 0) {
			*bad_col = CP_RANGE;
			rc = err_set(e, FG_EINPUT, "已有 %lld 个排查任务的企业不在新的范围内，不能这样缩小范围",
				     (long long)sql_col_int64(st, 2));
		} else if (sql_col_type(st, 1) != SQL_NULL) {
			*bad_col = CP_START;
			rc = err_set(e, FG_EINPUT, "已有排查任务在 %s 完成，开始日期不能晚于它", sql_col_text(st, 1));
		}
	}
	sql_reset(st);
	return rc;
}

/* A task's enterprise lies in its campaign's region, and it is not completed before the
 * campaign started. */
int party_task_rules(store *s, const ledger_rec *rec, const int64_t *ids, int *bad_col, fg_err *e)
{
	static const char q[] = "SELECT cp.start_date, " "CASE WHEN cr.level = 'community' THEN crp.name || '/' || cr.name"
				" ELSE cr.name END, (SELECT cp.region_id IS NULL OR c.id = cp.region_id OR c.parent_id = cp.region_id"
				" FROM enterprise e JOIN region c ON c.id = e.community_id WHERE e.id = ?2)"
				LEDGER_CP_FROM " WHERE cp.id = ?1";
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, ids[0]);
	sql_bind_int64(st, 2, ids[1]);
	int rc = FG_OK;
	if (sql_step(st) == SQL_ROW) {
		const char *start = sql_col_text(st, 0);
		if (!(int)sql_col_int64(st, 2)) {
			*bad_col = TK_USCC;
			rc = err_set(e, FG_EINPUT, "企业不在排查范围（%s）内", sql_col_text(st, 1));
		} else if (rec->f[TK_DONE] && strcmp(rec->f[TK_DONE], start) < 0) {
			*bad_col = TK_DONE;
			rc = err_set(e, FG_EINPUT, "完成日期早于排查开始日期（%s）", start);
		}
	}
	sql_reset(st);
	return rc;
}

/* Each ID number of a designation's 党员 is a member employed by its enterprise (ent): the post or
 * area is that enterprise's, so are the members who hold it. Their ids go to want. */
int party_designation_rules(store *s, const ledger_rec *rec, int64_t ent, idvec *want, int *bad_col, fg_err *e)
{
	static const char q[] = "SELECT m.id, m.name, coalesce(m.employer_id, 0), (SELECT name FROM enterprise WHERE id = ?2)"
				" FROM member m WHERE m.idno = ?1";
	int rc = FG_OK;
	for (const char *p = rec->f[DG_MEMBERS]; !rc && p && *p;) {
		const char *n = strstr(p, "；");
		char id[19];
		snprintf(id, sizeof id, "%.18s", p);
		sql_st *st = store_st(s, q);
		sql_bind_text(st, 1, id);
		sql_bind_int64(st, 2, ent);
		if (sql_step(st) != SQL_ROW)
			rc = err_set(e, FG_EINPUT, "公民身份号码 %s 不在党员名册中（请先导入党员名册）", id);
		else if (sql_col_int64(st, 2) != ent)
			rc = err_set(e, FG_EINPUT, "党员%s不在企业%s工作（党员名册中的工作单位不是该企业）",
				     sql_col_text(st, 1), sql_col_text(st, 3));
		else
			idvec_add(want, sql_col_int64(st, 0));
		sql_reset(st);
		p = n ? n + 3 : NULL;
	}
	if (rc)
		*bad_col = DG_MEMBERS;
	return rc;
}

/* Makes the members of designation id exactly want (distinct: the list parser refuses repeats). */
int party_sync_designation_members(store *s, int64_t id, int fresh, const idvec *want, fg_err *e)
{
	sql_st *st;
	if (!fresh) {
		st = store_st(s, "DELETE FROM designation_member WHERE designation_id = ?1");
		sql_bind_int64(st, 1, id);
		if (sql_step(st) != SQL_DONE)
			return db_err(s, e, "更新亮身份党员");
	}
	for (size_t i = 0; i < want->n; i++) {
		st = store_st(s, "INSERT INTO designation_member(designation_id, member_id) VALUES (?1, ?2)");
		sql_bind_int64(st, 1, id);
		sql_bind_int64(st, 2, want->v[i]);
		if (sql_step(st) != SQL_DONE)
			return db_err(s, e, "更新亮身份党员");
	}
	return FG_OK;
}

