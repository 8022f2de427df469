/* The ledgers as recorded at the end of a day: see asrecorded.h.
 *
 * The history's entries are replayed in order (history id) into a fresh database:
 *  - a ledger row's insert carries every field, an update the changed ones: the row as it was is
 *    kept (as JSON, in a scratch table of the new database) and each entry is applied to it and
 *    written with store_put on the entry's day, so coverage links, assignments and every rule that
 *    depends on "today" see the day the write happened;
 *  - streets, communities and zones are created, renamed, merged and removed by places.h, the
 *    district renamed, settings set, cross-match decisions recorded as the entries say;
 *  - entries that change nothing the figures read (views, logins, exports, users) are skipped.
 * Each replayed write is dated, signed and sourced like the entry, so the new database's history
 * is the old one's up to that day (the figures on an earlier date read it). */
#include "store/asrecorded.h"
#include "store/finding_store.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "store/places.h"
#include "store/store_int.h"
#include "util/buf.h"
#include "util/date.h"

/* The scratch table: each ledger row as the history knows it (JSON of its canonical fields). */
static const char STATE_CREATE[] = "CREATE TABLE asrec_state (tbl TEXT NOT NULL, key TEXT NOT NULL, rec TEXT NOT NULL,"
				   " PRIMARY KEY (tbl, key))";
static const char STATE_DROP[] = "DROP TABLE asrec_state";
static const char STATE_GET[] = "SELECT rec FROM asrec_state WHERE tbl = ?1 AND key = ?2";
static const char STATE_PUT[] = "INSERT INTO asrec_state(tbl, key, rec) VALUES (?1, ?2, ?3)"
				" ON CONFLICT (tbl, key) DO UPDATE SET rec = excluded.rec";
static const char STATE_DEL[] = "DELETE FROM asrec_state WHERE tbl = ?1 AND key = ?2";
static const char STATE_CLEAR[] = "DELETE FROM asrec_state";

typedef struct replay {
	store *dst;
	fg_err *e;
	strmap updated; /* "tbl\x1fkey" of the rows the replayed entries update: only their state is kept */
} replay;

static int is_updated(const replay *r, const char *tbl, const char *key)
{
	buf k = {0};
	buf_printf(&k, "%s\x1f%s", tbl, key);
	int64_t v;
	int found = strmap_get(&r->updated, k.p, k.len, &v);
	buf_free(&k);
	return found;
}

static int state_put(store *d, const char *tbl, const char *key, const char *rec, fg_err *e)
{
	sql_st *st = store_st(d, STATE_PUT);
	sql_bind_text(st, 1, tbl);
	sql_bind_text(st, 2, key);
	sql_bind_text(st, 3, rec);
	int rc = sql_step(st) == SQL_DONE ? FG_OK : db_err(d, e, "重现历史");
	sql_reset(st);
	return rc;
}

static int state_del(store *d, const char *tbl, const char *key, fg_err *e)
{
	sql_st *st = store_st(d, STATE_DEL);
	sql_bind_text(st, 1, tbl);
	sql_bind_text(st, 2, key);
	int rc = sql_step(st) == SQL_DONE ? FG_OK : db_err(d, e, "重现历史");
	sql_reset(st);
	return rc;
}

/* The row's JSON, or NULL when the history has not recorded it (caller decrefs). */
static json_t *state_get(store *d, const char *tbl, const char *key)
{
	sql_st *st = store_st(d, STATE_GET);
	sql_bind_text(st, 1, tbl);
	sql_bind_text(st, 2, key);
	json_t *o = NULL;
	if (sql_step(st) == SQL_ROW)
		o = json_loads(sql_col_text(st, 0), 0, NULL);
	sql_reset(st);
	if (o && !json_is_object(o)) {
		json_decref(o);
		o = NULL;
	}
	return o;
}


static const char *jstr(json_t *o, const char *field)
{
	return json_string_value(json_object_get(o, field));
}

static void rec_of_json(const ledger_def *def, json_t *o, ledger_rec *r)
{
	memset(r, 0, sizeof *r);
	for (size_t i = 0; i < def->ncols; i++)
		r->f[i] = jstr(o, def->cols[i].key);
}

static ledger_kind kind_of_table(const char *tbl)
{
	for (int k = 0; k < LEDGER_NKINDS; k++)
		if (strcmp(ledger_get((ledger_kind)k)->record, tbl) == 0)
			return (ledger_kind)k;
	return LEDGER_NKINDS;
}

/* ---- after a place changed: every row read back as it now is ---- */

typedef struct refill {
	store *d;
	const ledger_def *def;
	fg_err *e;
} refill;

static int refill_row(void *ctx, const ledger_rec *rec)
{
	refill *rf = ctx;
	json_t *o = json_object();
	for (size_t i = 0; i < rf->def->ncols; i++)
		json_object_set_new(o, rf->def->cols[i].key, rec->f[i] ? json_string(rec->f[i]) : json_null());
	char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	buf key = {0};
	ledger_key(rf->def, rec, '/', &key);
	int rc = state_put(rf->d, rf->def->record, buf_cstr(&key), text, rf->e);
	buf_free(&key);
	free(text);
	return rc;
}

/* A rename or a merge changes the names the rows refer to without an entry per row: the rows are
 * read back from the new database, as the next update of one of them would have found it. */
static int refill_all(store *d, fg_err *e)
{
	sql_st *st = store_st(d, STATE_CLEAR);
	int rc = sql_step(st) == SQL_DONE ? FG_OK : db_err(d, e, "重现历史");
	sql_reset(st);
	for (int k = 0; k < LEDGER_NKINDS && !rc; k++) {
		refill rf = {d, ledger_get((ledger_kind)k), e};
		rc = store_each(d, rf.def, NULL, refill_row, &rf, e);
	}
	return rc;
}

/* ---- one entry ---- */

static int replay_ledger(replay *r, ledger_kind k, const char *key, const char *op, const char *old_json,
			 const char *new_json, int today)
{
	store *d = r->dst;
	const ledger_def *def = ledger_get(k);
	const char *tbl = ledger_get(k)->record;
	if (strcmp(op, "delete") == 0) {
		/* Only roster lines and rubric items are ever deleted (a roster or a rubric replaced). */
		static const char del_roster[] = "SELECT id FROM roster_line WHERE idno = ?2"
						 " AND enterprise_id = (SELECT id FROM enterprise WHERE uscc = ?1)";
		static const char del_rubric[] = "DELETE FROM rubric_item WHERE year = CAST(?1 AS INTEGER) AND indicator = ?2";
		if (k != LEDGER_ROSTERS && k != LEDGER_RUBRIC)
			return err_set(r->e, FG_EFAIL, "不支持删除这类记录");
		const char *slash = strchr(key, '/');
		if (!slash)
			return err_set(r->e, FG_EFAIL, "记录键无法识别");
		char *first = xstrdup(key);
		first[slash - key] = '\0';
		sql_st *st = store_st(d, k == LEDGER_ROSTERS ? del_roster : del_rubric);
		sql_bind_text(st, 1, first);
		sql_bind_text(st, 2, slash + 1);
		int rc = FG_OK;
		if (k == LEDGER_ROSTERS) {
			int found = sql_step(st) == SQL_ROW;
			int64_t id = found ? sql_col_int64(st, 0) : 0;
			sql_reset(st);
			rc = found ? roster_line_delete(d, id, r->e) : FG_OK;
		} else {
			rc = sql_step(st) == SQL_DONE ? FG_OK : db_err(d, r->e, "重现删除");
			sql_reset(st);
		}
		free(first);
		rc = rc ? rc : store_hist(d, tbl, key, "delete", old_json, NULL, r->e);
		return rc ? rc : state_del(d, tbl, key, r->e);
	}
	if (k == LEDGER_ORGS && strcmp(op, "update") == 0) {
		/* A rename (store_org_rename): logged under the new name, its old value the old name. */
		json_t *o = store_json_object(old_json), *n = store_json_object(new_json);
		const char *from = jstr(o, "name"), *to = jstr(n, "name");
		int rc = FG_OK, renamed = from && to && strcmp(to, key) == 0 && strcmp(from, key) != 0, changed;
		if (renamed) {
			rc = store_org_rename(d, from, to, &changed, r->e);
			rc = rc ? rc : refill_all(d, r->e);
		}
		json_decref(o);
		json_decref(n);
		if (renamed)
			return rc;
	}
	json_t *row;
	if (strcmp(op, "insert") == 0) {
		row = store_json_object(new_json);
		if (!row)
			return err_set(r->e, FG_EFAIL, "新增记录的内容无法读取");
	} else {
		row = state_get(d, tbl, key);
		json_t *change = store_json_object(new_json);
		if (!row || !change) {
			json_decref(row);
			json_decref(change);
			return err_set(r->e, FG_EFAIL, "历史中没有这条记录此前的版本");
		}
		json_object_update(row, change);
		json_decref(change);
	}
	ledger_rec rec;
	rec_of_json(def, row, &rec);
	put_result res;
	int bad_col;
	int rc = store_put(d, def, &rec, today, &res, &bad_col, r->e);
	if (!rc && is_updated(r, tbl, key)) {
		char *text = json_dumps(row, JSON_COMPACT | JSON_PRESERVE_ORDER);
		rc = state_put(d, tbl, key, text, r->e);
		free(text);
	}
	json_decref(row);
	return rc;
}

static int replay_place(replay *r, const char *tbl, const char *key, const char *op, const char *new_json)
{
	store *d = r->dst;
	int zone = strcmp(tbl, "zone") == 0;
	json_t *n = store_json_object(new_json);
	int rc;
	if (!zone && strcmp(key, "1") == 0) {
		rc = jstr(n, "name") ? store_district_rename(d, jstr(n, "name"), r->e)
				     : err_set(r->e, FG_EFAIL, "区名无法读取");
		json_decref(n);
		return rc;
	}
	place_kind k = zone ? PLACE_ZONE : strchr(key, '/') ? PLACE_COMMUNITY : PLACE_STREET;
	if (strcmp(op, "insert") == 0) {
		const char *name = jstr(n, "name");
		char *street = NULL;
		if (k == PLACE_COMMUNITY) {
			street = xstrdup(key);
			*strchr(street, '/') = '\0';
		}
		rc = name ? store_place_add(d, k, street, name, zone ? jstr(n, "kind") : NULL, r->e)
			  : err_set(r->e, FG_EFAIL, "地点名称无法读取");
		free(street);
		json_decref(n);
		return rc;
	}
	if (strcmp(op, "update") == 0)
		rc = jstr(n, "name") ? store_place_rename(d, k, key, jstr(n, "name"), r->e)
				     : err_set(r->e, FG_EFAIL, "新名称无法读取");
	else if (jstr(n, "merged_into"))
		rc = store_place_merge(d, k, key, jstr(n, "merged_into"), r->e);
	else
		rc = store_place_remove(d, k, key, r->e);
	json_decref(n);
	return rc ? rc : refill_all(d, r->e);
}

static int replay_decision(replay *r, const char *key, const char *new_json)
{
	static const char put[] = CROSSMATCH_DECISION_PUT;
	static const char *const KEYS[] = {CROSSMATCH_DECISION_KEYS};
	store *d = r->dst;
	json_t *n = store_json_object(new_json);
	const char *slash = strchr(key, '/');
	if (!n || !slash) {
		json_decref(n);
		return err_set(r->e, FG_EFAIL, "比对结论无法读取");
	}
	char *uscc = xstrdup(key);
	uscc[slash - key] = '\0';
	sql_st *st = store_st(d, put);
	sql_bind_text(st, 1, uscc);
	sql_bind_text(st, 2, slash + 1);
	for (int i = 0; i < 6; i++)
		sql_bind_text(st, i + 3, jstr(n, KEYS[i]));
	int rc = sql_step(st) == SQL_DONE ? FG_OK : db_err(d, r->e, "重现比对结论");
	sql_reset(st);
	free(uscc);
	json_decref(n);
	return rc;
}

/* The entry's writer, moment and source become the new database's. */
static void sign_as(store *d, const char *at, const char *who, const char *source)
{
	snprintf(d->now, sizeof d->now, "%s", at);
	free(d->who);
	d->who = xstrdup(who ? who : "未知");
	free(d->source);
	d->source = source ? xstrdup(source) : NULL;
}

static int replay_one(replay *r, const char *at, const char *tbl, const char *key, const char *op,
		      const char *old_json, const char *new_json)
{
	if (strcmp(op, "view") == 0)
		return FG_OK;
	int today;
	char day[11];
	snprintf(day, sizeof day, "%s", at);
	if (date_parse(day, &today) != 0)
		return err_set(r->e, FG_EFAIL, "时间无法识别");
	ledger_kind k = kind_of_table(tbl);
	if (k != LEDGER_NKINDS)
		return replay_ledger(r, k, key, op, old_json, new_json, today);
	if (strcmp(tbl, "region") == 0 || strcmp(tbl, "zone") == 0)
		return replay_place(r, tbl, key, op, new_json);
	if (strcmp(tbl, "setting") == 0) {
		json_t *n = store_json_object(new_json);
		int rc = jstr(n, "value") ? store_setting_set(r->dst, key, jstr(n, "value"), r->e) : FG_OK;
		json_decref(n);
		return rc;
	}
	if (strcmp(tbl, "crossmatch") == 0)
		return replay_decision(r, key, new_json);
	if (strcmp(tbl, "finding") == 0) { /* a follow-up state: set, changed, or cleared (delete) */
		json_t *n = strcmp(op, "delete") == 0 ? NULL : store_json_object(new_json);
		if (strcmp(op, "delete") != 0 && (!jstr(n, "state") || !jstr(n, "day"))) {
			json_decref(n);
			return err_set(r->e, FG_EFAIL, "整改状态无法读取");
		}
		int rc = store_finding_state_write(r->dst, key, n ? jstr(n, "state") : NULL, n ? jstr(n, "note") : NULL,
						   n && jstr(n, "who") ? jstr(n, "who") : "", n ? jstr(n, "day") : "", r->e);
		json_decref(n);
		return rc;
	}
	/* Users, logins, checks, exports, backups: nothing the ledgers or the figures hold. */
	return FG_OK;
}

int store_as_recorded(store *src, int day, store **out, fg_err *e)
{
	*out = NULL;
	store *d;
	/* "": SQLite's private temporary database, removed when closed. */
	int rc = store_open("", &d, e);
	if (rc)
		return rc;
	rc = store_begin(d, "历史重现", NULL, e);
	if (rc) {
		store_close(d);
		return rc;
	}
	store_bulk(d);
	store_bulk_write(d); /* every row is written */
	if (sql_exec(d->sql, STATE_CREATE) != SQL_OK)
		rc = db_err(d, e, "重现历史");
	static const char q[] = "SELECT at, who, tbl, key, op, old, new, source FROM history WHERE at < ?1 ORDER BY id";
	char next[11], dtext[11];
	date_format(day + 1, next);
	date_format(day, dtext);
	rc = rc ? rc : store_read_begin(src, e);
	replay r = {d, e, {0}};
	if (!rc) {
		static const char uq[] = "SELECT DISTINCT tbl, key FROM history WHERE op = 'update' AND at < ?1";
		sql_st *st = store_st(src, uq);
		sql_bind_text(st, 1, next);
		buf k = {0};
		while (sql_step(st) == SQL_ROW) {
			buf_reset(&k);
			buf_printf(&k, "%s\x1f%s", sql_col_text(st, 0), sql_col_text(st, 1));
			strmap_put(&r.updated, k.p, k.len, 1);
		}
		sql_reset(st);
		buf_free(&k);
	}
	if (!rc) {
		sql_st *st = store_st(src, q);
		sql_bind_text(st, 1, next);
		int step = SQL_DONE;
		while (!rc && (step = sql_step(st)) == SQL_ROW) {
			const char *at = sql_col_text(st, 0);
			const char *tbl = sql_col_text(st, 2);
			const char *key = sql_col_text(st, 3);
			const char *op = sql_col_text(st, 4);
			sign_as(d, at, sql_col_text(st, 1), sql_col_text(st, 7));
			fg_err why;
			r.e = &why;
			rc = replay_one(&r, at, tbl, key, op, sql_col_text(st, 5),
					sql_col_text(st, 6));
			if (rc)
				rc = err_set(e, FG_EFAIL, "无法按变更历史重现 %s 的台账：%s 时的记录（%s %s，%s）不能重做：%s",
					     dtext, at, tbl, key, op, why.msg);
		}
		if (!rc && step != SQL_DONE)
			rc = db_err(src, e, "读取历史记录");
		sql_reset(st);
		store_read_end(src);
	}
	strmap_free(&r.updated);
	if (!rc && sql_exec(d->sql, STATE_DROP) != SQL_OK)
		rc = db_err(d, e, "重现历史");
	rc = rc ? rc : store_commit(d, e);
	if (rc) {
		store_rollback(d);
		store_close(d);
		return rc;
	}
	*out = d;
	return FG_OK;
}
