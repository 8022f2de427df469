/* The PostgreSQL schema made from the SQLite migrations (store/schema_pg.c), on the server tests/pg.sh
 * starts (FGDJ_TEST_PG): every table SQLite has (but FTS5's) exists with the same columns in the
 * same order, the same NOT NULL and primary keys, and the type SQLite declares as its PostgreSQL
 * counterpart; every index by name; the name-search tables; the history refuses UPDATE, DELETE and
 * TRUNCATE; CHECK constraints hold; keys are given when none is given, a given one kept; text sorts byte by byte
 * as in SQLite; a second init changes nothing; a database of other tables, or of a newer version,
 * is refused. The expectations come from SQLite's own catalogue (PRAGMA table_info), not from the
 * translator. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/metrics.h"
#include "core/rules.h"
#include "store/pg.h"
#include "store/store.h"

static char dir[] = "/tmp/fgdj-test-schema-pg-XXXXXX";
static char lite_path[256];
static sqlite3 *lite;  /* the schema as the SQLite migrations leave it */
static sql_db *admin;  /* the cluster's postgres database */
static sql_db *pg;     /* a database of its own for this test */

/* The cluster's URI with another database name. */
static char *uri_for(const char *dbname)
{
	const char *base = getenv("FGDJ_TEST_PG");
	const char *q = strchr(base, '?');
	const char *slash = strchr(strstr(base, "://") + 3, '/'); /* before the database's name */
	static char out[1024];
	snprintf(out, sizeof out, "%.*s/%s%s", (int)(slash - base), base, dbname, q ? q : "");
	return out;
}

static sql_db *connect_to(const char *dbname)
{
	sql_db *db = NULL;
	char *err = NULL;
	if (sql_open_pg(uri_for(dbname), &db, &err) != SQL_OK) {
		fprintf(stderr, "test_schema_pg: %s\n", err);
		free(err);
		return NULL;
	}
	return db;
}

/* What every command does first on a PostgreSQL database: open it as a store (the schema made,
 * checked or upgraded, store_pg_init), then close it. */
static int init_at(const char *dbname, fg_err *e)
{
	store *s;
	int rc = store_open(uri_for(dbname), &s, e);
	if (!rc)
		store_close(s);
	return rc;
}

static void recreate(const char *dbname)
{
	char sql[256];
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", dbname);
	assert_int_equal(sql_exec(admin, sql), SQL_OK);
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", dbname);
	assert_int_equal(sql_exec(admin, sql), SQL_OK);
}

static int setup(void **state)
{
	(void)state;
	const char *base = getenv("FGDJ_TEST_PG");
	if (!base || !*base) {
		fprintf(stderr, "test_schema_pg: FGDJ_TEST_PG 未设置：请经 tests/pg.sh 运行（make unit 即如此）\n");
		return -1;
	}
	if (!mkdtemp(dir))
		return -1;
	snprintf(lite_path, sizeof lite_path, "%s/s.db", dir);
	store *s;
	fg_err e;
	if (store_open(lite_path, &s, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		return -1;
	}
	store_close(s);
	if (sqlite3_open(lite_path, &lite) != SQLITE_OK)
		return -1;
	char *err = NULL;
	if (sql_open_pg(base, &admin, &err) != SQL_OK) {
		fprintf(stderr, "test_schema_pg: %s\n", err);
		return -1;
	}
	if (sql_exec(admin, "DROP DATABASE IF EXISTS fgdj_schema_t") || sql_exec(admin, "CREATE DATABASE fgdj_schema_t"))
		return -1;
	pg = connect_to("fgdj_schema_t");
	return pg ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	sql_close(pg);
	sql_close(admin);
	sqlite3_close(lite);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd);
}

static int64_t pg_int(sql_db *db, const char *sql, const char *arg)
{
	sql_st *st;
	if (sql_prepare(db, sql, &st) != SQL_OK)
		fail_msg("%s: %s", sql, sql_errmsg(db));
	if (arg)
		sql_bind_text(st, 1, arg);
	assert_int_equal(sql_step(st), SQL_ROW);
	int64_t v = sql_col_int64(st, 0);
	sql_finalize(st);
	return v;
}

static void init_creates_this_version(void **state)
{
	(void)state;
	fg_err e;
	assert_int_equal(init_at("fgdj_schema_t", &e), FG_OK);
	int v = -1;
	assert_int_equal(store_pg_version(pg, &v, &e), FG_OK);
	assert_int_equal(v, store_schema_version());
	int64_t tables = pg_int(pg, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()", NULL);
	assert_int_equal(init_at("fgdj_schema_t", &e), FG_OK); /* again: nothing to do */
	assert_int_equal(pg_int(pg, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()", NULL), tables);
}

/* PostgreSQL's data_type for a column SQLite declares as decl. */
static const char *pg_type(const char *decl)
{
	if (!strcmp(decl, "INTEGER"))
		return "bigint";
	if (!strcmp(decl, "TEXT"))
		return "text";
	if (!strcmp(decl, "REAL"))
		return "double precision";
	if (!strcmp(decl, "BLOB"))
		return "bytea";
	fail_msg("unexpected declared type %s", decl);
	return NULL;
}

static void tables_and_columns_match(void **state)
{
	(void)state;
	sqlite3_stmt *t;
	assert_int_equal(sqlite3_prepare_v2(lite,
					    "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
					    " AND name NOT LIKE '%\\_search\\_%' ESCAPE '\\' ORDER BY name",
					    -1, &t, NULL),
			 SQLITE_OK);
	sql_st *cols;
	assert_int_equal(sql_prepare(pg,
				     "SELECT column_name, data_type, is_nullable, collation_name FROM information_schema.columns"
				     " WHERE table_schema = current_schema() AND table_name = ?1 ORDER BY ordinal_position",
				     &cols),
			 SQL_OK);
	int ntables = 0, ncols = 0;
	while (sqlite3_step(t) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(t, 0);
		char sql[200];
		snprintf(sql, sizeof sql, "PRAGMA table_info(%s)", name);
		sqlite3_stmt *info;
		assert_int_equal(sqlite3_prepare_v2(lite, sql, -1, &info, NULL), SQLITE_OK);
		sql_reset(cols);
		sql_bind_text(cols, 1, name);
		while (sqlite3_step(info) == SQLITE_ROW) {
			if (sql_step(cols) != SQL_ROW)
				fail_msg("%s.%s missing on PostgreSQL", name, sqlite3_column_text(info, 1));
			assert_string_equal(sql_col_text(cols, 0), (const char *)sqlite3_column_text(info, 1));
			assert_string_equal(sql_col_text(cols, 1), pg_type((const char *)sqlite3_column_text(info, 2)));
			int notnull = sqlite3_column_int(info, 3) || sqlite3_column_int(info, 5);
			assert_string_equal(sql_col_text(cols, 2), notnull ? "NO" : "YES");
			if (!strcmp(sql_col_text(cols, 1), "text"))
				assert_string_equal(sql_col_text(cols, 3), "C");
			ncols++;
		}
		assert_int_equal(sql_step(cols), SQL_DONE); /* no column more */
		sqlite3_finalize(info);
		/* The primary key: the same columns. */
		snprintf(sql, sizeof sql, "SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_table_info('%s')"
					  " WHERE pk > 0 ORDER BY pk)", name);
		sqlite3_stmt *pk;
		assert_int_equal(sqlite3_prepare_v2(lite, sql, -1, &pk, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(pk), SQLITE_ROW);
		const char *want = (const char *)sqlite3_column_text(pk, 0);
		sql_st *got;
		assert_int_equal(sql_prepare(pg,
					     "SELECT string_agg(a.attname, ',' ORDER BY array_position(i.indkey, a.attnum))"
					     " FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
					     " WHERE i.indrelid = CAST(?1 AS regclass) AND i.indisprimary",
					     &got),
				 SQL_OK);
		sql_bind_text(got, 1, name);
		assert_int_equal(sql_step(got), SQL_ROW);
		if (want)
			assert_string_equal(sql_col_text(got, 0), want);
		else
			assert_null(sql_col_text(got, 0));
		sql_finalize(got);
		sqlite3_finalize(pk);
		ntables++;
	}
	sqlite3_finalize(t);
	sql_finalize(cols);
	assert_true(ntables >= 40);
	assert_true(ncols >= 300);

	/* Every index, by name; the search tables with their row id and words. */
	sqlite3_stmt *ix;
	assert_int_equal(sqlite3_prepare_v2(lite, "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
					    -1, &ix, NULL),
			 SQLITE_OK);
	int nix = 0;
	while (sqlite3_step(ix) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(ix, 0);
		if (pg_int(pg, "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname = ?1", name) != 1)
			fail_msg("index %s missing on PostgreSQL", name);
		nix++;
	}
	sqlite3_finalize(ix);
	assert_true(nix >= 30);
	const char *search[] = {"enterprise_search", "org_search", "member_search"};
	for (int k = 0; k < 3; k++)
		assert_int_equal(pg_int(pg,
					"SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema()"
					" AND table_name = ?1 AND column_name IN ('rowid', 'words')",
					search[k]),
				 2);
}

static void history_is_append_only(void **state)
{
	(void)state;
	assert_int_equal(sql_exec(pg, "INSERT INTO history (at, who, tbl, key, op) VALUES ('2026-12-03', 't', 'zone', '1', 'insert')"),
			 SQL_OK);
	assert_int_equal(sql_exec(pg, "UPDATE history SET who = 'x'"), SQL_CONSTRAINT);
	assert_non_null(strstr(sql_errmsg(pg), "history is append-only"));
	assert_int_equal(sql_exec(pg, "DELETE FROM history"), SQL_CONSTRAINT);
	assert_non_null(strstr(sql_errmsg(pg), "history is append-only"));
	assert_int_equal(sql_exec(pg, "TRUNCATE history"), SQL_CONSTRAINT);
	assert_int_equal(pg_int(pg, "SELECT count(*) FROM history WHERE who = 't'", NULL), 1);
}

static int cmp_bytes(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void keys_checks_and_order(void **state)
{
	(void)state;
	/* A CHECK of SQLite's schema holds. */
	assert_int_equal(sql_exec(pg, "INSERT INTO zone (name, kind) VALUES ('某地', '别的')"), SQL_CONSTRAINT);
	/* Keys: a new one when none is given (not always the next number: unlike SQLite, the refused
	 * insert above used one up), a given one kept. */
	int64_t a = pg_int(pg, "INSERT INTO zone (name, kind) VALUES ('乙园', '园区') RETURNING id", NULL);
	assert_true(a >= 1 && a <= 2);
	assert_int_equal(pg_int(pg, "INSERT INTO zone (id, name, kind) VALUES (10, '甲园', '园区') RETURNING id", NULL), 10);
	assert_int_equal(sql_exec(pg, "INSERT INTO zone (name, kind) VALUES ('B座', '楼宇'), ('a楼', '楼宇'), ('Ａ楼', '楼宇')"),
			 SQL_OK);
	/* Text sorts byte by byte, as SQLite's BINARY. */
	const char *names[] = {"乙园", "甲园", "B座", "a楼", "Ａ楼"};
	qsort(names, 5, sizeof names[0], cmp_bytes);
	sql_st *st;
	assert_int_equal(sql_prepare(pg, "SELECT name FROM zone ORDER BY name", &st), SQL_OK);
	for (int k = 0; k < 5; k++) {
		assert_int_equal(sql_step(st), SQL_ROW);
		assert_string_equal(sql_col_text(st, 0), names[k]);
	}
	assert_int_equal(sql_step(st), SQL_DONE);
	sql_finalize(st);
}

/* The functions generated from the C rules answer as the rules do: fg_cov_state for counts 0–3 of
 * each mode (the rule reads only whether a count is positive, which the generator assumes), and
 * fg_ent_sets for a sweep of facts and thresholds, both signatures. */
static void rule_functions_answer_as_c(void **state)
{
	(void)state;
	char q[512];
	for (int a = 0; a < 4; a++)
		for (int b = 0; b < 4; b++)
			for (int c = 0; c < 4; c++) {
				snprintf(q, sizeof q, "SELECT fg_cov_state(%d, %d, %d)", a, b, c);
				assert_int_equal(pg_int(pg, q, NULL), (int64_t)rules_coverage_state(a, b, c));
			}
	unsigned seed = 7;
	for (int i = 0; i < 600; i++) {
		seed = seed * 1103515245u + 12345u;
		unsigned r = seed >> 4;
		rules_cfg cfg;
		rules_defaults(&cfg);
		cfg.min_employees = (int)(r % 5);
		cfg.min_formal_single = (int)(r / 5 % 4);
		int cov = (int)(r / 20 % 4);
		ent_fact f = {0};
		f.operating = (unsigned char)(r >> 7 & 1);
		f.fixed_site = (unsigned char)(r >> 8 & 1);
		f.employees = (int)(r >> 9 & 7);
		f.formal = (int)(r >> 12 & 3);
		f.cov_single = cov == COV_SINGLE;
		f.cov_joint = cov == COV_JOINT;
		f.cov_affiliated = cov == COV_AFFILIATED;
		f.instructors = (int)(r >> 14 & 1);
		f.op_info = (unsigned char)(r >> 15 & 1);
		f.staff_info = (unsigned char)(r >> 16 & 1);
		f.investor = (unsigned char)(r >> 17 & 1);
		f.no_org_reason = (unsigned char)(r >> 18 & 1);
		int64_t want = (int64_t)metrics_ent_sets(&cfg, &f);
		/* The 五清 fields as integers (the lists' first test) and as comparisons (ENT_FIVE_CLEARS). */
		snprintf(q, sizeof q, "SELECT fg_ent_sets(%s, %d, %d, %d, %d, %d, %d, %d, %d, %d, %d, %d)",
			 f.operating ? "true" : "false", f.fixed_site, f.employees, f.formal, cov, f.instructors, f.op_info,
			 f.staff_info, f.investor, f.no_org_reason, cfg.min_employees, cfg.min_formal_single);
		assert_int_equal(pg_int(pg, q, NULL), want);
		snprintf(q, sizeof q, "SELECT fg_ent_sets(%s, %d, %d, %d, %d, %d, %s, %s, %s, %s, %d, %d)",
			 f.operating ? "true" : "false", f.fixed_site, f.employees, f.formal, cov, f.instructors,
			 f.op_info ? "true" : "false", f.staff_info ? "true" : "false", f.investor ? "true" : "false",
			 f.no_org_reason ? "true" : "false", cfg.min_employees, cfg.min_formal_single);
		assert_int_equal(pg_int(pg, q, NULL), want);
	}
}

static void foreign_or_newer_refused(void **state)
{
	(void)state;
	fg_err e;
	recreate("fgdj_schema_other");
	sql_db *other = connect_to("fgdj_schema_other");
	assert_non_null(other);
	assert_int_equal(sql_exec(other, "CREATE TABLE something (x int)"), SQL_OK);
	assert_int_equal(init_at("fgdj_schema_other", &e), FG_EINPUT);
	assert_non_null(strstr(e.msg, "请用一个空数据库"));
	assert_int_equal(pg_int(other, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()", NULL), 1);
	sql_close(other);

	char sql[100];
	snprintf(sql, sizeof sql, "UPDATE fgdj_schema SET version = %d", store_schema_version() + 1);
	assert_int_equal(sql_exec(pg, sql), SQL_OK);
	assert_int_equal(init_at("fgdj_schema_t", &e), FG_EFAIL);
	assert_non_null(strstr(e.msg, "请升级 fgdj"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(init_creates_this_version),
		cmocka_unit_test(tables_and_columns_match),
		cmocka_unit_test(history_is_append_only),
		cmocka_unit_test(keys_checks_and_order),
		cmocka_unit_test(rule_functions_answer_as_c),
		cmocka_unit_test(foreign_or_newer_refused),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
