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

/* The enterprises store_each visits (?4 1: closed records too, store_filter.closed), by
 * store_each and store_each_industry alike. */
#define ENT_ALL_WHERE " WHERE " SCOPE_ENT("?1", "?2") " AND " ZONE_OK("e.zone_id") " AND " RECORD_LISTED("e.", "?4")

static const char *const SELECT_ALL[LEDGER_NKINDS] = {
	ENT_SELECT ENT_ALL_WHERE " ORDER BY e.uscc",
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
	fg_err e;
	int found = store_lock_read(s, def->kind, st, 0, &e) == FG_OK && sql_step(st) == SQL_ROW;
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

/* 1 when one of the 8 bytes at s is below 0x20, '"' or '\\' (each test exact for the word as a
 * whole: "has a byte less than n" and "has a zero byte"). */
static int json_word_escapes(const char *s)
{
	uint64_t w, ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
	memcpy(&w, s, 8);
	uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');
	return (((w - ones * 0x20) & ~w) | ((q - ones) & ~q) | ((b - ones) & ~b)) & high ? 1 : 0;
}

/* The history of an insert: the record as one JSON object of the ledger's columns in order, each
 * value a string or null, written here in one pass over the cells (imports are mostly inserts:
 * SQLite's json_object took each cell as a bound value and escaped it again). The text is byte for
 * byte what json_object wrote before — its escapes: \" \\ \b \t \n \f \r, other bytes below
 * 0x20 as \u00xx, everything else as it is — which tests/unit/test_ledger.c checks against
 * SQLite itself. */
static char *json_str(char *o, const char *s)
{
	/* 1 for the bytes that are escaped: below 0x20, '"' and '\\'. */
	static const unsigned char ESC[256] = {
		1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
		['"'] = 1, ['\\'] = 1};
	static const char SPECIAL[32] = {['\b'] = 'b', ['\t'] = 't', ['\n'] = 'n', ['\f'] = 'f', ['\r'] = 'r'};
	*o++ = '"';
	const char *end = s + strlen(s);
	for (;; s++) {
		/* Runs without a byte to escape (ID lists, Chinese text) go 8 bytes at a time. */
		while (end - s >= 8 && !json_word_escapes(s)) {
			memcpy(o, s, 8);
			o += 8;
			s += 8;
		}
		unsigned char c = (unsigned char)*s;
		if (!ESC[c]) {
			*o++ = (char)c;
			continue;
		}
		if (!c)
			break;
		*o++ = '\\';
		if (c >= 0x20 || SPECIAL[c]) {
			*o++ = c >= 0x20 ? (char)c : SPECIAL[c];
		} else {
			memcpy(o, "u00", 3);
			o[3] = (char)('0' + (c >> 4));
			o[4] = "0123456789abcdef"[c & 0xf];
			o += 5;
		}
	}
	*o++ = '"';
	return o;
}

char *store_history_json(const ledger_def *def, const ledger_rec *rec)
{
	/* At most 6 bytes a byte (\u00xx) and 2 quotes a string, 2 more a column and the braces. */
	size_t need = 3;
	for (size_t i = 0; i < def->ncols; i++)
		need += 6 * strlen(def->cols[i].key) + 6 * (rec->f[i] ? strlen(rec->f[i]) : 1) + 6;
	char *text = xmalloc(need), *o = text;
	*o++ = '{';
	for (size_t i = 0; i < def->ncols; i++) {
		if (i)
			*o++ = ',';
		o = json_str(o, def->cols[i].key);
		*o++ = ':';
		if (rec->f[i]) {
			o = json_str(o, rec->f[i]);
		} else {
			memcpy(o, "null", 4);
			o += 4;
		}
	}
	*o++ = '}';
	*o = '\0';
	return text;
}

int store_load_row(store *s, const ledger_def *def, const ledger_rec *key, rowtext *r)
{
	return load(s, def, key, r);
}

static int history_insert(store *s, const ledger_def *def, const ledger_rec *rec, const char *key, fg_err *e)
{
	char *j = store_history_json(def, rec);
	int rc = store_hist(s, def->record, key, "insert", NULL, j, e);
	free(j);
	return rc;
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

/* The tables whose rows keep a name_key beside their name: enterprise, org and member since v21,
 * the place and people names the lists sort by since v33. Static statements: store_stmt keeps them
 * by their text's address. */
static const struct {
	const char *sel, *upd;
} NAME_KEYED[] = {
	{"SELECT id, name FROM enterprise", "UPDATE enterprise SET name_key = ?1 WHERE id = ?2"},
	{"SELECT id, name FROM org", "UPDATE org SET name_key = ?1 WHERE id = ?2"},
	{"SELECT id, name FROM member", "UPDATE member SET name_key = ?1 WHERE id = ?2"},
	{"SELECT id, name FROM region", "UPDATE region SET name_key = ?1 WHERE id = ?2"},
	{"SELECT id, name FROM zone", "UPDATE zone SET name_key = ?1 WHERE id = ?2"},
	{"SELECT id, name FROM instructor", "UPDATE instructor SET name_key = ?1 WHERE id = ?2"},
	{"SELECT id, name FROM campaign", "UPDATE campaign SET name_key = ?1 WHERE id = ?2"},
};

/* Recomputes name_key of every row of NAME_KEYED[from .. to). */
static int name_keys_of(store *s, size_t from, size_t to, fg_err *e)
{
	for (size_t t = from; t < to; t++) {
		/* The rows first, then the updates: no write to a table while its statement steps. */
		struct row {
			int64_t id;
			char *name;
		} *v = NULL;
		size_t n = 0, cap = 0;
		sql_st *st = store_st(s, NAME_KEYED[t].sel);
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
				st = store_st(s, NAME_KEYED[t].upd);
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

int store_name_keys_fill(store *s, fg_err *e)
{
	return name_keys_of(s, 0, 3, e);
}

int store_place_keys_fill(store *s, fg_err *e)
{
	static const char *const TABLES[] = {"region", "zone", "instructor", "campaign"};
	for (size_t t = 0; t < 4; t++) {
		int rc = store_column_add(s, TABLES[t], "name_key BLOB", e);
		if (rc)
			return rc;
	}
	return name_keys_of(s, 3, sizeof NAME_KEYED / sizeof NAME_KEYED[0], e);
}

int store_each_industry(store *s, const store_filter *f, store_industry_fn fn, void *ctx, fg_err *e)
{
	static const char q[] = "SELECT e.id, e.industry" LEDGER_ENT_FROM ENT_ALL_WHERE
				" AND e.industry <> '' ORDER BY e.uscc";
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, f ? f->region_id : 0);
	sql_bind_int64(st, 2, f ? f->org_id : 0);
	sql_bind_int64(st, 3, f ? f->zone_id : 0);
	sql_bind_int64(st, 4, f ? f->closed : 1);
	int rc, ret = FG_OK;
	while ((rc = sql_step(st)) == SQL_ROW)
		if ((ret = fn(ctx, sql_col_int64(st, 0), sql_col_text(st, 1))) != 0)
			break;
	if (!ret && rc != SQL_DONE)
		ret = db_err(s, e, "读取台账");
	sql_reset(st);
	return ret;
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
