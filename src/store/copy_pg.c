/* A whole SQLite database copied into PostgreSQL and proved (pg.h: store_copy_to_pg).
 *
 * One SQLite snapshot is read and written into one PostgreSQL transaction with COPY, table after
 * table in the order of their foreign keys (referenced first); the name-search rows come from the
 * FTS5 tables; each identity key continues after the largest copied. Into a new database the tables
 * are made in the same transaction and their indexes (but keys and unique constraints) after the
 * rows, as bulk loads are done. Before the commit every table
 * is read back from both sides ordered by its key (PostgreSQL through a cursor) and compared value
 * by value, as each side reads its own type: any difference rolls the whole copy back. The copy
 * then leaves one history row naming its source, unless its caller's history is the whole story (a
 * demo staged in SQLite, cmd_demo.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "store/pg.h"
#include "store/store_int.h"
#include "util/date.h"

#define COPY_FLUSH (1 << 20)
#define FETCH_ROWS 5000
#define FETCH_SQL "FETCH FORWARD 5000 FROM fgdj_verify"

/* One table to copy: its name, its columns (",\x1f"-free names joined by ", " for SQL), whether
 * it is a name-search table (rowid + its columns), its order, and its identity column if any. */
typedef struct ctable {
	char *name;
	buf cols;       /* "a", "b", … quoted for PostgreSQL */
	buf lite_cols;  /* the same for SQLite (a search table's row id as rowid) */
	buf order;      /* its key columns, comma-separated */
	char *identity; /* the INTEGER PRIMARY KEY column, NULL when none */
	int ncols;
	int search;
	int done;
} ctable;

typedef struct copy_ctx {
	store *s;
	sql_db *pg;
	ctable *t;
	size_t n;
	fg_err *e;
} copy_ctx;

static void tables_free(ctable *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(t[i].name);
		buf_free(&t[i].cols);
		buf_free(&t[i].lite_cols);
		buf_free(&t[i].order);
		free(t[i].identity);
	}
	free(t);
}

/* The tables to copy, with their columns and keys, in SQLite's catalogue order. */
static int tables_read(copy_ctx *c)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(c->s->db,
			       "SELECT name, sql LIKE 'CREATE VIRTUAL TABLE%' FROM sqlite_master WHERE type = 'table'"
			       " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND " SQLITE_NOT_SHADOW
			       " AND name <> 'facts_kept' ORDER BY rowid", /* derived, emptied at will (schema v39) */
			       -1, &st, NULL) != SQLITE_OK)
		return db_err(c->s, c->e, "读取数据库结构");
	size_t cap = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		int search = sqlite3_column_int(st, 1);
		if (c->n == cap) {
			cap = cap ? 2 * cap : 64;
			c->t = xrealloc(c->t, cap * sizeof *c->t);
		}
		ctable *t = &c->t[c->n++];
		memset(t, 0, sizeof *t);
		t->name = xstrdup(name);
		t->search = search;
		if (search) {
			buf_puts(&t->cols, "\"rowid\"");
			buf_puts(&t->lite_cols, "rowid");
			buf_puts(&t->order, "rowid");
			t->ncols = 1;
		}
		sqlite3_stmt *info;
		if (sqlite3_prepare_v2(c->s->db, "SELECT name, type, pk FROM pragma_table_info(?1) ORDER BY cid", -1, &info,
				       NULL) != SQLITE_OK) {
			sqlite3_finalize(st);
			return db_err(c->s, c->e, "读取数据库结构");
		}
		sqlite3_bind_text(info, 1, name, -1, SQLITE_TRANSIENT);
		int npk = 0;
		buf pk[8] = {{0}};
		while (sqlite3_step(info) == SQLITE_ROW) {
			const char *col = (const char *)sqlite3_column_text(info, 0);
			const char *type = (const char *)sqlite3_column_text(info, 1);
			int k = sqlite3_column_int(info, 2);
			buf_printf(&t->cols, "%s\"%s\"", t->ncols ? ", " : "", col);
			buf_printf(&t->lite_cols, "%s\"%s\"", t->ncols ? ", " : "", col);
			t->ncols++;
			if (k > 0 && k <= 8) {
				buf_printf(&pk[k - 1], "\"%s\"", col);
				npk++;
				if (strcmp(type, "INTEGER") == 0) {
					free(t->identity);
					t->identity = xstrdup(col);
				}
			}
		}
		sqlite3_finalize(info);
		if (npk != 1 && t->identity) { /* only a lone INTEGER PRIMARY KEY is a row id */
			free(t->identity);
			t->identity = NULL;
		}
		for (int k = 0; k < npk && k < 8; k++)
			buf_printf(&t->order, "%s%s", t->order.len ? ", " : "", buf_cstr(&pk[k]));
		for (int k = 0; k < 8; k++)
			buf_free(&pk[k]);
		if (!t->order.len)
			buf_puts(&t->order, "rowid");
	}
	sqlite3_finalize(st);
	return FG_OK;
}

/* Whether every table that t references (but itself) is copied already. */
static int refs_done(copy_ctx *c, const ctable *t, int *ok)
{
	sqlite3_stmt *st;
	*ok = 1;
	if (t->search)
		return FG_OK;
	if (sqlite3_prepare_v2(c->s->db, "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?1)", -1, &st, NULL) !=
	    SQLITE_OK)
		return db_err(c->s, c->e, "读取数据库结构");
	sqlite3_bind_text(st, 1, t->name, -1, SQLITE_TRANSIENT);
	while (*ok && sqlite3_step(st) == SQLITE_ROW) {
		const char *ref = (const char *)sqlite3_column_text(st, 0);
		if (strcmp(ref, t->name) == 0)
			continue;
		for (size_t i = 0; i < c->n; i++)
			if (strcmp(c->t[i].name, ref) == 0 && !c->t[i].done)
				*ok = 0;
	}
	sqlite3_finalize(st);
	return FG_OK;
}

/* A value of SQLite's as COPY's text format reads it. */
static void copy_value(buf *b, sqlite3_stmt *st, int i)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_NULL: buf_puts(b, "\\N"); break;
	case SQLITE_INTEGER: buf_printf(b, "%lld", (long long)sqlite3_column_int64(st, i)); break;
	case SQLITE_FLOAT: buf_printf(b, "%.17g", sqlite3_column_double(st, i)); break;
	case SQLITE_BLOB: {
		const unsigned char *p = sqlite3_column_blob(st, i);
		int n = sqlite3_column_bytes(st, i);
		buf_puts(b, "\\\\x");
		for (int k = 0; k < n; k++)
			buf_printf(b, "%02x", p[k]);
		break;
	}
	default: {
		const char *p = (const char *)sqlite3_column_text(st, i);
		int n = sqlite3_column_bytes(st, i);
		for (int k = 0; k < n; k++)
			switch (p[k]) {
			case '\\': buf_puts(b, "\\\\"); break;
			case '\n': buf_puts(b, "\\n"); break;
			case '\r': buf_puts(b, "\\r"); break;
			case '\t': buf_puts(b, "\\t"); break;
			default: buf_putc(b, p[k]);
			}
	}
	}
}

static int pg_err(copy_ctx *c, const char *doing, const char *table)
{
	return err_set(c->e, FG_EFAIL, "%s %s：%s", doing, table, sql_errmsg(c->pg));
}

/* Copies table t; its rows in *rows. */
static int copy_table(copy_ctx *c, const ctable *t, int64_t *rows)
{
	buf sql = {0}, b = {0};
	buf_printf(&sql, "SELECT %s FROM \"%s\"", buf_cstr(&t->lite_cols), t->name);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(c->s->db, buf_cstr(&sql), -1, &st, NULL) != SQLITE_OK) {
		buf_free(&sql);
		return db_err(c->s, c->e, "读取数据库");
	}
	buf_reset(&sql);
	buf_printf(&sql, "COPY \"%s\" (%s) FROM STDIN", t->name, buf_cstr(&t->cols));
	int rc = sql_copy_begin(c->pg, buf_cstr(&sql)) == SQL_OK ? FG_OK : pg_err(c, "复制", t->name);
	*rows = 0;
	int step;
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < t->ncols; i++) {
			if (i)
				buf_putc(&b, '\t');
			copy_value(&b, st, i);
		}
		buf_putc(&b, '\n');
		++*rows;
		if (b.len >= COPY_FLUSH) {
			if (sql_copy_put(c->pg, buf_cstr(&b), b.len) != SQL_OK)
				rc = pg_err(c, "复制", t->name);
			buf_reset(&b);
		}
	}
	if (!rc && step != SQLITE_DONE)
		rc = db_err(c->s, c->e, "读取数据库");
	if (!rc && b.len && sql_copy_put(c->pg, buf_cstr(&b), b.len) != SQL_OK)
		rc = pg_err(c, "复制", t->name);
	if (sql_copy_end(c->pg) != SQL_OK && !rc)
		rc = pg_err(c, "复制", t->name);
	sqlite3_finalize(st);
	if (!rc && t->identity) {
		buf_reset(&sql);
		buf_printf(&sql,
			   "SELECT setval(pg_get_serial_sequence('\"%s\"', '%s'), m) FROM (SELECT max(\"%s\") AS m FROM \"%s\") x"
			   " WHERE m IS NOT NULL",
			   t->name, t->identity, t->identity, t->name);
		if (sql_exec(c->pg, buf_cstr(&sql)) != SQL_OK)
			rc = pg_err(c, "设置编号", t->name);
	}
	buf_free(&sql);
	buf_free(&b);
	return rc;
}

/* Whether column i of SQLite's row and of PostgreSQL's hold the same value. */
static int same_value(sqlite3_stmt *a, sql_st *b, int i)
{
	int ta = sqlite3_column_type(a, i), tb = sql_col_type(b, i);
	if (ta == SQLITE_NULL || tb == SQL_NULL)
		return ta == SQLITE_NULL && tb == SQL_NULL;
	switch (ta) {
	case SQLITE_INTEGER: return tb == SQL_INTEGER && sqlite3_column_int64(a, i) == sql_col_int64(b, i);
	case SQLITE_FLOAT: return tb == SQL_FLOAT && sqlite3_column_double(a, i) == sql_col_double(b, i);
	case SQLITE_BLOB: {
		int n = sqlite3_column_bytes(a, i);
		return tb == SQL_BLOB && sql_col_bytes(b, i) == n &&
		       memcmp(sqlite3_column_blob(a, i), sql_col_blob(b, i), (size_t)n) == 0;
	}
	default: {
		int n = sqlite3_column_bytes(a, i);
		return tb == SQL_TEXT && sql_col_bytes(b, i) == n &&
		       memcmp(sqlite3_column_text(a, i), sql_col_text(b, i), (size_t)n) == 0;
	}
	}
}

/* Reads table t back from both sides, ordered by its key, and compares every value. */
static int verify_table(copy_ctx *c, const ctable *t, int64_t rows)
{
	buf sql = {0};
	buf_printf(&sql, "SELECT %s FROM \"%s\" ORDER BY %s", buf_cstr(&t->lite_cols), t->name, buf_cstr(&t->order));
	sqlite3_stmt *a;
	if (sqlite3_prepare_v2(c->s->db, buf_cstr(&sql), -1, &a, NULL) != SQLITE_OK) {
		buf_free(&sql);
		return db_err(c->s, c->e, "读取数据库");
	}
	buf_reset(&sql);
	buf_printf(&sql, "DECLARE fgdj_verify NO SCROLL CURSOR FOR SELECT %s FROM \"%s\" ORDER BY %s", buf_cstr(&t->cols),
		   t->name, buf_cstr(&t->order));
	int rc = sql_exec(c->pg, buf_cstr(&sql)) == SQL_OK ? FG_OK : pg_err(c, "核对", t->name);
	buf_free(&sql);
	sql_st *b = NULL;
	if (!rc && sql_prepare(c->pg, FETCH_SQL, &b) != SQL_OK)
		rc = pg_err(c, "核对", t->name);
	int64_t n = 0;
	int got = 0; /* rows of the current fetch */
	while (!rc) {
		int sa = sqlite3_step(a);
		int sb = sql_step(b);
		if (sb == SQL_DONE && got == FETCH_ROWS) { /* the fetch ran out: the next one */
			sql_reset(b);
			got = 0;
			sb = sql_step(b);
		}
		if (sa != SQLITE_ROW && sa != SQLITE_DONE) {
			rc = db_err(c->s, c->e, "读取数据库");
			break;
		}
		if (sb != SQL_ROW && sb != SQL_DONE) {
			rc = pg_err(c, "核对", t->name);
			break;
		}
		if (sa == SQLITE_DONE && sb == SQL_DONE)
			break;
		if (sa != SQLITE_ROW || sb != SQL_ROW) {
			rc = err_set(c->e, FG_EFAIL, "核对 %s：行数不同（SQLite %lld 行）", t->name, (long long)rows);
			break;
		}
		got++;
		n++;
		for (int i = 0; i < t->ncols && !rc; i++)
			if (!same_value(a, b, i))
				rc = err_set(c->e, FG_EFAIL, "核对 %s：按键排序的第 %lld 行第 %d 列不同", t->name, (long long)n,
					     i + 1);
	}
	sqlite3_finalize(a);
	sql_finalize(b);
	if (sql_exec(c->pg, "CLOSE fgdj_verify") != SQL_OK && !rc)
		rc = pg_err(c, "核对", t->name);
	if (!rc && n != rows)
		rc = err_set(c->e, FG_EFAIL, "核对 %s：PostgreSQL %lld 行，SQLite %lld 行", t->name, (long long)n, (long long)rows);
	return rc;
}

/* The query that answers 1 when table holds a row that `fgdj init` did not write: a database made
 * by init holds only the root region and its closure row (store_pg_create), and counts as new. */
static void other_rows_sql(buf *q, const char *table)
{
	if (strcmp(table, "region") == 0)
		buf_puts(q, "SELECT EXISTS (SELECT 1 FROM region WHERE id <> 1 OR parent_id IS NOT NULL)");
	else if (strcmp(table, "region_tree") == 0)
		buf_puts(q, "SELECT EXISTS (SELECT 1 FROM region_tree WHERE ancestor <> 1 OR descendant <> 1)");
	else
		buf_printf(q, "SELECT EXISTS (SELECT 1 FROM \"%s\")", table);
}

int store_pg_target_new(const char *conninfo, int *fresh, fg_err *e)
{
	*fresh = 0;
	int version;
	sql_db *pg;
	int rc = store_pg_connect(conninfo, &pg, e);
	if (rc)
		return rc;
	rc = store_pg_version(pg, &version, e);
	*fresh = !rc && (version == 0 || version == store_schema_version());
	sql_st *list = NULL;
	if (!rc && version && sql_prepare(pg,
					  "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
					  " AND table_type = 'BASE TABLE' AND table_name <> 'fgdj_schema'",
					  &list) != SQL_OK)
		rc = err_set(e, FG_EFAIL, "PostgreSQL 读取表的清单：%s", sql_errmsg(pg));
	while (!rc && list && *fresh && sql_step(list) == SQL_ROW) {
		buf q = {0};
		other_rows_sql(&q, sql_col_text(list, 0));
		sql_st *st;
		if (sql_prepare(pg, buf_cstr(&q), &st) != SQL_OK)
			rc = err_set(e, FG_EFAIL, "PostgreSQL 读取表 %s：%s", sql_col_text(list, 0), sql_errmsg(pg));
		else if (sql_step(st) == SQL_ROW && sql_col_int64(st, 0))
			*fresh = 0;
		sql_finalize(st);
		buf_free(&q);
	}
	sql_finalize(list);
	sql_close(pg);
	if (rc)
		*fresh = 0;
	return rc;
}

int store_copy_to_pg(store *s, sql_db *pg, const char *who, int logged,
		     void (*report)(void *ctx, const char *table, int64_t rows), void *ctx, fg_err *e)
{
	int version, latest = store_schema_version();
	int rc = store_pg_version(pg, &version, e);
	if (rc)
		return rc;
	copy_ctx c = {.s = s, .pg = pg, .e = e};
	rc = store_read_begin(s, e);
	if (rc)
		return rc;
	rc = tables_read(&c);
	int64_t *rows = xcalloc(c.n + 1, sizeof *rows);
	/* An empty target only — or one `fgdj init` made, whose root region the copy's replaces: its
	 * history, like every ledger, must come from this copy alone. A new database gets its tables in
	 * the copy's transaction and its indexes after the rows. */
	for (size_t i = 0; !rc && version == latest && i < c.n; i++) {
		buf q = {0};
		other_rows_sql(&q, c.t[i].name);
		sql_st *st;
		if (sql_prepare(pg, buf_cstr(&q), &st) != SQL_OK)
			rc = pg_err(&c, "读取", c.t[i].name);
		else if (sql_step(st) == SQL_ROW && sql_col_int64(st, 0))
			rc = err_set(e, FG_EINPUT, "PostgreSQL 数据库已有数据（表 %s 不空）：只能复制到新建的空数据库", c.t[i].name);
		sql_finalize(st);
		buf_free(&q);
	}
	if (!rc && sql_exec(pg, "BEGIN") != SQL_OK)
		rc = err_set(e, FG_EFAIL, "PostgreSQL 开始事务：%s", sql_errmsg(pg));
	int began = !rc;
	/* A database fgdj init made: its root region goes (the copy brings the file's), and its
	 * marking triggers, already there, write to this session's tables. */
	if (!rc && version == latest && sql_exec(pg, "DELETE FROM region_tree; DELETE FROM region") != SQL_OK)
		rc = pg_err(&c, "清空", "region");
	if (!rc && version == latest && store_extras_marks(pg) != SQL_OK)
		rc = pg_err(&c, "准备", "extras");
	buf later = {0};
	if (!rc && version != latest)
		rc = store_pg_create(pg, &later, e);
	/* Referenced tables first. */
	for (size_t left = c.n; !rc && left;) {
		size_t before = left;
		for (size_t i = 0; !rc && i < c.n; i++) {
			int ok;
			if (c.t[i].done)
				continue;
			rc = refs_done(&c, &c.t[i], &ok);
			if (rc || !ok)
				continue;
			rc = copy_table(&c, &c.t[i], &rows[i]);
			c.t[i].done = 1;
			left--;
		}
		if (!rc && left == before)
			rc = err_set(e, FG_EFAIL, "内部错误：表的外键成环，无法排定复制顺序");
	}
	if (!rc && later.len)
		rc = store_pg_later(pg, &later, e);
	buf_free(&later);
	for (size_t i = 0; !rc && i < c.n; i++) {
		rc = verify_table(&c, &c.t[i], rows[i]);
		if (!rc && report)
			report(ctx, c.t[i].name, rows[i]);
	}
	if (!rc && logged) {
		char now[32];
		date_now_text(now);
		int64_t total = 0;
		for (size_t i = 0; i < c.n; i++)
			total += rows[i];
		json_t *j = json_pack("{s:s,s:s,s:i,s:I,s:i}", "what", "复制到 PostgreSQL", "from", store_path(s), "tables",
				      (int)c.n, "rows", (json_int_t)total, "version", latest);
		char *detail = json_dumps(j, JSON_COMPACT);
		json_decref(j);
		sql_st *st;
		if (sql_prepare(pg, "INSERT INTO history (at, who, tbl, key, op, new, source) VALUES (?1, ?2, 'database', ?3,"
				    " 'insert', ?4, 'migrate --to')",
				&st) != SQL_OK)
			rc = pg_err(&c, "写入", "history");
		else {
			sql_bind_text(st, 1, now);
			sql_bind_text(st, 2, who);
			sql_bind_text(st, 3, store_path(s));
			sql_bind_text(st, 4, detail);
			if (sql_step(st) != SQL_DONE)
				rc = pg_err(&c, "写入", "history");
			sql_finalize(st);
		}
		free(detail);
	}
	if (!rc && sql_exec(pg, "COMMIT") != SQL_OK)
		rc = err_set(e, FG_EFAIL, "PostgreSQL 提交：%s", sql_errmsg(pg));
	else if (rc && began)
		sql_exec(pg, "ROLLBACK");
	store_read_end(s);
	free(rows);
	tables_free(c.t, c.n);
	return rc;
}

int store_copy_to(store *s, const char *target, const char *who, int logged,
		  void (*report)(void *ctx, const char *table, int64_t rows), void *ctx, fg_err *e)
{
	if (!sql_target_is_pg(target))
		return err_set(e, FG_EINPUT, "目标应为 PostgreSQL 数据库地址（postgresql://用户@主机/数据库）");
	if (!s->db)
		return err_set(e, FG_EINPUT, "数据库已在 PostgreSQL 上：--to 复制的是 SQLite 数据库文件（--db 文件）");
	sql_db *pg;
	int rc = store_pg_connect(target, &pg, e);
	if (rc)
		return rc;
	rc = store_copy_to_pg(s, pg, who, logged, report, ctx, e);
	sql_close(pg);
	return rc;
}
