/* Connection, transactions, the statement cache, settings and the history. */
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg.h"
#include "core/settings.h"
#include "store/store_int.h"
#include "util/buf.h"
#include "util/date.h"

int db_err(store *s, fg_err *e, const char *doing)
{
	return err_set(e, FG_EFAIL, "数据库错误（%s）：%s", doing, s && s->sql ? sql_errmsg(s->sql) : "无法打开");
}

sql_st *store_st(store *s, const char *sql)
{
	for (int i = 0; i < s->nstmts; i++)
		if (s->stmts[i].sql == sql) {
			sql_reset(s->stmts[i].st);
			sql_clear(s->stmts[i].st);
			return s->stmts[i].st;
		}
	sql_st *st;
	if (sql_prepare(s->sql, sql, &st) != SQL_OK) {
		/* Our SQL is static: failing to prepare it is a programming error. */
		fprintf(stderr, "fgdj: 内部错误：SQL 无法编译：%s\n%s\n", sql_errmsg(s->sql), sql);
		abort();
	}
	if (s->nstmts == STORE_MAX_STMTS) {
		fputs("fgdj: 内部错误：语句缓存已满\n", stderr);
		abort();
	}
	s->stmts[s->nstmts].sql = sql;
	s->stmts[s->nstmts].st = st;
	s->nstmts++;
	return st;
}

const char *store_cache_name(store *s)
{
	/* PostgreSQL: the connection string names the database as a file names SQLite's. */
	const char *file = s->db ? sqlite3_db_filename(s->db, "main") : s->path;
	return s->in_tx || !file || !*file ? NULL : file;
}

int scan_fin(store *s, sql_st *st, int rc, int ret, fg_err *e, const char *doing)
{
	sql_reset(st);
	if (!ret && rc != SQL_DONE)
		return db_err(s, e, doing);
	return ret;
}

int store_day(sql_st *st, int i)
{
	const char *t = sql_col_text(st, i);
	int d;
	return t && date_parse(t, &d) == 0 ? d : DATE_NONE;
}

/* Before SQLite's first use: no allocation statistics (nothing reads them), which spares a global
 * mutex around every allocation. When SQLite was initialised already the call is refused, harmlessly.
 * SQLite is initialised here too, so that no other store_open can race the configuration. */
/* The bulk page cache's size, set by store_bulk_memory before SQLite's first use (0: none). */
static size_t bulk_cache_bytes;

/* The page size of a new database file (store_open). */
#define PAGE_SIZE 16384
/* How long a statement waits for another connection's lock before it gives up. */
#define BUSY_MS 5000

/* The page cache of a bulk write's connection (store_bulk), in KiB. */
#define BULK_CACHE_KIB 262144

void store_bulk_memory(size_t file_bytes)
{
	/* A file's rows take a few times its bytes in the database (a city's meetings: 161 MB of CSV,
	 * 600 MB of pages; its enterprises: 27 MB, 179 MB with their history, name-search words and
	 * indexes), at most the cache. Slots are touched only when filled: room not used costs nothing. */
	size_t most = (size_t)BULK_CACHE_KIB << 10;
	bulk_cache_bytes = file_bytes < most / 8 ? file_bytes * 8 : most;
}

/* The bulk page cache's pages: one block in huge pages, handed out a page slot at a time as SQLite
 * asks for pages (SQLite's allocator, wrapped: everything else goes to it). A slot is first touched
 * when its page is first filled: a re-import that reads a tenth of the block faults in a tenth of
 * it. (SQLITE_CONFIG_PAGECACHE would take the same block, but links every slot into its free list
 * at start: the whole block was faulted in and zeroed before the first row — a city's members
 * re-import: 155 MB, an eighth of its time.) */
static struct {
	sqlite3_mem_methods sys; /* SQLite's own allocator */
	char *base;
	size_t slot, n, used;    /* slot size, slots in the block, slots handed out once */
	void *free;              /* slots given back, linked through their first bytes */
	pthread_mutex_t mu;
} pages = {.mu = PTHREAD_MUTEX_INITIALIZER};

static int page_slot(const void *p)
{
	return (const char *)p >= pages.base && (const char *)p < pages.base + pages.n * pages.slot;
}

static void *pages_malloc(int n)
{
	if ((size_t)n >= PAGE_SIZE && (size_t)n <= pages.slot) {
		void *p = NULL;
		pthread_mutex_lock(&pages.mu);
		if (pages.free) {
			p = pages.free;
			memcpy(&pages.free, p, sizeof pages.free);
		} else if (pages.used < pages.n) {
			p = pages.base + pages.used++ * pages.slot;
		}
		pthread_mutex_unlock(&pages.mu);
		if (p)
			return p;
	}
	return pages.sys.xMalloc(n);
}

static void pages_free(void *p)
{
	if (!page_slot(p)) {
		pages.sys.xFree(p);
		return;
	}
	pthread_mutex_lock(&pages.mu);
	memcpy(p, &pages.free, sizeof pages.free);
	pages.free = p;
	pthread_mutex_unlock(&pages.mu);
}

static void *pages_realloc(void *p, int n)
{
	if (!page_slot(p))
		return pages.sys.xRealloc(p, n);
	if (n >= 0 && (size_t)n <= pages.slot)
		return p;
	void *q = pages.sys.xMalloc(n);
	if (q) {
		memcpy(q, p, pages.slot);
		pages_free(p);
	}
	return q;
}

static int pages_size(void *p)
{
	return page_slot(p) ? (int)pages.slot : pages.sys.xSize(p);
}

static int pages_roundup(int n)
{
	return pages.sys.xRoundup(n);
}

static int pages_init(void *ctx)
{
	(void)ctx;
	return pages.sys.xInit(pages.sys.pAppData);
}

static void pages_shutdown(void *ctx)
{
	(void)ctx;
	pages.sys.xShutdown(pages.sys.pAppData);
}

static void sqlite_configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	/* A bulk write fills SQLite's page cache once, page by page: from malloc each page is first
	 * touched 4 KiB at a time (a city's meetings import: ≈ 65,000 page faults, a sixth of its
	 * time); from one block in huge pages, 2 MiB at a time (pages_malloc). Slots fit 16 KiB pages
	 * (store_open's); pages of other sizes, and pages past the block, come from malloc as before. */
	if (bulk_cache_bytes) {
		int hdr = 0;
		sqlite3_config(SQLITE_CONFIG_PCACHE_HDRSZ, &hdr);
		size_t slot = ((size_t)PAGE_SIZE + (size_t)hdr + 15) & ~(size_t)15;
		size_t n = bulk_cache_bytes / slot;
		if (n && sqlite3_config(SQLITE_CONFIG_GETMALLOC, &pages.sys) == SQLITE_OK) {
			pages.base = xmalloc_huge(n * slot);
			pages.slot = slot;
			pages.n = n;
			static const sqlite3_mem_methods wrapped = {pages_malloc, pages_free,	 pages_realloc, pages_size,
								    pages_roundup, pages_init, pages_shutdown, NULL};
			if (sqlite3_config(SQLITE_CONFIG_MALLOC, &wrapped) != SQLITE_OK) {
				free(pages.base); /* SQLite was in use already: its own allocations, as without */
				pages.base = NULL;
				pages.n = 0;
			}
		}
	}
	sqlite3_initialize();
}

/* PostgreSQL: the connection, its schema made or checked (store_pg_init), the list extras' session
 * tables (their triggers are part of the schema there). */
static int open_pg(store *s, const char *conninfo, fg_err *e)
{
	int rc = store_pg_connect(conninfo, &s->sql, e);
	if (rc)
		return rc;
	rc = store_pg_init(s, e);
	rc = rc ? rc : store_pg_functions(s->sql, e);
	rc = rc ? rc : store_extras_setup(s, e);
	return rc ? rc : store_extras_pending(s, e);
}

int store_open(const char *path, store **out, fg_err *e)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, sqlite_configure);
	store *s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	if (sql_target_is_pg(path)) {
		int rc = open_pg(s, path, e);
		if (rc) {
			store_close(s);
			return rc;
		}
		*out = s;
		return FG_OK;
	}
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		err_set(e, FG_EFAIL, "无法打开数据库 %s：%s", path, s->db ? sqlite3_errmsg(s->db) : "内存不足");
		store_close(s);
		return FG_EFAIL;
	}
	s->sql = sql_wrap_sqlite(s->db);
	sqlite3_busy_timeout(s->db, BUSY_MS);
	store_sql_functions_register(s->db);
	store_figure_functions_register(s->db);
	/* A new file gets 16 KiB pages (SQLite's default is 4 KiB): a city's import writes a quarter of
	 * the pages and system calls, ≈ 25 % less time (BENCHMARKS.md). The size is fixed when the file
	 * is first written — before the WAL is switched on — so this changes nothing in an existing one. */
	if (sql_exec(s->sql, "PRAGMA page_size=" SPELL(PAGE_SIZE) "; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
			 " PRAGMA foreign_keys=ON;"
			 "PRAGMA cache_size=-16384; PRAGMA temp_store=MEMORY;") != SQL_OK) {
		int rc = sqlite3_errcode(s->db) == SQLITE_BUSY
			 ? err_set(e, FG_EFAIL, "数据库 %s 正由另一条命令整批写入（如大文件导入），%d 秒内未能打开，请稍后再试", path, BUSY_MS / 1000)
			 : err_set(e, FG_EFAIL, "数据库 %s 无法使用：%s", path, sql_errmsg(s->sql));
		store_close(s);
		return rc;
	}
	int rc = store_migrate(s, e);
	/* The list extras' triggers, and what a migration after v26 marked. */
	rc = rc ? rc : store_extras_setup(s, e);
	rc = rc ? rc : store_extras_pending(s, e);
	if (rc) {
		store_close(s);
		return rc;
	}
	*out = s;
	return FG_OK;
}

int store_is_server(const char *target)
{
	return sql_target_is_pg(target);
}

const char *store_path(const store *s)
{
	return s->path;
}

/* The page cache of a bulk write's connection before its first write, in KiB: a re-import that
 * finds every row unchanged reads each page once, and a small cache gives the same slots again
 * (each slot of the cache's block is zeroed by the kernel when first touched: a city's
 * enterprises re-import touched 25 MB of new slots, ≈ 5 % of its time). */
#define BULK_READ_CACHE_KIB 8192

void store_bulk(store *s)
{
	if (!s->db)
		return;
	sql_exec(s->sql, "PRAGMA cache_size=-" SPELL(BULK_READ_CACHE_KIB));
	s->bulk_read = 1;
}

void store_bulk_write(store *s)
{
	/* Bulk writes touch indexes at random places; a larger cache keeps them in memory (SQLite: the
	 * connection's; PostgreSQL's is the server's). */
	if (!s->bulk_read)
		return;
	s->bulk_read = 0;
	sql_exec(s->sql, "PRAGMA cache_size=-" SPELL(BULK_CACHE_KIB));
}

void store_server_cache(store *s)
{
	if (!s->db)
		return;
	long kib = 2048;
	const char *v = getenv("FGDJ_CACHE_KIB");
	if (v && *v) {
		char *end;
		long n = strtol(v, &end, 10);
		if (!*end && n >= 256 && n <= 1048576)
			kib = n;
	}
	char pragma[48];
	snprintf(pragma, sizeof pragma, "PRAGMA cache_size=-%ld", kib);
	sql_exec(s->sql, pragma);
}

void store_single_pass(store *s)
{
	if (s->db)
		sql_exec(s->sql, "PRAGMA cache_size=-1024");
}

void store_stop_on(store *s, const atomic_int *stop)
{
	sql_stop_on(s->sql, stop);
}

void store_busy_wait(store *s, int on)
{
	if (s->db)
		sqlite3_busy_timeout(s->db, on ? BUSY_MS : 0);
}

int store_bulk_journal(store *s, int on)
{
	if (!s->db)
		return 0;
	if (!on) {
		if (s->bulk_journal)
			sql_exec(s->sql, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL");
		s->bulk_journal = 0;
		return 0;
	}
	/* SQLite: a write-ahead log holds every page the transaction writes until a checkpoint copies
	 * them into the file — twice the bytes, and a log as large as the new data. A rollback journal
	 * keeps only the pages that existed before the transaction (appended pages need none): the same
	 * atomicity, the data written once. Leaving the log needs every other connection closed; this
	 * waits for none (busy timeout 0) and stays in the log when another is open. FULL: the journal
	 * is synced before the file is written over (NORMAL would risk the file on a power cut). */
	sqlite3_busy_timeout(s->db, 0);
	sqlite3_stmt *st = NULL;
	int ok = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode=TRUNCATE", -1, &st, NULL) == SQLITE_OK &&
		 sqlite3_step(st) == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), "truncate") == 0;
	sqlite3_finalize(st);
	sqlite3_busy_timeout(s->db, BUSY_MS);
	if (ok)
		sql_exec(s->sql, "PRAGMA synchronous=FULL");
	s->bulk_journal = ok;
	return ok;
}

/* Per ledger: the secondary indexes store_bulk_indexes may drop during a first load — none of them
 * read by the statements that write the ledger's rows (the key's own index and the indexes other
 * checks look through stay). */
static const char *const DEFERRABLE[LEDGER_NKINDS][3] = {
	[LEDGER_ENTERPRISES] = {"enterprise_zone", "enterprise_community", "enterprise_order"},
	/* (member_org is read by the writes: each organisation's members; member_crossmatch, led by the
	 * ID number, costs about what its making once would) */
	[LEDGER_MEMBERS] = {"member_employer", "member_order"},
	[LEDGER_MEETINGS] = {"meeting_date"},
};

static void deferred_forget(store *s)
{
	for (int i = 0; i < s->ndeferred; i++)
		free(s->deferred[i]);
	s->ndeferred = 0;
}

void store_bulk_indexes(store *s, ledger_kind k)
{
	if (!s->db || !s->bulk_journal || !s->in_tx || !DEFERRABLE[k][0] || s->ndeferred || !store_ledger_empty(s, k))
		return;
	for (size_t i = 0; i < sizeof DEFERRABLE[k] / sizeof *DEFERRABLE[k] && DEFERRABLE[k][i]; i++) {
		const char *name = DEFERRABLE[k][i];
		sqlite3_stmt *st = NULL;
		char *def = NULL;
		if (sqlite3_prepare_v2(s->db, "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?1", -1, &st,
				       NULL) == SQLITE_OK &&
		    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
		    sqlite3_column_text(st, 0))
			def = xstrdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		char drop[96];
		snprintf(drop, sizeof drop, "DROP INDEX %s", name);
		if (!def || sqlite3_exec(s->db, drop, NULL, NULL, NULL) != SQLITE_OK) {
			free(def); /* not there (an older schema) or not dropped: written row by row as before */
			continue;
		}
		s->deferred[s->ndeferred++] = def;
	}
}

/* store_commit: the indexes store_bulk_indexes dropped, made again inside the transaction. */
static int deferred_make(store *s, fg_err *e)
{
	int rc = FG_OK;
	for (int i = 0; i < s->ndeferred && !rc; i++)
		if (sqlite3_exec(s->db, s->deferred[i], NULL, NULL, NULL) != SQLITE_OK)
			rc = db_err(s, e, "重建索引");
	deferred_forget(s);
	return rc;
}

void store_mapped_reads(store *s)
{
	/* SQLite clamps the size to its build's limit (2 GB in Debian's): a larger file is read through
	 * the cache past that. */
	if (s->db)
		sql_exec(s->sql, "PRAGMA mmap_size=2147418112");
}

void store_ordered_reads(store *s)
{
	s->bulk = 1;
}

void store_close(store *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->nstmts; i++)
		sql_finalize(s->stmts[i].st);
	if (s->in_tx || s->read_tx)
		sql_exec(s->sql, "ROLLBACK");
	deferred_forget(s);
	sql_close(s->sql);
	if (s->db)
		sqlite3_close(s->db);
	store_scan_forget(s);
	store_facts_kept_drop(s);
	strmap_free(&s->regions);
	strmap_free(&s->zones);
	strmap_free(&s->fresh_keys);
	strmap_free(&s->ids);
	store_names_forget(s);
	free(s->names_v);
	buf_free(&s->names_text);
	buf_free(&s->places_new);
	buf_free(&s->old_row.b);
	buf_free(&s->seq.cur);
	buf_free(&s->seq.lo);
	buf_free(&s->seq.cur_text);
	buf_free(&s->put_district);
	store_search_forget(s);
	free(s->search_q);
	free(s->who);
	free(s->source);
	free(s->path);
	keymap_free(&s->roster);
	free(s->roster_v);
	free(s->roster_ev);
	free(s->roster_tf);
	party_hours_forget(s);
	party_tally_forget(s);
	strmap_free(&s->dues_dirty);
	strmap_free(&s->xm_dirty);
	free(s);
}

int store_begin(store *s, const char *who, const char *source, fg_err *e)
{
	if (s->read_depth && !s->in_tx)
		return err_set(e, FG_EFAIL, "内部错误：在只读快照中开始写入（应先结束读取）");
	if (sql_exec(s->sql, sql_begin_write(s->sql)) != SQL_OK)
		return db_err(s, e, "开始事务");
	s->in_tx = 1;
	free(s->who);
	free(s->source);
	s->who = xstrdup(who ? who : "未知");
	s->source = source ? xstrdup(source) : NULL;
	for (int k = 0; k < LEDGER_NKINDS; k++)
		s->fresh[k] = -1;
	s->people_linked = -1;
	s->new_members = 0;
	s->is_city = -1;
	s->keep_closing = 0;
	date_now_text(s->now);
	return FG_OK;
}

static void tx_end(store *s)
{
	store_seq_forget(s);
	deferred_forget(s);
	s->bulk = 0;
	s->in_tx = 0;
	s->scoped = 0;
	store_search_forget(s);
	/* Caches may hold ids that a rollback took away. */
	strmap_free(&s->regions);
	strmap_free(&s->zones);
	strmap_free(&s->fresh_keys);
	strmap_free(&s->ids);
	store_names_forget(s);
	/* A grant to create places is for one transaction only. */
	s->place_kinds = 0;
	s->place_street = 0;
	buf_reset(&s->places_new);
	store_roster_forget(s);
	party_hours_forget(s);
	party_tally_forget(s);
	strmap_free(&s->dues_dirty);
	strmap_free(&s->xm_dirty);
}

int store_commit(store *s, fg_err *e)
{
	store_bulk_write(s); /* the flushes below write */
	store_seq_forget(s); /* no statement left stepping at COMMIT, nor at the indexes' making */
	int rc = deferred_make(s, e); /* first: the flushes below read through them */
	rc = rc ? rc : party_hours_flush(s, e);
	rc = rc ? rc : party_tally_flush(s, e);
	rc = rc ? rc : dues_year_flush(s, e);
	rc = rc ? rc : roster_candidates_flush(s, e);
	rc = rc ? rc : store_extras_flush(s, e);
	rc = rc ? rc : store_search_flush(s, e);
	if (rc) {
		store_rollback(s);
		return rc;
	}
	if (sql_exec(s->sql, "COMMIT") != SQL_OK) {
		rc = db_err(s, e, "提交事务");
		store_rollback(s);
		return rc;
	}
	tx_end(s);
	return FG_OK;
}

int store_conflict_take(store *s)
{
	int c = s->sql->lost != 0; /* whichever statement it was, whatever its caller answered */
	s->sql->lost = 0;
	return c;
}

int store_lock(store *s, const char *pg_sql, int64_t id, const char *key, fg_err *e)
{
	if (s->sql->backend != SQL_PG)
		return FG_OK;
	sql_st *st = store_st(s, pg_sql);
	if (key)
		sql_bind_text(st, 1, key);
	else if (id)
		sql_bind_int64(st, 1, id);
	/* The rows are not read: the lock goes with the next statement (the read that follows it). */
	int rc = sql_step_write(st);
	return rc == SQL_DONE ? FG_OK : db_err(s, e, "锁定待更新的记录");
}

/* Each ledger's main table (its rows, with a row id and a version), the one truth the statements
 * below name it by. */
#define LEDGER_TABLES(X)                                                                             \
	X(LEDGER_ENTERPRISES, "enterprise")                                                          \
	X(LEDGER_ORGS, "org")                                                                        \
	X(LEDGER_MEMBERS, "member")                                                                  \
	X(LEDGER_INSTRUCTORS, "instructor")                                                          \
	X(LEDGER_MEETINGS, "meeting")                                                                \
	X(LEDGER_STUDY, "study")                                                                     \
	X(LEDGER_SECRETARIES, "secretary")                                                           \
	X(LEDGER_VISITS, "visit")                                                                    \
	X(LEDGER_TRAININGS, "training")                                                              \
	X(LEDGER_TRAINEES, "trainee")                                                                \
	X(LEDGER_DEVELOPMENT, "development")                                                         \
	X(LEDGER_TRANSFERS, "transfer")                                                              \
	X(LEDGER_DUES, "dues")                                                                       \
	X(LEDGER_CAMPAIGNS, "campaign")                                                              \
	X(LEDGER_TASKS, "task")                                                                      \
	X(LEDGER_ROSTERS, "roster_line")                                                             \
	X(LEDGER_FUNDING, "funding")                                                                 \
	X(LEDGER_RUBRIC, "rubric_item")                                                              \
	X(LEDGER_RATINGS, "rating")                                                                  \
	X(LEDGER_DESIGNATIONS, "designation")                                                        \
	X(LEDGER_VENUES, "venue")

#define TABLE_EMPTY(k, t) [k] = "SELECT NOT EXISTS (SELECT 1 FROM " t ")",
static const char *const LEDGER_EMPTY[LEDGER_NKINDS] = {LEDGER_TABLES(TABLE_EMPTY)};
/* The rows a write reads before it overwrites them (query_get for a form or the API, the importer's
 * load), by ledger: every ledger's rows carry a version (schema v4 and later). */
#define TABLE_LOCK(k, t) [k] = "SELECT id FROM " t " WHERE id = ?1" STORE_LOCK_ROWS,
static const char *const ROW_LOCK[LEDGER_NKINDS] = {LEDGER_TABLES(TABLE_LOCK)};

int store_ledger_empty(store *s, ledger_kind kind)
{
	if (kind >= LEDGER_NKINDS || !LEDGER_EMPTY[kind])
		return 0;
	if (!s->in_tx || s->fresh[kind] < 0) {
		sql_st *st = store_st(s, LEDGER_EMPTY[kind]);
		int empty = sql_step(st) == SQL_ROW && (int)sql_col_int64(st, 0);
		sql_reset(st);
		if (!s->in_tx)
			return empty;
		s->fresh[kind] = empty;
	}
	return s->fresh[kind];
}

int store_locks_rows(const store *s, ledger_kind kind)
{
	return s->in_tx && s->sql->backend == SQL_PG && ROW_LOCK[kind];
}

int store_lock_row(store *s, ledger_kind kind, int64_t id, fg_err *e)
{
	if (!store_locks_rows(s, kind))
		return FG_OK;
	sql_st *st = store_st(s, ROW_LOCK[kind]);
	sql_bind_int64(st, 1, id);
	/* Sent ahead of the next statement; the rows it locked are known once that one is answered. */
	return sql_step_counted(st) == SQL_DONE ? FG_OK : db_err(s, e, "锁定待更新的记录");
}

int store_lock_missed(const store *s)
{
	return s->sql->backend == SQL_PG && sql_counted_rows(s->sql) == 0;
}

int store_lock_read(store *s, ledger_kind kind, sql_st *st, int64_t id, fg_err *e)
{
	if (!store_locks_rows(s, kind))
		return FG_OK;
	int at = (int)ledger_get(kind)->ncols; /* the row id's column */
	if (!id && sql_step(st) == SQL_ROW)
		id = sql_col_int64(st, at);
	sql_reset(st); /* the bindings stay */
	/* The lock goes with the read (sent first, both answered in one round trip); the read's rows
	 * are then the caller's, stepped again from the first without running it again. A lock that
	 * waited for another writer moving the row to another district's partition (a database
	 * partitioned by district: scripts/pg_partition.sql's fg_partition_move deletes it and inserts
	 * it again, same id) finds the old row deleted once that writer commits and locks nothing,
	 * without an error (READ COMMITTED); the read, a statement begun after it, finds the moved row.
	 * Then, and only then, the row is locked again by the id read and read again: what the caller
	 * checks and overwrites is still the row it holds (docs/scaling.md). */
	for (int moves = 0; id; moves++) {
		if (moves > STORE_LOCK_MOVES)
			return err_set(e, FG_EFAIL, "锁定待更新的记录：这条记录一再被迁到别的区县，请稍后重试");
		sql_st *lock = store_st(s, ROW_LOCK[kind]);
		sql_bind_int64(lock, 1, id);
		if (sql_step_counted(lock) != SQL_DONE)
			return db_err(s, e, "锁定待更新的记录");
		int rc = sql_step(st);
		if (rc != SQL_ROW && rc != SQL_DONE)
			return db_err(s, e, "读取待更新的记录");
		int64_t read = rc == SQL_ROW ? sql_col_int64(st, at) : 0;
		if (!read || (read == id && sql_counted_rows(s->sql) > 0)) {
			sql_rewind(st);
			return FG_OK;
		}
		sql_reset(st);
		id = read;
	}
	return FG_OK;
}

void store_rollback(store *s)
{
	store_seq_forget(s);
	if (s->in_tx)
		sql_exec(s->sql, "ROLLBACK");
	tx_end(s);
}

int store_read_begin(store *s, fg_err *e)
{
	if (s->read_depth++ || s->in_tx)
		return FG_OK;
	/* BEGIN alone is deferred: the snapshot would be taken by whichever statement reads first.
	 * Reading the history's stamp takes it now, so "the moment" is this call — and the stamp of
	 * the moment (store_history_last_id) is known from then on: BEGIN and that read in one round
	 * trip on PostgreSQL. */
	int rc;
	if (s->db) { /* SQLite: no round trips; the stamp's statement prepared once */
		if ((rc = sql_exec(s->sql, sql_begin_read(s->sql))) == SQL_OK) {
			sql_st *st = store_st(s, store_stamp_sql(s));
			rc = sql_step(st) == SQL_ROW ? SQL_OK : SQL_ERROR;
			if (rc == SQL_OK)
				s->read_stamp = sql_col_int64(st, 0);
			sql_reset(st);
		}
	} else {
		char q[512];
		snprintf(q, sizeof q, "%s; %s", sql_begin_read(s->sql), store_stamp_sql(s));
		rc = sql_exec_value(s->sql, q, &s->read_stamp);
	}
	if (rc != SQL_OK) {
		int ret = db_err(s, e, "开始读取");
		sql_exec(s->sql, "ROLLBACK");
		s->read_depth = 0;
		return ret;
	}
	s->read_tx = 1;
	return FG_OK;
}

void store_read_end(store *s)
{
	if (s->read_depth == 0 || --s->read_depth)
		return;
	if (s->read_tx) {
		/* Nothing was written: COMMIT only releases the snapshot. */
		if (sql_exec(s->sql, "COMMIT") != SQL_OK)
			sql_exec(s->sql, "ROLLBACK");
		s->read_tx = 0;
	}
	store_scan_forget(s);
	if (s->nkept && !s->in_tx)
		store_facts_kept_flush(s);
}

int store_hist(store *s, const char *tbl, const char *key, const char *op, const char *old_json,
	       const char *new_json, fg_err *e)
{
	static const char sql[] = "INSERT INTO history(at, who, tbl, key, op, old, new, source) "
				  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
	sql_st *st = store_st(s, sql);
	sql_bind_text(st, 1, s->now);
	sql_bind_text(st, 2, s->who);
	sql_bind_text(st, 3, tbl);
	sql_bind_text(st, 4, key);
	sql_bind_text(st, 5, op);
	sql_bind_text(st, 6, old_json);
	sql_bind_text(st, 7, new_json);
	sql_bind_text(st, 8, s->source);
	/* Nothing is read back: on PostgreSQL the row goes with the next statement (sql_step_write). */
	if (sql_step_write(st) != SQL_DONE)
		return db_err(s, e, "写入历史记录");
	return FG_OK;
}

char *hist_json1(const char *field, const char *value)
{
	if (!value)
		return NULL;
	json_t *j = json_pack("{s:s}", field, value);
	char *out = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	return out;
}

int store_log(store *s, const char *tbl, const char *key, const char *op, const char *detail_json, fg_err *e)
{
	return store_hist(s, tbl, key, op, NULL, detail_json, e);
}

char *store_setting_get(store *s, const char *key)
{
	static const char sql[] = "SELECT value FROM setting WHERE key = ?";
	sql_st *st = store_st(s, sql);
	sql_bind_text(st, 1, key);
	char *v = NULL;
	if (sql_step(st) == SQL_ROW)
		v = xstrdup(sql_col_text(st, 0));
	sql_reset(st);
	return v;
}

void store_settings_each(store *s, void (*apply)(void *c, const char *key, const char *value), void *c)
{
	/* One statement for all of them: on a database server each statement is a round trip, and
	 * the rules' thresholds are read for most pages. */
	static const char sql[] = "SELECT key, value FROM setting";
	sql_st *st = store_st(s, sql);
	while (sql_step(st) == SQL_ROW) {
		const char *key = sql_col_text(st, 0), *value = sql_col_text(st, 1);
		if (key && value && settings_find(key))
			apply(c, key, value);
	}
	sql_reset(st);
}

int store_setting_set(store *s, const char *key, const char *value, fg_err *e)
{
	char *old = store_setting_get(s, key);
	if (old && strcmp(old, value) == 0) {
		free(old);
		return FG_OK;
	}
	static const char sql[] = "INSERT INTO setting(key, value) VALUES (?, ?) "
				  "ON CONFLICT(key) DO UPDATE SET value = excluded.value";
	sql_st *st = store_st(s, sql);
	sql_bind_text(st, 1, key);
	sql_bind_text(st, 2, value);
	int rc = FG_OK;
	if (sql_step(st) != SQL_DONE)
		rc = db_err(s, e, "保存设置");
	else
	{
		char *jo = hist_json1("value", old), *jn = hist_json1("value", value);
		rc = store_hist(s, "setting", key, old ? "update" : "insert", jo, jn, e);
		free(jo);
		free(jn);
	}
	free(old);
	return rc;
}

int store_history(store *s, const char *tbl, const char *key, int (*fn)(void *ctx, const hist_entry *h),
		  void *ctx, fg_err *e)
{
	static const char sql[] = "SELECT at, who, tbl, key, op, old, new, source FROM history "
				  "WHERE tbl = ? AND key = ? ORDER BY id";
	/* An organisation's entries across its renames (store_org_rename: an update under the new name
	 * whose old value is {"name": old name}). Under each name, only the entries of this
	 * organisation: after the last rename away from that name before its own span ends (a later
	 * organisation may take a former name, an earlier one may have left it). (tbl, key) index
	 * lookups, and a scan of the organisations' entries for the renames away. */
#define AWAY(name, before)                                                                           \
	"coalesce((SELECT max(a.id) FROM history a WHERE a.tbl = ?1 AND a.op = 'update' AND a.key <> " name \
	" AND a.old = json_object('name', " name ") AND a.id < " before "), 0)"
	static const char org_sql[] =
		"WITH RECURSIVE names(name, lo, hi) AS (SELECT ?2 COLLATE BINARY, " AWAY("?2", "9223372036854775807") ", 9223372036854775807"
		" UNION SELECT json_extract(h.old, '$.name'), " AWAY("json_extract(h.old, '$.name')", "h.id") ", h.id"
		" FROM history h JOIN names ON h.tbl = ?1 AND h.key = names.name AND h.id > names.lo AND h.id < names.hi"
		"  AND h.op = 'update' AND h.old = json_object('name', json_extract(h.old, '$.name'))"
		"  AND json_extract(h.old, '$.name') <> names.name)"
		" SELECT at, who, tbl, key, op, old, new, source FROM history h WHERE tbl = ?1"
		" AND EXISTS (SELECT 1 FROM names WHERE names.name = h.key AND h.id > names.lo AND h.id <= names.hi) ORDER BY id";
#undef AWAY
	sql_st *st = store_st(s, strcmp(tbl, "org") == 0 ? org_sql : sql);
	sql_bind_text(st, 1, tbl);
	sql_bind_text(st, 2, key);
	int rc;
	while ((rc = sql_step(st)) == SQL_ROW) {
		hist_entry h = {
			sql_col_text(st, 0), sql_col_text(st, 1),
			sql_col_text(st, 2), sql_col_text(st, 3),
			sql_col_text(st, 4), sql_col_text(st, 5),
			sql_col_text(st, 6), sql_col_text(st, 7),
		};
		int r = fn(ctx, &h);
		if (r) {
			sql_reset(st);
			return r;
		}
	}
	sql_reset(st);
	return rc == SQL_DONE ? FG_OK : db_err(s, e, "读取历史记录");
}

static int64_t count(store *s, const char *sql)
{
	sql_st *st = store_st(s, sql);
	int64_t n = sql_step(st) == SQL_ROW ? sql_col_int64(st, 0) : 0;
	sql_reset(st);
	return n;
}

int store_counts_get(store *s, store_counts *c, fg_err *e)
{
	(void)e;
	static const char q1[] = "SELECT count(*) FROM region WHERE level = 'street'";
	static const char q2[] = "SELECT count(*) FROM region WHERE level = 'community'";
	static const char q3[] = "SELECT count(*) FROM zone";
	/* The current records: deregistered ones (schema v23) have left the ledgers. */
	static const char q4[] = "SELECT count(*) FROM enterprise WHERE closed IS NULL";
	static const char q5[] = "SELECT count(*) FROM org WHERE closed IS NULL";
	static const char q6[] = "SELECT count(*) FROM member WHERE closed IS NULL";
	static const char q7[] = "SELECT count(*) FROM instructor WHERE closed IS NULL";
	static const char q8[] = "SELECT count(*) FROM history";
	c->streets = count(s, q1);
	c->communities = count(s, q2);
	c->zones = count(s, q3);
	c->enterprises = count(s, q4);
	c->orgs = count(s, q5);
	c->members = count(s, q6);
	c->instructors = count(s, q7);
	c->history = count(s, q8);
	return FG_OK;
}

char *store_district_name(store *s)
{
	static const char sql[] = "SELECT name FROM region WHERE id = 1";
	sql_st *st = store_st(s, sql);
	char *v = xstrdup(sql_step(st) == SQL_ROW ? sql_col_text(st, 0) : "本区");
	sql_reset(st);
	return v;
}

int store_district_rename(store *s, const char *name, fg_err *e)
{
	char *old = store_district_name(s);
	int rc = FG_OK;
	store_names_forget(s);
	if (strcmp(old, name) != 0) {
		static const char sql[] = "UPDATE region SET name = ?1, name_key = ?2 WHERE id = 1";
		sql_st *st = store_st(s, sql);
		sql_bind_text(st, 1, name);
		store_bind_name_key(st, 2, name);
		if (sql_step(st) != SQL_DONE)
			rc = db_err(s, e, "修改区名");
		else
		{
			char *jo = hist_json1("name", old), *jn = hist_json1("name", name);
			rc = store_hist(s, "region", "1", "update", jo, jn, e);
			free(jo);
			free(jn);
		}
	}
	free(old);
	return rc;
}
