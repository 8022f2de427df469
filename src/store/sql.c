/* sql — the statement interface over SQLite and PostgreSQL (sql.h). */
#include "store/sql.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store/dialect.h"
#include "util/buf.h"
#include "util/dl.h"

/* libpq's functions, bound when the first PostgreSQL database is opened (util/dl.h): a process on
 * SQLite never loads libpq and the libraries it needs. */
#define PQ_FUNCS(X) \
	X(PQclear) X(PQcmdTuples) X(PQconnectdb) X(PQenterPipelineMode) X(PQerrorMessage) X(PQexec) \
	X(PQexecPrepared) X(PQexitPipelineMode) X(PQfinish) X(PQfreemem) X(PQftype) X(PQgetResult) \
	X(PQgetisnull) X(PQgetlength) X(PQgetvalue) X(PQnfields) X(PQntuples) X(PQpipelineSync) \
	X(PQprepare) X(PQputCopyData) X(PQputCopyEnd) X(PQresultErrorField) X(PQresultErrorMessage) \
	X(PQresultStatus) X(PQsendQueryPrepared) X(PQsetClientEncoding) X(PQsetNoticeProcessor) \
	X(PQstatus) X(PQtransactionStatus) X(PQunescapeBytea)
static struct {
	PQ_FUNCS(DL_POINTER)
} pq;
static char pq_error[256];

static void pq_load(void)
{
	dl_libs l;
	if (dl_open(&l, DL_LIBPQ, pq_error, sizeof pq_error) == 0) {
#define PQ_BIND(f) dl_bind(&l, #f, &pq.f, pq_error, sizeof pq_error);
		PQ_FUNCS(PQ_BIND)
#undef PQ_BIND
	}
}

/* PostgreSQL type oids (catalog/pg_type_d.h, not shipped by libpq-dev). */
enum { OID_BOOL = 16, OID_BYTEA = 17, OID_INT8 = 20, OID_INT2 = 21, OID_INT4 = 23, OID_TEXT = 25,
       OID_OID = 26, OID_FLOAT4 = 700, OID_FLOAT8 = 701, OID_NUMERIC = 1700 };

static int word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
}

/* Whether p starts with the keyword w (any case). */
static int kw(const char *p, const char *w)
{
	size_t n = strlen(w);
	return strncasecmp(p, w, n) == 0 && !word_char(p[n]);
}

static const char *skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

/* FGDJ_SQL_COUNT=1: what this process asked of PostgreSQL, printed to stderr at its exit — the
 * round trips (each time it waited for the server's answer) and the statements it sent. */
static long long pg_trips, pg_sent;

static void count_print(void)
{
	fprintf(stderr, "fgdj: PostgreSQL 往返 %lld 次，发送语句 %lld 条\n", pg_trips, pg_sent);
}

/* One statement sent; trip: its answer waited for before anything else is sent. */
static void count(int trip)
{
	pg_sent++;
	pg_trips += trip;
}

/* PQexec, counted. */
static PGresult *pg_exec(PGconn *c, const char *sql)
{
	count(1);
	return pq.PQexec(c, sql);
}

/* FGDJ_SQL_PROFILE=1 (SQLite): each statement's time summed over its runs (SQLite's own measure,
 * sqlite3_trace_v2's PROFILE), the 30 most costly printed at exit — where a computation's reading
 * goes; FGDJ_SQL_PROFILE=all: every statement (what a test asks was or was not read). For the
 * developer; every connection of the process adds to one table. */
enum { PROFILE_MAX = 512, PROFILE_PRINT = 30 };
static struct profiled {
	char *sql;
	unsigned long long ns;
	unsigned long runs;
} profiled[PROFILE_MAX];
static size_t nprofiled;
static int profile_all;
static pthread_mutex_t profile_mu = PTHREAD_MUTEX_INITIALIZER;

static int profile_one(unsigned type, void *ctx, void *stmt, void *ns)
{
	(void)type;
	(void)ctx;
	const char *text = sqlite3_sql(stmt);
	if (!text)
		return 0;
	pthread_mutex_lock(&profile_mu);
	size_t i = 0;
	while (i < nprofiled && strcmp(profiled[i].sql, text) != 0)
		i++;
	if (i == nprofiled && nprofiled < PROFILE_MAX)
		profiled[nprofiled++].sql = xstrdup(text);
	if (i < nprofiled) {
		profiled[i].ns += *(const unsigned long long *)ns;
		profiled[i].runs++;
	}
	pthread_mutex_unlock(&profile_mu);
	return 0;
}

static int profile_order(const void *a, const void *b)
{
	const struct profiled *x = a, *y = b;
	return (x->ns < y->ns) - (x->ns > y->ns);
}

static void profile_print(void)
{
	qsort(profiled, nprofiled, sizeof *profiled, profile_order);
	for (size_t i = 0; i < nprofiled; i++) {
		if (i < PROFILE_PRINT || profile_all)
			fprintf(stderr, "fgdj: SQL %9.1f ms %7lu 次  %.200s\n", (double)profiled[i].ns / 1e6,
				profiled[i].runs, profiled[i].sql);
		free(profiled[i].sql);
	}
	nprofiled = 0;
}

sql_db *sql_wrap_sqlite(sqlite3 *lite)
{
	static int profiling;
	const char *prof = getenv("FGDJ_SQL_PROFILE");
	if (prof && (strcmp(prof, "1") == 0 || strcmp(prof, "all") == 0)) {
		sqlite3_trace_v2(lite, SQLITE_TRACE_PROFILE, profile_one, NULL);
		pthread_mutex_lock(&profile_mu);
		if (!profiling++)
			atexit(profile_print);
		profile_all = strcmp(prof, "all") == 0;
		pthread_mutex_unlock(&profile_mu);
	}
	sql_db *db = xcalloc(1, sizeof *db);
	db->backend = SQL_SQLITE;
	db->lite = lite;
	return db;
}

static int lite_stopped(void *stop)
{
	return atomic_load((const atomic_int *)stop) != 0;
}

void sql_stop_on(sql_db *db, const atomic_int *stop)
{
	db->stop = stop;
	if (db->lite)
		sqlite3_progress_handler(db->lite, stop ? 1000 : 0, stop ? lite_stopped : NULL, (void *)(uintptr_t)stop);
}

int sql_target_is_pg(const char *target)
{
	return strncmp(target, "postgresql://", 13) == 0 || strncmp(target, "postgres://", 11) == 0;
}

static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

int sql_open_pg(const char *conninfo, sql_db **out, char **err)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, pq_load);
	if (pq_error[0]) {
		buf b = {0};
		buf_printf(&b, "无法使用 PostgreSQL 数据库：没有可用的客户端库 %s；请安装 Debian 软件包 libpq5", pq_error);
		*err = buf_detach(&b);
		return SQL_ERROR;
	}
	PGconn *c = pq.PQconnectdb(conninfo);
	if (!c || pq.PQstatus(c) != CONNECTION_OK) {
		const char *why = c ? pq.PQerrorMessage(c) : "内存不足";
		size_t n = strlen(why);
		while (n && (why[n - 1] == '\n' || why[n - 1] == ' '))
			n--;
		buf b = {0};
		buf_printf(&b, "无法连接 PostgreSQL 数据库：%.*s", (int)n, why);
		*err = buf_detach(&b);
		pq.PQfinish(c);
		return SQL_ERROR;
	}
	if (pq.PQsetClientEncoding(c, "UTF8") != 0) {
		*err = xstrdup("PostgreSQL 数据库不接受 UTF-8 编码的连接");
		pq.PQfinish(c);
		return SQL_ERROR;
	}
	pq.PQsetNoticeProcessor(c, quiet, NULL); /* the server's notices are not the user's business */
	static int counting;
	const char *cnt = getenv("FGDJ_SQL_COUNT");
	if (!counting && cnt && strcmp(cnt, "1") == 0) {
		counting = 1;
		atexit(count_print);
	}
	sql_db *db = xcalloc(1, sizeof *db);
	db->backend = SQL_PG;
	db->pg = c;
	/* dialect.h SQL_PART_ONLY: the database is partitioned by district (scripts/pg_partition.sql
	 * made org a partitioned table) and has the functions its hints call (fg_held_floor, defined by
	 * the same script). Read once: a database partitioned later is read so by the next connection. */
	PGresult *r = pg_exec(c, "SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass('org')"
				 " AND to_regprocedure('fg_held_floor(bigint)') IS NOT NULL");
	db->partitioned = pq.PQresultStatus(r) == PGRES_TUPLES_OK && pq.PQntuples(r) == 1;
	pq.PQclear(r);
	*out = db;
	return SQL_OK;
}

void sql_close(sql_db *db)
{
	if (!db)
		return;
	if (db->pg)
		pq.PQfinish(db->pg);
	free(db->errmsg);
	free(db);
}

int sql_lite_code(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK: return SQL_OK;
	case SQLITE_ROW: return SQL_ROW;
	case SQLITE_DONE: return SQL_DONE;
	case SQLITE_BUSY:
	case SQLITE_LOCKED: return SQL_BUSY;
	case SQLITE_CONSTRAINT: return SQL_CONSTRAINT;
	default: return SQL_ERROR;
	}
}

/* Records a PostgreSQL failure (res may be NULL: the connection's message) and returns its class. */
static int pg_fail(sql_db *db, const PGresult *res)
{
	const char *state = res ? pq.PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? pq.PQresultErrorMessage(res) : "";
	if (!msg || !*msg)
		msg = pq.PQerrorMessage(db->pg);
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		n--;
	free(db->errmsg);
	db->errmsg = xmalloc(n + 1);
	memcpy(db->errmsg, msg, n);
	db->errmsg[n] = 0;
	if (state && strncmp(state, "23", 2) == 0)
		db->errcode = SQL_CONSTRAINT;
	else if (state && (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03")))
		db->errcode = db->lost = SQL_BUSY;
	else
		db->errcode = SQL_ERROR;
	return db->errcode;
}

/* The rows an INSERT, UPDATE or DELETE reported. */
static void pg_changes(sql_db *db, PGresult *res)
{
	const char *n = pq.PQcmdTuples(res);
	db->changes = n && *n ? strtoll(n, NULL, 10) : 0;
}

/* PostgreSQL: reads the answers to the writes sql_step_write sent (db->pending), with st's own
 * run sent after them when st is not NULL (its result, or NULL, in *res): one round trip for all.
 * Leaves pipeline mode. SQL_OK, or the first failure among them (st's run is then skipped by the
 * server and *res is NULL). */
static int pg_drain(sql_db *db, sql_st *st, PGresult **res)
{
	PGconn *c = db->pg;
	int rc = SQL_OK, expect = db->pending, failed = 0;
	int counted = db->counted - 1; /* the place of sql_step_counted's statement among them, or -1 */
	db->counted = 0;
	if (res)
		*res = NULL;
	if (st) {
		if (pq.PQsendQueryPrepared(c, st->name, st->nparams, st->vals, st->lens, st->fmts, 0) == 1)
			expect++, count(0);
		else
			rc = pg_fail(db, NULL), st = NULL;
	}
	db->pending = 0;
	pg_trips++; /* the sync: every answer sent for is read now */
	if (pq.PQpipelineSync(c) != 1 && rc == SQL_OK)
		rc = pg_fail(db, NULL);
	for (int ended = 0;;) {
		PGresult *r = pq.PQgetResult(c);
		if (!r) { /* the end of one statement's results */
			if (++ended > expect || pq.PQstatus(c) != CONNECTION_OK)
				break;
			continue;
		}
		ExecStatusType t = pq.PQresultStatus(r);
		if (t == PGRES_PIPELINE_SYNC) {
			pq.PQclear(r);
			break;
		}
		if (ended == counted && t == PGRES_TUPLES_OK)
			db->counted_rows = pq.PQntuples(r);
		if (ended == expect - 1 && st && (t == PGRES_TUPLES_OK || t == PGRES_COMMAND_OK) && res && !*res) {
			*res = r; /* st's own answer, the last before the sync */
			continue;
		}
		if (t == PGRES_FATAL_ERROR && rc == SQL_OK) {
			rc = pg_fail(db, r);
			failed = 1;
		}
		pq.PQclear(r);
	}
	if (pq.PQstatus(c) != CONNECTION_OK && rc == SQL_OK)
		rc = pg_fail(db, NULL);
	pq.PQexitPipelineMode(c);
	if (rc != SQL_OK && res && *res) {
		pq.PQclear(*res);
		*res = NULL;
	}
	if (failed && getenv("FGDJ_SQL_DEBUG"))
		fprintf(stderr, "fgdj: SQL (a write sent before): %s\n", db->errmsg);
	return rc;
}

int sql_exec(sql_db *db, const char *sql)
{
	if (db->backend == SQL_SQLITE)
		return sql_lite_code(sqlite3_exec(db->lite, sql, NULL, NULL, NULL));
	/* The writes sent before are read first: a failure among them fails this call (ROLLBACK aside). */
	if (db->pending && pg_drain(db, NULL, NULL) != SQL_OK && !kw(skip_space(sql), "ROLLBACK"))
		return db->errcode;
	PGresult *res = pg_exec(db->pg, sql);
	ExecStatusType t = res ? pq.PQresultStatus(res) : PGRES_FATAL_ERROR;
	int rc = SQL_OK;
	if (t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK)
		pg_changes(db, res);
	else
		rc = pg_fail(db, res);
	pq.PQclear(res);
	return rc;
}

int sql_exec_value(sql_db *db, const char *sql, int64_t *v)
{
	if (db->backend == SQL_SQLITE) {
		/* Statement by statement: the last one's first row is kept. */
		struct {
			int64_t v;
			int rows;
		} x = {0, 0};
		const char *tail = sql;
		while (tail && *skip_space(tail)) {
			sqlite3_stmt *st;
			int rc = sqlite3_prepare_v2(db->lite, tail, -1, &st, &tail);
			if (rc != SQLITE_OK)
				return sql_lite_code(rc);
			if (!st)
				break;
			x.rows = 0;
			x.v = 0;
			while ((rc = sqlite3_step(st)) == SQLITE_ROW)
				if (!x.rows++)
					x.v = sqlite3_column_int64(st, 0);
			sqlite3_finalize(st);
			if (rc != SQLITE_DONE)
				return sql_lite_code(rc);
		}
		if (!x.rows)
			return SQL_ERROR;
		*v = x.v;
		return SQL_OK;
	}
	if (db->pending && pg_drain(db, NULL, NULL) != SQL_OK)
		return db->errcode;
	PGresult *res = pg_exec(db->pg, sql); /* the last statement's answer */
	ExecStatusType t = res ? pq.PQresultStatus(res) : PGRES_FATAL_ERROR;
	int rc = SQL_OK;
	if (t == PGRES_TUPLES_OK && pq.PQntuples(res) > 0 && pq.PQnfields(res) > 0)
		*v = pq.PQgetisnull(res, 0, 0) ? 0 : strtoll(pq.PQgetvalue(res, 0, 0), NULL, 10);
	else if (t == PGRES_TUPLES_OK || t == PGRES_COMMAND_OK)
		rc = db->errcode = SQL_ERROR;
	else
		rc = pg_fail(db, res);
	pq.PQclear(res);
	return rc;
}

int sql_errcode(sql_db *db)
{
	return db->backend == SQL_SQLITE ? sql_lite_code(sqlite3_errcode(db->lite)) : db->errcode;
}

const char *sql_errmsg(sql_db *db)
{
	if (db->backend == SQL_SQLITE)
		return sqlite3_errmsg(db->lite);
	return db->errmsg ? db->errmsg : "";
}

int64_t sql_changes(sql_db *db)
{
	return db->backend == SQL_SQLITE ? sqlite3_changes64(db->lite) : db->changes;
}

int64_t sql_last_id(sql_db *db)
{
	return db->backend == SQL_SQLITE ? sqlite3_last_insert_rowid(db->lite) : db->last_id;
}

int sql_param_count(sql_st *st)
{
	return st->lite ? sqlite3_bind_parameter_count(st->lite) : st->nparams;
}

/* The SQLite spellings the store's SQL uses that PostgreSQL spells otherwise, translated when a
 * statement is prepared on PostgreSQL: whole words, outside quotes and comments. Everything else
 * is written once in the subset both read (docs/postgresql.md). */
static const struct {
	const char *lite, *pg;
} PG_WORDS[] = {
	{"group_concat(", "string_agg("}, /* dialect.h SQL_LIST: the same arguments */
	{"INSERT OR FAIL INTO", "INSERT INTO"}, /* a failing statement ends the transaction on both */
	/* SQLite's JSON functions as the schema defines them for PostgreSQL (schema_pg.c): the same text. */
	{"json_object(", "fg_json_object("},
	{"json_extract(", "fg_json_extract("},
	/* SQLite's byte order, the schema's text collation on PostgreSQL (TEXT COLLATE "C"). */
	{"COLLATE BINARY", "COLLATE \"C\""},
};

const char *sql_pg_word(size_t i)
{
	return i < sizeof PG_WORDS / sizeof PG_WORDS[0] ? PG_WORDS[i].lite : NULL;
}

char *sql_pg_text(const char *sql, int part, int *nparams, unsigned char *used)
{
	buf b = {0};
	int max = 0, pg_only = 0;
	memset(used, 0, SQL_MAX_PARAMS);
	for (const char *p = sql; *p;) {
		if (strncmp(p, SQL_PG_ONLY_OPEN, sizeof SQL_PG_ONLY_OPEN - 1) == 0 && !pg_only) {
			/* dialect.h SQL_PG_ONLY: its text is PostgreSQL's, translated as the rest */
			pg_only = 1;
			p += sizeof SQL_PG_ONLY_OPEN - 1;
		} else if (strncmp(p, SQL_PART_ONLY_OPEN, sizeof SQL_PART_ONLY_OPEN - 1) == 0 && !pg_only) {
			/* dialect.h SQL_PART_ONLY: as SQL_PG_ONLY on a partitioned database; else a comment, dropped */
			p += sizeof SQL_PART_ONLY_OPEN - 1;
			if (part)
				pg_only = 1;
			else {
				const char *q = strstr(p, "*/");
				p = q ? q + 2 : p + strlen(p);
			}
		} else if (pg_only && p[0] == '*' && p[1] == '/') {
			pg_only = 0;
			p += 2;
		} else if (*p == '\'' || *p == '"') { /* a literal or a quoted name, its doubled quotes included */
			const char *q = strchr(p + 1, *p);
			q = q ? q + 1 : p + strlen(p);
			buf_add(&b, p, (size_t)(q - p));
			p = q;
		} else if (p[0] == '-' && p[1] == '-') {
			const char *q = strchr(p, '\n');
			q = q ? q : p + strlen(p);
			buf_add(&b, p, (size_t)(q - p));
			p = q;
		} else if (p[0] == '/' && p[1] == '*') {
			const char *q = strstr(p + 2, "*/");
			q = q ? q + 2 : p + strlen(p);
			buf_add(&b, p, (size_t)(q - p));
			p = q;
		} else if (*p == '?') {
			int n = 0;
			const char *q = p + 1;
			if (*q >= '0' && *q <= '9') {
				while (*q >= '0' && *q <= '9' && n <= SQL_MAX_PARAMS)
					n = n * 10 + (*q++ - '0');
			} else {
				n = max + 1;
			}
			if (n < 1 || n > SQL_MAX_PARAMS) {
				buf_free(&b);
				return NULL;
			}
			used[n - 1] = 1;
			if (n > max)
				max = n;
			buf_printf(&b, "$%d", n);
			p = q;
		} else {
			size_t w = 0;
			for (size_t k = 0; !w && k < sizeof PG_WORDS / sizeof PG_WORDS[0]; k++) {
				size_t n = strlen(PG_WORDS[k].lite);
				if ((p == sql || !word_char(p[-1])) && strncmp(p, PG_WORDS[k].lite, n) == 0 &&
				    (PG_WORDS[k].lite[n - 1] == '(' || !word_char(p[n]))) {
					buf_puts(&b, PG_WORDS[k].pg);
					w = n;
				}
			}
			if (!w)
				buf_add(&b, p, w = 1);
			p += w;
		}
	}
	*nparams = max;
	return buf_detach(&b);
}

const char *sql_begin_write(const sql_db *db)
{
	return db->backend == SQL_SQLITE ? "BEGIN IMMEDIATE" : "BEGIN ISOLATION LEVEL READ COMMITTED";
}

const char *sql_begin_read(const sql_db *db)
{
	return db->backend == SQL_SQLITE ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
}

static int pg_prepare(sql_st *st, int eager);

/* Whether sql is `INSERT [OR …] INTO name [(columns)] VALUES …` with no RETURNING of its own: a
 * single-row insert whose key sql_last_id may be asked for. */
static int insert_values(const char *sql)
{
	const char *p = skip_space(sql);
	if (!kw(p, "INSERT"))
		return 0;
	const char *into = NULL;
	for (const char *q = p + 1; *q; q++) {
		if (!word_char(q[-1]) && kw(q, "RETURNING"))
			return 0;
		if (!into && !word_char(q[-1]) && kw(q, "INTO"))
			into = q;
	}
	if (!into)
		return 0;
	p = skip_space(into + 4);
	while (word_char(*p) || *p == '"')
		p++;
	p = skip_space(p);
	if (*p == '(') {
		const char *q = strchr(p, ')');
		if (!q)
			return 0;
		p = skip_space(q + 1);
	}
	return kw(p, "VALUES");
}

int sql_prepare(sql_db *db, const char *sql, sql_st **out)
{
	*out = NULL;
	if (db->backend == SQL_SQLITE) {
		sqlite3_stmt *lite;
		int rc = sqlite3_prepare_v3(db->lite, sql, -1, SQLITE_PREPARE_PERSISTENT, &lite, NULL);
		if (rc != SQLITE_OK)
			return sql_lite_code(rc);
		sql_st *st = xcalloc(1, sizeof *st);
		st->db = db;
		st->lite = lite;
		*out = st;
		return SQL_OK;
	}
	unsigned char used[SQL_MAX_PARAMS];
	int n;
	char *text = sql_pg_text(sql, db->partitioned, &n, used);
	if (!text) {
		free(db->errmsg);
		db->errmsg = xstrdup("参数编号超出范围");
		return db->errcode = SQL_ERROR;
	}
	/* Prepared at the first step, when the bound values tell what the server cannot infer. */
	sql_st *st = xcalloc(1, sizeof *st);
	st->db = db;
	if (insert_values(text)) { /* the new key comes back with the answer (sql_last_id) */
		size_t len = strlen(text);
		while (len && (text[len - 1] == ';' || text[len - 1] == ' ' || text[len - 1] == '\n'))
			len--;
		buf b = {0};
		buf_add(&b, text, len);
		buf_puts(&b, " RETURNING id");
		free(text);
		text = buf_detach(&b);
		st->returning = len;
	}
	st->text = text;
	st->types = xcalloc((size_t)n + 1, sizeof *st->types);
	st->kinds = xcalloc((size_t)n + 1, sizeof *st->kinds);
	for (int k = 0; k < n; k++)
		st->types[k] = used[k] ? 0 : OID_TEXT; /* a number skipped by the SQL: any text will do */
	st->nparams = n;
	st->vals = xcalloc((size_t)n + 1, sizeof *st->vals);
	st->lens = xcalloc((size_t)n + 1, sizeof *st->lens);
	st->fmts = xcalloc((size_t)n + 1, sizeof *st->fmts);
	st->own = xcalloc((size_t)n + 1, sizeof *st->own);
	st->row = -1;
	/* Prepared now, so that a mistake shows here; a statement whose parameters' types only the
	 * bound values tell is prepared again at its first step. Not while writes sent before
	 * (sql_step_write) await their answers: preparing reads them first, and a failure among them
	 * (a row refused by the server: a development record moved to another district's organisation
	 * on a partitioned database) is theirs, not a mistake in this statement — its first step
	 * prepares it and reports that failure to its caller. */
	if (!db->pending && pg_prepare(st, 1) != SQL_OK && !st->untyped) {
		sql_finalize(st);
		return db->errcode;
	}
	*out = st;
	return SQL_OK;
}

void sql_pg_reset(sql_st *st)
{
	pq.PQclear(st->res);
	st->res = NULL;
	st->blob_res = NULL; /* a later result may have the address */
	st->row = -1;
	st->nrows = 0;
}

/* PostgreSQL: forgets the server's prepared statement, if any. */
static void pg_deallocate(sql_st *st)
{
	if (!st->name[0])
		return;
	if (st->db->pending)
		pg_drain(st->db, NULL, NULL);
	char dealloc[48];
	snprintf(dealloc, sizeof dealloc, "DEALLOCATE %s", st->name);
	pq.PQclear(pg_exec(st->db->pg, dealloc));
	st->name[0] = 0;
}

/* PostgreSQL: prepares st with each bound value's type where the value has one (a number, a
 * blob) and the server's inference elsewhere; when the server cannot infer a parameter's type
 * (a parameter only compared with NULL, or read as two types), text is declared for the text
 * values and it is asked again. */
static int pg_prepare(sql_st *st, int eager)
{
	sql_db *db = st->db;
	if (db->pending && pg_drain(db, NULL, NULL) != SQL_OK)
		return db->errcode;
	pg_deallocate(st);
	/* A failed PREPARE would end the caller's transaction: inside one, it is tried in a savepoint. */
	int in_tx = pq.PQtransactionStatus(db->pg) == PQTRANS_INTRANS;
	for (int pass = 0; pass < 2; pass++) {
		if (in_tx)
			pq.PQclear(pg_exec(db->pg, "SAVEPOINT fgdj_prepare"));
		for (int k = 0; k < st->nparams; k++)
			if (st->types[k] != OID_TEXT || st->kinds[k])
				st->types[k] = st->kinds[k] ? st->kinds[k] : pass ? OID_TEXT : 0;
		char name[24];
		snprintf(name, sizeof name, "s%d", ++db->nprepared);
		count(1);
		PGresult *res = pq.PQprepare(db->pg, name, st->text, st->nparams, (const Oid *)st->types);
		if (res && pq.PQresultStatus(res) == PGRES_COMMAND_OK) {
			pq.PQclear(res);
			if (in_tx)
				pq.PQclear(pg_exec(db->pg, "RELEASE SAVEPOINT fgdj_prepare"));
			memcpy(st->name, name, sizeof name);
			return SQL_OK;
		}
		const char *state = res ? pq.PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
		if (st->returning && state && !strcmp(state, "42703")) { /* the table has no id column */
			pq.PQclear(res);
			if (in_tx)
				pq.PQclear(pg_exec(db->pg, "ROLLBACK TO SAVEPOINT fgdj_prepare; RELEASE SAVEPOINT fgdj_prepare"));
			st->text[st->returning] = 0;
			st->returning = 0;
			pass--;
			continue;
		}
		int retry = !pass && state && (!strcmp(state, "42P18") || !strcmp(state, "42P08"));
		st->untyped = state && (!strcmp(state, "42P18") || !strcmp(state, "42P08") || !strcmp(state, "42883") ||
					!strcmp(state, "42804"));
		int rc = pg_fail(db, res);
		pq.PQclear(res);
		if (in_tx)
			pq.PQclear(pg_exec(db->pg, "ROLLBACK TO SAVEPOINT fgdj_prepare; RELEASE SAVEPOINT fgdj_prepare"));
		if (!retry) {
			if (getenv("FGDJ_SQL_DEBUG") && !(eager && st->untyped)) /* an eager try is redone at the step */
				fprintf(stderr, "fgdj: SQL: %s\n%s\n", db->errmsg, st->text);
			return rc;
		}
	}
	return db->errcode;
}

/* PostgreSQL: whether the values bound now need st prepared (again): never prepared, or a number
 * or blob where it was prepared for another type. */
static int pg_stale(const sql_st *st)
{
	if (!st->name[0])
		return 1;
	for (int k = 0; k < st->nparams; k++)
		if (st->kinds[k] && st->kinds[k] != st->types[k])
			return 1;
	return 0;
}

void sql_finalize(sql_st *st)
{
	if (!st)
		return;
	if (st->lite) {
		sqlite3_finalize(st->lite);
	} else {
		sql_reset(st);
		pg_deallocate(st);
		free(st->text);
		free(st->types);
		free(st->kinds);
		for (int i = 0; i < st->nparams; i++)
			free(st->own[i]);
		free(st->own);
		free(st->vals);
		free(st->lens);
		free(st->fmts);
		free(st->blob);
	}
	free(st);
}

/* PostgreSQL: the parameter slot i (1-based), its owned copy dropped; NULL when out of range. */
static int pg_slot(sql_st *st, int i)
{
	if (i < 1 || i > st->nparams)
		return -1;
	i--;
	free(st->own[i]);
	st->own[i] = NULL;
	st->vals[i] = NULL;
	st->lens[i] = 0;
	st->fmts[i] = 0;
	st->kinds[i] = 0;
	return i;
}

void sql_pg_clear(sql_st *st)
{
	for (int i = 1; i <= st->nparams; i++)
		pg_slot(st, i);
}

void sql_pg_bind_null(sql_st *st, int i)
{
	pg_slot(st, i);
}

/* PostgreSQL: binds an owned copy of n bytes of v in format fmt. */
static void pg_bind_copy(sql_st *st, int i, const void *v, int n, int fmt)
{
	int k = pg_slot(st, i);
	if (k < 0)
		return;
	st->own[k] = xmalloc((size_t)n + 1);
	memcpy(st->own[k], v, (size_t)n);
	st->own[k][n] = 0;
	st->vals[k] = st->own[k];
	st->lens[k] = n;
	st->fmts[k] = fmt;
}

void sql_pg_bind_int64(sql_st *st, int i, int64_t v)
{
	char t[24];
	int n = snprintf(t, sizeof t, "%lld", (long long)v);
	pg_bind_copy(st, i, t, n, 0);
	if (i >= 1 && i <= st->nparams)
		st->kinds[i - 1] = OID_INT8;
}

void sql_pg_bind_double(sql_st *st, int i, double v)
{
	char t[40];
	int n = snprintf(t, sizeof t, "%.17g", v);
	pg_bind_copy(st, i, t, n, 0);
	if (i >= 1 && i <= st->nparams)
		st->kinds[i - 1] = OID_FLOAT8;
}

void sql_pg_bind_text(sql_st *st, int i, const char *v)
{
	int k = pg_slot(st, i);
	if (k >= 0)
		st->vals[k] = v;
}

void sql_bind_text_copy(sql_st *st, int i, const char *v, int n)
{
	if (!v) {
		sql_bind_null(st, i);
		return;
	}
	if (n < 0)
		n = (int)strlen(v);
	if (st->lite)
		sqlite3_bind_text(st->lite, i, v, n, SQLITE_TRANSIENT);
	else
		pg_bind_copy(st, i, v, n, 0);
}

void sql_bind_blob(sql_st *st, int i, const void *v, int n)
{
	if (st->lite)
		sqlite3_bind_blob(st->lite, i, v, n, SQLITE_TRANSIENT);
	else {
		pg_bind_copy(st, i, v, n, 1);
		if (i >= 1 && i <= st->nparams)
			st->kinds[i - 1] = OID_BYTEA;
	}
}

int sql_pg_step(sql_st *st)
{
	if (st->res && st->row >= st->nrows) /* stepped past the end: run again, as SQLite does */
		sql_reset(st);
	if (!st->res) {
		if (st->db->stop && atomic_load(st->db->stop)) {
			free(st->db->errmsg);
			st->db->errmsg = xstrdup("已停止");
			return st->db->errcode = SQL_ERROR;
		}
		if (pg_stale(st) && pg_prepare(st, 0) != SQL_OK)
			return st->db->errcode;
		PGresult *res;
		if (st->db->pending) { /* the writes sent before and this run: one round trip */
			if (pg_drain(st->db, st, &res) != SQL_OK)
				return st->db->errcode;
		} else {
			count(1);
			res = pq.PQexecPrepared(st->db->pg, st->name, st->nparams, st->vals, st->lens, st->fmts, 0);
		}
		ExecStatusType t = res ? pq.PQresultStatus(res) : PGRES_FATAL_ERROR;
		if (t != PGRES_TUPLES_OK && t != PGRES_COMMAND_OK) {
			int rc = pg_fail(st->db, res);
			pq.PQclear(res);
			if (getenv("FGDJ_SQL_DEBUG"))
				fprintf(stderr, "fgdj: SQL: %s\n%s\n", st->db->errmsg, st->text);
			return rc;
		}
		pg_changes(st->db, res);
		st->res = res;
		st->nrows = t == PGRES_TUPLES_OK ? pq.PQntuples(res) : 0;
		st->row = -1;
		if (st->returning) { /* the key for sql_last_id; the caller sees the INSERT's SQL_DONE */
			if (st->nrows)
				st->db->last_id = strtoll(pq.PQgetvalue(res, st->nrows - 1, 0), NULL, 10);
			st->nrows = 0;
		}
	}
	st->row++;
	return st->row < st->nrows ? SQL_ROW : SQL_DONE;
}

/* The most writes sent ahead before their answers are read: the server's answers to them wait in
 * its socket buffer meanwhile. */
enum { PG_PIPELINE_MAX = 512 };

/* PostgreSQL, inside a transaction or behind writes sent: st sent without waiting for its answer;
 * counted, its rows are counted when the answer is read (pg_drain). */
static int pg_send_write(sql_st *st, int counted)
{
	sql_db *db = st->db;
	if (pg_stale(st) && pg_prepare(st, 0) != SQL_OK) /* reads what was sent first */
		return db->errcode;
	if (!db->pending && pq.PQenterPipelineMode(db->pg) != 1)
		return pg_fail(db, NULL);
	count(0);
	if (pq.PQsendQueryPrepared(db->pg, st->name, st->nparams, st->vals, st->lens, st->fmts, 0) != 1) {
		int rc = pg_fail(db, NULL);
		pg_drain(db, NULL, NULL);
		return rc;
	}
	if (counted)
		db->counted = db->pending + 1; /* its place among the writes sent, from 1 */
	if (++db->pending >= PG_PIPELINE_MAX && pg_drain(db, NULL, NULL) != SQL_OK)
		return db->errcode;
	return SQL_DONE;
}

int sql_step_write(sql_st *st)
{
	if (st->lite) {
		int rc = sql_step(st);
		sqlite3_reset(st->lite);
		return rc == SQL_ROW ? SQL_DONE : rc;
	}
	sql_db *db = st->db;
	sql_reset(st);
	if (!db->pending && pq.PQtransactionStatus(db->pg) != PQTRANS_INTRANS) {
		int rc = sql_pg_step(st);
		sql_reset(st);
		return rc == SQL_ROW ? SQL_DONE : rc;
	}
	return pg_send_write(st, 0);
}

int sql_step_counted(sql_st *st)
{
	sql_db *db = st->db;
	db->counted_rows = -1;
	sql_reset(st);
	if (!st->lite && (db->pending || pq.PQtransactionStatus(db->pg) == PQTRANS_INTRANS))
		return pg_send_write(st, 1);
	int rc;
	int64_t n = 0;
	while ((rc = sql_step(st)) == SQL_ROW)
		n++;
	sql_reset(st);
	if (rc == SQL_DONE)
		db->counted_rows = n;
	return rc;
}

int64_t sql_counted_rows(const sql_db *db)
{
	return db->counted_rows;
}

void sql_rewind(sql_st *st)
{
	if (st->lite || !st->res)
		sql_reset(st);
	else
		st->row = -1;
}

/* PostgreSQL: whether column i of the current row is readable (a row is current, i in range). */
static int pg_here(const sql_st *st, int i)
{
	return st->res && st->row >= 0 && st->row < st->nrows && i >= 0 && i < pq.PQnfields(st->res);
}

static int blob_read(const byte_source *src, void *dst, size_t len, size_t off)
{
	sqlite3_blob *b = (sqlite3_blob *)(uintptr_t)src->ctx;
	/* SQLite's offsets and lengths are ints: read at most 1 GiB at a time */
	enum { STEP = 1 << 30 };
	while (len) {
		size_t k = len < STEP ? len : STEP;
		if (off > (size_t)INT32_MAX || sqlite3_blob_read(b, dst, (int)k, (int)off) != SQLITE_OK)
			return -1;
		dst = (unsigned char *)dst + k;
		off += k;
		len -= k;
	}
	return 0;
}

int sql_blob_open(sql_db *db, const char *table, const char *column, int64_t rowid, byte_source *src)
{
	memset(src, 0, sizeof *src);
	sqlite3_blob *b;
	if (db->backend != SQL_SQLITE || sqlite3_blob_open(db->lite, "main", table, column, rowid, 0, &b) != SQLITE_OK)
		return SQL_ERROR; /* (a failed open leaves b NULL: nothing to close) */
	*src = (byte_source){(size_t)sqlite3_blob_bytes(b), blob_read, b};
	return SQL_OK;
}

void sql_blob_close(byte_source *src)
{
	if (src->ctx)
		sqlite3_blob_close((sqlite3_blob *)(uintptr_t)src->ctx);
	memset(src, 0, sizeof *src);
}

int sql_col_count(sql_st *st)
{
	if (st->lite)
		return sqlite3_column_count(st->lite);
	return st->res ? pq.PQnfields(st->res) : 0;
}

int sql_pg_col_type(sql_st *st, int i)
{
	if (!pg_here(st, i) || pq.PQgetisnull(st->res, st->row, i))
		return SQL_NULL;
	switch (pq.PQftype(st->res, i)) {
	case OID_BOOL:
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
	case OID_OID: return SQL_INTEGER;
	case OID_FLOAT4:
	case OID_FLOAT8: return SQL_FLOAT;
	case OID_NUMERIC: return strpbrk(pq.PQgetvalue(st->res, st->row, i), ".eEN") ? SQL_FLOAT : SQL_INTEGER;
	case OID_BYTEA: return SQL_BLOB;
	default: return SQL_TEXT;
	}
}

int64_t sql_pg_col_int64(sql_st *st, int i)
{
	if (!pg_here(st, i) || pq.PQgetisnull(st->res, st->row, i))
		return 0;
	const char *v = pq.PQgetvalue(st->res, st->row, i);
	if (pq.PQftype(st->res, i) == OID_BOOL)
		return *v == 't';
	if (strpbrk(v, ".eE")) /* a real number: truncated, as SQLite converts it */
		return (int64_t)strtod(v, NULL);
	return strtoll(v, NULL, 10);
}

double sql_pg_col_double(sql_st *st, int i)
{
	if (!pg_here(st, i) || pq.PQgetisnull(st->res, st->row, i))
		return 0;
	const char *v = pq.PQgetvalue(st->res, st->row, i);
	if (pq.PQftype(st->res, i) == OID_BOOL)
		return *v == 't';
	return strtod(v, NULL);
}

/* PostgreSQL: column i of the current row, a bytea, decoded into st->blob (NUL-terminated). */
static const unsigned char *pg_bytea(sql_st *st, int i)
{
	if (st->blob && st->blob_res == st->res && st->blob_row == st->row && st->blob_col == i)
		return st->blob;
	size_t n = 0;
	unsigned char *b = pq.PQunescapeBytea((const unsigned char *)pq.PQgetvalue(st->res, st->row, i), &n);
	free(st->blob);
	st->blob = xmalloc(n + 1);
	if (b)
		memcpy(st->blob, b, n);
	st->blob[n] = 0;
	st->blobn = b ? n : 0;
	st->blob_res = st->res;
	st->blob_row = st->row;
	st->blob_col = i;
	pq.PQfreemem(b);
	return st->blob;
}

const void *sql_pg_col_blob(sql_st *st, int i)
{
	if (!pg_here(st, i) || pq.PQgetisnull(st->res, st->row, i))
		return NULL;
	if (pq.PQftype(st->res, i) != OID_BYTEA)
		return pq.PQgetvalue(st->res, st->row, i);
	return pg_bytea(st, i);
}

const char *sql_pg_col_text(sql_st *st, int i)
{
	if (!pg_here(st, i) || pq.PQgetisnull(st->res, st->row, i))
		return NULL;
	const char *v = pq.PQgetvalue(st->res, st->row, i);
	switch (pq.PQftype(st->res, i)) {
	case OID_BOOL: return *v == 't' ? "1" : "0";
	case OID_BYTEA: return (const char *)pg_bytea(st, i);
	default: return v;
	}
}

int sql_pg_col_bytes(sql_st *st, int i)
{
	if (!pg_here(st, i) || pq.PQgetisnull(st->res, st->row, i))
		return 0;
	if (pq.PQftype(st->res, i) == OID_BYTEA) {
		pg_bytea(st, i);
		return (int)st->blobn;
	}
	if (pq.PQftype(st->res, i) == OID_BOOL)
		return 1;
	return pq.PQgetlength(st->res, st->row, i);
}

/* Whether db is SQLite, where a PostgreSQL-only call is refused. */
static int pg_only(const sql_db *db)
{
	return db->backend != SQL_PG;
}

int sql_copy_begin(sql_db *db, const char *copy_sql)
{
	if (pg_only(db))
		return SQL_ERROR;
	if (db->pending && pg_drain(db, NULL, NULL) != SQL_OK)
		return db->errcode;
	PGresult *res = pg_exec(db->pg, copy_sql);
	int rc = res && pq.PQresultStatus(res) == PGRES_COPY_IN ? SQL_OK : pg_fail(db, res);
	pq.PQclear(res);
	return rc;
}

int sql_copy_put(sql_db *db, const char *data, size_t n)
{
	if (pg_only(db))
		return SQL_ERROR;
	while (n) {
		int part = n > (1u << 30) ? 1 << 30 : (int)n;
		if (pq.PQputCopyData(db->pg, data, part) != 1)
			return pg_fail(db, NULL);
		data += part;
		n -= (size_t)part;
	}
	return SQL_OK;
}

int sql_copy_end(sql_db *db)
{
	if (pg_only(db))
		return SQL_ERROR;
	pg_trips++; /* the end of the rows: the server's answer to the whole COPY */
	if (pq.PQputCopyEnd(db->pg, NULL) != 1)
		return pg_fail(db, NULL);
	int rc = SQL_OK;
	for (PGresult *res; (res = pq.PQgetResult(db->pg));) {
		if (pq.PQresultStatus(res) == PGRES_COMMAND_OK)
			pg_changes(db, res);
		else if (rc == SQL_OK)
			rc = pg_fail(db, res);
		pq.PQclear(res);
	}
	return rc;
}
