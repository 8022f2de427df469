/* sql — one statement interface over the two database backends: SQLite (the embedded default, a
 * file path) and PostgreSQL (a server, through libpq). The store writes each statement once in the
 * portable subset of SQL and runs it through these calls on either backend; what the two spell
 * differently lives in dialect.h (expressions) and in the backend's own branch here (connection,
 * transactions, errors).
 *
 * The calls mirror SQLite's: prepare once, bind (1-based), step to SQL_ROW … SQL_DONE, read
 * columns (0-based) of the current row, reset to run again with the same bindings. On PostgreSQL:
 * - `?` and `?N` become `$N` by SQLite's numbering (a bare `?` is one more than the largest
 *   number so far); text inside '…', "…" and comments is left alone.
 * - The statement runs at its first step and its whole result is held by the client until reset,
 *   so another statement may run on the connection while one is being stepped, as on SQLite.
 * - A parameter the statement does not use is typed text; one whose type the server cannot infer
 *   (`SELECT ?`) must be written `CAST(? AS …)` — portable, and needed anyway.
 * - Values come back as text and are read as SQLite would convert them: booleans read 1 / 0,
 *   numeric text is parsed, bytea is decoded.
 * - A statement that fails inside a transaction aborts that transaction (PostgreSQL's rule): the
 *   store writes statements that do not fail by design (ON CONFLICT …) and treats a failure as the
 *   end of the transaction on both backends.
 * Internal to src/store. Not thread-safe: one connection per thread, as the store. */
#ifndef FGDJ_SQL_H
#define FGDJ_SQL_H
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "util/bytes.h"

typedef enum sql_backend { SQL_SQLITE, SQL_PG } sql_backend;

/* Results of sql_step / sql_exec and the error class of sql_errcode; the values are SQLite's. */
enum {
	SQL_OK = 0,
	SQL_ERROR = 1,
	SQL_BUSY = 5,        /* another writer holds the data (SQLite busy, PostgreSQL 40001 / 40P01 / 55P03) */
	SQL_CONSTRAINT = 19, /* a unique, foreign key, not-null or check constraint (PostgreSQL class 23) */
	SQL_ROW = 100,
	SQL_DONE = 101
};
/* Column types of sql_col_type; the values are SQLite's. */
enum { SQL_INTEGER = 1, SQL_FLOAT = 2, SQL_TEXT = 3, SQL_BLOB = 4, SQL_NULL = 5 };

typedef struct sql_db sql_db;
typedef struct sql_st sql_st;

struct sql_db {
	sql_backend backend;
	sqlite3 *lite;     /* SQLite: the connection (owned by whoever opened it) */
	PGconn *pg;        /* PostgreSQL: the connection (owned) */
	int nprepared;     /* PostgreSQL: statements named so far on this connection */
	int64_t changes;   /* PostgreSQL: rows changed by the last statement */
	int errcode;       /* PostgreSQL: SQL_ERROR / SQL_BUSY / SQL_CONSTRAINT of the last failure */
	int lost;          /* PostgreSQL: a statement failed with SQL_BUSY since the owner last cleared this */
	char *errmsg;      /* PostgreSQL: the last failure's message (owned) */
	int64_t last_id;   /* PostgreSQL: the key the last INSERT … VALUES returned (sql_last_id) */
	int pending;       /* PostgreSQL: writes sent by sql_step_write whose answers are not read yet */
	int counted;       /* PostgreSQL: 1 + the place among them of the one sql_step_counted sent (0: none) */
	int64_t counted_rows; /* the rows the last sql_step_counted statement answered (-1: not read yet) */
	int partitioned;   /* PostgreSQL: the database is partitioned by district, its hints loaded (sql_open_pg) */
	const atomic_int *stop; /* sql_stop_on */
};

struct sql_st {
	sql_db *db;
	sqlite3_stmt *lite; /* SQLite: the statement; NULL on PostgreSQL */
	/* PostgreSQL */
	char name[24];      /* the prepared statement's name on the connection ("" until prepared) */
	char *text;         /* the statement in PostgreSQL's spelling (owned) */
	unsigned *types;    /* per parameter: the type oid it was prepared with (0: the server's inference) … */
	unsigned *kinds;    /* … and the type of the value bound now (0: text or NULL) */
	int untyped;        /* the last PREPARE failed for want of the parameters' types */
	size_t returning;   /* an INSERT … VALUES run with " RETURNING id" added: the text's length without it */
	int nparams;
	const char **vals;  /* per parameter: its text (NULL: SQL NULL) … */
	int *lens, *fmts;   /* … its length and format (1: binary, for blobs) */
	char **own;         /* … the copy it owns, when bound with a copy or a number */
	PGresult *res;      /* the result of the current run, NULL before the first step */
	int row, nrows;     /* the current row (-1 before the first) and how many there are */
	unsigned char *blob; /* the last bytea read, decoded (owned) … */
	size_t blobn;        /* … and its length … */
	const PGresult *blob_res; /* … of this result, row and column (decoded once: SQLite's rule */
	int blob_row, blob_col;   /* that a blob's pointer outlives asking its length holds here too) */
};

/* A handle over an SQLite connection opened by the caller (which keeps and closes it). */
sql_db *sql_wrap_sqlite(sqlite3 *lite);
/* Connects to a PostgreSQL server (conninfo: a postgresql:// URI or "key=value …"). 0 on success;
 * else SQL_ERROR with *err the reason in Chinese (caller frees). */
int sql_open_pg(const char *conninfo, sql_db **out, char **err);
/* Whether target names a PostgreSQL server rather than an SQLite file. */
int sql_target_is_pg(const char *target);
/* Frees the handle; closes the PostgreSQL connection (not an SQLite one). */
void sql_close(sql_db *db);

/* Runs statements without parameters or results (several, separated by ';'). */
int sql_exec(sql_db *db, const char *sql);
/* sql_exec, and *v the first column of the first row of the last statement's answer (as an
 * integer; NULL 0), in one round trip on PostgreSQL. SQL_ERROR (*v unchanged) when that statement
 * gave no row or one failed. */
int sql_exec_value(sql_db *db, const char *sql, int64_t *v);
/* The last failure: its class (SQL_ERROR, SQL_BUSY, SQL_CONSTRAINT) and message. */
int sql_errcode(sql_db *db);
const char *sql_errmsg(sql_db *db);
/* Rows changed by the last INSERT, UPDATE or DELETE. */
int64_t sql_changes(sql_db *db);
/* The key the last INSERT gave its row. SQLite: last_insert_rowid(). PostgreSQL: the statement
 * layer adds " RETURNING id" to each INSERT … VALUES of a table that has an id column (found when
 * it is prepared) and keeps what the last one returned, with no round trip of its own. */
int64_t sql_last_id(sql_db *db);

/* How each backend begins a write and a read transaction (static strings). SQLite: BEGIN
 * IMMEDIATE (the one writer), a deferred BEGIN whose snapshot its first read takes. PostgreSQL: a read-committed write
 * transaction (writers run side by side: each statement sees what others committed before it
 * began, a row another writer holds is waited for and then read as committed; the store locks
 * the rows its kept tables are computed from, docs/postgresql.md), a read-only repeatable-read
 * transaction whose snapshot the first statement takes. */
const char *sql_begin_write(const sql_db *db);
const char *sql_begin_read(const sql_db *db);

/* From now on (stop NULL: no longer) the statements on db fail (SQL_ERROR) once *stop is non-zero — set by another thread
 * to end the owner's long computation, say at exit: SQLite interrupts a running statement within a
 * thousand virtual machine steps (a progress handler), PostgreSQL refuses each statement before it
 * is sent (one running completes). sql_exec (transactions' ends) is left alone on PostgreSQL. */
void sql_stop_on(sql_db *db, const atomic_int *stop);

/* Prepares sql; *out is freed with sql_finalize. SQL_OK or SQL_ERROR (sql_errmsg says why). */
int sql_prepare(sql_db *db, const char *sql, sql_st **out);
void sql_finalize(sql_st *st);
/* Ends the current run; the bindings stay. */
static inline void sql_reset(sql_st *st);
/* Sets every parameter to NULL. */
static inline void sql_clear(sql_st *st);

static inline void sql_bind_null(sql_st *st, int i);
static inline void sql_bind_int64(sql_st *st, int i, int64_t v);
static inline void sql_bind_double(sql_st *st, int i, double v);
/* Binds text without copying: v must stay alive until the statement is reset. NULL → SQL NULL. */
static inline void sql_bind_text(sql_st *st, int i, const char *v);
/* Binds a copy of n bytes of v (n < 0: up to its NUL). */
void sql_bind_text_copy(sql_st *st, int i, const char *v, int n);
/* Binds a copy of n bytes as a blob (PostgreSQL bytea). */
void sql_bind_blob(sql_st *st, int i, const void *v, int n);

/* The next row (SQL_ROW), the end (SQL_DONE) or a failure (SQL_ERROR, SQL_BUSY, SQL_CONSTRAINT). */
static inline int sql_step(sql_st *st);
/* Runs a write whose answer the caller does not read (no rows, no sql_changes, no sql_last_id):
 * SQL_DONE, or a failure. SQLite: sql_step. PostgreSQL, inside a transaction: the statement is
 * sent without waiting for its answer (libpq's pipeline mode), so that a run of such writes costs
 * one round trip; the next call that needs the server (a step, sql_exec — COMMIT included —, a
 * prepare) first reads the answers, and a write among them that failed fails that call, with the
 * write's own error, before it runs (the transaction is then over, as after any failure).
 * Outside a transaction it is sql_step. */
int sql_step_write(sql_st *st);
/* sql_step_write of a statement that answers rows (a SELECT … FOR UPDATE that locks them), counting
 * them: sql_counted_rows tells how many once its answer is read — at once on SQLite and outside a
 * transaction; on PostgreSQL inside one, by the next call that reads from the server (the step
 * that follows), so that the count costs no round trip of its own. -1 until then, and when the
 * statement failed or was skipped. */
int sql_step_counted(sql_st *st);
int64_t sql_counted_rows(const sql_db *db);
/* The statement's rows, already read, stepped again from the first on the next sql_step — on
 * PostgreSQL without running it again (its answer is kept until the statement is reset); on SQLite
 * sql_reset: the next step runs it again. */
void sql_rewind(sql_st *st);
int sql_col_count(sql_st *st);
/* The largest parameter number of the statement. */
int sql_param_count(sql_st *st);
static inline int sql_col_type(sql_st *st, int i);
static inline int64_t sql_col_int64(sql_st *st, int i);
static inline double sql_col_double(sql_st *st, int i);
/* The column as text (NULL for SQL NULL), valid until the next step or reset. */
static inline const char *sql_col_text(sql_st *st, int i);
/* The same, "" for SQL NULL. */
static inline const char *sql_col_str(sql_st *st, int i);
/* Bytes of the column's text or blob. */
static inline int sql_col_bytes(sql_st *st, int i);
static inline const void *sql_col_blob(sql_st *st, int i);

/* PostgreSQL's bulk load (COPY … FROM STDIN in text format): sql_copy_begin runs the COPY
 * statement, sql_copy_put sends rows (each ends in '\n'; tab between values, \N for NULL, '\\',
 * '\n', '\r', '\t' escaped), sql_copy_end finishes it (the rows sent are in when it returns
 * SQL_OK). SQL_ERROR on SQLite, which has no such statement. */
int sql_copy_begin(sql_db *db, const char *copy_sql);
int sql_copy_put(sql_db *db, const char *data, size_t n);
int sql_copy_end(sql_db *db);

/* The blob in column of table's row rowid read a part at a time, where the backend can (SQLite's
 * incremental blob reads; within the connection's transaction): SQL_OK with *src reading it (until
 * sql_blob_close), else SQL_ERROR — no such row, or a backend that reads a value only whole
 * (PostgreSQL: the caller reads the column). */
int sql_blob_open(sql_db *db, const char *table, const char *column, int64_t rowid, byte_source *src);
void sql_blob_close(byte_source *src);

/* SQL text as PostgreSQL reads it: `?` / `?N` → `$N`; the text of dialect.h SQL_PG_ONLY kept, that
 * of SQL_PART_ONLY only if part (a database partitioned by district), else dropped. Returns a new string (caller frees) and the
 * largest parameter number in *nparams; used[k - 1] is set for each number k that occurs (used has
 * room for SQL_MAX_PARAMS entries). NULL when a number exceeds SQL_MAX_PARAMS. */
#define SQL_MAX_PARAMS 999
char *sql_pg_text(const char *sql, int part, int *nparams, unsigned char *used);
/* The i-th SQLite spelling sql_pg_text translates (NULL past the last). */
const char *sql_pg_word(size_t i);

/* The calls of every row, inline: SQLite's directly, PostgreSQL's in sql.c. */
int sql_lite_code(int rc);
void sql_pg_reset(sql_st *st);
void sql_pg_clear(sql_st *st);
void sql_pg_bind_null(sql_st *st, int i);
void sql_pg_bind_int64(sql_st *st, int i, int64_t v);
void sql_pg_bind_double(sql_st *st, int i, double v);
void sql_pg_bind_text(sql_st *st, int i, const char *v);
int sql_pg_step(sql_st *st);
int sql_pg_col_type(sql_st *st, int i);
int64_t sql_pg_col_int64(sql_st *st, int i);
double sql_pg_col_double(sql_st *st, int i);
const char *sql_pg_col_text(sql_st *st, int i);
int sql_pg_col_bytes(sql_st *st, int i);
const void *sql_pg_col_blob(sql_st *st, int i);

static inline void sql_reset(sql_st *st)
{
	if (st->lite)
		sqlite3_reset(st->lite);
	else
		sql_pg_reset(st);
}

static inline void sql_clear(sql_st *st)
{
	if (st->lite)
		sqlite3_clear_bindings(st->lite);
	else
		sql_pg_clear(st);
}

static inline void sql_bind_null(sql_st *st, int i)
{
	if (st->lite)
		sqlite3_bind_null(st->lite, i);
	else
		sql_pg_bind_null(st, i);
}

static inline void sql_bind_int64(sql_st *st, int i, int64_t v)
{
	if (st->lite)
		sqlite3_bind_int64(st->lite, i, v);
	else
		sql_pg_bind_int64(st, i, v);
}

static inline void sql_bind_double(sql_st *st, int i, double v)
{
	if (st->lite)
		sqlite3_bind_double(st->lite, i, v);
	else
		sql_pg_bind_double(st, i, v);
}

static inline void sql_bind_text(sql_st *st, int i, const char *v)
{
	if (!st->lite)
		sql_pg_bind_text(st, i, v);
	else if (v)
		sqlite3_bind_text(st->lite, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st->lite, i);
}

static inline int sql_step(sql_st *st)
{
	if (!st->lite)
		return sql_pg_step(st);
	int rc = sqlite3_step(st->lite);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? rc : sql_lite_code(rc);
}

static inline int sql_col_type(sql_st *st, int i)
{
	return st->lite ? sqlite3_column_type(st->lite, i) : sql_pg_col_type(st, i);
}

static inline int64_t sql_col_int64(sql_st *st, int i)
{
	return st->lite ? sqlite3_column_int64(st->lite, i) : sql_pg_col_int64(st, i);
}

static inline double sql_col_double(sql_st *st, int i)
{
	return st->lite ? sqlite3_column_double(st->lite, i) : sql_pg_col_double(st, i);
}

static inline const char *sql_col_text(sql_st *st, int i)
{
	return st->lite ? (const char *)sqlite3_column_text(st->lite, i) : sql_pg_col_text(st, i);
}

static inline const char *sql_col_str(sql_st *st, int i)
{
	const char *v = sql_col_text(st, i);
	return v ? v : "";
}

static inline int sql_col_bytes(sql_st *st, int i)
{
	return st->lite ? sqlite3_column_bytes(st->lite, i) : sql_pg_col_bytes(st, i);
}

static inline const void *sql_col_blob(sql_st *st, int i)
{
	return st->lite ? sqlite3_column_blob(st->lite, i) : sql_pg_col_blob(st, i);
}

#endif
