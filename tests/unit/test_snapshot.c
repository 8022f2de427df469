/* One moment per answer (store_read_begin): a writer on another connection commits new
 * enterprises, organisations and members — ids above the ceiling the statistics size their arrays
 * from — at the start of every statement of a statistics run, a work report, a findings run and a
 * ledger list. Each answer must equal the state before the run, never a mix; under ASan a read past
 * the dense arrays fails the test too. The writer is driven deterministically from SQLite's
 * statement trace on the reader's connection, so no hook ships in the binary: that is why this
 * test reaches into store_int.h for the connection. Run from the repository root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "district.h"
#include "io/import.h"
#include "store/places.h"
#include "report/check.h"
#include "report/stats.h"
#include "report/work.h"
#include "store/places.h"
#include "store/query.h"
#include "store/store_int.h"
#include "util/date.h"

#define BATCHES 6 /* writes per run: enough to land between every pair of scans */

static char dir[] = "/tmp/fgdj-test-snapshot-XXXXXX";
static store *db;     /* the reader */
static store *writer; /* another connection, as another process would be */
static int today;

/* ---- the writer ---- */

static int armed, fired, serial;

/* One enterprise with its own branch and two members in it, all new. */
static void write_batch(void)
{
	int n = ++serial;
	char uscc[32], org[64], ent[64], id1[32], id2[32];
	snprintf(uscc, sizeof uscc, "91330106MA9%06dX", n);
	snprintf(ent, sizeof ent, "快照测试企业%d有限公司", n);
	snprintf(org, sizeof org, "中共快照测试企业%d有限公司支部委员会", n);
	snprintf(id1, sizeof id1, "33010619900101%03dX", 2 * n);
	snprintf(id2, sizeof id2, "33010619900101%03dX", 2 * n + 1);
	ledger_rec e = {{0}}, o = {{0}}, m1 = {{0}}, m2 = {{0}};
	e.f[E_USCC] = uscc;
	e.f[E_NAME] = ent;
	e.f[E_STREET] = "东城街道";
	e.f[E_COMMUNITY] = "幸福社区";
	e.f[E_STATUS] = "在营";
	e.f[E_EMPLOYEES] = "40";
	e.f[E_FIXED_SITE] = "是";
	e.f[E_FOUNDED] = "2020-01-01";
	o.f[O_NAME] = org;
	o.f[O_KIND] = "党支部";
	o.f[O_MODE] = "单独建";
	o.f[O_COVERS] = uscc;
	o.f[O_STREET] = "东城街道";
	o.f[O_COMMUNITY] = "幸福社区";
	o.f[O_FOUNDED] = "2021-01-01";
	m1.f[M_NAME] = "快甲";
	m1.f[M_IDNO] = id1;
	m1.f[M_STATUS] = "正式党员";
	m1.f[M_JOIN_DATE] = "2015-07-01";
	m1.f[M_FULL_DATE] = "2016-07-01";
	m1.f[M_EMPLOYER] = uscc;
	m1.f[M_ORG] = org;
	m1.f[M_RELATION] = "正常";
	m2 = m1;
	m2.f[M_NAME] = "快乙";
	m2.f[M_IDNO] = id2;
	fg_err err;
	put_result res;
	int bad;
	assert_int_equal(store_begin(writer, "test", "snapshot", &err), FG_OK);
	assert_int_equal(store_put(writer, ledger_get(LEDGER_ENTERPRISES), &e, today, &res, &bad, &err), FG_OK);
	assert_int_equal(store_put(writer, ledger_get(LEDGER_ORGS), &o, today, &res, &bad, &err), FG_OK);
	assert_int_equal(store_put(writer, ledger_get(LEDGER_MEMBERS), &m1, today, &res, &bad, &err), FG_OK);
	assert_int_equal(store_put(writer, ledger_get(LEDGER_MEMBERS), &m2, today, &res, &bad, &err), FG_OK);
	assert_int_equal(store_commit(writer, &err), FG_OK);
}

/* Fires when a statement of the reader starts running: before it has read anything. */
static int on_stmt(unsigned type, void *ctx, void *p, void *x)
{
	(void)type;
	(void)ctx;
	(void)p;
	/* Reads only: BEGIN/COMMIT and the snapshot's own first read (the history's stamp,
	 * store_stamp_sql: the moment is taken by it) are the pair itself. */
	if (armed && fired < BATCHES && strncmp((const char *)x, "SELECT", 6) == 0 &&
	    strcmp((const char *)x, store_stamp_sql(db)) != 0) {
		fired++;
		write_batch();
	}
	return 0;
}

static void arm(void)
{
	armed = 1;
	fired = 0;
}

static void disarm(void)
{
	armed = 0;
	/* Every batch must have landed inside the run, or the test proves nothing. */
	assert_int_equal(fired, BATCHES);
}

/* ---- answers as text ---- */

static char *stats_text_of(stats_by by)
{
	stats st;
	fg_err e;
	assert_int_equal(stats_compute(db, NULL, today, by, &st, &e), FG_OK);
	buf b = {0};
	stats_json(&st, &b);
	stats_free(&st);
	return buf_detach(&b);
}

static long long json_int(const char *text, const char *key)
{
	json_error_t je;
	json_t *j = json_loads(text, 0, &je);
	assert_non_null(j);
	long long v = json_integer_value(json_object_get(j, key));
	json_decref(j);
	return v;
}

static char *work_text_of(void)
{
	tpl_ctx c = {0};
	work_opts o = {NULL, today, 2026, NULL, 0, NULL};
	fg_err e;
	assert_int_equal(work_vars(db, &o, &c, &e), FG_OK);
	buf b = {0};
	for (size_t i = 0; i < c.n; i++)
		buf_printf(&b, "%s=%s\n", c.keys[i], c.vals[i]);
	for (size_t i = 0; i < c.nlists; i++)
		buf_printf(&b, "#%s %zu\n", c.lists[i].name, c.lists[i].n);
	tpl_free(&c);
	return buf_detach(&b);
}

/* As fgdj check and the findings page read them: facts and findings in one pair. */
static char *findings_text_of(void)
{
	facts f;
	findings fs = {0};
	fg_err e;
	assert_int_equal(store_read_begin(db, &e), FG_OK);
	assert_int_equal(facts_load(db, NULL, today, &f, &e), FG_OK);
	assert_int_equal(check_run(db, &f, 0, &fs, &e), FG_OK);
	store_read_end(db);
	buf b = {0};
	findings_json(&fs, &f, NULL, FS_ANY, 0, &b);
	findings_free(&fs);
	facts_free(&f);
	return buf_detach(&b);
}

/* ---- setup ---- */

static int setup(void **state)
{
	(void)state;
	if (district_open(dir, "s.db", &db, &today))
		return -1;
	return district_writer(dir, "s.db", db, &writer, on_stmt);
}

static int teardown(void **state)
{
	(void)state;
	store_close(writer);
	return district_close(dir, db);
}

/* ---- tests ---- */

/* The bug: the id ceiling, the enterprises and the members read at different commits — arrays
 * sized for fewer enterprises than the scan returns, and members counted for enterprises the
 * totals do not have. */
static void stats_are_one_moment(void **state)
{
	(void)state;
	for (stats_by by = STATS_BY_NONE; by <= STATS_BY_ZONE; by++) {
		char *before = stats_text_of(by);
		arm();
		char *during = stats_text_of(by);
		disarm();
		char *after = stats_text_of(by);
		assert_string_equal(during, before);
		/* The writes were real and visible once the run ended. */
		assert_int_equal(json_int(after, "enterprises_total"), json_int(before, "enterprises_total") + BATCHES);
		assert_int_equal(json_int(after, "orgs_single"), json_int(before, "orgs_single") + BATCHES);
		assert_int_equal(json_int(after, "members_formal"), json_int(before, "members_formal") + 2 * BATCHES);
		free(before);
		free(during);
		free(after);
	}
}

static void work_report_is_one_moment(void **state)
{
	(void)state;
	char *before = work_text_of();
	arm();
	char *during = work_text_of();
	disarm();
	char *after = work_text_of();
	assert_string_equal(during, before);
	assert_string_not_equal(after, before);
	free(before);
	free(during);
	free(after);
}

static void findings_are_one_moment(void **state)
{
	(void)state;
	char *before = findings_text_of();
	arm();
	char *during = findings_text_of();
	disarm();
	assert_string_equal(during, before);
	free(before);
	free(during);
}

static int count_row(void *ctx, const query_row *row)
{
	(void)row;
	++*(int64_t *)ctx;
	return 0;
}

/* A list's count and its rows: the API's "total" must be the number of rows it pages through. */
static void list_count_agrees_with_rows(void **state)
{
	(void)state;
	store_filter all = {0};
	query_list q = {.today = today};
	int64_t total_before = 0, rows_before = 0, total = 0, rows = 0;
	fg_err e;
	assert_int_equal(query_list_rows(db, LEDGER_ENTERPRISES, &all, &q, &total_before, count_row, &rows_before, &e),
			 FG_OK);
	assert_int_equal(rows_before, total_before);
	/* The count statement and the page statement each start one batch; the rest land on nothing. */
	armed = 1;
	fired = BATCHES - 2;
	assert_int_equal(query_list_rows(db, LEDGER_ENTERPRISES, &all, &q, &total, count_row, &rows, &e), FG_OK);
	disarm();
	assert_int_equal(total, total_before);
	assert_int_equal(rows, total);
}

/* Pairs nest: the inner end keeps the outer moment; only the outer end lets writes show. A write
 * inside a read is refused (it could not be one moment with it); a read inside a write is free. */
static void pairs_nest_and_writes_do_not_hide_in_reads(void **state)
{
	(void)state;
	fg_err e;
	char *before = stats_text_of(STATS_BY_NONE);
	assert_int_equal(store_read_begin(db, &e), FG_OK);
	assert_int_equal(store_read_begin(db, &e), FG_OK);
	store_read_end(db);
	write_batch();
	char *held = stats_text_of(STATS_BY_NONE);
	assert_string_equal(held, before);
	assert_int_equal(store_begin(db, "test", "snapshot", &e), FG_EFAIL);
	store_read_end(db);
	char *after = stats_text_of(STATS_BY_NONE);
	assert_int_equal(json_int(after, "enterprises_total"), json_int(before, "enterprises_total") + 1);

	assert_int_equal(store_begin(db, "test", "snapshot", &e), FG_OK);
	assert_int_equal(store_read_begin(db, &e), FG_OK);
	assert_int_equal(store_setting_set(db, "scope.min_employees", "9", &e), FG_OK);
	store_read_end(db);
	assert_int_equal(store_commit(db, &e), FG_OK);
	char *v = store_setting_get(writer, "scope.min_employees");
	assert_string_equal(v, "9");
	free(v);
	free(before);
	free(held);
	free(after);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stats_are_one_moment),
		cmocka_unit_test(work_report_is_one_moment),
		cmocka_unit_test(findings_are_one_moment),
		cmocka_unit_test(list_count_agrees_with_rows),
		cmocka_unit_test(pairs_nest_and_writes_do_not_hide_in_reads),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
