/* The four ledgers in the database: reading rows back as canonical text and their history.
 * Reading and comparing use the same query, so what export prints is exactly what a re-import
 * compares against. The writers are in ledger_write.c. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/collate.h"
#include "core/dues.h"
#include "core/ident.h"
#include "core/search.h"
#include "store/ledger_sql.h"
#include "store/places.h"
#include "store/scope.h"
#include "store/scope_sql.h"
#include "store/store_int.h"
#include "util/buf.h"
#include "util/date.h"

/* ---- the SELECT of each ledger: columns in ledger column order, then the row id ---- */

#define ENT_SELECT "SELECT " LEDGER_ENT_COLS ", e.id" LEDGER_ENT_FROM
#define ORG_SELECT "SELECT " LEDGER_ORG_COLS(LEDGER_ORG_ALL_COVERS) ", o.id" LEDGER_ORG_FROM
#define MEMBER_SELECT "SELECT " LEDGER_MEM_COLS ", m.id" LEDGER_MEM_FROM
#define INSTR_SELECT "SELECT " LEDGER_INS_COLS(LEDGER_INS_ALL_COVERS) ", i.id" LEDGER_INS_FROM

/* store_each: the rows a reader of the scope (?1 region, ?2 organisation; store/scope_sql.h) reaches,
 * narrowed to the zone ?3 (0 = any) for the ledgers that have one. */
#define ZONE_OK(z) "(?3 = 0 OR " z " = ?3)"

static const char *const SELECT_ONE[LEDGER_NKINDS] = {
	ENT_SELECT " WHERE e.uscc = ?",
	ORG_SELECT " WHERE o.name = ?",
	MEMBER_SELECT " WHERE m.idno = ?",
	INSTR_SELECT " WHERE i.name = ? AND i.unit = ?",
};

/* ?4 1: closed records too (store_filter.closed). */
static const char *const SELECT_ALL[LEDGER_NKINDS] = {
	ENT_SELECT " WHERE " SCOPE_ENT("?1", "?2") " AND " ZONE_OK("e.zone_id") " AND " RECORD_LISTED("e.", "?4")
		   " ORDER BY e.uscc",
	ORG_SELECT " WHERE " SCOPE_ORG("?1", "?2") " AND " ZONE_OK("o.zone_id") " AND " RECORD_LISTED("o.", "?4")
		   " ORDER BY o.name",
	MEMBER_SELECT " WHERE " SCOPE_MEM("?1", "?2") " AND " ZONE_OK("e.zone_id") " AND " RECORD_LISTED("m.", "?4")
		      " ORDER BY m.idno",
	INSTR_SELECT " WHERE " SCOPE_INS("?1", "?2")
		     " AND ?3 = 0 AND " RECORD_LISTED("i.", "?4") " ORDER BY i.name, i.unit",
};

/* ---- canonical text <-> SQL values ---- */


/* Decimal text of v, as "%lld" writes it, without printf (store_row_read runs per row of an import). */
static void put_int(buf *b, long long v)
{
	char t[24];
	size_t n = sizeof t;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do {
		t[--n] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		t[--n] = '-';
	buf_add(b, t + n, sizeof t - n);
}

/* "%.15g" of v: an integral value below 10^15 (what the ledgers hold) has the same text as the integer;
 * -0 and everything else goes through printf. */
static void put_num(buf *b, double v)
{
	if (v > -1e15 && v < 1e15 && v != 0 && v == (double)(long long)v)
		put_int(b, (long long)v);
	else
		buf_printf(b, "%.15g", v);
}

void store_row_read(rowtext *r, sql_st *st, const ledger_def *def)
{
	buf_reset(&r->b);
	for (size_t i = 0; i < def->ncols; i++) {
		const ledger_col *col = &def->cols[i];
		int ci = (int)i;
		if (sql_col_type(st, ci) == SQL_NULL) {
			r->off[i] = -1;
			continue;
		}
		r->off[i] = (long)r->b.len;
		switch (col->type) {
		case COL_INT:
			put_int(&r->b, (long long)sql_col_int64(st, ci));
			break;
		case COL_NUM:
		case COL_HOURS:
			put_num(&r->b, sql_col_double(st, ci));
			break;
		case COL_BOOL:
			buf_puts(&r->b, (int)sql_col_int64(st, ci) ? "是" : "否");
			break;
		case COL_MONEY: {
			char t[24];
			dues_money_format(sql_col_int64(st, ci), t);
			buf_puts(&r->b, t);
			break;
		}
		case COL_MONTH: {
			char t[8];
			dues_month_format(dues_month_from_yyyymm((int)sql_col_int64(st, ci)), t);
			buf_puts(&r->b, t);
			break;
		}
		default:
			buf_add(&r->b, sql_col_text(st, ci), (size_t)sql_col_bytes(st, ci));
			break;
		}
		buf_putc(&r->b, '\0');
	}
	for (size_t i = 0; i < def->ncols; i++)
		r->rec.f[i] = r->off[i] < 0 ? NULL : r->b.p + r->off[i];
	r->id = sql_col_int64(st, (int)def->ncols);
}

void store_bind_value(sql_st *st, int idx, const ledger_col *col, const char *v)
{
	if (!v) {
		sql_bind_null(st, idx);
		return;
	}
	switch (col->type) {
	case COL_INT:
		sql_bind_int64(st, idx, strtoll(v, NULL, 10));
		break;
	case COL_NUM:
	case COL_HOURS:
		sql_bind_double(st, idx, strtod(v, NULL));
		break;
	case COL_BOOL:
		sql_bind_int64(st, idx, strcmp(v, "是") == 0);
		break;
	case COL_MONEY: {
		int64_t c = 0;
		dues_money_parse(v, &c); /* canonical text: parses */
		sql_bind_int64(st, idx, c);
		break;
	}
	case COL_MONTH: {
		int m = 0;
		dues_month_parse(v, &m);
		sql_bind_int64(st, idx, dues_month_to_yyyymm(m));
		break;
	}
	default:
		sql_bind_text(st, idx, v);
		break;
	}
}

/* Loads the current row for rec's key. Returns 1 when found. */
static int load(store *s, const ledger_def *def, const ledger_rec *rec, rowtext *r)
{
	sql_st *st = store_st(s, SELECT_ONE[def->kind]);
	int n = 0;
	for (size_t i = 0; i < def->ncols; i++)
		if (def->cols[i].flags & COL_KEY)
			sql_bind_text(st, ++n, rec->f[i]);
	int found = sql_step(st) == SQL_ROW;
	if (found)
		store_row_read(r, st, def);
	sql_reset(st);
	return found;
}

/* SELECT_ONE's rows from a key on, in key order (store_load_row_seq; ledgers with a one-column key). */
static const char *const SELECT_FROM[LEDGER_NKINDS] = {
	[LEDGER_ENTERPRISES] = ENT_SELECT " WHERE e.uscc >= ?1 ORDER BY e.uscc",
	[LEDGER_ORGS] = ORG_SELECT " WHERE o.name >= ?1 ORDER BY o.name",
	[LEDGER_MEMBERS] = MEMBER_SELECT " WHERE m.idno >= ?1 ORDER BY m.idno",
};

/* Steps looked at before a key is sought again: a file sorted by its key mostly needs one. */
#define SEQ_STEPS 16

void store_seq_forget(store *s)
{
	if (s->seq.st)
		sql_reset(s->seq.st);
	s->seq.st = NULL;
	s->seq.at = 0;
}

static void seq_take_key(store *s, int kc)
{
	buf_reset(&s->seq.cur);
	buf_add(&s->seq.cur, sql_col_text(s->seq.st, kc), (size_t)sql_col_bytes(s->seq.st, kc));
	buf_cstr(&s->seq.cur);
	s->seq.consumed = 0;
}

int store_load_row_seq(store *s, const ledger_def *def, const ledger_rec *rec, rowtext *r)
{
	if (!s->bulk || def->kind >= LEDGER_NKINDS || !SELECT_FROM[def->kind])
		return load(s, def, rec, r);
	int kc = 0;
	while (!(def->cols[kc].flags & COL_KEY))
		kc++;
	const char *k = rec->f[kc];
	if (s->seq.st && s->seq.kind == (int)def->kind && s->seq.at) {
		for (int n = 0; n <= SEQ_STEPS; n++) {
			int c = strcmp(buf_cstr(&s->seq.cur), k);
			if (c == 0 && !s->seq.consumed) {
				store_row_read(r, s->seq.st, def);
				s->seq.consumed = 1;
				return 1;
			}
			if (c > 0) {
				int lc = s->seq.lo_set ? strcmp(buf_cstr(&s->seq.lo), k) : 1;
				if (lc < 0 || (lc == 0 && s->seq.lo_incl))
					return 0; /* k lies in the gap before the row: not stored */
				break;
			}
			if (c == 0 || n == SEQ_STEPS)
				break;
			/* The row is before k: the next one, with no key between the two. */
			buf_reset(&s->seq.lo);
			buf_add(&s->seq.lo, s->seq.cur.p, s->seq.cur.len);
			buf_cstr(&s->seq.lo);
			s->seq.lo_set = 1;
			s->seq.lo_incl = 0;
			if (sql_step(s->seq.st) != SQL_ROW) {
				store_seq_forget(s);
				break;
			}
			seq_take_key(s, kc);
		}
	}
	/* Sought: the first row from k on. */
	s->seq.st = store_st(s, SELECT_FROM[def->kind]);
	s->seq.kind = (int)def->kind;
	sql_bind_text(s->seq.st, 1, k);
	if (sql_step(s->seq.st) != SQL_ROW) {
		store_seq_forget(s);
		return 0;
	}
	s->seq.at = 1;
	seq_take_key(s, kc);
	buf_reset(&s->seq.lo);
	buf_puts(&s->seq.lo, k);
	s->seq.lo_set = s->seq.lo_incl = 1;
	if (strcmp(buf_cstr(&s->seq.cur), k) != 0)
		return 0;
	store_row_read(r, s->seq.st, def);
	s->seq.consumed = 1;
	return 1;
}

static void key_text(const ledger_def *def, const ledger_rec *rec, buf *out)
{
	ledger_key(def, rec, '/', out);
}

/* The history of an insert: SQLite's json_object builds the record from the bound values, which
 * costs a fraction of building it with jansson (imports are mostly inserts). Keys are the ledger
 * columns in order; store_history_sql_matches() lets the tests check that they stay in step. */
/* Parenthesised: each element is one statement split over lines (clang -Wstring-concatenation). */
static const char *const HIST_INSERT[LEDGER_NKINDS] = {
	("INSERT OR FAIL INTO history(at, who, tbl, key, op, new, source) VALUES (?1, ?2, ?3, ?4, 'insert',"
	" json_object('uscc', ?6, 'name', ?7, 'district', ?8, 'street', ?9, 'community', ?10, 'zone', ?11,"
	" 'zone_kind', ?12, 'industry', ?13, 'status', ?14, 'employees', ?15, 'fixed_site', ?16, 'capital', ?17,"
	" 'investor', ?18, 'investor_member', ?19, 'founded', ?20, 'op_info', ?21, 'staff_info', ?22,"
	" 'no_org_reason', ?23, 'closed', ?24, 'closed_reason', ?25), ?5)"),
	("INSERT OR FAIL INTO history(at, who, tbl, key, op, new, source) VALUES (?1, ?2, ?3, ?4, 'insert',"
	" json_object('name', ?6, 'kind', ?7, 'mode', ?8, 'parent', ?9, 'covers', ?10, 'street', ?11,"
	" 'community', ?12, 'zone', ?13, 'founded', ?14, 'secretary', ?15, 'has_committee', ?16,"
	" 'committee_size', ?17, 'term_start', ?18, 'groups', ?19, 'closed', ?20, 'closed_reason', ?21), ?5)"),
	("INSERT OR FAIL INTO history(at, who, tbl, key, op, new, source) VALUES (?1, ?2, ?3, ?4, 'insert',"
	" json_object('name', ?6, 'idno', ?7, 'status', ?8, 'join_date', ?9, 'full_date', ?10, 'employer', ?11,"
	" 'org', ?12, 'relation', ?13, 'disclosed', ?14, 'phone', ?15, 'relation_since', ?16, 'outside_org', ?17,"
	" 'closed', ?18, 'closed_reason', ?19), ?5)"),
	("INSERT OR FAIL INTO history(at, who, tbl, key, op, new, source) VALUES (?1, ?2, ?3, ?4, 'insert',"
	" json_object('name', ?6, 'unit', ?7, 'phone', ?8, 'covers', ?9, 'start_date', ?10, 'closed', ?11,"
	" 'closed_reason', ?12), ?5)"),
	("INSERT OR FAIL INTO history(at, who, tbl, key, op, new, source) VALUES (?1, ?2, ?3, ?4, 'insert',"
	" json_object('org', ?6, 'kind', ?7, 'date', ?8, 'topic', ?9, 'form', ?10, 'hours', ?11, 'attendees', ?12,"
	" 'absentees', ?13, 'recorder', ?14), ?5)"),
	("INSERT OR FAIL INTO history(at, who, tbl, key, op, new, source) VALUES (?1, ?2, ?3, ?4, 'insert',"
	" json_object('idno', ?6, 'name', ?7, 'date', ?8, 'content', ?9, 'hours', ?10), ?5)"),
	("INSERT OR FAIL INTO history(at, who, tbl, key, op, new, source) VALUES (?1, ?2, ?3, ?4, 'insert',"
	" json_object('org', ?6, 'name', ?7, 'idno', ?8, 'since', ?9, 'until', ?10, 'method', ?11, 'dual_strong', ?12,"
	" 'investor', ?13, 'phone', ?14), ?5)"),
	("INSERT OR FAIL INTO history(at, who, tbl, key, op, new, source) VALUES (?1, ?2, ?3, ?4, 'insert',"
	" json_object('instructor', ?6, 'unit', ?7, 'uscc', ?8, 'date', ?9, 'roles', ?10, 'notes', ?11), ?5)"),
	("INSERT OR FAIL INTO history(at, who, tbl, key, op, new, source) VALUES (?1, ?2, ?3, ?4, 'insert',"
	" json_object('name', ?6, 'kind', ?7, 'start_date', ?8, 'end_date', ?9, 'place', ?10, 'hours', ?11,"
	" 'organiser', ?12), ?5)"),
	("INSERT OR FAIL INTO history(at, who, tbl, key, op, new, source) VALUES (?1, ?2, ?3, ?4, 'insert',"
	" json_object('training', ?6, 'start_date', ?7, 'name', ?8, 'idno', ?9, 'role', ?10, 'uscc', ?11), ?5)"),
	("INSERT OR FAIL INTO history(at, who, tbl, key, op, new, source) VALUES (?1, ?2, ?3, ?4, 'insert',"
	" json_object('name', ?6, 'idno', ?7, 'employer', ?8, 'org', ?9, 'apply_date', ?10, 'talk_date', ?11,"
	" 'activist_date', ?12, 'target_date', ?13, 'review_date', ?14, 'notice_start', ?15, 'notice_end', ?16,"
	" 'assembly_date', ?17, 'approval_date', ?18, 'full_date', ?19, 'recommend', ?20, 'contacts', ?21,"
	" 'training_hours', ?22, 'extension', ?23, 'dual', ?24), ?5)"),
	("INSERT OR FAIL INTO history(at, who, tbl, key, op, new, source) VALUES (?1, ?2, ?3, ?4, 'insert',"
	" json_object('idno', ?6, 'name', ?7, 'direction', ?8, 'org', ?9, 'other', ?10, 'letter_date', ?11,"
	" 'done_date', ?12), ?5)"),
	("INSERT OR FAIL INTO history(at, who, tbl, key, op, new, source) VALUES (?1, ?2, ?3, ?4, 'insert',"
	" json_object('idno', ?6, 'name', ?7, 'month', ?8, 'base', ?9, 'retired', ?10, 'due', ?11, 'paid', ?12,"
	" 'paid_date', ?13), ?5)"),
	("INSERT OR FAIL INTO history(at, who, tbl, key, op, new, source) VALUES (?1, ?2, ?3, ?4, 'insert',"
	" json_object('name', ?6, 'lead', ?7, 'partners', ?8, 'start_date', ?9, 'deadline', ?10, 'range', ?11), ?5)"),
	("INSERT OR FAIL INTO history(at, who, tbl, key, op, new, source) VALUES (?1, ?2, ?3, ?4, 'insert',"
	" json_object('campaign', ?6, 'uscc', ?7, 'owner', ?8, 'status', ?9, 'done_date', ?10, 'findings', ?11), ?5)"),
	("INSERT OR FAIL INTO history(at, who, tbl, key, op, new, source) VALUES (?1, ?2, ?3, ?4, 'insert',"
	" json_object('uscc', ?6, 'name', ?7, 'idno', ?8, 'hired', ?9, 'political', ?10), ?5)"),
	("INSERT OR FAIL INTO history(at, who, tbl, key, op, new, source) VALUES (?1, ?2, ?3, ?4, 'insert',"
	" json_object('org', ?6, 'date', ?7, 'kind', ?8, 'amount', ?9, 'doc', ?10), ?5)"),
	("INSERT OR FAIL INTO history(at, who, tbl, key, op, new, source) VALUES (?1, ?2, ?3, ?4, 'insert',"
	" json_object('year', ?6, 'area', ?7, 'indicator', ?8, 'points', ?9, 'veto', ?10), ?5)"),
	("INSERT OR FAIL INTO history(at, who, tbl, key, op, new, source) VALUES (?1, ?2, ?3, ?4, 'insert',"
	" json_object('org', ?6, 'year', ?7, 'date', ?8, 'scores', ?9, 'veto', ?10, 'total', ?11, 'stars', ?12), ?5)"),
	("INSERT OR FAIL INTO history(at, who, tbl, key, op, new, source) VALUES (?1, ?2, ?3, ?4, 'insert',"
	" json_object('kind', ?6, 'name', ?7, 'uscc', ?8, 'members', ?9, 'granted', ?10, 'revoked', ?11), ?5)"),
	("INSERT OR FAIL INTO history(at, who, tbl, key, op, new, source) VALUES (?1, ?2, ?3, ?4, 'insert',"
	" json_object('org', ?6, 'address', ?7, 'area', ?8, 'site', ?9, 'facilities', ?10, 'sign', ?11, 'flag', ?12,"
	" 'books', ?13, 'rules', ?14, 'open_base', ?15, 'recognised', ?16), ?5)"),
};

int store_load_row(store *s, const ledger_def *def, const ledger_rec *key, rowtext *r)
{
	return load(s, def, key, r);
}

int store_history_sql_matches(const ledger_def *def)
{
	const char *sql = HIST_INSERT[def->kind];
	for (size_t i = 0; i < def->ncols; i++) {
		char want[64];
		snprintf(want, sizeof want, "'%s', ?%zu", def->cols[i].key, i + 6);
		if (!strstr(sql, want))
			return 0;
	}
	return 1;
}

static int history_insert(store *s, const ledger_def *def, const ledger_rec *rec, const char *key, fg_err *e)
{
	sql_st *st = store_st(s, HIST_INSERT[def->kind]);
	sql_bind_text(st, 1, s->now);
	sql_bind_text(st, 2, s->who);
	sql_bind_text(st, 3, def->record);
	sql_bind_text(st, 4, key);
	sql_bind_text(st, 5, s->source);
	for (size_t i = 0; i < def->ncols; i++)
		sql_bind_text(st, (int)i + 6, rec->f[i]);
	if (sql_step(st) != SQL_DONE)
		return db_err(s, e, "写入历史记录");
	return FG_OK;
}

/* History JSON: the changed fields (all non-empty ones for an insert). */
int store_put_history(store *s, const ledger_def *def, const ledger_rec *old, const ledger_rec *rec, fg_err *e)
{
	if (!old) {
		buf key = {0};
		key_text(def, rec, &key);
		int rc = history_insert(s, def, rec, buf_cstr(&key), e);
		buf_free(&key);
		return rc;
	}
	json_t *jo = json_object(), *jn = json_object();
	for (size_t i = 0; i < def->ncols; i++) {
		if (str_same(old->f[i], rec->f[i]))
			continue;
		json_object_set_new(jo, def->cols[i].key, old->f[i] ? json_string(old->f[i]) : json_null());
		json_object_set_new(jn, def->cols[i].key, rec->f[i] ? json_string(rec->f[i]) : json_null());
	}
	char *so = json_dumps(jo, JSON_COMPACT | JSON_PRESERVE_ORDER);
	char *sn = json_dumps(jn, JSON_COMPACT | JSON_PRESERVE_ORDER);
	buf key = {0};
	key_text(def, rec, &key);
	int rc = store_hist(s, def->record, buf_cstr(&key), "update", so, sn, e);
	buf_free(&key);
	free(so);
	free(sn);
	json_decref(jo);
	json_decref(jn);
	return rc;
}

/* The pinyin sort key stored beside a name, so that lists sort with memcmp. */
void store_bind_name_key(sql_st *st, int idx, const char *name)
{
	unsigned char key[256];
	size_t n = collate_key(name ? name : "", key, sizeof key);
	sql_bind_blob(st, idx, key, (int)n);
}

int store_name_keys_fill(store *s, fg_err *e)
{
	/* Static statements: store_stmt keeps them by their text's address. */
	static const char *const SEL[] = {"SELECT id, name FROM enterprise", "SELECT id, name FROM org",
					  "SELECT id, name FROM member"};
	static const char *const UPD[] = {"UPDATE enterprise SET name_key = ?1 WHERE id = ?2",
					  "UPDATE org SET name_key = ?1 WHERE id = ?2",
					  "UPDATE member SET name_key = ?1 WHERE id = ?2"};
	for (size_t t = 0; t < 3; t++) {
		const char *q = SEL[t], *u = UPD[t];
		/* The rows first, then the updates: no write to a table while its statement steps. */
		struct row {
			int64_t id;
			char *name;
		} *v = NULL;
		size_t n = 0, cap = 0;
		sql_st *st = store_st(s, q);
		while (sql_step(st) == SQL_ROW) {
			if (n == cap)
				v = xrealloc(v, (cap = cap ? 2 * cap : 1024) * sizeof *v);
			const char *name = sql_col_text(st, 1);
			v[n++] = (struct row){sql_col_int64(st, 0), xstrdup(name ? name : "")};
		}
		sql_reset(st);
		int rc = FG_OK;
		for (size_t i = 0; i < n; i++) {
			if (!rc) {
				st = store_st(s, u);
				store_bind_name_key(st, 1, v[i].name);
				sql_bind_int64(st, 2, v[i].id);
				if (sql_step(st) != SQL_DONE)
					rc = db_err(s, e, "更新名称排序");
			}
			free(v[i].name);
		}
		free(v);
		if (rc)
			return rc;
	}
	return FG_OK;
}

int store_each(store *s, const ledger_def *def, const store_filter *f, store_rec_fn fn, void *ctx, fg_err *e)
{
	sql_st *st = store_st(s, def->kind >= LEDGER_MEETINGS ? party_select_all(def->kind) : SELECT_ALL[def->kind]);
	sql_bind_int64(st, 1, f ? f->region_id : 0);
	sql_bind_int64(st, 2, f ? f->org_id : 0);
	sql_bind_int64(st, 3, f ? f->zone_id : 0);
	if (def->kind < LEDGER_MEETINGS)
		sql_bind_int64(st, 4, f ? f->closed : 1);
	rowtext r = {0};
	int rc, ret = FG_OK;
	while ((rc = sql_step(st)) == SQL_ROW) {
		store_row_read(&r, st, def);
		if ((ret = fn(ctx, &r.rec)) != 0)
			break;
	}
	if (!ret && rc != SQL_DONE)
		ret = db_err(s, e, "读取台账");
	sql_reset(st);
	buf_free(&r.b);
	return ret;
}
