/* The findings' subjects and follow-up states (finding_store.h). */
#include "store/finding_store.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "store/scope_sql.h"
#include "store/store_int.h"
#include "util/date.h"

static const char *txt(sqlite3_stmt *st, int i)
{
	const char *v = (const char *)sqlite3_column_text(st, i);
	return v ? v : "";
}

/* Street and community of community (or street) region id. */
static void place_of(store *s, int64_t region, buf *street, buf *community)
{
	static const char q[] = "SELECT r.level, r.name, p.name FROM region r LEFT JOIN region p ON p.id = r.parent_id"
				" WHERE r.id = ?1";
	sqlite3_stmt *st = store_stmt(s, q);
	sqlite3_bind_int64(st, 1, region);
	if (sqlite3_step(st) == SQLITE_ROW) {
		if (strcmp(txt(st, 0), "community") == 0) {
			buf_puts(street, txt(st, 2));
			buf_puts(community, txt(st, 1));
		} else if (strcmp(txt(st, 0), "street") == 0) {
			buf_puts(street, txt(st, 1));
		}
	}
	sqlite3_reset(st);
}

static int64_t ent_community(store *s, int64_t id)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT community_id FROM enterprise WHERE id = ?1");
	sqlite3_bind_int64(st, 1, id);
	int64_t c = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return c;
}

int64_t store_finding_subject(store *s, finding_kind kind, int64_t id, const char *natural, int64_t ent,
			      buf *natural_out, buf *street, buf *community)
{
	static const char *const Q_ID[] = {
		[FK_ENT] = "SELECT id, uscc, community_id, 0 FROM enterprise WHERE id = ?1",
		[FK_ORG] = "SELECT id, name, coalesce(community_id, street_id), 0 FROM org WHERE id = ?1",
		[FK_MEMBER] = "SELECT m.id, m.idno, e.community_id, m.org_id FROM member m"
			      " LEFT JOIN enterprise e ON e.id = m.employer_id WHERE m.id = ?1",
		[FK_INSTRUCTOR] = "SELECT id, name || '/' || unit, unit_region_id, 0 FROM instructor WHERE id = ?1",
	};
	static const char *const Q_KEY[] = {
		[FK_ENT] = "SELECT id, uscc, community_id, 0 FROM enterprise WHERE uscc = ?2",
		[FK_ORG] = "SELECT id, name, coalesce(community_id, street_id), 0 FROM org WHERE name = ?2",
		[FK_MEMBER] = "SELECT m.id, m.idno, e.community_id, m.org_id FROM member m"
			      " LEFT JOIN enterprise e ON e.id = m.employer_id WHERE m.idno = ?2",
		[FK_INSTRUCTOR] = "SELECT id, name || '/' || unit, unit_region_id, 0 FROM instructor"
				  " WHERE name || '/' || unit = ?2",
	};
	int64_t found = 0, region = 0, org = 0;
	if (kind != FK_DISTRICT && (id > 0 || natural)) {
		sqlite3_stmt *st = store_stmt(s, id > 0 ? Q_ID[kind] : Q_KEY[kind]);
		sqlite3_bind_int64(st, 1, id);
		bind_text(st, 2, natural);
		if (sqlite3_step(st) == SQLITE_ROW) {
			found = sqlite3_column_int64(st, 0);
			if (!natural)
				buf_puts(natural_out, txt(st, 1));
			region = sqlite3_column_int64(st, 2);
			org = sqlite3_column_int64(st, 3);
		}
		sqlite3_reset(st);
	}
	if (natural)
		buf_puts(natural_out, natural);
	if (!region && org) {
		/* A member without an employer: the place of the organisation holding the relation. */
		sqlite3_stmt *st = store_stmt(s, "SELECT coalesce(community_id, street_id) FROM org WHERE id = ?1");
		sqlite3_bind_int64(st, 1, org);
		if (sqlite3_step(st) == SQLITE_ROW)
			region = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	if (!region && ent > 0)
		region = ent_community(s, ent);
	if (region)
		place_of(s, region, street, community);
	return found;
}

int store_finding_in_scope(store *s, const store_filter *scope, finding_kind kind, int64_t id, int64_t ent)
{
	static const char *const Q[] = {
		[FK_DISTRICT] = "SELECT " SCOPE_DISTRICT("?1", "?2"),
		[FK_ENT] = "SELECT EXISTS (SELECT 1 FROM enterprise e JOIN region c ON c.id = e.community_id"
			   " WHERE e.id = ?3 AND " SCOPE_ENT("?1", "?2") ")",
		[FK_ORG] = "SELECT EXISTS (SELECT 1 FROM org o WHERE o.id = ?3 AND " SCOPE_ORG("?1", "?2") ")",
		[FK_MEMBER] = "SELECT EXISTS (SELECT 1 FROM member m WHERE m.id = ?3 AND " SCOPE_MEM("?1", "?2") ")",
		[FK_INSTRUCTOR] = "SELECT EXISTS (SELECT 1 FROM instructor i LEFT JOIN region r ON r.id = i.unit_region_id"
				  " WHERE i.id = ?3 AND " SCOPE_INS("?1", "?2") ")",
	};
	if (kind != FK_DISTRICT && id <= 0) {
		/* A person without a member record: by the enterprise the finding names. */
		if (ent <= 0)
			return 0;
		kind = FK_ENT;
		id = ent;
	}
	sqlite3_stmt *st = store_stmt(s, Q[kind]);
	sqlite3_bind_int64(st, 1, scope ? scope->region_id : 0);
	sqlite3_bind_int64(st, 2, scope ? scope->org_id : 0);
	sqlite3_bind_int64(st, 3, id);
	int in = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	/* A finding about an enterprise of the scope (an instructor's missing visit to it, a roster
	 * line of it) is the scope's too, wherever its subject lies. */
	return in || (kind != FK_ENT && kind != FK_DISTRICT && ent > 0 &&
		      store_finding_in_scope(s, scope, FK_ENT, ent, 0));
}

int store_finding_states(store *s,
			 int (*fn)(void *ctx, const char *key, const char *state, const char *note, const char *who,
				   const char *day),
			 void *ctx, fg_err *e)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT key, state, note, who, day FROM finding_state");
	int rc, ret = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((ret = fn(ctx, txt(st, 0), txt(st, 1), (const char *)sqlite3_column_text(st, 2), txt(st, 3),
			      txt(st, 4))) != 0)
			break;
	return scan_end(s, st, rc, ret, e, "读取整改状态");
}

static json_t *state_json(const char *state, const char *note, const char *who, const char *day)
{
	return json_pack("{s:s, s:s?, s:s, s:s}", "state", state, "note", note, "who", who, "day", day);
}

int store_finding_state_set(store *s, const char *key, const char *state, const char *note, fg_err *e)
{
	char today[11];
	date_format(date_today(), today);
	return store_finding_state_write(s, key, state, note, s->who ? s->who : "", today, e);
}

int store_finding_state_write(store *s, const char *key, const char *state, const char *note, const char *who,
			      const char *today, fg_err *e)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT state, note, who, day FROM finding_state WHERE key = ?1");
	bind_text(st, 1, key);
	json_t *old = NULL;
	int same = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *on = (const char *)sqlite3_column_text(st, 1);
		old = state_json(txt(st, 0), on, txt(st, 2), txt(st, 3));
		same = state && strcmp(state, txt(st, 0)) == 0 && strcmp(note ? note : "", on ? on : "") == 0;
	}
	sqlite3_reset(st);
	if (same || (!old && !state)) {
		json_decref(old);
		return FG_OK;
	}
	if (state) {
		st = store_stmt(s, "INSERT INTO finding_state(key, state, note, who, day) VALUES (?1, ?2, ?3, ?4, ?5)"
				   " ON CONFLICT(key) DO UPDATE SET state = excluded.state, note = excluded.note,"
				   " who = excluded.who, day = excluded.day");
		bind_text(st, 1, key);
		bind_text(st, 2, state);
		bind_text(st, 3, note);
		bind_text(st, 4, who);
		bind_text(st, 5, today);
	} else {
		st = store_stmt(s, "DELETE FROM finding_state WHERE key = ?1");
		bind_text(st, 1, key);
	}
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_reset(st);
		json_decref(old);
		return db_err(s, e, "保存整改状态");
	}
	sqlite3_reset(st);
	json_t *nw = state ? state_json(state, note, who, today) : NULL;
	char *jo = old ? json_dumps(old, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	char *jn = nw ? json_dumps(nw, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	int rc = store_hist(s, "finding", key, !old ? "insert" : state ? "update" : "delete", jo, jn, e);
	free(jo);
	free(jn);
	json_decref(old);
	json_decref(nw);
	return rc;
}
