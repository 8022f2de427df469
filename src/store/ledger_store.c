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
/* One row (SELECT_ONE) reads its covered enterprises by a subquery; all of them (SELECT_ALL) join
 * every organisation's list once (ledger_sql.h LEDGER_LISTS). */
#define ORG_SELECT "SELECT " LEDGER_ORG_COLS(LEDGER_ORG_ALL_COVERS) ", o.id" LEDGER_ORG_FROM
#define ORG_SELECT_ALL(from) "SELECT " LEDGER_ORG_COLS("cvl.list") ", o.id" from LEDGER_ORG_COVERS_JOIN
#define MEMBER_SELECT MEMBER_SELECT_FROM(LEDGER_MEM_FROM)
#define MEMBER_SELECT_FROM(from) "SELECT " LEDGER_MEM_COLS ", m.id" from
#define INSTR_SELECT "SELECT " LEDGER_INS_COLS(LEDGER_INS_ALL_COVERS) ", i.id" LEDGER_INS_FROM
#define INSTR_SELECT_ALL "SELECT " LEDGER_INS_COLS("cvl.list") ", i.id" LEDGER_INS_FROM LEDGER_INS_COVERS_JOIN

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
	ORG_SELECT_ALL(LEDGER_ORG_FROM_HELD(SCOPE_HELD_FOR("p.district_id", "?1", "?2")))
		   " WHERE " SCOPE_ORG("?1", "?2") " AND " ZONE_OK("o.zone_id") " AND " RECORD_LISTED("o.", "?4")
		   " ORDER BY o.name",
	MEMBER_SELECT_FROM(LEDGER_MEM_FROM_HELD(SCOPE_HELD("e.district_id", "?1", "?2"), SCOPE_HELD_FOR("o.district_id", "?1", "?2")))
		      " WHERE " SCOPE_MEM("?1", "?2") " AND " ZONE_OK("e.zone_id") " AND " RECORD_LISTED("m.", "?4")
		      " ORDER BY m.idno",
	INSTR_SELECT_ALL " WHERE " SCOPE_INS("?1", "?2")
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

/* 1 for the column types whose canonical text is the stored text as it is. */
static int col_as_stored(const ledger_col *col)
{
	return col->type != COL_INT && col->type != COL_NUM && col->type != COL_HOURS && col->type != COL_BOOL &&
	       col->type != COL_MONEY && col->type != COL_MONTH;
}

/* Appends the canonical text of column ci (not NULL, not col_as_stored) to b. */
static void col_put(buf *b, sql_st *st, int ci, const ledger_col *col)
{
	switch (col->type) {
	case COL_INT:
		put_int(b, (long long)sql_col_int64(st, ci));
		break;
	case COL_NUM:
	case COL_HOURS:
		put_num(b, sql_col_double(st, ci));
		break;
	case COL_BOOL:
		buf_puts(b, (int)sql_col_int64(st, ci) ? "是" : "否");
		break;
	case COL_MONEY: {
		char t[24];
		dues_money_format(sql_col_int64(st, ci), t);
		buf_puts(b, t);
		break;
	}
	case COL_MONTH: {
		char t[8];
		dues_month_format(dues_month_from_yyyymm((int)sql_col_int64(st, ci)), t);
		buf_puts(b, t);
		break;
	}
	default:
		break;
	}
}

void store_row_read(rowtext *r, sql_st *st, const ledger_def *def)
{
	buf_reset(&r->b);
	for (size_t i = 0; i < def->ncols; i++) {
		const ledger_col *col = &def->cols[i];
		int ci = (int)i;
		if (col_as_stored(col)) { /* NULL text is SQL NULL: no sql_col_type (a call a column, per row of a re-import) */
			const char *v = sql_col_text(st, ci);
			if (!v) {
				r->off[i] = -1;
				continue;
			}
			r->off[i] = (long)r->b.len;
			buf_add(&r->b, v, (size_t)sql_col_bytes(st, ci));
			buf_putc(&r->b, '\0');
			continue;
		}
		if (sql_col_type(st, ci) == SQL_NULL) {
			r->off[i] = -1;
			continue;
		}
		r->off[i] = (long)r->b.len;
		col_put(&r->b, st, ci, col);
		buf_putc(&r->b, '\0');
	}
	for (size_t i = 0; i < def->ncols; i++)
		r->rec.f[i] = r->off[i] < 0 ? NULL : r->b.p + r->off[i];
	r->id = sql_col_int64(st, (int)def->ncols);
}

/* 1 when text v of n bytes is exactly the C string want (NULL: v must be NULL too). */
static int text_is(const char *v, size_t n, const char *want)
{
	if (!v || !want)
		return !v && !want;
	return strlen(want) == n && memcmp(v, want, n) == 0;
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

/* Loads the current row for rec's key, under its lock inside a write on PostgreSQL (id: the row's
 * id when known, else 0). Returns 1 when found. */
static int load_id(store *s, const ledger_def *def, const ledger_rec *rec, int64_t id, rowtext *r)
{
	sql_st *st = store_st(s, SELECT_ONE[def->kind]);
	int n = 0;
	for (size_t i = 0; i < def->ncols; i++)
		if (def->cols[i].flags & COL_KEY)
			sql_bind_text(st, ++n, rec->f[i]);
	fg_err e;
	int found = store_lock_read(s, def->kind, st, id, &e) == FG_OK && sql_step(st) == SQL_ROW;
	if (found)
		store_row_read(r, st, def);
	r->locked = found && store_locks_rows(s, def->kind);
	sql_reset(st);
	return found;
}

static int load(store *s, const ledger_def *def, const ledger_rec *rec, rowtext *r)
{
	return load_id(s, def, rec, 0, r);
}

/* SELECT_ONE's rows from a key on, in key order (store_load_row_seq; ledgers with a one-column key). */
static const char *const SELECT_FROM[LEDGER_NKINDS] = {
	[LEDGER_ENTERPRISES] = ENT_SELECT " WHERE e.uscc >= ?1 ORDER BY e.uscc",
	[LEDGER_ORGS] = ORG_SELECT " WHERE o.name >= ?1 ORDER BY o.name",
	[LEDGER_MEMBERS] = MEMBER_SELECT " WHERE m.idno >= ?1 ORDER BY m.idno",
};

/* The texts one id stands for in a ledger's row: what LEDGER_ENT_FROM's and LEDGER_MEM_FROM's joins
 * read, by the same expressions (an enterprise's 所属区县, 所属街道 and 所属社区 by its community,
 * 所属区域 and 区域类型 by its zone; a member's 工作单位 and 所在党组织). */
enum { NAMES_COMMUNITY, NAMES_ZONE, NAMES_ENTERPRISE, NAMES_ORG, NAMES_N };
_Static_assert(sizeof ((store *)0)->names / sizeof *((store *)0)->names == NAMES_N, "store.names: one per lookup");
static const struct {
	const char *sql; /* ?1 the id: one row of n texts, or none */
	int n;
} NAMES[] = {
	[NAMES_COMMUNITY] = {"SELECT sdi.name, st.name, c.name FROM region c JOIN region st ON st.id = c.parent_id"
			     LEDGER_STREET_DISTRICT " WHERE c.id = ?1", 3},
	[NAMES_ZONE] = {"SELECT z.name, z.kind FROM zone z WHERE z.id = ?1", 2},
	[NAMES_ENTERPRISE] = {"SELECT e.uscc FROM enterprise e WHERE e.id = ?1", 1},
	[NAMES_ORG] = {"SELECT o.name FROM org o WHERE o.id = ?1", 1},
};

/* SELECT_FROM without its joins, for SQLite (store_load_row_seq): the ledger's columns in order with
 * NULL where a join gave the text, then the row id, then the ids the joins went through — each
 * id's NAMES texts go to the columns from col on. One row of a re-import then costs one step of
 * the key's index and one look-up of the row, not one more per join; the texts of an id are read
 * once in a transaction. (PostgreSQL keeps the joins: the server makes them, where a look-up per
 * id would be a round trip.) */
static const struct {
	const char *sql, *by_id; /* by_id: the same from a row id on (after ?1), in row id order */
	int nids;
	struct {
		int col, names;
	} ids[2];
} SEQ_BARE[LEDGER_NKINDS] = {
	[LEDGER_ENTERPRISES] = {"SELECT e.uscc, e.name, NULL, NULL, NULL, NULL, NULL, e.industry, e.status, e.employees,"
				" e.fixed_site, e.capital, e.investor, e.investor_member, e.founded, e.op_info, e.staff_info,"
				" e.no_org_reason, e.closed, e.closed_reason, e.id, e.community_id, e.zone_id"
				" FROM enterprise e WHERE e.uscc >= ?1 ORDER BY e.uscc",
				"SELECT e.uscc, e.name, NULL, NULL, NULL, NULL, NULL, e.industry, e.status, e.employees,"
				" e.fixed_site, e.capital, e.investor, e.investor_member, e.founded, e.op_info, e.staff_info,"
				" e.no_org_reason, e.closed, e.closed_reason, e.id, e.community_id, e.zone_id"
				" FROM enterprise e WHERE e.id > ?1 ORDER BY e.id",
				2, {{E_DISTRICT, NAMES_COMMUNITY}, {E_ZONE, NAMES_ZONE}}},
	[LEDGER_MEMBERS] = {"SELECT m.name, m.idno, m.status, m.join_date, m.full_date, NULL, NULL, m.relation, m.disclosed,"
			    " m.phone, m.relation_since, m.outside_org, m.closed, m.closed_reason, m.id, m.employer_id, m.org_id"
			    " FROM member m WHERE m.idno >= ?1 ORDER BY m.idno",
			    "SELECT m.name, m.idno, m.status, m.join_date, m.full_date, NULL, NULL, m.relation, m.disclosed,"
			    " m.phone, m.relation_since, m.outside_org, m.closed, m.closed_reason, m.id, m.employer_id, m.org_id"
			    " FROM member m WHERE m.id > ?1 ORDER BY m.id",
			    2, {{M_EMPLOYER, NAMES_ENTERPRISE}, {M_ORG, NAMES_ORG}}},
};

void store_names_forget(store *s)
{
	for (size_t k = 0; k < sizeof s->names / sizeof *s->names; k++) {
		free(s->names[k].at);
		s->names[k].at = NULL;
		s->names[k].cap = 0;
		s->names[k].asked = 0;
	}
	s->names_n = 0;
	buf_reset(&s->names_text);
}

/* Row ids past this are not kept (a look-up each time): the index by id stays at most 256 MiB. */
#define NAMES_MAX_ID ((int64_t)1 << 26)

/* Keeps the texts of id that st's row has from column first on (kind's NAMES count of them). */
static const struct name_texts *names_put(store *s, int kind, int64_t id, sql_st *st, int first)
{
	if (s->names_n == s->names_cap) {
		s->names_cap = s->names_cap ? 2 * s->names_cap : 256;
		s->names_v = xrealloc(s->names_v, s->names_cap * sizeof *s->names_v);
	}
	struct name_texts *t = &s->names_v[s->names_n];
	for (int i = 0; i < NAMES[kind].n; i++) {
		if (sql_col_type(st, first + i) == SQL_NULL) {
			t->off[i] = -1;
			continue;
		}
		t->off[i] = (long)s->names_text.len;
		t->len[i] = (size_t)sql_col_bytes(st, first + i);
		buf_add(&s->names_text, sql_col_text(st, first + i), t->len[i]);
		buf_putc(&s->names_text, '\0');
	}
	if (id > 0 && id < NAMES_MAX_ID) {
		if ((size_t)id >= s->names[kind].cap) {
			size_t cap = s->names[kind].cap ? s->names[kind].cap : 1024;
			while (cap <= (size_t)id)
				cap *= 2;
			s->names[kind].at = xrealloc(s->names[kind].at, cap * sizeof *s->names[kind].at);
			memset(s->names[kind].at + s->names[kind].cap, 0, (cap - s->names[kind].cap) * sizeof *s->names[kind].at);
			s->names[kind].cap = cap;
		}
		s->names[kind].at[id] = (uint32_t)s->names_n + 1;
	}
	return &s->names_v[s->names_n++];
}

/* Every id's texts at once, by one scan of an index that holds them (the key's own): for the
 * lookups a large file makes by the thousand (a city's members name ≈ 39,000 employers), cheaper
 * than a look-up each, which reads the table's pages. */
static const char *const NAMES_ALL[NAMES_N] = {
	[NAMES_ENTERPRISE] = "SELECT e.id, e.uscc FROM enterprise e",
	[NAMES_ORG] = "SELECT o.id, o.name FROM org o",
};
/* Look-ups of one kind in a transaction before NAMES_ALL reads them all. */
#define NAMES_ALL_AFTER 256

/* The NAMES texts of id (kept for the transaction); NULL when no row has that id. */
static const struct name_texts *names_of(store *s, int kind, int64_t id)
{
	int keep = id > 0 && id < NAMES_MAX_ID;
	if (keep && (size_t)id < s->names[kind].cap && s->names[kind].at[id])
		return &s->names_v[s->names[kind].at[id] - 1];
	if (NAMES_ALL[kind] && s->names[kind].asked++ == NAMES_ALL_AFTER) {
		sql_st *all = store_st(s, NAMES_ALL[kind]);
		while (sql_step(all) == SQL_ROW) {
			int64_t rid = sql_col_int64(all, 0);
			if (!(rid > 0 && rid < NAMES_MAX_ID && (size_t)rid < s->names[kind].cap && s->names[kind].at[rid]))
				names_put(s, kind, rid, all, 1);
		}
		sql_reset(all);
		if (keep && (size_t)id < s->names[kind].cap && s->names[kind].at[id])
			return &s->names_v[s->names[kind].at[id] - 1];
	}
	/* (Not kept, or made after the scan: looked up.) */
	sql_st *st = store_st(s, NAMES[kind].sql);
	sql_bind_int64(st, 1, id);
	const struct name_texts *t = sql_step(st) == SQL_ROW ? names_put(s, kind, id, st, 0) : NULL;
	sql_reset(st);
	return t;
}

/* The texts behind the SEQ_BARE row's i-th id (st on the row): *t, NULL when the id is NULL. 0 when
 * the id has no row (the caller reads the row with its joins instead). */
static int bare_names(store *s, sql_st *st, const ledger_def *def, int i, const struct name_texts **t)
{
	int sc = (int)def->ncols + 1 + i;
	*t = NULL;
	return sql_col_type(st, sc) == SQL_NULL ||
	       (*t = names_of(s, SEQ_BARE[def->kind].ids[i].names, sql_col_int64(st, sc))) != NULL;
}

/* store_row_read of a SEQ_BARE row: its ids' texts put in. 0 when an id has no row (the caller
 * reads the row with its joins instead). */
static int row_read_bare(store *s, rowtext *r, sql_st *st, const ledger_def *def)
{
	store_row_read(r, st, def);
	for (int i = 0; i < SEQ_BARE[def->kind].nids; i++) {
		int col = SEQ_BARE[def->kind].ids[i].col, kind = SEQ_BARE[def->kind].ids[i].names;
		const struct name_texts *t;
		if (!bare_names(s, st, def, i, &t))
			return 0;
		for (int j = 0; j < NAMES[kind].n; j++) {
			if (!t || t->off[j] < 0) {
				r->off[col + j] = -1;
				continue;
			}
			r->off[col + j] = (long)r->b.len;
			buf_add(&r->b, s->names_text.p + t->off[j], t->len[j] + 1);
		}
	}
	for (size_t i = 0; i < def->ncols; i++)
		r->rec.f[i] = r->off[i] < 0 ? NULL : r->b.p + r->off[i];
	return 1;
}

static void rid_forget(store *s);

/* 1 when the SEQ_BARE row st is on reads back as rec exactly — every column's text what
 * row_read_bare would make of it, compared without making it (the comparison of an unchanged
 * row, the common one in a re-import); 0 when something differs or cannot be read so (the
 * caller reads the row and compares as ever). */
static int bare_same(store *s, sql_st *st, const ledger_def *def, const ledger_rec *rec)
{
	int nids = SEQ_BARE[def->kind].nids;
	unsigned char joined[LEDGER_MAXCOLS] = {0};
	for (int i = 0; i < nids; i++) {
		int col = SEQ_BARE[def->kind].ids[i].col, kind = SEQ_BARE[def->kind].ids[i].names;
		const struct name_texts *t;
		if (!bare_names(s, st, def, i, &t))
			return 0;
		for (int j = 0; j < NAMES[kind].n; j++) {
			joined[col + j] = 1;
			if (!t || t->off[j] < 0) {
				if (rec->f[col + j])
					return 0;
			} else if (!text_is(s->names_text.p + t->off[j], t->len[j], rec->f[col + j])) {
				return 0;
			}
		}
	}
	buf *tmp = &s->seq.cur_text;
	for (size_t i = 0; i < def->ncols; i++) {
		const ledger_col *col = &def->cols[i];
		int ci = (int)i;
		if (joined[i])
			continue;
		if (col_as_stored(col)) {
			const char *v = sql_col_text(st, ci);
			if (!text_is(v, v ? (size_t)sql_col_bytes(st, ci) : 0, rec->f[i]))
				return 0;
			continue;
		}
		if (sql_col_type(st, ci) == SQL_NULL) {
			if (rec->f[i])
				return 0;
			continue;
		}
		if (!rec->f[i])
			return 0;
		buf_reset(tmp);
		col_put(tmp, st, ci, col);
		if (!text_is(tmp->p, tmp->len, rec->f[i]))
			return 0;
	}
	return 1;
}

int store_seq_same(store *s, const ledger_def *def, const ledger_rec *rec)
{
	if (!s->bulk || !s->seq.rid || s->seq.rid_kind != (int)def->kind)
		return 0;
	int kc = 0;
	while (!(def->cols[kc].flags & COL_KEY))
		kc++;
	const char *have = sql_col_text(s->seq.rid, kc);
	if (!have || !rec->f[kc] || strcmp(have, rec->f[kc]) != 0 || !bare_same(s, s->seq.rid, def, rec))
		return 0;
	s->seq.rid_miss = 0;
	if (sql_step(s->seq.rid) != SQL_ROW)
		rid_forget(s);
	return 1;
}

/* The row the ordered statement is on, as text (SEQ_BARE's or SELECT_FROM's); 0 when it could not
 * be read so (then by the key's look-up with the joins). */
static int seq_row(store *s, const ledger_def *def, const ledger_rec *rec, rowtext *r)
{
	if (s->seq.bare && !row_read_bare(s, r, s->seq.st, def))
		return load(s, def, rec, r);
	if (!s->seq.bare)
		store_row_read(r, s->seq.st, def);
	return 1;
}

/* Steps looked at before a key is sought again: a file sorted by its key mostly needs one. */
#define SEQ_STEPS 16

static void rid_forget(store *s)
{
	if (s->seq.rid)
		sql_reset(s->seq.rid);
	s->seq.rid = NULL;
}

void store_seq_forget(store *s)
{
	if (s->seq.st)
		sql_reset(s->seq.st);
	s->seq.st = NULL;
	s->seq.at = 0;
	rid_forget(s);
	s->seq.rid_miss = 0;
}

/* A row found by its key (r): the row id order goes on after it — unless the rows found lately
 * were out of that order (a file in another order): then now and then only. */
static void rid_after(store *s, const ledger_def *def, const rowtext *r)
{
	if (!s->seq.bare || (s->seq.rid_miss > 4 && s->seq.rid_miss % 64))
		return;
	s->seq.rid = store_st(s, SEQ_BARE[def->kind].by_id);
	s->seq.rid_kind = (int)def->kind;
	sql_bind_int64(s->seq.rid, 1, r->id);
	if (sql_step(s->seq.rid) != SQL_ROW)
		rid_forget(s);
}

/* store_load_row_seq's rows found by their key: read, then the row id order placed after them. */
static int seq_found(store *s, const ledger_def *def, const ledger_rec *rec, rowtext *r)
{
	int found = seq_row(s, def, rec, r);
	s->seq.rid_miss++;
	if (found)
		rid_after(s, def, r);
	return found;
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
	r->locked = 0; /* read by the ordered statement, without a lock; load() says for its own */
	int kc = 0;
	while (!(def->cols[kc].flags & COL_KEY))
		kc++;
	const char *k = rec->f[kc];
	if (s->seq.rid && s->seq.rid_kind == (int)def->kind) {
		const char *have = sql_col_text(s->seq.rid, kc);
		if (have && strcmp(have, k) == 0) { /* the row after the last one found */
			int found = row_read_bare(s, r, s->seq.rid, def) ? 1 : load(s, def, rec, r);
			s->seq.rid_miss = 0;
			if (sql_step(s->seq.rid) != SQL_ROW)
				rid_forget(s);
			return found;
		}
	}
	if (s->seq.st && s->seq.kind == (int)def->kind && s->seq.at) {
		for (int n = 0; n <= SEQ_STEPS; n++) {
			int c = strcmp(buf_cstr(&s->seq.cur), k);
			if (c == 0 && !s->seq.consumed) {
				s->seq.consumed = 1;
				return seq_found(s, def, rec, r);
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
	s->seq.bare = s->sql->backend == SQL_SQLITE && SEQ_BARE[def->kind].sql;
	s->seq.st = store_st(s, s->seq.bare ? SEQ_BARE[def->kind].sql : SELECT_FROM[def->kind]);
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
	s->seq.consumed = 1;
	return seq_found(s, def, rec, r);
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

int store_reload_row(store *s, const ledger_def *def, const ledger_rec *key, int64_t id, rowtext *r)
{
	return load_id(s, def, key, id, r);
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
	/* In the table's order: sorted by USCC, each row was a look-up through the code's index. */
	static const char q[] = "SELECT e.id, e.uscc, e.industry" LEDGER_ENT_FROM ENT_ALL_WHERE " AND e.industry <> ''";
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, f ? f->region_id : 0);
	sql_bind_int64(st, 2, f ? f->org_id : 0);
	sql_bind_int64(st, 3, f ? f->zone_id : 0);
	sql_bind_int64(st, 4, f ? f->closed : 1);
	int rc, ret = FG_OK;
	while ((rc = sql_step(st)) == SQL_ROW)
		if ((ret = fn(ctx, sql_col_int64(st, 0), sql_col_text(st, 1), sql_col_text(st, 2))) != 0)
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
